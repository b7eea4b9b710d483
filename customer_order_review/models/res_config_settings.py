# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    order_review_enabled = fields.Boolean(
        related="company_id.order_review_enabled", readonly=False
    )
    order_review_risk_low = fields.Float(
        related="company_id.order_review_risk_low", readonly=False
    )
    order_review_risk_high = fields.Float(
        related="company_id.order_review_risk_high", readonly=False
    )
    order_review_discount_limit = fields.Float(
        related="company_id.order_review_discount_limit", readonly=False
    )
    order_review_price_tolerance = fields.Float(
        related="company_id.order_review_price_tolerance", readonly=False
    )
    order_review_duplicate_days = fields.Integer(
        related="company_id.order_review_duplicate_days", readonly=False
    )
    order_review_overdue_grace_days = fields.Integer(
        related="company_id.order_review_overdue_grace_days", readonly=False
    )
    order_review_new_customer_orders = fields.Integer(
        related="company_id.order_review_new_customer_orders", readonly=False
    )
