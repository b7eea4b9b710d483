# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models

from .order_tracking_event import STATUS_SELECTION

# A delivery of several parcels shows the status that needs attention first,
# then the least advanced one: one lost parcel is the delivery's news.
STATUS_PRIORITY = [
    "exception",
    "failed_attempt",
    "returned",
    "expired",
    "pending",
    "info_received",
    "in_transit",
    "available_for_pickup",
    "out_for_delivery",
    "delivered",
]
REFERENCE_SEPARATORS = re.compile(r"[,;，；\s]+")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    shipment_ids = fields.One2many("order.shipment", "picking_id", readonly=True)
    shipment_count = fields.Integer(compute="_compute_shipment_count")
    tracking_status = fields.Selection(
        STATUS_SELECTION,
        compute="_compute_tracking_status",
        store=True,
        index=True,
        help="The carrier's status of the delivery's parcels (the one needing "
        "attention first when they differ).",
    )
    tracking_event_ids = fields.One2many(
        "order.tracking.event", "picking_id", string="Tracking Events", readonly=True
    )
    tracking_last_event_time = fields.Datetime(
        compute="_compute_tracking_last_event", string="Last Carrier Event"
    )
    tracking_last_event = fields.Char(
        compute="_compute_tracking_last_event", string="Last Carrier Event Text"
    )
    tracking_eta = fields.Datetime(
        compute="_compute_tracking_last_event", string="Carrier ETA"
    )

    # === COMPUTES === #
    @api.depends("shipment_ids")
    def _compute_shipment_count(self):
        for picking in self:
            picking.shipment_count = len(picking.shipment_ids)

    @api.depends("shipment_ids.status")
    def _compute_tracking_status(self):
        for picking in self:
            statuses = set(picking.shipment_ids.mapped("status"))
            picking.tracking_status = next(
                (status for status in STATUS_PRIORITY if status in statuses), False
            )

    @api.depends(
        "shipment_ids.last_event_time", "shipment_ids.last_event_id", "shipment_ids.eta"
    )
    def _compute_tracking_last_event(self):
        for picking in self:
            shipments = picking.shipment_ids.filtered("last_event_time").sorted(
                "last_event_time", reverse=True
            )
            latest = shipments[:1]
            picking.tracking_last_event_time = latest.last_event_time
            picking.tracking_last_event = latest.last_event_id.description or False
            etas = picking.shipment_ids.filtered("eta").mapped("eta")
            picking.tracking_eta = max(etas) if etas else False

    # === CRUD === #
    def write(self, vals):
        res = super().write(vals)
        if {"carrier_tracking_ref", "carrier_id", "state"} & vals.keys():
            # Whichever comes last of "done" and "has a tracking reference".
            self.env["order.shipment"]._create_for_pickings(self)
        return res

    def _action_done(self):
        res = super()._action_done()
        self.env["order.shipment"]._create_for_pickings(self)
        return res

    # === ACTIONS === #
    def action_view_shipments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_logistics_tracking.action_order_shipment"
        )
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.shipment_ids) == 1:
            action.update(view_mode="form", res_id=self.shipment_ids.id, views=False)
        return action

    # === BUSINESS === #
    def _tracking_references(self):
        """The parcels' tracking references: a delivery's reference field
        may hold several, separated by commas (or semicolons, spaces)."""
        self.ensure_one()
        refs = REFERENCE_SEPARATORS.split(self.carrier_tracking_ref or "")
        unique = []
        for ref in refs:
            ref = ref.strip()
            if ref and ref not in unique:
                unique.append(ref)
        return unique
