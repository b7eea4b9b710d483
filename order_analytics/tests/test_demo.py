# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo data runs the classifications, the RFM scores and the forecasts,
so that their reports are not empty on a demo database."""

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.convert import convert_file

from .common import FIRST_RUN, PlanningCase

DEMO_FILE = "demo/order_analytics_demo.xml"


@tagged("post_install", "-at_install")
class TestDemoFile(PlanningCase):
    """The demo file, loaded again over the planning fixture (whatever the
    database holds besides), classifies and forecasts the fixture's goods
    and scores its customers.

    The file builds the facts of every order of the database, the demo
    history included: the fixture is in a company of its own, the only one
    the runs are asked for, so that its classes are the fixture's alone."""

    @classmethod
    def _fixture_company(cls):
        company = cls.env["res.company"].create({"name": "Tea House Trading"})
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=company.ids)
        )
        return company

    def test_the_demo_file_runs_classes_rfm_and_forecasts(self):
        goods = self.goods_a | self.goods_b | self.goods_c | self.goods_d
        with freeze_time(FIRST_RUN):
            convert_file(
                self.env, "order_analytics", DEMO_FILE, {}, mode="init",
                noupdate=True, kind="demo",
            )  # fmt: skip
        classes = self.env["order.analytics.class"].search(
            [("is_latest", "=", True), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            classes.filtered(lambda c: c.subject == "product").product_id & goods,
            goods,
        )
        self.assertTrue(all(classes.mapped("abc_class")))
        partners = self.customer | self.lotus
        self.assertEqual(
            classes.filtered(lambda c: c.subject == "customer").partner_id & partners,
            partners,
        )
        rfm = self.env["order.analytics.rfm"].search(
            [("is_latest", "=", True), ("partner_id", "in", partners.ids)]
        )
        self.assertEqual(rfm.partner_id, partners)
        forecasts = self.env["order.analytics.forecast"].search(
            [("is_latest", "=", True), ("product_id", "in", goods.ids)]
        )
        self.assertEqual(forecasts.product_id, goods)
        self.assertTrue(all(forecasts.mapped("method")))
        # The classes are on the products, as the monthly run leaves them.
        self.assertEqual(self.goods_a.analytics_abc_class, "A")


@tagged("post_install", "-at_install")
class TestDemoDatabase(TransactionCase):
    """On a database installed with demo data (the test command's), the
    reports have rows from the start; without demo data there is nothing to
    check."""

    def test_a_demo_database_has_classes_rfm_and_forecasts(self):
        if not self.env["ir.module.module"]._get("order_analytics").demo:
            self.skipTest("order_analytics was installed without demo data")
        for model in (
            "order.analytics.class",
            "order.analytics.rfm",
            "order.analytics.forecast",
        ):
            self.assertTrue(
                self.env[model].search_count([("is_latest", "=", True)]), model
            )
        subjects = self.env["order.analytics.class"].search([("is_latest", "=", True)])
        self.assertEqual(set(subjects.mapped("subject")), {"product", "customer"})

    def test_the_demo_history_shows_every_class_segment_and_method(self):
        if not self.env["ir.module.module"]._get("order_analytics").demo:
            self.skipTest("order_analytics was installed without demo data")
        latest = [("is_latest", "=", True), ("company_id", "=", self.env.company.id)]
        products = self.env["order.analytics.class"].search(
            [*latest, ("subject", "=", "product")]
        )
        self.assertEqual(set(products.mapped("abc_class")), {"A", "B", "C"})
        self.assertEqual(set(products.mapped("xyz_class")), {"X", "Y", "Z"})
        customers = self.env["order.analytics.class"].search(
            [*latest, ("subject", "=", "customer")]
        )
        self.assertEqual(set(customers.mapped("abc_class")), {"A", "B", "C"})
        segments = self.env["order.analytics.rfm"].search(latest).segment_id
        self.assertGreaterEqual(len(segments), 5, segments.mapped("code"))
        forecasts = self.env["order.analytics.forecast"].search(latest)
        self.assertLessEqual(
            {"smooth", "erratic", "intermittent", "lumpy"},
            set(forecasts.mapped("demand_class")),
        )
        self.assertLessEqual(
            {"ets_seasonal", "sba", "tsb"}, set(forecasts.mapped("method"))
        )
        for row in forecasts:
            family = "smooth" if row.demand_class in ("smooth", "erratic") else "other"
            self.assertEqual(
                row.method in ("ets_seasonal", "ets", "ses"),
                family == "smooth",
                (row.product_id.display_name, row.demand_class, row.method),
            )
        self.assertFalse(forecasts.filtered("warning"))

    def test_the_demo_deliveries_are_mostly_on_time_some_late_or_short(self):
        if not self.env["ir.module.module"]._get("order_analytics").demo:
            self.skipTest("order_analytics was installed without demo data")
        lines = self.env["order.analytics.line"].search(
            [("company_id", "=", self.env.company.id), ("evaluated", "=", True)]
        )
        self.assertGreater(len(lines), 100)
        self.assertTrue(0.5 <= len(lines.filtered("otif")) / len(lines) <= 0.9)
        self.assertLessEqual(
            {"late", "short", "early"}, set(lines.mapped("otif_reason"))
        )
        completed = lines.filtered(lambda line: line.lead_time_days)
        self.assertGreater(len(completed), 100)
        # Delivered after the order, within the month or so a late one takes.
        self.assertTrue(all(0 < line.lead_time_days < 40 for line in completed))
