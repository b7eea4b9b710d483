# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How a shipment's track is kept: subscribe, poll, apply what the carrier
sent, expire. Crons work in batches: each run handles one batch and reports
its progress (``ir.cron._notify_progress``), so Odoo commits it and calls
again while work remains; a crash loses at most the batch in progress, which
the next run takes again."""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..providers.base import FINAL_STATUSES, ProviderError

_logger = logging.getLogger(__name__)

SUBSCRIBE_BATCH = 100
POLL_BATCH = 200
# Back-off of a number that fails: 1 h, 2 h, 4 h... at most 2 days.
POLL_BACKOFF = timedelta(hours=1)
POLL_BACKOFF_MAX = timedelta(days=2)


class OrderShipment(models.Model):
    _inherit = "order.shipment"  # pylint: disable=consider-merging-classes-inherited

    # === SUBSCRIBE === #
    @api.model
    def _cron_subscribe(self, batch_size=SUBSCRIBE_BATCH):
        """Subscribe new shipments with their provider, one batch per run."""
        domain = [("subscription_state", "=", "to_subscribe"), ("final", "=", False)]
        shipments = self.sudo().search(domain, order="id", limit=batch_size)
        for carrier, group in shipments._group_by_carrier().items():
            if carrier._tracking_available():
                group._subscribe_with(carrier)
        remaining = self.sudo().search_count(domain) if shipments else 0
        self.env["ir.cron"]._notify_progress(done=len(shipments), remaining=remaining)
        # Paused providers' shipments wait; they must not keep the cron busy.
        return remaining

    def _subscribe_with(self, carrier):
        try:
            failed = carrier._tracking_method("subscribe")(self)
        except ProviderError as error:
            carrier._tracking_record_failure(error)
            return  # still to subscribe: nothing is lost
        carrier._tracking_record_success()
        refused = self.browse(list(failed))
        (self - refused)._tracking_sudo().write({"subscription_state": "subscribed"})
        for shipment in refused:
            # The provider refused this number: poll it instead.
            shipment._tracking_sudo().write(
                {
                    "subscription_state": "failed",
                    "subscription_error": str(failed[shipment.id])[:250],
                    "next_poll_at": fields.Datetime.now(),
                }
            )

    def _group_by_carrier(self):
        groups = defaultdict(lambda: self.browse())
        for shipment in self:
            groups[shipment.carrier_id] |= shipment
        return groups

    # === POLL === #
    @api.model
    def _poll_domain(self):
        """Shipments due for a pull: not final, due, and either polled (no
        push) or named by a push."""
        return [
            ("final", "=", False),
            ("next_poll_at", "<=", fields.Datetime.now()),
            "|",
            ("pull_requested", "=", True),
            ("subscription_state", "in", ("none", "failed")),
        ]

    @api.model
    def _cron_poll(self, batch_size=POLL_BATCH):
        """Pull the due shipments, one batch per run, oldest due first."""
        domain = self._poll_domain()
        shipments = self.sudo().search(
            domain, order="next_poll_at, id", limit=batch_size
        )
        for carrier, group in shipments._group_by_carrier().items():
            if carrier._tracking_available():
                group._poll_with(carrier)
            else:
                # Spread the waiting shipments over the pause, not all at its end.
                group._postpone(carrier.tracking_paused_until)
        remaining = self.sudo().search_count(domain) if shipments else 0
        self.env["ir.cron"]._notify_progress(done=len(shipments), remaining=remaining)
        return remaining

    def _poll_with(self, carrier):
        now = fields.Datetime.now()
        try:
            results = carrier._tracking_method("fetch")(self)
        except ProviderError as error:
            carrier._tracking_record_failure(error)
            for shipment in self:
                shipment._back_off(now)
            return
        carrier._tracking_record_success()
        answered = {
            sid: res
            for sid, res in results.items()
            if not isinstance(res, ProviderError)
        }
        self.browse(list(answered))._apply_results(answered, source="poll")
        for shipment in self:
            result = results.get(shipment.id)
            if isinstance(result, ProviderError) or result is None:
                shipment._back_off(now)
            else:
                shipment._schedule_next_poll(now)

    def _schedule_next_poll(self, now):
        self.ensure_one()
        company = self.company_id
        interval = timedelta(hours=max(company.tracking_poll_hours, 1))
        interval = max(interval, self.carrier_id._tracking_min_poll_interval())
        self._tracking_sudo().write(
            {
                "last_polled_at": now,
                "poll_failures": 0,
                "pull_requested": False,
                "next_poll_at": now + interval,
            }
        )

    def _back_off(self, now):
        """A failed pull: try this number later, longer after each failure."""
        self.ensure_one()
        failures = self.poll_failures + 1
        delay = min(POLL_BACKOFF * 2 ** (failures - 1), POLL_BACKOFF_MAX)
        delay = max(delay, self.carrier_id._tracking_min_poll_interval())
        self._tracking_sudo().write(
            {
                "poll_failures": failures,
                "last_polled_at": now,
                "next_poll_at": now + delay,
            }
        )

    def _postpone(self, until):
        spread = timedelta(seconds=5)
        for index, shipment in enumerate(self):
            shipment._tracking_sudo().write({"next_poll_at": until + index * spread})

    # === APPLY === #
    def _apply_results(self, results, source):
        """Store the new events of each shipment and move its status on.

        Bounded whatever the size of the results: one read of the known
        dedupe keys, one insert of the new events, one write per shipment.

        :param results: dict shipment id -> ``TrackingResult``
        :param source: ``push`` or ``poll``
        :return: the new events
        """
        Event = self.env["order.tracking.event"].sudo()
        keys = {e.dedupe_key for res in results.values() for e in res.events}
        known = set()
        if keys:
            known = {
                (row["shipment_id"][0], row["dedupe_key"])
                for row in Event.search_read(
                    [
                        ("shipment_id", "in", list(results)),
                        ("dedupe_key", "in", list(keys)),
                    ],
                    ["shipment_id", "dedupe_key"],
                )
            }
        vals_list = []
        for shipment_id, result in results.items():
            for event in result.events:
                if (shipment_id, event.dedupe_key) in known:
                    continue
                known.add((shipment_id, event.dedupe_key))
                vals_list.append(self._prepare_event_vals(shipment_id, event, source))
        events = Event.create(vals_list)
        latest = {}
        for event in events:
            current = latest.get(event.shipment_id.id)
            if not current or (event.event_time, event.id) > (
                current.event_time,
                current.id,
            ):
                latest[event.shipment_id.id] = event
        shipments = self.browse(list(results))
        before = {
            shipment.id: (shipment.status, shipment.raw_code) for shipment in shipments
        }
        for shipment in shipments:
            shipment._apply_result(results[shipment.id], latest.get(shipment.id))
        # A new carrier code in the same status is news too (an exception
        # that turns from "damaged" to "address problem").
        changed = shipments.filtered(lambda s: (s.status, s.raw_code) != before[s.id])
        if changed:
            changed._tracking_status_changed()
        return events

    def _tracking_status_changed(self):
        """Hook: the status (or the carrier's code) of these shipments just
        changed (customer notifications and exception detectors extend it).
        Runs in the tracking's cron, never in a user's request."""
        return True

    @api.model
    def _prepare_event_vals(self, shipment_id, event, source):
        return {
            "shipment_id": shipment_id,
            "event_time": event.event_time,
            "status": event.status,
            "raw_code": event.raw_code,
            "unknown_code": not event.known_code,
            "description": event.description,
            "location": event.location,
            "payload": event.payload,
            "dedupe_key": event.dedupe_key,
            "source": source,
        }

    def _apply_result(self, result, newest_event):
        """Move the shipment's status to what the carrier says now."""
        self.ensure_one()
        vals = {}
        if newest_event and (
            not self.last_event_time or newest_event.event_time >= self.last_event_time
        ):
            vals.update(
                last_event_id=newest_event.id, last_event_time=newest_event.event_time
            )
        # A stale answer (older than what is known, or after a final status)
        # adds its events to the log but does not move the status back.
        newest = max((event.event_time for event in result.events), default=None)
        stale = bool(self.last_event_time and newest and newest < self.last_event_time)
        if (
            result.status
            and result.status != self.status
            and not stale
            and not self.final
        ):
            vals["status"] = result.status
        vals["raw_code"] = result.raw_code
        vals["unknown_code"] = not result.known_code
        if result.eta:
            vals["eta"] = result.eta
        if result.carrier_code and result.carrier_code != self.carrier_code:
            vals["carrier_code"] = result.carrier_code
        status = vals.get("status", self.status)
        if result.final or status in FINAL_STATUSES:
            vals["final"] = True
        vals = {
            key: value for key, value in vals.items() if self._current(key) != value
        }
        if vals:
            self._tracking_sudo().write(vals)

    def _current(self, fname):
        """The field's value as ``write`` takes it (ids for records)."""
        value = self[fname]
        return value.id if isinstance(value, models.BaseModel) else value

    def _apply_push_flags(self, update):
        """What a push says beside the track: a corrected carrier code, or
        that the provider stopped tracking (poll the number instead, and not
        before 30 minutes, as Kuaidi100 asks)."""
        self.ensure_one()
        vals = {}
        if update.carrier_code and update.carrier_code != self.carrier_code:
            vals["carrier_code"] = update.carrier_code
        if update.resubscribe and not self.final:
            vals.update(
                subscription_state="failed",
                subscription_error="stopped by the provider",
                next_poll_at=fields.Datetime.now() + timedelta(minutes=30),
            )
        if vals:
            self._tracking_sudo().write(vals)

    # === EXPIRE === #
    @api.model
    def _cron_expire(self, batch_size=1000):
        """Shipments without any news for the company's number of days
        become expired (final: no longer polled)."""
        now = fields.Datetime.now()
        expired = self.browse()
        for company in self.env["res.company"].sudo().search([]):
            days = company.tracking_expire_days
            if days <= 0:
                continue
            limit = now - timedelta(days=days)
            expired |= self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("final", "=", False),
                    "|",
                    ("last_event_time", "<", limit),
                    "&",
                    ("last_event_time", "=", False),
                    ("create_date", "<", limit),
                ],
                limit=batch_size,
            )
        expired._tracking_sudo().write({"status": "expired", "final": True})
        if expired:
            expired._tracking_status_changed()
        return len(expired)
