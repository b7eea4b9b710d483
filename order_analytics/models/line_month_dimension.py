# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The models the monthly rollup of the line facts is grouped by (the
comodels of ``MONTH_DIMENSIONS``): before one of their records is deleted,
the rollup rows that name it join the rows of the same key without it."""

from odoo import api, models


class OrderAnalyticsLineMonthDimension(models.AbstractModel):
    """A model the monthly rollup is grouped by.

    Deleting a record sets the rollup's column NULL in the database (the
    many2one's ``ondelete``), in every row at once: where a row of the same
    key without it exists already, the unique key fails and so does the
    delete. The rows are merged first, their figures added to that row.
    """

    _name = "order.analytics.line.month.dimension"
    _description = "Order Analytics Monthly Rollup Dimension"

    # Also when another module is uninstalled: its records' rows are merged
    # like any others (it keeps figures, it refuses nothing).
    @api.ondelete(at_uninstall=True)
    def _unlink_merge_line_month_rows(self):
        rollup = self.env["order.analytics.line.month"]
        for records in self._line_month_deleted_with():
            for field_name in rollup._dimensions_of(records._name):
                rollup._merge_dimension(field_name, records.ids)

    def _line_month_deleted_with(self):
        """These records and those the database deletes with them (``ON
        DELETE CASCADE``), whose own deletion hooks never run.

        :return: list of recordsets
        """
        return [self]


# One small inherit per comodel of MONTH_DIMENSIONS (a test checks that every
# dimension has one).


class CrmTeam(models.Model):
    _name = "crm.team"
    _inherit = ["crm.team", "order.analytics.line.month.dimension"]


class DeliveryCarrier(models.Model):
    _name = "delivery.carrier"
    _inherit = ["delivery.carrier", "order.analytics.line.month.dimension"]


class ProductCategory(models.Model):
    _name = "product.category"
    _inherit = ["product.category", "order.analytics.line.month.dimension"]

    def _line_month_deleted_with(self):
        # A category's subcategories go with it.
        return [self.search([("id", "child_of", self.ids)])]


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "order.analytics.line.month.dimension"]


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "order.analytics.line.month.dimension"]

    def _line_month_deleted_with(self):
        # A template's variants, archived ones included, go with it.
        variants = self.with_context(active_test=False).product_variant_ids
        return [self, variants]


class ResCountry(models.Model):
    _name = "res.country"
    _inherit = ["res.country", "order.analytics.line.month.dimension"]


class ResCountryState(models.Model):
    _name = "res.country.state"
    _inherit = ["res.country.state", "order.analytics.line.month.dimension"]


class ResCurrency(models.Model):
    _name = "res.currency"
    _inherit = ["res.currency", "order.analytics.line.month.dimension"]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "order.analytics.line.month.dimension"]


class ResUsers(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "order.analytics.line.month.dimension"]


class StockWarehouse(models.Model):
    _name = "stock.warehouse"
    _inherit = ["stock.warehouse", "order.analytics.line.month.dimension"]
