# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestInboxTour(HttpCase, ReviewCase):
    """A reviewer approves a stage from the review inbox, in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A reviewer who is nothing else (no sales rights), and one manual
        # stage for them: the order stops there whatever the shipped stages say.
        cls.reviewer = cls.other_reviewer
        cls.stage = cls._single_stage(
            name="Inbox Tour Stage",
            reviewer_user_ids=[Command.set(cls.reviewer.ids)],
        )
        cls.order = cls._create_order(name="REVIEW-TOUR-0001")
        cls.order.with_user(cls.salesperson).action_submit_review()

    def test_reviewer_approves_from_inbox(self):
        review = self.order.review_ids.filtered(lambda r: r.stage_id == self.stage)
        # The data the tour relies on.
        self.assertEqual(self.order.review_state, "in_review")
        self.assertEqual(review.state, "pending")
        self.assertEqual(review.check_result, "pass")
        self.assertEqual(review.reviewer_ids, self.reviewer)

        self.start_tour(
            "/odoo/action-customer_order_review.action_sale_order_review_inbox",
            "customer_order_review_inbox_tour",
            login=self.reviewer.login,
        )
        # The browser wrote through its own environment on the test cursor.
        self.env.invalidate_all()

        self.assertEqual(review.state, "approved")
        self.assertEqual(review.decided_by_id, self.reviewer)
        self.assertFalse(review.auto_approved)
        self.assertEqual(review.decision_note, "Checked from the review inbox.")
        approved_logs = self.order.review_log_ids.filtered(
            lambda log: log.event == "approved"
        )
        self.assertEqual(len(approved_logs), 1)
        self.assertEqual(approved_logs.review_id, review)
        self.assertEqual(approved_logs.user_id, self.reviewer)
        self.assertEqual(self.order.review_state, "approved")
        self.assertEqual(self.order.state, "draft")
