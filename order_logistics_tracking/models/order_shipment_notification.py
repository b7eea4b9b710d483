# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# The moments a customer may be told about: "shipped" is the creation of the
# shipment, the others are tracking statuses of the same name.
NOTIFICATION_STATUS_SELECTION = [
    ("shipped", "Shipped"),
    ("out_for_delivery", "Out for Delivery"),
    ("delivered", "Delivered"),
    ("exception", "Exception"),
]

# Only the notifying code writes a notification (its mail, its failure),
# under this sentinel.
NOTIFICATION_GUARD = object()
NOTIFICATION_GUARD_KEY = "order_shipment_notification_guard"


class OrderShipmentNotification(models.Model):
    """That the customer was told about a status of a shipment: one row per
    shipment and status, append-only, so that a status reported again (a
    push after a poll, a parcel going back and forth) never mails twice."""

    _name = "order.shipment.notification"
    _description = "Shipment Customer Notification"
    _order = "sent_on desc, id desc"
    _rec_name = "status"

    # === FIELDS === #
    shipment_id = fields.Many2one(
        "order.shipment", required=True, readonly=True, index=True, ondelete="cascade"
    )
    sale_id = fields.Many2one(related="shipment_id.sale_id", string="Sale Order")
    company_id = fields.Many2one(
        related="shipment_id.company_id", store=True, index=True
    )
    status = fields.Selection(
        NOTIFICATION_STATUS_SELECTION, required=True, readonly=True
    )
    sent_on = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, string="Queued On"
    )
    mail_id = fields.Many2one(
        "mail.mail",
        readonly=True,
        ondelete="set null",
        help="The queued email (empty once the mail queue deleted it, or when "
        "the email could not be prepared).",
    )
    failed = fields.Boolean(
        readonly=True,
        help="The email could not be prepared (see the shipment's chatter); "
        "the customer was not told.",
    )

    _sql_constraints = [
        (
            "shipment_status_unique",
            "unique(shipment_id, status)",
            "The customer is told about each status of a shipment once.",
        )
    ]

    # === CRUD === #
    def write(self, vals):
        if self.env.context.get(NOTIFICATION_GUARD_KEY) is not NOTIFICATION_GUARD:
            raise UserError(
                self.env._(
                    "Customer notifications are a record of what was sent: "
                    "they cannot be changed."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Customer notifications are a record of what was sent: "
                "they cannot be deleted."
            )
        )

    # === BUSINESS === #
    def _notification_sudo(self):
        """These notifications in superuser mode, allowed to record their
        mail or failure."""
        return self.sudo().with_context(**{NOTIFICATION_GUARD_KEY: NOTIFICATION_GUARD})

    @api.model
    def _claim(self, shipments, status):
        """Reserve the notification of ``status`` for each of ``shipments``
        not told about it yet, in one statement.

        ``ON CONFLICT DO NOTHING`` makes the unique constraint the judge: two
        crons applying the same news at once (a push and a poll) cannot both
        claim it, and the loser neither mails nor fails.

        :param shipments: ``order.shipment`` records
        :param str status: a code of ``NOTIFICATION_STATUS_SELECTION``
        :return: the new notifications (sudo), one per shipment to notify
        """
        if not shipments:
            return self.sudo().browse()
        self.env["order.shipment"].flush_model(["company_id"])
        self.env.cr.execute(
            """
            INSERT INTO order_shipment_notification
                (shipment_id, status, company_id, sent_on, failed,
                 create_uid, create_date, write_uid, write_date)
            SELECT shipment.id, %(status)s, shipment.company_id,
                   now() at time zone 'UTC', false,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM order_shipment shipment
             WHERE shipment.id = ANY(%(ids)s)
             ORDER BY shipment.id
            ON CONFLICT (shipment_id, status) DO NOTHING
            RETURNING id
            """,
            {"status": status, "uid": self.env.uid, "ids": shipments.ids},
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        # The ORM did not make these rows: forget what it cached about them.
        shipments.invalidate_recordset(["notification_ids"])
        return self.sudo().browse(ids)
