# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrderReviewAnswer(models.TransientModel):
    """The salesperson answers a reviewer's question without changing the order."""

    _name = "sale.order.review.answer"
    _description = "Answer to a Review Question"

    review_id = fields.Many2one("sale.order.review", required=True, ondelete="cascade")
    # Read as the user: only the addressee of the question opens the wizard.
    question = fields.Text(related="review_id.question", compute_sudo=False)
    answer = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for review in wizards.review_id:
            review.check_access("read")
            review._ensure_may_answer()
        return wizards

    def action_send_answer(self):
        self.ensure_one()
        answer = (self.answer or "").strip()
        if not answer:
            raise UserError(self.env._("Write an answer."))
        self.review_id._answer(answer)
        return {"type": "ir.actions.act_window_close"}
