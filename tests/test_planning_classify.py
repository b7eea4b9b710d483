# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""order_analytics/planning/classify.py is plain Python: test it without Odoo.

Every expected value is computed by hand in the comment above it.
"""

import importlib.util
import itertools
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
classify = sys.modules["order_analytics_planning"].classify


def classes(items, **kwargs):
    return {row.key: row.abc_class for row in classify.abc_classify(items, **kwargs)}


# === ABC === #


def test_abc_ties_are_ranked_by_key_whatever_the_input_order():
    # Total 100. p1 and p2 tie at 40: ranked by key, p1 first.
    # p1 starts at 0 -> A; p2 starts at 0.40 -> A; p3 starts at exactly 0.80,
    # the A/B boundary -> B; p4 starts at 0.95, the B/C boundary -> C.
    items = [("p1", 40), ("p2", 40), ("p3", 15), ("p4", 5)]
    for order in itertools.permutations(items):
        rows = classify.abc_classify(order)
        assert [(r.key, r.rank, r.abc_class) for r in rows] == [
            ("p1", 1, "A"),
            ("p2", 2, "A"),
            ("p3", 3, "B"),
            ("p4", 4, "C"),
        ]
    assert [r.cumulative_share for r in rows] == pytest.approx([0.4, 0.8, 0.95, 1.0])


def test_abc_item_crossing_a_boundary_stays_in_the_class_it_starts_in():
    # big 0 -> 0.75: A. mid 0.75 -> 0.85 crosses 0.80 but starts below: A.
    # small 0.85 -> 0.95: B. tiny starts at 0.95: C.
    assert classes([("big", 75), ("mid", 10), ("small", 10), ("tiny", 5)]) == {
        "big": "A",
        "mid": "A",
        "small": "B",
        "tiny": "C",
    }
    # One item is 90 % of the total: it starts at 0, so it is an A (not a B
    # for ending past 80 %); the other starts at 0.90 < 0.95: B.
    assert classes([("one", 90), ("two", 10)]) == {"one": "A", "two": "B"}


def test_abc_custom_thresholds_and_labels():
    # 50 / 30 / 20: boundaries 0.5, 0.8, 1.0. a starts 0 -> A, b 0.3 -> A,
    # c 0.6 -> B, d 0.8 -> C.
    items = [("a", 30), ("b", 30), ("c", 20), ("d", 20)]
    assert classes(items, thresholds=(0.5, 0.3, 0.2)) == {
        "a": "A",
        "b": "A",
        "c": "B",
        "d": "C",
    }
    # With the defaults, c starts at 0.6 < 0.8: A, and d at 0.8: B.
    assert classes(items) == {"a": "A", "b": "A", "c": "A", "d": "B"}
    # Four classes 60 / 20 / 10 / 10, boundaries 0.6, 0.8, 0.9, 1.0:
    # a 0 -> A, b 0.3 -> A, c 0.6 -> B, d 0.8 -> C.
    assert classes(
        items, thresholds=(0.6, 0.2, 0.1, 0.1), labels=("A", "B", "C", "D")
    ) == {"a": "A", "b": "A", "c": "B", "d": "C"}


def test_abc_zero_and_negative_values_share_nothing_and_go_last():
    # Total of positive values 20: a and b 0.5 each (a first by key), both A.
    # z (0) and neg (-5, more returned than sold) add nothing: share 0, C.
    rows = classify.abc_classify([("neg", -5), ("b", 10), ("z", 0), ("a", 10)])
    assert [(r.key, r.share, r.abc_class) for r in rows] == [
        ("a", 0.5, "A"),
        ("b", 0.5, "A"),
        ("z", 0.0, "C"),
        ("neg", 0.0, "C"),
    ]
    # Nothing positive at all: every item in the last class.
    assert classes([("x", 0), ("y", -1)]) == {"x": "C", "y": "C"}


def test_abc_empty_input_and_invalid_thresholds():
    assert classify.abc_classify([]) == []
    with pytest.raises(ValueError):
        classify.abc_classify([("a", 1)], thresholds=(0.8, 0.1))
    with pytest.raises(ValueError):
        classify.abc_classify([("a", 1)], thresholds=(1.2, -0.2))
    with pytest.raises(ValueError):
        classify.abc_classify([("a", 1)], labels=("A", "B"))


# === XYZ === #


@pytest.mark.parametrize(
    ("series", "expected_class", "expected_cv"),
    [
        # No variation: CV 0.
        ([10, 10, 10, 10], "X", 0.0),
        # Mean 10, population std 2: CV 0.2.
        ([8, 12], "X", 0.2),
        # Mean 10, std 5: CV exactly 0.5, the X/Y threshold -> Y.
        ([5, 15], "Y", 0.5),
        # Mean 10, deviations -10, -10, 20: variance 600 / 3 = 200,
        # std 14.142, CV 1.414 -> Z.
        ([0, 0, 30], "Z", 2**0.5),
        # Mean 10, std 10: CV exactly 1.0, the Y/Z threshold -> Z.
        ([0, 20], "Z", 1.0),
    ],
)
def test_xyz(series, expected_class, expected_cv):
    result = classify.xyz_classify(series)
    assert result.xyz_class == expected_class
    assert result.cv == pytest.approx(expected_cv)


def test_xyz_zero_mean_is_z_and_thresholds_are_configurable():
    assert classify.xyz_classify([0, 0, 0]) == classify.XyzResult("Z", None)
    assert classify.xyz_classify([]) == classify.XyzResult("Z", None)
    # CV 0.2 (above): X by default, Y with thresholds 0.1 / 0.3, Z with
    # 0.05 / 0.15.
    assert classify.xyz_classify([8, 12], thresholds=(0.1, 0.3)).xyz_class == "Y"
    assert classify.xyz_classify([8, 12], thresholds=(0.05, 0.15)).xyz_class == "Z"


# === Syntetos-Boylan === #


@pytest.mark.parametrize(
    ("series", "code", "adi", "cv2"),
    [
        # Demand every period: intervals 1, 1, 1, 1 -> ADI 1. Sizes mean 5,
        # variance (1 + 0 + 1 + 0) / 4 = 0.5, CV² = 0.5 / 25 = 0.02.
        ([4, 5, 6, 5], "smooth", 1.0, 0.02),
        # ADI 1. Sizes mean 5, variance 16, CV² = 16 / 25 = 0.64 >= 0.49.
        ([1, 9, 1, 9], "erratic", 1.0, 0.64),
        # Demand in periods 2, 4, 6 (from 1): intervals 2, 2, 2 -> ADI 2.
        # Sizes 5, 5, 6: mean 16/3, variance 2/9, CV² = (2/9) / (256/9)
        # = 2/256 = 0.0078125.
        ([0, 5, 0, 5, 0, 6], "intermittent", 2.0, 2 / 256),
        # Trailing periods without demand are not in the ADI: still 2.
        ([0, 5, 0, 5, 0, 6, 0, 0, 0], "intermittent", 2.0, 2 / 256),
        # Demand in periods 2 and 5: intervals 2, 3 -> ADI 2.5. Sizes 1, 9:
        # CV² 0.64.
        ([0, 1, 0, 0, 9], "lumpy", 2.5, 0.64),
    ],
)
def test_demand_class(series, code, adi, cv2):
    result = classify.demand_class(series)
    assert result.code == code
    assert result.adi == pytest.approx(adi)
    assert result.cv2 == pytest.approx(cv2)


def test_demand_class_cut_offs_and_the_cases_without_enough_demand():
    # ADI exactly 2 (above) on a cut-off of 2: the less regular side.
    series = [0, 5, 0, 5, 0, 6]
    assert classify.demand_class(series, adi_cutoff=2.0).code == "intermittent"
    assert classify.demand_class(series, adi_cutoff=2.01).code == "smooth"
    # CV² 0.64 (above) on a cut-off of 0.64: erratic; 0.65: smooth.
    assert classify.demand_class([1, 9, 1, 9], cv2_cutoff=0.64).code == "erratic"
    assert classify.demand_class([1, 9, 1, 9], cv2_cutoff=0.65).code == "smooth"
    assert classify.demand_class([0, 0, 0]).code == "no_demand"
    assert classify.demand_class([]).code == "no_demand"
    # Negative values are returns, not demand.
    assert classify.demand_class([0, -3, 0]).code == "no_demand"
    one = classify.demand_class([0, 0, 7])
    assert (one.code, one.adi, one.demands, one.periods) == ("too_short", None, 1, 3)


# === RFM === #


def test_rank_scores_quintiles_terciles_and_ties():
    values = list(range(1, 11))
    # Value i beats i - 1 others: score 1 + floor(5 (i - 1) / 10).
    assert classify.rank_scores(values, 5) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # 1 + floor(3 (i - 1) / 10): 0, 0.3, ..., 2.7 floored.
    assert classify.rank_scores(values, 3) == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    # Six one-time buyers beat nobody: all 1. 2 beats 6: 1 + floor(30/10) = 4;
    # 3 beats 7: 1 + 3 = 4; 4 beats 8: 5; 5 beats 9: 1 + floor(4.5) = 5.
    tied = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5]
    assert classify.rank_scores(tied, 5) == [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]
    # Fewer days since the last order is better: 1 day beats the other 9.
    reverse = classify.rank_scores(values, 5, higher_is_better=False)
    assert reverse == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def customers():
    # Customer i: last order 10·i days ago, i orders, 100·i revenue (so
    # c10 is the most frequent and valuable but the least recent).
    return [(f"c{i}", 10 * i, i, 100 * i) for i in range(1, 11)]


def test_rfm_terciles_below_the_threshold_and_quintiles_above():
    terciles = classify.rfm_scores(customers(), quintile_min_customers=11)
    assert {s.scale for s in terciles} == {3}
    # c1: R 3 (most recent), F 1, M 1. c10: R 1, F 3, M 3 (above).
    first, last = terciles[0], terciles[9]
    assert (first.recency, first.frequency, first.monetary) == (3, 1, 1)
    assert (last.recency, last.frequency, last.monetary) == (1, 3, 3)
    quintiles = classify.rfm_scores(customers(), quintile_min_customers=10)
    assert {s.scale for s in quintiles} == {5}
    assert [s.frequency for s in quintiles] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert [s.recency for s in quintiles] == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_rfm_ties_do_not_depend_on_the_input_order():
    rows = [(f"c{i}", 30, 1, 50) for i in range(6)] + [("big", 5, 9, 900)]
    forward = {s.key: s for s in classify.rfm_scores(rows)}
    backward = {s.key: s for s in classify.rfm_scores(reversed(rows))}
    assert forward == backward
    # Seven customers: terciles. The six tied ones beat nobody: 1, 1, 1; big
    # beats 6 on every measure: 1 + floor(18 / 7) = 3.
    assert {(s.recency, s.frequency, s.monetary) for s in forward.values()} == {
        (1, 1, 1),
        (3, 3, 3),
    }
    assert forward["big"].segment == "champions"
    assert forward["c0"].segment == "lost"


@pytest.mark.parametrize(
    ("scale", "scores", "segment"),
    [
        (5, (5, 5, 5), "champions"),
        (5, (5, 5, 1), "loyal"),
        (5, (3, 4, 2), "loyal"),
        (5, (4, 1, 5), "potential"),
        (5, (1, 5, 5), "at_risk"),
        (5, (3, 2, 2), "needs_attention"),
        (5, (2, 1, 1), "hibernating"),
        (5, (1, 2, 3), "lost"),
        (3, (3, 3, 3), "champions"),
        (3, (2, 2, 1), "loyal"),
        (3, (3, 1, 3), "potential"),
        (3, (1, 3, 3), "at_risk"),
        (3, (2, 1, 1), "needs_attention"),
        (3, (1, 1, 2), "hibernating"),
        (3, (1, 1, 1), "lost"),
    ],
)
def test_default_segments(scale, scores, segment):
    rules = classify.DEFAULT_SEGMENT_RULES[scale]
    assert classify.rfm_segment(*scores, rules) == segment


@pytest.mark.parametrize("scale", [3, 5])
def test_default_segment_maps_cover_every_score(scale):
    rules = classify.DEFAULT_SEGMENT_RULES[scale]
    scores = range(1, scale + 1)
    for r, f, m in itertools.product(scores, scores, scores):
        assert classify.rfm_segment(r, f, m, rules) != classify.OTHER_SEGMENT


def test_rfm_custom_segment_map():
    rules = {3: (classify.SegmentRule("vip", (3, 3), (3, 3), (3, 3)),)}
    scores = classify.rfm_scores(customers(), segment_rules=rules)
    # Nobody is best on all three (the most recent buy the least): no vip.
    assert {s.segment for s in scores} == {classify.OTHER_SEGMENT}
    rules = {3: (classify.SegmentRule("recent", recency=(3, 3)),)}
    scores = classify.rfm_scores(customers(), segment_rules=rules)
    # c1..c3 (10-30 days) beat at least 7 others on recency: 1 + floor(21 / 10)
    # = 3; c4 beats 6: 1 + floor(18 / 10) = 2.
    assert [s.key for s in scores if s.segment == "recent"] == ["c1", "c2", "c3"]


def test_rfm_no_customers():
    assert classify.rfm_scores([]) == []
