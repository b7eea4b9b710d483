# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The review's numeric settings: none of them is meaningful below zero.
REVIEW_NUMBERS = (
    "order_review_risk_low",
    "order_review_risk_high",
    "order_review_discount_limit",
    "order_review_price_tolerance",
    "order_review_duplicate_days",
    "order_review_overdue_grace_days",
    "order_review_new_customer_orders",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    # Odoo's own credit-limit convention: installing the addon changes nothing
    # until a company turns its review on.
    order_review_enabled = fields.Boolean(
        string="Review Orders Before Confirmation",
        help="Quotations of this company pass the staged review (audit, credit, "
        "capacity, stock, special requirements, final approval) before they are "
        "confirmed. Off: orders are confirmed as in plain Odoo.",
    )
    order_review_risk_low = fields.Float(
        string="Low Risk Below",
        default=30.0,
        help="Orders scoring below this are low risk: their stages whose automatic "
        "check passes approve themselves.",
    )
    order_review_risk_high = fields.Float(
        string="High Risk From",
        default=60.0,
        help="Orders scoring this or more are shown as high risk.",
    )
    order_review_discount_limit = fields.Float(
        string="Discount Limit (%)",
        default=20.0,
        help="The order audit fails for a line discounted more than this.",
    )
    order_review_price_tolerance = fields.Float(
        string="Price Tolerance (%)",
        default=1.0,
        help="The order audit warns when a unit price is lower than the pricelist "
        "price by more than this share.",
    )
    order_review_duplicate_days = fields.Integer(
        string="Duplicate Window (days)",
        default=7,
        help="An order with the same customer, products and quantities as another "
        "order created within this many days is reported as a likely duplicate.",
    )
    order_review_overdue_grace_days = fields.Integer(
        string="Overdue Grace (days)",
        default=5,
        help="Invoices overdue by more days than this fail the credit check.",
    )
    order_review_new_customer_orders = fields.Integer(
        string="New Customer Below (orders)",
        default=1,
        help="A customer with fewer confirmed orders than this is a new customer "
        "for the risk score.",
    )

    # === CONSTRAINTS === #
    @api.constrains(*REVIEW_NUMBERS)
    def _check_order_review_settings(self):
        """No setting of the review is negative (a negative count would stop
        every review), and low risk ends where high risk starts, or before."""
        for company in self:
            negative = [name for name in REVIEW_NUMBERS if company[name] < 0]
            if negative:
                raise ValidationError(
                    self.env._(
                        "%(settings)s cannot be negative.",
                        settings=", ".join(
                            company._fields[name].get_description(self.env)["string"]
                            for name in negative
                        ),
                    )
                )
            if company.order_review_risk_low > company.order_review_risk_high:
                raise ValidationError(
                    self.env._(
                        "Low risk must end at or below where high risk starts "
                        "(%(low)s > %(high)s).",
                        low=company.order_review_risk_low,
                        high=company.order_review_risk_high,
                    )
                )
