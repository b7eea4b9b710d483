# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The line facts: one row per goods line of a confirmed order."""

from odoo.tools import SQL

from .common import QTY_EPSILON, local_date

# What each company chose: its time zone and tolerances.
LINE_PARAMS = """
params AS (
    SELECT c.id AS company_id, c.currency_id,
           COALESCE(NULLIF(cp.tz, ''), 'UTC') AS tz,
           COALESCE(c.analytics_early_days, 0) AS early_days,
           COALESCE(c.analytics_late_days, 0) AS late_days,
           COALESCE(c.analytics_qty_tolerance, 0) AS qty_tolerance
      FROM res_company c
      JOIN res_partner cp ON cp.id = c.partner_id
)"""

# The goods lines of the batch's confirmed orders, their dimensions and the
# date first promised (kept from the row's earlier version).
LINE_BASE = """
base AS (
    SELECT l.id AS sale_line_id, s.id AS order_id, s.company_id, prm.currency_id,
           customer.commercial_partner_id AS partner_id,
           shipping.country_id, shipping.state_id,
           l.product_id, pp.product_tmpl_id, pt.categ_id,
           s.user_id, s.team_id, s.warehouse_id, s.carrier_id,
           s.date_order, s.commitment_date,
           COALESCE(
               old.date_first_promised,
               s.date_order + COALESCE(l.customer_lead, 0) * INTERVAL '1 day'
           ) AS date_first_promised,
           l.product_uom_qty / line_uom.factor * product_uom.factor AS qty_ordered,
           product_uom.factor AS product_uom_factor,
           l.price_subtotal / COALESCE(NULLIF(s.currency_rate, 0), 1)
               AS amount_untaxed,
           prm.tz, prm.early_days, prm.late_days, prm.qty_tolerance
      FROM sale_order_line l
      JOIN sale_order s ON s.id = l.order_id
      JOIN params prm ON prm.company_id = s.company_id
      JOIN res_partner customer ON customer.id = s.partner_id
      LEFT JOIN res_partner shipping ON shipping.id = s.partner_shipping_id
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN uom_uom line_uom ON line_uom.id = l.product_uom
      JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
      LEFT JOIN order_analytics_line old ON old.sale_line_id = l.id
     WHERE l.order_id IN %(orders)s
       AND s.state = 'sale'
       AND l.display_type IS NULL
       AND pt.type = 'consu'
       AND l.product_uom_qty > 0
)"""

# The promise and its window, in local days; the local month of the order
# date, stored with the row so that the monthly rollup takes a line away from
# the month it was added to, whatever the company's time zone has become.
LINE_WINDOW = f"""
windowed AS (
    SELECT b.*,
           date_trunc('month', (b.date_order AT TIME ZONE 'UTC')
                               AT TIME ZONE b.tz)::date AS date_month,
           COALESCE(b.commitment_date, b.date_first_promised) AS date_promised,
           {local_date("COALESCE(b.commitment_date, b.date_first_promised)")}
               - b.early_days AS window_start,
           {local_date("COALESCE(b.commitment_date, b.date_first_promised)")}
               + b.late_days AS window_end,
           {local_date("%(now)s")} AS today,
           b.qty_ordered * (1 - b.qty_tolerance / 100.0) AS qty_required
      FROM base b
)"""

# Every done move to a customer, in the product's unit, at the time the
# carrier delivered it (else the time the warehouse validated it), with the
# quantity delivered so far.
LINE_DELIVERED = """
delivered AS (
    SELECT w.sale_line_id,
           m.quantity / move_uom.factor * w.product_uom_factor AS qty,
           COALESCE(carrier.delivered_at, m.date) AS delivered_at,
           SUM(m.quantity / move_uom.factor * w.product_uom_factor) OVER (
               PARTITION BY w.sale_line_id
               ORDER BY COALESCE(carrier.delivered_at, m.date), m.id
           ) AS cumulative
      FROM windowed w
      JOIN stock_move m ON m.sale_line_id = w.sale_line_id AND m.state = 'done'
      JOIN stock_location dest ON dest.id = m.location_dest_id
      JOIN uom_uom move_uom ON move_uom.id = m.product_uom
      LEFT JOIN LATERAL (
            SELECT MAX(e.event_time) AS delivered_at
              FROM order_shipment sh
              JOIN order_tracking_event e ON e.shipment_id = sh.id
             WHERE sh.picking_id = m.picking_id AND e.status = 'delivered'
      ) carrier ON TRUE
     WHERE dest.usage = 'customer'
)"""

# Done moves back from a customer (returns), in the product's unit.
LINE_RETURNED = """
returned AS (
    SELECT w.sale_line_id,
           SUM(m.quantity / move_uom.factor * w.product_uom_factor) AS qty
      FROM windowed w
      JOIN stock_move m ON m.sale_line_id = w.sale_line_id AND m.state = 'done'
      JOIN stock_location src ON src.id = m.location_id
      JOIN uom_uom move_uom ON move_uom.id = m.product_uom
     WHERE src.usage = 'customer'
     GROUP BY w.sale_line_id
)"""

LINE_TOTALS = f"""
totals AS (
    SELECT w.sale_line_id,
           COALESCE(SUM(d.qty), 0) AS qty_delivered,
           COALESCE(SUM(d.qty) FILTER (
               WHERE {local_date("d.delivered_at")} <= w.window_end
           ), 0) AS qty_on_time,
           MIN(d.delivered_at) AS first_delivered_at,
           MAX(d.delivered_at) AS last_delivered_at,
           MIN(d.delivered_at) FILTER (
               WHERE d.cumulative >= w.qty_required - {QTY_EPSILON}
           ) AS completed_at
      FROM windowed w
      LEFT JOIN delivered d ON d.sale_line_id = w.sale_line_id
     GROUP BY w.sale_line_id
)"""

# The facts a judgement needs, each a plain yes / no.
LINE_FLAGS = f"""
flags AS (
    SELECT w.*, t.qty_delivered, t.qty_on_time, t.first_delivered_at,
           t.last_delivered_at, t.completed_at,
           COALESCE(r.qty, 0) AS qty_returned,
           t.qty_on_time >= w.qty_required - {QTY_EPSILON} AS full_by_deadline,
           t.qty_delivered >= w.qty_required - {QTY_EPSILON} AS full_now,
           w.today > w.window_end AS due,
           COALESCE({local_date("t.first_delivered_at")} < w.window_start, FALSE)
               AS early,
           (t.first_delivered_at IS NULL
            OR {local_date("t.first_delivered_at")} > w.window_end
            OR t.qty_delivered > t.qty_on_time + {QTY_EPSILON}) AS late,
           COALESCE({local_date("t.first_delivered_at")}
               BETWEEN w.window_start AND w.window_end, FALSE) AS first_in_window
      FROM windowed w
      JOIN totals t ON t.sale_line_id = w.sale_line_id
      LEFT JOIN returned r ON r.sale_line_id = w.sale_line_id
)"""

# On time: the first delivery fell inside the window. In full: the quantity
# required was there by its end. Judged once in full by then or once due.
LINE_VERDICT = """
verdict AS (
    SELECT f.*,
           (f.full_by_deadline OR f.due) AS evaluated,
           (f.full_by_deadline OR f.due) AND f.first_in_window AS on_time,
           (f.full_by_deadline OR f.due) AND f.full_by_deadline AS in_full
      FROM flags f
)"""

# Why a judged line missed: early when all came in time but too soon; else
# late (something came after the window, or nothing by then), short (some is
# still missing), or both.
LINE_JUDGED = """
judged AS (
    SELECT v.*,
           v.on_time AND v.in_full AS otif,
           CASE
               WHEN NOT v.evaluated OR (v.on_time AND v.in_full) THEN NULL
               WHEN v.early AND v.full_by_deadline THEN 'early'
               WHEN v.late AND NOT v.full_now THEN 'both'
               WHEN v.late THEN 'late'
               WHEN NOT v.full_now THEN 'short'
               ELSE 'early'
           END AS otif_reason,
           CASE WHEN v.evaluated THEN LEAST(v.qty_on_time, v.qty_ordered) ELSE 0 END
               AS qty_filled,
           EXTRACT(EPOCH FROM v.completed_at - v.date_order) / 86400.0
               AS lead_time_days
      FROM verdict v
)"""

LINE_DIMENSIONS = {
    name: SQL(f"j.{name}")
    for name in (
        "sale_line_id",
        "order_id",
        "company_id",
        "currency_id",
        "partner_id",
        "country_id",
        "state_id",
        "product_id",
        "product_tmpl_id",
        "categ_id",
        "user_id",
        "team_id",
        "warehouse_id",
        "carrier_id",
        "date_order",
        "date_month",
        "date_promised",
        "date_first_promised",
        "amount_untaxed",
    )
}


def line_judged_cte(order_ids, now):
    """The ``WITH`` clause that ends in ``judged``: one row per goods line of
    the given orders, judged at ``now``.

    :param order_ids: tuple of ``sale.order`` ids
    :param now: naive UTC datetime
    :return: SQL
    """
    steps = (
        LINE_PARAMS,
        LINE_BASE,
        LINE_WINDOW,
        LINE_DELIVERED,
        LINE_RETURNED,
        LINE_TOTALS,
        LINE_FLAGS,
        LINE_VERDICT,
        LINE_JUDGED,
    )
    return SQL("WITH " + ",".join(steps), orders=order_ids, now=now)
