# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The inbox of carrier pushes: stored raw by the webhook, read by a cron."""

import logging

from odoo import api, fields, models
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

    carrier_id = fields.Many2one("delivery.carrier", required=True, readonly=True, index=True)
    provider = fields.Selection(related="carrier_id.tracking_provider", store=True)
    company_id = fields.Many2one(related="carrier_id.company_id", store=True)
    received_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
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
        self.env.ref("order_logistics_tracking.ir_cron_process_pushes").sudo()._trigger()
        return True

    # === PROCESSING === #
    @api.model
    def _cron_process(self, batch_size=PUSH_BATCH):
        """Read and apply the stored pushes, oldest first, one batch a run."""
        pushes = self.sudo().search([("state", "=", "new")], order="id", limit=batch_size)
        for push in pushes:
            push._process()
        remaining = self.sudo().search_count([("state", "=", "new")]) if pushes else 0
        self.env["ir.cron"]._notify_progress(done=len(pushes), remaining=remaining)
        return remaining

    def _process(self):
        """Apply one push; a push that cannot be read is marked, not lost."""
        self.ensure_one()
        push = self.with_context(**{GUARD_KEY: TRACKING_GUARD})
        carrier = self.carrier_id
        reader = carrier._tracking_method("read_push")
        try:
            with self.env.cr.savepoint():
                if not reader:
                    raise ValueError("the carrier's provider takes no pushes")
                updates = reader(self)
                state = push._apply_updates(updates)
        except ValueError as error:
            push.write({"state": "error", "error": str(error)[:250]})
            return
        push.write({"state": state})

    def _apply_updates(self, updates):
        """Apply a push's updates to the carrier's shipments of those numbers.

        :return: the push's new state
        """
        Shipment = self.env["order.shipment"].sudo()
        refs = [update.tracking_ref for update in updates]
        shipments = Shipment.search(
            [("carrier_id", "=", self.carrier_id.id), ("name", "in", refs)]
        )
        by_ref = {}
        for shipment in shipments:
            by_ref.setdefault(shipment.name, Shipment.browse())
            by_ref[shipment.name] |= shipment
        results, pulls = {}, Shipment.browse()
        for update in updates:
            for shipment in by_ref.get(update.tracking_ref, Shipment.browse()):
                if update.pull:
                    pulls |= shipment
                elif update.result:
                    results[shipment.id] = update.result
                shipment._apply_push_flags(update)
        if results:
            Shipment.browse(list(results))._apply_results(results, source="push", push=self)
        if pulls:
            pulls._tracking_sudo().write(
                {"pull_requested": True, "next_poll_at": fields.Datetime.now()}
            )
            self.env.ref("order_logistics_tracking.ir_cron_poll_shipments")._trigger()
        self.write({"tracking_refs": ", ".join(refs)[:250], "shipment_ids": [(6, 0, shipments.ids)]})
        return "done" if shipments else "unknown"

    # === ACTIONS === #
    def action_retry(self):
        """Process again pushes that named an unknown number (once the
        shipment exists) or could not be read."""
        retry = self.filtered(lambda p: p.state in ("unknown", "error"))
        retry.with_context(**{GUARD_KEY: TRACKING_GUARD}).write({"state": "new", "error": False})
        if retry:
            self.env.ref("order_logistics_tracking.ir_cron_process_pushes").sudo()._trigger()
        return True
