# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestReviewLog(ReviewCase):
    def test_log_cannot_be_changed_or_deleted(self):
        order = self._create_order()
        order.action_confirm()
        log = order.review_log_ids[:1]
        with self.assertRaises(UserError):
            log.write({"note": "rewritten"})
        with self.assertRaises(UserError):
            log.unlink()
        with self.assertRaises(AccessError):
            self.env["sale.order.review.log"].with_user(self.salesperson).create(
                {
                    "order_id": order.id,
                    "company_id": self.company.id,
                    "event": "approved",
                }
            )
        self.assertTrue(log.exists())

    def test_appended_rows_are_whole_records(self):
        """Rows appended in one statement read back like created ones: every
        value, the author and date, the order's list of logs refreshed."""
        order = self._create_order()
        order.action_confirm()
        before = order.review_log_ids  # cached now
        snapshot = order._review_snapshot()
        log = (
            self.env["sale.order.review.log"]
            .with_user(self.reviewer)
            .sudo()
            ._append(
                [
                    {
                        "order_id": order.id,
                        "company_id": self.company.id,
                        "event": "escalated",
                        "date": fields.Datetime.now(),
                        "note": "Over to you",
                        "internal": True,
                        "snapshot": snapshot,
                        "amount_total": 10.004,
                        "currency_id": self.currency.id,
                        "user_id": self.reviewer.id,
                    }
                ]
            )
        )
        self.assertEqual(order.review_log_ids, before | log)
        self.assertEqual(log.user_id, self.reviewer)
        self.assertEqual(log.event, "escalated")
        self.assertTrue(log.internal)
        self.assertEqual(log.snapshot, snapshot)
        self.assertEqual(log.amount_total, 10.0)
        self.assertFalse(log.review_id)
        self.assertIn("Over to you", log.note)
        # an incomplete row (no event, no date) inserts nothing
        with self.assertRaisesRegex(ValueError, "without event, date"):
            self.env["sale.order.review.log"].sudo()._append(
                [{"order_id": order.id, "company_id": self.company.id}]
            )
        self.assertEqual(order.review_log_ids, before | log)

    def test_cancel_reset_and_resubmit_keep_history(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        self._decide(self._pending(order), self.reviewer, "reject", note="Too risky")
        count = len(order.review_log_ids)
        order.action_cancel()
        self.assertEqual(order.state, "cancel")
        order.action_draft()
        order.action_submit_review()
        events = self._log_events(order)
        self.assertEqual(
            events[:count], order.review_log_ids.sorted("id")[:count].mapped("event")
        )
        self.assertIn("cancelled", events)
        self.assertIn("reset", events)
        self.assertEqual(events.count("submitted"), 2)
        rejected = order.review_log_ids.filtered(lambda log: log.event == "rejected")
        self.assertEqual(rejected.note, "Too risky")
        self.assertEqual(rejected.cycle, 1)
        all_reviews = (
            self.env["sale.order.review"]
            .with_context(active_test=False)
            .search([("order_id", "=", order.id)])
        )
        self.assertEqual(set(all_reviews.mapped("cycle")), {1, 2})

    def test_cancel_closes_open_stages(self):
        self._single_stage()
        order = self._create_order()
        order.action_submit_review()
        review = self._pending(order)
        activity = review.activity_id
        order.action_cancel()
        self.assertEqual(review.state, "cancelled")
        self.assertFalse(activity.exists())

    def test_reviewed_order_cannot_be_deleted(self):
        order = self._create_order()
        order.action_submit_review()
        with self.assertRaises(UserError):
            order.unlink()
        fresh = self._create_order()
        fresh.unlink()
        self.assertFalse(fresh.exists())

    def test_readable_names(self):
        order = self._create_order()
        order.action_submit_review()
        review = order.review_ids.filtered(lambda r: r.check_code == "audit")
        self.assertEqual(review.display_name, f"{order.name} \N{EN DASH} Order audit")
        log = order.review_log_ids.filtered(lambda log: log.event == "submitted")
        self.assertEqual(log.display_name, f"{order.name} \N{EN DASH} Submitted")

    def test_snapshot_keeps_values_of_the_moment(self):
        self._single_stage()
        order = self._create_order(lines=[(self.product, 2.0)])
        order.action_submit_review()
        submitted = order.review_log_ids.filtered(lambda log: log.event == "submitted")
        self._decide(self._pending(order), self.reviewer, "approve")
        order.order_line.product_uom_qty = 6.0
        self.assertEqual(submitted.snapshot["lines"][0]["qty"], 2.0)
        self.assertEqual(submitted.amount_total, 200.0)
        self.assertIn("Reviewed Widget", submitted.snapshot_display)


@tagged("post_install", "-at_install")
class TestEscalation(ReviewCase):
    def test_overdue_stage_escalates_once(self):
        self._single_stage(sla_hours=24, escalation_user_id=self.review_manager.id)
        order = self._create_order()
        order.action_submit_review()
        review = self._pending(order)
        Review = self.env["sale.order.review"]
        self.assertEqual(Review._cron_escalate_overdue(), 0, "not overdue yet")
        self.assertEqual(review.sla_state, "on_time")
        review.sudo().write({"deadline": fields.Datetime.now() - timedelta(hours=1)})
        review.invalidate_recordset(["sla_state"])
        self.assertEqual(review.sla_state, "overdue")
        self.assertEqual(Review._cron_escalate_overdue(), 1)
        self.assertTrue(review.escalated_on)
        self.assertIn(self.review_manager, review.reviewer_ids)
        self.assertEqual(review.activity_id.user_id, self.review_manager)
        self.assertIn("escalated", self._log_events(order))
        self.assertEqual(Review._cron_escalate_overdue(), 0, "only once")
        # The escalation target may now decide.
        self._decide(review, self.review_manager, "approve")
        self.assertEqual(review.state, "approved")

    def test_due_soon(self):
        self._single_stage(sla_hours=1)
        order = self._create_order()
        order.action_submit_review()
        self.assertEqual(self._pending(order).sla_state, "due_soon")


@tagged("post_install", "-at_install")
class TestAccess(ReviewCase):
    def test_reviewer_reads_only_orders_under_review(self):
        self._single_stage()
        mine = self._create_order()
        mine.action_submit_review()
        other = self._create_order()
        Order = self.env["sale.order"].with_user(self.other_reviewer)
        self.assertFalse(Order.search([("id", "in", (mine | other).ids)]))
        Order = self.env["sale.order"].with_user(self.reviewer)
        self.assertIn(mine, Order.search([("id", "in", (mine | other).ids)]))
        # Reviewer is also a salesperson: own-documents rule would hide others' orders.
        review = self._pending(mine).with_user(self.reviewer)
        self.assertEqual(review.order_id.name, mine.name)

    def test_billing_user_opens_a_reviewed_order(self):
        """Internal users reaching an order from an invoice see its review."""
        billing = new_test_user(
            self.env, login="review_billing", groups="account.group_account_invoice"
        )
        order = self._create_order(lines=[(self.product, 5000.0)])
        order.action_submit_review()
        values = order.with_user(billing).read(
            [
                "review_state",
                "review_ids",
                "review_current_stage_id",
                "review_waiting_for",
                "risk_score",
                "review_log_ids",
            ]
        )[0]
        self.assertEqual(values["review_state"], "in_review")
        self.assertTrue(values["review_ids"])
        self.assertIn("Order audit", values["review_waiting_for"])

    def test_reviews_are_read_only_for_everyone(self):
        order = self._create_order()
        order.action_submit_review()
        review = order.review_ids[:1]
        watched = [
            "state",
            "check_result",
            "decided_by_id",
            "decided_on",
            "decision_note",
            "active",
        ]
        before = review.read(watched)[0]
        # A forged decision: each value differs from the review's own, so a
        # write that got through would show below.
        forged = {"state": "rejected", "decision_note": "Forged decision"}
        for field, value in forged.items():
            self.assertNotEqual(before[field], value)
        for user in (self.salesperson, self.reviewer, self.review_manager):
            as_user = review.with_user(user)
            with self.assertRaises(AccessError) as refused:
                as_user.write(forged)
            # The refusal names the records it refused (reviews), for this user.
            self.assertIn("sale.order.review", str(refused.exception), user.login)
        # Re-read from the database: nothing the refused writes asked for stuck.
        review.invalidate_recordset()
        self.assertEqual(review.read(watched)[0], before)
        self.assertEqual(review.state, before["state"])

    def test_only_managers_configure_stages(self):
        stage = self.env.ref("customer_order_review.stage_credit")
        with self.assertRaises(AccessError):
            stage.with_user(self.reviewer).write({"sla_hours": 1})
        stage.with_user(self.review_manager).write({"sla_hours": 1})
        self.assertEqual(stage.sla_hours, 1)

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "Review Co B"})
        user_b = self.env["res.users"].create(
            {
                "name": "Bea B",
                "login": "review_user_b",
                "company_id": other_company.id,
                "company_ids": [Command.set(other_company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref(
                                "customer_order_review.group_order_review_manager"
                            ).id,
                            self.env.ref("sales_team.group_sale_manager").id,
                        ]
                    )
                ],
            }
        )
        order = self._create_order()
        order.action_submit_review()
        self.assertFalse(
            self.env["sale.order.review"]
            .with_user(user_b)
            .search([("order_id", "=", order.id)])
        )
        self.assertFalse(
            self.env["sale.order.review.log"]
            .with_user(user_b)
            .search([("order_id", "=", order.id)])
        )
        stage_b = self.env["sale.review.stage"].create(
            {
                "name": "B only",
                "company_id": other_company.id,
                "check_code": "none",
                "reviewer_type": "users",
                "reviewer_user_ids": [Command.set(user_b.ids)],
            }
        )
        self.assertNotIn(
            stage_b, self.env["sale.review.stage"]._get_stages(self.company)
        )
        self.assertFalse(
            self.env["sale.review.stage"]
            .with_user(self.review_manager)
            .search([("id", "=", stage_b.id)])
        )

    def test_bad_stage_configuration_is_refused(self):
        Stage = self.env["sale.review.stage"]
        with self.assertRaises(UserError):
            Stage.create(
                {
                    "name": "Bad",
                    "filter_domain": "[('no_such_field', '=', 1)]",
                    "reviewer_type": "users",
                    "reviewer_user_ids": [Command.set(self.reviewer.ids)],
                }
            )
        with self.assertRaises(UserError):
            Stage.create({"name": "No reviewers", "reviewer_type": "users"})
        with self.assertRaises(UserError):
            Stage.create(
                {
                    "name": "Amounts",
                    "amount_min": 10,
                    "amount_max": 5,
                    "reviewer_type": "users",
                    "reviewer_user_ids": [Command.set(self.reviewer.ids)],
                }
            )
