# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic check of stages whose check is ``stock``."""

from odoo import api, models

from ... import phrases as ph
from ...phrases import phrase
from ...review_data import FAIL, PASS, evidence, result


class SaleReviewCheckStock(models.AbstractModel):
    _name = "sale.review.check.stock"
    _inherit = "sale.review.check"
    _description = "Order Review Check: Stock and materials check"

    @api.model
    def _judge(self, orders, data, stage):
        """Forecast quantity at the promised date, per line, in the order's
        warehouse."""
        results = {}
        for order in orders:
            shortages = data.shortages.get(order.id, [])
            items = [
                evidence(
                    ph.records(line.product_id),
                    phrase(
                        "stock.line_forecast",
                        ordered=ph.qty(ordered, line.product_uom),
                        forecast=ph.qty(forecast, line.product_uom),
                        date=ph.date(date),
                    ),
                    "product.product",
                    [line.product_id.id],
                )
                for line, ordered, forecast, date in shortages
            ]
            if shortages:
                short = [
                    phrase(
                        "stock.short_line",
                        product=ph.records(line.product_id),
                        missing=ph.qty(ordered - forecast, line.product_uom),
                    )
                    for line, ordered, forecast, _date in shortages
                ]
                message = phrase(
                    "stock.short",
                    count=len(shortages),
                    warehouse=ph.records(order.warehouse_id)
                    if order.warehouse_id
                    else "-",
                    lines=ph.items(short),
                )
                results[order.id] = result(FAIL, message, items)
            else:
                results[order.id] = result(PASS, phrase("stock.ok"))
        return results
