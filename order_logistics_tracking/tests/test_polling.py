# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Subscriptions and pulls against a local HTTP server on 127.0.0.1 that
answers with the carriers' documented payloads."""

import hashlib
import json
import time
from datetime import timedelta

import werkzeug.urls

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import _super_send

from .common import CarrierServer, TrackingCase, kd100_node, kd100_result


@tagged("post_install", "-at_install")
class TestPolling(TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = CarrierServer()
        cls.addClassCleanup(cls.server.stop)
        cls.carrier.sudo().write(
            {"tracking_api_url": cls.server.url, "tracking_timeout": 2}
        )
        cls.Shipment = cls.env["order.shipment"]

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # Odoo's tests raise every request timeout to 10 s; the local carrier
        # server is ours, so its calls keep the carrier's own timeout.
        if werkzeug.urls.url_parse(r.url).host == "127.0.0.1":
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.server.received.clear()
        self.server.replies.clear()

    def answer(self, number, state="0", nodes=None):
        nodes = nodes or [kd100_node("2026-11-30 09:00:00", "已揽收", "103")]
        return (200, kd100_result(number, state, nodes))

    def test_new_shipments_are_subscribed_with_a_signed_callback(self):
        picking = self.deliver(self.make_order(), ref="YT700")
        shipment = picking.shipment_ids
        self.server.script(
            (200, {"result": True, "returnCode": "200", "message": "提交成功"})
        )
        self.Shipment._cron_subscribe()
        self.assertEqual(shipment.subscription_state, "subscribed")
        form = self.server.form()
        self.assertEqual(self.server.received[-1]["path"], "/poll")
        param = json.loads(form["param"])
        self.assertEqual(param["number"], "YT700")
        self.assertEqual(param["company"], "yuantong")
        self.assertEqual(param["key"], "key-123")
        self.assertTrue(
            param["parameters"]["callbackurl"].endswith(
                f"/order_logistics/kuaidi100/push/{self.carrier.id}"
            )
        )
        self.assertEqual(
            param["parameters"]["salt"], self.carrier.sudo().kuaidi100_salt
        )

    def test_refused_subscription_falls_back_to_polling(self):
        picking = self.deliver(self.make_order(), ref="YT701")
        self.server.script(
            (200, {"result": False, "returnCode": "700", "message": "bad"})
        )
        self.Shipment._cron_subscribe()
        self.assertEqual(picking.shipment_ids.subscription_state, "failed")
        self.assertIn(
            picking.shipment_ids, self.Shipment.search(self.Shipment._poll_domain())
        )

    def test_poll_signs_the_query_and_applies_the_answer(self):
        picking = self.deliver(self.make_order(), ref="YT702")
        shipment = picking.shipment_ids
        self.guarded(shipment).write({"pull_requested": True})
        self.server.script(self.answer("YT702", "0"))
        self.Shipment._cron_poll()
        form = self.server.form()
        expected = (
            hashlib.md5((form["param"] + "key-123" + "CUST0001").encode())
            .hexdigest()
            .upper()
        )
        self.assertEqual(form["sign"], expected)
        self.assertEqual(shipment.status, "in_transit")
        self.assertEqual(len(shipment.event_ids), 1)
        self.assertFalse(shipment.pull_requested)
        # Kuaidi100 allows one query per number per 30 minutes.
        self.assertGreaterEqual(
            shipment.next_poll_at - shipment.last_polled_at, timedelta(minutes=30)
        )

    def test_final_shipments_are_not_polled(self):
        picking = self.deliver(self.make_order(), ref="YT703")
        shipment = picking.shipment_ids
        self.guarded(shipment).write({"pull_requested": True, "final": True})
        self.assertNotIn(shipment, self.Shipment.search(self.Shipment._poll_domain()))

    def test_provider_down_backs_off_pauses_tells_managers_and_resumes(self):
        self.company.tracking_failure_threshold = 2
        picking = self.deliver(self.make_order(), ref="YT704")
        shipment = picking.shipment_ids
        self.guarded(shipment).write({"pull_requested": True})
        self.server.script(*[(502, {"message": "busy"})] * 6)
        self.Shipment._cron_poll()
        self.assertEqual(self.carrier.tracking_failures, 1)
        self.assertEqual(shipment.poll_failures, 1)
        self.assertGreater(shipment.next_poll_at, fields.Datetime.now())
        self.assertTrue(shipment.pull_requested, "nothing queued is lost")
        # Due again: the second failure pauses the provider.
        self.guarded(shipment).write({"next_poll_at": fields.Datetime.now()})
        self.Shipment._cron_poll()
        self.assertEqual(self.carrier.tracking_health, "paused")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "delivery.carrier"), ("res_id", "=", self.carrier.id)]
        )
        self.assertIn(self.manager, activities.user_id)
        self.assertNotIn(self.coordinator, activities.user_id)
        # While paused, no call is made.
        calls = len(self.server.received)
        self.guarded(shipment).write({"next_poll_at": fields.Datetime.now()})
        self.Shipment._cron_poll()
        self.assertEqual(len(self.server.received), calls)
        # After the pause, tracking resumes by itself.
        self.carrier.sudo().tracking_paused_until = fields.Datetime.now() - timedelta(
            minutes=1
        )
        self.guarded(shipment).write({"next_poll_at": fields.Datetime.now()})
        self.server.replies.clear()
        self.server.script(self.answer("YT704"))
        self.Shipment._cron_poll()
        self.assertEqual(self.carrier.tracking_health, "ok")
        self.assertEqual(shipment.status, "in_transit")

    def test_timeouts_fail_fast(self):
        picking = self.deliver(self.make_order(), ref="YT705")
        self.guarded(picking.shipment_ids).write({"pull_requested": True})
        self.carrier.sudo().tracking_timeout = 0.3

        def slow(_handler):
            time.sleep(1.0)
            return self.answer("YT705")

        self.server.script(slow, slow, slow)
        started = time.monotonic()
        self.Shipment._cron_poll()
        self.assertLess(time.monotonic() - started, 4)
        self.assertEqual(picking.shipment_ids.poll_failures, 1)

    def test_health_fields_cannot_be_reset_by_a_form(self):
        self.carrier.sudo()._tracking_record_failure("boom")
        self.carrier.with_user(self.manager).write({"tracking_failures": 0})
        self.assertEqual(self.carrier.tracking_failures, 1)


@tagged("post_install", "-at_install")
class TestTrack17PushPull(HttpCase, TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = CarrierServer()
        cls.addClassCleanup(cls.server.stop)
        cls.carrier17 = cls.carrier.copy(
            {
                "name": "Cainiao via 17TRACK",
                "tracking_provider": "track17",
                "track17_api_key": "17-key",
                "track17_carrier_code": 190271,
            }
        )
        cls.carrier17.sudo().tracking_api_url = cls.server.url
        order = cls.make_order()
        order.picking_ids.carrier_id = cls.carrier17
        cls.picking = cls.deliver(order, ref="LP00123456789")
        cls.shipment = cls.picking.shipment_ids

    def track(self, number):
        return {
            "number": number,
            "carrier": 190271,
            "track_info": {
                "latest_status": {
                    "status": "InTransit",
                    "sub_status": "InTransit_Arrival",
                },
                "tracking": {
                    "providers": [
                        {
                            "events": [
                                {
                                    "time_utc": "2026-11-30T02:00:00Z",
                                    "description": "Arrived at sorting center",
                                    "location": "Shenzhen",
                                    "sub_status": "InTransit_Arrival",
                                }
                            ]
                        }
                    ]
                },
            },
        }

    def test_push_only_triggers_a_pull_whose_answer_is_applied(self):
        token = self.carrier17.sudo().track17_push_token
        body = json.dumps(
            {
                "event": "TRACKING_UPDATED",
                "data": {
                    "number": "LP00123456789",
                    "carrier": 190271,
                    # Whatever the push claims is not applied.
                    "track_info": {"latest_status": {"status": "Delivered"}},
                },
            }
        )
        url = f"/order_logistics/track17/push/{self.carrier17.id}?token="
        bad = self.url_open(
            url + "wrong", data=body, headers={"Content-Type": "application/json"}
        )
        self.assertEqual(bad.status_code, 403)
        response = self.url_open(
            url + token, data=body, headers={"Content-Type": "application/json"}
        )
        self.assertEqual(response.status_code, 200)
        self.env["order.tracking.push"]._cron_process()
        self.assertTrue(self.shipment.pull_requested)
        self.assertEqual(self.shipment.status, "pending")
        self.server.script(
            (
                200,
                {
                    "code": 0,
                    "data": {"accepted": [self.track("LP00123456789")], "rejected": []},
                },
            )
        )
        self.env["order.shipment"]._cron_poll()
        sent = self.server.received[-1]
        self.assertEqual(sent["path"], "/gettrackinfo")
        self.assertEqual(sent["headers"].get("17token"), "17-key")
        self.assertEqual(
            json.loads(sent["body"]), [{"number": "LP00123456789", "carrier": 190271}]
        )
        self.assertEqual(self.shipment.status, "in_transit")
        self.assertEqual(self.shipment.event_ids.location, "Shenzhen")

    def test_malformed_push_is_refused(self):
        token = self.carrier17.sudo().track17_push_token
        url = f"/order_logistics/track17/push/{self.carrier17.id}?token={token}"
        for body in ("", "not json", "[]", json.dumps({"event": "X", "data": {}})):
            response = self.opener.post(
                self.base_url() + url,
                data=body.encode(),
                headers={"Content-Type": "application/json"},
                timeout=10,
            )
            self.assertEqual(response.status_code, 400, body)
