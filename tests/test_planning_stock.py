# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""order_analytics/planning/stock.py is plain Python: test it without Odoo.

Every expected value is computed by hand in the comment above it
(z values from the standard normal table).
"""

import importlib.util
import math
import sys

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
stock = sys.modules["order_analytics_planning"].stock


def test_safety_stock_with_demand_and_lead_time_variability():
    plan = stock.stock_plan(
        demand_mean=10, demand_std=3, lead_time=4, lead_time_std=1, service_level=0.95
    )
    # z(95 %) = 1.6449. σ_LTD = √(4 × 3² + 10² × 1²) = √136 = 11.6619.
    # SS = 1.6449 × 11.6619 = 19.1821. ROP = 10 × 4 + 19.1821 = 59.1821.
    assert plan.z == pytest.approx(1.6449, abs=1e-4)
    assert plan.lead_time_demand_std == pytest.approx(math.sqrt(136))
    assert plan.safety_stock == pytest.approx(19.1821, abs=1e-4)
    assert plan.reorder_point == pytest.approx(59.1821, abs=1e-4)
    # Neither an order quantity nor a review period: max = min = ROP.
    assert (plan.max_basis, plan.min_qty, plan.max_qty) == (
        "none",
        plan.reorder_point,
        plan.reorder_point,
    )


def test_safety_stock_with_a_fixed_lead_time():
    plan = stock.stock_plan(demand_mean=20, demand_std=5, lead_time=9)
    # σLT 0: σ_LTD = √(9 × 25) = 15; SS = 1.6449 × 15 = 24.673;
    # ROP = 180 + 24.673 = 204.673.
    assert plan.lead_time_demand_std == pytest.approx(15.0)
    assert plan.safety_stock == pytest.approx(24.673, abs=1e-3)
    assert plan.reorder_point == pytest.approx(204.673, abs=1e-3)


def test_min_max_from_the_review_period_or_the_order_quantity():
    # ROP 59.1821 (above). Review period 7: max = 59.1821 + 10 × 7 = 129.1821.
    plan = stock.stock_plan(10, 3, 4, 1, 0.95, review_period=7)
    assert plan.max_basis == "review_period"
    assert plan.order_quantity == pytest.approx(70.0)
    assert plan.max_qty == pytest.approx(129.1821, abs=1e-4)
    # EOQ √(2 × 1200 × 50 / 2) = √60000 = 244.949; it wins over the review
    # period: max = 59.1821 + 244.949 = 304.131.
    eoq = stock.economic_order_quantity(1200, 50, 2)
    assert eoq == pytest.approx(244.949, abs=1e-3)
    plan = stock.stock_plan(10, 3, 4, 1, 0.95, order_quantity=eoq, review_period=7)
    assert plan.max_basis == "economic_order_quantity"
    assert plan.max_qty == pytest.approx(304.131, abs=1e-3)
    assert plan.min_qty == pytest.approx(59.1821, abs=1e-4)


def test_low_service_levels_never_plan_a_negative_safety_stock():
    # z(50 %) = 0: SS 0, ROP = 10 × 4 = 40.
    assert stock.stock_plan(10, 3, 4, 1, 0.5).safety_stock == pytest.approx(0.0)
    # z(30 %) = -0.5244: z × σ would be -6.1; zero instead.
    plan = stock.stock_plan(10, 3, 4, 1, 0.3)
    assert plan.z == pytest.approx(-0.5244, abs=1e-4)
    assert (plan.safety_stock, plan.reorder_point) == (0.0, 40.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"service_level": 1.0},
        {"service_level": 0.0},
        {"demand_std": -1},
        {"lead_time_std": -0.5},
        {"review_period": -1},
        {"order_quantity": -5},
    ],
)
def test_invalid_inputs(kwargs):
    arguments = {"demand_mean": 10, "demand_std": 3, "lead_time": 4} | kwargs
    with pytest.raises(ValueError):
        stock.stock_plan(**arguments)


def test_economic_order_quantity_needs_a_holding_cost():
    with pytest.raises(ValueError):
        stock.economic_order_quantity(1200, 50, 0)


def test_service_level_matrix_and_its_override():
    assert stock.service_level("A", "X") == 0.98
    assert stock.service_level("C", "Z") == 0.85
    overrides = {"CZ": 0.90, "AX": 0.995}
    assert stock.service_level("C", "Z", overrides) == 0.90
    assert stock.service_level("A", "X", overrides) == 0.995
    # Cells not overridden keep their default.
    assert stock.service_level("B", "Y", overrides) == 0.95
    # The defaults themselves are not changed by an override.
    assert stock.DEFAULT_SERVICE_LEVELS["CZ"] == 0.85
    with pytest.raises(ValueError):
        stock.service_level("D", "X")


def test_the_plan_carries_the_formula_and_its_inputs():
    level = stock.service_level("A", "X")
    plan = stock.stock_plan(10, 3, 4, 1, level)
    # z(98 %) = 2.0537; SS = 2.0537 × 11.6619 = 23.950.
    assert plan.safety_stock == pytest.approx(23.950, abs=1e-3)
    inputs = plan.inputs()
    given = ("service_level", "demand_mean", "demand_std", "lead_time", "lead_time_std")
    assert [inputs[key] for key in given] == [0.98, 10.0, 3.0, 4.0, 1.0]
    assert inputs["z"] == pytest.approx(2.0537, abs=1e-4)
    assert "σLT" in plan.formula and "ROP" in plan.formula
