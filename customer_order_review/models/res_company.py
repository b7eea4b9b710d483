# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
