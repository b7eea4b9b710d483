#!/usr/bin/env python3
# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Write the Order Desk spreadsheet dashboard and its sample.

    python3 tools/gen_dashboard.py
    pre-commit run prettier --files order_analytics/data/files/*.json

(prettier then lays the JSON out as every JSON file of the repository is.)

Community has no spreadsheet editor, so the dashboard is data: this script
is its source. It writes ``order_analytics/data/files/order_desk_dashboard.json``
(pivots and charts over the fact models, with global filters) and
``order_desk_sample_dashboard.json`` (the same layout with fixed figures, shown
while the fact tables are empty). The format is the one of Odoo 18's own
dashboards (``spreadsheet_dashboard_sale``): spreadsheet version 21, Odoo
version 12. Labels are ``_t("…")`` formulas, chart titles and filter labels,
which Odoo's translation export picks up from ``*_dashboard.json`` files.

Seven data sources in all (two scorecard pivots, two table pivots, three
charts), each a grouped read of one fact table: that is what keeps the
dashboard fast on a large history.
"""

import json

from dashboard_sample import SAMPLE_KPIS, SAMPLE_RANGES, SAMPLE_SERIES, SAMPLE_TABLES
from dashboard_sources import (
    CHARTS,
    FILES,
    KPIS,
    LATE,
    LINE_MONTH,
    ORDER,
    ROWS_SHOWN,
    TABLES,
    global_filters,
    pivots,
    t,
    uid,
    view_link,
)

# === LAYOUT === #
COLS = {"0": 324, "1": 100, "2": 100, "3": 50, "4": 323, "5": 100, "6": 100}
WIDTH = sum(COLS.values())
LEFT = (0, 524)
RIGHT = (574, 523)
HEADING_ROWS = (10, 26, 42)  # 0-based; 40 px each
TABLE_HEADER_ROW = 43
TABLE_FIRST_ROW = 44


def rows():
    sizes = {str(r): {"size": 40} for r in HEADING_ROWS}
    sizes[str(TABLE_HEADER_ROW)] = {"size": 32}
    for r in range(TABLE_FIRST_ROW, TABLE_FIRST_ROW + ROWS_SHOWN):
        sizes[str(r)] = {"size": 29}
    return sizes


def y_of(row):
    """Top of a 0-based row, in pixels."""
    sizes = rows()
    return sum(sizes.get(str(r), {"size": 23})["size"] for r in range(row))


def scorecards(sample):
    figures = []
    width, gap = 262, 10
    for index, (measure, __, title, __, higher_better) in enumerate(KPIS):
        line, column = divmod(index, 4)
        good, bad = "#00A04A", "#DC6965"
        figures.append(
            {
                "id": uid(f"scorecard {measure}"),
                "x": column * (width + gap),
                "y": 11 + line * 115,
                "width": width,
                "height": 101,
                "tag": "chart",
                "data": {
                    "type": "scorecard",
                    "title": {"text": title, "bold": True, "color": "#434343"},
                    "background": "#EFF6FF" if line == 0 else "#FFF7ED",
                    "keyValue": f"Data!D{index + 2}",
                    "baseline": f"Data!E{index + 2}",
                    "baselineMode": "difference",
                    "baselineDescr": "since last period",
                    "baselineColorUp": good if higher_better else bad,
                    "baselineColorDown": bad if higher_better else good,
                    "humanize": False,
                },
            }
        )
    return figures


def chart_figures(sample):
    places = {
        "trend": (0, WIDTH, HEADING_ROWS[0]),
        "reasons": (*LEFT, HEADING_ROWS[1]),
        "carriers": (*RIGHT, HEADING_ROWS[1]),
    }
    figures = []
    for name, (__, odoo_data) in CHARTS.items():
        x, width, heading = places[name]
        data = sample_chart(name) if sample else odoo_data
        figures.append(
            {
                "id": uid(f"chart {name}"),
                "x": x,
                "y": y_of(heading + 1),
                "width": width,
                "height": 344,
                "tag": "chart",
                "data": data,
            }
        )
    return figures


def sample_chart(name):
    """A chart over the fixed figures of the sample's Data sheet."""
    first, last = SAMPLE_RANGES[name]
    return {
        "type": "line" if name == "trend" else "bar",
        "dataSetsHaveTitle": False,
        "dataSets": [{"dataRange": f"Data!B{first}:B{last}", "yAxisId": "y"}],
        "legendPosition": "none",
        "labelRange": f"Data!A{first}:A{last}",
        "title": {},
        "labelsAsText": True,
        "stacked": False,
        "aggregated": False,
        "fillArea": False,
        "showValues": CHARTS[name][1]["showValues"],
        "axesDesign": CHARTS[name][1]["axesDesign"],
    }


# === CELLS === #
STYLES = {
    "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
    "2": {"bold": True, "fontSize": 11, "textColor": "#434343"},
    "3": {"textColor": "#01666B", "verticalAlign": "middle"},
    "4": {"textColor": "#434343", "verticalAlign": "middle"},
    "5": {"bold": True, "fontSize": 11, "textColor": "#434343", "align": "right"},
    "6": {"bold": True},
}
FORMATS = {"1": "0.0%", "2": "0.0", "3": "0", "4": "#,##0"}
FORMAT_IDS = {fmt: key for key, fmt in FORMATS.items()}
BORDERS = {"1": {"bottom": {"style": "thin", "color": "#CCCCCC"}}}


def links():
    """The headings, each opening the report behind what it titles."""
    graph = {
        "group_by": ["date_order:month"],
        "graph_measure": "otif_rate",
        "graph_mode": "line",
        "graph_groupbys": ["date_order:month"],
    }
    reasons = {
        "group_by": ["otif_reason"],
        "pivot_measures": ["line_count", "qty_ordered"],
        "pivot_row_groupby": ["otif_reason"],
    }
    carriers = {
        "group_by": ["carrier_id"],
        "pivot_measures": ["otif_rate", "evaluated_count"],
        "pivot_row_groupby": ["carrier_id"],
    }
    not_otif = [["evaluated", "=", True], ["otif_reason", "!=", False]]
    cells = {
        f"A{HEADING_ROWS[0] + 1}": view_link(CHARTS["trend"][0], ORDER, "graph", graph),
        f"A{HEADING_ROWS[1] + 1}": view_link(
            CHARTS["reasons"][0], LINE_MONTH, "pivot", reasons, not_otif
        ),
        f"E{HEADING_ROWS[1] + 1}": view_link(
            CHARTS["carriers"][0], ORDER, "pivot", carriers, [["evaluated", "=", True]]
        ),
    }
    for __, row, title, __, column in TABLES:
        context = {
            "group_by": [row],
            "pivot_measures": ["line_count", "amount_untaxed"],
            "pivot_row_groupby": [row],
        }
        cells[f"{column}{HEADING_ROWS[2] + 1}"] = view_link(
            title, LINE_MONTH, "pivot", context, LATE
        )
    return cells


def dashboard_cells(sample):
    cells = {ref: {"content": link} for ref, link in links().items()}
    styles, formats, borders = {}, {}, {}
    trend = f"A{HEADING_ROWS[0] + 1}"
    for ref in cells:
        styles[ref] = 1
        last = "G" if ref == trend else chr(ord(ref[0]) + 2)
        borders[f"{ref}:{last}{ref[1:]}"] = 1
    header = TABLE_HEADER_ROW + 1
    for pivot_id, row, __, label, column in TABLES:
        count_col, value_col = chr(ord(column) + 1), chr(ord(column) + 2)
        cells[f"{column}{header}"] = {"content": t(label)}
        cells[f"{count_col}{header}"] = {"content": t("Late lines")}
        cells[f"{value_col}{header}"] = {"content": t("Amount")}
        styles[f"{column}{header}"] = 2
        styles[f"{count_col}{header}:{value_col}{header}"] = 5
        first, last = header + 1, header + ROWS_SHOWN
        styles[f"{column}{first}:{column}{last}"] = 3
        styles[f"{count_col}{first}:{value_col}{last}"] = 4
        formats[f"{value_col}{first}:{value_col}{last}"] = int(FORMAT_IDS["#,##0"])
        for rank in range(1, ROWS_SHOWN + 1):
            cell_row = header + rank
            if sample:
                name, count, amount = SAMPLE_TABLES[row][rank - 1]
                values = (name, count, amount)
            else:
                values = (
                    f'=PIVOT.HEADER({pivot_id},"#{row}",{rank})',
                    f'=PIVOT.VALUE({pivot_id},"line_count","#{row}",{rank})',
                    f'=PIVOT.VALUE({pivot_id},"amount_untaxed","#{row}",{rank})',
                )
            for col, value in zip((column, count_col, value_col), values, strict=True):
                cells[f"{col}{cell_row}"] = {"content": str(value)}
    return cells, styles, formats, borders


def data_bars():
    rules = []
    for __, row, __, __, column in TABLES:
        first, last = TABLE_HEADER_ROW + 2, TABLE_HEADER_ROW + 1 + ROWS_SHOWN
        count_col = chr(ord(column) + 1)
        rules.append(
            {
                "id": uid(f"data bar {row}"),
                "rule": {
                    "type": "DataBarRule",
                    "color": 16775149,
                    "rangeValues": f"{count_col}{first}:{count_col}{last}",
                },
                "ranges": [f"{column}{first}:{column}{last}"],
            }
        )
    return rules


def data_cells(sample):
    """The Data sheet: each KPI this period and the one before, then the
    display value a scorecard shows (percentages as fractions, blank when
    nothing was judged). The sample keeps the figures its charts read."""
    cells = {
        "A1": {"content": t("KPI")},
        "B1": {"content": t("Current")},
        "C1": {"content": t("Previous")},
        "D1": {"content": t("Current")},
        "E1": {"content": t("Previous")},
    }
    formats = {}
    for index, (measure, label, __, fmt, __) in enumerate(KPIS):
        row = index + 2
        cells[f"A{row}"] = {"content": t(label)}
        for col, pivot_id in (("B", 1), ("C", 2)):
            if sample:
                value = SAMPLE_KPIS[measure][pivot_id - 1]
            else:
                value = f'=PIVOT.VALUE({pivot_id},"{measure}")'
            cells[f"{col}{row}"] = {"content": str(value)}
        scale = "/100" if fmt.endswith("%") else ""
        for col, raw in (("D", "B"), ("E", "C")):
            cells[f"{col}{row}"] = {
                "content": f'=IF(ISNUMBER({raw}{row}),{raw}{row}{scale},"")'
            }
        formats[f"D{row}:E{row}"] = int(FORMAT_IDS[fmt])
    if sample:
        for name, (first, __) in SAMPLE_RANGES.items():
            cells[f"A{first - 1}"] = {"content": t(CHARTS[name][0])}
            for offset, (label, value) in enumerate(SAMPLE_SERIES[name]):
                cells[f"A{first + offset}"] = {"content": label}
                cells[f"B{first + offset}"] = {"content": str(value)}
    return cells, formats


def sheet(sheet_id, name, cells, figures, **extra):
    data = {
        "id": sheet_id,
        "name": name,
        "colNumber": 7 if name == "Dashboard" else 26,
        "rowNumber": 60 if name == "Dashboard" else 40,
        "rows": {},
        "cols": {},
        "merges": [],
        "cells": cells,
        "styles": {},
        "formats": {},
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": name != "Dashboard",
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }
    data.update(extra)
    return data


def build(sample):
    """The whole spreadsheet: the live dashboard, or its sample."""
    cells, styles, formats, borders = dashboard_cells(sample)
    dashboard = sheet(
        "sheet1",
        "Dashboard",
        cells,
        scorecards(sample) + chart_figures(sample),
        rows=rows(),
        cols={key: {"size": size} for key, size in COLS.items()},
        styles=styles,
        formats=formats,
        borders=borders,
        conditionalFormats=data_bars(),
    )
    data_sheet_cells, data_formats = data_cells(sample)
    data_sheet = sheet(
        uid("data sheet"),
        "Data",
        data_sheet_cells,
        [],
        cols={"0": {"size": 200}},
        styles={"A1:E1": 6},
        formats=data_formats,
    )
    menus = {fig["id"]: MENU_ORDERS for fig in scorecards(sample)}
    menus[uid("chart reasons")] = MENU_LINES
    return {
        "version": 21,
        "sheets": [dashboard, data_sheet],
        "styles": STYLES,
        "formats": FORMATS,
        "borders": BORDERS,
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {"locale": LOCALE},
        "pivots": {} if sample else pivots(),
        "pivotNextId": 1 if sample else len(pivots()) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": [] if sample else global_filters(),
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {} if sample else menus,
    }


MENU_ORDERS = "order_analytics.menu_order_analytics_order"
MENU_LINES = "order_analytics.menu_order_analytics_line"
LOCALE = {
    "name": "English (US)",
    "code": "en_US",
    "thousandsSeparator": ",",
    "decimalSeparator": ".",
    "dateFormat": "mm/dd/yyyy",
    "timeFormat": "hh:mm:ss",
    "formulaArgSeparator": ",",
    "weekStart": 7,
}


def main():
    FILES.mkdir(parents=True, exist_ok=True)
    for name, sample in (("order_desk", False), ("order_desk_sample", True)):
        path = FILES / f"{name}_dashboard.json"
        text = json.dumps(build(sample), indent=2, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {path} (now let prettier lay it out)")


if __name__ == "__main__":
    main()
