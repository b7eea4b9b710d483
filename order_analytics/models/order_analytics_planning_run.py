# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "order_analytics.group_order_analytics_manager"


class OrderAnalyticsPlanningRun(models.AbstractModel):
    """What the rows of a planning run share: their company, when the run
    was, whether it is the latest, and how the run writes them.

    A run appends rows (history is kept) with one INSERT from arrays, so its
    query count does not grow with the number of products or customers, and
    marks the rows of the run before it as no longer the latest.
    """

    _name = "order.analytics.planning.run"
    _description = "Order Analytics Planning Run"

    # Column -> PostgreSQL type of the arrays :meth:`_insert_rows` unnests;
    # the model's own columns, besides company, run date and latest flag.
    _run_columns = {}

    # === FIELDS === #
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    run_date = fields.Datetime(string="Computed On", required=True, readonly=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(
        string="To", readonly=True, help="The last day of the window read."
    )
    is_latest = fields.Boolean(string="Latest", readonly=True, index=True)

    # === BUSINESS METHODS === #
    @api.model
    def _check_planning_manager(self):
        """Refuse anyone but an analytics manager (and the cron's superuser)."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only analytics managers can run the planning.")
            )

    @api.model
    def _month_window(self, company, months, now=None):
        """The last ``months`` complete months in the company's time zone.

        :return: ``(start, end, month_starts)``: ``start`` and ``end`` as naive
            UTC datetimes (end excluded), ``month_starts`` the local first day
            of each month, oldest first
        """
        tz = pytz.timezone(company.partner_id.tz or "UTC")
        now = now or fields.Datetime.now()
        local_now = pytz.utc.localize(now).astimezone(tz)
        first = local_now.date().replace(day=1)
        month_starts = [first - relativedelta(months=n) for n in range(months, 0, -1)]

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(month_starts[0]), to_utc(first), month_starts

    @api.model
    def _window_dates(self, window):
        """The first and the last local day of a :meth:`_month_window`."""
        months = window[2]
        return months[0], months[-1] + relativedelta(months=1, days=-1)

    @api.model
    def _start_run(self, company, where=None):
        """Mark the company's latest rows (those ``where`` selects, SQL) as
        superseded; the run's own rows are the latest once inserted."""
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET is_latest = FALSE "
                "WHERE company_id = %s AND is_latest AND %s",
                SQL.identifier(self._table),
                company.id,
                where or SQL("TRUE"),
            )
        )

    @api.model
    def _insert_rows(self, company, run_date, rows, window=(None, None)):
        """Append a run's rows in one INSERT ... SELECT FROM unnest(arrays).

        :param rows: list of dicts with the keys of ``_run_columns``
        :param window: (date_from, date_to) the run read
        """
        if not rows:
            return
        columns = list(self._run_columns)
        arrays = [
            SQL(
                "%s::%s",
                [
                    json.dumps(row[column])
                    if self._run_columns[column] == "jsonb"
                    else row[column]
                    for row in rows
                ],
                SQL(
                    "text[]"
                    if self._run_columns[column] == "jsonb"
                    else f"{self._run_columns[column]}[]"
                ),
            )
            for column in columns
        ]
        selects = [
            SQL("u.%s::jsonb", SQL.identifier(c))
            if self._run_columns[c] == "jsonb"
            else SQL("u.%s", SQL.identifier(c))
            for c in columns
        ]
        identifiers = SQL(", ").join(SQL.identifier(c) for c in columns)
        self.env.cr.execute(
            SQL(
                """INSERT INTO %(table)s (%(columns)s, company_id, run_date, date_from,
                       date_to, is_latest, create_uid, write_uid, create_date,
                       write_date)
                   SELECT %(selects)s, %(company)s, %(run)s, %(date_from)s,
                          %(date_to)s, TRUE, %(uid)s, %(uid)s, %(run)s, %(run)s
                     FROM unnest(%(arrays)s) AS u(%(columns)s)""",
                table=SQL.identifier(self._table),
                columns=identifiers,
                selects=SQL(", ").join(selects),
                arrays=SQL(", ").join(arrays),
                company=company.id,
                run=run_date,
                date_from=window[0],
                date_to=window[1],
                uid=self.env.uid,
            )
        )
        self.invalidate_model()

    @api.model
    def _run_per_company(self, method, companies=None):
        """Call ``method(company)`` for each company, committing after each
        outside tests so that one company's failure keeps the others' runs.

        :param method: name of a method of this model taking a company
        """
        auto_commit = not self.env.registry.in_test_mode()
        for company in companies or self.env["res.company"].search([]):
            getattr(self.with_company(company), method)(company)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            _logger.debug("order analytics: %s done for %s", method, company.name)
