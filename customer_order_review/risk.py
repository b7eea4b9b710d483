# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Risk scoring of a sale order, as plain Python.

The score is a transparent weighted sum: each factor turns a raw measure of the
order (a ratio, a number of days, a flag) into a share between 0 and 1 of its
*full scale*, and contributes ``weight * share`` points. Nothing here touches
the database, so the rules can be read, tested and reused on their own.
"""

from dataclasses import dataclass

# How each factor turns its raw measure into a share in [0, 1].
#  - "ratio": the measure divided by the full scale (credit use 0.8 of a 1.0
#    full scale is 0.8; 45 days overdue on a 60-day scale is 0.75).
#  - "excess": how far the measure exceeds 1, relative to the full scale minus 1
#    (a quantity 2x the usual on a 3x full scale is 0.5; at or below 1x, 0).
#  - "flag": 1 when the measure is true, else 0.
NORMALISATION = {
    "credit_use": "ratio",
    "days_overdue": "ratio",
    "new_customer": "flag",
    "discount": "ratio",
    "stock_shortfall": "ratio",
    "unusual_quantity": "excess",
    "special_requirements": "flag",
}

# How each factor's raw measure reads: "ratio" as a percentage (0.8 -> 80 %),
# "percent" already in percent, "days", "times" (a multiple of the usual),
# "flag" as yes / no.
MEASURE_UNITS = {
    "credit_use": "ratio",
    "days_overdue": "days",
    "new_customer": "flag",
    "discount": "percent",
    "stock_shortfall": "ratio",
    "unusual_quantity": "times",
    "special_requirements": "flag",
}


@dataclass(frozen=True)
class Factor:
    """A configured factor: its code, weight in points and full scale."""

    code: str
    weight: float
    full_scale: float = 1.0


def normalise(code, measure, full_scale):
    """Return the share in [0, 1] a raw ``measure`` represents for factor ``code``.

    :param code: factor code, a key of :data:`NORMALISATION` (unknown codes are
        treated as ratios, so an extension only has to supply measures)
    :param measure: the raw measure (number or bool); ``None`` counts as 0
    :param full_scale: the measure at which the factor is fully counted
    :return: float between 0 and 1
    """
    if not measure:
        return 0.0
    kind = NORMALISATION.get(code, "ratio")
    if kind == "flag":
        return 1.0
    if full_scale <= 0:
        return 1.0 if measure > 0 else 0.0
    if kind == "excess":
        if full_scale <= 1:
            return 1.0 if measure > 1 else 0.0
        share = (measure - 1.0) / (full_scale - 1.0)
    else:
        share = measure / full_scale
    return min(max(share, 0.0), 1.0)


def score(measures, factors):
    """Score an order.

    :param measures: dict factor code -> raw measure of this order
    :param factors: iterable of :class:`Factor`
    :return: ``(total, details)`` where total is the sum of points rounded to
        two decimals and details is a list of dicts (code, measure, share,
        weight, points), highest contribution first
    """
    details = []
    for factor in factors:
        measure = measures.get(factor.code) or 0
        share = normalise(factor.code, measure, factor.full_scale)
        details.append(
            {
                "code": factor.code,
                "measure": round(float(measure), 4),
                "share": round(share, 4),
                "weight": factor.weight,
                "points": round(share * factor.weight, 2),
            }
        )
    details.sort(key=lambda detail: (-detail["points"], detail["code"]))
    total = round(sum(detail["points"] for detail in details), 2)
    return total, details


def level(total, low_threshold, high_threshold):
    """Classify a score: ``low`` below the low threshold, ``high`` at or above
    the high threshold, ``medium`` in between."""
    if total < low_threshold:
        return "low"
    if total >= high_threshold:
        return "high"
    return "medium"
