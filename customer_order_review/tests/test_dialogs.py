# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The decision and answer dialogs, filled in through their form views as
the reviewer and the salesperson do."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestDialogs(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._single_stage()

    def _submitted(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        return order, self._pending(order)

    def _dialog(self, review, user):
        return Form(
            self.env["sale.order.review.decision"]
            .with_user(user)
            .with_context(default_review_id=review.id)
        )

    def test_reviewer_approves_through_the_dialog(self):
        order, review = self._submitted()
        with self._dialog(review, self.reviewer) as dialog:
            self.assertEqual(dialog.stage_id, review.stage_id)
            self.assertEqual(dialog.decision, "approve")
            self.assertFalse(dialog.needs_override)
            dialog.note = "Checked."
        dialog.record.action_confirm_decision()
        self.assertEqual(review.state, "approved")
        self.assertEqual(review.decision_note, "Checked.")
        self.assertEqual(order.review_state, "approved")

    def test_the_dialog_asks_for_a_reason_to_reject(self):
        _order, review = self._submitted()
        dialog = self._dialog(review, self.reviewer)
        dialog.decision = "reject"
        wizard = dialog.save()
        with self.assertRaises(UserError):
            wizard.action_confirm_decision()
        self.assertEqual(review.state, "pending")
        dialog.note = "Price too low"
        dialog.save().action_confirm_decision()
        self.assertEqual(review.state, "rejected")
        self.assertEqual(review.decision_note, "Price too low")

    def test_the_dialog_asks_whom_to_question(self):
        order, review = self._submitted()
        with self._dialog(review, self.reviewer) as dialog:
            dialog.decision = "changes"
            dialog.question_to = "customer"
            dialog.note = "Can you accept two deliveries?"
        dialog.record.action_confirm_decision()
        self.assertEqual(review.question_to, "customer")
        self.assertEqual(order.review_state, "changes")

    def test_salesperson_answers_through_the_dialog(self):
        order, review = self._submitted()
        with self._dialog(review, self.reviewer) as dialog:
            dialog.decision = "changes"
            dialog.note = "Which colour?"
        dialog.record.action_confirm_decision()
        answer = Form(
            self.env["sale.order.review.answer"]
            .with_user(self.salesperson)
            .with_context(default_review_id=review.id)
        )
        self.assertEqual(answer.question, "Which colour?")
        answer.answer = "Dark blue"
        answer.save().action_send_answer()
        self.assertEqual(review.answer, "Dark blue")
        self.assertEqual(review.state, "pending")

    def test_no_dialog_on_a_stage_one_may_not_read(self):
        _order, review = self._submitted()
        with self.assertRaises(AccessError):
            self._dialog(review, self.other_reviewer).save()
