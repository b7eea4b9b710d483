# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic check of stages whose check is ``none``."""

from odoo import api, models

from ...phrases import phrase
from ...review_data import PASS, result


class SaleReviewCheckNone(models.AbstractModel):
    _name = "sale.review.check.none"
    _inherit = "sale.review.check"
    _description = "Order Review Check: No automatic check"

    @api.model
    def _judge(self, orders, data, stage):
        return {order.id: result(PASS, phrase("check.none")) for order in orders}
