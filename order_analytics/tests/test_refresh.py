# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The refresh: changed documents reach the queue through the cron only,
the queue drains in batches, the figures say what time they are as of, and
the cost of a batch does not grow with its size."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import JUDGED_AT, PROMISE, AnalyticsCase


@tagged("post_install", "-at_install")
class TestRefresh(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Refresh = cls.env["order.analytics.refresh"]
        cls.Queue = cls.env["order.analytics.queue"]
        cls.orders = cls.env["sale.order"]
        for __ in range(12):
            cls.orders |= cls.order([(cls.goods_a, 2), (cls.goods_b, 1)])
        for order in cls.orders[:6]:
            cls.deliver(order, PROMISE)

    def facts_of(self, orders):
        return self.env["order.analytics.order"].search(
            [("order_id", "in", orders.ids)]
        )

    def test_confirming_and_delivering_queue_nothing(self):
        # The user's paths pay nothing: only the cron looks for changes.
        self.assertFalse(self.Queue.search([]))
        self.assertFalse(self.facts_of(self.orders))

    def test_the_cron_brings_every_changed_order_in(self):
        with freeze_time(JUDGED_AT):
            done, remaining = self.Refresh._cron_refresh()
        self.assertEqual(remaining, 0)
        self.assertGreaterEqual(done, len(self.orders))
        self.assertEqual(len(self.facts_of(self.orders)), len(self.orders))
        self.assertEqual(self.Refresh._data_as_of(), JUDGED_AT)
        self.assertFalse(self.Queue.search([]))

    def test_the_queue_drains_in_batches_across_runs(self):
        with freeze_time(JUDGED_AT):
            done, remaining = self.Refresh._cron_refresh(batch_size=5, time_budget=0)
        self.assertEqual(done, 0)
        self.assertGreaterEqual(remaining, len(self.orders))
        self.assertFalse(self.Refresh._data_as_of(), "not complete yet")
        later = JUDGED_AT + timedelta(minutes=5)
        with freeze_time(later):
            done, remaining = self.Refresh._cron_refresh(batch_size=5)
        self.assertEqual(remaining, 0)
        self.assertEqual(self.Refresh._data_as_of(), later)
        self.assertEqual(len(self.facts_of(self.orders)), len(self.orders))

    def test_the_report_title_says_when_its_data_is_from(self):
        xmlid = "order_analytics.action_order_analytics_order"
        action = self.Refresh.with_user(self.analyst)._report_action(xmlid)
        self.assertIn("not computed yet", action["name"])
        with freeze_time(JUDGED_AT):
            self.Refresh._cron_refresh()
        self.analyst.tz = "Asia/Shanghai"
        action = self.Refresh.with_user(self.analyst)._report_action(xmlid)
        # 30 November 02:00 UTC is 10:00 in Shanghai.
        self.assertIn("data as of", action["name"])
        self.assertIn("10:00", action["name"])
        self.assertEqual(action["res_model"], "order.analytics.order")

    def test_a_batch_costs_the_same_whatever_its_size(self):
        # Warm the caches, then count two batch sizes: one upsert and one clean-up
        # per fact table, the line rollup's take-away, add and clean-up, one
        # queue delete.
        self.Refresh._refresh_batch(self.orders[:1].ids, JUDGED_AT)
        with self.assertQueryCount(12):
            self.Refresh._refresh_batch(self.orders[:2].ids, JUDGED_AT)
        with self.assertQueryCount(12):
            self.Refresh._refresh_batch(self.orders.ids, JUDGED_AT)
        self.assertEqual(len(self.facts_of(self.orders)), len(self.orders))
        [[lines]] = self.env["order.analytics.line.month"]._read_group(
            [], aggregates=["line_count:sum"]
        )
        self.assertEqual(lines, 2 * len(self.orders))
