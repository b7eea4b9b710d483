# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from .. import phrases as ph

# Rows per INSERT statement of ``_append``.
APPEND_BATCH_SIZE = 1000

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

    @api.depends_context("lang")
    @api.depends("note", "auto_note")
    def _compute_note_display(self):
        for log in self:
            text = "\n".join(
                filter(None, (ph.render(self.env, log.auto_note), log.note))
            )
            log.note_display = text or False

    @api.depends_context("lang", "tz")
    @api.depends("snapshot")
    def _compute_snapshot_display(self):
        for log in self:
            snap = log.snapshot or {}
            log.snapshot_display = (
                self.env["ir.qweb"]._render(
                    "customer_order_review.review_log_snapshot",
                    self._snapshot_values(snap),
                )
                if snap
                else False
            )

    @api.model
    def _snapshot_values(self, snap):
        """What a stored snapshot shows, formatted for the reader."""
        env = self.env
        currency = env["res.currency"].browse(snap.get("currency_id")).exists()

        def amount(value):
            if currency and value is not None:
                return ph.render(env, ph.money(value, currency))
            return ph.render(env, value)

        def record(model, rid):
            return ph.render(env, ph.records(env[model].browse(rid))) if rid else ""

        promised = snap.get("commitment_date")
        head = [
            (env._("Customer"), snap.get("partner") or ""),
            (env._("Total"), amount(snap.get("amount_total"))),
            (
                env._("Promised"),
                ph.render(env, {"datetime": promised}) if promised else "-",
            ),
            (
                env._("Payment Terms"),
                record("account.payment.term", snap.get("payment_term_id")),
            ),
            (env._("Pricelist"), record("product.pricelist", snap.get("pricelist_id"))),
        ]
        uoms = {}
        lines = []
        for line in snap.get("lines", []):
            uom_id = line.get("uom_id")
            if uom_id and uom_id not in uoms:
                uoms[uom_id] = env["uom.uom"].browse(uom_id)
            quantity = line.get("qty") or 0.0
            lines.append(
                {
                    "product": line.get("product") or "",
                    "qty": ph.render(env, ph.qty(quantity, uoms[uom_id]))
                    if uom_id
                    else ph.render(env, quantity),
                    "price_unit": amount(line.get("price_unit")),
                    "discount": ph.render(
                        env, ph.percent((line.get("discount") or 0.0) / 100.0)
                    ),
                    "subtotal": amount(line.get("subtotal")),
                }
            )
        return {"head": [item for item in head if item[1]], "lines": lines}

    # === CRUD === #
    @api.model
    def _append(self, vals_list):
        """Append rows to the log, in one INSERT statement per thousand rows.

        This is how the review writes its log: a confirmation appends eight
        rows or so and a mass review thousands, and the ORM's record-by-record
        ``create`` would cost more than the rest of the review step. The rows
        are only ever inserted (the model refuses writes and deletes) and no
        field is computed from them when they are, so nothing ``create`` does
        beyond the insert is needed; the cache of the orders' logs is
        invalidated. To add values to each row, extend
        ``sale.order._review_log_many``.

        :param vals_list: list of dicts of field values (``create`` format,
            simple values only); ``order_id``, ``company_id``, ``event`` and
            ``date`` are required
        :return: the new rows
        """
        if not vals_list:
            return self.browse()
        fnames = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id"
        ]
        required = [name for name in fnames if self._fields[name].required]
        for vals in vals_list:
            missing = [name for name in required if not vals.get(name)]
            if missing:
                raise ValueError(f"Review log row without {', '.join(missing)}: {vals}")
        converters = [self._append_converter(name) for name in fnames]
        ids = []
        for batch in split_every(APPEND_BATCH_SIZE, vals_list):
            rows = [
                SQL(
                    "(%s)",
                    SQL(", ").join(
                        convert(vals.get(name), vals)
                        for name, convert in zip(fnames, converters, strict=True)
                    ),
                )
                for vals in batch
            ]
            ids.extend(
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "INSERT INTO %s (%s) VALUES %s RETURNING id",
                        SQL.identifier(self._table),
                        SQL(", ").join(SQL.identifier(name) for name in fnames),
                        SQL(", ").join(rows),
                    )
                )
            )
        logs = self.browse(ids)
        self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list}
        ).invalidate_recordset(["review_log_ids"])
        return logs

    def _append_converter(self, fname):
        """How ``_append`` turns a value of field ``fname`` into a column value:
        the field's own conversion, except that amounts are rounded with the
        row's currency directly (the generic conversion builds a record per
        row to find it)."""
        field = self._fields[fname]
        if field.type == "monetary":
            currency_field = field.get_currency_field(self)
            currencies = self.env["res.currency"]

            def convert(value, vals):
                currency = currencies.browse(vals.get(currency_field))
                amount = float(value or 0.0)
                return currency.round(amount) if currency else amount

            return convert
        return lambda value, vals: field.convert_to_column_insert(value, self, vals)

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
