# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.ondelete(at_uninstall=False)
    def _unlink_forget_line_months(self):
        # The line facts of a deleted order go with it in the database, where
        # no refresh sees them: what they brought leaves the monthly rollup
        # first.
        self.env["order.analytics.line.month"]._forget_orders(self.ids)
