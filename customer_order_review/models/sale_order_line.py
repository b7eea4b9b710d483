# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order lines: a change of a key value lapses the order's approval."""

from odoo import api, models

from .sale_review_facts import OPEN_LINES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def init(self):
        res = super().init()
        OPEN_LINES.ensure(self.env.cr)
        return res

    @api.model
    def _review_key_fields(self):
        """Line fields whose change lapses the order's approval."""
        return {
            "product_id",
            "product_uom_qty",
            "product_uom",
            "price_unit",
            "discount",
            "tax_id",
            # They recompute the quantity without writing it.
            "product_packaging_id",
            "product_packaging_qty",
            # A line moved to another order changes both orders.
            "order_id",
            # The description is what the customer signs.
            "name",
        }

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered(lambda line: not line.display_type).order_id._review_lapse_for(
            ["order_line"]
        )
        return lines

    def write(self, vals):
        # Orders before the write (and after it, for a line that moves) lapse.
        orders = self.env["sale.order"]
        if self._review_key_fields() & vals.keys():
            orders = self.order_id._review_lapsable()
        res = super().write(vals)
        if "order_id" in vals:
            orders |= self.order_id
        orders._review_lapse_for(["order_line"])
        return res

    def unlink(self):
        orders = self.order_id._review_lapsable()
        res = super().unlink()
        orders._review_lapse_for(["order_line"])
        return res
