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
    analytics_digest_group_id = fields.Many2one(
        related="company_id.analytics_digest_group_id", readonly=False
    )

    def set_values(self):
        """Save, then give the group-fed digests of the company the members
        of its digest group at once (they follow it at each sending too)."""
        res = super().set_values()
        self.env["digest.digest"].sudo().search(
            [
                ("analytics_sync_recipients", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )._sync_analytics_recipients()
        return res

    analytics_abc_months = fields.Integer(
        related="company_id.analytics_abc_months", readonly=False
    )
    analytics_abc_a_share = fields.Float(
        related="company_id.analytics_abc_a_share", readonly=False
    )
    analytics_abc_b_share = fields.Float(
        related="company_id.analytics_abc_b_share", readonly=False
    )
    analytics_xyz_x_cv = fields.Float(
        related="company_id.analytics_xyz_x_cv", readonly=False
    )
    analytics_xyz_y_cv = fields.Float(
        related="company_id.analytics_xyz_y_cv", readonly=False
    )
    analytics_forecast_months = fields.Integer(
        related="company_id.analytics_forecast_months", readonly=False
    )
    analytics_forecast_horizon = fields.Integer(
        related="company_id.analytics_forecast_horizon", readonly=False
    )
    analytics_season_length = fields.Integer(
        related="company_id.analytics_season_length", readonly=False
    )
    analytics_review_months = fields.Float(
        related="company_id.analytics_review_months", readonly=False
    )
