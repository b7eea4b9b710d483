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
    # Classifications and planning (monthly buckets in the company's time zone).
    analytics_abc_months = fields.Integer(
        string="Classification Window (months)",
        default=12,
        help="ABC, XYZ and RFM read this many complete months of orders.",
    )
    analytics_abc_a_share = fields.Float(
        string="Class A Share (%)",
        default=80.0,
        help="The products (customers) that make up this share of the revenue "
        "are in class A.",
    )
    analytics_abc_b_share = fields.Float(
        string="Class B Share (%)",
        default=15.0,
        help="The next ones, up to this further share, are in class B; the rest "
        "is class C.",
    )
    analytics_xyz_x_cv = fields.Float(
        string="Class X below CV",
        default=0.5,
        help="A monthly demand whose coefficient of variation is below this is "
        "in class X.",
    )
    analytics_xyz_y_cv = fields.Float(
        string="Class Y below CV",
        default=1.0,
        help="Below this, class Y; from it on, class Z.",
    )
    analytics_forecast_months = fields.Integer(
        string="Forecast History (months)",
        default=36,
        help="Complete months of demand a forecast learns from.",
    )
    analytics_forecast_horizon = fields.Integer(
        string="Forecast Horizon (months)",
        default=6,
        help="Months forecast ahead; the backtest holds out as many.",
    )
    analytics_season_length = fields.Integer(
        string="Season Length (months)",
        default=12,
        help="Months in one season of demand; 1 for no season.",
    )
    analytics_review_months = fields.Float(
        string="Replenishment Cycle (months)",
        default=1.0,
        help="The suggested maximum is the minimum plus the mean demand of this "
        "many months.",
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

    @api.constrains(
        "analytics_abc_months",
        "analytics_abc_a_share",
        "analytics_abc_b_share",
        "analytics_xyz_x_cv",
        "analytics_xyz_y_cv",
        "analytics_forecast_months",
        "analytics_forecast_horizon",
        "analytics_season_length",
        "analytics_review_months",
    )
    def _check_analytics_planning(self):
        for company in self:
            a_share, b_share = (
                company.analytics_abc_a_share,
                company.analytics_abc_b_share,
            )
            if a_share <= 0 or b_share < 0 or a_share + b_share > 100:
                raise ValidationError(
                    self.env._(
                        "The class A share must be above 0 %, the class B share "
                        "at least 0 %, and both together at most 100 %."
                    )
                )
            if not 0 <= company.analytics_xyz_x_cv <= company.analytics_xyz_y_cv:
                raise ValidationError(
                    self.env._(
                        "The XYZ thresholds must be at least 0, the X one at most "
                        "the Y one."
                    )
                )
            if (
                min(
                    company.analytics_abc_months,
                    company.analytics_forecast_months,
                    company.analytics_forecast_horizon,
                    company.analytics_season_length,
                )
                < 1
                or company.analytics_review_months < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Windows, horizon and season are at least one month; the "
                        "replenishment cycle cannot be negative."
                    )
                )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        """New companies start with the default service level of each
        ABC × XYZ cell."""
        companies = super().create(vals_list)
        self.env["order.analytics.service.level"]._ensure_company_cells(companies)
        return companies

    # === BUSINESS METHODS === #
    def _analytics_abc_thresholds(self):
        """The ABC shares as fractions for :func:`planning.classify.abc_classify`.

        :return: (a, b, c) adding up to 1
        """
        self.ensure_one()
        a_share = self.analytics_abc_a_share / 100.0
        b_share = self.analytics_abc_b_share / 100.0
        return (a_share, b_share, max(1.0 - a_share - b_share, 0.0))

    def _get_analytics_digest_group(self):
        """The group whose members receive the Order Desk digest: the one set
        on the company, else the analytics managers (a company created before
        the addon was installed has none set)."""
        self.ensure_one()
        return self.analytics_digest_group_id or self.env.ref(
            "order_analytics.group_order_analytics_manager"
        )
