# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_depends_on_both_addons(self):
        installed = self.env["ir.module.module"].search(
            [
                ("name", "in", ["customer_order_review", "order_logistics_tracking"]),
                ("state", "=", "installed"),
            ]
        )
        self.assertEqual(len(installed), 2)

    def test_root_menu_restricted_to_analytics_users(self):
        menu = self.env.ref("order_analytics.menu_order_analytics_root")
        self.assertFalse(menu.parent_id)
        self.assertEqual(
            menu.groups_id, self.env.ref("order_analytics.group_order_analytics_user")
        )
        manager = self.env.ref("order_analytics.group_order_analytics_manager")
        self.assertIn(menu.groups_id, manager.implied_ids)
