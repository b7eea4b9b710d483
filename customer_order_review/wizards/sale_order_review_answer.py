# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrderReviewAnswer(models.TransientModel):
    """The salesperson answers a reviewer's question without changing the order."""

    _name = "sale.order.review.answer"
    _description = "Answer to a Review Question"

    review_id = fields.Many2one("sale.order.review", required=True, ondelete="cascade")
    question = fields.Text(related="review_id.question")
    answer = fields.Text(required=True)

    def action_send_answer(self):
        self.ensure_one()
        answer = (self.answer or "").strip()
        if not answer:
            raise UserError(self.env._("Write an answer."))
        self.review_id._answer(answer)
        return {"type": "ir.actions.act_window_close"}
