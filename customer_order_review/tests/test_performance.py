# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import ReviewCase

# Queries of one confirmation through the review in this test's setting
# (plain Odoo's own confirmation included, and what order_logistics_tracking
# and order_analytics add to it when installed: 111 in the test command's
# database, where the three addons are, 109 with this addon alone): the
# review's share is flat.
CONFIRM_QUERIES = 111


@tagged("post_install", "-at_install")
class TestReviewQueryCount(ReviewCase):
    """Confirming through the full review costs the same number of queries
    whatever the customer's history (SQL aggregates, no Python loops)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.short = cls._create_customer("Short History Ltd", credit_limit=1e9)
        cls.long = cls._create_customer("Long History Ltd", credit_limit=1e9)
        cls._build_history(cls.short, 10)
        cls._build_history(cls.long, 2000)

    def _confirm_queries(self, partner, qty):
        # Distinct quantities: identical orders would be flagged as duplicates.
        order = self._create_order(
            partner=partner, lines=[(self.product, qty), (self.product_b, 2.0)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        order.action_confirm()
        self.env.flush_all()
        count = self.cr.sql_log_count - before
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.review_ids.filtered("auto_approved"))
        return count

    def test_history_is_really_there(self):
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("partner_id", "=", self.long.id), ("state", "=", "sale")]
            ),
            2000,
        )
        self.assertEqual(
            self.env["account.move"].search_count(
                [("partner_id", "=", self.long.id), ("state", "=", "posted")]
            ),
            2000,
        )

    def test_query_count_flat_with_history(self):
        # Warm the caches (registry, ormcache) once.
        self._confirm_queries(self.short, 1.0)
        short = self._confirm_queries(self.short, 2.0)
        long = self._confirm_queries(self.long, 3.0)
        self.assertEqual(
            short, long, f"10 past documents: {short} queries, 2000: {long} queries"
        )

    def test_confirmation_stays_under_its_query_ceiling(self):
        """A confirmation through the full review (five automatic stages)
        costs at most CONFIRM_QUERIES queries, with 10 or 2,000 past orders
        and invoices."""
        self._confirm_queries(self.short, 1.0)  # warm the caches
        for partner, qty in ((self.short, 4.0), (self.long, 5.0)):
            order = self._create_order(
                partner=partner, lines=[(self.product, qty), (self.product_b, 2.0)]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            with (
                self.subTest(partner=partner.name),
                self.assertQueryCount(CONFIRM_QUERIES),
            ):
                order.action_confirm()
                self.env.flush_all()
            self.assertEqual(order.state, "sale")

    def test_mass_review_in_one_call(self):
        orders = self.env["sale.order"]
        for partner in (self.short, self.long):
            for index in range(20):
                orders |= self._create_order(
                    partner=partner, lines=[(self.product, index + 1.0)]
                )
        orders.action_submit_review()
        self.assertEqual(set(orders.mapped("review_state")), {"approved"})
        self.assertEqual(
            len(orders.review_log_ids.filtered(lambda log: log.event == "completed")),
            40,
        )
