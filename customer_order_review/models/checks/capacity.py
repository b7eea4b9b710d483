# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic check of stages whose check is ``capacity``."""

from datetime import timedelta

from odoo import api, models

from ... import phrases as ph
from ...phrases import phrase
from ...review_data import FAIL, PASS, evidence, result


class SaleReviewCheckCapacity(models.AbstractModel):
    _name = "sale.review.check.capacity"
    _inherit = "sale.review.check"
    _description = "Order Review Check: Capacity and lead time check"

    @api.model
    def _judge(self, orders, data, stage):
        """Promised date vs the earliest feasible delivery date."""
        results = {}
        extra = self._workcenter_delay_days(orders.order_line)
        for order in orders:
            earliest = self._earliest_feasible_date(order, data, extra)
            promised = order.commitment_date
            items = [evidence(phrase("label.earliest_date"), ph.date(earliest))]
            if not promised:
                message = phrase("capacity.no_promise", earliest=ph.date(earliest))
                results[order.id] = result(PASS, message, items)
                continue
            items.append(evidence(phrase("label.promised_date"), ph.date(promised)))
            dates = {"promised": ph.date(promised), "earliest": ph.date(earliest)}
            if promised.date() < earliest:
                message = phrase("capacity.too_early", **dates)
                results[order.id] = result(FAIL, message, items)
            else:
                message = phrase("capacity.feasible", **dates)
                results[order.id] = result(PASS, message, items)
        return results

    @api.model
    def _earliest_feasible_date(self, order, data, extra_days):
        """Today + the longest line lead time (customer lead time, plus the
        replenishment lead time of lines short at the promised date, plus
        workcenter delays) + the company's security lead time."""
        short_lines = {
            line for line, _qty, _forecast, _date in data.shortages.get(order.id, [])
        }
        longest = 0.0
        for line in data.product_lines[order.id]:
            days = line.customer_lead or 0.0
            if line in short_lines:
                days += self._replenishment_days(line.product_id)
            days += extra_days.get(line.id, 0.0)
            longest = max(longest, days)
        security = order.company_id.security_lead or 0.0
        return data.today + timedelta(days=longest + security)

    @api.model
    def _replenishment_days(self, product):
        """Days to get more of ``product``: its vendor lead time, or its
        manufacturing lead time when manufacturing is installed."""
        days = [seller.delay for seller in product.seller_ids[:1]]
        if "produce_delay" in product._fields:
            days.append(product.produce_delay)
        return max(days or [0.0])

    @api.model
    def _workcenter_delay_days(self, lines):
        """Hook: extra days per line from the load of the workcenters that make
        its product.

        Without manufacturing (mrp is not a dependency) there is none. When
        mrp is installed, a line whose product has a bill of materials with
        operations waits for the open work orders already queued on those
        workcenters: their expected minutes divided by the workcenter's
        working hours per day. Override to plug in a finer planning.

        :param lines: ``sale.order.line`` recordset
        :return: dict line id -> days
        """
        if "mrp.workorder" not in self.env or not lines:
            return {}
        boms = self.env["mrp.bom"].sudo()._bom_find(lines.product_id)
        workcenters = self.env["mrp.workcenter"].sudo()
        for bom in boms.values():
            workcenters |= bom.operation_ids.workcenter_id
        if not workcenters:
            return {}
        backlog = dict(
            self.env["mrp.workorder"]
            .sudo()
            ._read_group(
                [
                    ("workcenter_id", "in", workcenters.ids),
                    ("state", "in", ("pending", "waiting", "ready", "progress")),
                ],
                ["workcenter_id"],
                ["duration_expected:sum"],
            )
        )
        days_per_workcenter = {}
        for workcenter in workcenters:
            hours = workcenter.resource_calendar_id.hours_per_day or 8.0
            minutes = backlog.get(workcenter, 0.0)
            days_per_workcenter[workcenter] = minutes / 60.0 / hours
        delays = {}
        for line in lines:
            bom = boms.get(line.product_id)
            if bom:
                delays[line.id] = max(
                    (days_per_workcenter[wc] for wc in bom.operation_ids.workcenter_id),
                    default=0.0,
                )
        return delays
