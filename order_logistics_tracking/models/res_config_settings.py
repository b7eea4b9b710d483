# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tracking_expire_days = fields.Integer(
        related="company_id.tracking_expire_days", readonly=False
    )
    tracking_poll_hours = fields.Integer(
        related="company_id.tracking_poll_hours", readonly=False
    )
    tracking_failure_threshold = fields.Integer(
        related="company_id.tracking_failure_threshold", readonly=False
    )
    tracking_pause_minutes = fields.Integer(
        related="company_id.tracking_pause_minutes", readonly=False
    )
