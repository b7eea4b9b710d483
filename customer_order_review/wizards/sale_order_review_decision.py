# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrderReviewDecision(models.TransientModel):
    """Approve, reject or request changes on a review stage."""

    _name = "sale.order.review.decision"
    _description = "Order Review Decision"

    review_id = fields.Many2one("sale.order.review", required=True, ondelete="cascade")
    # Read as the user: the wizard shows only a review they may read.
    order_id = fields.Many2one(related="review_id.order_id", compute_sudo=False)
    stage_id = fields.Many2one(related="review_id.stage_id", compute_sudo=False)
    check_result = fields.Selection(
        related="review_id.check_result", compute_sudo=False
    )
    check_message = fields.Text(related="review_id.check_message", compute_sudo=False)
    decision = fields.Selection(
        [
            ("approve", "Approve"),
            ("reject", "Reject"),
            ("changes", "Request changes"),
        ],
        required=True,
        default="approve",
    )
    note = fields.Text(
        help="Required to reject, to request changes (the question) and to override "
        "a blocking check."
    )
    question_to = fields.Selection(
        [("salesperson", "Salesperson"), ("customer", "Customer")],
        default="salesperson",
    )
    needs_override = fields.Boolean(compute="_compute_needs_override")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # Whoever may not read the stage may not open a decision on it.
        wizards.review_id.check_access("read")
        return wizards

    @api.depends("review_id", "decision")
    def _compute_needs_override(self):
        for wizard in self:
            review = wizard.review_id
            wizard.needs_override = (
                wizard.decision == "approve"
                and review.blocking
                and review.check_result == "fail"
            )

    def action_confirm_decision(self):
        """Apply the decision (the button of the wizard)."""
        self.ensure_one()
        review = self.review_id
        note = (self.note or "").strip()
        if self.decision in ("reject", "changes") and not note:
            raise UserError(
                self.env._("Give the reason for the rejection.")
                if self.decision == "reject"
                else self.env._("Write the question or the change you need.")
            )
        if self.needs_override and not note:
            raise UserError(
                self.env._("Overriding a failed blocking check needs a reason.")
            )
        review._ensure_may_decide(self.decision)
        self._apply(review, note)
        return {"type": "ir.actions.act_window_close"}

    def _apply(self, review, note):
        """Hook: carry out the decision on ``review``."""
        if self.decision == "approve":
            review._approve(note=note or False)
        elif self.decision == "reject":
            review._reject(note)
        else:
            review._request_changes(note, self.question_to)
