# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tests.common import HttpCase, TransactionCase


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_groups_hierarchy(self):
        """The manager group implies the reviewer group, which implies internal user."""
        reviewer = self.env.ref("customer_order_review.group_order_reviewer")
        manager = self.env.ref("customer_order_review.group_order_review_manager")
        self.assertIn(reviewer, manager.implied_ids)
        self.assertIn(self.env.ref("base.group_user"), reviewer.implied_ids)
        self.assertIn(manager, self.env.ref("base.user_admin").groups_id)

    def test_root_menu_visible_to_reviewers_only(self):
        menu = self.env.ref("customer_order_review.menu_order_review_root")
        self.assertFalse(menu.parent_id)
        self.assertEqual(
            menu.groups_id, self.env.ref("customer_order_review.group_order_reviewer")
        )
        self.assertEqual(
            menu.web_icon, "customer_order_review,static/description/icon.png"
        )


@tagged("post_install", "-at_install")
class TestWebLogin(HttpCase):
    def test_login_page_and_icon_served(self):
        self.assertEqual(self.url_open("/web/login").status_code, 200)
        icon = self.url_open("/customer_order_review/static/description/icon.png")
        self.assertEqual(icon.status_code, 200)
        self.assertEqual(icon.headers["Content-Type"], "image/png")
