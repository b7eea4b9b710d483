# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads which parcels, and what a caller can do through JSON-RPC."""

from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..providers.base import TrackingEvent, TrackingResult
from .common import JsonRpcMixin, TrackingCase


@tagged("post_install", "-at_install")
class TestTrackingAccess(JsonRpcMixin, HttpCase, TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.deliver(cls.make_order(), ref="AC100").shipment_ids
        cls.theirs = cls.deliver(
            cls.make_order(partner=cls.other_customer, user=cls.other_salesperson),
            ref="AC200",
        ).shipment_ids
        for shipment in cls.mine | cls.theirs:
            scan = TrackingEvent.build(
                "kuaidi100",
                shipment.name,
                datetime(2026, 11, 30, 1),
                "0",
                "In transit",
                status="in_transit",
                known_code=True,
            )
            shipment._apply_results(
                {
                    shipment.id: TrackingResult(
                        shipment.name, "yuantong", "in_transit", "0", True, [scan]
                    )
                },
                source="poll",
            )

    def visible(self, user, model="order.shipment"):
        return self.env[model].with_user(user).search([]).ids

    def test_salesperson_reads_the_tracking_of_their_orders_only(self):
        self.assertEqual(self.visible(self.salesperson), self.mine.ids)
        self.assertEqual(
            self.visible(self.salesperson, "order.tracking.event"),
            self.mine.event_ids.ids,
        )
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.salesperson).read(["status"])

    def test_warehouse_and_coordinators_read_all(self):
        both = self.mine | self.theirs
        for user in (self.stock_user, self.coordinator):
            found = (
                self.env["order.shipment"]
                .with_user(user)
                .search([("id", "in", both.ids)])
            )
            self.assertEqual(found, both)

    def test_portal_user_reaches_only_their_own_parcels(self):
        self.assertEqual(self.visible(self.portal_user), self.mine.ids)
        self.assertEqual(
            self.visible(self.portal_user, "order.tracking.event"),
            self.mine.event_ids.ids,
        )
        with self.assertRaises(AccessError):
            self.theirs.event_ids.with_user(self.portal_user).read(["description"])

    def test_plain_internal_user_reads_no_tracking(self):
        with self.assertRaises(AccessError):
            self.env["order.shipment"].with_user(self.internal).search([])
        with self.assertRaises(AccessError):
            self.env["order.tracking.push"].with_user(self.salesperson).search([])

    def test_rpc_cannot_set_a_tracking_status(self):
        self.authenticate("track_coord", "track_coord")
        for context in (
            {},
            {"order_tracking_guard": True},
            {"order_tracking_guard": 1},
        ):
            reply = self.call_kw(
                "order.shipment",
                "write",
                [self.mine.ids, {"status": "delivered", "final": True}],
                {"context": context},
            )
            self.assertIn("error", reply)
        self.assertEqual(self.mine.status, "in_transit")
        self.assertFalse(self.mine.final)

    def test_rpc_cannot_forge_events_or_shipments(self):
        self.authenticate("track_manager", "track_manager")
        reply = self.call_kw(
            "order.tracking.event",
            "create",
            [
                {
                    "shipment_id": self.mine.id,
                    "event_time": "2026-12-01 00:00:00",
                    "status": "delivered",
                    "dedupe_key": "forged",
                }
            ],
        )
        self.assertIn("error", reply)
        reply = self.call_kw(
            "order.shipment",
            "create",
            [
                {
                    "name": "FORGED",
                    "picking_id": self.mine.picking_id.id,
                    "carrier_id": self.carrier.id,
                }
            ],
            {"context": {"order_tracking_guard": True}},
        )
        self.assertIn("error", reply)
        reply = self.call_kw(
            "order.tracking.event",
            "write",
            [self.mine.event_ids.ids, {"description": "x"}],
        )
        self.assertIn("error", reply)
        self.assertEqual(self.mine.event_ids.description, "In transit")
        self.assertFalse(self.env["order.shipment"].search([("name", "=", "FORGED")]))

    def test_rpc_portal_user_cannot_read_others_parcels(self):
        self.authenticate("track_portal", "track_portal")
        reply = self.call_kw(
            "order.shipment", "read", [self.theirs.ids, ["name", "status"]]
        )
        self.assertIn("error", reply)
        reply = self.call_kw("order.shipment", "search_read", [[], ["name"]])
        self.assertEqual([row["name"] for row in reply["result"]], ["AC100"])

    def test_rpc_salesperson_cannot_pause_or_resume_providers(self):
        self.authenticate("track_sales", "track_sales")
        reply = self.call_kw(
            "delivery.carrier",
            "write",
            [self.carrier.ids, {"tracking_health": "paused"}],
        )
        self.assertIn("error", reply)
        self.assertEqual(self.carrier.tracking_health, "ok")

    def test_rpc_cannot_move_a_parcel_to_another_order_or_salesperson(self):
        self.authenticate("track_coord", "track_coord")
        other_order = self.theirs.sale_id
        for vals in (
            {"sale_id": other_order.id},
            {"partner_id": self.other_customer.id},
            {"user_id": False},
            {"company_id": self.company.id},
        ):
            reply = self.call_kw("order.shipment", "write", [self.mine.ids, vals])
            self.assertIn("error", reply, vals)
        self.assertEqual(self.mine.sale_id.partner_id, self.customer)
        self.assertEqual(self.mine.user_id, self.salesperson)

    def test_push_addresses_and_resume_are_for_their_owners(self):
        for user in (self.salesperson, self.stock_user):
            with self.assertRaises(AccessError):
                self.carrier.with_user(user).read(["kuaidi100_push_url"])
        self.carrier.sudo()._tracking_record_failure("boom")
        self.authenticate("track_portal", "track_portal")
        reply = self.call_kw(
            "delivery.carrier", "action_tracking_resume", [self.carrier.ids]
        )
        self.assertIn("error", reply)
        self.assertEqual(self.carrier.tracking_failures, 1)
        self.carrier.with_user(self.manager).action_tracking_resume()
        self.assertEqual(self.carrier.tracking_failures, 0)
