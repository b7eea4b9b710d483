# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    shipment_ids = fields.One2many("order.shipment", "sale_id", readonly=True)
    shipment_count = fields.Integer(compute="_compute_shipment_count")

    def _compute_shipment_count(self):
        counts = dict(
            self.env["order.shipment"]._read_group(
                [("sale_id", "in", self.ids)], ["sale_id"], ["__count"]
            )
        )
        for order in self:
            order.shipment_count = counts.get(order, 0)

    def action_view_shipments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_logistics_tracking.action_order_shipment"
        )
        action["domain"] = [("sale_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
