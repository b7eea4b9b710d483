# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock moves: the index the review's forecast reads."""

from odoo import models

from .sale_review_facts import OPEN_MOVES


class StockMove(models.Model):
    _inherit = "stock.move"

    def init(self):
        res = super().init()
        OPEN_MOVES.ensure(self.env.cr)
        return res
