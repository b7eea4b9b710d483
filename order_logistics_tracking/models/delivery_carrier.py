# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The tracking provider framework on Odoo's carriers.

A provider is a value of ``tracking_provider`` plus methods named after it,
found with ``getattr`` (the way ``delivery`` finds ``<type>_send_shipping``):

``_tracking_<provider>_subscribe(shipments)``
    ask the provider to push updates of these shipments; return nothing,
    raise ``ProviderError`` when the whole call failed
``_tracking_<provider>_fetch(shipments)``
    pull the current track: dict shipment id -> ``TrackingResult`` or
    ``ProviderError`` (one number may fail while the others succeed)
``_tracking_<provider>_read_push(push)``
    turn one stored raw push into a list of ``PushUpdate``

A provider without push defines no ``_subscribe`` (its shipments are polled)
and no ``_read_push``. A new provider is a module adding these methods and a
``selection_add`` entry (see the readme, "Extend").
"""

import logging
from collections import namedtuple
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..providers.base import HttpClient

_logger = logging.getLogger(__name__)

# What a push says about one number.
#   tracking_ref: the number; result: a TrackingResult to apply, or None
#   pull: True when the push only says "ask me" (17TRACK: never applied as is)
#   carrier_code: a corrected provider carrier code, or None
#   resubscribe: the provider stopped tracking; subscribe again later
PushUpdate = namedtuple(
    "PushUpdate",
    ["tracking_ref", "result", "pull", "carrier_code", "resubscribe"],
    defaults=[None, False, None, False],
)

HEALTH_FIELDS = {
    "tracking_health",
    "tracking_failures",
    "tracking_paused_until",
    "tracking_last_error",
}


class DeliveryCarrier(models.Model):
    # Activities tell the logistics managers when a provider is paused.
    _name = "delivery.carrier"
    _inherit = ["delivery.carrier", "mail.thread", "mail.activity.mixin"]

    # === FIELDS === #
    tracking_provider = fields.Selection(
        [("kuaidi100", "Kuaidi100 (快递100)"), ("track17", "17TRACK")],
        help="The tracking service that follows this carrier's parcels. Empty: "
        "parcels are not tracked.",
    )
    tracking_timeout = fields.Float(
        string="Tracking Call Timeout (s)",
        default=10.0,
        help="Longest wait for one answer of the tracking service.",
    )
    tracking_api_url = fields.Char(
        string="Tracking API Address",
        groups="base.group_system",
        help="Leave empty to use the provider's public address. Set it to "
        "reach the provider through a proxy.",
    )
    tracking_health = fields.Selection(
        [("ok", "Working"), ("paused", "Paused after failures")],
        default="ok",
        readonly=True,
        copy=False,
    )
    tracking_failures = fields.Integer(
        string="Consecutive Failures", readonly=True, copy=False
    )
    tracking_paused_until = fields.Datetime(readonly=True, copy=False)
    tracking_last_error = fields.Char(readonly=True, copy=False)

    # === CRUD === #
    def write(self, vals):
        # The provider's health is the tracking's to keep, not a form's.
        if HEALTH_FIELDS & vals.keys() and not self.env.su:
            vals = {
                key: value for key, value in vals.items() if key not in HEALTH_FIELDS
            }
        return super().write(vals)

    # === ACTIONS === #
    def action_tracking_resume(self):
        """Resume a paused provider now (its next call is a probe)."""
        if not self.env.user.has_group(
            "order_logistics_tracking.group_logistics_manager"
        ):
            raise AccessError(
                self.env._("Only logistics managers resume a paused tracking service.")
            )
        self.sudo()._tracking_set_health(failures=0, error=False)
        return True

    # === PROVIDER DISPATCH === #
    def _tracking_method(self, name):
        """The provider's method ``_tracking_<provider>_<name>``, or None."""
        self.ensure_one()
        if not self.tracking_provider:
            return None
        return getattr(self, f"_tracking_{self.tracking_provider}_{name}", None)

    def _tracking_default_code(self):
        """The provider's code of this carrier, stored on new shipments."""
        method = self._tracking_method("default_code")
        return method() if method else False

    def _tracking_has_push(self):
        """Whether the provider pushes updates (else its shipments are polled)."""
        return bool(self._tracking_method("subscribe"))

    def _tracking_http(self):
        """The HTTP client of provider calls: short timeouts, few retries
        (the crons call again later; a user never waits on them)."""
        self.ensure_one()
        return HttpClient(timeout=self.tracking_timeout or 10.0, retries=2)

    def _tracking_min_poll_interval(self):
        """Shortest time between two pulls of one number (provider rule)."""
        return timedelta(0)

    # === HEALTH === #
    def _tracking_available(self):
        """Whether calls may be made now: not paused, or the pause is over
        (the next call then probes the provider)."""
        self.ensure_one()
        if self.tracking_health != "paused":
            return True
        return not self.tracking_paused_until or (
            self.tracking_paused_until <= fields.Datetime.now()
        )

    def _tracking_record_success(self):
        for carrier in self.sudo():
            if carrier.tracking_failures or carrier.tracking_health != "ok":
                carrier._tracking_set_health(failures=0, error=False)

    def _tracking_record_failure(self, error):
        """Count a failed call; pause the provider after the company's
        threshold and tell the logistics managers (once per pause)."""
        for carrier in self.sudo():
            company = carrier.company_id or self.env.company
            failures = carrier.tracking_failures + 1
            threshold = max(company.tracking_failure_threshold, 1)
            if failures < threshold:
                carrier.write({"tracking_failures": failures})
                carrier._tracking_note_error(error)
                continue
            was_paused = carrier.tracking_health == "paused"
            carrier.write(
                {
                    "tracking_failures": failures,
                    "tracking_health": "paused",
                    "tracking_paused_until": fields.Datetime.now()
                    + timedelta(minutes=max(company.tracking_pause_minutes, 1)),
                }
            )
            carrier._tracking_note_error(error)
            if not was_paused:
                carrier._tracking_warn_managers()

    def _tracking_note_error(self, error):
        self.write({"tracking_last_error": str(error)[:250]})

    def _tracking_set_health(self, failures, error):
        self.write(
            {
                "tracking_failures": failures,
                "tracking_health": "ok",
                "tracking_paused_until": False,
                "tracking_last_error": error,
            }
        )

    def _tracking_warn_managers(self):
        """An activity on the carrier for each logistics manager."""
        self.ensure_one()
        group = self.env.ref(
            "order_logistics_tracking.group_logistics_manager", raise_if_not_found=False
        )
        activity_type = self.env.ref(
            "mail.mail_activity_data_warning", raise_if_not_found=False
        )
        if not (group and activity_type):
            return
        model = self.env["ir.model"]._get_id(self._name)
        managers = group.users.filtered(lambda u: u.active and not u.share)
        for user in managers:
            summary = self.with_context(lang=user.lang or "en_US").env._(
                "Tracking of %s paused after repeated failures", self.name
            )
            note = self.with_context(lang=user.lang or "en_US").env._(
                "Calls to the tracking service failed %(count)s times in a row "
                "(last error: %(error)s). Tracking resumes by itself after the "
                "pause; nothing queued is lost.",
                count=self.tracking_failures,
                error=self.tracking_last_error or "-",
            )
            self.env["mail.activity"].create(
                {
                    "res_model_id": model,
                    "res_id": self.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                }
            )

    @api.model
    def _tracking_push_base_url(self):
        return self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
