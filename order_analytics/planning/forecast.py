# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demand forecast per product, with the method chosen by its demand class.

:func:`forecast` classifies the history (Syntetos-Boylan, :mod:`.classify`)
and forecasts with the method that suits the class:

- smooth and erratic demand: damped-trend Holt-Winters (statsmodels'
  ``ExponentialSmoothing``), with an additive season only when the history
  holds two full seasons (statsmodels cannot initialise a season on less);
- intermittent and lumpy demand: SBA, Croston's method with the
  Syntetos-Boylan bias correction; or TSB when the item looks to be dying
  (no demand for much longer than its usual interval), because TSB lowers
  the demand probability every period without demand, so its forecast decays
  towards zero where Croston's stays flat;
- no demand at all: zero.

It then backtests the same method: the last ``horizon`` periods are held
out, the method is refitted on the rest and its error is compared with a
seasonal-naive forecast of the same periods (research/analytics.md §5.2:
accuracy beside the forecast, and a benchmark to beat).

numpy and statsmodels are imported inside the functions that use them: an
Odoo worker that never forecasts does not pay their 100-300 MB, and this
module imports without them. Without statsmodels, smooth series fall back to
a numpy simple exponential smoothing, and the reason says so.
"""

import contextlib
import warnings
from dataclasses import dataclass

from . import classify

# Method codes (the addon names them in the user's language).
ETS = "ets"
ETS_SEASONAL = "ets_seasonal"
SES = "ses"
SBA = "sba"
TSB = "tsb"
ZERO = "zero"

# Warning code: less history than two seasons plus the horizon, so no seasonal
# model could be backtested (research/analytics.md §3.3).
SHORT_HISTORY = "short_history"

# Backtest error metrics.
MAPE = "mape"
WAPE = "wape"

# Smoothing constants of the intermittent methods: 0.1 is the usual choice in
# the literature (Syntetos & Boylan 2005; Teunter, Syntetos & Babai 2011): the
# estimates move slowly, as they must with few demands to learn from.
SBA_ALPHA = 0.1
TSB_ALPHA = 0.1
TSB_BETA = 0.1
# Simple exponential smoothing constant of the numpy fallback (no statsmodels
# to estimate one): a middle value that neither ignores nor chases the last
# period.
SES_ALPHA = 0.3
# An intermittent item whose trailing run without demand is longer than this
# many average intervals is taken as dying, and forecast with TSB.
DYING_INTERVALS = 2.0
# Fewest periods for a trend: below, a damped trend has more parameters than
# the data can pin down, so simple exponential smoothing is used.
MIN_TREND_PERIODS = 10
# A seasonal-naive error below this is a perfect benchmark up to rounding
# (1e-16 on a clean series): no ratio to it, rather than a ratio of 10^15.
NAIVE_ERROR_FLOOR = 1e-9


@dataclass(frozen=True)
class Backtest:
    """The error of a method on the last ``holdout`` periods of the history.

    Errors are fractions (0.12 is 12 %), None when undefined (no actual
    demand to compare with). ``ratio`` is ``error / naive_error``: below 1,
    the method beats the seasonal-naive forecast; None when the naive
    forecast was perfect (nothing to beat). ``total_error`` is the
    signed error of the horizon's total, (Σ forecast − Σ actual) / Σ actual:
    positive when the method over-forecasts.
    """

    method: str
    metric: str
    error: float | None
    naive_error: float | None
    ratio: float | None
    total_error: float | None
    naive_total_error: float | None
    skipped_zero_actuals: int
    holdout: int


@dataclass(frozen=True)
class ForecastResult:
    """A product's forecast, why its method was chosen, and how it backtests.

    ``reason`` is a code plus its parameters, e.g. ``{"class": "smooth",
    "adi": 1.1, "cv2": 0.2, "periods": 36, "seasonal": True}``; when a fit
    failed it also carries ``fallback`` (the method used instead) and
    ``fallback_cause``. ``backtest`` is None when the history is too short
    to hold out ``horizon`` periods and still fit.
    """

    method: str
    reason: dict
    forecast: list
    backtest: Backtest | None
    warning: str | None


# === Intermittent methods and benchmarks (numpy) === #


def _ses_level(values, alpha, initial=None):
    """Return the level of simple exponential smoothing after the last value.

    Each value updates the level as ``level += alpha * (value - level)``; the
    closed form weighs value j by alpha·(1 − alpha)^(n − 1 − j), so the whole
    recursion is one dot product.

    :param values: numpy array
    :param alpha: smoothing constant in (0, 1]
    :param initial: starting level; None starts at the first value
    :return: float
    """
    import numpy as np

    if initial is None:
        initial, values = values[0], values[1:]
    count = len(values)
    weights = alpha * (1.0 - alpha) ** np.arange(count - 1, -1, -1)
    return float((1.0 - alpha) ** count * initial + weights @ values)


def croston_sba(history, horizon, alpha=SBA_ALPHA):
    """Forecast intermittent demand with SBA (Syntetos-Boylan approximation).

    Croston smooths the non-zero demand sizes and the intervals between them
    separately (each started at its first value; the first interval counts
    from the start of the history) and forecasts size / interval per period.
    Croston's ratio is biased upwards; SBA multiplies it by (1 − alpha / 2).

    :param history: demand per period, oldest first
    :param horizon: number of periods to forecast
    :param alpha: smoothing constant of sizes and intervals
    :return: numpy array of ``horizon`` equal values (zeros without demand)
    """
    import numpy as np

    values = np.asarray(history, dtype=float)
    indexes, intervals = classify.demand_intervals(values)
    if not indexes:
        return np.zeros(horizon)
    size = _ses_level(values[indexes], alpha)
    interval = _ses_level(np.asarray(intervals, dtype=float), alpha)
    return np.full(horizon, (1.0 - alpha / 2.0) * size / interval)


def tsb(history, horizon, alpha=TSB_ALPHA, beta=TSB_BETA):
    """Forecast intermittent demand with TSB (Teunter-Syntetos-Babai).

    The demand probability is smoothed every period (1 with demand, 0
    without, with ``beta``), started at the share of periods with demand; the
    demand size is smoothed on demand periods only (with ``alpha``), started at
    the first demand. The forecast per period is probability × size, so it
    decays while no demand comes.

    :param history: demand per period, oldest first
    :param horizon: number of periods to forecast
    :param alpha: smoothing constant of the sizes
    :param beta: smoothing constant of the probability
    :return: numpy array of ``horizon`` equal values (zeros without demand)
    """
    import numpy as np

    values = np.asarray(history, dtype=float)
    occurred = (values > 0).astype(float)
    if not occurred.any():
        return np.zeros(horizon)
    probability = _ses_level(occurred, beta, initial=occurred.mean())
    size = _ses_level(values[values > 0], alpha)
    return np.full(horizon, probability * size)


def seasonal_naive(history, horizon, season_length):
    """Forecast each period with the same period one season earlier.

    With less than one season of history (or no season), the last value is
    repeated (plain naive).

    :param history: demand per period, oldest first
    :param horizon: number of periods to forecast
    :param season_length: periods per season (12 for monthly data)
    :return: numpy array of ``horizon`` values
    """
    import numpy as np

    values = np.asarray(history, dtype=float)
    if season_length <= 1 or len(values) < season_length:
        return np.full(horizon, values[-1])
    last_season = values[-season_length:]
    return last_season[np.arange(horizon) % season_length]


# === Smooth methods (statsmodels) === #


@contextlib.contextmanager
def _quiet_fit():
    """Silence the warnings statsmodels emits while fitting, here only.

    A short or flat series makes the optimiser report non-convergence
    (ConvergenceWarning) or numpy overflow in trial parameters
    (RuntimeWarning): the fit is still usable, non-finite forecasts are
    refused by the caller, and a WARNING line in the test log fails the run.
    The filters are process-wide while the block runs (``catch_warnings`` is
    not thread-local): forecasts belong in a cron or a queued job, not in a
    request of a threaded server.
    """
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, ValueWarning

    with warnings.catch_warnings():
        for category in (ConvergenceWarning, ValueWarning, RuntimeWarning):
            warnings.simplefilter("ignore", category)
        yield


def _initialization(periods, season_length):
    """Return statsmodels' initialisation method for this much history.

    The heuristic start is 4-6 times faster than estimating the initial
    states (research/analytics.md §3.3), but needs 10 periods, two seasons
    and 10 + 2·(m // 2) periods with a season of m.
    """
    needed = max(10, 2 * season_length, 10 + 2 * (season_length // 2))
    return "heuristic" if periods >= needed else "estimated"


def _finite(values):
    """Return ``values`` as a numpy array, or raise if any is not finite."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).all():
        raise FloatingPointError("the fit forecast a non-finite value")
    return values


def _fit_ets(history, horizon, season_length):
    """Fit damped-trend Holt-Winters and forecast.

    :return: ``(numpy array, method code)``; raises when the fit fails
    """
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonal = season_length > 1 and len(history) >= 2 * season_length
    model = ExponentialSmoothing(
        history,
        trend="add",
        damped_trend=True,
        # Additive: zero periods are common in demand, a multiplicative
        # season cannot have them.
        seasonal="add" if seasonal else None,
        seasonal_periods=season_length if seasonal else None,
        initialization_method=_initialization(
            len(history), season_length if seasonal else 0
        ),
    )
    with _quiet_fit():
        # use_brute=False: no grid search for starting values, 4-6 times
        # faster at equal accuracy (research/analytics.md §3.3).
        fitted = model.fit(optimized=True, use_brute=False)
        values = _finite(fitted.forecast(horizon))
    return values, ETS_SEASONAL if seasonal else ETS


def _fit_ses(history, horizon):
    """Fit simple exponential smoothing with statsmodels and forecast.

    :return: numpy array; raises when the fit fails
    """
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    with _quiet_fit():
        fitted = SimpleExpSmoothing(history, initialization_method="estimated").fit()
        return _finite(fitted.forecast(horizon))


def _ses_numpy(history, horizon):
    """Simple exponential smoothing with a fixed constant (no statsmodels).

    :return: numpy array of ``horizon`` equal values
    """
    import numpy as np

    values = np.asarray(history, dtype=float)
    return np.full(horizon, _ses_level(values, SES_ALPHA))


def _smooth_forecast(history, horizon, season_length):
    """Forecast a smooth or erratic series, falling back to SES if need be.

    :return: ``(numpy array, method code, dict of fallback details)``
    """
    try:
        import statsmodels  # noqa: F401 - only to know whether it is there
    except ImportError:
        fallback = {"fallback": SES, "fallback_cause": "statsmodels_missing"}
        return _ses_numpy(history, horizon), SES, fallback
    cause = "few_periods"
    if len(history) >= MIN_TREND_PERIODS:
        try:
            values, method = _fit_ets(history, horizon, season_length)
            return values, method, {}
        except (ValueError, ArithmeticError, IndexError, TypeError) as error:
            # Any failure of the optimiser or of the initialisation: keep a
            # forecast (SES) and record why, rather than no forecast at all.
            cause = f"fit_failed:{type(error).__name__}"
    fallback = {"fallback": SES, "fallback_cause": cause}
    try:
        return _fit_ses(history, horizon), SES, fallback
    except (ValueError, ArithmeticError, IndexError, TypeError):
        return _ses_numpy(history, horizon), SES, fallback


# === Choosing, backtesting, forecasting === #


def _choose(history, demand):
    """Return the method family for a demand class and the reason's extras.

    :param demand: :class:`~.classify.DemandClass` of ``history``
    :return: ``(family, dict)``; family is "smooth", SBA, TSB or ZERO
    """
    if demand.code == classify.NO_DEMAND:
        return ZERO, {}
    if demand.code in (classify.SMOOTH, classify.ERRATIC):
        return "smooth", {}
    indexes, _intervals = classify.demand_intervals(history)
    trailing = len(history) - 1 - indexes[-1]
    extras = {"trailing_zeros": trailing}
    if demand.adi is not None and trailing > DYING_INTERVALS * demand.adi:
        return TSB, extras
    return SBA, extras


def _predict(family, history, horizon, season_length):
    """Forecast ``history`` with a method family, demand clipped at zero.

    :return: ``(numpy array, method code, dict of fallback details)``
    """
    import numpy as np

    if family == "smooth":
        values, method, details = _smooth_forecast(history, horizon, season_length)
    elif family == SBA:
        values, method, details = croston_sba(history, horizon), SBA, {}
    elif family == TSB:
        values, method, details = tsb(history, horizon), TSB, {}
    else:
        values, method, details = np.zeros(horizon), ZERO, {}
    # A trend can run below zero; demand cannot.
    return np.clip(values, 0.0, None), method, details


def mape(actual, predicted):
    """Mean absolute percentage error, leaving out periods without demand.

    A period whose actual demand is zero has no percentage error (division
    by zero): it is skipped, and the count of skipped periods is returned so
    that the UI can say so.

    :return: ``(fraction or None when every actual is zero, skipped count)``
    """
    pairs = [(a, p) for a, p in zip(actual, predicted, strict=True) if a != 0]
    skipped = len(actual) - len(pairs)
    if not pairs:
        return None, skipped
    return sum(abs(a - p) / abs(a) for a, p in pairs) / len(pairs), skipped


def wape(actual, predicted):
    """Weighted absolute percentage error: Σ|actual − forecast| / Σ|actual|.

    :return: fraction, None when there was no actual demand
    """
    scale = sum(abs(a) for a in actual)
    if not scale:
        return None
    return sum(abs(a - p) for a, p in zip(actual, predicted, strict=True)) / scale


def total_error(actual, predicted):
    """Signed error of the horizon's total: (Σ forecast − Σ actual) / Σ actual.

    :return: fraction (positive: over-forecast), None without actual demand
    """
    actual_total = sum(actual)
    if not actual_total:
        return None
    return (sum(predicted) - actual_total) / actual_total


def _errors(metric, actual, predicted):
    """Return ``(error, skipped zero actuals, total error)`` for ``metric``."""
    if metric == MAPE:
        error, skipped = mape(actual, predicted)
    else:
        error, skipped = wape(actual, predicted), 0
    return error, skipped, total_error(actual, predicted)


def backtest(history, horizon, season_length, family):
    """Hold out the last ``horizon`` periods, refit on the rest, score both.

    Smooth series are scored with MAPE, intermittent ones with WAPE (MAPE is
    undefined on their many zero periods, research/analytics.md §3.3).

    :param history: list of floats, oldest first
    :param family: method family from :func:`_choose`
    :return: :class:`Backtest`, None when fewer than two periods would remain
    """
    train, actual = history[:-horizon], history[-horizon:]
    if len(train) < 2:
        return None
    predicted, method, _details = _predict(family, train, horizon, season_length)
    naive = seasonal_naive(train, horizon, season_length)
    metric = MAPE if family == "smooth" else WAPE
    error, skipped, total = _errors(metric, actual, predicted.tolist())
    naive_error, _skipped, naive_total = _errors(metric, actual, naive.tolist())
    beatable = naive_error is not None and naive_error > NAIVE_ERROR_FLOOR
    ratio = error / naive_error if error is not None and beatable else None
    return Backtest(
        method, metric, error, naive_error, ratio, total, naive_total, skipped, horizon
    )


def forecast(series, horizon, season_length):
    """Forecast a product's demand with the method its demand class calls for.

    :param series: demand per period (zeros included), oldest first
    :param horizon: number of periods to forecast (and to hold out)
    :param season_length: periods per season (12 for monthly, 52 for weekly
        data); 1 or None for no season
    :return: :class:`ForecastResult` with plain float forecasts
    """
    if horizon < 1:
        raise ValueError("the horizon must be at least one period")
    history = [float(v) for v in series]
    if not history:
        raise ValueError("a forecast needs at least one period of history")
    season_length = season_length or 1
    demand = classify.demand_class(history)
    family, extras = _choose(history, demand)
    values, method, details = _predict(family, history, horizon, season_length)
    reason = {"class": demand.code, "adi": demand.adi, "cv2": demand.cv2}
    reason.update(periods=len(history), **extras, **details)
    if family == "smooth":
        reason["seasonal"] = method == ETS_SEASONAL
    short = len(history) < 2 * season_length + horizon
    return ForecastResult(
        method,
        reason,
        [float(v) for v in values],
        backtest(history, horizon, season_length, family),
        SHORT_HISTORY if short else None,
    )
