# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The plan of the demo history: which customer ordered what, when the order
was promised and when it was delivered, over the last two and a half years.

Plain Python and seeded: the same day gives the same plan, and the plan can be
checked without Odoo (tests/test_demo_history.py classifies it the way the
addon does). ``SaleOrder._demo_analytics_history`` turns it into confirmed and
delivered orders on a demo database; nothing else uses it.

Every product follows one demand pattern, chosen so that the demo shows each
Syntetos-Boylan class (smooth, erratic, intermittent, lumpy, and a dying item
forecast with TSB), the three ABC and XYZ classes; each customer follows an
activity span, chosen so that several RFM segments appear (a regular big
buyer, customers gone quiet, a new one). The history is 30 months long, not
less: the forecast reads 36 complete months and, as Croston does, counts the
first demand interval from the start of those months, so a product sold every
month for fewer than 28 of them would average an interval of 1.32 months or
more and count as intermittent rather than smooth.
"""

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

SEED = 2026
HISTORY_MONTHS = 30

# Demand patterns.
SMOOTH = "smooth"
ERRATIC = "erratic"
INTERMITTENT = "intermittent"
LUMPY = "lumpy"

# Delivery outcomes and their weights: most orders delivered on the promised
# day, some late, a few early, short (the rest cancelled) or split (the rest
# delivered late from a backorder).
ON_TIME = "on_time"
LATE = "late"
EARLY = "early"
SHORT = "short"
SPLIT = "split"
OUTCOMES = ((ON_TIME, 70), (LATE, 13), (EARLY, 5), (SHORT, 6), (SPLIT, 6))

# Orders are taken and delivered in working hours (UTC): a delivery on the
# promised day stays on that local day in the time zones of the demo.
FIRST_HOUR = 8
LAST_HOUR = 14


@dataclass(frozen=True)
class DemoProduct:
    """A product's monthly demand pattern.

    :param xmlid: the demo product
    :param pattern: SMOOTH, ERRATIC, INTERMITTENT or LUMPY
    :param level: usual quantity of a month with demand, at the end of the
        history for a trend
    :param lead_days: the delivery lead time promised on its lines
    :param trend: growth per month (0.02 is 2 % a month)
    :param season: amplitude of the yearly season (0.5: ±50 %)
    :param every: months between two demands (intermittent and lumpy)
    :param stop: months without demand at the end (an item dying out)
    :param lines: most order lines a month's demand is split into
    """

    xmlid: str
    pattern: str
    level: float
    lead_days: int
    trend: float = 0.0
    season: float = 0.0
    every: int = 1
    stop: int = 0
    lines: int = 1


@dataclass(frozen=True)
class DemoCustomer:
    """A customer's activity: the months it ordered in, counted back from
    the current month (1 is the last complete month), and its share of the
    lines of those months.

    :param order_days: days a month its lines are grouped into orders
    """

    xmlid: str
    salesperson: str
    first: int
    last: int
    weight: float
    order_days: int = 1


PRODUCTS = (
    # Smooth with a trend and a winter peak: Holt-Winters, X, A.
    DemoProduct(
        "customer_order_review.product_cable_reel",
        SMOOTH,
        60,
        3,
        trend=0.015,
        season=0.25,
        lines=3,
    ),
    DemoProduct("customer_order_review.product_shelving_unit", SMOOTH, 12, 5, lines=2),
    # A strong season: smooth, yet Y.
    DemoProduct(
        "customer_order_review.product_tool_cabinet",
        SMOOTH,
        7,
        7,
        season=0.8,
        lines=2,
    ),
    # Every month, mostly one or two, now and then a fit-out of ten: erratic.
    DemoProduct("customer_order_review.product_workbench", ERRATIC, 2, 10),
    # Every few months, of very different sizes: lumpy.
    DemoProduct("customer_order_review.product_pallet_jack", LUMPY, 4, 14, every=3),
    # Every few months, of about the same size: intermittent (SBA).
    DemoProduct("product.product_product_6", INTERMITTENT, 5, 5, every=3),
    DemoProduct("product.product_product_9", INTERMITTENT, 8, 2, every=2),
    # Small and steady: smooth, C.
    DemoProduct("product.product_product_7", SMOOTH, 25, 2),
    # Sold every other month, none for the last ten: TSB.
    DemoProduct("product.product_product_8", INTERMITTENT, 2, 10, every=2, stop=10),
)

CUSTOMERS = (
    # The big regular buyer.
    DemoCustomer(
        "order_analytics.demo_customer_huadong", "base.user_admin", 30, 1, 6.0, 2
    ),
    DemoCustomer(
        "order_analytics.demo_customer_meridian", "base.user_demo", 30, 1, 3.0
    ),
    # Bought often, nothing for the last five months.
    DemoCustomer("order_analytics.demo_customer_sunrise", "base.user_demo", 30, 6, 3.0),
    DemoCustomer(
        "order_analytics.demo_customer_oakridge", "base.user_admin", 30, 2, 0.7
    ),
    # New: three months of orders.
    DemoCustomer("order_analytics.demo_customer_xinda", "base.user_demo", 3, 1, 1.0),
    # Fading out, then gone.
    DemoCustomer(
        "order_analytics.demo_customer_harlow", "base.user_admin", 26, 10, 0.6
    ),
    DemoCustomer(
        "order_analytics.demo_customer_blue_harbor", "base.user_demo", 20, 8, 1.2
    ),
)


@dataclass(frozen=True)
class PlannedOrder:
    """One order of the plan.

    :param lines: ``((product xmlid, quantity), ...)``
    :param promised: the date promised for every line (ordered + lead)
    :param delivered: ``(datetime, (quantity per line, ...))`` of the first
        delivery, None when it is still to come
    :param rest: datetime of the delivery of what the first left out, None
        when the rest is cancelled (or nothing was left out) or still to come
    """

    customer: DemoCustomer
    ordered: datetime
    lead_days: int
    lines: tuple
    promised: datetime
    outcome: str
    delivered: tuple | None
    rest: datetime | None


def month_starts(now, months=HISTORY_MONTHS):
    """The first day (midnight) of each of the ``months`` complete months
    before ``now``'s month, oldest first."""
    first = datetime(now.year, now.month, 1)
    starts = []
    for back in range(months, 0, -1):
        index = first.year * 12 + first.month - 1 - back
        starts.append(datetime(index // 12, index % 12 + 1, 1))
    return starts


def monthly_demand(product, months, rng):
    """The product's quantity in each month (zeros included), oldest first.

    :param months: the first days of the months
    :param rng: the plan's ``random.Random``
    :return: list of int
    """
    count = len(months)
    demand = [0] * count
    if product.pattern in (SMOOTH, ERRATIC):
        for index, month in enumerate(months):
            if product.pattern == SMOOTH:
                growth = (1 + product.trend) ** (index - count + 1)
                # Peak in January, trough in July.
                season = 1 + product.season * math.cos(
                    2 * math.pi * (month.month - 1) / 12
                )
                noise = 1 + rng.gauss(0, 0.08)
                demand[index] = product.level * growth * season * noise
            elif rng.random() < 0.2:
                demand[index] = product.level * rng.uniform(4, 6)
            else:
                demand[index] = product.level * rng.uniform(0.5, 1.3)
    else:
        index = rng.randrange(product.every)
        while index < count - product.stop:
            if product.pattern == LUMPY and rng.random() < 0.35:
                demand[index] = product.level * rng.uniform(2.5, 4)
            elif product.pattern == LUMPY:
                demand[index] = product.level * rng.uniform(0.2, 0.6)
            else:
                demand[index] = product.level * rng.uniform(0.8, 1.2)
            index += max(1, product.every + rng.choice((-1, 0, 0, 1)))
    return [max(1, round(value)) if value > 0 else 0 for value in demand]


def _split(quantity, parts, rng):
    """Split a quantity into at most ``parts`` positive integers."""
    parts = max(1, min(parts, quantity))
    cuts = sorted(rng.sample(range(1, quantity), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, quantity]
    return [high - low for low, high in zip(bounds, bounds[1:], strict=False)]


def _customer_for(months_back, rng):
    """A customer active that many months back, drawn by weight."""
    active = [c for c in CUSTOMERS if c.last <= months_back <= c.first]
    return rng.choices(active, weights=[c.weight for c in active])[0]


def _outcome(order_time, promised, lines, now, rng):
    """Draw how an order was delivered: ``(outcome, delivered, rest)`` as
    :class:`PlannedOrder` holds them."""
    outcome = rng.choices(
        [code for code, _weight in OUTCOMES], [w for _code, w in OUTCOMES]
    )[0]
    if outcome in (SHORT, SPLIT) and all(qty == 1 for _key, qty in lines):
        outcome = LATE  # nothing to leave out
    day = promised.replace(hour=rng.randint(FIRST_HOUR, LAST_HOUR), minute=0)
    if outcome == LATE:
        day += timedelta(days=rng.randint(1, 6))
    elif outcome == EARLY:
        day -= timedelta(days=rng.randint(1, 2))
        day = max(day, order_time + timedelta(hours=2))
    quantities = [qty for _key, qty in lines]
    rest = None
    if outcome in (SHORT, SPLIT):
        index = max(range(len(lines)), key=lambda i: quantities[i])
        quantities[index] -= max(1, quantities[index] // 4)
        if outcome == SPLIT:
            rest = day + timedelta(days=rng.randint(2, 8))
    if day > now:
        return outcome, None, None
    return outcome, (day, tuple(quantities)), rest if rest and rest <= now else None


def build_plan(now, seed=SEED):
    """The demo history before ``now``: orders of the last
    :data:`HISTORY_MONTHS` complete months, oldest first.

    :param now: naive UTC datetime; deliveries after it are left to come
    :return: list of :class:`PlannedOrder`
    """
    months = month_starts(now)
    # (customer, month index, order slot) -> {product: quantity}
    slots = {}
    for product in PRODUCTS:
        # A stream of its own per product and per order (string seeds are
        # hashed the same way in every run): one product's draws do not shift
        # another's when the months change.
        rng = random.Random(f"{seed}:{product.xmlid}")
        for index, quantity in enumerate(monthly_demand(product, months, rng)):
            if not quantity:
                continue
            for part in _split(quantity, rng.randint(1, product.lines), rng):
                customer = _customer_for(len(months) - index, rng)
                slot = (customer, index, rng.randrange(customer.order_days))
                items = slots.setdefault(slot, {})
                items[product] = items.get(product, 0) + part
    plan = []
    for (customer, index, slot), items in slots.items():
        rng = random.Random(f"{seed}:{customer.xmlid}:{index}:{slot}")
        month = months[index]
        ordered = month.replace(
            day=rng.randint(1, 28), hour=rng.randint(FIRST_HOUR, LAST_HOUR - 2)
        )
        # One promise per order: the longest lead time of its products.
        lead_days = max(product.lead_days for product in items)
        lines = tuple((product.xmlid, qty) for product, qty in items.items())
        promised = ordered + timedelta(days=lead_days)
        outcome, delivered, rest = _outcome(ordered, promised, lines, now, rng)
        plan.append(
            PlannedOrder(
                customer, ordered, lead_days, lines, promised, outcome, delivered, rest
            )
        )
    plan.sort(key=lambda order: (order.ordered, order.customer.xmlid))
    return plan


def stock_needed(plan):
    """What the plan takes out of stock per product, delivered or still to
    deliver: a short delivery's rest is cancelled, every other line is
    delivered in full in the end.

    :return: dict product xmlid -> quantity
    """
    needed = {}
    for order in plan:
        quantities = [qty for _xmlid, qty in order.lines]
        if order.outcome == SHORT and order.delivered:
            quantities = order.delivered[1]
        for (xmlid, _qty), quantity in zip(order.lines, quantities, strict=True):
            needed[xmlid] = needed.get(xmlid, 0) + quantity
    return needed


def xmlids():
    """Every record the plan refers to (products, customers, salespeople)."""
    return sorted(
        {product.xmlid for product in PRODUCTS}
        | {customer.xmlid for customer in CUSTOMERS}
        | {customer.salesperson for customer in CUSTOMERS}
    )
