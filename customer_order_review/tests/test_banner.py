# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The salesperson reads on the order why it waits and what comes next."""

from odoo import SUPERUSER_ID
from odoo.tests import tagged

from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestReviewBanner(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage(name="Order audit (banner)")

    def _banner(self, order):
        order.invalidate_recordset()
        # A request's context carries the user's language.
        as_sales = order.with_user(self.salesperson).with_context(
            lang=self.salesperson.lang
        )
        return as_sales.review_banner, as_sales.review_banner_level

    def test_no_banner_before_submission(self):
        order = self._create_order()
        self.assertEqual(self._banner(order), (False, False))

    def test_in_review_names_stage_and_reviewer(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_confirm()
        text, level = self._banner(order)
        self.assertEqual(level, "info")
        self.assertIn("Order audit (banner)", text)
        self.assertIn(self.reviewer.name, text)
        self.assertIn("confirmed as soon as it is approved", text)

    def test_rejected_gives_stage_and_reason(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        self._decide(self._pending(order), self.reviewer, "reject", "Price too low")
        text, level = self._banner(order)
        self.assertEqual(level, "danger")
        self.assertIn("Rejected at Order audit (banner): Price too low", text)

    def test_question_to_the_customer(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        self._decide(
            self._pending(order),
            self.reviewer,
            "changes",
            "Can you accept two deliveries?",
            question_to="customer",
        )
        text, level = self._banner(order)
        self.assertEqual(level, "warning")
        self.assertIn("customer's answer", text)
        self.assertIn(self.reviewer.name, text)
        self.assertIn("Can you accept two deliveries?", text)

    def test_banner_follows_the_reader_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_order_review")]
        )._update_translations(["zh_CN"], overwrite=True)
        self.salesperson.lang = "zh_CN"
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        self._decide(self._pending(order), self.reviewer, "reject", "Price too low")
        text, _level = self._banner(order)
        self.assertIn("Price too low", text)
        self.assertNotIn("Rejected at", text)

    def test_automatic_steps_are_logged_as_the_system(self):
        self.stage.auto_approve = True
        order = self._create_order()
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        logs = order.review_log_ids
        automatic = logs.filtered(lambda log: log.event in ("check", "auto_approved"))
        self.assertTrue(automatic)
        self.assertEqual(automatic.user_id.ids, [SUPERUSER_ID])
        submitted = logs.filtered(lambda log: log.event == "submitted")
        self.assertEqual(submitted.user_id, self.salesperson)
        approved = order.review_ids.filtered(lambda r: r.state == "approved")
        self.assertEqual(set(approved.mapped("display_state")), {"auto"})

    def test_stage_approved_by_a_person_reads_approved(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        review = self._pending(order)
        self._decide(review, self.reviewer, "approve")
        self.assertEqual(review.display_state, "approved")
