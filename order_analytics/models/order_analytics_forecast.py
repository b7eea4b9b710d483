# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from ..planning import classify, forecast

DEMAND_CLASSES = [
    (classify.SMOOTH, "Smooth"),
    (classify.INTERMITTENT, "Intermittent"),
    (classify.ERRATIC, "Erratic"),
    (classify.LUMPY, "Lumpy"),
    (classify.TOO_SHORT, "Too few demands"),
    (classify.NO_DEMAND, "No demand"),
]
METHODS = [
    (forecast.ETS_SEASONAL, "Holt-Winters (damped trend, season)"),
    (forecast.ETS, "Exponential smoothing (damped trend)"),
    (forecast.SES, "Simple exponential smoothing"),
    (forecast.SBA, "SBA (Croston, Syntetos-Boylan)"),
    (forecast.TSB, "TSB (Teunter-Syntetos-Babai)"),
    (forecast.ZERO, "Zero"),
]
METRICS = [(forecast.MAPE, "MAPE"), (forecast.WAPE, "WAPE")]
WARNINGS = [(forecast.SHORT_HISTORY, "Short history")]

# Quantity per product and local month over the forecast history: one
# aggregate over the line facts.
DEMAND_SQL = """
    SELECT l.product_id,
           date_trunc(
               'month', (l.date_order AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s
           )::date AS month,
           SUM(l.qty_ordered) AS qty
      FROM order_analytics_line l
     WHERE l.company_id = %(company)s
       AND l.date_order >= %(start)s AND l.date_order < %(end)s
       AND l.product_id IS NOT NULL
     GROUP BY 1, 2
"""


class OrderAnalyticsForecast(models.Model):
    """A product's monthly demand forecast in one run, with why its method
    was chosen and how the method did on the last months held out.

    The reason is stored as codes and numbers (``reason_params``) and put
    into words in the reader's language when read, never stored translated.
    """

    _name = "order.analytics.forecast"
    _inherit = ["order.analytics.planning.run"]
    _description = "Demand Forecast"
    _order = "run_date desc, forecast_total desc, id desc"
    _rec_name = "product_id"

    _run_columns = {
        "product_id": "int4",
        "demand_class": "varchar",
        "method": "varchar",
        "reason_params": "jsonb",
        "history": "jsonb",
        "forecast_values": "jsonb",
        "forecast_total": "float8",
        "horizon": "int4",
        "season_length": "int4",
        "metric": "varchar",
        "backtest_error": "float8",
        "naive_error": "float8",
        "error_ratio": "float8",
        "total_error": "float8",
        "warning": "varchar",
    }

    # === FIELDS === #
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    demand_class = fields.Selection(DEMAND_CLASSES, readonly=True)
    method = fields.Selection(METHODS, readonly=True)
    reason_params = fields.Json(readonly=True)
    reason = fields.Char(string="Why This Method", compute="_compute_texts")
    history = fields.Json(readonly=True, help="Monthly demand, oldest first.")
    forecast_values = fields.Json(
        string="Forecast per Month", readonly=True, help="Oldest month first."
    )
    forecast_total = fields.Float(
        string="Forecast over Horizon", readonly=True, digits="Product Unit of Measure"
    )
    horizon = fields.Integer(string="Horizon (months)", readonly=True, aggregator=False)
    season_length = fields.Integer(readonly=True, aggregator=False)
    metric = fields.Selection(METRICS, string="Backtest Metric", readonly=True)
    backtest_error = fields.Float(
        readonly=True,
        aggregator="avg",
        help="Error of the method on the last months of the history, refitted "
        "without them: MAPE for smooth demand, WAPE for intermittent demand.",
    )
    naive_error = fields.Float(
        string="Seasonal-Naive Error",
        readonly=True,
        aggregator="avg",
        help="The same error for a forecast that repeats last season.",
    )
    error_ratio = fields.Float(
        string="Error / Naive",
        readonly=True,
        aggregator=False,
        help="Below 1 the method beats the seasonal-naive forecast.",
    )
    total_error = fields.Float(
        string="Horizon Total Error",
        readonly=True,
        aggregator=False,
        help="(forecast total − actual total) / actual total over the months "
        "held out: positive when the method over-forecast.",
    )
    comparison = fields.Char(string="Against Seasonal Naive", compute="_compute_texts")
    forecast_text = fields.Char(string="Monthly Forecast", compute="_compute_texts")
    history_text = fields.Char(string="Monthly History", compute="_compute_texts")
    warning = fields.Selection(WARNINGS, readonly=True)
    warning_text = fields.Char(compute="_compute_texts")

    # === COMPUTES === #
    @api.depends_context("lang")
    @api.depends(
        "reason_params",
        "method",
        "error_ratio",
        "warning",
        "forecast_values",
        "history",
    )
    def _compute_texts(self):
        for row in self:
            row.reason = row._render_reason()
            row.comparison = row._render_comparison()
            row.warning_text = row._render_warning()
            row.forecast_text = row._render_values(row.forecast_values)
            row.history_text = row._render_values(row.history)

    def _render_values(self, values):
        return " · ".join(
            formatLang(self.env, value, digits=1) for value in values or []
        )

    def _percent(self, value):
        return formatLang(self.env, value * 100, digits=1) + " %"

    def _render_reason(self):
        """Why the method was chosen, in the reader's language."""
        params = self.reason_params or {}
        classes = dict(self._fields["demand_class"]._description_selection(self.env))
        if self.demand_class == classify.NO_DEMAND:
            return self.env._("No demand in the history: the forecast is zero.")
        measures = self.env._(
            "%(cls)s demand (ADI %(adi)s, CV² %(cv2)s, %(periods)s months)",
            cls=classes.get(self.demand_class, ""),
            adi=formatLang(self.env, params.get("adi") or 0.0, digits=2),
            cv2=formatLang(self.env, params.get("cv2") or 0.0, digits=2),
            periods=params.get("periods", 0),
        )
        if self.demand_class == classify.TOO_SHORT:
            measures = self.env._("Too few months with demand to classify")
        if self.method == forecast.TSB:
            return self.env._(
                "%(measures)s, none in the last %(months)s months: TSB, whose "
                "forecast decays while no demand comes.",
                measures=measures,
                months=params.get("trailing_zeros", 0),
            )
        if self.method == forecast.SBA:
            return self.env._(
                "%(measures)s: SBA suits intermittent demand.", measures=measures
            )
        if self.method == forecast.ETS_SEASONAL:
            return self.env._(
                "%(measures)s: Holt-Winters with a season of %(season)s months.",
                measures=measures,
                season=self.season_length,
            )
        if self.method == forecast.ETS:
            return self.env._(
                "%(measures)s: exponential smoothing with a damped trend, no "
                "season (less than two seasons of history).",
                measures=measures,
            )
        return self.env._(
            "%(measures)s: simple exponential smoothing (too short for a trend, "
            "or the trend model did not fit: %(cause)s).",
            measures=measures,
            cause=params.get("fallback_cause") or "-",
        )

    def _render_comparison(self):
        """How the backtest compares with the seasonal-naive forecast."""
        if not self.metric:
            return self.env._("Not backtested: too little history.")
        if not self.error_ratio:
            return self.env._(
                "No comparison: the seasonal-naive forecast was exact or undefined."
            )
        values = {
            "error": self._percent(self.backtest_error),
            "naive": self._percent(self.naive_error),
        }
        if self.error_ratio < 1:
            return self.env._(
                "Beats seasonal naive: %(error)s against %(naive)s.", **values
            )
        return self.env._(
            "Does not beat seasonal naive: %(error)s against %(naive)s.", **values
        )

    def _render_warning(self):
        """The short-history warning, with the months it lacks."""
        if self.warning != forecast.SHORT_HISTORY:
            return False
        return self.env._(
            "Only %(periods)s months of history, less than two seasons plus the "
            "horizon (%(needed)s): the season and the backtest are unreliable.",
            periods=(self.reason_params or {}).get("periods", 0),
            needed=2 * self.season_length + self.horizon,
        )

    # === ACTIONS === #
    def action_recompute(self):
        """Button: forecast the products of the user's companies now.

        :return: an action reloading the view
        """
        self._check_planning_manager()
        for company in self.env.companies:
            self.sudo().with_company(company)._forecast_company(company)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # === BUSINESS METHODS === #
    @api.model
    def _cron_forecast(self):
        """Cron: forecast every company's products, one commit per company."""
        self._run_per_company("_forecast_company")

    def _read_demand(self, company, window):
        """Monthly demand per product sold in the window (one aggregate).

        :return: dict product id -> list of quantities, one per month
        """
        start, end, months = window
        position = {month: index for index, month in enumerate(months)}
        series = {}
        for product_id, month, qty in self.env.execute_query(
            SQL(
                DEMAND_SQL,
                tz=company.partner_id.tz or "UTC",
                company=company.id,
                start=start,
                end=end,
            )
        ):
            values = series.setdefault(product_id, [0.0] * len(months))
            values[position[month]] = qty or 0.0
        return series

    @api.model
    def _forecast_company(self, company, now=None):
        """Append one forecast run: every product sold in the history."""
        now = now or fields.Datetime.now()
        window = self._month_window(company, company.analytics_forecast_months, now)
        horizon = company.analytics_forecast_horizon
        season = company.analytics_season_length
        rows = [
            self._prepare_forecast_vals(product_id, series, horizon, season)
            for product_id, series in sorted(self._read_demand(company, window).items())
        ]
        self._start_run(company)
        self._insert_rows(company, now, rows, self._window_dates(window))

    @api.model
    def _prepare_forecast_vals(self, product_id, series, horizon, season):
        """Forecast one series and return its row."""
        result = forecast.forecast(series, horizon, season)
        test = result.backtest
        return {
            "product_id": product_id,
            "demand_class": result.reason["class"],
            "method": result.method,
            "reason_params": result.reason,
            "history": series,
            "forecast_values": result.forecast,
            "forecast_total": sum(result.forecast),
            "horizon": horizon,
            "season_length": season,
            "metric": test and test.metric,
            "backtest_error": test and test.error,
            "naive_error": test and test.naive_error,
            "error_ratio": test and test.ratio,
            "total_error": test and test.total_error,
            "warning": result.warning,
        }
