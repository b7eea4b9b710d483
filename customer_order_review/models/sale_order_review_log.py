# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

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
    note = fields.Text(readonly=True)
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

    @api.depends("snapshot")
    def _compute_snapshot_display(self):
        for log in self:
            snap = log.snapshot or {}
            rows = "".join(
                "<tr><td>{}</td><td class='text-end'>{}</td><td "
                "class='text-end'>{}</td>"
                "<td class='text-end'>{}</td></tr>".format(
                    *(
                        html_escape(str(value))
                        for value in (
                            line.get("product"),
                            line.get("qty"),
                            line.get("price_unit"),
                            line.get("discount"),
                        )
                    )
                )
                for line in snap.get("lines", [])
            )
            log.snapshot_display = (
                (
                    "<p>{}: {} {} &#8212; {}: {}</p><table class='table table-sm'>"
                    ""
                    "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
                    "<tbody>{}</tbody></table>"
                ).format(
                    html_escape(self.env._("Customer")),
                    html_escape(snap.get("partner") or ""),
                    html_escape(str(snap.get("amount_total", ""))),
                    html_escape(self.env._("Promised")),
                    html_escape(snap.get("commitment_date") or "-"),
                    html_escape(self.env._("Product")),
                    html_escape(self.env._("Quantity")),
                    html_escape(self.env._("Unit Price")),
                    html_escape(self.env._("Discount (%)")),
                    rows,
                )
                if snap
                else False
            )

    # === CRUD === #
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
