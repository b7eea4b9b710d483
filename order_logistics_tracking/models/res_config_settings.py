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

    # --- notifications --- #

    tracking_notify_shipped = fields.Boolean(
        related="company_id.tracking_notify_shipped", readonly=False
    )
    tracking_notify_out_for_delivery = fields.Boolean(
        related="company_id.tracking_notify_out_for_delivery", readonly=False
    )
    tracking_notify_delivered = fields.Boolean(
        related="company_id.tracking_notify_delivered", readonly=False
    )
    tracking_notify_exception = fields.Boolean(
        related="company_id.tracking_notify_exception", readonly=False
    )

    # --- survey --- #

    tracking_survey_id = fields.Many2one(
        related="company_id.tracking_survey_id", readonly=False
    )
    tracking_survey_delay_days = fields.Integer(
        related="company_id.tracking_survey_delay_days", readonly=False
    )
    tracking_survey_poor_csat = fields.Integer(
        related="company_id.tracking_survey_poor_csat", readonly=False
    )
    tracking_survey_poor_nps = fields.Integer(
        related="company_id.tracking_survey_poor_nps", readonly=False
    )
