# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import mute_logger


class ReviewCase(TransactionCase):
    """Builds its own company data: customers, products with stock, reviewers.

    The six default stages ship with the module; tests that need a simpler
    pipeline archive them and create their own.
    """

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
        cls.company = cls.env.company
        cls.company.write(
            {
                "account_use_credit_limit": True,
                "order_review_enabled": True,
                "order_review_risk_low": 30.0,
                "order_review_risk_high": 60.0,
                "order_review_discount_limit": 20.0,
                "order_review_overdue_grace_days": 5,
            }
        )
        cls.currency = cls.company.currency_id
        cls.term_30 = cls.env["account.payment.term"].create(
            {
                "name": "30 days (review tests)",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 30}
                    )
                ],
            }
        )
        cls.term_90 = cls.env["account.payment.term"].create(
            {
                "name": "90 days (review tests)",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 90}
                    )
                ],
            }
        )
        cls.country = cls.env.ref("base.cn")
        cls.customer = cls._create_customer("Good Customer Ltd", credit_limit=100000.0)
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls._create_product("Reviewed Widget", 100.0, stock=1000.0)
        cls.product_b = cls._create_product("Reviewed Gadget", 40.0, stock=1000.0)
        cls.manager_group = cls.env.ref(
            "customer_order_review.group_order_review_manager"
        )
        cls.reviewer_group = cls.env.ref("customer_order_review.group_order_reviewer")
        cls.salesperson = new_test_user(
            cls.env,
            login="review_sales",
            name="Sam Sales",
            groups="sales_team.group_sale_salesman",
        )
        cls.reviewer = new_test_user(
            cls.env,
            login="review_reviewer",
            name="Rita Reviewer",
            groups="customer_order_review.group_order_reviewer,"
            "sales_team.group_sale_salesman",
        )
        cls.other_reviewer = new_test_user(
            cls.env,
            login="review_other",
            name="Otto Other",
            groups="customer_order_review.group_order_reviewer",
        )
        cls.engineer = new_test_user(
            cls.env,
            login="review_engineer_test",
            name="Eddie Engineer",
            groups="customer_order_review.group_order_review_engineering",
        )
        cls.review_manager = new_test_user(
            cls.env,
            login="review_manager",
            name="Mona Manager",
            groups="customer_order_review.group_order_review_manager,"
            "sales_team.group_sale_manager",
        )

    @classmethod
    def _create_customer(cls, name, credit_limit=0.0, **vals):
        values = {
            "name": name,
            "is_company": True,
            "street": "88 Century Avenue",
            "city": "Shanghai",
            "country_id": cls.country.id,
            "email": "buyer@example.com",
            "phone": "+86 21 5555 0000",
            "property_payment_term_id": cls.term_30.id,
            "credit_limit": credit_limit,
        }
        values.update(vals)
        return cls.env["res.partner"].create(values)

    @classmethod
    def _create_product(cls, name, price, stock=0.0, **vals):
        product = cls.env["product.product"].create(
            dict(
                {
                    "name": name,
                    "is_storable": True,
                    "list_price": price,
                    "taxes_id": [Command.clear()],
                },
                **vals,
            )
        )
        if stock:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, stock
            )
        return product

    @classmethod
    def _create_order(cls, partner=None, lines=None, user=None, days=10, **vals):
        """A quotation with a promised date ``days`` ahead (None: no date)."""
        partner = partner or cls.customer
        lines = lines or [(cls.product, 2.0)]
        values = {
            "partner_id": partner.id,
            "user_id": (user or cls.salesperson).id,
            "payment_term_id": cls.term_30.id,
            "warehouse_id": cls.warehouse.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in lines
            ],
        }
        if days is not None:
            values["commitment_date"] = fields.Datetime.now() + timedelta(days=days)
        values.update(vals)
        return cls.env["sale.order"].create(values)

    @classmethod
    def _single_stage(cls, **vals):
        """Archive the default stages and leave one manual stage."""
        cls.env["sale.review.stage"].search([]).write({"active": False})
        values = {
            "name": "Manual check",
            "sequence": 5,
            "check_code": "audit",
            "reviewer_type": "users",
            "reviewer_user_ids": [Command.set(cls.reviewer.ids)],
            "auto_approve": False,
        }
        values.update(vals)
        return cls.env["sale.review.stage"].create(values)

    def _approved_order(self, **vals):
        """A quotation approved by the reviewer (needs a manual stage)."""
        order = self._create_order(**vals)
        order.with_user(self.salesperson).action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        self.assertEqual(order.review_state, "approved")
        return order

    def _pending(self, order):
        return order.review_ids.filtered(lambda r: r.state == "pending")

    def _log_events(self, order):
        return order.review_log_ids.sorted("id").mapped("event")

    def _decide(self, review, user, decision, note=False, question_to="salesperson"):
        wizard = (
            self.env["sale.order.review.decision"]
            .with_user(user)
            .create(
                {
                    "review_id": review.id,
                    "decision": decision,
                    "note": note,
                    "question_to": question_to,
                }
            )
        )
        return wizard.action_confirm_decision()

    @classmethod
    def _invoice(cls, partner, amount, due_days_ago=0, post=True):
        """A customer invoice of ``amount`` due ``due_days_ago`` days ago."""
        # The review counts days in the user's time zone: so does the test.
        today = fields.Date.context_today(cls.env.user)
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today - timedelta(days=due_days_ago + 30),
                "invoice_date_due": today - timedelta(days=due_days_ago),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _clone_rows(cls, table, parent_id, count, children=None):
        """Insert ``count`` copies of row ``parent_id`` of ``table`` in SQL (and
        of its child rows), so a customer gets a long history in seconds.

        :param children: list of (child table, foreign key column)
        :return: ids of the new rows
        """
        cr = cls.env.cr
        cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id'",
            [table],
        )
        columns = [row[0] for row in cr.fetchall()]
        select = [
            f"{column} || '/' || g" if column == "name" else column
            for column in columns
        ]
        cr.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (test data)
            f"SELECT {', '.join(select)} FROM {table}, generate_series(1, %s) g "
            f"WHERE id = %s RETURNING id",
            [count, parent_id],
        )
        new_ids = [row[0] for row in cr.fetchall()]
        for child_table, fk in children or []:
            cr.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND column_name NOT IN ('id', %s)",
                [child_table, fk],
            )
            child_columns = [row[0] for row in cr.fetchall()]
            cr.execute(
                f"INSERT INTO {child_table} ({fk}, {', '.join(child_columns)}) "  # noqa: S608
                f"SELECT new.id, {', '.join('c.' + c for c in child_columns)} "
                f"FROM {child_table} c, unnest(%s::int[]) new(id) WHERE c.{fk} = %s",
                [new_ids, parent_id],
            )
        return new_ids

    @classmethod
    def _build_history(cls, partner, size):
        """``size`` confirmed orders and ``size`` open invoices for ``partner``."""
        order = cls._create_order(partner=partner, lines=[(cls.product_b, 1.0)])
        order.action_confirm()
        invoice = cls._invoice(partner, 10.0, due_days_ago=1)
        cls.env.flush_all()
        if size > 1:
            cls._clone_rows(
                "sale_order",
                order.id,
                size - 1,
                children=[("sale_order_line", "order_id")],
            )
            cls._clone_rows(
                "account_move",
                invoice.id,
                size - 1,
                children=[("account_move_line", "move_id")],
            )
        cls.env.invalidate_all()


class JsonRpcMixin:
    """Calls ``/web/dataset/call_kw`` as the browser does, as the user the
    ``HttpCase`` authenticated: what any logged-in user can send."""

    def _call_kw(self, model, method, args, kwargs=None):
        """:return: the decoded JSON-RPC reply (``result`` or ``error``)"""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        self.env.flush_all()
        # A refused call is logged as a warning by odoo.http: expected here.
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response.json()
