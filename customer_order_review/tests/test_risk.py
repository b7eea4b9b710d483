# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .. import review_data
from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestRiskScore(ReviewCase):
    def test_new_customer_scores_its_weight(self):
        newcomer = self._create_customer("Newcomer Ltd", credit_limit=100000.0)
        order = self._create_order(partner=newcomer)
        order.action_submit_review()
        details = {d["code"]: d for d in order.risk_details}
        self.assertEqual(details["new_customer"]["points"], 10.0)
        self.assertAlmostEqual(
            order.risk_score, sum(d["points"] for d in order.risk_details), places=2
        )

    def test_weights_are_configurable(self):
        factor = self.env.ref("customer_order_review.risk_factor_new_customer")
        factor.weight = 45.0
        order = self._create_order(
            partner=self._create_customer("Fresh Ltd", credit_limit=1e6)
        )
        order.action_confirm()
        self.assertEqual(order.risk_level, "medium")
        self.assertEqual(order.state, "draft", "not low risk: people review it")
        factor.active = False
        again = self._create_order(
            partner=self._create_customer("Fresher Ltd", credit_limit=1e6)
        )
        again.action_confirm()
        self.assertNotIn("new_customer", [d["code"] for d in again.risk_details])
        self.assertEqual(again.state, "sale")

    def test_unusual_quantity_against_customer_history(self):
        regular = self._create_customer("Regular Ltd", credit_limit=1e6)
        for qty in (1.0, 2.0, 3.0):
            past = self._create_order(partner=regular, lines=[(self.product, qty)])
            past.action_confirm()
            self.assertEqual(past.state, "sale")
        usual = self._create_order(partner=regular, lines=[(self.product, 2.0)])
        usual.action_submit_review()
        big = self._create_order(partner=regular, lines=[(self.product, 6.0)])
        big.action_submit_review()
        measures = {d["code"]: d for d in big.risk_details}
        self.assertEqual(measures["unusual_quantity"]["measure"], 3.0)
        self.assertEqual(measures["unusual_quantity"]["points"], 10.0)
        self.assertEqual(
            {d["code"]: d for d in usual.risk_details}["unusual_quantity"]["points"],
            0.0,
        )
        self.assertEqual(
            {d["code"]: d for d in big.risk_details}["new_customer"]["points"],
            0.0,
            "three confirmed orders: not new",
        )

    def test_a_customer_is_new_to_each_company(self):
        """Orders in another company make the customer neither known here
        nor set its usual quantities here."""
        other = self.env["res.company"].create({"name": "Risk Co B"})
        regular = self._create_customer("Two Companies Ltd", credit_limit=1e6)
        for qty in (1.0, 2.0, 3.0):
            past = (
                self.env["sale.order"]
                .with_company(other)
                .create(
                    {
                        "partner_id": regular.id,
                        "company_id": other.id,
                        "order_line": [
                            Command.create(
                                {"product_id": self.product.id, "product_uom_qty": qty}
                            )
                        ],
                    }
                )
            )
            past.action_confirm()
            self.assertEqual(past.state, "sale")
        order = self._create_order(partner=regular, lines=[(self.product, 6.0)])
        order.action_submit_review()
        measures = {d["code"]: d for d in order.risk_details}
        self.assertEqual(measures["new_customer"]["points"], 10.0)
        self.assertEqual(measures["unusual_quantity"]["measure"], 0.0)

    def test_credit_use_and_discount(self):
        tight = self._create_customer("Tight Ltd", credit_limit=1000.0)
        order = self._create_order(partner=tight, lines=[(self.product, 5.0)])
        order.order_line.discount = 15.0
        order.action_submit_review()
        details = {d["code"]: d for d in order.risk_details}
        self.assertAlmostEqual(details["credit_use"]["measure"], 0.425)
        self.assertAlmostEqual(details["credit_use"]["points"], 12.75)
        self.assertAlmostEqual(details["discount"]["points"], 5.0)

    def test_usual_quantity_looks_at_the_last_year_only(self):
        regular = self._create_customer("Old Habits Ltd", credit_limit=1e6)
        past = self._create_order(partner=regular, lines=[(self.product, 1.0)])
        past.action_confirm()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = now() - interval '400 days', "
            "create_date = now() - interval '400 days' WHERE id = %s",
            [past.id],
        )
        self.env.invalidate_all()
        big = self._create_order(partner=regular, lines=[(self.product, 9.0)])
        big.action_submit_review()
        measures = {d["code"]: d for d in big.risk_details}
        self.assertEqual(measures["unusual_quantity"]["measure"], 0.0)

    def test_usual_quantity_looks_at_the_last_orders_only(self):
        regular = self._create_customer("Recent Habits Ltd", credit_limit=1e6)
        for qty in (100.0, 2.0, 4.0):
            past = self._create_order(partner=regular, lines=[(self.product, qty)])
            past.action_confirm()
            self.assertEqual(
                past.state, "sale", past.review_ids.mapped("check_message")
            )
            self.env.flush_all()
        big = self._create_order(partner=regular, lines=[(self.product, 9.0)])
        with patch.object(review_data, "USUAL_QUANTITY_ORDERS", 2):
            big.action_submit_review()
        measures = {d["code"]: d for d in big.risk_details}
        # the last two orders ordered 2 and 4: 9 is three times the usual 3
        self.assertAlmostEqual(measures["unusual_quantity"]["measure"], 3.0)

    def test_settings_refuse_what_would_stop_the_review(self):
        """An administrator who types a negative count, or a low-risk bound
        above the high one, is told so in Settings and nothing is saved."""
        admin = new_test_user(
            self.env,
            login="risk_settings_admin",
            groups="base.group_system,sales_team.group_sale_manager,"
            "customer_order_review.group_order_review_manager",
        )
        for values in (
            {"order_review_new_customer_orders": -1},
            {"order_review_duplicate_days": -3},
            {"order_review_risk_low": 70.0, "order_review_risk_high": 60.0},
        ):
            with self.subTest(values=values):
                settings = Form(self.env["res.config.settings"].with_user(admin))
                for name, value in values.items():
                    setattr(settings, name, value)
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    settings.save().execute()
        self.assertEqual(self.company.order_review_new_customer_orders, 1)
        self.assertEqual(self.company.order_review_duplicate_days, 7)
        self.assertEqual(self.company.order_review_risk_low, 30.0)
