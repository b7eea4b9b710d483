# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..planning import classify

ABC_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]
XYZ_CLASSES = [("X", "X"), ("Y", "Y"), ("Z", "Z")]
SUBJECTS = [("product", "Product"), ("customer", "Customer")]

# Revenue and quantity per subject and local month over the window: one
# aggregate over the line facts, whatever the number of orders.
SERIES_SQL = """
    SELECT l.%(column)s AS subject_id,
           date_trunc(
               'month', (l.date_order AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s
           )::date AS month,
           SUM(l.amount_untaxed) AS revenue,
           SUM(l.qty_ordered) AS qty
      FROM order_analytics_line l
     WHERE l.company_id = %(company)s
       AND l.date_order >= %(start)s AND l.date_order < %(end)s
       AND l.%(column)s IS NOT NULL
     GROUP BY 1, 2
"""


class OrderAnalyticsClass(models.Model):
    """The ABC and XYZ class of a product or a customer in one run.

    Each run appends one row per product (customer) sold in the window and
    keeps the rows of earlier runs, so that a move from A to B can be shown;
    the latest class is also stored on the product (customer), per company.
    ABC ranks by revenue; XYZ measures the monthly quantity of a product and
    the monthly revenue of a customer.
    """

    _name = "order.analytics.class"
    _inherit = ["order.analytics.planning.run"]
    _description = "ABC / XYZ Class"
    _order = "run_date desc, subject, rank, id desc"

    _run_columns = {
        "subject": "varchar",
        "product_id": "int4",
        "partner_id": "int4",
        "rank": "int4",
        "revenue": "numeric",
        "quantity": "float8",
        "share": "float8",
        "cumulative_share": "float8",
        "abc_class": "varchar",
        "previous_class": "varchar",
        "changed": "bool",
        "xyz_class": "varchar",
        "cv": "float8",
    }
    # Subject -> (fact column, table holding its current class, whose monthly
    # series XYZ measures).
    _subjects = {
        "product": ("product_id", "product_product", "qty"),
        "customer": ("partner_id", "res_partner", "revenue"),
    }

    # === FIELDS === #
    subject = fields.Selection(SUBJECTS, required=True, readonly=True, index=True)
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    rank = fields.Integer(readonly=True, aggregator=False)
    revenue = fields.Monetary(readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    share = fields.Float(
        string="Revenue Share", readonly=True, help="Share of the revenue (0.1 = 10 %)."
    )
    cumulative_share = fields.Float(readonly=True, aggregator=False)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC", readonly=True)
    previous_class = fields.Selection(
        ABC_CLASSES,
        string="Previous ABC",
        readonly=True,
        help="The ABC class of the run before; empty when it was not classified.",
    )
    changed = fields.Boolean(
        string="Class Changed",
        readonly=True,
        help="Classified in the run before, in another ABC class.",
    )
    xyz_class = fields.Selection(XYZ_CLASSES, string="XYZ", readonly=True)
    cv = fields.Float(
        string="CV",
        readonly=True,
        aggregator=False,
        help="Coefficient of variation of the monthly series (empty when its "
        "mean is zero).",
    )

    # === COMPUTES === #
    @api.depends("subject", "product_id", "partner_id", "abc_class", "xyz_class")
    def _compute_display_name(self):
        for row in self:
            subject = row.product_id if row.subject == "product" else row.partner_id
            row.display_name = (
                f"{subject.display_name} {row.abc_class or ''}{row.xyz_class or ''}"
            )

    # === ACTIONS === #
    def action_recompute(self):
        """Button: recompute the classes and RFM of the user's companies now.

        :return: an action reloading the view
        """
        self._check_planning_manager()
        for company in self.env.companies:
            self.sudo().with_company(company)._recompute_company(company)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # === BUSINESS METHODS === #
    @api.model
    def _cron_recompute(self):
        """Cron: classes and RFM of every company, one commit per company."""
        self._run_per_company("_recompute_company")

    @api.model
    def _recompute_company(self, company, now=None):
        """Classify the company's products and customers, then its RFM.

        :param now: the run's time (naive UTC), default now
        """
        now = now or fields.Datetime.now()
        window = self._month_window(company, company.analytics_abc_months, now)
        for subject in self._subjects:
            self._classify_subject(company, subject, now, window)
        self.env["order.analytics.rfm"]._recompute_company(company, now, window)

    def _read_series(self, company, column, window):
        """Revenue and monthly series per subject, from one aggregate.

        :return: dict subject id -> {"revenue": float, "qty": [..],
            "revenue_series": [..]} with one value per month, zeros included
        """
        start, end, months = window
        position = {month: index for index, month in enumerate(months)}
        rows = self.env.execute_query_dict(
            SQL(
                SERIES_SQL,
                column=SQL.identifier(column),
                tz=company.partner_id.tz or "UTC",
                company=company.id,
                start=start,
                end=end,
            )
        )
        series = defaultdict(
            lambda: {"qty": [0.0] * len(months), "revenue": [0.0] * len(months)}
        )
        for row in rows:
            index = position[row["month"]]
            series[row["subject_id"]]["qty"][index] = row["qty"] or 0.0
            series[row["subject_id"]]["revenue"][index] = float(row["revenue"] or 0)
        return series

    def _latest_classes(self, company, subject):
        """Subject id -> ABC class of the company's latest run (one query)."""
        column = self._subjects[subject][0]
        rows = self.env.execute_query(
            SQL(
                """SELECT %s, abc_class FROM order_analytics_class
                    WHERE company_id = %s AND subject = %s AND is_latest""",
                SQL.identifier(column),
                company.id,
                subject,
            )
        )
        return dict(rows)

    def _classify_subject(self, company, subject, now, window):
        """Append one run of ABC / XYZ rows for one subject and store the
        classes on the products (customers)."""
        column, _table, measure = self._subjects[subject]
        series = self._read_series(company, column, window)
        previous = self._latest_classes(company, subject)
        ranked = classify.abc_classify(
            [(key, sum(values["revenue"])) for key, values in series.items()],
            thresholds=company._analytics_abc_thresholds(),
        )
        cuts = (company.analytics_xyz_x_cv, company.analytics_xyz_y_cv)
        rows = []
        for item in ranked:
            xyz = classify.xyz_classify(series[item.key][measure], cuts)
            before = previous.get(item.key)
            rows.append(
                {
                    "subject": subject,
                    "product_id": item.key if subject == "product" else None,
                    "partner_id": item.key if subject == "customer" else None,
                    "rank": item.rank,
                    "revenue": item.value,
                    "quantity": sum(series[item.key]["qty"]),
                    "share": item.share,
                    "cumulative_share": item.cumulative_share,
                    "abc_class": item.abc_class,
                    "previous_class": before,
                    "changed": bool(before) and before != item.abc_class,
                    "xyz_class": xyz.xyz_class,
                    "cv": xyz.cv,
                }
            )
        self._start_run(company, SQL("subject = %s", subject))
        self._insert_rows(company, now, rows, self._window_dates(window))
        self._store_current_classes(company, subject)

    def _store_current_classes(self, company, subject):
        """Copy the latest classes onto the products (customers) of the
        company: their per-company values, cleared for those not sold in the
        window. Two statements, whatever the number of subjects."""
        column, table, _measure = self._subjects[subject]
        key = str(company.id)
        fields_sql = SQL(", ").join(
            SQL(
                "%(field)s = COALESCE(t.%(field)s, '{}'::jsonb) - %(key)s",
                field=SQL.identifier(name),
                key=key,
            )
            for name in ("analytics_abc_class", "analytics_xyz_class")
        )
        self.env.cr.execute(
            SQL(
                """UPDATE %(table)s t SET %(fields)s
                    WHERE t.analytics_abc_class ? %(key)s
                       OR t.analytics_xyz_class ? %(key)s""",
                table=SQL.identifier(table),
                fields=fields_sql,
                key=key,
            )
        )
        self.env.cr.execute(
            SQL(
                """UPDATE %(table)s t
                      SET analytics_abc_class = COALESCE(t.analytics_abc_class,
                              '{}'::jsonb) || jsonb_build_object(%(key)s, c.abc_class),
                          analytics_xyz_class = COALESCE(t.analytics_xyz_class,
                              '{}'::jsonb) || jsonb_build_object(%(key)s, c.xyz_class)
                     FROM order_analytics_class c
                    WHERE c.company_id = %(company)s AND c.subject = %(subject)s
                      AND c.is_latest AND c.%(column)s = t.id""",
                table=SQL.identifier(table),
                key=key,
                company=company.id,
                subject=subject,
                column=SQL.identifier(column),
            )
        )
        model = "product.product" if subject == "product" else "res.partner"
        self.env[model].invalidate_model(["analytics_abc_class", "analytics_xyz_class"])
