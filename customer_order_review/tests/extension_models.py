# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A check and a risk factor written the way the readme's "Extend" section
says, loaded only by ``test_extend`` (odoo-test-helper's fake-model loader)."""

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from .. import phrases
from ..review_data import FAIL, PASS, result

_lt = LazyTranslate(__name__)

phrases.register("test_extend.weekend", _lt("The promised day is a weekend."))
phrases.register("test_extend.weekday", _lt("The promised day is a weekday."))


# 1. The check: a selection value and a model ``sale.review.check.<code>``.
class SaleReviewStage(models.Model):
    _inherit = "sale.review.stage"

    check_code = fields.Selection(
        selection_add=[("weekend", "No weekend delivery")],
        ondelete={"weekend": "set default"},
    )


class SaleReviewCheckWeekend(models.AbstractModel):
    _name = "sale.review.check.weekend"
    _inherit = "sale.review.check"
    _description = "Order Review Check: No weekend delivery"

    @api.model
    def _judge(self, orders, data, stage):
        results = {}
        for order in orders:
            day = order.commitment_date
            if day and day.weekday() >= 5:
                results[order.id] = result(FAIL, phrases.phrase("test_extend.weekend"))
            else:
                results[order.id] = result(PASS, phrases.phrase("test_extend.weekday"))
        return results


# 2. The risk factor: a selection value and a measure method.
class SaleReviewRiskFactor(models.Model):
    _inherit = "sale.review.risk.factor"

    code = fields.Selection(
        selection_add=[("big_order", "Big order")], ondelete={"big_order": "cascade"}
    )


class SaleReviewCheck(models.AbstractModel):
    _inherit = "sale.review.check"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _risk_measure_big_order(self, order, data):
        return data.amounts[order.id] >= 10000.0
