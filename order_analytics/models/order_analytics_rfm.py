# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..planning import classify

# Recency, frequency and monetary value per customer over the window: one
# aggregate over the order facts.
RFM_SQL = """
    SELECT o.partner_id,
           MAX(o.date_order) AS last_order,
           COUNT(*) AS frequency,
           SUM(o.amount_untaxed) AS monetary
      FROM order_analytics_order o
     WHERE o.company_id = %(company)s AND o.confirmed
       AND o.date_order >= %(start)s AND o.date_order < %(end)s
       AND o.partner_id IS NOT NULL
     GROUP BY o.partner_id
"""


class OrderAnalyticsRfm(models.Model):
    """The RFM scores and segment of a customer in one run (history kept).

    Scores are quintiles of the company's customers who ordered in the
    window, terciles when there are fewer than
    :data:`planning.classify.RFM_QUINTILE_MIN_CUSTOMERS`; recency counts the
    days from the last order to the end of the window.
    """

    _name = "order.analytics.rfm"
    _inherit = ["order.analytics.planning.run"]
    _description = "RFM Score"
    _order = "run_date desc, monetary desc, id"
    _rec_name = "partner_id"

    _run_columns = {
        "partner_id": "int4",
        "recency_days": "int4",
        "frequency": "int4",
        "monetary": "numeric",
        "recency_score": "int4",
        "frequency_score": "int4",
        "monetary_score": "int4",
        "scale": "int4",
        "score": "varchar",
        "segment_id": "int4",
    }

    # === FIELDS === #
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    recency_days = fields.Integer(
        string="Recency (days)", readonly=True, aggregator="avg"
    )
    frequency = fields.Integer(string="Orders", readonly=True)
    monetary = fields.Monetary(string="Revenue", readonly=True)
    recency_score = fields.Integer(string="R", readonly=True, aggregator="avg")
    frequency_score = fields.Integer(string="F", readonly=True, aggregator="avg")
    monetary_score = fields.Integer(string="M", readonly=True, aggregator="avg")
    scale = fields.Integer(
        readonly=True, aggregator=False, help="5 for quintiles, 3 for terciles."
    )
    score = fields.Char(string="RFM", readonly=True)
    segment_id = fields.Many2one("order.analytics.rfm.segment", readonly=True)

    # === BUSINESS METHODS === #
    @api.model
    def _recompute_company(self, company, now, window):
        """Append one RFM run for the company and store each customer's
        segment on the customer.

        :param window: a :meth:`_month_window` of the classification
        """
        start, end, _months = window
        rows = self.env.execute_query_dict(
            SQL(RFM_SQL, company=company.id, start=start, end=end)
        )
        rules, segment_ids = self.env["order.analytics.rfm.segment"]._segment_rules()
        scores = classify.rfm_scores(
            (
                (
                    row["partner_id"],
                    (end - row["last_order"]).days,
                    row["frequency"],
                    float(row["monetary"] or 0),
                )
                for row in rows
            ),
            segment_rules=rules,
        )
        values = []
        for row, score in zip(rows, scores, strict=True):
            values.append(
                {
                    "partner_id": row["partner_id"],
                    "recency_days": (end - row["last_order"]).days,
                    "frequency": row["frequency"],
                    "monetary": float(row["monetary"] or 0),
                    "recency_score": score.recency,
                    "frequency_score": score.frequency,
                    "monetary_score": score.monetary,
                    "scale": score.scale,
                    "score": f"{score.recency}{score.frequency}{score.monetary}",
                    "segment_id": segment_ids.get((score.scale, score.segment)),
                }
            )
        self._start_run(company)
        self._insert_rows(company, now, values, self._window_dates(window))
        self._store_current_segments(company)

    def _store_current_segments(self, company):
        """Copy the latest segments onto the customers (per company)."""
        key = str(company.id)
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner t
                      SET analytics_rfm_segment_id = t.analytics_rfm_segment_id - %s
                    WHERE t.analytics_rfm_segment_id ? %s""",
                key,
                key,
            )
        )
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner t
                      SET analytics_rfm_segment_id = COALESCE(
                              t.analytics_rfm_segment_id, '{}'::jsonb)
                          || jsonb_build_object(%s, r.segment_id)
                     FROM order_analytics_rfm r
                    WHERE r.company_id = %s AND r.is_latest
                      AND r.segment_id IS NOT NULL AND r.partner_id = t.id""",
                key,
                company.id,
            )
        )
        self.env["res.partner"].invalidate_model(["analytics_rfm_segment_id"])
