# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""order_analytics/demo_history.py is plain Python: the plan of the demo
history, checked without Odoo. Its orders are classified here the way the
addon classifies the facts (complete months, 12 for ABC / XYZ / RFM and 36 for
the forecasts, the company's defaults), whatever the day of installation."""

import importlib.util
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta

import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location(
    "order_analytics_demo_history", REPO / "order_analytics" / "demo_history.py"
)
demo_history = importlib.util.module_from_spec(spec)
spec.loader.exec_module(demo_history)

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
classify = sys.modules["order_analytics_planning"].classify
forecast = sys.modules["order_analytics_planning"].forecast

# The list prices of the demo products (customer_order_review's and Odoo's).
PRICES = {
    "customer_order_review.product_cable_reel": 85.0,
    "customer_order_review.product_shelving_unit": 420.0,
    "customer_order_review.product_tool_cabinet": 680.0,
    "customer_order_review.product_workbench": 950.0,
    "customer_order_review.product_pallet_jack": 1250.0,
    "product.product_product_6": 320.0,
    "product.product_product_7": 15.8,
    "product.product_product_8": 1799.0,
    "product.product_product_9": 47.0,
}

# Installation days across two years: each month's first and last days, whose
# months differ in length and season.
INSTALLED = [
    datetime(2026, 12, 6, 4, 0),
    *(datetime(2027, month, 1, 0, 30) for month in range(1, 13)),
    *(datetime(2027, month, 28, 23, 0) for month in range(1, 13)),
    datetime(2028, 2, 29, 12, 0),
]


def month_of(moment):
    return datetime(moment.year, moment.month, 1)


def monthly(plan, now, months, value):
    """Per key, the sums of ``value(order)`` (pairs of key and amount) in each
    of the ``months`` complete months before ``now``, zeros included."""
    starts = demo_history.month_starts(now, months)
    position = {start: index for index, start in enumerate(starts)}
    series = defaultdict(lambda: [0.0] * months)
    for order in plan:
        index = position.get(month_of(order.ordered))
        if index is None:
            continue
        for key, amount in value(order):
            series[key][index] += amount
    return series


def product_quantities(order):
    return order.lines


def product_revenue(order):
    return [(xmlid, PRICES[xmlid] * qty) for xmlid, qty in order.lines]


def customer_revenue(order):
    return [(order.customer.xmlid, sum(a for _k, a in product_revenue(order)))]


def rfm_segments(plan, now):
    """The RFM segment of each customer who ordered in the 12 months."""
    starts = demo_history.month_starts(now, 12)
    end = month_of(now)
    figures = {}
    for order in plan:
        if not starts[0] <= order.ordered < end:
            continue
        last, count, money = figures.get(order.customer.xmlid, (order.ordered, 0, 0))
        figures[order.customer.xmlid] = (
            max(last, order.ordered),
            count + 1,
            money + customer_revenue(order)[0][1],
        )
    rows = [
        (key, (end - last).days, count, money)
        for key, (last, count, money) in figures.items()
    ]
    return {score.key: score.segment for score in classify.rfm_scores(rows)}


def test_the_same_day_gives_the_same_plan():
    now = INSTALLED[0]
    assert demo_history.build_plan(now) == demo_history.build_plan(now)
    assert demo_history.build_plan(now) != demo_history.build_plan(now, seed=7)


@pytest.mark.parametrize("now", INSTALLED, ids=str)
def test_the_plan_is_a_consistent_past(now):
    plan = demo_history.build_plan(now)
    first = demo_history.month_starts(now)[0]
    # Low hundreds of orders: the install stays cheap.
    assert 100 <= len(plan) <= 200
    assert plan == sorted(plan, key=lambda o: (o.ordered, o.customer.xmlid))
    for order in plan:
        assert first <= order.ordered < month_of(now)
        assert order.promised == order.ordered + timedelta(days=order.lead_days)
        assert all(qty >= 1 for _xmlid, qty in order.lines)
        # One line per product.
        assert len({xmlid for xmlid, _qty in order.lines}) == len(order.lines)
        if order.delivered:
            when, quantities = order.delivered
            assert order.ordered < when <= now
            assert len(quantities) == len(order.lines)
            assert all(
                0 < done <= qty
                for done, (_x, qty) in zip(quantities, order.lines, strict=True)
            )
            if order.outcome in (demo_history.SHORT, demo_history.SPLIT):
                assert sum(quantities) < sum(q for _x, q in order.lines)
            else:
                assert quantities == tuple(q for _x, q in order.lines)
        else:
            assert order.rest is None
        if order.rest:
            assert order.outcome == demo_history.SPLIT
            assert order.delivered[0] < order.rest <= now
    outcomes = Counter(order.outcome for order in plan)
    assert set(outcomes) == {code for code, _weight in demo_history.OUTCOMES}
    # Mostly on time, as a real history is.
    assert 0.55 <= outcomes[demo_history.ON_TIME] / len(plan) <= 0.85


def test_the_stock_needed_is_what_leaves_in_the_end():
    # Two lines of 4 and 2: delivered short (3 and 2, the rest cancelled), or
    # split (the rest delivered later), or still to come.
    customer = demo_history.CUSTOMERS[0]
    day = datetime(2026, 10, 5, 9, 0)
    lines = (("p1", 4), ("p2", 2))

    def order(outcome, delivered):
        return demo_history.PlannedOrder(
            customer, day, 3, lines, day, outcome, delivered, None
        )

    short = order(demo_history.SHORT, (day, (3, 2)))
    split = order(demo_history.SPLIT, (day, (3, 2)))
    to_come = order(demo_history.SHORT, None)
    assert demo_history.stock_needed([short]) == {"p1": 3, "p2": 2}
    assert demo_history.stock_needed([split, to_come]) == {"p1": 8, "p2": 4}


@pytest.mark.parametrize("now", INSTALLED, ids=str)
def test_every_class_and_several_segments_appear(now):
    plan = demo_history.build_plan(now)
    demand = monthly(plan, now, 36, product_quantities)
    classes = {
        xmlid: classify.demand_class(series).code for xmlid, series in demand.items()
    }
    assert set(classes.values()) == {
        classify.SMOOTH,
        classify.ERRATIC,
        classify.INTERMITTENT,
        classify.LUMPY,
    }
    revenue = monthly(plan, now, 12, product_revenue)
    quantity = monthly(plan, now, 12, product_quantities)
    ranked = classify.abc_classify([(k, sum(v)) for k, v in revenue.items()])
    assert {item.abc_class for item in ranked} == {"A", "B", "C"}
    xyz = {classify.xyz_classify(series).xyz_class for series in quantity.values()}
    assert xyz == {"X", "Y", "Z"}
    customers = monthly(plan, now, 12, customer_revenue)
    ranked = classify.abc_classify([(k, sum(v)) for k, v in customers.items()])
    assert {item.abc_class for item in ranked} == {"A", "B", "C"}
    segments = set(rfm_segments(plan, now).values())
    assert len(segments) >= 5, segments


def test_the_forecasts_use_every_method_family():
    now = INSTALLED[0]
    demand = monthly(demo_history.build_plan(now), now, 36, product_quantities)
    results = {
        xmlid: forecast.forecast(series, 6, 12) for xmlid, series in demand.items()
    }
    methods = {result.method for result in results.values()}
    assert {forecast.ETS_SEASONAL, forecast.SBA, forecast.TSB} <= methods
    assert not any(result.warning for result in results.values())
    # Holt-Winters for the smooth and erratic series, SBA or TSB for the
    # intermittent and lumpy ones.
    for result in results.values():
        if result.reason["class"] in (classify.SMOOTH, classify.ERRATIC):
            assert result.method == forecast.ETS_SEASONAL
        else:
            assert result.method in (forecast.SBA, forecast.TSB)
