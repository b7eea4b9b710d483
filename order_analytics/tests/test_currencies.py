# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Amounts of orders in several currencies add up in the company's."""

from odoo import Command
from odoo.tests import tagged

from .common import ORDERED, PROMISE, AnalyticsCase


@tagged("post_install", "-at_install")
class TestCurrencies(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.foreign = (
            cls.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", cls.company.currency_id.id)], limit=1)
        )
        cls.foreign.active = True
        # One company unit buys 4 of the foreign currency on the order date.
        cls.foreign.rate_ids = [
            Command.create(
                {"name": ORDERED.date(), "rate": 4.0, "company_id": cls.company.id}
            )
        ]
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Foreign prices", "currency_id": cls.foreign.id}
        )
        cls.at_home = cls.order([(cls.goods_a, 10)])
        cls.abroad = cls.order([(cls.goods_a, 10)], pricelist_id=cls.pricelist.id)
        for order in cls.at_home | cls.abroad:
            order.order_line.price_unit = 20.0
            cls.deliver(order, PROMISE)
        cls.refresh(cls.at_home | cls.abroad)

    def test_amounts_are_in_the_company_currency(self):
        self.assertEqual(self.abroad.currency_id, self.foreign)
        # 10 × 20 in the company's currency, and 10 × 20 foreign = 200 / 4.
        self.assertAlmostEqual(self.order_fact(self.at_home).amount_untaxed, 200.0)
        self.assertAlmostEqual(self.order_fact(self.abroad).amount_untaxed, 50.0)
        line = self.line_fact(self.abroad, self.goods_a)
        self.assertAlmostEqual(line.amount_untaxed, 50.0)
        self.assertEqual(line.currency_id, self.company.currency_id)
        [[total]] = self.env["order.analytics.order"]._read_group(
            [("order_id", "in", (self.at_home | self.abroad).ids)],
            aggregates=["amount_untaxed:sum"],
        )
        self.assertAlmostEqual(total, 250.0)
