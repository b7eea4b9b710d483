# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInboxTour(HttpCase):
    """A reviewer approves a stage from the review inbox, in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_notrack=True,
                no_reset_password=True,
            )
        )
        company = cls.env.company
        cls.reviewer = new_test_user(
            cls.env,
            login="inbox_tour_reviewer",
            password="inbox_tour_reviewer",
            name="Ivy Inbox Reviewer",
            groups="customer_order_review.group_order_reviewer",
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="inbox_tour_sales",
            name="Sid Inbox Sales",
            groups="sales_team.group_sale_salesman",
        )
        term = cls.env["account.payment.term"].create(
            {
                "name": "30 days (inbox tour)",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 30}
                    )
                ],
            }
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "Inbox Tour Customer Ltd",
                "is_company": True,
                "street": "1 Nanjing Road",
                "city": "Shanghai",
                "zip": "200001",
                "country_id": cls.env.ref("base.cn").id,
                "email": "buyer@inbox-tour.example.com",
                "phone": "+86 21 5555 0101",
                "property_payment_term_id": term.id,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        product = cls.env["product.product"].create(
            {
                "name": "Inbox Tour Widget",
                "is_storable": True,
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 50.0
        )
        # One manual stage for the reviewer: the order stops there
        # deterministically, whatever the shipped stages say.
        cls.env["sale.review.stage"].search([]).action_archive()
        cls.stage = cls.env["sale.review.stage"].create(
            {
                "name": "Inbox Tour Stage",
                "sequence": 5,
                "check_code": "audit",
                "reviewer_type": "users",
                "reviewer_user_ids": [Command.set(cls.reviewer.ids)],
                "auto_approve": False,
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "name": "REVIEW-TOUR-0001",
                "partner_id": customer.id,
                "user_id": cls.salesperson.id,
                "payment_term_id": term.id,
                "warehouse_id": warehouse.id,
                "commitment_date": fields.Datetime.now() + timedelta(days=10),
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2.0})
                ],
            }
        )
        cls.order.with_user(cls.salesperson).action_submit_review()

    def test_reviewer_approves_from_inbox(self):
        review = self.order.review_ids.filtered(lambda r: r.stage_id == self.stage)
        # The data the tour relies on.
        self.assertEqual(self.order.review_state, "in_review")
        self.assertEqual(review.state, "pending")
        self.assertEqual(review.check_result, "pass")
        self.assertEqual(review.reviewer_ids, self.reviewer)

        self.start_tour(
            "/odoo/action-customer_order_review.action_sale_order_review_inbox",
            "customer_order_review_inbox_tour",
            login=self.reviewer.login,
        )
        # The browser wrote through its own environment on the test cursor.
        self.env.invalidate_all()

        self.assertEqual(review.state, "approved")
        self.assertEqual(review.decided_by_id, self.reviewer)
        self.assertFalse(review.auto_approved)
        self.assertEqual(review.decision_note, "Checked from the review inbox.")
        approved_logs = self.order.review_log_ids.filtered(
            lambda log: log.event == "approved"
        )
        self.assertEqual(len(approved_logs), 1)
        self.assertEqual(approved_logs.review_id, review)
        self.assertEqual(approved_logs.user_id, self.reviewer)
        self.assertEqual(self.order.review_state, "approved")
        self.assertEqual(self.order.state, "draft")
