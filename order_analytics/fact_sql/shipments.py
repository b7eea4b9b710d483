# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipment facts: one row per tracked parcel of an order."""

from odoo.tools import SQL

from .common import local_date

# The batch's parcels: who carried them, when they left (the delivery's
# validation) and when the carrier delivered them, and the last day of
# their order's promise windows (from its line facts).
SHIPMENT_BASE = """
base AS (
    SELECT sh.id AS shipment_id, sh.sale_id AS order_id, sh.picking_id,
           sh.company_id, sh.carrier_id, sh.status,
           s.user_id, s.team_id, s.warehouse_id,
           customer.commercial_partner_id AS partner_id,
           shipping.country_id, shipping.state_id,
           p.date_done AS date_shipped, delivered.at AS date_delivered,
           promise.window_end,
           COALESCE(NULLIF(cp.tz, ''), 'UTC') AS tz
      FROM order_shipment sh
      JOIN stock_picking p ON p.id = sh.picking_id
      JOIN sale_order s ON s.id = sh.sale_id
      JOIN res_company c ON c.id = sh.company_id
      JOIN res_partner cp ON cp.id = c.partner_id
      JOIN res_partner customer ON customer.id = s.partner_id
      LEFT JOIN res_partner shipping ON shipping.id = s.partner_shipping_id
      LEFT JOIN LATERAL (
            SELECT MAX(e.event_time) AS at
              FROM order_tracking_event e
             WHERE e.shipment_id = sh.id AND e.status = 'delivered'
      ) delivered ON TRUE
      LEFT JOIN LATERAL (
            SELECT MAX(f.date_window_end) AS window_end
              FROM order_analytics_line f
             WHERE f.order_id = sh.sale_id
      ) promise ON TRUE
     WHERE sh.sale_id IN %(orders)s
)"""

SHIPMENT_JUDGED = f"""
judged AS (
    SELECT b.*, x.first_type AS exception_type,
           COALESCE(x.exception_count, 0) AS exception_count,
           %(type_counts)s,
           b.window_end IS NOT NULL
               AND (b.date_delivered IS NOT NULL
                    OR {local_date("%(now)s")} > b.window_end) AS evaluated,
           COALESCE({local_date("b.date_delivered")} <= b.window_end, FALSE)
               AS on_time,
           EXTRACT(EPOCH FROM b.date_delivered - b.date_shipped) / 86400.0
               AS transit_days
      FROM base b
      LEFT JOIN exceptions x ON x.shipment_id = b.shipment_id
)"""


def shipment_judged_cte(order_ids, now, exception_types):
    """The ``WITH`` clause that ends in ``judged``: one row per shipment of
    the given orders, with its delivery exception cases (those of the
    parcel, and those of its delivery that name no parcel) counted per type.

    :param exception_types: the type codes counted one column each
        (``exceptions_<code>``)
    :return: SQL
    """
    per_type = SQL(", ").join(
        SQL(
            "COUNT(*) FILTER (WHERE x.exception_type = %s) AS %s",
            code,
            SQL.identifier(f"exceptions_{code}"),
        )
        for code in exception_types
    )
    exceptions = SQL(
        """
        exceptions AS (
            SELECT sh.id AS shipment_id, COUNT(*) AS exception_count,
                   (array_agg(x.exception_type ORDER BY x.id))[1] AS first_type,
                   %s
              FROM order_shipment sh
              JOIN order_delivery_exception x
                ON x.shipment_id = sh.id
                OR (x.shipment_id IS NULL AND x.picking_id = sh.picking_id)
             WHERE sh.sale_id IN %s AND x.state <> 'cancelled'
             GROUP BY sh.id
        )""",
        per_type,
        order_ids,
    )
    type_counts = SQL(", ").join(
        SQL(
            "COALESCE(x.%s, 0) AS %s",
            SQL.identifier(f"exceptions_{code}"),
            SQL.identifier(f"exceptions_{code}"),
        )
        for code in exception_types
    )
    return SQL(
        "WITH %s, %s, %s",
        SQL(SHIPMENT_BASE, orders=order_ids),
        exceptions,
        SQL(SHIPMENT_JUDGED, type_counts=type_counts, now=now),
    )
