# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Classifications of products and customers: ABC, XYZ, demand class, RFM.

Plain Python on plain numbers (no numpy): the addon aggregates the facts in SQL
and passes the results here. Every class is a short code; naming it in the
user's language is the addon's job.
"""

import math
import string
from dataclasses import dataclass

# Shares of the total value each class covers, in class order (DESIGN.md:
# 80 / 15 / 5 % of revenue).
ABC_THRESHOLDS = (0.80, 0.15, 0.05)
# Cumulative shares are float sums: a share that lands exactly on a boundary
# (80 of 100) can come out as 0.7999999999999999 or 0.8000000000000002
# depending on the order of the additions. Comparing with this margin makes
# "exactly on the boundary" mean the same thing whatever the arithmetic did.
SHARE_EPSILON = 1e-9

# XYZ: coefficient of variation below 0.5 is X, below 1.0 is Y, else Z.
XYZ_THRESHOLDS = (0.5, 1.0)
XYZ_LABELS = ("X", "Y", "Z")

# Syntetos, Boylan & Croston (JORS 56, 2005): the cut-offs between the four
# demand classes, on ADI and on CV² of the non-zero demand sizes.
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
SMOOTH = "smooth"
INTERMITTENT = "intermittent"
ERRATIC = "erratic"
LUMPY = "lumpy"
NO_DEMAND = "no_demand"
TOO_SHORT = "too_short"

# RFM: quintiles need enough customers for each fifth to mean something
# (research/analytics.md §4); below this many customers, terciles.
RFM_QUINTILE_MIN_CUSTOMERS = 500


# === ABC === #


@dataclass(frozen=True)
class AbcItem:
    """One ranked item of an ABC classification.

    ``share`` and ``cumulative_share`` are fractions of the total positive
    value (0.25 is 25 %); ``cumulative_share`` includes the item itself.
    """

    key: object
    value: float
    rank: int
    share: float
    cumulative_share: float
    abc_class: str


def _boundaries(thresholds):
    """Return the cumulative upper share of each class (0.80, 0.95, 1.0)."""
    if not thresholds or any(t < 0 for t in thresholds):
        raise ValueError("ABC thresholds must be non-negative shares")
    if not math.isclose(sum(thresholds), 1.0, abs_tol=1e-6):
        raise ValueError("ABC thresholds must add up to 1 (100 %)")
    bounds, running = [], 0.0
    for threshold in thresholds:
        running += threshold
        bounds.append(running)
    return bounds


def abc_classify(items, thresholds=ABC_THRESHOLDS, labels=None):
    """Classify items by their cumulative share of the total value.

    Conventions, all deterministic whatever the input order:

    - Items are ranked by value, largest first; equal values are ranked by
      key, ascending (keys must be mutually orderable: ids or codes).
    - An item belongs to the class its cumulative share *starts* in: with
      80 / 15 / 5, an item taking the cumulative share from 75 % to 85 % is
      an A; an item starting exactly at 80 % is a B. So the largest item is
      always an A, even when it alone is 90 % of the total.
    - Items with a zero or negative value (nothing sold, or more returned
      than sold) add nothing to the total, get share 0 and the last class.
      When no item has a positive value, every item is in the last class.

    :param items: iterable of ``(key, value)`` pairs, e.g. (product id, revenue)
    :param thresholds: share of the total each class covers, in class order;
        non-negative, adding up to 1
    :param labels: class codes, one per threshold; default "A", "B", "C", ...
    :return: list of :class:`AbcItem` in rank order (empty for no items)
    """
    bounds = _boundaries(thresholds)
    labels = tuple(labels or string.ascii_uppercase[: len(thresholds)])
    if len(labels) != len(bounds):
        raise ValueError("ABC needs one label per threshold")
    ranked = sorted(items, key=lambda item: (-item[1], item[0]))
    total = sum(value for _key, value in ranked if value > 0)
    result, cumulative = [], 0.0
    for rank, (key, value) in enumerate(ranked, start=1):
        share = value / total if value > 0 else 0.0
        if share > 0:
            # The first class whose upper boundary lies above the item's start.
            label = next(
                (
                    lab
                    for lab, bound in zip(labels, bounds, strict=True)
                    if cumulative < bound - SHARE_EPSILON
                ),
                labels[-1],
            )
        else:
            label = labels[-1]
        cumulative += share
        result.append(AbcItem(key, value, rank, share, cumulative, label))
    return result


# === XYZ === #


def _mean_std(values):
    """Return the mean and the population standard deviation of ``values``.

    Population (divide by n), not sample: the periods are the whole history
    being described, not a sample of a larger one.
    """
    count = len(values)
    mean = sum(values) / count
    variance = sum((v - mean) ** 2 for v in values) / count
    return mean, math.sqrt(variance)


@dataclass(frozen=True)
class XyzResult:
    """The XYZ class of a demand series and its coefficient of variation."""

    xyz_class: str
    cv: float | None


def xyz_classify(series, thresholds=XYZ_THRESHOLDS):
    """Classify a periodic demand series by its coefficient of variation.

    CV = population standard deviation / mean of the periods' demand. A CV
    below the first threshold is X, below the second Y, else Z: a CV exactly on
    a threshold goes to the more variable class. A series whose mean is zero or
    negative (nothing, or only returns) is Z with ``cv`` None: its variability
    relative to a mean of zero is undefined, and it is not plannable demand.

    :param series: demand per period (including the zero periods), oldest
        first
    :param thresholds: the two CV cut-offs between X / Y and Y / Z
    :return: :class:`XyzResult`
    """
    low, high = thresholds
    if low > high:
        raise ValueError("XYZ thresholds must be in increasing order")
    values = [float(v) for v in series]
    if not values:
        return XyzResult("Z", None)
    mean, std = _mean_std(values)
    if mean <= 0:
        return XyzResult("Z", None)
    cv = std / mean
    if cv < low:
        return XyzResult("X", cv)
    return XyzResult("Y" if cv < high else "Z", cv)


# === Syntetos-Boylan demand class === #


@dataclass(frozen=True)
class DemandClass:
    """The Syntetos-Boylan class of a demand series and its measures.

    ``adi`` and ``cv2`` are None when they cannot be computed (no demand, or
    too few demands).
    """

    code: str
    adi: float | None
    cv2: float | None
    demands: int
    periods: int


def demand_intervals(series):
    """Return the indexes of the periods with demand and the intervals between.

    The first interval counts from the start of the history (a first demand
    in period 3, counted from 1, gives an interval of 3), as Croston's method
    does. Values of zero or below are periods without demand.

    :param series: demand per period, oldest first
    :return: ``(indexes, intervals)``, two lists of the same length
    """
    indexes = [i for i, value in enumerate(series) if value > 0]
    intervals, previous = [], -1
    for index in indexes:
        intervals.append(index - previous)
        previous = index
    return indexes, intervals


def demand_class(series, adi_cutoff=ADI_CUTOFF, cv2_cutoff=CV2_CUTOFF, min_demands=2):
    """Classify a demand series as smooth, intermittent, erratic or lumpy.

    - ADI (average demand interval): the mean of the intervals between
      periods with demand, the first counted from the start of the history.
      Trailing periods without demand are not in it (TSB reacts to them).
    - CV²: squared coefficient of variation (population) of the non-zero
      demand sizes.
    - ADI < 1.32 and CV² < 0.49: smooth; ADI >= 1.32 only: intermittent;
      CV² >= 0.49 only: erratic; both: lumpy. A value exactly on a cut-off
      goes to the less regular side.
    - No period with demand: ``no_demand``. Fewer than ``min_demands``
      demands: ``too_short`` (one interval says nothing about their spread).

    :param series: demand per period, oldest first
    :param adi_cutoff: ADI cut-off (Syntetos-Boylan: 1.32)
    :param cv2_cutoff: CV² cut-off (Syntetos-Boylan: 0.49)
    :param min_demands: fewest periods with demand to classify at all
    :return: :class:`DemandClass`
    """
    values = [float(v) for v in series]
    indexes, intervals = demand_intervals(values)
    if not indexes:
        return DemandClass(NO_DEMAND, None, None, 0, len(values))
    if len(indexes) < min_demands:
        return DemandClass(TOO_SHORT, None, None, len(indexes), len(values))
    adi = sum(intervals) / len(intervals)
    mean, std = _mean_std([values[i] for i in indexes])
    cv2 = (std / mean) ** 2
    if adi < adi_cutoff:
        code = SMOOTH if cv2 < cv2_cutoff else ERRATIC
    else:
        code = INTERMITTENT if cv2 < cv2_cutoff else LUMPY
    return DemandClass(code, adi, cv2, len(indexes), len(values))


# === RFM === #


@dataclass(frozen=True)
class SegmentRule:
    """A segment of the RFM map: the score ranges (inclusive) it covers."""

    code: str
    recency: tuple = (1, 5)
    frequency: tuple = (1, 5)
    monetary: tuple = (1, 5)

    def matches(self, r, f, m):
        """Return whether scores ``r``, ``f``, ``m`` fall in this rule's ranges.

        :return: bool
        """
        return all(
            low <= score <= high
            for score, (low, high) in (
                (r, self.recency),
                (f, self.frequency),
                (m, self.monetary),
            )
        )


# First matching rule wins. Each map covers every combination of its scale:
# recent (R high) and frequent customers are champions or loyal, recent but
# rare ones potential, frequent ones gone quiet at risk, the rest fade from
# needs attention to lost as their last order ages.
DEFAULT_SEGMENT_RULES = {
    5: (
        SegmentRule("champions", (4, 5), (4, 5), (4, 5)),
        SegmentRule("loyal", (3, 5), (3, 5)),
        SegmentRule("potential", (4, 5), (1, 2)),
        SegmentRule("at_risk", (1, 2), (3, 5)),
        SegmentRule("needs_attention", (3, 3), (1, 2)),
        SegmentRule("hibernating", (2, 2), (1, 2)),
        SegmentRule("lost", (1, 1), (1, 2)),
    ),
    3: (
        SegmentRule("champions", (3, 3), (3, 3), (3, 3)),
        SegmentRule("loyal", (2, 3), (2, 3)),
        SegmentRule("potential", (3, 3), (1, 1)),
        SegmentRule("at_risk", (1, 1), (2, 3)),
        SegmentRule("needs_attention", (2, 2), (1, 1)),
        SegmentRule("hibernating", (1, 1), (1, 1), (2, 3)),
        SegmentRule("lost", (1, 1), (1, 1), (1, 1)),
    ),
}
# The segment of a score no rule covers (only a caller's own map can leave one).
OTHER_SEGMENT = "other"


@dataclass(frozen=True)
class RfmScore:
    """The RFM scores of one customer (1 worst .. ``scale`` best)."""

    key: object
    recency: int
    frequency: int
    monetary: int
    scale: int
    segment: str


def rank_scores(values, bins, higher_is_better=True):
    """Score each value 1..``bins`` by the share of values it beats.

    score = 1 + floor(bins × (number of values strictly worse) / n). Equal
    values beat the same values and so share a score, whatever the input
    order: a crowd of one-time buyers is not spread over several scores. Ties
    take the lowest score of the quantile they span.

    :param values: list of numbers
    :param bins: number of scores (5 for quintiles, 3 for terciles)
    :param higher_is_better: False for recency, where fewer days is better
    :return: list of int scores, in the order of ``values``
    """
    count = len(values)
    ordered = sorted(values, reverse=not higher_is_better)
    # For each distinct value, how many values are strictly worse than it:
    # the position of its first occurrence once sorted worst first.
    worse = {}
    for position, value in enumerate(ordered):
        worse.setdefault(value, position)
    return [1 + (bins * worse[value]) // count for value in values]


def rfm_segment(r, f, m, rules):
    """Return the code of the first rule of ``rules`` that scores r, f, m match.

    :param rules: sequence of :class:`SegmentRule`
    :return: segment code, :data:`OTHER_SEGMENT` when no rule matches
    """
    return next((rule.code for rule in rules if rule.matches(r, f, m)), OTHER_SEGMENT)


def rfm_scores(
    customers,
    quintile_min_customers=RFM_QUINTILE_MIN_CUSTOMERS,
    segment_rules=None,
):
    """Score customers on recency, frequency and monetary value, and segment them.

    Scores are rank-based quantiles (about a fifth of the customers each),
    not equal-width bands: see :func:`rank_scores` for ties. With fewer than
    ``quintile_min_customers`` customers the scale is terciles (1-3).

    :param customers: iterable of ``(key, recency_days, frequency, monetary)``:
        days since the last order, number of orders, revenue, for customers
        with at least one order
    :param quintile_min_customers: fewest customers for quintiles
    :param segment_rules: dict scale (5 or 3) -> sequence of
        :class:`SegmentRule`; default :data:`DEFAULT_SEGMENT_RULES`
    :return: list of :class:`RfmScore`, in the order of ``customers``
    """
    rows = list(customers)
    if not rows:
        return []
    bins = 5 if len(rows) >= quintile_min_customers else 3
    rules = (segment_rules or DEFAULT_SEGMENT_RULES)[bins]
    recency = rank_scores([row[1] for row in rows], bins, higher_is_better=False)
    frequency = rank_scores([row[2] for row in rows], bins)
    monetary = rank_scores([row[3] for row in rows], bins)
    return [
        RfmScore(row[0], r, f, m, bins, rfm_segment(r, f, m, rules))
        for row, r, f, m in zip(rows, recency, frequency, monetary, strict=True)
    ]
