# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from .. import fact_sql
from .order_analytics_line import OTIF_REASONS


class OrderAnalyticsOrder(models.Model):
    """One row per confirmed order (and per quotation that went into review):
    OTIF rolled up from its lines, perfect order, lead time, review time and
    errors, delivery exceptions, returns, credit notes and satisfaction.

    Rows are written only by :meth:`_refresh_orders`, right after the order's
    line facts; users read them.
    """

    _name = "order.analytics.order"
    _inherit = ["order.analytics.ratio.mixin"]
    _description = "Order Performance"
    _order = "date_order desc, id desc"
    _rec_name = "order_id"

    _ratio_fields = {
        "otif_rate": ("otif_count", "evaluated_count", 100.0),
        "order_fill_rate": ("in_full_count", "evaluated_count", 100.0),
        "perfect_rate": ("perfect_count", "evaluated_count", 100.0),
        "error_rate": ("error_count", "order_count", 100.0),
        "exception_rate": ("exception_order_count", "confirmed_count", 100.0),
        "csat_rate": ("csat_satisfied_count", "csat_answered_count", 100.0),
        "csat_mean": ("csat_sum", "csat_answered_count", 1.0),
        "nps": ("nps_net_count", "nps_answered_count", 100.0),
    }

    # === FIELDS: dimensions === #
    order_id = fields.Many2one(
        "sale.order", required=True, readonly=True, index=True, ondelete="cascade",
    )  # fmt: skip
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True, index=True)
    date_last_delivered = fields.Datetime(string="Last Delivery", readonly=True)
    confirmed = fields.Boolean(readonly=True)
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        compute="_compute_product_ids",
        search="_search_product_ids",
        help="The goods on the order's lines, so that a product filter (the "
        "dashboard's) also narrows order figures.",
    )

    # === FIELDS: judgement === #
    evaluated = fields.Boolean(string="Judged", readonly=True)
    on_time = fields.Boolean(readonly=True)
    in_full = fields.Boolean(readonly=True)
    otif = fields.Boolean(string="OTIF", readonly=True)
    otif_reason = fields.Selection(OTIF_REASONS, string="Why not OTIF", readonly=True)
    perfect = fields.Boolean(string="Perfect Order", readonly=True)
    has_error = fields.Boolean(
        string="Review Error",
        readonly=True,
        help="A stage was rejected, changes were requested or an approval lapsed.",
    )
    has_credit_note = fields.Boolean(string="Credit Note", readonly=True)

    # === FIELDS: measures === #
    amount_untaxed = fields.Monetary(string="Untaxed Amount", readonly=True)
    line_count = fields.Integer(string="Goods Lines", readonly=True)
    qty_returned = fields.Float(string="Returned Quantity", readonly=True)
    exception_count = fields.Integer(string="Delivery Exceptions", readonly=True)
    lead_time_days = fields.Float(
        string="Lead Time (days)",
        readonly=True,
        aggregator="avg",
        help="Order date to the delivery that completed the order.",
    )
    review_hours = fields.Float(
        string="Review Time (hours)",
        readonly=True,
        aggregator="avg",
        help="Submission for review to the final decision.",
    )
    csat = fields.Integer(string="CSAT Answer", readonly=True, aggregator=False)
    nps_score = fields.Integer(string="NPS Answer", readonly=True, aggregator=False)
    order_count = fields.Integer(string="Orders", readonly=True)
    confirmed_count = fields.Integer(string="Confirmed Orders", readonly=True)
    evaluated_count = fields.Integer(string="Orders Judged", readonly=True)
    otif_count = fields.Integer(string="Orders OTIF", readonly=True)
    in_full_count = fields.Integer(string="Orders In Full", readonly=True)
    perfect_count = fields.Integer(string="Perfect Orders", readonly=True)
    error_count = fields.Integer(string="Orders with Review Errors", readonly=True)
    exception_order_count = fields.Integer(
        string="Orders with Exceptions", readonly=True
    )
    csat_answered_count = fields.Integer(string="CSAT Answers", readonly=True)
    csat_satisfied_count = fields.Integer(string="Satisfied (4-5)", readonly=True)
    csat_sum = fields.Integer(string="CSAT Total", readonly=True)
    nps_answered_count = fields.Integer(string="NPS Answers", readonly=True)
    nps_net_count = fields.Integer(
        string="Promoters less Detractors",
        readonly=True,
        help="+1 per answer of 9 or 10, -1 per answer of 0 to 6.",
    )
    otif_rate = fields.Float(string="OTIF %", readonly=True, aggregator="avg")
    order_fill_rate = fields.Float(
        string="Order Fill Rate %", readonly=True, aggregator="avg"
    )
    perfect_rate = fields.Float(
        string="Perfect Order %", readonly=True, aggregator="avg"
    )
    error_rate = fields.Float(string="Error Rate %", readonly=True, aggregator="avg")
    exception_rate = fields.Float(
        string="Exception Rate %", readonly=True, aggregator="avg"
    )
    csat_rate = fields.Float(string="CSAT %", readonly=True, aggregator="avg")
    csat_mean = fields.Float(string="CSAT Mean", readonly=True, aggregator="avg")
    nps = fields.Float(string="NPS", readonly=True, aggregator="avg")

    _sql_constraints = [
        ("order_uniq", "unique(order_id)", "One row per order."),
    ]

    # === COMPUTES === #
    def _compute_product_ids(self):
        lines = self.env["order.analytics.line"]._read_group(
            [("order_id", "in", self.order_id.ids)],
            groupby=["order_id"],
            aggregates=["product_id:array_agg"],
        )
        products = {order.id: ids for order, ids in lines}
        for fact in self:
            fact.product_ids = [
                Command.set([pid for pid in products.get(fact.order_id.id, []) if pid])
            ]

    def _search_product_ids(self, operator, value):
        # Through the line facts (read as the user, with their rules), never
        # through sale.order: an analytics manager may not read orders.
        negative = operator in expression.NEGATIVE_TERM_OPERATORS
        if negative:
            operator = expression.TERM_OPERATORS_NEGATION[operator]
        line_query = self.env["order.analytics.line"]._search(
            [("product_id", operator, value)]
        )
        return [
            (
                "order_id",
                "not in" if negative else "in",
                line_query.subselect("order_id"),
            )
        ]

    # === BUSINESS METHODS === #
    def _select_order_counts(self):
        """The 0/1 counts the ratios are made of, over ``j``."""
        return {
            "order_count": SQL("1"),
            "confirmed_count": SQL("j.confirmed::int"),
            "evaluated_count": SQL("j.evaluated::int"),
            "otif_count": SQL("(j.evaluated AND j.otif)::int"),
            "in_full_count": SQL("(j.evaluated AND j.in_full)::int"),
            "perfect_count": SQL("j.perfect::int"),
            "error_count": SQL("j.has_error::int"),
            "exception_order_count": SQL("(j.exception_count > 0)::int"),
            "csat_answered_count": SQL("j.csat_counted::int"),
            "csat_satisfied_count": SQL("(j.csat_counted AND j.csat >= 4)::int"),
            "csat_sum": SQL("CASE WHEN j.csat_counted THEN j.csat ELSE 0 END"),
            "nps_answered_count": SQL("j.nps_counted::int"),
            "nps_net_count": SQL(
                "CASE WHEN NOT j.nps_counted THEN 0 WHEN j.nps_score >= 9 THEN 1 "
                "WHEN j.nps_score <= 6 THEN -1 ELSE 0 END"
            ),
        }

    def _select_order_facts(self):
        """Column -> SQL of each row, over the judged orders ``j``: the
        dimensions, the verdicts, the counts and each row's own ratios. An
        extension adds a stored field and one entry."""
        plain = (
            "order_id", "company_id", "currency_id", "partner_id", "country_id",
            "state_id", "user_id", "team_id", "warehouse_id", "carrier_id",
            "date_order", "date_last_delivered", "confirmed", "evaluated",
            "on_time", "in_full", "otif", "otif_reason", "perfect", "has_error",
            "has_credit_note", "amount_untaxed", "line_count", "qty_returned",
            "exception_count", "lead_time_days", "review_hours", "csat", "nps_score",
        )  # fmt: skip
        columns = {name: SQL("j.%s", SQL.identifier(name)) for name in plain}
        counts = self._select_order_counts()
        return self._with_ratios(columns, counts)

    @api.model
    def _refresh_orders(self, order_ids):
        """Bring the rows of these orders current (their line facts first:
        see ``order.analytics.refresh``), and drop those that no longer count.

        :param order_ids: ids of ``sale.order``
        """
        if not order_ids:
            return
        self._write_facts(
            order_ids,
            fact_sql.order_judged_cte(tuple(order_ids)),
            self._select_order_facts(),
            "order_id",
        )
