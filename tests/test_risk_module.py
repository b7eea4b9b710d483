# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""customer_order_review/risk.py is plain Python: test it without Odoo."""

import importlib.util

import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location(
    "order_review_risk", REPO / "customer_order_review" / "risk.py"
)
risk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(risk)

FACTORS = [
    risk.Factor("credit_use", 30, 1.0),
    risk.Factor("days_overdue", 20, 60),
    risk.Factor("new_customer", 10, 1),
    risk.Factor("discount", 10, 30),
    risk.Factor("stock_shortfall", 15, 1.0),
    risk.Factor("unusual_quantity", 10, 3),
    risk.Factor("special_requirements", 5, 1),
]


@pytest.mark.parametrize(
    ("code", "measure", "full_scale", "share"),
    [
        ("credit_use", 0.5, 1.0, 0.5),
        ("credit_use", 2.5, 1.0, 1.0),
        ("days_overdue", 45, 60, 0.75),
        ("new_customer", True, 1, 1.0),
        ("new_customer", False, 1, 0.0),
        ("unusual_quantity", 1.0, 3, 0.0),
        ("unusual_quantity", 2.0, 3, 0.5),
        ("unusual_quantity", 0.2, 3, 0.0),
        ("unusual_quantity", 9.0, 3, 1.0),
        ("discount", None, 30, 0.0),
        ("discount", -5, 30, 0.0),
        ("custom_extension_factor", 3, 4, 0.75),
        ("credit_use", 0.1, 0, 1.0),
    ],
)
def test_normalise(code, measure, full_scale, share):
    assert risk.normalise(code, measure, full_scale) == pytest.approx(share)


def test_score_is_the_sum_of_weighted_shares():
    total, details = risk.score(
        {"credit_use": 0.5, "days_overdue": 30, "new_customer": True, "discount": 6},
        FACTORS,
    )
    # 15 + 10 + 10 + 2
    assert total == 37.0
    assert [d["code"] for d in details[:3]] == [
        "credit_use",
        "days_overdue",
        "new_customer",
    ]
    assert sum(d["points"] for d in details) == pytest.approx(total)
    assert {d["code"] for d in details} == {f.code for f in FACTORS}


def test_maximum_score_is_the_sum_of_weights():
    measures = {
        "credit_use": 9,
        "days_overdue": 999,
        "new_customer": True,
        "discount": 100,
        "stock_shortfall": 1,
        "unusual_quantity": 50,
        "special_requirements": True,
    }
    total, _details = risk.score(measures, FACTORS)
    assert total == sum(f.weight for f in FACTORS) == 100


def test_empty_measures_score_zero():
    assert risk.score({}, FACTORS)[0] == 0


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (0, "low"),
        (29.9, "low"),
        (30, "medium"),
        (59.9, "medium"),
        (60, "high"),
        (100, "high"),
    ],
)
def test_level(total, level):
    assert risk.level(total, 30, 60) == level
