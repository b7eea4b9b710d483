# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kuaidi100 (快递100): subscription with signed pushes, real-time query."""

import secrets

from odoo import api, fields, models

from ..providers import kuaidi100
from ..providers.base import ProviderError
from .delivery_carrier import PushUpdate

PUSH_ROUTE = "/order_logistics/kuaidi100/push/%s"


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"  # pylint: disable=consider-merging-classes-inherited

    kuaidi100_customer = fields.Char(
        groups="base.group_system",
        help="The company number (customer) shown in the Kuaidi100 console.",
    )
    kuaidi100_key = fields.Char(
        groups="base.group_system",
        help="The authorisation key of the Kuaidi100 console.",
    )
    kuaidi100_salt = fields.Char(
        string="Kuaidi100 Push Salt",
        groups="base.group_system",
        copy=False,
        default=lambda self: secrets.token_hex(16),
        help="Secret Kuaidi100 signs each push with; pushes without the right "
        "signature are refused.",
    )
    kuaidi100_company_code = fields.Char(
        string="Kuaidi100 Carrier Code",
        help="Kuaidi100's code of this carrier, in lower case (for example "
        "shunfeng, yuantong, zhongtong, ems).",
    )
    kuaidi100_push_url = fields.Char(
        string="Kuaidi100 Push Address",
        compute="_compute_kuaidi100_push_url",
        groups="base.group_system",
    )

    @api.depends("tracking_provider")
    def _compute_kuaidi100_push_url(self):
        base = self._tracking_push_base_url()
        for carrier in self:
            carrier.kuaidi100_push_url = (
                base + PUSH_ROUTE % carrier.id
                if carrier.tracking_provider == "kuaidi100" and carrier.id
                else False
            )

    # === PROVIDER === #
    def _tracking_kuaidi100_client(self):
        self.ensure_one()
        carrier = self.sudo()
        urls = {}
        if carrier.tracking_api_url:
            base = carrier.tracking_api_url.rstrip("/")
            urls = {
                "query_url": base + "/poll/query.do",
                "subscribe_url": base + "/poll",
            }
        if not (carrier.kuaidi100_customer and carrier.kuaidi100_key):
            raise ProviderError("Kuaidi100 credentials are missing")
        return kuaidi100.Kuaidi100Client(
            carrier.kuaidi100_customer,
            carrier.kuaidi100_key,
            http=self._tracking_http(),
            **urls,
        )

    def _tracking_kuaidi100_default_code(self):
        return self.kuaidi100_company_code or False

    def _tracking_kuaidi100_min_poll_interval(self):
        return kuaidi100.MIN_QUERY_INTERVAL

    def _tracking_min_poll_interval(self):
        if self.tracking_provider == "kuaidi100":
            return self._tracking_kuaidi100_min_poll_interval()
        return super()._tracking_min_poll_interval()

    def _tracking_kuaidi100_subscribe(self, shipments):
        """Subscribe each shipment; raise on the first failure that is the
        provider's (not the number's)."""
        client = self._tracking_kuaidi100_client()
        callback = self._tracking_push_base_url() + PUSH_ROUTE % self.id
        failed = {}
        for shipment in shipments:
            try:
                client.subscribe(
                    shipment.carrier_code or self.kuaidi100_company_code or "",
                    shipment.name,
                    callback,
                    self.sudo().kuaidi100_salt or "",
                    phone=shipment._tracking_phone(),
                )
            except ProviderError as error:
                if error.retryable:
                    raise
                failed[shipment.id] = error
        return failed

    def _tracking_kuaidi100_fetch(self, shipments):
        client = self._tracking_kuaidi100_client()
        results = {}
        for shipment in shipments:
            try:
                results[shipment.id] = client.query(
                    shipment.carrier_code or self.kuaidi100_company_code or "",
                    shipment.name,
                    phone=shipment._tracking_phone(),
                )
            except ProviderError as error:
                if error.retryable:
                    raise
                results[shipment.id] = error
        return results

    def _tracking_kuaidi100_verify_push(self, param, sign):
        """Whether ``sign`` is Kuaidi100's signature of ``param``."""
        self.ensure_one()
        salt = self.sudo().kuaidi100_salt
        return bool(salt) and kuaidi100.verify_push(param, sign or "", salt)

    def _tracking_kuaidi100_read_push(self, push):
        """One push: the track of one number (or a stop / a correction)."""
        parsed = kuaidi100.parse_push(push.body)
        ref = parsed.result.tracking_ref if parsed.result else ""
        if not ref:
            raise ValueError("push without a tracking number")
        return [
            PushUpdate(
                tracking_ref=ref,
                result=parsed.result,
                carrier_code=parsed.switch_company,
                resubscribe=parsed.resubscribe,
            )
        ]
