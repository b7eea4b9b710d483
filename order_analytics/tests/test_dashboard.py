# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Order Desk spreadsheet dashboard: declared for analytics users, every
data source names real, groupable fields of the fact models, the sample
while the facts are empty, the product filter on order figures; Odoo's own
export of the two reports' list views."""

import json

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from .common import PROMISE, AnalyticsCase

DASHBOARD = "order_analytics.spreadsheet_dashboard_order_desk"
FACTS = ("order.analytics.order", "order.analytics.line")
# The line figures are read from the monthly rollup of the line facts.
PIVOT_MODELS = {"order.analytics.order", "order.analytics.line.month"}
FILTERS = {"Period", "Country", "Province", "Product", "Customer", "Carrier"}


class DashboardCase(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, b = cls.goods_a, cls.goods_b
        cls.on_time = cls.order([(a, 10)])
        cls.deliver(cls.on_time, PROMISE)
        cls.mixed = cls.order([(a, 10), (b, 5)], carrier_id=cls.kd100.id)
        cls.deliver(cls.mixed, PROMISE, {a: 10, b: 0})
        cls.refresh(cls.on_time | cls.mixed)
        cls.dashboard = cls.env.ref(DASHBOARD)


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCase):
    def snapshot(self, user):
        data = self.dashboard.with_user(user).get_readonly_dashboard()
        return data, data["snapshot"]

    def test_declared_for_analytics_users_over_the_order_facts(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_group_sales"),
        )
        self.assertEqual(self.dashboard.main_data_model_ids.model, FACTS[0])
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.analyst).search([]))
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.internal).search([]))

    def test_analytics_user_gets_the_live_dashboard(self):
        data, snapshot = self.snapshot(self.analyst)
        self.assertFalse(data.get("is_sample"))
        self.assertEqual((snapshot["version"], snapshot["odooVersion"]), (21, 12))
        self.assertEqual(
            {p["model"] for p in snapshot["pivots"].values()}, PIVOT_MODELS
        )
        self.assertLessEqual(len(snapshot["pivots"]), 4, "few pivots keep it fast")
        figures = snapshot["sheets"][0]["figures"]
        types = [figure["data"]["type"] for figure in figures]
        self.assertEqual(types.count("scorecard"), 8)
        self.assertEqual(sorted(t for t in types if t != "scorecard"),
                         ["odoo_bar", "odoo_bar", "odoo_line"])  # fmt: skip
        filters = snapshot["globalFilters"]
        self.assertEqual({f["label"] for f in filters}, FILTERS)
        period = next(f for f in filters if f["type"] == "date")
        self.assertEqual(period["defaultValue"], "last_three_months")

    def test_every_source_reads_real_fields_under_every_filter(self):
        __, snapshot = self.snapshot(self.analyst)
        figures = snapshot["sheets"][0]["figures"]
        charts = [f["data"] for f in figures if f["data"]["type"].startswith("odoo")]
        sources = list(snapshot["pivots"].values()) + charts
        filter_ids = {f["id"] for f in snapshot["globalFilters"]}
        for source in sources:
            model = source.get("model") or source["metaData"]["resModel"]
            fields = self.env[model].with_user(self.analyst).fields_get()
            self.assertEqual(set(source["fieldMatching"]), filter_ids, model)
            for matching in source["fieldMatching"].values():
                self.assertTrue(fields[matching["chain"]]["searchable"], matching)
            measures = [m["fieldName"] for m in source.get("measures", [])]
            measures.append(source.get("metaData", {}).get("measure", "__count"))
            for measure in set(measures) - {"__count"}:
                self.assertTrue(fields[measure]["aggregator"], measure)
            groupbys = [r["fieldName"] for r in source.get("rows", [])]
            groupbys += source.get("metaData", {}).get("groupBy", [])
            for groupby in groupbys:
                self.assertTrue(fields[groupby.split(":")[0]]["groupable"], groupby)

    def test_empty_facts_serve_the_sample(self):
        self.env["order.analytics.line"].search([]).unlink()
        self.env["order.analytics.order"].search([]).unlink()
        data, snapshot = self.snapshot(self.analyst)
        self.assertTrue(data["is_sample"])
        path = get_module_path("order_analytics")
        with open(f"{path}/data/files/order_desk_sample_dashboard.json") as sample:
            self.assertEqual(snapshot, json.load(sample))
        self.assertFalse(snapshot["pivots"])
        figures = snapshot["sheets"][0]["figures"]
        self.assertEqual(len(figures), 11)

    def test_product_filter_narrows_the_order_facts(self):
        Order = self.env["order.analytics.order"].with_user(self.analyst)
        ours = [("order_id", "in", (self.on_time | self.mixed).ids)]
        cups = Order.search(ours + [("product_ids", "in", self.goods_b.ids)])
        self.assertEqual(cups.order_id, self.mixed)
        self.assertEqual(cups.product_ids, self.goods_a | self.goods_b)
        others = Order.search(ours + [("product_ids", "not in", self.goods_b.ids)])
        self.assertEqual(others.order_id, self.on_time)


@tagged("post_install", "-at_install")
class TestExport(DashboardCase):
    def test_analytics_users_export_the_list_views(self):
        # Exporting is Odoo's own right, given to new internal users by
        # default; the reports add no restriction of their own.
        self.analyst.groups_id += self.env.ref("base.group_allow_export")
        for model in (*FACTS, "order.analytics.line.month"):
            Facts = self.env[model].with_user(self.analyst)
            arch = Facts.get_views([(False, "list")])["views"]["list"]["arch"]
            tree = etree.fromstring(arch)
            self.assertNotEqual(tree.get("export_xlsx"), "0", model)
            names = [node.get("name") for node in tree.iter("field")]
            rows = Facts.search([]).export_data(names)["datas"]
            self.assertTrue(rows, model)
            self.assertTrue(all(len(row) == len(names) for row in rows))


@tagged("post_install", "-at_install")
class TestDashboardTour(DashboardCase, HttpCase):
    def test_dashboard_renders_in_the_browser(self):
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "order_desk_dashboard_tour",
            login="oa_analyst",
        )
