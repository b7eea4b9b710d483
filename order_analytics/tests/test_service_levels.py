# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The service level per ABC × XYZ cell, a company setting.

With the cell A X at 90 % instead of the default 98 %, product a of the
safety-stock fixture (d̄ = 20, σd = 0, LT = 12 days, σLT = 2 days) gets
z = 1.2816 and SS = 1.2816 × 20 × 2 / 30.4375 = 1.684; min = 20 × 12 /
30.4375 + 1.684 = 9.569, rounded up to 9.57; max = min + 20, the gap
rounded up to the multiple of 5: 29.57.
"""

from statistics import NormalDist

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..planning.stock import DEFAULT_SERVICE_LEVELS
from .common import JsonRpcMixin
from .test_safety_stock import DAYS_PER_MONTH, SafetyStockCase


class ServiceLevelCase(SafetyStockCase):
    def cell(self, cell, company=None):
        return self.env["order.analytics.service.level"].search(
            [
                ("company_id", "=", (company or self.company).id),
                ("abc_class", "=", cell[0]),
                ("xyz_class", "=", cell[1]),
            ]
        )


@tagged("post_install", "-at_install")
class TestServiceLevels(ServiceLevelCase):
    def test_every_company_has_the_nine_default_cells(self):
        other = self.env["res.company"].create({"name": "Lotus Trading Co."})
        for company in (self.company, other):
            rows = self.env["order.analytics.service.level"].search(
                [("company_id", "=", company.id)]
            )
            levels = {f"{r.abc_class}{r.xyz_class}": r.level for r in rows}
            self.assertEqual(levels, DEFAULT_SERVICE_LEVELS, company.name)

    def test_the_companys_level_sets_the_suggestion(self):
        self.cell("AX").with_user(self.planner).level = 0.90
        wizard = self.open_wizard(self.planner, self.rule_a | self.rule_b)
        line_a, line_b = (
            wizard.line_ids.filtered(lambda line, rule=rule: line.orderpoint_id == rule)
            for rule in (self.rule_a, self.rule_b)
        )
        z = NormalDist().inv_cdf(0.90)
        safety = z * 20 * 2 / DAYS_PER_MONTH
        self.assertAlmostEqual(line_a.service_level, 0.90)
        self.assertAlmostEqual(line_a.z, 1.2815516, places=6)
        self.assertAlmostEqual(line_a.z, z)
        # Stored at two decimals.
        self.assertAlmostEqual(safety, 1.684, places=3)
        self.assertAlmostEqual(line_a.safety_stock, 1.68)
        self.assertAlmostEqual(line_a.suggested_min, 9.57)
        self.assertAlmostEqual(line_a.suggested_max, 29.57)
        self.assertIn("90.0", line_a.explanation)
        # The other cells keep their level: b is B Y, 95 %.
        self.assertEqual((line_b.abc_class, line_b.xyz_class), ("B", "Y"))
        self.assertAlmostEqual(line_b.service_level, 0.95)

    def test_another_companys_level_changes_nothing_here(self):
        other = self.env["res.company"].create({"name": "Lotus Trading Co."})
        self.cell("AX", other).level = 0.5
        line = self.open_wizard(self.planner, self.rule_a).line_ids
        self.assertAlmostEqual(line.service_level, 0.98)
        self.assertAlmostEqual(line.suggested_min, 10.59)

    def test_a_level_outside_zero_and_one_is_refused(self):
        cell = self.cell("AX").with_user(self.planner)
        for level in (1.0, 0.0, -0.2, 95.0):
            with self.assertRaises(ValidationError) as caught:
                cell.level = level
            self.assertIn("AX", str(caught.exception))
            self.assertAlmostEqual(cell.level, 0.98, msg=level)
        line = self.open_wizard(self.planner, self.rule_a).line_ids
        self.assertAlmostEqual(line.service_level, 0.98)

    def test_the_error_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["order_analytics"], ["zh_CN"])
        self.planner.lang = "zh_CN"
        cell = self.cell("AX").with_user(self.planner).with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as caught:
            cell.level = 1.0
        message = str(caught.exception)
        self.assertIn("AX", message)
        self.assertIn("服务水平", message)

    def test_users_read_and_others_are_refused(self):
        cell = self.cell("AX")
        self.assertAlmostEqual(cell.with_user(self.analyst).level, 0.98)
        with self.assertRaises(AccessError):
            cell.with_user(self.analyst).write({"level": 0.9})
        for user in (self.internal, self.portal):
            with self.assertRaises(AccessError):
                cell.with_user(user).read(["level"])
        with self.assertRaises(AccessError):
            self.env["order.analytics.service.level"].with_user(self.planner).create(
                {"abc_class": "A", "xyz_class": "X", "level": 0.5}
            )
        with self.assertRaises(AccessError):
            cell.with_user(self.planner).unlink()
        self.assertAlmostEqual(cell.level, 0.98)

    def test_a_manager_changes_the_level_not_the_cell(self):
        other = self.env["res.company"].create({"name": "Lotus Trading Co."})
        self.cell("AX", other).unlink()  # a free cell in another company
        cell = self.cell("AX").with_user(self.planner)
        forged = (
            {"company_id": other.id},
            {"abc_class": "B"},
            {"xyz_class": "Z", "level": 0.5},
        )
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaises(UserError):
                cell.write(vals)
        self.assertEqual(
            (cell.company_id, cell.abc_class, cell.xyz_class, cell.level),
            (self.company, "A", "X", 0.98),
        )


@tagged("post_install", "-at_install")
class TestServiceLevelsRpc(JsonRpcMixin, HttpCase, ServiceLevelCase):
    def test_json_rpc_managers_set_and_others_cannot(self):
        cell = self.cell("AX")
        self.authenticate("oa_analyst", "oa_analyst")
        reply = self.call_kw(
            "order.analytics.service.level", "write", [cell.ids, {"level": 0.5}]
        )
        self.assertIn("error", reply)
        self.authenticate("oa_internal", "oa_internal")
        reply = self.call_kw(
            "order.analytics.service.level", "search_read", [[]], {"fields": ["level"]}
        )
        self.assertIn("error", reply)
        self.assertAlmostEqual(cell.level, 0.98)
        self.authenticate("oa_planner", "oa_planner")
        reply = self.call_kw(
            "order.analytics.service.level", "write", [cell.ids, {"level": 1.5}]
        )
        self.assertIn("error", reply)
        self.assertAlmostEqual(cell.level, 0.98)
        reply = self.call_kw(
            "order.analytics.service.level", "write", [cell.ids, {"level": 0.9}]
        )
        self.assertIs(reply["result"], True)
        self.assertAlmostEqual(cell.level, 0.9)
        # Moving the row to another cell is refused, whatever the level says.
        reply = self.call_kw(
            "order.analytics.service.level",
            "write",
            [cell.ids, {"abc_class": "C", "xyz_class": "Z"}],
        )
        self.assertIn("error", reply)
        self.assertEqual((cell.abc_class, cell.xyz_class), ("A", "X"))
