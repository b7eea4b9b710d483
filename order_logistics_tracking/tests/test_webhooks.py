# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pushes posted to the real routes, the way the carriers send them."""

import json

from odoo.tests import HttpCase, tagged

from ..providers import kuaidi100
from .common import TrackingCase, kd100_node, kd100_push, kd100_sign

ROUTE = "/order_logistics/kuaidi100/push/%s"


@tagged("post_install", "-at_install")
class TestKuaidi100Push(HttpCase, TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.make_order()
        cls.picking = cls.deliver(cls.order, ref="YT900")
        cls.shipment = cls.shipment_of(cls.picking, "YT900")
        cls.Push = cls.env["order.tracking.push"]

    def post(self, data, carrier=None):
        return self.url_open(
            ROUTE % (carrier or self.carrier).id, data=data, allow_redirects=False
        )

    def nodes(self, count):
        return [
            kd100_node(
                f"2026-11-{1 + i // 24:02d} {i % 24:02d}:00:00", f"scan {i}", "1002"
            )
            for i in range(count)
        ]

    def test_signed_push_is_stored_acknowledged_and_applied_by_the_cron(self):
        param = kd100_push("YT900", "0", self.nodes(2))
        cron = self.env.ref("order_logistics_tracking.ir_cron_process_pushes")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        response = self.post({"param": param, "sign": kd100_sign(param)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, kuaidi100.PUSH_ACK_BODY)
        push = self.Push.search([("carrier_id", "=", self.carrier.id)])
        self.assertEqual(push.state, "new", "the request only stores the push")
        self.assertEqual(push.body, param)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
        )
        self.assertFalse(self.shipment.event_ids)
        self.Push._cron_process()
        self.assertEqual(push.state, "done")
        self.assertEqual(len(self.shipment.event_ids), 2)
        self.assertEqual(self.shipment.status, "in_transit")
        self.assertEqual(push.shipment_ids, self.shipment)

    def test_same_push_twice_is_stored_once(self):
        param = kd100_push("YT900", "0", self.nodes(1))
        for _attempt in range(2):
            response = self.post({"param": param, "sign": kd100_sign(param)})
            self.assertEqual(response.content, kuaidi100.PUSH_ACK_BODY)
        self.assertEqual(
            self.Push.search_count([("carrier_id", "=", self.carrier.id)]), 1
        )

    def test_bad_input_gets_a_short_4xx_and_changes_nothing(self):
        param = kd100_push("YT900", "0", self.nodes(1))
        cases = [
            ({"param": param, "sign": kd100_sign(param, "wrong-salt")}, 403),
            ({"param": param}, 400),
            ({"sign": "ABC"}, 400),
            ({"param": "{not json", "sign": kd100_sign("{not json")}, 400),
            ({"param": "[1, 2]", "sign": kd100_sign("[1, 2]")}, 400),
        ]
        for data, status in cases:
            response = self.post(data)
            self.assertEqual(response.status_code, status, data)
            self.assertLess(len(response.content), 100)
        response = self.url_open(ROUTE % 999999, data={"param": param, "sign": "x"})
        self.assertEqual(response.status_code, 404)
        huge = "x" * 1_100_000
        response = self.post({"param": huge, "sign": kd100_sign(huge)})
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self.Push.search([("carrier_id", "=", self.carrier.id)]))

    def test_push_for_an_unknown_number_is_kept(self):
        param = kd100_push("NOSUCH1", "0", self.nodes(1))
        self.post({"param": param, "sign": kd100_sign(param)})
        self.Push._cron_process()
        push = self.Push.search([("carrier_id", "=", self.carrier.id)])
        self.assertEqual(push.state, "unknown")
        self.assertEqual(push.tracking_refs, "NOSUCH1")
        self.assertEqual(push.body, param)

    def test_unreadable_stored_push_is_marked_not_lost(self):
        param = json.dumps({"status": "polling"})
        self.post({"param": param, "sign": kd100_sign(param)})
        self.Push._cron_process()
        push = self.Push.search([("carrier_id", "=", self.carrier.id)])
        self.assertEqual(push.state, "error")
        self.assertTrue(push.error)

    def test_carrier_code_correction_is_stored(self):
        param = kd100_push(
            "YT900", "0", self.nodes(1), autoCheck="1", comOld="yuantong", comNew="ems"
        )
        self.post({"param": param, "sign": kd100_sign(param)})
        self.Push._cron_process()
        self.assertEqual(self.shipment.carrier_code, "ems")

    def test_abort_without_correction_falls_back_to_polling(self):
        param = kd100_push("YT900", "0", [], status="abort", message="3天查询无记录")
        self.post({"param": param, "sign": kd100_sign(param)})
        self.Push._cron_process()
        self.assertEqual(self.shipment.subscription_state, "failed")
        self.assertTrue(self.shipment.next_poll_at)

    def test_query_count_of_a_push_does_not_grow_with_its_events(self):
        counts = []
        # The first push of the run warms the caches; the two others count.
        for size, ref in ((1, "YT903"), (1, "YT901"), (50, "YT902")):
            self.picking.sudo().carrier_tracking_ref += "," + ref
            param = kd100_push(ref, "0", self.nodes(size))
            self.post({"param": param, "sign": kd100_sign(param)})
            push = self.Push.search([("tracking_refs", "=", False)], limit=1)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            push._process()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(self.shipment_of(self.picking, ref).event_ids), size)
        self.assertEqual(counts[1], counts[2], counts)

    def test_deep_or_nul_payloads_get_a_4xx_and_a_poison_push_is_set_aside(self):
        deep = "[" * 100000 + "]" * 100000
        for param in (deep, kd100_push("YT\u0000900", "0", self.nodes(1))):
            response = self.post({"param": param, "sign": kd100_sign(param)})
            self.assertEqual(response.status_code, 400)
        # A push stored before the parsers refused it: set aside, not retried.
        bad = self.Push.sudo().create(
            {"carrier_id": self.carrier.id, "body": "[" * 100000, "dedupe_key": "x"}
        )
        self.Push._cron_process()
        self.assertEqual(bad.state, "error")

    def test_a_stale_push_does_not_move_the_status_back(self):
        delivered = kd100_push(
            "YT900", "3", [kd100_node("2026-11-05 10:00:00", "已签收", "301")]
        )
        self.post({"param": delivered, "sign": kd100_sign(delivered)})
        self.Push._cron_process()
        self.assertEqual(self.shipment.status, "delivered")
        stale = kd100_push(
            "YT900", "0", [kd100_node("2026-11-04 10:00:00", "运输中", "1002")]
        )
        self.post({"param": stale, "sign": kd100_sign(stale)})
        self.Push._cron_process()
        self.assertEqual(self.shipment.status, "delivered")
        self.assertEqual(len(self.shipment.event_ids), 2, "its event is still kept")
