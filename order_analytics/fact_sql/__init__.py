# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SQL that fills the fact tables, one named step per CTE.

Each fact model builds its rows with one ``WITH … INSERT … SELECT … ON
CONFLICT DO UPDATE`` over a batch of orders: set-based, bounded by the batch,
whatever the history. The steps are plain texts so that each can be read on
its own; the models choose the columns (``_select_*_facts``).
"""

from .common import QTY_EPSILON, STAMP, delete_stale, local_date, upsert
from .lines import LINE_DIMENSIONS, line_judged_cte
from .orders import order_judged_cte

__all__ = [
    "LINE_DIMENSIONS",
    "QTY_EPSILON",
    "STAMP",
    "delete_stale",
    "line_judged_cte",
    "local_date",
    "order_judged_cte",
    "upsert",
]
