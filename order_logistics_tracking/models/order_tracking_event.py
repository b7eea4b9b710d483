# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..providers.base import STATUSES

STATUS_SELECTION = [
    ("pending", "Pending"),
    ("info_received", "Info Received"),
    ("in_transit", "In Transit"),
    ("out_for_delivery", "Out for Delivery"),
    ("available_for_pickup", "Available for Pickup"),
    ("failed_attempt", "Failed Attempt"),
    ("delivered", "Delivered"),
    ("exception", "Exception"),
    ("returned", "Returned"),
    ("expired", "Expired"),
]
assert [code for code, _label in STATUS_SELECTION] == list(STATUSES)


class OrderTrackingEvent(models.Model):
    """One carrier scan of a shipment, as the carrier sent it: append-only."""

    _name = "order.tracking.event"
    _description = "Shipment Tracking Event"
    _order = "event_time desc, id desc"
    _rec_name = "description"

    # === FIELDS === #
    shipment_id = fields.Many2one(
        "order.shipment", required=True, index=True, ondelete="cascade", readonly=True
    )
    picking_id = fields.Many2one(
        related="shipment_id.picking_id", store=True, index=True, string="Delivery"
    )
    sale_id = fields.Many2one(related="shipment_id.sale_id", string="Sale Order")
    company_id = fields.Many2one(related="shipment_id.company_id", store=True)
    carrier_id = fields.Many2one(related="shipment_id.carrier_id")
    event_time = fields.Datetime(required=True, readonly=True, index=True)
    status = fields.Selection(
        STATUS_SELECTION,
        readonly=True,
        help="The carrier's code mapped onto the common statuses; empty when "
        "the code is not known yet (see Unknown Code).",
    )
    raw_code = fields.Char(string="Carrier Code", readonly=True)
    unknown_code = fields.Boolean(
        readonly=True,
        help="The carrier's code is not in the provider's mapping: the event is "
        "kept as sent and needs a mapping.",
    )
    description = fields.Char(readonly=True)
    location = fields.Char(readonly=True)
    payload = fields.Json(string="Raw Payload", readonly=True, groups="base.group_user")
    source = fields.Selection(
        [("push", "Push"), ("poll", "Poll"), ("manual", "Manual")], readonly=True
    )
    dedupe_key = fields.Char(required=True, readonly=True)

    _sql_constraints = [
        (
            "dedupe_unique",
            "unique(shipment_id, dedupe_key)",
            "This carrier event is already recorded for this shipment.",
        )
    ]

    # === CRUD === #
    def write(self, vals):
        if vals:
            raise UserError(
                self.env._(
                    "Tracking events cannot be changed: they are what the carrier sent."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Tracking events cannot be deleted: they are what the carrier sent."
            )
        )
