# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestReviewFlow(ReviewCase):
    def test_low_risk_order_confirms_in_one_click(self):
        order = self._create_order()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.review_state, "approved")
        self.assertLess(order.risk_score, self.company.order_review_risk_low)
        self.assertEqual(order.risk_level, "low")
        states = {r.stage_id.check_code: r.state for r in order.review_ids}
        self.assertEqual(
            states,
            {
                "audit": "approved",
                "credit": "approved",
                "capacity": "approved",
                "stock": "approved",
                "special": "skipped",
                "final": "approved",
            },
        )
        self.assertTrue(
            all(r.auto_approved for r in order.review_ids if r.state == "approved")
        )
        events = self._log_events(order)
        self.assertEqual(events[0], "submitted")
        self.assertEqual(events[-1], "completed")
        self.assertEqual(events.count("auto_approved"), 5)
        self.assertEqual(events.count("check"), 0, "one row per automatic approval")
        auto = order.review_log_ids.filtered(lambda log: log.event == "auto_approved")
        self.assertTrue(all("Low risk" in log.note_display for log in auto))
        self.assertEqual(set(auto.mapped("check_result")), {"pass"})
        self.assertTrue(order.picking_ids, "the confirmed order ships")
        self.env.flush_all()
        order.invalidate_recordset(["review_current_stage_id"])
        self.assertFalse(order.review_current_stage_id)

    def test_skipped_stage_logs_its_reason(self):
        order = self._create_order()
        order.action_submit_review()
        special = order.review_ids.filtered(
            lambda r: r.stage_id.check_code == "special"
        )
        self.assertEqual(special.state, "skipped")
        log = order.review_log_ids.filtered(lambda log: log.event == "skipped")
        self.assertEqual(log.stage_id, special.stage_id)
        self.assertIn("no special requirements", log.note_display)

    def test_stage_conditions(self):
        stage = self.env.ref("customer_order_review.stage_final")
        stage.amount_min = 5000.0
        small = self._create_order()
        small.action_submit_review()
        final = small.review_ids.filtered(lambda r: r.stage_id == stage)
        self.assertEqual(final.state, "skipped")
        self.assertIn("below", final.skip_reason)
        tag = self.env["res.partner.category"].create({"name": "Key account"})
        stage.write({"amount_min": 0.0, "partner_category_ids": [(6, 0, tag.ids)]})
        other = self._create_order()
        other.action_submit_review()
        self.assertEqual(
            other.review_ids.filtered(lambda r: r.stage_id == stage).state, "skipped"
        )
        self.customer.category_id = tag
        tagged_order = self._create_order()
        tagged_order.action_submit_review()
        self.assertNotEqual(
            tagged_order.review_ids.filtered(lambda r: r.stage_id == stage).state,
            "skipped",
        )

    def test_no_applicable_stage_means_not_needed(self):
        self.env["sale.review.stage"].search([]).write({"active": False})
        order = self._create_order()
        order.action_confirm()
        self.assertEqual(order.review_state, "not_needed")
        self.assertEqual(order.state, "sale")

    def test_shortage_makes_risk_and_waits_for_people(self):
        order = self._create_order(lines=[(self.product, 5000.0)])
        result = order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(result["tag"], "display_notification")
        self.assertTrue(order.review_confirm_requested)
        self.assertEqual(order.review_state, "in_review")
        self.assertNotEqual(order.risk_level, "low")
        shortfall = {d["code"]: d for d in order.risk_details}["stock_shortfall"]
        self.assertGreater(shortfall["points"], 0)
        self.assertIn("Stock shortfall", order.risk_details_display)
        # Not low risk: even a passed check waits for a person.
        pending = self._pending(order)
        self.assertEqual(pending.stage_id.check_code, "audit")
        self.assertEqual(pending.check_result, "pass")
        self.assertTrue(pending.reviewer_ids)
        self.assertTrue(pending.deadline)
        self.assertTrue(pending.activity_id, "the reviewer gets an activity")
        self.assertEqual(pending.activity_id.user_id, pending.reviewer_ids[0])
        self.assertIn("held", self._log_events(order))
        self.assertEqual(order.review_current_stage_id, pending.stage_id)

    def test_reviewer_approval_confirms_held_order(self):
        self._single_stage()
        order = self._create_order()
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        review = self._pending(order)
        self.assertEqual(review.reviewer_ids, self.reviewer)
        self._decide(review, self.reviewer, "approve")
        self.assertEqual(review.state, "approved")
        self.assertEqual(review.decided_by_id, self.reviewer)
        self.assertFalse(review.activity_id.exists(), "the activity is done")
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.state, "sale", "confirmation was asked: it happens now")
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertIn("passed its review", " ".join(mail.mapped("subject")))

    def test_approval_without_confirm_request_leaves_quotation(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.state, "draft")
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_salesperson_never_reviews_own_order(self):
        self._single_stage(
            reviewer_user_ids=[(6, 0, (self.reviewer | self.salesperson).ids)]
        )
        order = self._create_order()
        order.action_submit_review()
        review = self._pending(order)
        self.assertNotIn(self.salesperson, review.reviewer_ids)
        # Even a review manager cannot decide an order they sell (a new
        # salesperson restarts the review).
        order.user_id = self.review_manager
        self.assertEqual(review.state, "cancelled")
        review = self._pending(order)
        self.assertEqual(review.state, "pending")
        with self.assertRaises(AccessError):
            self._decide(review, self.review_manager, "approve")

    def test_team_leader_reviews_through_an_order_field(self):
        team = self.env["crm.team"].create(
            {"name": "Review Team", "user_id": self.reviewer.id}
        )
        field = self.env["ir.model.fields"]._get("sale.order", "team_leader_id")
        self._single_stage(reviewer_type="field", reviewer_field_id=field.id)
        order = self._create_order(team_id=team.id)
        order.action_submit_review()
        self.assertEqual(self._pending(order).reviewer_ids, self.reviewer)

    def test_only_assigned_reviewers_decide(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        review = self._pending(order)
        with self.assertRaises(AccessError):
            self._decide(review, self.other_reviewer, "approve")
        self.assertEqual(review.state, "pending")
        self.assertFalse(review.with_user(self.other_reviewer).can_decide)
        self.assertTrue(review.with_user(self.reviewer).can_decide)

    def test_reject_needs_reason_and_is_logged(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        review = self._pending(order)
        with self.assertRaises(UserError):
            self._decide(review, self.reviewer, "reject", note="  ")
        self.assertEqual(review.state, "pending")
        self._decide(review, self.reviewer, "reject", note="Price too low")
        self.assertEqual(review.state, "rejected")
        self.assertEqual(order.review_state, "rejected")
        log = order.review_log_ids.filtered(lambda log: log.event == "rejected")
        self.assertEqual(log.note, "Price too low")
        self.assertEqual(log.user_id, self.reviewer)
        # A rejected order is not confirmed; confirming resubmits it.
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "in_review")
        self.assertEqual(order.review_cycle, 2)

    def test_rejection_ends_the_cycle(self):
        order = self._create_order(lines=[(self.product, 5000.0)])
        order.action_submit_review()
        audit = self._pending(order)
        self._decide(audit, self.review_manager, "reject", note="Quantity too large")
        states = set((order.review_ids - audit).mapped("state"))
        self.assertEqual(states, {"cancelled", "skipped"})

    def test_request_changes_and_answer(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        review = self._pending(order)
        with self.assertRaises(UserError):
            self._decide(review, self.reviewer, "changes")
        self._decide(review, self.reviewer, "changes", note="Which delivery address?")
        self.assertEqual(order.review_state, "changes")
        self.assertEqual(review.question, "Which delivery address?")
        self.assertEqual(
            order._review_question_recipient(), self.salesperson.partner_id
        )
        wizard = (
            self.env["sale.order.review.answer"]
            .with_user(self.salesperson)
            .create({"review_id": review.id, "answer": "The Shanghai warehouse."})
        )
        wizard.action_send_answer()
        self.assertEqual(review.state, "pending")
        self.assertFalse(review.decided_by_id, "undecided again")
        self.assertEqual(review.answer, "The Shanghai warehouse.")
        self.assertEqual(order.review_state, "in_review")
        self.assertIn("answered", self._log_events(order))
        self.assertIn("The Shanghai warehouse.", order.message_ids[0].body)

    def test_blocking_failure_needs_manager_override_with_reason(self):
        self._single_stage()
        order = self._create_order()
        order.order_line.discount = 35.0
        order.action_submit_review()
        review = self._pending(order)
        self.assertEqual(review.check_result, "fail")
        self.assertIn("Discount", review.check_message)
        with self.assertRaises(UserError):
            self._decide(review, self.reviewer, "approve")
        with self.assertRaises(UserError):
            self._decide(review, self.review_manager, "approve")
        self.assertEqual(review.state, "pending")
        self._decide(
            review, self.review_manager, "approve", note="Clearance sale agreed"
        )
        self.assertTrue(review.overridden)
        log = order.review_log_ids.filtered(lambda log: log.event == "overridden")
        self.assertEqual(log.note, "Clearance sale agreed")
        self.assertEqual(order.review_state, "approved")

    def test_warning_check_can_be_approved_by_reviewer(self):
        self._single_stage(blocking=False)
        order = self._create_order()
        order.order_line.discount = 35.0
        order.action_submit_review()
        review = self._pending(order)
        self._decide(review, self.reviewer, "approve")
        self.assertFalse(review.overridden)
        self.assertEqual(order.review_state, "approved")

    def test_change_after_approval_lapses_and_restarts(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        self.assertEqual(order.review_state, "approved")
        first_cycle = order.review_ids
        logs_before = len(order.review_log_ids)
        order.order_line.product_uom_qty = 3.0
        self.assertEqual(order.review_state, "in_review")
        self.assertEqual(order.review_cycle, 2)
        self.assertIn("lapsed", self._log_events(order))
        self.assertFalse(first_cycle.filtered("active"), "the old cycle is archived")
        self.assertTrue(first_cycle.exists(), "and kept")
        self.assertGreater(len(order.review_log_ids), logs_before)
        lapsed = order.review_log_ids.filtered(lambda log: log.event == "lapsed")
        self.assertEqual(lapsed.snapshot["lines"][0]["qty"], 3.0)
        # Changing the customer or the promised date lapses too.
        self._decide(self._pending(order), self.reviewer, "approve")
        order.commitment_date = order.commitment_date.replace(hour=1)
        self.assertEqual(order.review_cycle, 3)
        # A non-key field does not.
        self._decide(self._pending(order), self.reviewer, "approve")
        order.note = "<p>Gift wrap</p>"
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.review_cycle, 3)

    def test_adding_a_line_in_one_save_restarts_once(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        order.write(
            {
                "partner_id": self._create_customer("Other Buyer").id,
                "order_line": [
                    (0, 0, {"product_id": self.product_b.id, "product_uom_qty": 1})
                ],
            }
        )
        self.assertEqual(order.review_cycle, 2)
        self.assertEqual(self._log_events(order).count("lapsed"), 1)

    def test_direct_state_write_is_refused(self):
        order = self._create_order(lines=[(self.product, 5000.0)])
        with self.assertRaises(UserError):
            order.write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_import_confirmed_order_passes_review(self):
        values = {
            "partner_id": self.customer.id,
            "user_id": self.salesperson.id,
            "payment_term_id": self.term_30.id,
            "state": "sale",
            "order_line": [
                (0, 0, {"product_id": self.product.id, "product_uom_qty": 1})
            ],
        }
        good = self.env["sale.order"].create(dict(values))
        self.assertEqual(good.state, "sale")
        self.assertEqual(good.review_state, "approved")
        self.assertTrue(good.picking_ids)
        values["order_line"] = [
            (0, 0, {"product_id": self.product.id, "product_uom_qty": 9000})
        ]
        held = self.env["sale.order"].create(values)
        self.assertEqual(held.state, "draft")
        self.assertEqual(held.review_state, "in_review")
        self.assertTrue(held.review_confirm_requested)

    def test_submit_validation(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        with self.assertRaises(UserError):
            order.action_submit_review()
        empty = self.env["sale.order"].create({"partner_id": self.customer.id})
        with self.assertRaises(UserError):
            empty.action_submit_review()
        self.assertEqual(empty.review_state, "to_submit")
