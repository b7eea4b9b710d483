# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    delivery_exception_ids = fields.One2many(
        "order.delivery.exception", "sale_id", string="Delivery Exceptions"
    )
    delivery_exception_count = fields.Integer(
        compute="_compute_delivery_exception_count"
    )

    def _compute_delivery_exception_count(self):
        Case = self.env["order.delivery.exception"]
        counts = {}
        # Counted as the user sees the cases: a salesperson, the cases of
        # their own orders; a user who reads no case, none.
        if Case.has_access("read"):
            counts = dict(
                Case._read_group(
                    [("sale_id", "in", self.ids)], ["sale_id"], ["__count"]
                )
            )
        for order in self:
            order.delivery_exception_count = counts.get(order, 0)

    def action_view_delivery_exceptions(self):
        """The delivery exception cases of this order."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_logistics_tracking.action_order_delivery_exception"
        )
        action["domain"] = [("sale_id", "=", self.id)]
        action["context"] = {"default_sale_id": self.id}
        return action
