# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Forecasts over six months (June to November 2026), two months ahead with
a season of three months, against hand computations.

Product a sold 20 in October and 20 in November: [0, 0, 0, 0, 20, 20].
Intervals 5 and 1 (ADI 3), equal sizes (CV² 0): intermittent, SBA:
size 20, interval 5 + 0.1 × (1 − 5) = 4.6, forecast 0.95 × 20 / 4.6 per
month. The backtest holds out the last two months: trained on zeros, the
method and seasonal naive both forecast zero, WAPE 100 % for both.
Six months is less than two seasons plus the horizon (8): short history.
"""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FIRST_RUN, PlanningCase


@tagged("post_install", "-at_install")
class TestForecastModels(PlanningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "analytics_forecast_months": 6,
                "analytics_forecast_horizon": 2,
                "analytics_season_length": 3,
            }
        )

    def run_forecast(self, user=None):
        forecasts = self.env["order.analytics.forecast"]
        forecasts._forecast_company(self.company, FIRST_RUN)
        return forecasts.with_user(user or self.env.user).search(
            [("is_latest", "=", True)]
        )

    def test_sba_forecast_with_backtest(self):
        rows = self.run_forecast()
        self.assertEqual(len(rows), 4)
        row = rows.filtered(lambda r: r.product_id == self.goods_a)
        self.assertEqual((row.demand_class, row.method), ("intermittent", "sba"))
        self.assertEqual(row.history, [0.0, 0.0, 0.0, 0.0, 20.0, 20.0])
        per_month = 0.95 * 20 / 4.6
        for value in row.forecast_values:
            self.assertAlmostEqual(value, per_month)
        self.assertAlmostEqual(row.forecast_total, 2 * per_month)
        self.assertEqual(row.metric, "wape")
        self.assertAlmostEqual(row.backtest_error, 1.0)
        self.assertAlmostEqual(row.naive_error, 1.0)
        self.assertAlmostEqual(row.error_ratio, 1.0)
        self.assertAlmostEqual(row.total_error, -1.0)
        self.assertEqual(row.warning, "short_history")
        self.assertIn("(8)", row.warning_text)
        self.assertAlmostEqual(row.reason_params["adi"], 3.0)

    def test_reason_stored_as_codes_rendered_when_read(self):
        row = self.run_forecast(self.analyst).filtered(
            lambda r: r.product_id == self.goods_a
        )
        self.assertEqual(row.reason_params["class"], "intermittent")
        self.assertIn("SBA", row.reason)
        self.assertIn("Intermittent", row.reason)
        self.assertIn("Does not beat seasonal naive", row.comparison)
        self.env.cr.execute(
            "SELECT reason_params::text FROM order_analytics_forecast WHERE id = %s",
            [row.id],
        )
        self.assertNotIn("SBA", self.env.cr.fetchone()[0])

    def test_one_demand_is_too_short_to_classify(self):
        row = self.run_forecast().filtered(lambda r: r.product_id == self.goods_d)
        self.assertEqual(row.demand_class, "too_short")
        self.assertIn("Too few months", row.reason)

    def test_history_kept(self):
        self.run_forecast()
        self.run_forecast()
        rows = self.env["order.analytics.forecast"].search(
            [("product_id", "=", self.goods_a.id)]
        )
        self.assertEqual(rows.mapped("is_latest"), [True, False])

    def test_manager_runs_user_cannot(self):
        forecasts = self.env["order.analytics.forecast"]
        forecasts.with_user(self.manager).action_recompute()
        self.assertEqual(forecasts.with_user(self.analyst).search_count([]), 4)
        with self.assertRaises(AccessError):
            forecasts.with_user(self.analyst).action_recompute()

    def test_internal_and_portal_refused(self):
        self.run_forecast()
        for user in (self.internal, self.portal):
            with self.assertRaises(AccessError):
                self.env["order.analytics.forecast"].with_user(user).search([])
