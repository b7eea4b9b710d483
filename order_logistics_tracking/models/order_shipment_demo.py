# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo timelines: the demo orders are confirmed, delivered with tracking
references, and given the carrier events a real parcel would have had."""

from datetime import timedelta

from odoo import api, fields, models

from ..providers.base import FINAL_STATUSES, TrackingEvent, TrackingResult

# order xmlid -> tracking reference -> [(hours ago, raw code, status, text, place)]
DEMO_TRACKS = {
    "demo_order_delivered": {
        "SF1403925577081": [
            (70, "103", "in_transit", "顺丰速运 已收取快件", "深圳市"),
            (52, "1002", "in_transit", "快件到达 【上海浦东集散中心】", "上海市"),
            (30, "5", "out_for_delivery", "快递员正在派件", "上海市"),
            (26, "301", "delivered", "已签收，签收人：本人", "上海市"),
        ],
    },
    "demo_order_in_transit": {
        "LP00498817233560": [
            (
                50,
                "InfoReceived",
                "info_received",
                "Order information received",
                "Hangzhou",
            ),
            (
                36,
                "InTransit_PickedUp",
                "in_transit",
                "Picked up by Cainiao",
                "Hangzhou",
            ),
            (
                8,
                "InTransit_Departure",
                "in_transit",
                "Departed from sorting center",
                "Shenzhen",
            ),
        ],
        "LP00498817233561": [
            (
                36,
                "InTransit_PickedUp",
                "in_transit",
                "Picked up by Cainiao",
                "Hangzhou",
            ),
        ],
    },
    "demo_order_exception": {
        "SF1403925577099": [
            (80, "103", "in_transit", "顺丰速运 已收取快件", "广州市"),
            (60, "1002", "in_transit", "快件到达 【北京顺义集散中心】", "北京市"),
            (20, "204", "failed_attempt", "派件异常：收件人电话无人接听", "北京市"),
        ],
    },
}


class OrderShipment(models.Model):
    _inherit = "order.shipment"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_ship_and_track(self):
        """Confirm and deliver the demo orders, then apply their tracks."""
        now = fields.Datetime.now()
        for xmlid, tracks in DEMO_TRACKS.items():
            order = self.env.ref(f"order_logistics_tracking.{xmlid}")
            if order.state == "draft":
                order.action_confirm()
                self._demo_release_review(order)
            picking = order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if not picking:
                continue
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.carrier_tracking_ref = ",".join(tracks)
            picking.with_context(skip_backorder=True, skip_sms=True)._action_done()
            # The parcels left before their first scan, the order before them:
            # the demo's lead and transit times come out as a real order's.
            first_scan = max(scan[0] for scans in tracks.values() for scan in scans)
            shipped = now - timedelta(hours=first_scan + 2)
            picking.write({"date_done": shipped})
            picking.move_ids.write({"date": shipped})
            order.write({"date_order": shipped - timedelta(days=2)})
            results = {}
            for ref, scans in tracks.items():
                shipment = picking.shipment_ids.filtered(lambda s, r=ref: s.name == r)
                events = [
                    TrackingEvent.build(
                        shipment.provider,
                        ref,
                        now - timedelta(hours=hours),
                        code,
                        text,
                        status=status,
                        known_code=True,
                        location=place,
                    )
                    for hours, code, status, text, place in scans
                ]
                last = scans[-1]
                results[shipment.id] = TrackingResult(
                    ref,
                    shipment.carrier_code or "",
                    last[2],
                    last[1],
                    True,
                    events,
                    eta=now + timedelta(days=1)
                    if last[2] not in FINAL_STATUSES
                    else None,
                    final=last[2] in FINAL_STATUSES,
                )
            picking.shipment_ids._tracking_sudo().write(
                {"subscription_state": "subscribed"}
            )
            self.browse(list(results))._apply_results(results, source="manual")

    @api.model
    def _demo_release_review(self, order):
        """With customer_order_review installed and switched on (its demo
        data does), a demo order waits for its review: approve its stages as
        their reviewer would, so the demo timelines exist in every setup."""
        if "review_ids" not in order._fields:
            return
        for __ in range(10):
            pending = order.review_ids.filtered(lambda r: r.state == "pending")
            if order.state == "sale" or not pending:
                break
            pending._approve(note="Approved for the demo")
        if order.state != "sale":
            order.action_confirm()

    @api.model
    def _demo_cases_and_survey(self):
        """Demo cases in every state and an answered survey of the
        delivered demo order."""
        Case = self.env["order.delivery.exception"]
        Case._cron_detect()
        cases = Case.search([], order="id")
        if len(cases) >= 3 and all(case.state == "new" for case in cases):
            cases[0].action_start()
            cases[
                1
            ].resolution_notes = "Customer reached by phone; delivered the next day."
            cases[1].action_resolve()
            cases[2].action_cancel()
        order = self.env.ref("order_logistics_tracking.demo_order_delivered")
        shipment = order.shipment_ids[:1]
        if (
            not shipment
            or order.tracking_survey_input_id
            or not order.company_id.tracking_survey_id
        ):
            return
        answer = order._tracking_send_survey(shipment)
        survey = answer.survey_id
        for role, value in (("csat", "4"), ("nps", "9")):
            question = survey.question_ids.filtered(
                lambda q, r=role: q.order_tracking_role == r
            )
            if question:
                answer._save_lines(question[:1], value)
        answer._mark_done()
