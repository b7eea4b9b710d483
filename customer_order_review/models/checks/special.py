# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic check of stages whose check is ``special``."""

from odoo import api, models

from ... import phrases as ph
from ...phrases import phrase
from ...review_data import FAIL, PASS, WARN, evidence, result


class SaleReviewCheckSpecial(models.AbstractModel):
    _name = "sale.review.check.special"
    _inherit = "sale.review.check"
    _description = "Order Review Check: Special requirements check"

    @api.model
    def _judge(self, orders, data, stage):
        """Every special requirement has a feasibility decision."""
        results = {}
        for order in orders:
            requirements = order.special_requirement_ids
            undecided = requirements.filtered(lambda r: r.feasibility == "pending")
            refused = requirements.filtered(lambda r: r.feasibility == "not_feasible")
            items = [
                evidence(req.name, ph.choice(req, "feasibility", req.feasibility))
                for req in requirements
            ]
            if refused:
                message = phrase("special.refused", count=len(refused))
                results[order.id] = result(FAIL, message, items)
            elif undecided:
                message = phrase("special.undecided", count=len(undecided))
                results[order.id] = result(WARN, message, items)
            else:
                results[order.id] = result(PASS, phrase("special.ok"), items)
        return results
