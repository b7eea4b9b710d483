# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock facts of the review: the forecast of the batch's lines."""

from odoo import api, models
from odoo.tools import SQL

from .sale_review_facts import OPEN_MOVES

# The two forecast queries share these pieces, so they cannot drift apart:
# the moves that still change a forecast (:data:`OPEN_MOVES`, read through
# its index), and the locations of a warehouse (everything under its view
# location ``view``, joined here: reading it through the ORM fetched every
# field of the warehouse on each confirmation).
WAREHOUSE_LOCATIONS = """ARRAY(SELECT loc.id
                   FROM stock_location loc
                  WHERE starts_with(loc.parent_path, view.parent_path))"""

# One date per product and warehouse: on hand in the warehouse plus the open
# moves crossing its boundary until that date, summed per request.
FORECAST_ONE_DATE_SQL = f"""
SELECT r.product_id, r.warehouse_id, r.to_date,
       COALESCE((
           SELECT SUM(q.quantity)
             FROM stock_quant q
            WHERE q.product_id = r.product_id
              AND q.location_id = ANY(r.locations)
       ), 0)
       + COALESCE((
           -- moves crossing the warehouse's boundary, in or out
           SELECT SUM(CASE WHEN m.location_id = ANY(r.locations)
                           THEN -m.product_qty ELSE m.product_qty END)
             FROM (SELECT * FROM stock_move WHERE {OPEN_MOVES.where}) m
            WHERE m.product_id = r.product_id
              AND m.date <= r.to_date
              AND (m.location_id = ANY(r.locations))
                  <> (COALESCE(m.location_final_id, m.location_dest_id)
                      = ANY(r.locations))
       ), 0) AS quantity
  FROM (
    SELECT req.product_id, req.warehouse_id, req.to_date,
           {WAREHOUSE_LOCATIONS} AS locations
      FROM unnest(%(products)s::int[], %(warehouses)s::int[],
                  %(dates)s::timestamp[])
           AS req(product_id, warehouse_id, to_date)
      JOIN stock_warehouse wh ON wh.id = req.warehouse_id
      JOIN stock_location view ON view.id = wh.view_location_id
  ) r"""

# Several dates per product and warehouse: one pass over the open moves of the
# batch's products. On hand at the start, then the moves in date order with the
# requested dates slotted in; a running sum gives the forecast at each of them.
# Moves before the earliest requested date of a product collapse into one row.
# The three branches of the stream have the same shape (product, warehouse,
# date, kind, delta).
FORECAST_MANY_DATES_SQL = f"""
WITH request AS (
    SELECT DISTINCT *
      FROM unnest(%(products)s::int[], %(warehouses)s::int[],
                  %(dates)s::timestamp[])
           AS req(product_id, warehouse_id, to_date)
), scope AS (
    SELECT r.product_id, r.warehouse_id,
           MIN(r.to_date) AS since, MAX(r.to_date) AS until,
           {WAREHOUSE_LOCATIONS} AS locations
      FROM request r
      JOIN stock_warehouse wh ON wh.id = r.warehouse_id
      JOIN stock_location view ON view.id = wh.view_location_id
     GROUP BY r.product_id, r.warehouse_id, view.parent_path
), stream AS (
    SELECT s.product_id, s.warehouse_id, s.since AS date, 0 AS kind,
           COALESCE((
               SELECT SUM(q.quantity)
                 FROM stock_quant q
                WHERE q.product_id = s.product_id
                  AND q.location_id = ANY(s.locations)
           ), 0) AS delta
      FROM scope s
    UNION ALL
    -- moves crossing the warehouse's boundary, in or out
    SELECT s.product_id, s.warehouse_id, GREATEST(m.date, s.since), 0,
           SUM(CASE WHEN m.location_id = ANY(s.locations)
                    THEN -m.product_qty ELSE m.product_qty END)
      FROM scope s
      JOIN LATERAL (
        SELECT *
          FROM stock_move
         WHERE ({OPEN_MOVES.where})
           AND product_id = s.product_id
           AND date <= s.until
      ) m ON (m.location_id = ANY(s.locations))
             <> (COALESCE(m.location_final_id, m.location_dest_id)
                 = ANY(s.locations))
     GROUP BY 1, 2, 3
    UNION ALL
    SELECT product_id, warehouse_id, to_date, 1, 0
      FROM request
)
SELECT product_id, warehouse_id, date AS to_date, total AS quantity
  FROM (
    SELECT product_id, warehouse_id, date, kind,
           SUM(delta) OVER (
               PARTITION BY product_id, warehouse_id
               ORDER BY date, kind
               ROWS UNBOUNDED PRECEDING
           ) AS total
      FROM stream
  ) running
 WHERE kind = 1"""

STOCK_FLUSH = {
    "stock.quant": ["product_id", "location_id", "quantity"],
    "stock.move": [
        "product_id",
        "product_qty",
        "state",
        "date",
        "location_id",
        "location_dest_id",
        "location_final_id",
    ],
    "stock.location": ["parent_path"],
    "stock.warehouse": ["view_location_id"],
}


class SaleReviewFacts(models.AbstractModel):
    _inherit = "sale.review.facts"

    @api.model
    def _fetch_forecasts(self, requests):
        """Forecast quantity of products in warehouses at dates: on hand in
        the warehouse + moves in - moves out until the date (sale_stock's
        ``virtual_available_at_date``), in one query for the whole batch.

        :param requests: sorted (product id, warehouse id, datetime) triples
        :return: dict (product id, warehouse id, datetime) -> quantity in
            the product's unit
        """
        for model, fnames in STOCK_FLUSH.items():
            self.env[model].flush_model(fnames)
        if len(requests) == len({request[:2] for request in requests}):
            # A single order, or orders promised the same day: a plain sum.
            text = FORECAST_ONE_DATE_SQL
        else:
            text = FORECAST_MANY_DATES_SQL
        rows = self.env.execute_query_dict(self._forecast_query(text, requests))
        return {
            (row["product_id"], row["warehouse_id"], row["to_date"]): float(
                row["quantity"]
            )
            for row in rows
        }

    @api.model
    def _forecast_query(self, text, requests):
        """One of the forecast queries, bound to the batch's requests.

        :param text: ``FORECAST_ONE_DATE_SQL`` or ``FORECAST_MANY_DATES_SQL``
        :param requests: sorted (product id, warehouse id, date)
        :return: the query (columns: product_id, warehouse_id, to_date,
            quantity)
        """
        return SQL(
            text,
            products=[request[0] for request in requests],
            warehouses=[request[1] for request in requests],
            dates=[request[2] for request in requests],
        )
