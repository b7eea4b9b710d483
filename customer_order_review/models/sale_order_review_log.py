# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import phrases as ph
from ..bulk_insert import insert_rows

LOG_EVENTS = [
    ("submitted", "Submitted"),
    ("skipped", "Stage skipped"),
    ("check", "Check result"),
    ("auto_approved", "Approved automatically"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("changes_requested", "Changes requested"),
    ("answered", "Answered"),
    ("overridden", "Check overridden"),
    ("escalated", "Escalated"),
    ("feasibility", "Feasibility decided"),
    ("lapsed", "Approval lapsed"),
    ("restarted", "Review restarted"),
    ("held", "Confirmation held for review"),
    ("completed", "Review completed"),
    ("cancelled", "Order cancelled"),
    ("reset", "Order reset to quotation"),
]


class SaleOrderReviewLog(models.Model):
    """Append-only record of everything that happened in an order's review.

    Rows are written by the review code (with sudo) and never changed or
    deleted: resubmitting, cancelling or resetting an order adds rows. Each row
    keeps a snapshot of the order's key values at that moment.
    """

    _name = "sale.order.review.log"
    _description = "Order Review Log"
    _order = "id desc"
    _rec_name = "event"
    # Rows are never written after they are appended and carry their own
    # author and date (``user_id``, ``date``): no create/write columns.
    _log_access = False

    # === FIELDS === #
    order_id = fields.Many2one(
        "sale.order", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    review_id = fields.Many2one(
        "sale.order.review", readonly=True, index="btree_not_null", ondelete="set null"
    )
    stage_id = fields.Many2one("sale.review.stage", readonly=True, ondelete="set null")
    cycle = fields.Integer(readonly=True)
    event = fields.Selection(LOG_EVENTS, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    check_result = fields.Selection(
        [("pass", "Passed"), ("warn", "Warning"), ("fail", "Failed")], readonly=True
    )
    note = fields.Text(
        string="Written Note", readonly=True, help="What the person who acted wrote."
    )
    auto_note = fields.Json(
        readonly=True,
        help="What the review itself noted, as a phrase rendered in the "
        "reader's language.",
    )
    note_display = fields.Text(string="Note", compute="_compute_note_display")
    internal = fields.Boolean(
        readonly=True,
        help="Internal notes are never shown to the customer.",
    )
    snapshot = fields.Json(readonly=True)
    amount_total = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", readonly=True)
    snapshot_display = fields.Html(compute="_compute_snapshot_display", sanitize=True)

    # === COMPUTES === #
    @api.depends("event", "order_id.name")
    def _compute_display_name(self):
        labels = dict(self._fields["event"]._description_selection(self.env))
        for log in self:
            log.display_name = (
                f"{log.sudo().order_id.name} \N{EN DASH} {labels.get(log.event, '')}"
            )

    @api.depends_context("lang", "tz")
    @api.depends("note", "auto_note")
    def _compute_note_display(self):
        renderer = ph.Renderer(self.env)
        renderer.preload(self.mapped("auto_note"))
        for log in self:
            text = "\n".join(filter(None, (renderer.render(log.auto_note), log.note)))
            log.note_display = text or False

    @api.depends_context("lang", "tz")
    @api.depends("snapshot")
    def _compute_snapshot_display(self):
        renderer = ph.Renderer(self.env)
        snapshots = {log.id: self._snapshot_typed(log.snapshot or {}) for log in self}
        renderer.preload(list(snapshots.values()))
        for log in self:
            log.snapshot_display = (
                self.env["ir.qweb"]._render(
                    "customer_order_review.review_log_snapshot",
                    self._snapshot_values(snapshots[log.id], renderer),
                )
                if log.snapshot
                else False
            )

    @api.model
    def _snapshot_typed(self, snap):
        """A stored snapshot as typed values (see ``phrases.py``)."""
        currency = snap.get("currency_id")

        def amount(value):
            if value is None:
                return None
            return {"money": value, "currency": currency} if currency else value

        def record(model, record_id):
            return {"records": model, "ids": [record_id]} if record_id else ""

        promised = snap.get("commitment_date")
        return {
            "head": [
                ("customer", snap.get("partner") or ""),
                ("total", amount(snap.get("amount_total"))),
                ("promised", {"datetime": promised} if promised else "-"),
                ("terms", record("account.payment.term", snap.get("payment_term_id"))),
                ("pricelist", record("product.pricelist", snap.get("pricelist_id"))),
            ],
            "lines": [
                {
                    "product": line.get("product") or "",
                    "qty": {"qty": line.get("qty") or 0.0, "uom": line["uom_id"]}
                    if line.get("uom_id")
                    else line.get("qty") or 0.0,
                    "price_unit": amount(line.get("price_unit")),
                    "discount": {"percent": (line.get("discount") or 0.0) / 100.0},
                    "subtotal": amount(line.get("subtotal")),
                }
                for line in snap.get("lines", [])
            ],
        }

    @api.model
    def _snapshot_values(self, typed, renderer):
        """What a snapshot shows, formatted for the reader."""
        labels = {
            "customer": self.env._("Customer"),
            "total": self.env._("Total"),
            "promised": self.env._("Promised"),
            "terms": self.env._("Payment Terms"),
            "pricelist": self.env._("Pricelist"),
        }
        head = [(labels[key], renderer.render(value)) for key, value in typed["head"]]
        lines = [
            {key: renderer.render(value) for key, value in line.items()}
            for line in typed["lines"]
        ]
        return {"head": [item for item in head if item[1]], "lines": lines}

    # === CRUD === #
    @api.model
    def _append(self, vals_list):
        """Append rows to the log, in one INSERT statement per thousand rows.

        This is how the review writes its log: a confirmation appends eight
        rows or so and a mass review thousands, and the ORM's record-by-record
        ``create`` would cost more than the rest of the review step
        (:mod:`..bulk_insert`). The rows are only ever inserted (the model
        refuses writes and deletes) and no stored field is computed from
        them, so nothing ``create`` does beyond the insert is needed; the
        cache of the orders' logs is invalidated. To add values to each row,
        extend ``sale.order._review_log_many``.

        :param vals_list: list of dicts of field values (``create`` format,
            simple values only); ``order_id``, ``company_id``, ``event`` and
            ``date`` are required
        :return: the new rows
        """
        if not vals_list:
            return self.browse()
        logs = self.browse(insert_rows(self, vals_list))
        self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list}
        ).invalidate_recordset(["review_log_ids"])
        return logs

    def write(self, vals):
        if vals:
            raise UserError(
                self.env._("The review log cannot be changed: it is append-only.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("The review log cannot be deleted: it is append-only.")
        )
