# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Carrier push endpoints. A request only checks who sent it and what shape
it has, stores the raw push and answers; a cron started at once reads and
applies it. Bad input gets a 4xx with a short reason, never a 5xx."""

import json
import logging

from odoo import http
from odoo.http import request

from ..providers import kuaidi100, track17

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000


def _reply(status, reason):
    return request.make_response(
        reason, headers=[("Content-Type", "text/plain; charset=utf-8")], status=status
    )


class TrackingWebhooks(http.Controller):
    def _push_carrier(self, carrier_id, provider):
        carrier = request.env["delivery.carrier"].sudo().browse(carrier_id).exists()
        if not carrier or carrier.tracking_provider != provider or not carrier.active:
            return None
        return carrier

    def _body_too_large(self):
        length = request.httprequest.content_length
        return length is not None and length > MAX_BODY_BYTES

    @http.route(
        "/order_logistics/kuaidi100/push/<int:carrier_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY_BYTES,
    )
    def kuaidi100_push(self, carrier_id, **_kwargs):
        """Kuaidi100's push: a form with ``param`` (JSON) and
        ``sign = MD5(param + salt)``; answered with Kuaidi100's exact
        acknowledgement once stored."""
        if self._body_too_large():
            return _reply(413, "body too large")
        carrier = self._push_carrier(carrier_id, "kuaidi100")
        if not carrier:
            return _reply(404, "unknown carrier")
        form = request.httprequest.form
        param, sign = form.get("param"), form.get("sign")
        if not param or not sign:
            return _reply(400, "param and sign are required")
        if not carrier._tracking_kuaidi100_verify_push(param, sign):
            return _reply(403, "bad signature")
        try:
            # PostgreSQL stores no NUL character, raw or escaped.
            if "\x00" in param or "\\u0000" in param:
                raise ValueError
            if not isinstance(json.loads(param), dict):
                raise ValueError
        except (ValueError, RecursionError):
            return _reply(400, "param is not a JSON object")
        request.env["order.tracking.push"].sudo()._store(carrier, param)
        return request.make_response(
            kuaidi100.PUSH_ACK_BODY,
            headers=[("Content-Type", "application/json; charset=utf-8")],
        )

    @http.route(
        "/order_logistics/track17/push/<int:carrier_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY_BYTES,
    )
    def track17_push(self, carrier_id, token=None, **_kwargs):
        """17TRACK's push, to the carrier's secret address; its content only
        says which numbers to pull."""
        if self._body_too_large():
            return _reply(413, "body too large")
        carrier = self._push_carrier(carrier_id, "track17")
        if not carrier:
            return _reply(404, "unknown carrier")
        if not carrier._tracking_track17_verify_push(token):
            return _reply(403, "bad token")
        body = request.httprequest.get_data(cache=False)
        try:
            track17.parse_push(body)
            text = body.decode("utf-8")
            if "\x00" in text or "\\u0000" in text:
                raise ValueError("NUL character")
        except ValueError as error:  # also UnicodeDecodeError
            return _reply(400, str(error) or "malformed body")
        request.env["order.tracking.push"].sudo()._store(carrier, text)
        return request.make_response(
            json.dumps({"code": 0}), headers=[("Content-Type", "application/json")]
        )
