# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""17TRACK (API v2.2): registration, pulls, and pushes that only trigger a
pull (17TRACK's push signing is not pinned down in public material, so what a
push says is never applied as it is)."""

import hmac
import secrets

from odoo import api, fields, models

from ..providers import track17
from ..providers.base import ProviderError
from .delivery_carrier import PushUpdate

PUSH_ROUTE = "/order_logistics/track17/push/%s?token=%s"


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"  # pylint: disable=consider-merging-classes-inherited

    track17_api_key = fields.Char(
        string="17TRACK API Key",
        groups="base.group_system",
        help="The security key of the 17TRACK API console.",
    )
    track17_carrier_code = fields.Integer(
        string="17TRACK Carrier Code",
        help="17TRACK's numeric code of this carrier (for example 3011 China "
        "Post, 190271 Cainiao). 0: 17TRACK detects the carrier.",
    )
    track17_push_token = fields.Char(
        string="17TRACK Push Token",
        groups="base.group_system",
        copy=False,
        default=lambda self: secrets.token_urlsafe(24),
        help="Part of the push address: pushes without it are refused.",
    )
    track17_push_url = fields.Char(
        string="17TRACK Push Address",
        compute="_compute_track17_push_url",
        groups="base.group_system",
    )

    @api.depends("tracking_provider")
    def _compute_track17_push_url(self):
        base = self._tracking_push_base_url()
        for carrier in self:
            token = carrier.sudo().track17_push_token
            carrier.track17_push_url = (
                base + PUSH_ROUTE % (carrier.id, token)
                if carrier.tracking_provider == "track17" and carrier.id and token
                else False
            )

    # === PROVIDER === #
    def _tracking_track17_client(self):
        self.ensure_one()
        carrier = self.sudo()
        if not carrier.track17_api_key:
            raise ProviderError("17TRACK API key is missing")
        return track17.Track17Client(
            carrier.track17_api_key,
            http=self._tracking_http(),
            base_url=carrier.tracking_api_url or track17.BASE_URL,
        )

    def _tracking_track17_default_code(self):
        return str(self.track17_carrier_code) if self.track17_carrier_code else False

    def _tracking_track17_items(self, shipments):
        return [
            {"number": shipment.name, "carrier": self.track17_carrier_code or None}
            for shipment in shipments
        ]

    def _tracking_track17_subscribe(self, shipments):
        """Register the numbers (pushes then come for them)."""
        client = self._tracking_track17_client()
        _accepted, rejected = client.register(self._tracking_track17_items(shipments))
        by_ref = {shipment.name: shipment for shipment in shipments}
        failed = {}
        for number, (code, message) in rejected.items():
            # -18019901: already registered, which is what we asked for.
            if number in by_ref and code != "-18019901":
                failed[by_ref[number].id] = ProviderError(message, code=code)
        return failed

    def _tracking_track17_fetch(self, shipments):
        client = self._tracking_track17_client()
        found, rejected = client.get_track_info(self._tracking_track17_items(shipments))
        results = {}
        for shipment in shipments:
            if shipment.name in found:
                results[shipment.id] = found[shipment.name]
            elif shipment.name in rejected:
                code, message = rejected[shipment.name]
                results[shipment.id] = ProviderError(message, code=code)
        return results

    def _tracking_track17_verify_push(self, token):
        """Whether the push came to this carrier's secret address."""
        self.ensure_one()
        expected = self.sudo().track17_push_token
        return bool(expected and token) and hmac.compare_digest(
            token.encode(), expected.encode()
        )

    def _tracking_track17_read_push(self, push):
        """The numbers a push names, each to be pulled."""
        return [
            PushUpdate(tracking_ref=number, pull=True)
            for number, _carrier in track17.parse_push(push.body)
        ]
