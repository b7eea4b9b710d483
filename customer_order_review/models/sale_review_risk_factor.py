# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools

from ..risk import Factor


class SaleReviewRiskFactor(models.Model):
    """A weighted factor of the order risk score (see ``risk.py``)."""

    _name = "sale.review.risk.factor"
    _inherit = ["sale.review.cached.config"]
    _description = "Order Risk Factor"
    _order = "sequence, id"

    # === FIELDS === #
    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        selection=[
            ("credit_use", "Credit use"),
            ("days_overdue", "Days overdue"),
            ("new_customer", "New customer"),
            ("discount", "Discount"),
            ("stock_shortfall", "Stock shortfall"),
            ("unusual_quantity", "Unusual quantity"),
            ("special_requirements", "Has special requirements"),
        ],
        required=True,
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to use the factor in every company.",
    )
    weight = fields.Float(
        required=True,
        default=10.0,
        help="Points the factor adds to the score when it is fully counted.",
    )
    full_scale = fields.Float(
        required=True,
        default=1.0,
        help="The measure at which the factor is fully counted: a credit use of "
        "1.0 (100 %), 60 days overdue, a 30 % discount, a quantity 3 times the "
        "customer's usual, a shortfall of 100 % of the ordered quantity.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "weight_positive",
            "CHECK(weight >= 0)",
            "A risk factor weight cannot be negative.",
        ),
    ]

    # === BUSINESS METHODS === #
    @api.model
    def _get_factors(self, company):
        """Return the active factors for ``company`` as :class:`risk.Factor`."""
        return list(self._get_factors_cached(company.id))

    @tools.ormcache("company_id")
    def _get_factors_cached(self, company_id):
        # Read as superuser: factors are configuration, the same for everyone.
        records = self.sudo().search(
            [("company_id", "in", [False, company_id])], order="sequence, id"
        )
        return tuple(
            Factor(code=rec.code, weight=rec.weight, full_scale=rec.full_scale)
            for rec in records
        )
