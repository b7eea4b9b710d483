# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Safety stock, reorder point and a suggested min / max, as plain Python.

Demand and lead time are in the same period (days, say): ``demand_mean`` is
the mean demand per period, ``lead_time`` a number of periods. With both
demand and lead time varying, the standard deviation of the demand over the
lead time is

    σ_LTD = sqrt(LT · σd² + d̄² · σLT²)

(demand variability over the LT periods, plus the lead time's own
variability at the mean rate), and

    SS  = z · σ_LTD, z = the inverse normal of the service level
    ROP = d̄ · LT + SS

as in supplychainpy's calculations and OCA stock_orderpoint_safety_stock
(research/analytics.md §4). The suggested minimum is the ROP; the maximum is
the ROP plus the quantity one order brings: the economic order quantity when
the caller has the costs for it (:func:`economic_order_quantity`), else the
demand of one review period. Without either, max = min.

Note for the addon: Odoo compares an orderpoint's minimum with the forecast
stock at the end of the lead time, which already counts confirmed outgoing
moves; the d̄ · LT part of this ROP overlaps with that (research §1.2).
"""

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist

# Cycle service level per ABC × XYZ cell: the more valuable (A) and the more
# predictable (X) an item, the higher the service it is worth and the cheaper
# each point of it, since predictable demand needs little safety stock.
DEFAULT_SERVICE_LEVELS = {
    "AX": 0.98,
    "AY": 0.97,
    "AZ": 0.95,
    "BX": 0.96,
    "BY": 0.95,
    "BZ": 0.92,
    "CX": 0.93,
    "CY": 0.90,
    "CZ": 0.85,
}

FORMULA = "SS = z × √(LT × σd² + d̄² × σLT²); ROP = d̄ × LT + SS"

# How the suggested maximum was set (codes for the UI).
MAX_EOQ = "economic_order_quantity"
MAX_REVIEW_PERIOD = "review_period"
MAX_NONE = "none"


def service_level(abc_class, xyz_class, overrides=None):
    """Return the target service level of an ABC × XYZ cell.

    :param abc_class: "A", "B" or "C"
    :param xyz_class: "X", "Y" or "Z"
    :param overrides: dict cell ("AX") -> service level, replacing the
        defaults of those cells only
    :return: float in (0, 1)
    """
    levels = dict(DEFAULT_SERVICE_LEVELS, **(overrides or {}))
    cell = f"{abc_class}{xyz_class}"
    if cell not in levels:
        raise ValueError(f"no service level for the cell {cell!r}")
    return levels[cell]


def economic_order_quantity(period_demand, order_cost, holding_cost):
    """Return Wilson's economic order quantity, sqrt(2 · D · S / H).

    :param period_demand: demand over the period the holding cost is for
        (per year, with a yearly holding cost)
    :param order_cost: cost of placing one order
    :param holding_cost: cost of holding one unit over that period
    :return: float
    """
    if period_demand < 0 or order_cost < 0 or holding_cost <= 0:
        raise ValueError(
            "EOQ needs a demand and an order cost of zero or more, "
            "and a positive holding cost"
        )
    return math.sqrt(2.0 * period_demand * order_cost / holding_cost)


@dataclass(frozen=True)
class StockPlan:
    """A safety stock and reorder point with every input of the formula.

    Kept whole so that the UI can show the formula (:data:`FORMULA`) and the
    numbers that went into it, next to the suggestion.
    """

    service_level: float
    z: float
    demand_mean: float
    demand_std: float
    lead_time: float
    lead_time_std: float
    lead_time_demand_std: float
    safety_stock: float
    reorder_point: float
    order_quantity: float
    max_basis: str
    min_qty: float
    max_qty: float

    @property
    def formula(self):
        """The formula, as text (not translated: it is notation)."""
        return FORMULA

    def inputs(self):
        """Return every field as a dict, for display or storage.

        :return: dict field name -> value
        """
        return asdict(self)


def _order_quantity(demand_mean, order_quantity, review_period):
    """Return the quantity one order brings and how it was set."""
    if order_quantity is not None:
        if order_quantity < 0:
            raise ValueError("the order quantity cannot be negative")
        return float(order_quantity), MAX_EOQ
    if review_period is not None:
        if review_period < 0:
            raise ValueError("the review period cannot be negative")
        return demand_mean * review_period, MAX_REVIEW_PERIOD
    return 0.0, MAX_NONE


def stock_plan(
    demand_mean,
    demand_std,
    lead_time,
    lead_time_std=0.0,
    service_level=0.95,
    order_quantity=None,
    review_period=None,
):
    """Compute safety stock, reorder point and a suggested min / max.

    :param demand_mean: mean demand per period (d̄)
    :param demand_std: standard deviation of the demand per period (σd)
    :param lead_time: mean lead time in periods (LT)
    :param lead_time_std: standard deviation of the lead time (σLT); 0 when
        the lead time is taken as fixed
    :param service_level: probability of no stock-out in a cycle, in (0, 1)
    :param order_quantity: the quantity one order brings, e.g. from
        :func:`economic_order_quantity`; sets max = min + it
    :param review_period: used when ``order_quantity`` is None: max = min +
        d̄ × the review period (in periods)
    :return: :class:`StockPlan`
    """
    if not 0.0 < service_level < 1.0:
        raise ValueError("the service level must lie strictly between 0 and 1")
    if min(demand_mean, demand_std, lead_time, lead_time_std) < 0:
        raise ValueError("demand, lead time and their deviations cannot be negative")
    z = NormalDist().inv_cdf(service_level)
    sigma = math.sqrt(lead_time * demand_std**2 + demand_mean**2 * lead_time_std**2)
    # Below 50 % service z is negative: a negative safety stock would plan to
    # run out; it is zero instead.
    safety = max(z * sigma, 0.0)
    reorder_point = demand_mean * lead_time + safety
    quantity, basis = _order_quantity(demand_mean, order_quantity, review_period)
    return StockPlan(
        service_level=service_level,
        z=z,
        demand_mean=float(demand_mean),
        demand_std=float(demand_std),
        lead_time=float(lead_time),
        lead_time_std=float(lead_time_std),
        lead_time_demand_std=sigma,
        safety_stock=safety,
        reorder_point=reorder_point,
        order_quantity=quantity,
        max_basis=basis,
        min_qty=reorder_point,
        max_qty=reorder_point + quantity,
    )
