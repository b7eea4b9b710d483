# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: forecasting 1,000 products (order_analytics/planning/forecast.py).

Generates 1,000 seeded monthly demand series of 36 periods, mixed as a
catalogue is (seasonal with trend, flat, erratic, intermittent, lumpy, dying,
never sold), forecasts each 6 periods ahead with its backtest, on one core,
and prints the time (target <= 60 s), the demand classes and the methods
chosen, and the median backtest error against seasonal naive.

No Odoo is needed: the planning package is loaded from its files. Run with a
Python that has numpy and statsmodels (Odoo's, with requirements.txt)::

    /opt/odoo-venv/bin/python benchmarks/bench_planning.py [--products 1000]
"""

import argparse
import collections
import importlib.util
import os
import pathlib
import statistics
import sys
import time

# One core, as the target says: no BLAS thread pool, and the process pinned to
# one CPU where the system allows it. Set before numpy is imported.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import numpy as np  # noqa: E402 - after the thread settings above

PLANNING = (
    pathlib.Path(__file__).resolve().parent.parent / "order_analytics" / "planning"
)
PERIODS = 36
HORIZON = 6
SEASON = 12
# Share of each kind of series in the catalogue.
MIX = {
    "seasonal_trend": 0.35,
    "flat": 0.15,
    "erratic": 0.10,
    "intermittent": 0.20,
    "lumpy": 0.10,
    "dying": 0.05,
    "never_sold": 0.05,
}


def load_planning():
    """Import order_analytics/planning as a package of its own (no Odoo)."""
    spec = importlib.util.spec_from_file_location(
        "order_analytics_planning",
        PLANNING / "__init__.py",
        submodule_search_locations=[str(PLANNING)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def make_series(kind, rng):
    """Return one demand series of the given kind as a list of floats."""
    t = np.arange(PERIODS)
    if kind == "seasonal_trend":
        level = rng.uniform(50, 500)
        season = level * rng.uniform(0.1, 0.4) * np.sin(2 * np.pi * t / SEASON)
        trend = level * rng.uniform(-0.01, 0.02) * t
        values = level + trend + season + rng.normal(0, 0.1 * level, PERIODS)
    elif kind == "flat":
        level = rng.uniform(20, 200)
        values = rng.normal(level, 0.15 * level, PERIODS)
    elif kind == "erratic":
        values = rng.gamma(0.8, rng.uniform(20, 200), PERIODS) + 1
    elif kind in ("intermittent", "lumpy", "dying"):
        probability = rng.uniform(0.1, 0.4)
        shape = 4.0 if kind == "intermittent" else 0.5
        sizes = rng.gamma(shape, rng.uniform(2, 20) / shape, PERIODS)
        values = np.where(rng.random(PERIODS) < probability, np.ceil(sizes), 0)
        if kind == "dying":
            values[-rng.integers(12, 20) :] = 0
    else:
        values = np.zeros(PERIODS)
    return np.clip(np.round(values), 0, None).tolist()


def main():
    """Generate the catalogue, forecast it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    planning = load_planning()
    rng = np.random.default_rng(args.seed)
    kinds = rng.choice(list(MIX), size=args.products, p=list(MIX.values()))
    catalogue = [make_series(kind, rng) for kind in kinds]

    start = time.perf_counter()
    results = [
        planning.forecast.forecast(series, HORIZON, SEASON) for series in catalogue
    ]
    elapsed = time.perf_counter() - start

    print(
        f"{args.products} products x {PERIODS} periods, horizon {HORIZON}, "
        f"season {SEASON}, one core: {elapsed:.1f} s "
        f"({1000 * elapsed / args.products:.1f} ms per product, target 60 s "
        "for 1,000)"
    )
    for title, counts in (
        ("series generated", collections.Counter(kinds.tolist())),
        ("demand classes", collections.Counter(r.reason["class"] for r in results)),
        ("methods", collections.Counter(r.method for r in results)),
        (
            "fallbacks",
            collections.Counter(
                r.reason.get("fallback_cause")
                for r in results
                if r.reason.get("fallback_cause")
            ),
        ),
    ):
        mix = ", ".join(f"{code} {count}" for code, count in counts.most_common())
        print(f"{title}: {mix or 'none'}")
    for metric in ("mape", "wape"):
        ratios = [
            r.backtest.ratio
            for r in results
            if r.backtest and r.backtest.metric == metric and r.backtest.ratio
        ]
        if ratios:
            print(
                f"backtest {metric}: median ratio to seasonal naive "
                f"{statistics.median(ratios):.2f} over {len(ratios)} products"
            )


if __name__ == "__main__":
    main()
