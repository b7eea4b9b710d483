# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
import statistics

from odoo import Command, api, fields, models
from odoo.tools import SQL, float_round

from ..planning import stock

# Days per month, to express a lead time in the months demand is counted in.
DAYS_PER_MONTH = 365.25 / 12
LEAD_TIME_SOURCES = [
    ("receipts", "Past receipts"),
    ("vendor", "Vendor delay"),
    ("sale_delay", "Customer lead time"),
    ("none", "None"),
]

# Demand per product, warehouse and local month over the window.
DEMAND_SQL = """
    SELECT l.product_id, l.warehouse_id,
           date_trunc(
               'month', (l.date_order AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s
           )::date AS month,
           SUM(l.qty_ordered) AS qty
      FROM order_analytics_line l
     WHERE l.company_id = %(company)s AND l.product_id IN %(products)s
       AND l.date_order >= %(start)s AND l.date_order < %(end)s
     GROUP BY 1, 2, 3
"""
# Lead time of the done receipts per product and warehouse, in days: from
# the time it was ordered (the purchase's confirmation when purchase is
# installed, else the receipt's own date, "usually the time of the order")
# to the time it was received.
LEAD_TIME_SQL = """
    SELECT product_id, warehouse_id, AVG(days) AS mean,
           COALESCE(STDDEV_POP(days), 0) AS std, COUNT(*) AS receipts
      FROM (
        SELECT m.product_id, spt.warehouse_id,
               EXTRACT(EPOCH FROM m.date - %(ordered)s) / 86400.0 AS days
          FROM stock_move m
          JOIN stock_picking p ON p.id = m.picking_id
          JOIN stock_picking_type spt ON spt.id = p.picking_type_id
          %(join)s
         WHERE m.state = 'done' AND spt.code = 'incoming'
           AND m.origin_returned_move_id IS NULL
           AND m.company_id = %(company)s AND m.product_id IN %(products)s
           AND m.date >= %(start)s
      ) receipts
     GROUP BY 1, 2
"""


class OrderAnalyticsSafetyStock(models.TransientModel):
    """Suggest a min / max for reordering rules from demand variability and
    lead time, and apply it per line or for all selected lines.

    The lines are computed on the server when the wizard is created, from the
    rules it is opened on. The suggested minimum is the reorder point
    d̄·LT + SS. Odoo triggers a rule when the *forecast* stock at the end of
    the lead time falls below the minimum, and that forecast already deducts
    confirmed deliveries inside the lead time: where customers order ahead,
    d̄·LT counts part of that demand twice and the minimum is on the safe side
    (research/analytics.md §1.2). We keep the textbook reorder point, which
    is right for demand that arrives inside the lead time, and say so.
    """

    _name = "order.analytics.safety.stock"
    _description = "Suggest Reordering Rule Min / Max"

    # === FIELDS === #
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    orderpoint_ids = fields.Many2many(
        "stock.warehouse.orderpoint", string="Reordering Rules"
    )
    line_ids = fields.One2many(
        "order.analytics.safety.stock.line", "wizard_id", string="Suggestions"
    )
    formula = fields.Char(default=lambda self: stock.FORMULA, readonly=True)

    # === CRUD === #
    @api.model
    def default_get(self, fields_list):
        """Open on the selected rules, or on all the company's rules."""
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "stock.warehouse.orderpoint":
            ids = context.get("active_ids") or []
        else:
            ids = (
                self.env["stock.warehouse.orderpoint"]
                .search([("company_id", "=", self.env.company.id)])
                .ids
            )
        values["orderpoint_ids"] = [Command.set(ids)]
        return values

    @api.model_create_multi
    def create(self, vals_list):
        """Compute the suggestion lines of the new wizards."""
        self._check_manager()
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.line_ids = [
                Command.create(vals) for vals in wizard._prepare_line_vals()
            ]
        return wizards

    # === ACTIONS === #
    def action_apply_selected(self):
        """Apply the suggestion of every selected line not yet applied."""
        self._check_manager()
        self.line_ids.filtered(lambda line: line.selected and not line.applied)._apply()
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _action_open(self, orderpoints=None):
        """Create the wizard on ``orderpoints`` (default: all the company's
        rules) and return the action showing it.

        :return: action dict
        """
        self._check_manager()
        values = {}
        if orderpoints is not None:
            values["orderpoint_ids"] = [Command.set(orderpoints.ids)]
        wizard = self.create(values)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Suggest Min / Max"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # === BUSINESS METHODS === #
    def _check_manager(self):
        self.env["order.analytics.planning.run"]._check_planning_manager()

    def _prepare_line_vals(self):
        """One line per reordering rule, from two aggregates for all of them.

        :return: list of dicts for ``order.analytics.safety.stock.line``
        """
        self.ensure_one()
        company = self.company_id
        rules = self.orderpoint_ids.filtered(lambda r: r.company_id == company)
        if not rules:
            return []
        runs = self.env["order.analytics.planning.run"]
        window = runs._month_window(company, company.analytics_abc_months)
        products = tuple(rules.product_id.ids)
        demand = self._read_demand(company, products, window)
        lead_times = self._read_lead_times(company, products, window[0])
        cycle = company.analytics_review_months
        levels = self.env["order.analytics.service.level"]._levels_of(company)
        return [
            self._prepare_rule_vals(rule, demand, lead_times, cycle, levels)
            for rule in rules
        ]

    def _read_demand(self, company, products, window):
        """(product, warehouse) -> (mean, σ) of the monthly demand, zero
        months included."""
        start, end, months = window
        position = {month: index for index, month in enumerate(months)}
        series = {}
        for product_id, warehouse_id, month, qty in self.env.execute_query(
            SQL(
                DEMAND_SQL,
                tz=company.partner_id.tz or "UTC",
                company=company.id,
                products=products,
                start=start,
                end=end,
            )
        ):
            values = series.setdefault((product_id, warehouse_id), [0.0] * len(months))
            values[position[month]] = qty or 0.0
        return {
            key: (statistics.fmean(values), statistics.pstdev(values))
            for key, values in series.items()
        }

    def _read_lead_times(self, company, products, since):
        """(product, warehouse) -> (mean days, σ days, receipts)."""
        if "purchase_line_id" in self.env["stock.move"]._fields:
            join = SQL(
                """LEFT JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                   LEFT JOIN purchase_order po ON po.id = pol.order_id"""
            )
            ordered = SQL("COALESCE(po.date_approve, p.date)")
        else:
            join, ordered = SQL(), SQL("p.date")
        rows = self.env.execute_query(
            SQL(
                LEAD_TIME_SQL,
                ordered=ordered,
                join=join,
                company=company.id,
                products=products,
                start=since,
            )
        )
        return {
            (product_id, warehouse_id): (float(mean), float(std), count)
            for product_id, warehouse_id, mean, std, count in rows
        }

    def _fallback_lead_time(self, product):
        """Lead time in days without receipts: the vendor's delay, else the
        product's customer lead time. :return: (days, source code)"""
        sellers = product.seller_ids.filtered(
            lambda s: not s.company_id or s.company_id == self.company_id
        )
        if sellers:
            return float(sellers[0].delay), "vendor"
        if product.sale_delay:
            return float(product.sale_delay), "sale_delay"
        return 0.0, "none"

    def _prepare_rule_vals(self, rule, demand, lead_times, cycle, levels=None):
        """The suggestion for one rule; lead time and demand in months.

        :param levels: the company's service level per cell ("AX" -> 0.98),
            replacing the library's defaults
        """
        product = rule.product_id.with_company(self.company_id)
        key = (product.id, rule.warehouse_id.id)
        mean, std = demand.get(key, (0.0, 0.0))
        if key in lead_times:
            lead_days, lead_std, receipts = lead_times[key]
            source = "receipts"
        else:
            (lead_days, source), lead_std, receipts = (
                self._fallback_lead_time(product),
                0.0,
                0,
            )
        abc = product.sudo().analytics_abc_class or "C"
        xyz = product.sudo().analytics_xyz_class or "Z"
        plan = stock.stock_plan(
            mean,
            std,
            max(lead_days, 0.0) / DAYS_PER_MONTH,
            lead_std / DAYS_PER_MONTH,
            service_level=stock.service_level(abc, xyz, levels),
            review_period=cycle,
        )
        new_min, new_max = self._round_min_max(rule, plan.min_qty, plan.max_qty)
        return {
            "orderpoint_id": rule.id,
            "current_min": rule.product_min_qty,
            "current_max": rule.product_max_qty,
            "suggested_min": new_min,
            "suggested_max": new_max,
            "abc_class": abc,
            "xyz_class": xyz,
            "classified": bool(product.sudo().analytics_abc_class),
            "service_level": plan.service_level,
            "z": plan.z,
            "demand_mean": mean,
            "demand_std": std,
            "lead_time": lead_days,
            "lead_time_std": lead_std,
            "lead_time_source": source,
            "receipt_count": receipts,
            "safety_stock": plan.safety_stock,
        }

    @api.model
    def _round_min_max(self, rule, min_qty, max_qty):
        """Round the min up to the unit, and the max up so that an order from
        min to max is a whole number of the rule's multiple (min ≤ max).

        :return: (min, max)
        """
        rounding = rule.product_uom.rounding
        new_min = float_round(
            min_qty, precision_rounding=rounding, rounding_method="UP"
        )
        gap = max(max_qty - new_min, 0.0)
        if rule.qty_multiple > 0:
            gap = math.ceil(round(gap / rule.qty_multiple, 6)) * rule.qty_multiple
        new_max = float_round(
            new_min + gap, precision_rounding=rounding, rounding_method="UP"
        )
        return new_min, max(new_max, new_min)
