# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The stage facts: one row per review stage an order went through."""

from odoo.tools import SQL

# Every stage that was put in front of a reviewer (or approved itself), of
# every review cycle: waiting ones never started and skipped ones did not
# apply.
STAGE_JUDGED = """
judged AS (
    SELECT r.id AS review_id, r.order_id, r.stage_id, r.cycle, r.state,
           r.company_id, r.decided_by_id AS reviewer_id,
           s.user_id, s.team_id,
           customer.commercial_partner_id AS partner_id,
           r.activated_on, r.decided_on, r.deadline,
           COALESCE(r.auto_approved, FALSE) AS auto_approved,
           r.decided_on IS NOT NULL AS decided,
           EXTRACT(EPOCH FROM r.decided_on - r.activated_on) / 3600.0
               AS waiting_hours,
           r.deadline IS NOT NULL
               AND COALESCE(r.decided_on, %(now)s) > r.deadline AS sla_breached
      FROM sale_order_review r
      JOIN sale_order s ON s.id = r.order_id
      JOIN res_partner customer ON customer.id = s.partner_id
     WHERE r.order_id IN %(orders)s
       AND r.activated_on IS NOT NULL
       AND r.state NOT IN ('waiting', 'skipped')
)"""


def stage_judged_cte(order_ids, now):
    """The ``WITH`` clause that ends in ``judged``: one row per stage review
    of the given orders, its SLA judged at ``now`` while it waits.

    :return: SQL
    """
    return SQL("WITH " + STAGE_JUDGED, orders=order_ids, now=now)
