# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The order facts: one row per order, rolled up from its line facts."""

from odoo.tools import SQL

# The batch's confirmed orders, and the quotations that went into review
# (their review time and errors count too); cancelled ones drop out.
ORDER_BASE = """
orders AS (
    SELECT s.id AS order_id, s.company_id, c.currency_id,
           customer.commercial_partner_id AS partner_id,
           shipping.country_id, shipping.state_id,
           s.user_id, s.team_id, s.warehouse_id, s.carrier_id, s.date_order,
           s.state = 'sale' AS confirmed,
           s.review_submitted_on, s.review_decided_on,
           s.amount_untaxed / COALESCE(NULLIF(s.currency_rate, 0), 1)
               AS amount_untaxed
      FROM sale_order s
      JOIN res_company c ON c.id = s.company_id
      JOIN res_partner customer ON customer.id = s.partner_id
      LEFT JOIN res_partner shipping ON shipping.id = s.partner_shipping_id
     WHERE s.id IN %(orders)s
       AND (s.state = 'sale'
            OR (s.state <> 'cancel' AND s.review_submitted_on IS NOT NULL))
)"""

# The order's goods lines, rolled up from their facts (refreshed just before):
# an order is judged once every line is, OTIF when every line is.
ORDER_LINES = """
lines AS (
    SELECT f.order_id,
           COUNT(*) AS line_count,
           bool_and(f.evaluated) AS evaluated,
           bool_and(f.on_time) AS on_time,
           bool_and(f.in_full) AS in_full,
           bool_and(f.otif) AS otif,
           bool_or(f.otif_reason IN ('late', 'both')) AS any_late,
           bool_or(f.otif_reason IN ('short', 'both')) AS any_short,
           bool_or(f.otif_reason = 'early') AS any_early,
           SUM(f.qty_returned) AS qty_returned,
           MAX(f.date_last_delivered) AS date_last_delivered,
           CASE WHEN bool_and(f.lead_time_days IS NOT NULL)
                THEN MAX(f.lead_time_days) END AS lead_time_days
      FROM order_analytics_line f
     WHERE f.order_id IN %(orders)s
     GROUP BY f.order_id
)"""

# Open or closed delivery exception cases (cancelled ones were mistakes).
ORDER_EXCEPTIONS = """
exceptions AS (
    SELECT x.sale_id AS order_id, COUNT(*) AS exception_count
      FROM order_delivery_exception x
     WHERE x.sale_id IN %(orders)s AND x.state <> 'cancelled'
     GROUP BY x.sale_id
)"""

# Posted credit notes invoiced from the order's lines.
ORDER_CREDIT_NOTES = """
credit_notes AS (
    SELECT DISTINCT sl.order_id
      FROM sale_order_line sl
      JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sl.id
      JOIN account_move_line aml ON aml.id = rel.invoice_line_id
      JOIN account_move am ON am.id = aml.move_id
     WHERE sl.order_id IN %(orders)s
       AND am.move_type = 'out_refund' AND am.state = 'posted'
)"""

# A rejected stage, a change request or a lapsed approval in the review log.
ORDER_ERRORS = """
review_errors AS (
    SELECT DISTINCT lg.order_id
      FROM sale_order_review_log lg
     WHERE lg.order_id IN %(orders)s
       AND lg.event IN ('rejected', 'changes_requested', 'lapsed')
)"""

# The order's latest completed satisfaction survey.
ORDER_ANSWERS = """
answers AS (
    SELECT DISTINCT ON (ui.sale_order_id)
           ui.sale_order_id AS order_id,
           ui.order_csat, ui.order_csat_answered,
           ui.order_nps, ui.order_nps_answered
      FROM survey_user_input ui
     WHERE ui.sale_order_id IN %(orders)s AND ui.state = 'done'
     ORDER BY ui.sale_order_id, ui.id DESC
)"""

ORDER_ROLLED = """
rolled AS (
    SELECT o.*,
           COALESCE(l.line_count, 0) AS line_count,
           o.confirmed AND COALESCE(l.evaluated, FALSE) AS evaluated,
           COALESCE(l.on_time, FALSE) AS on_time,
           COALESCE(l.in_full, FALSE) AS in_full,
           COALESCE(l.otif, FALSE) AS otif,
           CASE
               WHEN NOT COALESCE(l.evaluated, FALSE) OR l.otif THEN NULL
               WHEN l.any_late AND l.any_short THEN 'both'
               WHEN l.any_late THEN 'late'
               WHEN l.any_short THEN 'short'
               WHEN l.any_early THEN 'early'
           END AS otif_reason,
           COALESCE(l.qty_returned, 0) AS qty_returned,
           l.date_last_delivered, l.lead_time_days,
           COALESCE(x.exception_count, 0) AS exception_count,
           cn.order_id IS NOT NULL AS has_credit_note,
           er.order_id IS NOT NULL AS has_error,
           a.order_csat_answered AND a.order_csat IS NOT NULL AS csat_answered,
           a.order_csat AS csat,
           a.order_nps_answered AND a.order_nps IS NOT NULL AS nps_answered,
           a.order_nps AS nps_score,
           EXTRACT(EPOCH FROM o.review_decided_on - o.review_submitted_on) / 3600.0
               AS review_hours
      FROM orders o
      LEFT JOIN lines l ON l.order_id = o.order_id
      LEFT JOIN exceptions x ON x.order_id = o.order_id
      LEFT JOIN credit_notes cn ON cn.order_id = o.order_id
      LEFT JOIN review_errors er ON er.order_id = o.order_id
      LEFT JOIN answers a ON a.order_id = o.order_id
)"""

# Perfect: judged OTIF with no exception case, no return, no credit note.
ORDER_JUDGED = """
judged AS (
    SELECT r.*,
           r.evaluated AND r.otif AND r.exception_count = 0
               AND r.qty_returned = 0 AND NOT r.has_credit_note AS perfect,
           COALESCE(r.csat_answered, FALSE) AS csat_counted,
           COALESCE(r.nps_answered, FALSE) AS nps_counted
      FROM rolled r
)"""


def order_judged_cte(order_ids):
    """The ``WITH`` clause that ends in ``judged``: one row per order of the
    batch that counts, read from its line facts and its other documents.

    :param order_ids: tuple of ``sale.order`` ids
    :return: SQL
    """
    steps = (
        ORDER_BASE,
        ORDER_LINES,
        ORDER_EXCEPTIONS,
        ORDER_CREDIT_NOTES,
        ORDER_ERRORS,
        ORDER_ANSWERS,
        ORDER_ROLLED,
        ORDER_JUDGED,
    )
    return SQL("WITH " + ",".join(steps), orders=order_ids)
