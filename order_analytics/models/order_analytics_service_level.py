# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..planning import stock
from .order_analytics_class import ABC_CLASSES, XYZ_CLASSES


class OrderAnalyticsServiceLevel(models.Model):
    """The cycle service level a company targets in one ABC × XYZ cell.

    Each company has one row per cell, made with the library's defaults
    (:data:`planning.stock.DEFAULT_SERVICE_LEVELS`) when the addon is
    installed or the company created; users change the level only. The min /
    max wizard passes a company's rows to :func:`planning.stock.service_level`
    as overrides, so a missing row falls back to the default.
    """

    _name = "order.analytics.service.level"
    _description = "Service Level per ABC × XYZ Cell"
    _order = "company_id, abc_class, xyz_class"
    _rec_names_search = ["abc_class", "xyz_class"]
    # The cell a row stands for, fixed at creation.
    _CELL_FIELDS = frozenset({"company_id", "abc_class", "xyz_class"})

    # === FIELDS === #
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    abc_class = fields.Selection(
        ABC_CLASSES, string="ABC", required=True, readonly=True
    )
    xyz_class = fields.Selection(
        XYZ_CLASSES, string="XYZ", required=True, readonly=True
    )
    level = fields.Float(
        string="Service Level",
        required=True,
        digits=(16, 4),
        help="Probability of no stock-out in a replenishment cycle, as a "
        "fraction (0.95 is 95 %): it sets the safety stock's z.",
    )

    _sql_constraints = [
        (
            "cell_unique",
            "UNIQUE (company_id, abc_class, xyz_class)",
            "A company has one service level per ABC × XYZ cell.",
        ),
    ]

    # === COMPUTES === #
    @api.depends("abc_class", "xyz_class")
    def _compute_display_name(self):
        for row in self:
            row.display_name = f"{row.abc_class or ''}{row.xyz_class or ''}"

    # === CONSTRAINTS === #
    @api.constrains("level")
    def _check_level(self):
        for row in self:
            if not 0.0 < row.level < 1.0:
                raise ValidationError(
                    self.env._(
                        "The service level of the cell %(cell)s must be above "
                        "0 %% and below 100 %%.",
                        cell=row.display_name,
                    )
                )

    # === CRUD === #
    def write(self, vals):
        # readonly=True only hides the cell in the form: over RPC a manager
        # could otherwise move a row to another company or another cell.
        if vals.keys() & self._CELL_FIELDS:
            raise UserError(
                self.env._(
                    "A service level belongs to its company and its ABC × XYZ "
                    "cell: only the level can be changed."
                )
            )
        return super().write(vals)

    # === BUSINESS METHODS === #
    @api.model
    def _ensure_company_cells(self, companies=None):
        """Give each of ``companies`` (default: all) the cells it lacks, at
        the library's default level.

        :param companies: ``res.company`` records
        """
        companies = companies or self.env["res.company"].sudo().with_context(
            active_test=False
        ).search([])
        existing = {
            (row.company_id.id, row.abc_class, row.xyz_class)
            for row in self.sudo().search([("company_id", "in", companies.ids)])
        }
        self.sudo().create(
            [
                {
                    "company_id": company.id,
                    "abc_class": cell[0],
                    "xyz_class": cell[1],
                    "level": level,
                }
                for company in companies
                for cell, level in stock.DEFAULT_SERVICE_LEVELS.items()
                if (company.id, cell[0], cell[1]) not in existing
            ]
        )

    @api.model
    def _levels_of(self, company):
        """The company's levels, as overrides of
        :func:`planning.stock.service_level`.

        :return: dict cell ("AX") -> level
        """
        rows = self.sudo().search([("company_id", "=", company.id)])
        return {f"{row.abc_class}{row.xyz_class}": row.level for row in rows}
