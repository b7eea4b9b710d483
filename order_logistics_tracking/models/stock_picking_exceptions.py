# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    exception_ids = fields.One2many(
        "order.delivery.exception", "picking_id", string="Delivery Exceptions"
    )
    exception_count = fields.Integer(compute="_compute_exception_count")

    def _compute_exception_count(self):
        counts = dict(
            self.env["order.delivery.exception"]._read_group(
                [("picking_id", "in", self.ids)], ["picking_id"], ["__count"]
            )
        )
        for picking in self:
            picking.exception_count = counts.get(picking, 0)

    def action_view_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_logistics_tracking.action_order_delivery_exception"
        )
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {"default_picking_id": self.id}
        return action
