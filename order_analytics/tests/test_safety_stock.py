# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Min / max suggestions against a hand computation.

Product a (class A X, service 98 %, z = 2.0537) sells 20 a month in
October and November from the warehouse: d̄ = 20, σd = 0. Two receipts took
10 and 14 days: LT = 12 days, σLT = 2 days, in months 12 / 30.4375 and
2 / 30.4375. SS = z × √(LT × 0 + 20² × σLT²) = 2.0537 × 1.3142 = 2.699;
min = 20 × 0.39425 + 2.699 = 10.584, rounded up to 10.59; max = min + 20
(one month's cycle), the gap rounded up to the multiple of 5: 30.59.
"""

from datetime import timedelta
from statistics import NormalDist

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged

from .common import FIRST_RUN, OCTOBER, JsonRpcMixin, PlanningCase

DAYS_PER_MONTH = 365.25 / 12


class SafetyStockCase(PlanningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.recompute()
        cls.receive(cls.goods_a, OCTOBER, 10)
        cls.receive(cls.goods_a, OCTOBER + timedelta(days=20), 14)
        cls.goods_b.seller_ids = [
            Command.create({"partner_id": cls.lotus.id, "delay": 9})
        ]
        rules = cls.env["stock.warehouse.orderpoint"]
        cls.rule_a, cls.rule_b = (
            rules.create(
                {
                    "product_id": product.id,
                    "warehouse_id": cls.warehouse.id,
                    "location_id": cls.warehouse.lot_stock_id.id,
                    "product_min_qty": 1,
                    "product_max_qty": 2,
                    "qty_multiple": 5,
                }
            )
            for product in (cls.goods_a, cls.goods_b)
        )

    @classmethod
    def receive(cls, product, ordered, days):
        """A receipt of 10 created at ``ordered``, done ``days`` later."""
        with freeze_time(ordered):
            picking = cls.env["stock.picking"].create(
                {
                    "picking_type_id": cls.warehouse.in_type_id.id,
                    "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": cls.warehouse.lot_stock_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 10,
                                "location_id": cls.env.ref(
                                    "stock.stock_location_suppliers"
                                ).id,
                                "location_dest_id": cls.warehouse.lot_stock_id.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
        with freeze_time(ordered + timedelta(days=days)):
            picking.move_ids.write({"quantity": 10, "picked": True})
            picking.button_validate()

    def open_wizard(self, user, rules):
        wizards = self.env["order.analytics.safety.stock"].with_user(user)
        with freeze_time(FIRST_RUN):
            form = Form(
                wizards.with_context(
                    active_model="stock.warehouse.orderpoint", active_ids=rules.ids
                )
            )
            return form.save()


@tagged("post_install", "-at_install")
class TestSafetyStock(SafetyStockCase):
    def test_suggestion_by_hand(self):
        wizard = self.open_wizard(self.planner, self.rule_a)
        line = wizard.line_ids
        z = NormalDist().inv_cdf(0.98)
        lead, lead_std = 12 / DAYS_PER_MONTH, 2 / DAYS_PER_MONTH
        safety = z * 20 * lead_std
        self.assertEqual((line.abc_class, line.xyz_class), ("A", "X"))
        self.assertAlmostEqual(line.service_level, 0.98)
        self.assertAlmostEqual(line.z, z)
        self.assertAlmostEqual(line.demand_mean, 20)
        self.assertAlmostEqual(line.demand_std, 0)
        self.assertEqual(line.lead_time_source, "receipts")
        self.assertEqual(line.receipt_count, 2)
        self.assertAlmostEqual(line.lead_time, 12, places=4)
        self.assertAlmostEqual(line.lead_time_std, 2, places=4)
        self.assertAlmostEqual(line.safety_stock, safety, places=2)
        self.assertAlmostEqual(20 * lead + safety, 10.584, places=3)
        self.assertAlmostEqual(line.suggested_min, 10.59)
        self.assertAlmostEqual(line.suggested_max, 30.59)
        self.assertEqual((line.current_min, line.current_max), (1, 2))
        self.assertIn("SS = z", line.explanation)

    def test_fallback_to_vendor_delay(self):
        line = self.open_wizard(self.planner, self.rule_b).line_ids
        self.assertEqual(line.lead_time_source, "vendor")
        self.assertAlmostEqual(line.lead_time, 9)
        self.assertEqual(line.receipt_count, 0)

    def test_apply_one_line_logs_on_product(self):
        wizard = self.open_wizard(self.planner, self.rule_a | self.rule_b)
        line_a = wizard.line_ids.filtered(
            lambda line: line.orderpoint_id == self.rule_a
        )
        line_a.action_apply()
        self.assertAlmostEqual(self.rule_a.product_min_qty, 10.59)
        self.assertAlmostEqual(self.rule_a.product_max_qty, 30.59)
        self.assertEqual(self.rule_b.product_min_qty, 1)
        message = self.goods_a.product_tmpl_id.message_ids[0]
        self.assertIn("min 1.00 → 10.59", message.body)
        self.assertEqual(message.author_id, self.planner.partner_id)

    def test_apply_selected_only(self):
        wizard = self.open_wizard(self.planner, self.rule_a | self.rule_b)
        with Form(wizard) as form:
            with form.line_ids.edit(1) as line:
                line.selected = False
        wizard.action_apply_selected()
        self.assertAlmostEqual(self.rule_a.product_min_qty, 10.59)
        self.assertEqual(self.rule_b.product_max_qty, 2)
        self.assertLessEqual(self.rule_a.product_min_qty, self.rule_a.product_max_qty)

    def test_user_internal_portal_refused(self):
        for user in (self.analyst, self.internal, self.portal):
            with self.assertRaises(AccessError):
                self.open_wizard(user, self.rule_a)


@tagged("post_install", "-at_install")
class TestSafetyStockRpc(JsonRpcMixin, HttpCase, SafetyStockCase):
    def test_user_cannot_create_or_apply_over_rpc(self):
        wizard = self.open_wizard(self.planner, self.rule_a)
        self.authenticate("oa_analyst", "oa_analyst")
        reply = self.call_kw(
            "order.analytics.safety.stock",
            "create",
            [{"orderpoint_ids": [[6, 0, self.rule_a.ids]]}],
        )
        self.assertIn("error", reply)
        reply = self.call_kw(
            "order.analytics.safety.stock.line", "action_apply", [wizard.line_ids.ids]
        )
        self.assertIn("error", reply)
        self.assertEqual(self.rule_a.product_min_qty, 1)
