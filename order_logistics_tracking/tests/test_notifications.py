# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..providers.base import TrackingEvent, TrackingResult
from .common import JsonRpcMixin, TrackingCase

WHEN = datetime(2026, 11, 30, 8, 0)
TEMPLATES = {
    status: f"order_logistics_tracking.mail_template_shipment_{status}"
    for status in ("shipped", "out_for_delivery", "delivered", "exception")
}


@tagged("post_install", "-at_install")
class TestNotifications(TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "tracking_notify_shipped": True,
                "tracking_notify_out_for_delivery": True,
                "tracking_notify_delivered": True,
                "tracking_notify_exception": True,
            }
        )
        cls.order = cls.make_order()
        cls.picking = cls.deliver(cls.order, ref="YT700")
        cls.shipment = cls.shipment_of(cls.picking, "YT700")
        cls.hours = 0

    def _mails(self, shipment=None):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "order.shipment"),
                ("res_id", "=", (shipment or self.shipment).id),
            ],
            order="id",
        )

    def _report(self, status, shipment=None, text=None):
        """Apply a carrier result of ``status``, as the tracking cron does
        (as the superuser), with one new event."""
        shipment = shipment or self.shipment
        self.hours += 1
        when = WHEN + timedelta(hours=self.hours)
        event = TrackingEvent.build(
            "kuaidi100",
            shipment.name,
            when,
            "0",
            text or f"Scan {self.hours}: {status}",
            status=status,
            known_code=True,
            location="Shanghai",
        )
        res = TrackingResult(
            tracking_ref=shipment.name,
            carrier_code="yuantong",
            status=status,
            raw_code="0",
            known_code=True,
            events=[event],
            final=status == "delivered",
        )
        self.env["order.shipment"].browse(shipment.id)._apply_results(
            {shipment.id: res}, source="poll"
        )

    def test_shipped_when_the_warehouse_validates_the_delivery(self):
        """Validated by the warehouse user: the mail is queued, not sent."""
        self.assertEqual(self.shipment.notification_ids.mapped("status"), ["shipped"])
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(self.shipment.notification_ids.mail_id, mail)
        self.assertEqual(mail.state, "outgoing", "queued, not sent in the request")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("YT700", mail.subject)
        self.assertIn(self.order.name, mail.subject)
        self.assertIn("YTO Express", mail.body_html)
        self.assertIn(f"/my/orders/{self.order.id}", mail.body_html)
        self.assertIn("access_token=", mail.body_html)
        self.assertIn("https://www.kuaidi100.com/chaxun?nu=YT700", mail.body_html)
        # A second reference added later: a new parcel, a new mail; the first
        # is not told again.
        self.picking.with_user(self.stock_user).carrier_tracking_ref = "YT700,YT701"
        second = self.shipment_of(self.picking, "YT701")
        self.assertEqual(len(self._mails(second)), 1)
        self.assertEqual(len(self._mails()), 1)

    def test_each_configured_status_sends_its_template(self):
        for status in ("out_for_delivery", "delivered"):
            self._report(status, text=f"News: {status}")
        shipment_exc = self.shipment_of(
            self.deliver(self.make_order(), ref="YT702"), "YT702"
        )
        self._report("exception", shipment=shipment_exc, text="Address unknown")
        for shipment, status, news in (
            (self.shipment, "out_for_delivery", "News: out_for_delivery"),
            (self.shipment, "delivered", "News: delivered"),
            (shipment_exc, "exception", "Address unknown"),
        ):
            notification = shipment.notification_ids.filtered(
                lambda n, s=status: n.status == s
            )
            self.assertEqual(len(notification), 1, status)
            template = self.env.ref(TEMPLATES[status])
            subject = template._render_field("subject", shipment.ids)[shipment.id]
            self.assertEqual(notification.mail_id.subject, subject)
            # The body has the parcel's news of that moment.
            self.assertIn(news, notification.mail_id.body_html)
            self.assertIn("Shanghai", notification.mail_id.body_html)
        self.assertEqual(len(self._mails()), 3, "shipped, out for delivery, delivered")

    def test_once_per_status_per_shipment(self):
        self._report("exception")
        self._report("exception")  # same status again: no change, no mail
        self._report("in_transit")  # back on track: not a notified status
        self._report("exception")  # a problem again: told once already
        notifications = self.shipment.notification_ids
        self.assertEqual(
            sorted(notifications.mapped("status")), ["exception", "shipped"]
        )
        self.assertEqual(len(self._mails()), 2)
        # The claim is set-based: claiming again gives nothing.
        claimed = self.env["order.shipment.notification"]._claim(
            self.shipment, "exception"
        )
        self.assertFalse(claimed)

    def test_status_not_configured_sends_nothing(self):
        self.company.tracking_notify_delivered = False
        self._report("in_transit")
        self._report("available_for_pickup")
        self._report("delivered")
        self.assertEqual(self.shipment.notification_ids.mapped("status"), ["shipped"])
        self.assertEqual(len(self._mails()), 1)
        self.assertEqual(self.shipment.status, "delivered")

    def test_shipped_not_configured_sends_nothing(self):
        self.company.tracking_notify_shipped = False
        shipment = self.shipment_of(
            self.deliver(self.make_order(), ref="YT703"), "YT703"
        )
        self.assertFalse(shipment.notification_ids)
        self.assertFalse(self._mails(shipment))

    def test_customer_without_email_is_not_mailed(self):
        self.customer.email = False
        self._report("delivered")
        self.assertEqual(self.shipment.notification_ids.mapped("status"), ["shipped"])

    def test_mail_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.lang = "zh_CN"
        template = self.env.ref(TEMPLATES["delivered"])
        # Until the .po is filled, give the template its Chinese text here.
        template.with_context(lang="zh_CN").write(
            {
                "subject": "您的包裹 {{ object.name }} 已签收",
                "body_html": '<p>包裹 <t t-out="object.name"/> 已签收</p>',
            }
        )
        self.assertEqual(
            template._render_lang(self.shipment.ids), {self.shipment.id: "zh_CN"}
        )
        self._report("delivered")
        mail = self.shipment.notification_ids.filtered(
            lambda n: n.status == "delivered"
        ).mail_id
        self.assertEqual(mail.subject, "您的包裹 YT700 已签收")
        self.assertIn("已签收", mail.body_html)
        # English for an English customer.
        self.customer.lang = "en_US"
        self.assertEqual(
            template._render_lang(self.shipment.ids), {self.shipment.id: "en_US"}
        )

    def test_broken_template_is_logged_and_tracking_goes_on(self):
        template = self.env.ref(TEMPLATES["delivered"])
        template.body_html = '<p t-out="object.no_such_field"/>'
        with mute_logger(
            "odoo.addons.order_logistics_tracking.models.order_shipment_notifications",
            "odoo.addons.mail.models.mail_render_mixin",
        ):
            self._report("delivered")
        self.assertEqual(self.shipment.status, "delivered")
        self.assertTrue(self.shipment.final)
        notification = self.shipment.notification_ids.filtered(
            lambda n: n.status == "delivered"
        )
        self.assertTrue(notification.failed)
        self.assertFalse(notification.mail_id)
        self.assertEqual(len(self._mails()), 1, "only the shipped mail")
        note = self.shipment.message_ids.filtered(
            lambda m: "could not be prepared" in m.body
        )
        self.assertEqual(len(note), 1)

    def test_notifications_are_append_only(self):
        notification = self.shipment.notification_ids
        # Refused to everybody, whatever their access rights.
        with self.assertRaises(UserError):
            notification.with_user(self.manager).write({"status": "delivered"})
        with self.assertRaises(UserError):
            notification.write({"status": "delivered"})
        with self.assertRaises(UserError):
            notification.unlink()
        with self.assertRaises(AccessError):
            self.env["order.shipment.notification"].with_user(self.manager).create(
                {"shipment_id": self.shipment.id, "status": "delivered"}
            )
        # The coordinators see what the customer was told.
        self.assertEqual(
            notification.with_user(self.coordinator).read(["status"])[0]["status"],
            "shipped",
        )


@tagged("post_install", "-at_install")
class TestNotificationsRpc(JsonRpcMixin, TrackingCase, HttpCase):
    """A logistics manager cannot forge, rewrite or trigger what the customer
    was told through JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.make_order()
        cls.shipment = cls.shipment_of(cls.deliver(cls.order, ref="YT800"), "YT800")

    def test_rpc_cannot_forge_or_rewrite_notifications(self):
        self.authenticate("track_manager", "track_manager")
        notification = self.shipment.notification_ids
        attacks = [
            ("write", [notification.ids, {"status": "delivered", "mail_id": False}]),
            ("unlink", [notification.ids]),
            ("create", [{"shipment_id": self.shipment.id, "status": "delivered"}]),
            ("_claim", [self.shipment.ids, "delivered"]),
        ]
        for method, args in attacks:
            context = {"order_shipment_notification_guard": True}
            reply = self.call_kw(
                "order.shipment.notification", method, args, {"context": context}
            )
            self.assertIn("error", reply, method)
        reply = self.call_kw(
            "order.shipment", "_notify_customer", [self.shipment.ids, "delivered"]
        )
        self.assertIn("error", reply)
        self.assertEqual(self.shipment.notification_ids, notification)
        self.assertEqual(notification.status, "shipped")
        self.assertTrue(notification.mail_id)
