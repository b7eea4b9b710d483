# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Review time, review errors, CSAT and NPS of the order facts, against
figures computed by hand."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import ORDERED, PROMISE, AnalyticsCase

HOUR = timedelta(hours=1)


@tagged("post_install", "-at_install")
class TestReviewFigures(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reviewer = new_test_user(
            cls.env,
            "oa_reviewer",
            groups="customer_order_review.group_order_reviewer",
            name="Rita Reviewer",
        )
        cls.env["sale.review.stage"].search([]).write({"active": False})
        cls.env["sale.review.stage"].create(
            {
                "name": "Manual check",
                "sequence": 5,
                "check_code": "none",
                "reviewer_type": "users",
                "reviewer_user_ids": [Command.set(cls.reviewer.ids)],
                "auto_approve": False,
                "sla_hours": 3,
            }
        )
        cls.company.order_review_enabled = True

    def submitted(self, when):
        with freeze_time(when):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.analyst.id,
                    "team_id": self.team_east.id,
                    "commitment_date": PROMISE,
                    "order_line": [
                        Command.create(
                            {"product_id": self.goods_a.id, "product_uom_qty": 3}
                        )
                    ],
                }
            )
            order.with_user(self.analyst).action_submit_review()
        return order

    def decide(self, order, decision, when, note=False):
        review = order.review_ids.filtered(lambda r: r.state == "pending")
        with freeze_time(when):
            self.env["sale.order.review.decision"].with_user(self.reviewer).create(
                {"review_id": review.id, "decision": decision, "note": note}
            ).action_confirm_decision()

    def test_review_time_and_errors(self):
        approved = self.submitted(ORDERED)
        self.decide(approved, "approve", ORDERED + 3.5 * HOUR)
        approved.with_user(self.analyst).action_confirm()
        rejected = self.submitted(ORDERED)
        self.decide(rejected, "reject", ORDERED + 2 * HOUR, note="Price too low")
        self.refresh(approved | rejected)
        approved_fact, rejected_fact = (
            self.order_fact(approved),
            self.order_fact(rejected),
        )
        self.assertTrue(approved_fact.confirmed)
        self.assertAlmostEqual(approved_fact.review_hours, 3.5)
        self.assertFalse(approved_fact.has_error)
        # The rejected quotation counts for review time and errors, not OTIF.
        self.assertFalse(rejected_fact.confirmed)
        self.assertFalse(rejected_fact.evaluated)
        self.assertAlmostEqual(rejected_fact.review_hours, 2.0)
        self.assertTrue(rejected_fact.has_error)
        [[hours, errors]] = self.env["order.analytics.order"]._read_group(
            [("order_id", "in", (approved | rejected).ids)],
            aggregates=["review_hours:avg", "error_rate:avg"],
        )
        self.assertAlmostEqual(hours, 2.75)
        self.assertAlmostEqual(errors, 50.0)
        # The stage waited 3.5 and 2 hours for its reviewer, against a
        # 3-hour deadline: one missed; neither approved itself.
        stages = self.env["order.analytics.stage"].search(
            [("order_id", "in", (approved | rejected).ids)]
        )
        self.assertEqual(len(stages), 2)
        [[waited, missed, auto]] = stages._read_group(
            [("id", "in", stages.ids)],
            aggregates=[
                "waiting_hours:avg",
                "sla_breach_rate:avg",
                "auto_approval_rate:avg",
            ],
        )
        self.assertAlmostEqual(waited, 2.75)
        self.assertAlmostEqual(missed, 50.0)
        self.assertAlmostEqual(auto, 0.0)
        self.assertTrue(stages.filtered(lambda s: s.order_id == approved).sla_breached)


@tagged("post_install", "-at_install")
class TestSatisfactionFigures(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "buyer@harbor.example"
        cls.csat = cls.env.ref("order_logistics_tracking.survey_delivery_question_csat")
        cls.nps = cls.env.ref("order_logistics_tracking.survey_delivery_question_nps")
        cls.orders = cls.env["sale.order"]
        for index, (csat, nps) in enumerate(((5, 10), (4, 9), (2, 3))):
            order = cls.order([(cls.goods_a, 1)], carrier_id=cls.kd100.id)
            cls.deliver(order, PROMISE, ref=f"SF20{index}")
            order.sudo()._tracking_send_survey(order.picking_ids.shipment_ids)
            answer = order.tracking_survey_input_id.sudo()
            answer._save_lines(cls.csat, str(csat))
            answer._save_lines(cls.nps, str(nps))
            answer._mark_done()
            cls.orders |= order
        cls.unanswered = cls.order([(cls.goods_a, 1)])
        cls.deliver(cls.unanswered, PROMISE)
        cls.refresh(cls.orders | cls.unanswered)

    def test_csat_and_nps_count_answers_only(self):
        [[csat, mean, nps, answers]] = self.env["order.analytics.order"]._read_group(
            [("order_id", "in", (self.orders | self.unanswered).ids)],
            aggregates=[
                "csat_rate:avg",
                "csat_mean:avg",
                "nps:avg",
                "csat_answered_count:sum",
            ],
        )
        # Answers 5, 4 and 2: two of three satisfied, a mean of 11 / 3.
        # Recommendation 10, 9 and 3: two promoters, one detractor.
        self.assertEqual(answers, 3)
        self.assertAlmostEqual(csat, 200 / 3)
        self.assertAlmostEqual(mean, 11 / 3)
        self.assertAlmostEqual(nps, 100 / 3)
        self.assertFalse(self.order_fact(self.unanswered).csat)

    def test_a_poor_answer_makes_an_imperfect_order(self):
        poor = self.order_fact(self.orders[2])
        self.assertEqual(poor.exception_count, 1, "the complaint case")
        self.assertFalse(poor.perfect)
        self.assertTrue(self.order_fact(self.orders[0]).perfect)
