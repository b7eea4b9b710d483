# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_groups_hierarchy(self):
        coordinator = self.env.ref(
            "order_logistics_tracking.group_logistics_coordinator"
        )
        manager = self.env.ref("order_logistics_tracking.group_logistics_manager")
        self.assertIn(coordinator, manager.implied_ids)
        self.assertIn(self.env.ref("base.group_user"), coordinator.implied_ids)

    def test_installs_without_order_review_dependency(self):
        """DESIGN.md: logistics must work without customer_order_review."""
        module = self.env["ir.module.module"].search(
            [("name", "=", "order_logistics_tracking")]
        )
        self.assertNotIn("customer_order_review", module.dependencies_id.mapped("name"))
        self.assertEqual(
            set(module.dependencies_id.mapped("name")),
            {"sale_stock", "stock_delivery", "portal", "survey", "mail"},
        )
