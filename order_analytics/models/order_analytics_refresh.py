# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import threading
import time
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

_logger = logging.getLogger(__name__)

# When the facts were last brought current: every change made before it is
# in the reports.
DATA_AS_OF = "data_as_of"
# Until when changes have been collected into the queue.
COLLECTED_UNTIL = "collected_until"
# Changes are looked for from a little before the last collection: a change
# committed late by a long transaction carries an earlier write_date.
OVERLAP = timedelta(minutes=10)
BATCH_SIZE = 500
# One cron run stops taking batches after this; the scheduler runs it again
# at once while orders are queued (ir.cron._notify_progress).
TIME_BUDGET_SECONDS = 120


class OrderAnalyticsQueue(models.Model):
    """Orders whose facts must be rebuilt. Filled by the refresh cron from
    the documents that changed, never by the order, delivery or webhook
    paths: they pay nothing."""

    _name = "order.analytics.queue"
    _description = "Order Analytics Refresh Queue"
    _log_access = False

    order_id = fields.Many2one(
        "sale.order", required=True, readonly=True, ondelete="cascade"
    )
    queued_at = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        ("order_uniq", "unique(order_id)", "An order is queued once."),
    ]


class OrderAnalyticsWatermark(models.Model):
    """The refresh's two times. A table of its own, not a system parameter:
    writing a parameter clears every worker's caches, every five minutes."""

    _name = "order.analytics.watermark"
    _description = "Order Analytics Refresh Times"
    _log_access = False

    name = fields.Char(required=True, readonly=True)
    value = fields.Datetime(readonly=True)

    _sql_constraints = [("name_uniq", "unique(name)", "One time per name.")]

    @api.model
    def _get(self, name):
        return self.sudo().search([("name", "=", name)], limit=1).value

    @api.model
    def _set(self, name, value):
        self.env.cr.execute(
            SQL(
                """INSERT INTO order_analytics_watermark (name, value)
                   VALUES (%s, %s)
                   ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value""",
                name,
                value,
            )
        )
        self.invalidate_model()


class OrderAnalyticsRefresh(models.AbstractModel):
    """Keeps the fact tables current: collect the orders whose documents
    changed since the last run into the queue, then rebuild their facts in
    batches, one commit per batch."""

    _name = "order.analytics.refresh"
    _description = "Order Analytics Refresh"

    # === CHANGE SOURCES === #
    def _change_sources(self):
        """Names of the methods that each return, as SQL, the ids
        (``order_id``) of the orders a kind of document changed since a time.
        An extension that adds a fact from another document adds one name."""
        return [
            "_changed_orders",
            "_changed_order_lines",
            "_changed_reviews",
            "_changed_shipments",
            "_changed_moves",
            "_changed_tracking",
            "_changed_exceptions",
            "_changed_answers",
            "_changed_review_logs",
            "_changed_credit_notes",
            "_lines_come_due",
        ]

    def _changed_orders(self, since, now):
        return SQL(
            "SELECT id AS order_id FROM sale_order WHERE write_date >= %s", since
        )

    def _changed_order_lines(self, since, now):
        # Delivered and invoiced quantities are stored on the line: a
        # validated delivery, a return or an invoice rewrites it.
        return SQL("SELECT order_id FROM sale_order_line WHERE write_date >= %s", since)

    def _changed_reviews(self, since, now):
        return SQL(
            "SELECT order_id FROM sale_order_review WHERE write_date >= %s", since
        )

    def _changed_shipments(self, since, now):
        return SQL(
            "SELECT sale_id AS order_id FROM order_shipment WHERE write_date >= %s",
            since,
        )

    def _changed_moves(self, since, now):
        return SQL(
            """SELECT l.order_id FROM stock_move m
                 JOIN sale_order_line l ON l.id = m.sale_line_id
                WHERE m.write_date >= %s""",
            since,
        )

    def _changed_tracking(self, since, now):
        return SQL(
            """SELECT sh.sale_id AS order_id FROM order_tracking_event e
                 JOIN order_shipment sh ON sh.id = e.shipment_id
                WHERE e.create_date >= %s""",
            since,
        )

    def _changed_exceptions(self, since, now):
        return SQL(
            """SELECT sale_id AS order_id FROM order_delivery_exception
                WHERE write_date >= %s""",
            since,
        )

    def _changed_answers(self, since, now):
        return SQL(
            """SELECT sale_order_id AS order_id FROM survey_user_input
                WHERE write_date >= %s""",
            since,
        )

    def _changed_review_logs(self, since, now):
        return SQL(
            """SELECT order_id FROM sale_order_review_log
                WHERE date >= %s""",
            since,
        )

    def _changed_credit_notes(self, since, now):
        return SQL(
            """SELECT sl.order_id FROM account_move am
                 JOIN account_move_line aml ON aml.move_id = am.id
                 JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
                 JOIN sale_order_line sl ON sl.id = rel.order_line_id
                WHERE am.move_type = 'out_refund' AND am.write_date >= %s""",
            since,
        )

    def _lines_come_due(self, since, now):
        # Nothing changes when a promise window closes: the pending lines
        # whose window has ended in their company's time zone are judged
        # again (an index range, see order.analytics.line).
        return SQL(
            """SELECT f.order_id FROM order_analytics_line f
                 JOIN res_company c ON c.id = f.company_id
                 JOIN res_partner cp ON cp.id = c.partner_id
                WHERE NOT f.evaluated
                  AND f.date_window_end
                      < ((%s AT TIME ZONE 'UTC')
                         AT TIME ZONE COALESCE(NULLIF(cp.tz, ''), 'UTC'))::date""",
            now,
        )

    # === QUEUE === #
    @api.model
    def _enqueue_changes(self, since, now):
        """Queue every order a source reports as changed since ``since``.

        :return: how many orders were added to the queue
        """
        self.env.flush_all()  # the queries read the tables, not the cache
        added = 0
        for method in self._change_sources():
            self.env.cr.execute(
                SQL(
                    """INSERT INTO order_analytics_queue (order_id, queued_at)
                       SELECT DISTINCT changed.order_id, %s FROM (%s) changed
                        WHERE changed.order_id IS NOT NULL
                       ON CONFLICT (order_id) DO NOTHING""",
                    now,
                    getattr(self, method)(since, now),
                )
            )
            added += self.env.cr.rowcount
        return added

    @api.model
    def _refresh_batch(self, order_ids, now):
        """Rebuild the facts of these orders and take them off the queue."""
        self.env.flush_all()
        self.env["order.analytics.line"]._refresh_orders(order_ids, now)
        self.env["order.analytics.order"]._refresh_orders(order_ids)
        self.env["order.analytics.stage"]._refresh_orders(order_ids, now)
        self.env["order.analytics.shipment"]._refresh_orders(order_ids, now)
        self.env.cr.execute(
            SQL(
                "DELETE FROM order_analytics_queue WHERE order_id IN %s",
                tuple(order_ids),
            )
        )

    @api.model
    def _next_batch(self, size):
        self.env.cr.execute(
            SQL(
                """SELECT order_id FROM order_analytics_queue ORDER BY order_id
                   LIMIT %s FOR UPDATE SKIP LOCKED""",
                size,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # === CRON === #
    @api.model
    def _cron_refresh(self, batch_size=BATCH_SIZE, time_budget=TIME_BUDGET_SECONDS):
        """Collect the changes since the last run, then drain the queue in
        batches with a commit after each, within ``time_budget`` seconds; the
        scheduler runs the cron again at once while orders remain.

        :return: (orders refreshed, orders still queued)
        """
        marks = self.env["order.analytics.watermark"]
        now = fields.Datetime.now()
        last = marks._get(COLLECTED_UNTIL)
        since = last - OVERLAP if last else datetime.min
        self._enqueue_changes(since, now)
        marks._set(COLLECTED_UNTIL, now)
        started, done = time.monotonic(), 0
        # Tests run in one transaction that must not be committed.
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        while time.monotonic() - started < time_budget:
            batch = self._next_batch(batch_size)
            if not batch:
                break
            self._refresh_batch(batch, now)
            done += len(batch)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        remaining = self.env["order.analytics.queue"].sudo().search_count([])
        if not remaining:
            marks._set(DATA_AS_OF, now)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.debug(
            "order analytics: %s orders refreshed, %s queued", done, remaining
        )
        return done, remaining

    @api.model
    def _refresh_all(self, batch_size=BATCH_SIZE):
        """Build the facts of every order at once, without committing: for
        the demo data at install (the cron commits per batch)."""
        now = fields.Datetime.now()
        self._enqueue_changes(datetime.min, now)
        while batch := self._next_batch(batch_size):
            self._refresh_batch(batch, now)
        marks = self.env["order.analytics.watermark"]
        marks._set(COLLECTED_UNTIL, now)
        marks._set(DATA_AS_OF, now)

    @api.model
    def _data_as_of(self):
        """When the facts were last complete, or None before the first run."""
        return self.env["order.analytics.watermark"]._get(DATA_AS_OF) or None

    @api.model
    def _report_action(self, xmlid):
        """The window action of a report, titled with the time its figures
        are as of (the breadcrumb keeps it while the user drills down).

        :param xmlid: the report's ``ir.actions.act_window``
        :return: action dict
        """
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        as_of = self._data_as_of()
        if as_of:
            action["name"] = self.env._(
                "%(report)s (data as of %(time)s)",
                report=action["name"],
                time=format_datetime(self.env, as_of, dt_format="short"),
            )
        else:
            action["name"] = self.env._(
                "%(report)s (figures not computed yet)", report=action["name"]
            )
        # The breadcrumb shows the display name.
        action["display_name"] = action["name"]
        return action
