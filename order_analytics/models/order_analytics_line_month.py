# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, mute_logger
from odoo.tools.sql import create_index, create_unique_index

from ..fact_sql import line_month
from .order_analytics_line import OTIF_REASONS

_logger = logging.getLogger(__name__)


class OrderAnalyticsLineMonth(models.Model):
    """The line facts summed per company, month and the line report's
    dimensions: what the line report opens on.

    Its default pivot, a year or more of months, reads a few thousand rows
    instead of every judged line (a million at 200,000 orders): it stays
    fast as history grows. Every figure is the line facts' own: counts and
    quantities are their sums, ratios Σ numerator / Σ denominator of the same
    counts (``order.analytics.ratio.mixin``), and any row opens the line facts
    behind it (:meth:`action_open_lines`).

    Rows are written by the refresh, in the same transaction as the line
    facts they sum (:meth:`_remove_orders`, :meth:`_add_orders`); merged
    when a record they are grouped by is deleted or partners are merged
    (:meth:`_merge_dimension`); summed again every night
    (:meth:`_cron_rebuild`). The month is the one each line fact stores: the
    order date's month in the company's time zone when the line was last
    refreshed.
    """

    _name = "order.analytics.line.month"
    _inherit = ["order.analytics.ratio.mixin"]
    _description = "Order Line Performance by Month"
    _order = "date_month desc, id desc"
    _rec_name = "date_month"

    # The most rows whose lines open at once: their domain has a clause per
    # row, and past a few hundred it is a slow query for nobody to read.
    _open_lines_limit = 200

    _ratio_fields = {
        "otif_rate": ("otif_count", "evaluated_count", 100.0),
        "on_time_rate": ("on_time_count", "evaluated_count", 100.0),
        "line_fill_rate": ("in_full_count", "evaluated_count", 100.0),
        "unit_fill_rate": ("qty_filled", "qty_ordered_evaluated", 100.0),
        "return_rate": ("qty_returned", "qty_delivered", 100.0),
        "lead_time_days": ("lead_time_total", "lead_time_count", 1.0),
    }

    # === FIELDS: dimensions === #
    date_month = fields.Date(string="Month", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    # Indexed where a deletion or a merge looks rows up (line_month_dimension).
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index="btree_not_null"
    )
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    product_id = fields.Many2one(
        "product.product", readonly=True, index="btree_not_null"
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product Template",
        readonly=True,
        index="btree_not_null",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        readonly=True,
        index="btree_not_null",
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, index="btree_not_null"
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    evaluated = fields.Boolean(
        string="Judged",
        readonly=True,
        help="The row sums judged lines: delivered in full by the end of "
        "their promise window, or the window has passed.",
    )
    otif_reason = fields.Selection(OTIF_REASONS, string="Why not OTIF", readonly=True)

    # === FIELDS: measures === #
    # The summed quantities are numeric columns (``digits``): a refresh
    # takes away and adds back the same values many times over, and decimal
    # sums come back exactly where floating-point ones drift.
    line_count = fields.Integer(string="Lines", readonly=True)
    qty_ordered = fields.Float(
        string="Ordered", digits="Product Unit of Measure", readonly=True
    )
    qty_delivered = fields.Float(
        string="Delivered", digits="Product Unit of Measure", readonly=True
    )
    qty_on_time = fields.Float(
        string="Delivered by Deadline", digits="Product Unit of Measure", readonly=True
    )
    qty_returned = fields.Float(
        string="Returned", digits="Product Unit of Measure", readonly=True
    )
    qty_ordered_evaluated = fields.Float(
        string="Ordered (judged)", digits="Product Unit of Measure", readonly=True
    )
    qty_filled = fields.Float(
        string="Filled (judged)", digits="Product Unit of Measure", readonly=True
    )
    amount_untaxed = fields.Monetary(string="Untaxed Amount", readonly=True)
    evaluated_count = fields.Integer(string="Lines Judged", readonly=True)
    otif_count = fields.Integer(string="Lines OTIF", readonly=True)
    on_time_count = fields.Integer(string="Lines On Time", readonly=True)
    in_full_count = fields.Integer(string="Lines In Full", readonly=True)
    lead_time_total = fields.Float(
        string="Lead Time, Total (days)", digits=(16, 2), readonly=True
    )
    lead_time_count = fields.Integer(string="Lines Completed", readonly=True)
    lead_time_days = fields.Float(
        string="Lead Time (days)",
        readonly=True,
        aggregator="avg",
        help="Order date to the delivery that completed the line, averaged "
        "over the lines completed.",
    )
    otif_rate = fields.Float(string="OTIF %", readonly=True, aggregator="avg")
    on_time_rate = fields.Float(string="On Time %", readonly=True, aggregator="avg")
    line_fill_rate = fields.Float(
        string="Line Fill Rate %", readonly=True, aggregator="avg"
    )
    unit_fill_rate = fields.Float(
        string="Unit Fill Rate %", readonly=True, aggregator="avg"
    )
    return_rate = fields.Float(string="Return Rate %", readonly=True, aggregator="avg")

    def init(self):
        cr = self.env.cr
        create_unique_index(
            cr,
            "order_analytics_line_month_group_uniq",
            self._table,
            line_month.month_key_expressions(),
        )
        # The refresh drops the groups left empty: an index over those few.
        create_index(
            cr,
            "order_analytics_line_month_empty_idx",
            self._table,
            ["id"],
            where="line_count <= 0",
        )

    # === ACTIONS === #
    def action_open_lines(self):
        """Open the line facts these rows sum (at most
        ``_open_lines_limit`` rows: the domain names each one).

        :return: window action on ``order.analytics.line``
        """
        if len(self) > self._open_lines_limit:
            raise UserError(
                self.env._(
                    "Select at most %(limit)s rows to open their order lines "
                    "(%(count)s are selected): filter or group the report down "
                    "to fewer rows, or open Order Line Details.",
                    limit=self._open_lines_limit,
                    count=len(self),
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_analytics.action_order_analytics_line"
        )
        action["domain"] = self._lines_domain()
        action["context"] = {}
        action["views"] = [(False, "list"), (False, "pivot"), (False, "form")]
        action["view_mode"] = "list,pivot,form"
        return action

    # === BUSINESS METHODS === #
    def _lines_domain(self):
        """The ``order.analytics.line`` domain of the lines these rows sum:
        the same month (the one each line fact stores) and dimensions."""
        domains = []
        for row in self:
            domain = [
                ("date_month", "=", row.date_month),
                ("company_id", "=", row.company_id.id),
                ("evaluated", "=", row.evaluated),
            ]
            domain += [
                (name, "=", row[name].id) for name in line_month.MONTH_DIMENSIONS
            ]
            domain.append(("otif_reason", "=", row.otif_reason))
            domains.append(domain)
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _sum_columns(self):
        """Column -> SQL over the line facts ``f`` of each summed measure.

        An extension that adds a measure to the line facts adds a stored
        field here and one entry.
        """
        return {
            "line_count": SQL("1"),
            "qty_ordered": SQL("f.qty_ordered"),
            "qty_delivered": SQL("f.qty_delivered"),
            "qty_on_time": SQL("f.qty_on_time"),
            "qty_returned": SQL("f.qty_returned"),
            "qty_ordered_evaluated": SQL("f.qty_ordered_evaluated"),
            "qty_filled": SQL("f.qty_filled"),
            "amount_untaxed": SQL("f.amount_untaxed"),
            "evaluated_count": SQL("f.evaluated_count"),
            "otif_count": SQL("f.otif_count"),
            "on_time_count": SQL("f.on_time_count"),
            "in_full_count": SQL("f.in_full_count"),
            "lead_time_total": SQL("f.lead_time_days"),
            "lead_time_count": SQL("(f.lead_time_days IS NOT NULL)::int"),
        }

    def _apply_orders(self, order_ids, sign):
        # Each line's value enters a numeric column as a decimal before it is
        # summed: what a refresh adds, the next one takes away exactly.
        sums = {
            name: SQL("(%s)::numeric", sql)
            if self._fields[name].column_type[0] == "numeric"
            else sql
            for name, sql in self._sum_columns().items()
        }
        self.env.cr.execute(
            line_month.month_delta(
                self._table,
                None if order_ids is None else tuple(order_ids),
                sums,
                self._ratio_fields,
                sign,
                self.env.uid,
            )
        )

    @api.model
    def _remove_orders(self, order_ids):
        """Take away what the line facts of these orders bring, before the
        refresh rewrites them.

        :param order_ids: ids of ``sale.order``
        """
        if order_ids:
            self._apply_orders(order_ids, -1)

    @api.model
    def _forget_orders(self, order_ids):
        """Take away for good what the line facts of these orders bring:
        they are being deleted (the line facts go with the orders, ``ON
        DELETE CASCADE``, where no refresh sees them).

        :param order_ids: ids of ``sale.order``
        """
        if not order_ids:
            return
        self.env.flush_all()
        self._apply_orders(order_ids, -1)
        self.env.cr.execute(line_month.drop_empty_months(self._table))
        self.invalidate_model()

    @api.model
    def _add_orders(self, order_ids):
        """Add what the line facts of these orders bring, once rewritten,
        and drop the groups no line is left in.

        :param order_ids: ids of ``sale.order``
        """
        if not order_ids:
            return
        self._apply_orders(order_ids, 1)
        self.env.cr.execute(line_month.drop_empty_months(self._table))
        self.invalidate_model()

    @api.model
    def _dimensions_of(self, model_name):
        """The dimension fields (``MONTH_DIMENSIONS``) whose records are of
        ``model_name``.

        :return: list of field names
        """
        return [
            name
            for name in line_month.MONTH_DIMENSIONS
            if self._fields[name].comodel_name == model_name
        ]

    @api.model
    def _merge_dimension(self, field_name, src_ids, dst_id=None):
        """Add the rows whose ``field_name`` is one of ``src_ids`` to the
        rows of the same key where it is ``dst_id`` (None: the rows without
        one), then drop them: one upsert from the rollup's own rows, one
        delete.

        Called before records of a dimension are deleted (the database would
        set the field NULL in every row at once, and a row of the same key
        without it fails the unique key) and before partners are merged (the
        merge wizard deletes the rows its update cannot move, and their
        figures with them). The line facts are left to those.

        :param field_name: a many2one of ``MONTH_DIMENSIONS``
        :param src_ids: ids of records of its comodel
        :param dst_id: id of the record they become, or None
        """
        if field_name not in line_month.MONTH_DIMENSIONS:
            raise ValueError(f"{field_name} is not a dimension of {self._name}")
        src_ids = tuple(set(src_ids) - {dst_id})
        if not src_ids:
            return
        cr = self.env.cr
        cr.execute(
            line_month.merge_rows(
                self._table,
                field_name,
                src_ids,
                dst_id,
                list(self._sum_columns()),
                self._ratio_fields,
                self.env.uid,
            )
        )
        if cr.rowcount:
            cr.execute(line_month.delete_rows(self._table, field_name, src_ids))
            self.invalidate_model()

    @api.model
    def _cron_rebuild(self):
        """The nightly repair: sum every line fact again (:meth:`_rebuild`).

        The refresh keeps the rows equal to the line facts by adding and
        taking away what each batch changes; what changes the facts behind
        its back (a correction in SQL, a line deleted from a confirmed order)
        leaves the rows off until this runs.

        It never runs beside the refresh, which writes the same rows (one of
        the two would fail on a serialization error): it holds the refresh
        job's row as Odoo's scheduler does while running a job, so the
        scheduler skips the refresh meanwhile; when the refresh is running,
        the repair is tried again ten minutes later.

        :return: the number of rows written, None when put off
        """
        if not self._lock_refresh_job():
            self.env.ref("order_analytics.ir_cron_rebuild_line_month")._trigger(
                fields.Datetime.now() + timedelta(minutes=10)
            )
            _logger.info("order analytics: the refresh is running, repair put off")
            return None
        rows = self._rebuild()
        _logger.info("order analytics: monthly line rollup rebuilt, %s rows", rows)
        return rows

    @api.model
    def _lock_refresh_job(self):
        """Hold the refresh job's ``ir_cron`` row until the transaction ends,
        if nobody (the scheduler running it) holds it.

        :return: True when held (or when there is no refresh job)
        """
        job = self.env.ref(
            "order_analytics.ir_cron_refresh_facts", raise_if_not_found=False
        )
        if not job:
            return True
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                        job.id,
                    )
                )
        except psycopg2.errors.LockNotAvailable:
            return False
        return True

    @api.model
    def _rebuild(self):
        """Sum every line fact again, from nothing: after an upgrade that
        adds the rollup, or to repair it (line facts removed outside the
        refresh, such as by deleting an order before the refresh saw it
        cancelled). One statement, no commit.

        :return: the number of rows written
        """
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        self._apply_orders(None, 1)
        self.invalidate_model()
        return self.search_count([])
