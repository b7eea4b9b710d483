# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # === FIELDS === #
    analytics_early_days = fields.Integer(
        string="Early Tolerance (days)",
        default=0,
        help="A delivery this many days before the promised date still counts "
        "as on time.",
    )
    analytics_late_days = fields.Integer(
        string="Late Tolerance (days)",
        default=0,
        help="A delivery this many days after the promised date still counts "
        "as on time.",
    )
    analytics_qty_tolerance = fields.Float(
        string="In-Full Tolerance (%)",
        default=0.0,
        help="A line counts as delivered in full when the quantity delivered by "
        "the end of the promise window reaches the quantity ordered less this "
        "share.",
    )

    # === CONSTRAINTS === #
    @api.constrains(
        "analytics_early_days", "analytics_late_days", "analytics_qty_tolerance"
    )
    def _check_analytics_tolerances(self):
        for company in self:
            if company.analytics_early_days < 0 or company.analytics_late_days < 0:
                raise ValidationError(
                    self.env._("Delivery tolerances cannot be negative.")
                )
            if not 0 <= company.analytics_qty_tolerance < 100:
                raise ValidationError(
                    self.env._(
                        "The in-full tolerance must be at least 0 % and below 100 %."
                    )
                )
