# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""order_analytics/planning/forecast.py without Odoo (numpy and statsmodels).

Every expected value of the intermittent methods and of the error formulas is
computed by hand in the comment above it.
"""

import importlib.util
import math
import random
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO

# order_analytics/__init__.py would import odoo: load the planning package on
# its own, under a name of its own (shared by the other test_planning files).
PLANNING = REPO / "order_analytics" / "planning"
if "order_analytics_planning" not in sys.modules:
    spec = importlib.util.spec_from_file_location(
        "order_analytics_planning",
        PLANNING / "__init__.py",
        submodule_search_locations=[str(PLANNING)],
    )
    sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sys.modules[spec.name])
fc = sys.modules["order_analytics_planning"].forecast


def seasonal(periods, trend=0.0, noise=0.0, seed=7):
    """100 + trend·t + 20·sin(2πt/12), plus seeded Gaussian noise."""
    rng = random.Random(seed)
    return [
        100 + trend * t + 20 * math.sin(2 * math.pi * t / 12) + rng.gauss(0, noise)
        for t in range(periods)
    ]


# === Intermittent methods === #


def test_sba_by_hand():
    # Demands in periods 2 and 5 (from 1): sizes 3, 5; intervals 2, 3.
    # Sizes smoothed from 3: 3 + 0.1 (5 - 3) = 3.2. Intervals from 2:
    # 2 + 0.1 (3 - 2) = 2.1. Croston 3.2 / 2.1 = 1.5238; SBA × (1 - 0.05):
    # 1.447619.
    assert fc.croston_sba([0, 3, 0, 0, 5, 0], 3).tolist() == pytest.approx(
        [1.447619] * 3, abs=1e-6
    )
    # Alpha 0.5: sizes 3 + 0.5·2 = 4, intervals 2 + 0.5·1 = 2.5;
    # 4 / 2.5 × (1 - 0.25) = 1.2.
    assert fc.croston_sba([0, 3, 0, 0, 5, 0], 1, alpha=0.5)[0] == pytest.approx(1.2)
    assert fc.croston_sba([0, 0, 0], 2).tolist() == [0.0, 0.0]


def test_tsb_by_hand_and_its_decay():
    # Probability started at 2 / 6 = 1/3, smoothed with 0.1 every period on
    # 0, 1, 0, 0, 1, 0: 0.3, 0.37, 0.333, 0.2997, 0.36973, 0.332757.
    # Size 3 -> 3.2 as for SBA. Forecast 0.332757 × 3.2 = 1.0648224.
    assert fc.tsb([0, 3, 0, 0, 5, 0], 2).tolist() == pytest.approx(
        [1.0648224] * 2, abs=1e-7
    )
    # Six more periods without demand: TSB's probability keeps falling (the
    # start 4/12 = 1/3 again, then ×0.9 per empty period), Croston's
    # sizes and intervals only move on demand, so SBA stays where it was.
    quiet = [0, 3, 0, 0, 5, 0] + [0] * 6
    assert fc.tsb(quiet, 1)[0] < 0.6
    assert fc.croston_sba(quiet, 1)[0] == pytest.approx(1.447619, abs=1e-6)


def test_seasonal_naive():
    # Last season of 4 is 5, 6, 7, 8: repeated over 6 periods.
    naive = fc.seasonal_naive([1, 2, 3, 4, 5, 6, 7, 8], 6, 4)
    assert naive.tolist() == [5, 6, 7, 8, 5, 6]
    # Less than one season, or no season: the last value.
    assert fc.seasonal_naive([1, 2, 3], 2, 12).tolist() == [3, 3]
    assert fc.seasonal_naive([1, 2, 3], 2, 1).tolist() == [3, 3]


# === Error formulas === #


def test_error_formulas_by_hand():
    actual, predicted = [10, 0, 20], [12, 5, 15]
    # MAPE skips the zero actual: (|10-12| / 10 + |20-15| / 20) / 2
    # = (0.2 + 0.25) / 2 = 0.225, one period skipped.
    assert fc.mape(actual, predicted) == (pytest.approx(0.225), 1)
    assert fc.mape([0, 0], [1, 2]) == (None, 2)
    # WAPE: (2 + 5 + 5) / 30 = 0.4.
    assert fc.wape(actual, predicted) == pytest.approx(0.4)
    assert fc.wape([0, 0], [1, 2]) is None
    # Total: (32 - 30) / 30 = +0.0667, an over-forecast.
    assert fc.total_error(actual, predicted) == pytest.approx(2 / 30)
    assert fc.total_error([4], [1]) == pytest.approx(-0.75)


def test_intermittent_forecast_and_backtest_by_hand():
    history = [0, 3, 0, 0, 5, 0, 0, 4]
    result = fc.forecast(history, 2, 1)
    # Demands in periods 2, 5, 8: intervals 2, 3, 3, ADI 8/3 >= 1.32. Sizes
    # 3, 5, 4: mean 4, variance 2/3, CV² 1/24 < 0.49: intermittent. The last
    # period has demand: not dying, so SBA.
    assert (result.method, result.reason["class"]) == ("sba", "intermittent")
    assert result.reason["adi"] == pytest.approx(8 / 3)
    assert result.reason["trailing_zeros"] == 0
    # Sizes 3 -> 3.2 -> 3.2 + 0.1 (4 - 3.2) = 3.28; intervals 2 -> 2.1 ->
    # 2.1 + 0.1 (3 - 2.1) = 2.19. SBA 0.95 × 3.28 / 2.19 = 1.4228311.
    assert result.forecast == pytest.approx([1.4228311] * 2)
    backtest = result.backtest
    # Held out: 0, 4. Refitted on [0, 3, 0, 0, 5, 0]: 1.447619 per period
    # (test_sba_by_hand). WAPE (1.447619 + 2.552381) / 4 = 1.0. Seasonal
    # naive with no season repeats the last value, 0: WAPE (0 + 4) / 4 = 1.0.
    assert (backtest.method, backtest.metric, backtest.holdout) == ("sba", "wape", 2)
    assert backtest.error == pytest.approx(1.0)
    assert backtest.naive_error == pytest.approx(1.0)
    assert backtest.ratio == pytest.approx(1.0)
    # Totals: (2.895238 - 4) / 4 = -0.276190; naive (0 - 4) / 4 = -1.
    assert backtest.total_error == pytest.approx(-0.2761905)
    assert backtest.naive_total_error == pytest.approx(-1.0)


def test_dying_item_is_forecast_with_tsb():
    # Demands in periods 1, 3, 5, 7 (from 1): ADI (1 + 2 + 2 + 2) / 4 = 1.75,
    # then 5 periods without demand > 2 × 1.75: dying.
    result = fc.forecast([4, 0, 5, 0, 4, 0, 5, 0, 0, 0, 0, 0], 3, 1)
    assert result.method == "tsb"
    assert result.reason["trailing_zeros"] == 5


def test_no_demand_forecasts_zero():
    result = fc.forecast([0] * 20, 4, 12)
    assert (result.method, result.forecast) == ("zero", [0.0] * 4)
    assert result.backtest.error is None


# === Smooth methods === #


def test_ets_recovers_a_clean_seasonal_pattern():
    history = seasonal(48)
    result = fc.forecast(history, 6, 12)
    assert result.method == "ets_seasonal"
    assert result.reason["seasonal"] is True
    assert result.warning is None
    # Periods 48-53 of the same pattern, forecast within 1 %.
    expected = seasonal(54)[48:]
    assert result.forecast == pytest.approx(expected, rel=0.01)
    assert result.backtest.metric == "mape"
    assert result.backtest.error < 0.01
    # A clean season is what seasonal naive repeats exactly (its error is
    # rounding, ~1e-16): there is nothing to beat, so no ratio.
    assert result.backtest.naive_error < 1e-9
    assert result.backtest.ratio is None


def test_ets_beats_seasonal_naive_on_a_trend():
    # +3 a month: seasonal naive is a year behind, 36 units (≈ 20 %) too low.
    result = fc.forecast(seasonal(36, trend=3.0, noise=2.0), 6, 12)
    backtest = result.backtest
    assert (result.method, backtest.method) == ("ets_seasonal", "ets_seasonal")
    assert backtest.naive_error > 0.15
    assert backtest.error < 0.05
    assert backtest.ratio == pytest.approx(backtest.error / backtest.naive_error)
    assert backtest.ratio < 0.3


def test_mape_of_a_smooth_series_skips_a_zero_actual():
    history = seasonal(36, noise=2.0)
    history[-2] = 0.0
    result = fc.forecast(history, 6, 12)
    # One zero in 36 periods keeps the series smooth (ADI 36 / 35 < 1.32).
    assert result.reason["class"] == "smooth"
    assert result.backtest.skipped_zero_actuals == 1


def test_short_history_warning():
    # Two seasons of 12 plus a horizon of 6: 30 periods needed.
    assert fc.forecast(seasonal(29), 6, 12).warning == fc.SHORT_HISTORY
    assert fc.forecast(seasonal(30), 6, 12).warning is None
    # 29 periods still hold two seasons: seasonal forecast, but the backtest
    # fits on 23 periods, less than two seasons: without season.
    result = fc.forecast(seasonal(29), 6, 12)
    assert (result.method, result.backtest.method) == ("ets_seasonal", "ets")


def test_forecasts_are_never_negative():
    # Falling by 10 a period to 10: a trend would run below zero.
    result = fc.forecast(list(range(120, 0, -10)), 6, 1)
    assert result.reason["class"] == "smooth"
    assert min(result.forecast) == 0.0


def test_a_failing_fit_falls_back_to_ses(monkeypatch):
    from statsmodels.tsa import holtwinters

    def fail(*args, **kwargs):
        raise ValueError("no convergence")

    monkeypatch.setattr(holtwinters.ExponentialSmoothing, "fit", fail)
    result = fc.forecast(seasonal(36), 6, 12)
    assert result.method == "ses"
    assert result.reason["fallback"] == "ses"
    assert result.reason["fallback_cause"] == "fit_failed:ValueError"
    assert result.reason["seasonal"] is False
    assert len(result.forecast) == 6


def test_few_periods_use_ses():
    result = fc.forecast([10, 11, 9, 10, 12], 2, 12)
    assert (result.method, result.reason["fallback_cause"]) == ("ses", "few_periods")
    assert result.forecast == pytest.approx([10.4] * 2, abs=1.0)


def test_invalid_arguments():
    with pytest.raises(ValueError):
        fc.forecast([1, 2, 3], 0, 12)
    with pytest.raises(ValueError):
        fc.forecast([], 3, 12)


# === Imports === #


def run_python(code, blocked=()):
    """Run ``code`` in a fresh interpreter, after loading the planning package.

    :param blocked: module names set to None in sys.modules first, which makes
        every import of them fail, as if they were not installed
    """
    lines = ["import importlib.util, sys"]
    lines += [f"sys.modules[{name!r}] = None" for name in blocked]
    lines += [
        "spec = importlib.util.spec_from_file_location(",
        f"    'planning', {str(PLANNING / '__init__.py')!r},",
        f"    submodule_search_locations=[{str(PLANNING)!r}])",
        "planning = importlib.util.module_from_spec(spec)",
        "sys.modules['planning'] = planning",
        "spec.loader.exec_module(planning)",
    ]
    script = "\n".join(lines) + "\n" + textwrap.dedent(code)
    run = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_importing_the_package_loads_neither_numpy_nor_statsmodels():
    # Each costs an Odoo worker memory: only a forecast may import them.
    assert run_python(
        """
        print("numpy" in sys.modules, "statsmodels" in sys.modules)
        """
    ) == ["False", "False"]


def test_classify_and_stock_work_without_numpy_or_statsmodels():
    output = run_python(
        """
        print(planning.classify.demand_class([0, 5, 0, 6]).code)
        print(round(planning.stock.stock_plan(10, 3, 4).reorder_point, 2))
        """,
        blocked=("numpy", "statsmodels"),
    )
    # Intervals 2, 2: ADI 2, intermittent. ROP 10 × 4 + 1.6449 × 3 × √4
    # = 49.87.
    assert output == ["intermittent", "49.87"]


def test_without_statsmodels_smooth_series_use_numpy_ses():
    output = run_python(
        """
        result = planning.forecast.forecast([10, 12, 11, 13], 2, 12)
        print(result.method, result.reason["fallback_cause"])
        print(*(round(value, 3) for value in result.forecast))
        """,
        blocked=("statsmodels",),
    )
    # SES with 0.3 from 10: 10.6, 10.72, 10.72 + 0.3 × 2.28 = 11.404.
    assert output == ["ses", "statsmodels_missing", "11.404", "11.404"]
