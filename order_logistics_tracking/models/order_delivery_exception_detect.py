# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The detectors that open delivery exception cases by themselves: from a
carrier's status, and from time (promise passed, no scan for days)."""

from odoo import api, fields, models
from odoo.tools import SQL

from .order_delivery_exception import (
    DEFAULT_SEVERITY,
    DETECT_BATCH,
    STATUS_FALLBACK,
)


class OrderDeliveryException(models.Model):
    _inherit = "order.delivery.exception"  # pylint: disable=consider-merging-classes-inherited

    # === DETECTORS === #
    @api.model
    def _prepare_detected_vals(self, shipment, exception_type, cause_key, **extra):
        """Values of a case a detector opens for ``shipment``."""
        vals = {
            "exception_type": exception_type,
            "severity": DEFAULT_SEVERITY[exception_type],
            "shipment_id": shipment.id,
            "cause_key": cause_key,
            "source": "detector",
        }
        vals.update(extra)
        return vals

    @api.model
    def _create_detected(self, vals_list):
        """Open the detected cases whose cause has none yet (per company).

        :return: the new cases
        """
        vals_list = [vals for vals in vals_list if vals.get("cause_key")]
        if not vals_list:
            return self.browse()
        keys = {vals["cause_key"] for vals in vals_list}
        Case = self._case_sudo()
        known = set(
            Case.with_context(active_test=False)
            .search([("cause_key", "in", list(keys))])
            .mapped(lambda c: (c.company_id.id, c.cause_key))
        )
        Shipment = self.env["order.shipment"].sudo()
        todo = []
        for vals in vals_list:
            company = Shipment.browse(vals["shipment_id"]).company_id.id
            if (company, vals["cause_key"]) not in known:
                known.add((company, vals["cause_key"]))
                todo.append(vals)
        return Case.create(todo)

    @api.model
    def _detect_status(self, shipments):
        """Open a case for each shipment whose carrier status is a problem
        (exception, failed attempt, returned), typed by the provider's hint
        of the raw code; once per shipment and type."""
        vals_list = []
        for shipment in shipments.filtered(lambda s: s.status in STATUS_FALLBACK):
            exception_type = (
                shipment._exception_hint() or STATUS_FALLBACK[shipment.status]
            )
            vals_list.append(
                self._prepare_detected_vals(
                    shipment,
                    exception_type,
                    f"status:{shipment.id}:{exception_type}",
                    raw_code=shipment.raw_code,
                )
            )
        return self._create_detected(vals_list)

    @api.model
    def _cron_detect(self, batch_size=DETECT_BATCH):
        """Time-based detectors, one batch of each per run: promised date
        passed or carrier ETA after it (delay), no carrier event for the
        company's number of days (no scan). Progress is reported so Odoo
        commits each batch and calls again while causes remain."""
        done = remaining = 0
        for detector in (self._detect_delay, self._detect_no_scan):
            batch_done, batch_remaining = detector(batch_size)
            done += batch_done
            remaining += batch_remaining
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining

    @api.model
    def _detect_delay(self, batch_size=DETECT_BATCH):
        """One batch of late shipments without a delay case.

        :return: (cases opened, shipments left for the next batches)
        """
        return self._open_batch(self._delay_condition(), "delay", batch_size)

    @api.model
    def _detect_no_scan(self, batch_size=DETECT_BATCH):
        """One batch of silent shipments without a no-scan case.

        :return: (cases opened, shipments left for the next batches)
        """
        return self._open_batch(self._no_scan_condition(), "no_scan", batch_size)

    def _open_batch(self, condition, exception_type, batch_size):
        # One row more than the batch tells whether a count is needed at all.
        ids = self._fetch_candidates(condition, exception_type, batch_size + 1)
        batch = ids[:batch_size]
        shipments = self.env["order.shipment"].sudo().browse(batch)
        self._create_detected(
            [
                self._prepare_detected_vals(
                    shipment, exception_type, f"{exception_type}:{shipment.id}"
                )
                for shipment in shipments
            ]
        )
        remaining = 0
        if len(ids) > batch_size:
            remaining = self._count_candidates(condition, exception_type)
        return len(batch), remaining

    @api.model
    def _promise_sql(self):
        """When the goods were promised: the order's commitment date, else
        the delivery's deadline, else its scheduled date."""
        return SQL("COALESCE(so.commitment_date, p.date_deadline, p.scheduled_date)")

    @api.model
    def _delay_condition(self):
        now = fields.Datetime.now()
        promise = SQL(
            "(%s + make_interval(hours => COALESCE(c.exception_delay_grace_hours, 0)))",
            self._promise_sql(),
        )
        return SQL(
            "s.status != 'delivered' "
            "AND (%(promise)s < %(now)s OR s.eta > %(promise)s)",
            promise=promise,
            now=now,
        )

    @api.model
    def _no_scan_condition(self):
        now = fields.Datetime.now()
        return SQL(
            "c.exception_no_scan_days > 0 AND COALESCE(s.last_event_time, "
            "s.create_date) < %s - make_interval(days => c.exception_no_scan_days)",
            now,
        )

    @api.model
    def _candidates_query(self, condition, exception_type, select, tail=None):
        """Open shipments matching ``condition`` that have no case of this
        cause yet: one set-based query (the cause lookup uses the unique
        index on company and cause)."""
        self.env["order.shipment"].flush_model()
        self.env["stock.picking"].flush_model(
            ["sale_id", "date_deadline", "scheduled_date"]
        )
        self.env["sale.order"].flush_model(["commitment_date"])
        self.env["res.company"].flush_model(
            ["exception_no_scan_days", "exception_delay_grace_hours"]
        )
        self.flush_model(["company_id", "cause_key"])
        return SQL(
            """
            SELECT %(select)s
              FROM order_shipment s
              JOIN stock_picking p ON p.id = s.picking_id
              JOIN res_company c ON c.id = s.company_id
         LEFT JOIN sale_order so ON so.id = p.sale_id
             WHERE s.final IS NOT TRUE
               AND %(condition)s
               AND NOT EXISTS (
                       SELECT 1 FROM order_delivery_exception e
                        WHERE e.company_id = s.company_id
                          AND e.cause_key = %(prefix)s || s.id
                   )
             %(tail)s
            """,
            select=select,
            condition=condition,
            prefix=f"{exception_type}:",
            tail=tail or SQL(),
        )

    @api.model
    def _fetch_candidates(self, condition, exception_type, limit):
        query = self._candidates_query(
            condition,
            exception_type,
            SQL("s.id"),
            SQL("ORDER BY s.id LIMIT %s", limit),
        )
        return [row[0] for row in self.env.execute_query(query)]

    @api.model
    def _count_candidates(self, condition, exception_type):
        query = self._candidates_query(condition, exception_type, SQL("count(*)"))
        return self.env.execute_query(query)[0][0]
