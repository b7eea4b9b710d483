# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the review gate from a hostile review, each asserting the secure
behaviour: confirming without approval (cancel detours, imports, copies),
keeping an approval across changes (lines or requirements moved between
orders, taxes, packaging, a new seller), forging decisions or answers, and
reading what the order hides."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from .common import ReviewCase

REFUSED = (AccessError, UserError, ValidationError)


@tagged("post_install", "-at_install")
class TestHostile(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage()
        cls.poor = cls._create_customer("Poor Hostile Ltd", credit_limit=100.0)
        cls.other_sales = new_test_user(
            cls.env,
            login="hostile_other_sales",
            name="Other Sales",
            groups="sales_team.group_sale_salesman",
        )
        cls.plain_user = new_test_user(
            cls.env, login="hostile_plain", name="Plain User", groups="base.group_user"
        )
        cls.portal_user = new_test_user(
            cls.env, login="hostile_portal", name="Portal", groups="base.group_portal"
        )

    def _try(self, fn, *args, **kwargs):
        try:
            with mute_logger("odoo.sql_db", "odoo.models"), self.env.cr.savepoint():
                fn(*args, **kwargs)
            return True
        except REFUSED:
            return False

    # === confirm an unapproved order ===================================
    def test_cancel_then_write_state_sale(self):
        """write state=cancel then state=sale skips _review_ensure_confirmable
        (which only looks at draft/sent orders)."""
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        as_sales = order.with_user(self.salesperson)
        self._try(as_sales.write, {"state": "cancel"})
        self._try(as_sales.write, {"state": "sale"})
        self.assertNotEqual(order.state, "sale", "unreviewed order confirmed")

    def test_load_cancel_then_sale(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        Sale = self.env["sale.order"].with_user(self.salesperson)
        Sale.load([".id", "state"], [[str(order.id), "cancel"]])
        Sale.load([".id", "state"], [[str(order.id), "sale"]])
        self.assertNotEqual(order.state, "sale")

    def test_approval_survives_cancel_detour(self):
        """Approved, write state=cancel (not action_cancel), change the lines
        while cancelled (no lapse: not draft/sent), write state=draft (not
        action_draft, approval kept), confirm."""
        order = self._approved_order()
        as_sales = order.with_user(self.salesperson)
        self._try(as_sales.write, {"state": "cancel"})
        self._assert_change_not_confirmed(order, as_sales)

    def _assert_change_not_confirmed(self, order, as_sales):
        """Change a line of a cancelled approved order, reset and confirm it
        as the salesperson: it must not confirm on its old approval."""
        self._try(as_sales.order_line.write, {"product_uom_qty": 500.0})
        self._try(as_sales.write, {"state": "draft"})
        self._try(as_sales.action_confirm)
        self.assertFalse(
            order.state == "sale" and order.order_line.product_uom_qty == 500.0,
            "changed order confirmed on an old approval",
        )

    def test_copy_state_sale(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        new = order.with_user(self.salesperson).copy({"state": "sale"})
        self.assertNotEqual(new.state, "sale")

    def test_copy_review_state(self):
        order = self._approved_order()
        self.assertFalse(
            self._try(
                order.with_user(self.salesperson).copy, {"review_state": "approved"}
            )
        )
        new = order.with_user(self.salesperson).copy()
        self.assertEqual(new.review_state, "to_submit")

    def test_load_new_order_state_sale(self):
        Sale = self.env["sale.order"].with_user(self.salesperson)
        res = Sale.load(
            [
                "partner_id/.id",
                "state",
                "order_line/product_id/.id",
                "order_line/product_uom_qty",
            ],
            [[str(self.poor.id), "sale", str(self.product.id), "50"]],
        )
        for rid in res["ids"] or []:
            self.assertNotEqual(Sale.browse(rid).state, "sale")

    def test_load_review_state(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        Sale = self.env["sale.order"].with_user(self.salesperson)
        Sale.load([".id", "review_state"], [[str(order.id), "approved"]])
        self.assertEqual(order.review_state, "to_submit")

    def test_mixed_batch_confirm(self):
        approved = self._approved_order()
        other = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        (approved | other).with_user(self.salesperson).action_confirm()
        self.assertEqual(approved.state, "sale")
        self.assertEqual(other.state, "draft")

    def test_write_state_sale_batch_mixed(self):
        approved = self._approved_order()
        other = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        self._try(
            (approved | other).with_user(self.salesperson).write, {"state": "sale"}
        )
        self.assertNotEqual(other.state, "sale")

    def test_web_save_state_sale(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        self._try(order.with_user(self.salesperson).web_save, {"state": "sale"}, {})
        self.assertNotEqual(order.state, "sale")

    def test_review_enabled_related_not_writable(self):
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        self._try(order.with_user(self.salesperson).write, {"review_enabled": False})
        self.env.invalidate_all()
        self.assertTrue(self.company.order_review_enabled)
        order.with_user(self.salesperson).action_confirm()
        self.assertNotEqual(order.state, "sale")

    def test_salesperson_cannot_toggle_company_setting(self):
        self.assertFalse(
            self._try(
                self.company.with_user(self.salesperson).write,
                {"order_review_enabled": False},
            )
        )
        self.assertFalse(
            self._try(
                lambda: (
                    self.env["res.config.settings"]
                    .with_user(self.salesperson)
                    .create({"order_review_enabled": False})
                    .execute()
                )
            )
        )
        self.assertTrue(self.company.order_review_enabled)

    # === keep an approval while changing the order ====================
    def test_line_tax_change_lapses(self):
        tax = self.env["account.tax"].create({"name": "Hostile 50%", "amount": 50.0})
        order = self._approved_order()
        total = order.amount_total
        order.order_line.with_user(self.salesperson).write(
            {"tax_id": [Command.set(tax.ids)]}
        )
        self.assertNotEqual(order.amount_total, total)
        self.assertNotEqual(order.review_state, "approved", "tax change kept approval")

    def test_order_line_tax_change_via_order_lapses(self):
        tax = self.env["account.tax"].create({"name": "Hostile 60%", "amount": 60.0})
        order = self._approved_order()
        order.with_user(self.salesperson).write(
            {
                "order_line": [
                    Command.update(
                        order.order_line.id, {"tax_id": [Command.set(tax.ids)]}
                    )
                ]
            }
        )
        self.assertNotEqual(order.review_state, "approved")

    def test_packaging_qty_lapses(self):
        packaging = self.env["product.packaging"].create(
            {"name": "Box of 100", "product_id": self.product.id, "qty": 100.0}
        )
        order = self._create_order()
        line = order.order_line
        line.write({"product_packaging_id": packaging.id, "product_uom_qty": 200.0})
        order.with_user(self.salesperson).action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        self.assertEqual(order.review_state, "approved")
        line.with_user(self.salesperson).write({"product_packaging_qty": 50.0})
        self.assertEqual(line.product_uom_qty, 5000.0)
        self.assertNotEqual(order.review_state, "approved", "qty x2500 kept approval")

    def test_move_line_to_other_order_lapses(self):
        a = self._approved_order()
        b = self._approved_order(lines=[(self.product_b, 1.0)])
        a.order_line.with_user(self.salesperson).write({"order_id": b.id})
        self.assertEqual(len(b.order_line), 2)
        self.assertNotEqual(
            b.review_state, "approved", "b got a new line, kept approval"
        )

    def test_move_line_away_lapses_source(self):
        a = self._approved_order(lines=[(self.product, 2.0), (self.product_b, 1.0)])
        b = self._create_order(lines=[(self.product_b, 1.0)])
        a.order_line[:1].with_user(self.salesperson).write({"order_id": b.id})
        self.assertEqual(len(a.order_line), 1)
        self.assertNotEqual(a.review_state, "approved", "a lost a line, kept approval")

    def test_link_line_from_other_order_lapses_source(self):
        a = self._approved_order(lines=[(self.product, 2.0), (self.product_b, 1.0)])
        b = self._create_order(lines=[(self.product_b, 1.0)])
        b.with_user(self.salesperson).write(
            {"order_line": [Command.link(a.order_line[:1].id)]}
        )
        self.assertEqual(len(a.order_line), 1)
        self.assertNotEqual(a.review_state, "approved", "a lost a line, kept approval")

    def test_direct_line_create_lapses(self):
        order = self._approved_order()
        self.env["sale.order.line"].with_user(self.salesperson).create(
            {
                "order_id": order.id,
                "product_id": self.product.id,
                "product_uom_qty": 500,
            }
        )
        self.assertNotEqual(order.review_state, "approved")

    def test_direct_line_unlink_lapses(self):
        order = self._approved_order(lines=[(self.product, 2.0), (self.product_b, 1.0)])
        order.order_line[:1].with_user(self.salesperson).unlink()
        self.assertNotEqual(order.review_state, "approved")

    def test_line_name_change(self):
        """Line description is what the customer signs: kept approval?"""
        order = self._approved_order()
        order.order_line.with_user(self.salesperson).write({"name": "Gold bars"})
        self.assertNotEqual(order.review_state, "approved")

    def test_direct_special_requirement_create_lapses(self):
        order = self._approved_order()
        self.env["sale.order.special.requirement"].with_user(self.salesperson).create(
            {"order_id": order.id, "name": "Deliver to the moon"}
        )
        self.assertNotEqual(order.review_state, "approved")

    def test_special_requirement_moved_lapses(self):
        src = self._create_order()
        req = self.env["sale.order.special.requirement"].create(
            {"order_id": src.id, "name": "Pink boxes"}
        )
        order = self._approved_order()
        req.with_user(self.salesperson).write({"order_id": order.id})
        self.assertNotEqual(order.review_state, "approved")

    def test_pricelist_change_lapses(self):
        order = self._approved_order()
        pl = self.env["product.pricelist"].create({"name": "Hostile PL"})
        order.with_user(self.salesperson).write({"pricelist_id": pl.id})
        self.assertNotEqual(order.review_state, "approved")

    def test_company_switch_lapses(self):
        other = self.env["res.company"].create({"name": "No Review Co"})
        self.salesperson.write({"company_ids": [Command.link(other.id)]})
        order = self._create_order(partner=self.poor, lines=[(self.product, 50.0)])
        as_sales = order.with_user(self.salesperson).with_context(
            allowed_company_ids=[self.company.id, other.id]
        )
        self._try(as_sales.write, {"company_id": other.id})
        self._try(as_sales.action_confirm)
        self._try(as_sales.write, {"company_id": self.company.id})
        self.assertFalse(
            order.state == "sale" and order.company_id == self.company,
            "confirmed through a review-off company, then switched back",
        )

    # === forge decisions / answers ======================================
    def _feasible(self):
        return self.env["sale.order.special.requirement"].search(
            [
                ("feasibility", "=", "feasible"),
                ("order_id.partner_id", "=", self.customer.id),
            ]
        )

    def test_forge_feasibility_update_command(self):
        order = self._create_order()
        req = self.env["sale.order.special.requirement"].create(
            {"order_id": order.id, "name": "X"}
        )
        self._try(
            order.with_user(self.salesperson).write,
            {
                "special_requirement_ids": [
                    Command.update(req.id, {"feasibility": "feasible"})
                ]
            },
        )
        self.assertFalse(self._feasible())
        self._try(req.with_user(self.salesperson).action_mark_feasible)
        self.assertEqual(req.feasibility, "pending")

    def test_forge_feasibility_copy_default(self):
        order = self._create_order()
        self._try(
            order.with_user(self.salesperson).copy,
            {
                "special_requirement_ids": [
                    Command.create({"name": "Y", "feasibility": "feasible"})
                ]
            },
        )
        self.assertFalse(self._feasible())

    def test_forge_feasibility_load(self):
        order = self._create_order()
        self._try(
            self.env["sale.order.special.requirement"].with_user(self.salesperson).load,
            ["order_id/.id", "name", "feasibility"],
            [[str(order.id), "Z", "feasible"]],
        )
        self.assertFalse(self._feasible())

    def test_forge_feasibility_default_context(self):
        order = self._create_order()
        self._try(
            self.env["sale.order.special.requirement"]
            .with_user(self.salesperson)
            .with_context(default_feasibility="feasible")
            .create,
            {"order_id": order.id, "name": "W"},
        )
        self._try(
            order.with_user(self.salesperson)
            .with_context(default_feasibility="feasible")
            .write,
            {"special_requirement_ids": [Command.create({"name": "V"})]},
        )
        self.assertFalse(self._feasible())

    def test_copy_keeps_decided_requirements_pending(self):
        order = self._create_order()
        self.env["sale.order.special.requirement"].create(
            {"order_id": order.id, "name": "X"}
        )
        new = order.with_user(self.salesperson).copy()
        self.assertEqual(new.special_requirement_ids.feasibility, "pending")

    def test_other_salesperson_answer(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        review = self._pending(order)
        self._decide(
            review, self.reviewer, "changes", note="Why?", question_to="salesperson"
        )
        self.assertEqual(review.state, "changes")
        Answer = self.env["sale.order.review.answer"].with_user(self.other_sales)
        self._try(
            lambda: Answer.create(
                {"review_id": review.id, "answer": "forged"}
            ).action_send_answer()
        )
        self.assertNotEqual(review.answer, "forged")
        self.assertEqual(review.state, "changes")

    def test_salesperson_decides_own_stage(self):
        self.stage.write({"reviewer_user_ids": [Command.set(self.reviewer.ids)]})
        order = self._create_order(user=self.reviewer)
        order.with_user(self.reviewer).action_submit_review()
        review = self._pending(order)
        self.assertFalse(self._try(self._decide, review, self.reviewer, "approve"))
        self.assertNotEqual(order.review_state, "approved")

    # === read others' reviews =========================================
    def test_other_salesperson_reads_nothing(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        Review = self.env["sale.order.review"].with_user(self.other_sales)
        Log = self.env["sale.order.review.log"].with_user(self.other_sales)
        self.assertEqual(Review.search_count([("order_id", "=", order.id)]), 0)
        self.assertEqual(Log.search_count([("order_id", "=", order.id)]), 0)
        self.assertFalse(
            Review.read_group([("order_id", "=", order.id)], ["order_id"], ["order_id"])
        )
        self.assertFalse(
            self._try(
                order.review_ids.with_user(self.other_sales).read, ["check_message"]
            )
        )
        self.assertFalse(
            self._try(
                order.review_log_ids.with_user(self.other_sales).read, ["snapshot"]
            )
        )
        msgs = (
            self.env["mail.message"]
            .with_user(self.other_sales)
            .search([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        )
        self.assertFalse(msgs)

    def test_plain_user_reads_nothing(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        for model in (
            "sale.order.review",
            "sale.order.review.log",
            "sale.order.special.requirement",
        ):
            self.assertFalse(
                self._try(
                    self.env[model].with_user(self.plain_user).search_read, [], ["id"]
                ),
                model,
            )

    def test_reviewer_cannot_write_order(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        self.assertFalse(
            self._try(order.with_user(self.other_reviewer).write, {"note": "x"})
        )

    def test_portal_user_reads_nothing(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        for model in ("sale.order.review", "sale.order.review.log"):
            self.assertFalse(
                self._try(
                    self.env[model].with_user(self.portal_user).search_read, [], ["id"]
                ),
                model,
            )

    def _portal_order(self):
        partner = self.portal_user.partner_id
        partner.write(
            {"credit_limit": 100000.0, "property_payment_term_id": self.term_30.id}
        )
        order = self._create_order(partner=partner)
        order.message_subscribe(partner.ids)
        order.with_user(self.salesperson).action_submit_review()
        self.assertTrue(order.with_user(self.portal_user).read(["name"]))
        return order

    def test_portal_user_reads_risk_fields(self):
        """The customer reads its order over RPC: the internal risk score and
        its factors, and the staff's banner (reviewers' names, their questions
        to the salesperson), are not for them."""
        order = self._portal_order()
        leaked = [
            fname
            for fname in (
                "risk_score",
                "risk_level",
                "risk_details",
                "risk_details_display",
                "review_banner",
                "review_banner_level",
            )
            if self._try(order.with_user(self.portal_user).read, [fname])
        ]
        self.assertEqual(leaked, [], "portal customer reads the internal risk")

    def test_portal_user_reads_review_relations(self):
        order = self._portal_order()
        for fname in ("review_ids", "review_log_ids", "special_requirement_ids"):
            ok = False
            try:
                with self.env.cr.savepoint():
                    vals = order.with_user(self.portal_user).read([fname])[0][fname]
                    recs = order[fname].with_user(self.portal_user)
                    recs.read(["display_name"])
                    ok = bool(vals)
            except REFUSED:
                ok = False
            self.assertFalse(ok, fname)

    def test_portal_user_cannot_confirm_by_rpc(self):
        order = self._portal_order()
        self._try(order.with_user(self.portal_user).action_confirm)
        self._try(order.with_user(self.portal_user).write, {"state": "sale"})
        self.assertNotEqual(order.state, "sale")

    def test_approval_survives_action_cancel_detour(self):
        """Same as the write detour but with the proper action_cancel:
        _action_cancel keeps review_state 'approved'."""
        order = self._approved_order()
        as_sales = order.with_user(self.salesperson)
        self._try(as_sales.action_cancel)
        self.assertEqual(order.state, "cancel")
        self._assert_change_not_confirmed(order, as_sales)

    def test_seller_reassigns_to_decide_own_order(self):
        """A reviewer who sells the order leaves it without salesperson
        (user_id is not a key field, and salespeople write orders without
        one), approves the stage, then takes the order back."""
        order = self._create_order(user=self.reviewer)
        as_rita = order.with_user(self.reviewer)
        as_rita.write({"user_id": False})
        as_rita.action_submit_review()
        review = self._pending(order)
        self.assertIn(self.reviewer, review.reviewer_ids)
        self._try(self._decide, review, self.reviewer, "approve")
        self._try(as_rita.write, {"user_id": self.reviewer.id})
        self.assertFalse(
            order.review_state == "approved" and order.user_id == self.reviewer,
            "seller approved their own order",
        )

    def test_update_prices_lapses(self):
        pl = self.env["product.pricelist"].create({"name": "Hostile PL2"})
        order = self._create_order(pricelist_id=pl.id)
        order.with_user(self.salesperson).action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        self.assertEqual(order.review_state, "approved")
        pl.write(
            {
                "item_ids": [
                    Command.create(
                        {
                            "compute_price": "fixed",
                            "fixed_price": 1.0,
                            "applied_on": "3_global",
                        }
                    )
                ]
            }
        )
        order.with_user(self.salesperson).action_update_prices()
        self.assertEqual(order.order_line.price_unit, 1.0)
        self.assertNotEqual(order.review_state, "approved")
