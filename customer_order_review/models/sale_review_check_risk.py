# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The raw measures of the risk factors (their scoring is ``risk.py``).

Each factor code of ``sale.review.risk.factor.code`` is measured by one
method ``_risk_measure_<code>(order, data)``; a new factor is a
``selection_add`` on that field, one such method and one factor record.
"""

from odoo import api, models
from odoo.tools import float_is_zero


class SaleReviewCheck(models.AbstractModel):
    _inherit = "sale.review.check"

    @api.model
    def _risk_factor_codes(self):
        """The codes of every risk factor, each measured by its method."""
        field = self.env["sale.review.risk.factor"]._fields["code"]
        return [code for code, _label in field._description_selection(self.env)]

    @api.model
    def _risk_measures(self, orders, data):
        """Raw measures of the risk factors, per order id: order id ->
        {code: measure}."""
        measures = {
            code: getattr(self, f"_risk_measure_{code}")
            for code in self._risk_factor_codes()
        }
        return {
            order.id: {code: measure(order, data) for code, measure in measures.items()}
            for order in orders
        }

    # === ONE METHOD PER FACTOR === #
    @api.model
    def _risk_measure_credit_use(self, order, data):
        """Exposure / credit limit (0 without a limit)."""
        credit = data.credit(order)
        return credit["exposure"] / credit["limit"] if credit["limit"] else 0.0

    @api.model
    def _risk_measure_days_overdue(self, order, data):
        """Days the oldest overdue invoice of the customer is late."""
        return data.credit(order)["days_overdue"]

    @api.model
    def _risk_measure_new_customer(self, order, data):
        """Fewer confirmed orders than the company's threshold."""
        partner = order.partner_id.commercial_partner_id
        known_after = order.company_id.order_review_new_customer_orders
        key = (partner.id, order.company_id.id)
        return data.confirmed_order_counts.get(key, 0) < known_after

    @api.model
    def _risk_measure_discount(self, order, data):
        """Discount of the order, in percent of its gross amount."""
        lines = data.product_lines[order.id]
        gross = sum(line.price_unit * line.product_uom_qty for line in lines)
        discounted = sum(
            line.price_unit * line.product_uom_qty * line.discount / 100.0
            for line in lines
        )
        return (discounted / gross * 100.0) if gross else 0.0

    @api.model
    def _risk_measure_stock_shortfall(self, order, data):
        """Share of the ordered storable quantity missing at the promised date."""
        ordered = sum(
            line.product_uom_qty
            for line in data.product_lines[order.id]
            if line.product_id.is_storable
        )
        if not ordered:
            return 0.0
        missing = sum(
            min(qty - max(forecast, 0.0), qty)
            for _line, qty, forecast, _date in data.shortages.get(order.id, [])
        )
        return missing / ordered

    @api.model
    def _risk_measure_unusual_quantity(self, order, data):
        """Largest ratio of a line's quantity to the customer's usual one in
        the order's company (0 without history)."""
        partner = order.partner_id.commercial_partner_id
        ratios = []
        for line in data.product_lines[order.id]:
            usual = data.usual_quantities.get(
                (
                    partner.id,
                    order.company_id.id,
                    line.product_id.id,
                    line.product_uom.id,
                )
            )
            if usual and not float_is_zero(usual, precision_digits=6):
                ratios.append(line.product_uom_qty / usual)
        return max(ratios, default=0.0)

    @api.model
    def _risk_measure_special_requirements(self, order, data):
        """The order has special requirements."""
        return bool(order.special_requirement_count)
