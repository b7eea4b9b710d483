# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review is a gate: its own fields and the confirmation change only
through the review, whoever asks and whatever the context."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import HttpCase, new_test_user

from .common import JsonRpcMixin, ReviewCase

FORGED_CONTEXT = {
    "order_review_confirming": True,
    "order_review_writing": True,
    "order_review_guard": True,
    "order_review_deferred_lapse": [1, 2, 3],
}


@tagged("post_install", "-at_install")
class TestReviewGate(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage()
        cls.poor = cls._create_customer("Poor Customer Ltd", credit_limit=100.0)

    def test_salesperson_cannot_write_review_state(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        as_sales = order.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            as_sales.write({"review_state": "approved"})
        self.assertEqual(order.review_state, "to_submit")
        as_sales.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "in_review")
        self.assertTrue(order.review_log_ids)

    def test_review_fields_are_refused_even_to_the_superuser(self):
        order = self._create_order()
        for vals in (
            {"risk_score": 0.0},
            {"risk_level": "low"},
            {"review_confirm_requested": True},
            {"review_cycle": 7},
            {"review_state": "not_needed"},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError):
                    order.sudo().with_context(**FORGED_CONTEXT).write(vals)
        self.assertEqual(order.review_state, "to_submit")
        self.assertFalse(order.review_cycle)

    def test_create_cannot_carry_review_fields(self):
        Order = self.env["sale.order"].with_user(self.salesperson)
        vals = {"partner_id": self.customer.id, "review_state": "approved"}
        with self.assertRaises(AccessError):
            Order.create(vals)
        # A default in the context (a grouped view's quick create) is dropped.
        order = Order.with_context(default_review_state="approved").create(
            {"partner_id": self.customer.id}
        )
        self.assertEqual(order.review_state, "to_submit")

    def test_forged_context_does_not_confirm(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        forged = order.with_user(self.salesperson).with_context(**FORGED_CONTEXT)
        with self.assertRaises(AccessError):
            forged.write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_import_of_confirmed_order_passes_the_review(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .with_context(**FORGED_CONTEXT)
            .create(
                {
                    "partner_id": self.poor.id,
                    "state": "sale",
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 50}
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "in_review")

    def test_approval_lapses_whatever_the_context(self):
        order = self._approved_order()
        forged = order.with_user(self.salesperson).with_context(**FORGED_CONTEXT)
        forged.order_line.write({"product_uom_qty": 900})
        self.assertEqual(order.review_state, "in_review")
        self.assertIn("lapsed", self._log_events(order))
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_tax_change_lapses_the_approval(self):
        tax = self.env["account.tax"].create(
            {"name": "Gate 13%", "amount": 13.0, "type_tax_use": "sale"}
        )
        order = self._approved_order()
        order.order_line.with_user(self.salesperson).write(
            {"tax_id": [Command.set(tax.ids)]}
        )
        self.assertEqual(order.review_state, "in_review")

    def test_approval_lapses_once_on_an_order_write(self):
        order = self._approved_order()
        order.with_user(self.salesperson).write(
            {
                "order_line": [
                    Command.update(order.order_line.id, {"product_uom_qty": 3}),
                    Command.create(
                        {"product_id": self.product_b.id, "product_uom_qty": 1}
                    ),
                ]
            }
        )
        self.assertEqual(self._log_events(order).count("lapsed"), 1)
        self.assertEqual(order.review_cycle, 2)

    def test_approved_order_confirms_but_not_with_a_change(self):
        order = self._approved_order()
        with self.assertRaises(AccessError):
            order.with_user(self.salesperson).write(
                {
                    "state": "sale",
                    "order_line": [
                        Command.update(order.order_line.id, {"product_uom_qty": 900})
                    ],
                }
            )
        self.assertEqual(order.order_line.product_uom_qty, 2)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_draft_of_confirmed_order_changes_nothing(self):
        order = self._approved_order()
        order.with_user(self.salesperson).action_confirm()
        order.with_user(self.salesperson).action_draft()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.review_state, "approved")
        self.assertNotIn("reset", self._log_events(order))

    def test_draft_of_sent_order_closes_its_open_review(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        order.write({"state": "sent"})
        pending = self._pending(order)
        self.assertTrue(pending.activity_id)
        order.with_user(self.salesperson).action_draft()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "to_submit")
        self.assertEqual(pending.state, "cancelled")
        self.assertFalse(pending.activity_id)
        self.assertIn("reset", self._log_events(order))


@tagged("post_install", "-at_install")
class TestReviewOff(ReviewCase):
    """A company that has not turned the review on works as plain Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.order_review_enabled = False
        cls.poor = cls._create_customer("Poor Customer Ltd", credit_limit=100.0)

    def test_orders_confirm_as_in_plain_odoo(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.picking_ids)
        self.assertFalse(order.review_cycle)
        self.assertFalse(order.review_log_ids)

    def test_changes_lapse_nothing_and_submitting_is_refused(self):
        order = self._create_order()
        order.with_user(self.salesperson).order_line.product_uom_qty = 5
        self.assertFalse(order.review_log_ids)
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).action_submit_review()

    def test_created_confirmed_as_plain_odoo_does(self):
        order = self._create_order(state="sale")
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.review_cycle)


@tagged("post_install", "-at_install")
class TestDuplicateWindow(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sale.review.stage"].search([]).write({"active": False})
        cls.audit = cls.env["sale.review.stage"].create(
            {
                "name": "Audit only",
                "sequence": 5,
                "check_code": "audit",
                "reviewer_type": "users",
                "reviewer_user_ids": [Command.set(cls.reviewer.ids)],
            }
        )

    def _duplicate_warned(self, order):
        order.with_user(self.salesperson).action_submit_review()
        review = order.review_ids.filtered(lambda r: r.stage_id == self.audit)
        return "duplicate" in (review.check_message or "")

    def test_same_order_twice_is_a_likely_duplicate(self):
        self._create_order()
        self.assertTrue(self._duplicate_warned(self._create_order()))

    def test_zero_days_turns_the_search_off(self):
        self.company.order_review_duplicate_days = 0
        self._create_order()
        self.assertFalse(self._duplicate_warned(self._create_order()))

    def test_orders_of_another_company_are_no_duplicates(self):
        other = self.env["res.company"].create(
            {"name": "Review Co B", "order_review_enabled": True}
        )
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": other.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2.0}
                    )
                ],
            }
        )
        self.assertFalse(self._duplicate_warned(self._create_order()))


@tagged("post_install", "-at_install")
class TestGateThroughRpc(JsonRpcMixin, HttpCase, ReviewCase):
    """Attacks 1 and 2 of the gate, as the browser's own JSON-RPC sends them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage()
        cls.poor = cls._create_customer("Poor Customer Ltd", credit_limit=100.0)
        cls.seller = new_test_user(
            cls.env,
            login="gate_rpc_sales",
            password="gate_rpc_sales_pw",  # noqa: S106 (test user)
            name="Rui Rpc",
            groups="sales_team.group_sale_salesman",
        )

    def _call(self, model, method, args, context=None):
        return self._call_kw(model, method, args, {"context": context or {}})

    def test_rpc_cannot_approve_or_confirm(self):
        order = self._create_order(
            partner=self.poor, lines=[(self.product, 50.0)], user=self.seller
        )
        self.authenticate("gate_rpc_sales", "gate_rpc_sales_pw")
        reply = self._call(
            "sale.order", "write", [[order.id], {"review_state": "approved"}]
        )
        self.assertIn("error", reply)
        self.assertIn("review", reply["error"]["data"]["message"])
        reply = self._call(
            "sale.order",
            "write",
            [[order.id], {"state": "sale"}],
            context=FORGED_CONTEXT,
        )
        self.assertIn("error", reply)
        reply = self._call(
            "sale.order", "write", [[order.id], {"risk_score": 0, "risk_level": "low"}]
        )
        self.assertIn("error", reply)
        self._call("sale.order", "action_confirm", [[order.id]], FORGED_CONTEXT)
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "in_review")
        self.assertNotEqual(order.risk_level, "low")

    def test_rpc_change_after_approval_lapses(self):
        order = self._create_order(user=self.seller)
        order.with_user(self.seller).action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        self.authenticate("gate_rpc_sales", "gate_rpc_sales_pw")
        reply = self._call(
            "sale.order",
            "write",
            [
                [order.id],
                {
                    "order_line": [
                        [1, order.order_line.id, {"product_uom_qty": 900}],
                    ]
                },
            ],
            context=FORGED_CONTEXT,
        )
        self.assertNotIn("error", reply)
        order.invalidate_recordset()
        self.assertEqual(order.order_line.product_uom_qty, 900)
        self.assertEqual(order.review_state, "in_review")
        self._call("sale.order", "action_confirm", [[order.id]])
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
