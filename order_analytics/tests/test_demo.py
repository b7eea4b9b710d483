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
    and scores its customers."""

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
