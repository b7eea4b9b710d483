# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""ABC / XYZ and RFM against the hand computation of tests/common.py's
PlanningCase (window October and November 2026)."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import DECEMBER, SECOND_RUN, JsonRpcMixin, PlanningCase


@tagged("post_install", "-at_install")
class TestClasses(PlanningCase):
    def test_product_abc_xyz(self):
        self.recompute()
        expected = {
            self.goods_a: ("A", "X", 800, 0.80, 0.80, 0.0),
            self.goods_b: ("B", "Y", 120, 0.12, 0.92, 4 / 6),
            self.goods_c: ("B", "X", 60, 0.06, 0.98, 1 / 3),
            self.goods_d: ("C", "Z", 20, 0.02, 1.00, 1.0),
        }
        for product, (abc, xyz, revenue, share, cumulative, cv) in expected.items():
            row = self.latest_class(product)
            self.assertEqual((row.abc_class, row.xyz_class), (abc, xyz), product.name)
            self.assertAlmostEqual(row.revenue, revenue)
            self.assertAlmostEqual(row.share, share)
            self.assertAlmostEqual(row.cumulative_share, cumulative)
            self.assertAlmostEqual(row.cv, cv)
            self.assertFalse(row.previous_class)
            self.assertEqual(product.analytics_abc_class, abc)
            self.assertEqual(product.analytics_xyz_class, xyz)
        row = self.latest_class(self.goods_a)
        self.assertEqual(
            (str(row.date_from), str(row.date_to)), ("2026-10-01", "2026-11-30")
        )
        self.assertEqual(self.goods_a.product_tmpl_id.analytics_abc_class, "A")

    def test_customer_abc_xyz(self):
        self.recompute()
        harbor = self.latest_class(self.customer, "customer")
        lotus = self.latest_class(self.lotus, "customer")
        self.assertEqual((harbor.abc_class, harbor.xyz_class), ("A", "X"))
        self.assertAlmostEqual(harbor.cv, 100 / 940)
        self.assertEqual((lotus.abc_class, lotus.xyz_class), ("B", "Z"))
        self.assertEqual(self.customer.analytics_abc_class, "A")
        self.assertEqual(self.lotus.analytics_abc_class, "B")

    def test_history_shows_move_from_a_to_b(self):
        self.recompute()
        # December: Lotus buys 100 whisks (2,000); the January run reads
        # November and December: Lotus 2,060 (83 %, A), Harbor 420 (B).
        self.refresh(self.order_at(DECEMBER, self.lotus, [(self.goods_d, 100)]))
        self.recompute(SECOND_RUN)
        harbor = self.latest_class(self.customer, "customer")
        self.assertEqual((harbor.previous_class, harbor.abc_class), ("A", "B"))
        self.assertTrue(harbor.changed)
        moved = self.env["order.analytics.class"].search(
            [("previous_class", "=", "A"), ("abc_class", "=", "B")]
        )
        self.assertEqual(moved.partner_id, self.customer)
        self.assertEqual(moved.product_id, self.goods_a)
        # d 2,020 A; a 400 B; c 40 and b 20 C.
        self.assertEqual(self.goods_d.analytics_abc_class, "A")
        self.assertEqual(self.goods_b.analytics_abc_class, "C")
        self.assertEqual(self.customer.analytics_abc_class, "B")
        history = self.env["order.analytics.class"].search(
            [("product_id", "=", self.goods_a.id)]
        )
        self.assertEqual(history.mapped("is_latest"), [True, False])

    def test_product_search_filters(self):
        self.recompute()
        products = self.env["product.product"].search(
            [("analytics_abc_class", "=", "B")]
        )
        self.assertEqual(products, self.goods_b | self.goods_c)
        templates = self.env["product.template"].search(
            [("analytics_abc_class", "=", "A")]
        )
        self.assertEqual(templates, self.goods_a.product_tmpl_id)
        partners = self.env["res.partner"].search([("analytics_xyz_class", "=", "Z")])
        self.assertEqual(partners, self.lotus)

    def test_rfm_terciles(self):
        self.recompute()
        rows = self.env["order.analytics.rfm"].search([("is_latest", "=", True)])
        by_partner = {row.partner_id: row for row in rows}
        harbor, lotus = by_partner[self.customer], by_partner[self.lotus]
        # The window ends on 1 December 00:00 in Shanghai (30 Nov 16:00 UTC).
        self.assertEqual(
            (harbor.recency_days, harbor.frequency, harbor.score), (25, 2, "122")
        )
        self.assertEqual(
            (lotus.recency_days, lotus.frequency, lotus.score), (10, 1, "211")
        )
        self.assertEqual(harbor.scale, 3)
        self.assertEqual(harbor.segment_id.code, "at_risk")
        self.assertEqual(lotus.segment_id.code, "needs_attention")
        self.assertEqual(self.customer.analytics_rfm_segment_id, harbor.segment_id)

    def test_query_count_flat(self):
        classes = self.env["order.analytics.class"]
        # Each run starts from an empty cache, so that both pay the same reads
        # of settings and segments; only the history size differs.
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(21):
            classes._recompute_company(self.company, SECOND_RUN)
        more = self.env["product.product"]
        for index in range(6):
            more |= self._goods(f"Extra {index}")
        self.refresh(self.order_at(DECEMBER, self.lotus, [(p, 3) for p in more]))
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(21):
            classes._recompute_company(self.company, SECOND_RUN)
        self.assertEqual(
            len(
                classes.search([("is_latest", "=", True), ("subject", "=", "product")])
            ),
            10,
        )

    def test_manager_recomputes_user_reads(self):
        self.env["order.analytics.class"].with_user(self.manager).action_recompute()
        rows = self.env["order.analytics.class"].with_user(self.analyst).search([])
        self.assertEqual(len(rows), 6)
        self.assertEqual(self.goods_a.with_user(self.analyst).analytics_abc_class, "A")

    def test_user_cannot_recompute(self):
        classes = self.env["order.analytics.class"].with_user(self.analyst)
        with self.assertRaises(AccessError):
            classes.action_recompute()

    def test_internal_and_portal_refused(self):
        self.recompute()
        for user in (self.internal, self.portal):
            with self.assertRaises(AccessError):
                self.env["order.analytics.class"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["order.analytics.rfm"].with_user(user).search([])
        product = self.goods_a.with_user(self.internal)
        with self.assertRaises(AccessError):
            product.read(["analytics_abc_class"])

    def test_settings_checked(self):
        with self.assertRaises(ValidationError):
            self.company.analytics_abc_b_share = 30


@tagged("post_install", "-at_install")
class TestClassesRpc(JsonRpcMixin, HttpCase, PlanningCase):
    def test_user_cannot_recompute_over_rpc(self):
        self.authenticate("oa_analyst", "oa_analyst")
        reply = self.call_kw("order.analytics.class", "action_recompute", [[]])
        self.assertIn("error", reply)
        self.assertFalse(self.env["order.analytics.class"].search([]))
        reply = self.call_kw("order.analytics.class", "_recompute_company", [[]])
        self.assertIn("error", reply)
