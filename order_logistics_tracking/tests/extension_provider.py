# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A provider written the way the readme's "Extend" section says, loaded only
by ``test_extend`` (odoo-test-helper's fake-model loader). A real one calls
its carrier's API in ``_tracking_<code>_fetch``; this one answers itself."""

from datetime import datetime

from odoo import fields, models

from ..providers.base import TrackingEvent, TrackingResult


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    tracking_provider = fields.Selection(
        selection_add=[("lantern", "Lantern Post")],
        ondelete={"lantern": "set null"},
    )

    def _tracking_lantern_fetch(self, shipments):
        results = {}
        for shipment in shipments:
            scan = TrackingEvent.build(
                "lantern",
                shipment.name,
                datetime(2026, 11, 30, 6, 0),
                "OFD",
                "With the courier",
                status="out_for_delivery",
                known_code=True,
            )
            results[shipment.id] = TrackingResult(
                shipment.name, "lantern", "out_for_delivery", "OFD", True, [scan]
            )
        return results
