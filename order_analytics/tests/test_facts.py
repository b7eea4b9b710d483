# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every figure against a hand computation on a small fixture.

All orders promise 10 November 10:00 in Shanghai (02:00 UTC); with one day of
tolerance either way a delivery counts as on time from 9 to 11 November,
local days. The figures are judged on 30 November.

========= ===================================== ======= ===== ===== =======
order     deliveries (UTC)                      on time full  OTIF  why not
========= ===================================== ======= ===== ===== =======
on_time   10 of 10 on 10 Nov                    yes     yes   yes
late      10 on 13 Nov                          no      no    no    late
short     6 on 10 Nov, the rest cancelled       yes     no    no    short
early     10 on 7 Nov, 2 returned on 15 Nov     no      yes   no    early
split     4 on 10 Nov, 6 on 15 Nov              yes     no    no    late
mixed A   10 on 10 Nov                          yes     yes   yes
mixed B   nothing of 5                          no      no    no    both
carrier   shipped 9 Nov, carrier delivered 13   no      no    no    late
tz        10 on 11 Nov 17:00 = 12 Nov 01:00 CST no      no    no    late
pending   promised 10 Dec, nothing yet          (not judged)
service   an installation only                  (no goods line)
cancelled confirmed, then cancelled             (no row)
========= ===================================== ======= ===== ===== =======
"""

from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import PROMISE, AnalyticsCase

DAY = timedelta(days=1)
LATER = datetime(2099, 1, 1)


@tagged("post_install", "-at_install")
class TestFacts(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, b = cls.goods_a, cls.goods_b
        cls.on_time = cls.order([(a, 10)])
        cls.deliver(cls.on_time, PROMISE)
        cls.late = cls.order([(a, 10)])
        cls.deliver(cls.late, PROMISE + 3 * DAY)
        cls.short = cls.order([(a, 10)])
        cls.deliver(cls.short, PROMISE, {a: 6}, backorder=False)
        cls.early = cls.order([(a, 10)])
        shipped = cls.deliver(cls.early, PROMISE - 3 * DAY)
        cls.invoice(cls.early, PROMISE - 3 * DAY)
        cls.return_goods(shipped, a, 2, PROMISE + 5 * DAY)
        cls.invoice(cls.early, PROMISE + 5 * DAY)  # the credit note
        cls.split = cls.order([(a, 10)])
        cls.deliver(cls.split, PROMISE, {a: 4})
        cls.deliver(cls.split, PROMISE + 5 * DAY)
        cls.mixed = cls.order([(a, 10), (b, 5)])
        cls.deliver(cls.mixed, PROMISE, {a: 10, b: 0})
        cls.carrier = cls.order([(a, 10)], carrier_id=cls.kd100.id)
        cls.deliver(cls.carrier, PROMISE - DAY, ref="SF1001")
        cls.carrier_delivered(cls.carrier, PROMISE + 3 * DAY)
        cls.tz = cls.order([(a, 10)])
        cls.deliver(cls.tz, datetime(2026, 11, 11, 17, 0))
        cls.pending = cls.order([(a, 10)], promise=PROMISE + 30 * DAY)
        cls.service_only = cls.order([(cls.service, 1)])
        cls.cancelled = cls.order([(a, 10)])
        cls.cancelled._action_cancel()
        cls.env["order.delivery.exception"].create(
            {
                "exception_type": "delay",
                "sale_id": cls.late.id,
                "picking_id": cls.late.picking_ids[:1].id,
            }
        )
        cls.all_orders = (
            cls.on_time
            | cls.late
            | cls.short
            | cls.early
            | cls.split
            | cls.mixed
            | cls.carrier
            | cls.tz
            | cls.pending
            | cls.service_only
            | cls.cancelled
        )
        cls.refresh(cls.all_orders)

    def assert_line(self, order, product, **expected):
        fact = self.line_fact(order, product)
        self.assertEqual(len(fact), 1)
        for name, value in expected.items():
            self.assertEqual(fact[name], value, f"{order.name} {name}")

    def test_each_line_is_judged_as_computed_by_hand(self):
        a, b = self.goods_a, self.goods_b
        self.assert_line(self.on_time, a, on_time=True, in_full=True, otif=True)
        self.assert_line(self.on_time, a, otif_reason=False, qty_on_time=10.0)
        self.assert_line(self.late, a, on_time=False, in_full=False, otif_reason="late")
        self.assert_line(
            self.short, a, on_time=True, in_full=False, otif_reason="short"
        )
        self.assert_line(self.short, a, qty_on_time=6.0, qty_delivered=6.0)
        self.assert_line(
            self.early, a, on_time=False, in_full=True, otif_reason="early"
        )
        self.assert_line(self.early, a, qty_delivered=10.0, qty_returned=2.0)
        self.assert_line(self.split, a, on_time=True, in_full=False, otif_reason="late")
        self.assert_line(self.split, a, qty_on_time=4.0, qty_delivered=10.0)
        self.assert_line(self.mixed, a, otif=True)
        self.assert_line(self.mixed, b, evaluated=True, otif_reason="both")
        self.assert_line(self.carrier, a, on_time=False, otif_reason="late")
        self.assert_line(
            self.carrier, a, date_first_delivered=PROMISE + 3 * timedelta(days=1)
        )
        self.assert_line(self.tz, a, on_time=False, otif_reason="late")
        self.assert_line(self.pending, a, evaluated=False, otif_reason=False)
        self.assertFalse(self.env["order.analytics.line"].search_count(
            [("order_id", "in", (self.service_only | self.cancelled).ids)]
        ))  # fmt: skip

    def test_lead_time_is_the_order_date_to_the_completing_delivery(self):
        # Ordered on 5 November 02:00; the split line was completed on the 15th.
        self.assertAlmostEqual(
            self.line_fact(self.on_time, self.goods_a).lead_time_days, 5.0
        )
        self.assertAlmostEqual(
            self.line_fact(self.split, self.goods_a).lead_time_days, 10.0
        )
        self.assertFalse(self.line_fact(self.short, self.goods_a).lead_time_days)

    def test_line_ratios_are_sums_over_sums(self):
        Line = self.env["order.analytics.line"]
        [[otif, on_time, line_fill, unit_fill, returns, judged]] = Line._read_group(
            [("order_id", "in", self.all_orders.ids)],
            aggregates=[
                "otif_rate:avg",
                "on_time_rate:avg",
                "line_fill_rate:avg",
                "unit_fill_rate:avg",
                "return_rate:avg",
                "evaluated_count:sum",
            ],
        )
        # 9 judged lines: 2 OTIF, 4 on time, 3 in full.
        self.assertEqual(judged, 9)
        self.assertAlmostEqual(otif, 200 / 9)
        self.assertAlmostEqual(on_time, 400 / 9)
        self.assertAlmostEqual(line_fill, 300 / 9)
        # Filled by the deadline 10+0+6+10+4+10+0+0+0 = 40 of 8×10+5 = 85
        # ordered; the mean of the rows' own rates would be 44.4.
        self.assertAlmostEqual(unit_fill, 4000 / 85)
        # 2 returned of 76 delivered.
        self.assertAlmostEqual(returns, 200 / 76)

    def test_a_group_ratio_is_not_the_mean_of_its_rows(self):
        groups = dict(
            self.env["order.analytics.line"]._read_group(
                [("order_id", "in", self.all_orders.ids), ("evaluated", "=", True)],
                groupby=["product_id"],
                aggregates=["unit_fill_rate:avg"],
            )
        )
        # Tea cups: nothing of 5. Tea set: 40 of 80.
        self.assertAlmostEqual(groups[self.goods_b], 0.0)
        self.assertAlmostEqual(groups[self.goods_a], 50.0)

    def test_orders_roll_up_their_lines(self):
        def fact(order):
            return self.order_fact(order)

        self.assertTrue(fact(self.on_time).otif)
        self.assertTrue(fact(self.on_time).perfect)
        self.assertAlmostEqual(fact(self.on_time).lead_time_days, 5.0)
        self.assertEqual(fact(self.late).exception_count, 1)
        self.assertEqual(fact(self.mixed).otif_reason, "both")
        self.assertEqual(fact(self.split).otif_reason, "late")
        self.assertTrue(fact(self.early).has_credit_note)
        self.assertEqual(fact(self.early).qty_returned, 2.0)
        self.assertFalse(fact(self.pending).evaluated)
        self.assertFalse(fact(self.service_only).evaluated)
        self.assertTrue(fact(self.service_only).confirmed)
        self.assertFalse(fact(self.cancelled))

    def test_order_ratios_are_sums_over_sums(self):
        [[otif, perfect, exceptions, orders, judged]] = self.env[
            "order.analytics.order"
        ]._read_group(
            [("order_id", "in", self.all_orders.ids)],
            aggregates=[
                "otif_rate:avg",
                "perfect_rate:avg",
                "exception_rate:avg",
                "order_count:sum",
                "evaluated_count:sum",
            ],
        )
        # 10 confirmed orders (the cancelled one has no row), 8 judged: one
        # OTIF, and it is perfect; one order of 10 has a delivery exception.
        self.assertEqual((orders, judged), (10, 8))
        self.assertAlmostEqual(otif, 100 / 8)
        self.assertAlmostEqual(perfect, 100 / 8)
        self.assertAlmostEqual(exceptions, 10.0)

    def test_a_pending_line_is_judged_once_its_window_closes(self):
        fact = self.line_fact(self.pending, self.goods_a)
        Refresh = self.env["order.analytics.refresh"]
        # 10 December 10:00 in Shanghai + 1 day: judged from 12 December, local.
        # (Documents changed since 2099: none; only the closing window counts.)
        Refresh._enqueue_changes(LATER, datetime(2026, 12, 11, 15, 0))
        queued = self.env["order.analytics.queue"].search([]).order_id
        self.assertNotIn(self.pending, queued)
        Refresh._enqueue_changes(LATER, datetime(2026, 12, 11, 16, 30))
        queued = self.env["order.analytics.queue"].search([]).order_id
        self.assertIn(self.pending, queued)
        self.refresh(self.pending, datetime(2026, 12, 11, 16, 30))
        self.assertTrue(fact.evaluated)
        self.assertEqual(fact.otif_reason, "both")

    def test_cancelling_an_order_drops_its_rows(self):
        self.assertTrue(self.line_fact(self.pending, self.goods_a))
        self.pending._action_cancel()
        self.refresh(self.pending)
        self.assertFalse(self.line_fact(self.pending, self.goods_a))
        self.assertFalse(self.order_fact(self.pending))
