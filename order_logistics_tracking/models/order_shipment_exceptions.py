# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..providers import kuaidi100_codes, track17

# Providers' maps of a raw carrier code to one of our exception types. A new
# provider may instead define ``delivery.carrier._tracking_<provider>_
# exception_hint(raw_code)``, which wins.
EXCEPTION_HINTERS = {
    "kuaidi100": kuaidi100_codes.exception_hint,
    "track17": track17.exception_hint,
}


class OrderShipment(models.Model):
    _inherit = "order.shipment"  # pylint: disable=consider-merging-classes-inherited

    exception_ids = fields.One2many(
        "order.delivery.exception", "shipment_id", string="Delivery Exceptions"
    )
    exception_count = fields.Integer(compute="_compute_exception_count")

    def _compute_exception_count(self):
        counts = dict(
            self.env["order.delivery.exception"]._read_group(
                [("shipment_id", "in", self.ids)], ["shipment_id"], ["__count"]
            )
        )
        for shipment in self:
            shipment.exception_count = counts.get(shipment, 0)

    def action_view_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_logistics_tracking.action_order_delivery_exception"
        )
        action["domain"] = [("shipment_id", "=", self.id)]
        action["context"] = {"default_shipment_id": self.id}
        return action

    def _tracking_status_changed(self):
        """Open a delivery exception for the shipments whose new status is
        a problem (exception, failed attempt, returned)."""
        res = super()._tracking_status_changed()
        self.env["order.delivery.exception"]._detect_status(self)
        return res

    def _exception_hint(self):
        """The exception type the provider gives the shipment's raw code, or
        None."""
        self.ensure_one()
        method = self.carrier_id._tracking_method("exception_hint")
        if method is None:
            method = EXCEPTION_HINTERS.get(self.provider)
        if method is None or not self.raw_code:
            return None
        return method(self.raw_code)
