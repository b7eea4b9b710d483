# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .. import fact_sql

OTIF_REASONS = [
    ("late", "Late"),
    ("short", "Short"),
    ("both", "Late and short"),
    ("early", "Early"),
]


class OrderAnalyticsLine(models.Model):
    """One row per goods line of a confirmed order: its promise, what was
    delivered by then, and whether it was on time and in full.

    Rows are written only by :meth:`_refresh_orders` (one set-based upsert per
    batch of orders, from the refresh cron); users read them. The promise is
    the order's commitment date, else the date first promised — the order date
    plus the line's lead time, as the row first saw it. A line is judged
    once it is delivered in full by the end of its promise window or once
    that window has passed; until then it is pending and counts in no ratio.
    """

    _name = "order.analytics.line"
    _inherit = ["order.analytics.ratio.mixin"]
    _description = "Order Line Performance"
    _order = "date_order desc, id desc"
    _rec_name = "sale_line_id"

    _ratio_fields = {
        "otif_rate": ("otif_count", "evaluated_count", 100.0),
        "on_time_rate": ("on_time_count", "evaluated_count", 100.0),
        "line_fill_rate": ("in_full_count", "evaluated_count", 100.0),
        "unit_fill_rate": ("qty_filled", "qty_ordered_evaluated", 100.0),
        "return_rate": ("qty_returned", "qty_delivered", 100.0),
    }

    # === FIELDS: dimensions === #
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", required=True, readonly=True,
        index=True, ondelete="cascade",
    )  # fmt: skip
    order_id = fields.Many2one(
        "sale.order", readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True, index=True)
    date_month = fields.Date(
        string="Month",
        readonly=True,
        index=True,
        help="The order date's month in the company's time zone, as the "
        "refresh last computed it: the month the line counts in.",
    )
    date_promised = fields.Datetime(string="Promised Date", readonly=True)
    date_first_promised = fields.Datetime(string="First Promised Date", readonly=True)
    date_window_end = fields.Date(
        string="Promise Window End",
        readonly=True,
        help="The last day a delivery counts as on time (promised date plus "
        "the late tolerance, in the company's time zone).",
    )
    date_first_delivered = fields.Datetime(string="First Delivery", readonly=True)
    date_last_delivered = fields.Datetime(string="Last Delivery", readonly=True)

    # === FIELDS: judgement === #
    evaluated = fields.Boolean(
        string="Judged",
        readonly=True,
        help="Delivered in full by the end of the promise window, or the "
        "window has passed.",
    )
    on_time = fields.Boolean(readonly=True)
    in_full = fields.Boolean(readonly=True)
    otif = fields.Boolean(string="OTIF", readonly=True)
    otif_reason = fields.Selection(OTIF_REASONS, string="Why not OTIF", readonly=True)

    # === FIELDS: measures === #
    qty_ordered = fields.Float(string="Ordered", readonly=True)
    qty_delivered = fields.Float(string="Delivered", readonly=True)
    qty_on_time = fields.Float(string="Delivered by Deadline", readonly=True)
    qty_returned = fields.Float(string="Returned", readonly=True)
    qty_ordered_evaluated = fields.Float(string="Ordered (judged)", readonly=True)
    qty_filled = fields.Float(string="Filled (judged)", readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed Amount", readonly=True)
    lead_time_days = fields.Float(
        string="Lead Time (days)",
        readonly=True,
        aggregator="avg",
        help="Order date to the delivery that completed the line.",
    )
    evaluated_count = fields.Integer(string="Lines Judged", readonly=True)
    otif_count = fields.Integer(string="Lines OTIF", readonly=True)
    on_time_count = fields.Integer(string="Lines On Time", readonly=True)
    in_full_count = fields.Integer(string="Lines In Full", readonly=True)
    otif_rate = fields.Float(string="OTIF %", readonly=True, aggregator="avg")
    on_time_rate = fields.Float(string="On Time %", readonly=True, aggregator="avg")
    line_fill_rate = fields.Float(
        string="Line Fill Rate %", readonly=True, aggregator="avg"
    )
    unit_fill_rate = fields.Float(
        string="Unit Fill Rate %", readonly=True, aggregator="avg"
    )
    return_rate = fields.Float(string="Return Rate %", readonly=True, aggregator="avg")

    _sql_constraints = [
        ("sale_line_uniq", "unique(sale_line_id)", "One row per order line."),
    ]

    def init(self):
        # The refresh looks for pending lines whose window has closed: an
        # index range over the few pending rows, whatever the history.
        create_index(
            self.env.cr,
            "order_analytics_line_pending_idx",
            self._table,
            ["date_window_end"],
            where="NOT evaluated",
        )

    # === BUSINESS METHODS === #
    def _select_line_facts(self):
        """Column -> SQL of each row, over the judged lines ``j``.

        An extension adds a stored field and one entry here (the way
        ``sale.report._select_additional_fields`` works).
        """
        ratio = self._ratio_sql
        return {
            **fact_sql.LINE_DIMENSIONS,
            "date_window_end": SQL("j.window_end"),
            "date_first_delivered": SQL("j.first_delivered_at"),
            "date_last_delivered": SQL("j.last_delivered_at"),
            "evaluated": SQL("j.evaluated"),
            "on_time": SQL("j.on_time"),
            "in_full": SQL("j.in_full"),
            "otif": SQL("j.otif"),
            "otif_reason": SQL("j.otif_reason"),
            "qty_ordered": SQL("j.qty_ordered"),
            "qty_delivered": SQL("j.qty_delivered"),
            "qty_on_time": SQL("j.qty_on_time"),
            "qty_returned": SQL("j.qty_returned"),
            "qty_ordered_evaluated": SQL(
                "CASE WHEN j.evaluated THEN j.qty_ordered ELSE 0 END"
            ),
            "qty_filled": SQL("j.qty_filled"),
            "lead_time_days": SQL("j.lead_time_days"),
            "evaluated_count": SQL("j.evaluated::int"),
            "otif_count": SQL("j.otif::int"),
            "on_time_count": SQL("j.on_time::int"),
            "in_full_count": SQL("j.in_full::int"),
            "otif_rate": ratio(SQL("j.otif::int"), SQL("j.evaluated::int")),
            "on_time_rate": ratio(SQL("j.on_time::int"), SQL("j.evaluated::int")),
            "line_fill_rate": ratio(SQL("j.in_full::int"), SQL("j.evaluated::int")),
            "unit_fill_rate": ratio(
                SQL("j.qty_filled"),
                SQL("CASE WHEN j.evaluated THEN j.qty_ordered ELSE 0 END"),
            ),
            "return_rate": ratio(SQL("j.qty_returned"), SQL("j.qty_delivered")),
        }  # fmt: skip

    @api.model
    def _refresh_orders(self, order_ids, now):
        """Bring the rows of these orders current: one upsert of their goods
        lines, then drop the rows of lines no longer there (a cancelled order,
        a deleted line); the monthly rollup follows.

        :param order_ids: ids of ``sale.order``
        :param now: the time lines are judged at (UTC, naive)
        """
        if not order_ids:
            return
        # The monthly rollup stays the sum of these rows: what they brought
        # leaves it before they change, what they bring now joins it after.
        rollup = self.env["order.analytics.line.month"]
        rollup._remove_orders(order_ids)
        self._write_facts(
            order_ids,
            fact_sql.line_judged_cte(tuple(order_ids), now),
            self._select_line_facts(),
            "sale_line_id",
        )
        rollup._add_orders(order_ids)
