# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The data of the Order Desk dashboard: its global filters, the pivots
and charts that read the fact models, and the links of its headings."""

import json
import uuid
from pathlib import Path

FILES = Path(__file__).resolve().parent.parent / "order_analytics/data/files"
ORDER = "order.analytics.order"
LINE = "order.analytics.line"
# The line figures come from the monthly rollup of the line facts: a few
# thousand rows whatever the history, the same sums.
LINE_MONTH = "order.analytics.line.month"
NAMESPACE = uuid.UUID("5b0c5c52-3e4e-4b55-9a55-6f0e0e2f7d11")
ROWS_SHOWN = 10


def uid(name):
    """A stable id, so that regenerating changes nothing that did not."""
    return str(uuid.uuid5(NAMESPACE, name))


def t(text):
    return f'=_t("{text}")'


# === GLOBAL FILTERS === #
# id -> (label, model of a relation filter, field on the order facts, on the
# line facts, on their monthly rollup). Products are matched on the order
# facts through their lines.
FILTERS = {
    "period": ("Period", None, "date_order", "date_order", "date_month"),
    "country": ("Country", "res.country", "country_id", "country_id", "country_id"),
    "province": ("Province", "res.country.state", "state_id", "state_id", "state_id"),
    "product": (
        "Product",
        "product.product",
        "product_ids",
        "product_id",
        "product_id",
    ),
    "customer": ("Customer", "res.partner", "partner_id", "partner_id", "partner_id"),
    "carrier": (
        "Carrier",
        "delivery.carrier",
        "carrier_id",
        "carrier_id",
        "carrier_id",
    ),
}
FILTER_COLUMNS = {ORDER: 2, LINE: 3, LINE_MONTH: 4}


def global_filters():
    result = []
    for key, (label, model, *__) in FILTERS.items():
        if model is None:
            result.append(
                {
                    "id": uid(key),
                    "type": "date",
                    "label": label,
                    "defaultValue": "last_three_months",
                    "rangeType": "relative",
                }
            )
            continue
        result.append(
            {
                "id": uid(key),
                "type": "relation",
                "label": label,
                "modelName": model,
                "defaultValue": [],
                "defaultValueDisplayNames": [],
            }
        )
    return result


def field_matching(model, date_offset=0):
    column = FILTER_COLUMNS[model]
    matching = {}
    for key, spec in FILTERS.items():
        chain = spec[column]
        if spec[1] is None:
            matching[uid(key)] = {
                "chain": chain,
                # The rollup's month is a date (the company's local month).
                "type": "date" if model == LINE_MONTH else "datetime",
                "offset": date_offset,
            }
        else:
            kind = "many2many" if chain.endswith("_ids") else "many2one"
            matching[uid(key)] = {"chain": chain, "type": kind}
    return matching


# === DATA SOURCES === #
KPIS = [
    # (measure, label of the Data sheet, scorecard title, format, higher is better)
    ("otif_rate", "OTIF", "OTIF %", "0.0%", True),
    ("perfect_rate", "Perfect orders", "Perfect Order %", "0.0%", True),
    ("lead_time_days", "Lead time (days)", "Lead Time (days)", "0.0", False),
    ("review_hours", "Review time (hours)", "Review Time (hours)", "0.0", False),
    ("exception_rate", "Exception rate", "Exception Rate", "0.0%", False),
    ("csat_rate", "Satisfied customers", "CSAT %", "0.0%", True),
    ("nps", "Net promoter score", "NPS", "0", True),
    ("confirmed_count", "Confirmed orders", "Confirmed Orders", "#,##0", True),
]
LATE = [("otif_reason", "in", ["late", "both"])]
TABLES = [
    # (pivot id, row field, title, column label, cell of the title)
    ("3", "partner_id", "Customers with the most late lines", "Customer", "A"),
    ("4", "product_id", "Products with the most late lines", "Product", "E"),
]


def pivot(pivot_id, model, name, measures, rows=(), domain=(), offset=0):
    data = {
        "type": "ODOO",
        "id": pivot_id,
        "formulaId": pivot_id,
        "model": model,
        "name": name,
        "domain": list(domain),
        "context": {},
        "rows": [{"fieldName": row} for row in rows],
        "columns": [],
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "fieldMatching": field_matching(model, offset),
    }
    if rows:
        data["sortedColumn"] = {
            "groupId": [[], []],
            "measure": measures[0],
            "order": "desc",
        }
    return data


def pivots():
    measures = [kpi[0] for kpi in KPIS]
    result = {
        "1": pivot("1", ORDER, "Order KPIs - this period", measures),
        "2": pivot("2", ORDER, "Order KPIs - previous period", measures, offset=-1),
    }
    for pivot_id, row, title, __, __ in TABLES:
        result[pivot_id] = pivot(
            pivot_id, LINE_MONTH, title, ["line_count", "amount_untaxed"], [row], LATE
        )
    return result


def odoo_chart(kind, model, group_by, measure, domain, y_title, order=None):
    # Values on the bars of counts only: a ratio would print all its decimals.
    return {
        "title": {"text": ""},
        "background": "#FFFFFF",
        "legendPosition": "none",
        "metaData": {
            "groupBy": [group_by],
            "measure": measure,
            "order": order,
            "resModel": model,
            "mode": kind,
        },
        "searchParams": {
            "comparison": None,
            "context": {},
            "domain": domain,
            "groupBy": [group_by],
            "orderBy": [],
        },
        "type": f"odoo_{kind}",
        "verticalAxisPosition": "left",
        "axesDesign": {"y": {"title": {"text": y_title}}},
        "showValues": measure in ("__count", "line_count"),
        "stacked": False,
        "fieldMatching": field_matching(model),
    }


CHARTS = {
    # name -> (heading, Odoo chart)
    "trend": (
        "OTIF % by month",
        odoo_chart("line", ORDER, "date_order:month", "otif_rate", [], "OTIF %"),
    ),
    "reasons": (
        "Why lines miss OTIF",
        odoo_chart(
            "bar",
            LINE_MONTH,
            "otif_reason",
            "line_count",
            [["evaluated", "=", True], ["otif_reason", "!=", False]],
            "Lines",
            order="DESC",
        ),
    ),
    "carriers": (
        "OTIF % by carrier",
        odoo_chart(
            "bar",
            ORDER,
            "carrier_id",
            "otif_rate",
            [["evaluated", "=", True], ["carrier_id", "!=", False]],
            "OTIF %",
            order="ASC",
        ),
    ),
}


def view_link(title, model, view, context, domain=()):
    views = [[False, name] for name in (view, "pivot", "graph", "list", "search")]
    views = [v for i, v in enumerate(views) if v[1] != view or i == 0]
    action = {
        "viewType": view,
        "action": {
            "domain": list(domain),
            "context": context,
            "modelName": model,
            "views": views,
        },
        "threshold": 0,
        "name": title,
    }
    return f"[{title}](odoo://view/{json.dumps(action, separators=(',', ':'))})"
