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
    analytics_digest_group_id = fields.Many2one(
        "res.groups",
        string="Order Desk Digest Recipients",
        default=lambda self: self.env.ref(
            "order_analytics.group_order_analytics_manager", raise_if_not_found=False
        ),
        help="The members of this group receive the Order Desk digest email.",
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

    # === BUSINESS METHODS === #
    def _get_analytics_digest_group(self):
        """The group whose members receive the Order Desk digest: the one set
        on the company, else the analytics managers (a company created before
        the addon was installed has none set)."""
        self.ensure_one()
        return self.analytics_digest_group_id or self.env.ref(
            "order_analytics.group_order_analytics_manager"
        )
