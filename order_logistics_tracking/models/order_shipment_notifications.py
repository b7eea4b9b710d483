# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer emails about their parcels: once per status per shipment, for
the statuses the company switched on, queued in the mail queue (never sent
during the request or the tracking cron that noticed the news)."""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

# The notification layout that wraps each template's body (company logo,
# footer), as sale does for its customer emails.
NOTIFICATION_LAYOUT = "mail.mail_notification_light"


class OrderShipment(models.Model):
    _inherit = "order.shipment"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #
    notification_ids = fields.One2many(
        "order.shipment.notification",
        "shipment_id",
        string="Customer Notifications",
        readonly=True,
    )

    # === HOOKS === #
    @api.model
    def _create_for_pickings(self, pickings):
        """Tell the customers their new parcels are on the way."""
        shipments = super()._create_for_pickings(pickings)
        if shipments:
            shipments._notify_customer("shipped")
        return shipments

    def _tracking_status_changed(self):
        """Tell the customers about the new statuses they are told about."""
        res = super()._tracking_status_changed()
        for status, shipments in self.grouped("status").items():
            shipments._notify_customer(status)
        return res

    # === BUSINESS === #
    @api.model
    def _notification_settings(self):
        """The notified statuses, each with the company switch that turns it
        on and its email template. Extend the dict to notify another status
        (and add the status to ``order.shipment.notification.status`` with
        ``selection_add``).

        :return: dict status -> (``res.company`` boolean field, template xmlid)
        """
        return {
            "shipped": (
                "tracking_notify_shipped",
                "order_logistics_tracking.mail_template_shipment_shipped",
            ),
            "out_for_delivery": (
                "tracking_notify_out_for_delivery",
                "order_logistics_tracking.mail_template_shipment_out_for_delivery",
            ),
            "delivered": (
                "tracking_notify_delivered",
                "order_logistics_tracking.mail_template_shipment_delivered",
            ),
            "exception": (
                "tracking_notify_exception",
                "order_logistics_tracking.mail_template_shipment_exception",
            ),
        }

    def _notification_recipient(self):
        """The partner a shipment's emails go to: the order's customer.

        :return: ``res.partner`` record (maybe empty)
        """
        self.ensure_one()
        return self.sale_id.partner_id or self.partner_id

    def _notify_customer(self, status):
        """Queue the email of ``status`` for those of these shipments whose
        company notifies it and whose customer was not told yet.

        :param str status: a key of ``_notification_settings``
        :return: the new ``order.shipment.notification`` records
        """
        Notification = self.env["order.shipment.notification"]
        setting = self._notification_settings().get(status)
        if not setting:
            return Notification.sudo().browse()
        company_field, template_xmlid = setting
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        shipments = self.sudo().filtered(
            lambda s: (
                s.company_id[company_field]
                and s.sale_id
                and s._notification_recipient().email
            )
        )
        if not template or not shipments:
            return Notification.sudo().browse()
        notifications = Notification._claim(shipments, status)
        for notification in notifications:
            notification.shipment_id._send_notification(notification, template.sudo())
        return notifications

    def _send_notification(self, notification, template):
        """Render ``template`` for this shipment into the mail queue and
        record the mail on ``notification``. A template that fails to render
        (edited by hand, say) is reported on the shipment's chatter and in the
        log: the tracking goes on, the customer is not told.

        :param notification: ``order.shipment.notification`` record (sudo)
        :param template: ``mail.template`` record (sudo)
        :return: the ``mail.mail`` record, or an empty one
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                mail_id = template.send_mail(
                    self.id, force_send=False, email_layout_xmlid=NOTIFICATION_LAYOUT
                )
        except (UserError, AccessError) as error:
            _logger.warning(
                "Shipment %s: customer email %r not prepared: %s",
                self.id,
                template.name,
                error,
            )
            notification._notification_sudo().write({"failed": True})
            self.sudo().message_post(
                body=Markup("<p>%s</p><pre>%s</pre>")
                % (
                    self.env._(
                        "The customer email “%(template)s” could not be prepared, "
                        "the customer was not told:",
                        template=template.name,
                    ),
                    str(error)[:2000],
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            return self.env["mail.mail"]
        notification._notification_sudo().write({"mail_id": mail_id})
        return self.env["mail.mail"].sudo().browse(mail_id)
