# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The inbox of carrier pushes: stored raw by the webhook, read by a cron."""

import dataclasses
import logging
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..providers.base import sha256_hex
from .order_shipment import GUARD_KEY, TRACKING_GUARD

_logger = logging.getLogger(__name__)

PUSH_BATCH = 200


class OrderTrackingPush(models.Model):
    """One push a carrier sent, kept as it came: nothing a carrier sent is
    lost, even when it names a number we do not know."""

    _name = "order.tracking.push"
    _description = "Carrier Push"
    _order = "id desc"
    _rec_name = "received_at"

    carrier_id = fields.Many2one(
        "delivery.carrier", required=True, readonly=True, index=True
    )
    provider = fields.Selection(related="carrier_id.tracking_provider", store=True)
    company_id = fields.Many2one(related="carrier_id.company_id", store=True)
    received_at = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now
    )
    body = fields.Text(readonly=True, help="What the carrier sent, as it came.")
    dedupe_key = fields.Char(required=True, readonly=True)
    state = fields.Selection(
        [
            ("new", "To Process"),
            ("done", "Applied"),
            ("unknown", "Unknown Number"),
            ("error", "Unreadable"),
        ],
        default="new",
        required=True,
        readonly=True,
        index=True,
    )
    error = fields.Char(readonly=True)
    tracking_refs = fields.Char(string="Tracking References", readonly=True)
    shipment_ids = fields.Many2many("order.shipment", readonly=True)

    _sql_constraints = [
        (
            "dedupe_unique",
            "unique(carrier_id, dedupe_key)",
            "This push is already stored.",
        )
    ]

    # === CRUD === #
    def write(self, vals):
        if self.env.context.get(GUARD_KEY) is not TRACKING_GUARD:
            raise UserError(self.env._("Carrier pushes are kept as they came."))
        return super().write(vals)

    @api.model
    def _store(self, carrier, body):
        """Store a verified push once (a carrier resends the same body when
        it got no answer) and start its processing after this request.

        :return: True when the push is new
        """
        key = sha256_hex(body)
        exists = self.sudo().search_count(
            [("carrier_id", "=", carrier.id), ("dedupe_key", "=", key)], limit=1
        )
        if exists:
            return False
        self.sudo().create({"carrier_id": carrier.id, "body": body, "dedupe_key": key})
        cron = self.env.ref("order_logistics_tracking.ir_cron_process_pushes").sudo()
        # In a burst, one trigger serves them all: the cron applies every
        # stored push when it runs, whichever push triggered it.
        pending = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_count(
                [("cron_id", "=", cron.id), ("call_at", "<=", fields.Datetime.now())],
                limit=1,
            )
        )
        if not pending:
            cron._trigger()
        return True

    # === PROCESSING === #
    @api.model
    def _cron_process(self, batch_size=PUSH_BATCH):
        """Read and apply the stored pushes, oldest first, one batch a run."""
        pushes = self.sudo().search(
            [("state", "=", "new")], order="id", limit=batch_size
        )
        pushes._process()
        remaining = self.sudo().search_count([("state", "=", "new")]) if pushes else 0
        self.env["ir.cron"]._notify_progress(done=len(pushes), remaining=remaining)
        return remaining

    def _process(self):
        """Apply these pushes. Each is read on its own (one that cannot be
        read is marked, not lost); what they say is then applied for all of
        them at once: a burst costs a few queries per batch, not per push.
        Should applying the batch fail, each push is applied on its own, so
        that one bad push cannot hold the others back."""
        pushes = self.with_context(**{GUARD_KEY: TRACKING_GUARD}).sorted("id")
        updates = {}
        for push in pushes:
            reader = push.carrier_id._tracking_method("read_push")
            try:
                if not reader:
                    raise ValueError("the carrier's provider takes no pushes")
                updates[push.id] = reader(push)
            except Exception as error:  # noqa: BLE001 - marked, never lost
                push.write(
                    {
                        "state": "error",
                        "error": str(error)[:250] or type(error).__name__,
                    }
                )
        readable = pushes.filtered(lambda p: p.id in updates)
        if not readable:
            return
        try:
            with self.env.cr.savepoint():
                readable._apply_updates(updates)
        except Exception:  # noqa: BLE001 - isolate the push that breaks
            _logger.info(
                "Applying %s pushes together failed: one by one", len(readable)
            )
            for push in readable:
                try:
                    with self.env.cr.savepoint():
                        push._apply_updates(updates)
                except Exception as error:  # noqa: BLE001
                    push.write({"state": "error", "error": str(error)[:250]})

    def _apply_updates(self, updates):
        """Apply what these pushes say to the shipments of their numbers.

        :param updates: dict push id -> list of ``PushUpdate``
        """
        Shipment = self.env["order.shipment"].sudo()
        refs = {update.tracking_ref for push in self for update in updates[push.id]}
        shipments = Shipment.search(
            [("carrier_id", "in", self.carrier_id.ids), ("name", "in", list(refs))]
        )
        by_number = defaultdict(Shipment.browse)
        for shipment in shipments:
            by_number[shipment.carrier_id.id, shipment.name] |= shipment
        results, pulls = {}, Shipment.browse()
        for push in self:
            matched = Shipment.browse()
            for update in updates[push.id]:
                for shipment in by_number[push.carrier_id.id, update.tracking_ref]:
                    matched |= shipment
                    if update.pull:
                        pulls |= shipment
                    elif update.result:
                        results[shipment.id] = _merged(
                            results.get(shipment.id), update.result
                        )
                    shipment._apply_push_flags(update)
            push.write(
                {
                    "state": "done" if matched else "unknown",
                    "tracking_refs": ", ".join(
                        u.tracking_ref for u in updates[push.id]
                    )[:250],
                    "shipment_ids": [Command.set(matched.ids)],
                }
            )
        if results:
            Shipment.browse(list(results))._apply_results(results, source="push")
        if pulls:
            pulls._tracking_sudo().write(
                {"pull_requested": True, "next_poll_at": fields.Datetime.now()}
            )
            self.env.ref("order_logistics_tracking.ir_cron_poll_shipments")._trigger()

    # === ACTIONS === #
    def action_retry(self):
        """Process again pushes that named an unknown number (once the
        shipment exists) or could not be read."""
        retry = self.filtered(lambda p: p.state in ("unknown", "error"))
        retry.with_context(**{GUARD_KEY: TRACKING_GUARD}).write(
            {"state": "new", "error": False}
        )
        if retry:
            self.env.ref(
                "order_logistics_tracking.ir_cron_process_pushes"
            ).sudo()._trigger()
        return True


def _merged(earlier, later):
    """Two tracks of one number in a batch: the events of both, the state of
    the later one (events seen twice are stored once: dedupe keys)."""
    if earlier is None:
        return later
    return dataclasses.replace(later, events=earlier.events + later.events)
