# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic check of stages whose check is ``final``."""

from odoo import api, models

from ... import phrases as ph
from ...phrases import phrase
from ...review_data import FAIL, PASS, result


class SaleReviewCheckFinal(models.AbstractModel):
    _name = "sale.review.check.final"
    _inherit = "sale.review.check"
    _description = "Order Review Check: Final approval check"

    @api.model
    def _judge(self, orders, data, stage):
        """All earlier stages passed."""
        results = {}
        key = (stage.sequence, stage.id)
        for order in orders:
            planned = data.pipeline_states.get(order.id)
            if planned is not None:
                earlier = {
                    s: state for s, state in planned.items() if (s.sequence, s.id) < key
                }
            else:
                earlier = {
                    review.stage_id: review.state
                    for review in order.review_ids
                    if (review.sequence, review.stage_id.id) < key
                }
            open_stages = [
                s
                for s, state in earlier.items()
                if state not in ("approved", "skipped")
            ]
            if open_stages:
                stages = self.env["sale.review.stage"].union(*open_stages)
                message = phrase("final.open_stages", stages=ph.records(stages))
                results[order.id] = result(FAIL, message)
            else:
                results[order.id] = result(PASS, phrase("final.ok"))
        return results
