# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..providers import kuaidi100
from ..providers.base import TrackingEvent, TrackingResult
from .common import TrackingCase, kd100_node, kd100_result


def result(ref, events, status="in_transit", final=False, eta=None):
    return TrackingResult(
        tracking_ref=ref,
        carrier_code="yuantong",
        status=status,
        raw_code="0",
        known_code=True,
        events=events,
        final=final,
        eta=eta,
    )


def event(ref, when, text, status="in_transit", code="0"):
    return TrackingEvent.build(
        "kuaidi100", ref, when, code, text, status=status, known_code=True
    )


@tagged("post_install", "-at_install")
class TestShipmentCreation(TrackingCase):
    def test_validated_delivery_with_references_makes_one_shipment_per_parcel(self):
        order = self.make_order()
        picking = self.deliver(order, ref="YT100, YT101；YT102")
        shipments = picking.shipment_ids
        self.assertEqual(sorted(shipments.mapped("name")), ["YT100", "YT101", "YT102"])
        self.assertEqual(shipments.sale_id, order)
        self.assertEqual(set(shipments.mapped("subscription_state")), {"to_subscribe"})
        self.assertEqual(set(shipments.mapped("carrier_code")), {"yuantong"})
        self.assertEqual(picking.tracking_status, "pending")

    def test_subscription_is_left_to_a_cron_after_the_transaction(self):
        cron = self.env.ref("order_logistics_tracking.ir_cron_subscribe_shipments")
        before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.deliver(self.make_order(), ref="YT200")
        after = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.assertEqual(after, before + 1)

    def test_reference_added_after_validation_makes_the_shipment(self):
        picking = self.deliver(self.make_order())
        self.assertFalse(picking.shipment_ids)
        picking.with_user(self.stock_user).carrier_tracking_ref = "YT300"
        self.assertEqual(picking.shipment_ids.name, "YT300")
        # Adding a second reference adds a parcel, keeps the first.
        picking.with_user(self.stock_user).carrier_tracking_ref = "YT300,YT301"
        self.assertEqual(
            sorted(picking.shipment_ids.mapped("name")), ["YT300", "YT301"]
        )

    def test_untracked_carrier_or_undone_delivery_makes_none(self):
        order = self.make_order()
        picking = order.picking_ids
        picking.with_user(self.stock_user).carrier_tracking_ref = "YT400"
        self.assertFalse(picking.shipment_ids, "not done yet")
        self.carrier.tracking_provider = False
        picking = self.deliver(order)
        self.assertFalse(picking.shipment_ids)

    def test_nobody_creates_a_shipment_by_hand(self):
        picking = self.deliver(self.make_order())
        with self.assertRaises(UserError):
            self.env["order.shipment"].with_user(self.manager).create(
                {
                    "name": "FAKE",
                    "picking_id": picking.id,
                    "carrier_id": self.carrier.id,
                }
            )
        with self.assertRaises(UserError):
            self.env["order.shipment"].create(
                {
                    "name": "FAKE",
                    "picking_id": picking.id,
                    "carrier_id": self.carrier.id,
                }
            )


@tagged("post_install", "-at_install")
class TestTrackingState(TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.make_order()
        cls.picking = cls.deliver(cls.order, ref="YT500,YT501")
        cls.first = cls.shipment_of(cls.picking, "YT500")
        cls.second = cls.shipment_of(cls.picking, "YT501")

    def test_status_is_written_only_by_the_tracking(self):
        for user in (self.coordinator, self.manager, self.stock_user):
            with self.assertRaises(UserError):
                self.first.with_user(user).write({"status": "delivered"})
        with self.assertRaises(UserError):
            self.first.with_context(order_tracking_guard=True).write({"final": True})
        self.assertEqual(self.first.status, "pending")

    def test_results_store_events_once_and_move_the_status(self):
        when = datetime(2026, 11, 30, 8, 0)
        events = [
            event("YT500", when, "Picked up", status="in_transit", code="103"),
            event("YT500", when + timedelta(hours=5), "Arrived in Shanghai"),
        ]
        eta = datetime(2026, 12, 3, 10, 0)
        created = self.first._apply_results(
            {self.first.id: result("YT500", events, eta=eta)}, source="poll"
        )
        self.assertEqual(len(created), 2)
        self.assertEqual(self.first.status, "in_transit")
        self.assertEqual(self.first.last_event_time, when + timedelta(hours=5))
        self.assertEqual(self.first.last_event_description, "Arrived in Shanghai")
        self.assertEqual(self.first.eta, eta)
        # The same events again (a push after a poll) are not stored twice.
        again = self.first._apply_results(
            {self.first.id: result("YT500", events)}, source="push"
        )
        self.assertFalse(again)
        self.assertEqual(self.first.event_count, 2)
        # The delivery shows the parcel needing attention first.
        self.assertEqual(self.picking.tracking_status, "pending")
        self.second._apply_results(
            {
                self.second.id: result(
                    "YT501", [event("YT501", when, "Out")], "out_for_delivery"
                )
            },
            source="poll",
        )
        self.assertEqual(self.picking.tracking_status, "in_transit")
        self.assertEqual(len(self.picking.tracking_event_ids), 3)
        self.assertEqual(self.picking.tracking_eta, eta)

    def test_delivered_is_final_and_unknown_codes_are_kept(self):
        when = datetime(2026, 11, 30, 8, 0)
        odd = TrackingEvent.build("kuaidi100", "YT500", when, "999", "Odd scan")
        signed = event("YT500", when + timedelta(hours=1), "Signed", "delivered", "301")
        self.first._apply_results(
            {
                self.first.id: result(
                    "YT500", [odd, signed], status="delivered", final=True
                )
            },
            source="poll",
        )
        self.assertTrue(self.first.final)
        self.assertEqual(self.first.status, "delivered")
        kept = self.first.event_ids.filtered(lambda e: e.raw_code == "999")
        self.assertTrue(kept.unknown_code)
        self.assertFalse(kept.status)

    def test_documented_kuaidi100_answer_applies(self):
        answer = kd100_result(
            "YT500",
            "0",
            [
                kd100_node("2026-11-30 16:33:19", "上海分拨中心/装件入车扫描 ", "1002"),
                kd100_node("2026-11-29 23:22:42", "上海分拨中心/下车扫描 ", "1002"),
            ],
        )
        parsed = kuaidi100.parse_result(answer, "YT500", "yuantong")
        self.first._apply_results({self.first.id: parsed}, source="poll")
        self.assertEqual(self.first.status, "in_transit")
        # China time (UTC+8) stored in UTC.
        self.assertEqual(self.first.last_event_time, datetime(2026, 11, 30, 8, 33, 19))
        self.assertEqual(self.first.last_event_location, "上海市")

    def test_events_are_append_only(self):
        self.first._apply_results(
            {
                self.first.id: result(
                    "YT500", [event("YT500", datetime(2026, 11, 1), "x")]
                )
            },
            source="poll",
        )
        scan = self.first.event_ids
        with self.assertRaises(UserError):
            scan.write({"description": "changed"})
        with self.assertRaises(UserError):
            scan.unlink()
        with self.assertRaises(UserError):
            self.first.unlink()

    def test_silent_shipments_expire(self):
        self.first._apply_results(
            {
                self.first.id: result(
                    "YT500",
                    [event("YT500", fields.Datetime.now() - timedelta(days=40), "old")],
                )
            },
            source="poll",
        )
        self.assertEqual(self.env["order.shipment"]._cron_expire(), 1)
        self.assertEqual(self.first.status, "expired")
        self.assertTrue(self.first.final)
        self.assertFalse(self.second.final, "its shipment is new: not silent yet")
