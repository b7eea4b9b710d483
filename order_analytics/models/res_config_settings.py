# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    analytics_early_days = fields.Integer(
        related="company_id.analytics_early_days", readonly=False
    )
    analytics_late_days = fields.Integer(
        related="company_id.analytics_late_days", readonly=False
    )
    analytics_qty_tolerance = fields.Float(
        related="company_id.analytics_qty_tolerance", readonly=False
    )
