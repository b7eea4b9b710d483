# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The facts the checks read: one query each, bounded whatever the history,
and served by the indexes declared with them."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from ..hooks import uninstall_hook
from ..models.sale_review_facts import (
    INDEXES,
    OPEN_LINES,
    OPEN_MOVES,
    RECENT_ORDERS,
    order_signature,
    order_signature_sql,
)
from ..models.sale_review_facts_stock import (
    FORECAST_MANY_DATES_SQL,
    FORECAST_ONE_DATE_SQL,
)
from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestReviewFacts(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.short = cls._create_customer("Short Facts Ltd", credit_limit=5000.0)
        cls.long = cls._create_customer("Long Facts Ltd", credit_limit=5000.0)
        cls._build_history(cls.short, 10)
        cls._build_history(cls.long, 2000)
        cls.Facts = cls.env["sale.review.facts"]
        cls.since = fields.Datetime.now() - timedelta(days=30)

    def _fetchers(self, partner):
        """Each fetch method, called for ``partner`` as the review calls it."""
        company = self.company
        others = [0]
        key = order_signature(partner.sale_order_ids[:1])
        # The review counts days in the user's time zone, as the invoices' due
        # dates were set (tests/common.py).
        today = fields.Date.context_today(self.env.user)
        return {
            "receivables": lambda: self.Facts._fetch_receivables(
                partner.ids, company.ids, today, 20
            ),
            "uninvoiced": lambda: self.Facts._fetch_uninvoiced(
                partner.ids, company.ids, 20
            ),
            "confirmed_order_counts": lambda: self.Facts._fetch_confirmed_order_counts(
                partner.ids, company.ids, others, 3
            ),
            "usual_quantities": lambda: self.Facts._fetch_usual_quantities(
                partner.ids, company.ids, self.product_b.ids, others, self.since, 50
            ),
            "repeated_orders": lambda: self.Facts._fetch_repeated_orders(
                partner.ids, company.ids, self.since, {key}
            ),
            "customer_settings": lambda: self.Facts._fetch_customer_settings(
                partner.ids, company
            ),
        }

    def test_each_fact_is_one_query_whatever_the_history(self):
        self.env.flush_all()
        for partner in (self.short, self.long):
            for name, fetch in self._fetchers(partner).items():
                fetch()  # warms the caches it reads (accounts, defaults)
                with self.subTest(fact=name, partner=partner.name):
                    with self.assertQueryCount(1):
                        fetch()

    def test_facts_of_a_long_history(self):
        fetch = self._fetchers(self.long)
        key = (self.long.id, self.company.id)
        receivable = fetch["receivables"]()[key]
        self.assertAlmostEqual(receivable.amount, 20000.0)
        self.assertAlmostEqual(receivable.overdue_amount, 20000.0)
        self.assertEqual(len(receivable.open_move_ids), 20, "bounded list")
        uninvoiced = fetch["uninvoiced"]()[key]
        self.assertAlmostEqual(uninvoiced.amount, 2000 * 40.0)
        self.assertEqual(len(uninvoiced.order_ids), 20)
        self.assertEqual(fetch["confirmed_order_counts"](), {key: 3})
        usual = fetch["usual_quantities"]()
        self.assertEqual(
            usual,
            {(*key, self.product_b.id, self.product_b.uom_id.id): 1.0},
        )
        # Every past order repeats the same line: all of the window match.
        repeated = fetch["repeated_orders"]()
        self.assertEqual(len(repeated), 2000)
        settings = fetch["customer_settings"]()[key]
        self.assertEqual(settings.credit_limit, 5000.0)
        self.assertEqual(settings.payment_term_id, self.term_30.id)

    def test_signature_in_sql_is_the_signature_in_python(self):
        order = self._create_order(
            lines=[(self.product_b, 2.5), (self.product, 3.0), (self.product, 0.25)]
        )
        self.env.flush_all()
        [(in_sql,)] = self.env.execute_query(
            SQL("SELECT (%s)", order_signature_sql(str(int(order.id))))
        )
        self.assertEqual(in_sql, order_signature(order))
        self.assertEqual(
            in_sql,
            f"{self.product.id}:0.25,{self.product.id}:3,{self.product_b.id}:2.5"
            if self.product.id < self.product_b.id
            else f"{self.product_b.id}:2.5,{self.product.id}:0.25,{self.product.id}:3",
        )

    def _plan(self, query):
        """The plan of ``query`` when the planner must use an index if it
        can: shows the index's predicate is implied by the query's."""
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        try:
            rows = self.env.execute_query(SQL("EXPLAIN %s", query))
        finally:
            self.env.cr.execute("SET LOCAL enable_seqscan = on")
        return "\n".join(row[0] for row in rows)

    def test_the_open_lines_index_serves_the_exposure(self):
        self.env.flush_all()
        plan = self._plan(self.Facts._uninvoiced_query(self.long.ids, self.company.ids))
        self.assertIn(OPEN_LINES.name, plan)

    def test_the_recent_orders_index_serves_the_repeated_orders(self):
        # A long past, outside the window: the window is an index range.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = create_date - interval '400 days'"
            " WHERE partner_id = %s",
            [self.long.id],
        )
        self.env.cr.execute("ANALYZE sale_order")
        self.env.invalidate_all()
        key = order_signature(self.long.sale_order_ids[:1])
        plan = self._plan(
            self.Facts._repeated_orders_query(
                self.long.ids, self.company.ids, self.since, {key}
            )
        )
        self.assertIn(RECENT_ORDERS.name, plan)

    def test_a_new_customer_is_counted_from_the_recent_orders_index(self):
        # With planner statistics of a large history, a customer with no
        # order: the count reads that customer's index range, never a scan of
        # every order (which a LIMIT without order made the planner pick).
        newcomer = self._create_customer("Newcomer Facts Ltd")
        self.env.flush_all()
        self.env.cr.execute("ANALYZE sale_order")
        query = self.Facts._confirmed_order_counts_query(
            newcomer.ids, self.company.ids, [0], 3
        )
        rows = self.env.execute_query(SQL("EXPLAIN %s", query))
        plan = "\n".join(row[0] for row in rows)
        self.assertIn(RECENT_ORDERS.name, plan)
        self.assertNotIn("Seq Scan on sale_order", plan)
        self.assertEqual(
            self.Facts._fetch_confirmed_order_counts(
                newcomer.ids, self.company.ids, [0], 3
            ),
            {(newcomer.id, self.company.id): 0},
        )

    def test_the_open_moves_index_serves_the_forecasts(self):
        # Both forecast queries read a product's coming moves as a range of
        # the index, not every move the product ever had: a long past of done
        # moves, as statistics see it.
        self.env.flush_all()
        stock = self.warehouse.lot_stock_id
        self.env.cr.execute(
            SQL(
                """INSERT INTO stock_move (name, company_id, product_id,
                       product_uom, product_uom_qty, product_qty, location_id,
                       location_dest_id, procure_method, state, date)
                SELECT 'past delivery', %(company)s, %(product)s, %(uom)s, 1, 1,
                       %(stock)s, %(customers)s, 'make_to_stock', 'done',
                       now() - make_interval(hours => g)
                  FROM generate_series(1, 5000) g""",
                company=self.company.id,
                product=self.product.id,
                uom=self.product.uom_id.id,
                stock=stock.id,
                customers=self.customer.property_stock_customer.id,
            )
        )
        self.env.cr.execute("ANALYZE stock_move")
        warehouse = self.warehouse.id
        now = fields.Datetime.now()
        requests = [
            (self.product.id, warehouse, now + timedelta(days=3)),
            (self.product.id, warehouse, now + timedelta(days=9)),
        ]
        for text, batch in (
            (FORECAST_ONE_DATE_SQL, requests[:1]),
            (FORECAST_MANY_DATES_SQL, requests),
        ):
            with self.subTest(many_dates=len(batch) > 1):
                plan = self._plan(self.Facts._forecast_query(text, batch))
                self.assertIn(OPEN_MOVES.name, plan)

    def test_indexes_are_declared_as_their_queries_read_them(self):
        for index in (OPEN_LINES, RECENT_ORDERS, OPEN_MOVES):
            [(definition,)] = self.env.execute_query(
                SQL("SELECT indexdef FROM pg_indexes WHERE indexname = %s", index.name)
            )
            with self.subTest(index=index.name):
                self.assertIn(f"ON public.{index.table} ", definition)
                self.assertIn("WHERE", definition)

    def test_an_index_built_from_an_older_definition_is_rebuilt(self):
        # An update after the definition changed (here: as if an older
        # version had built the index on the customer only).
        older = RECENT_ORDERS._replace(columns=["partner_id"])
        self.env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(older.name)))
        older.ensure(self.env.cr)
        RECENT_ORDERS.ensure(self.env.cr)
        [(definition, comment)] = self.env.execute_query(
            SQL(
                """SELECT indexdef, obj_description(to_regclass(indexname), 'pg_class')
                     FROM pg_indexes WHERE indexname = %s""",
                RECENT_ORDERS.name,
            )
        )
        self.assertIn("(partner_id, company_id, create_date DESC, id DESC)", definition)
        self.assertEqual(comment, RECENT_ORDERS.definition)
        # Unchanged: nothing is rebuilt (no DDL, one query).
        with self.assertQueryCount(1):
            RECENT_ORDERS.ensure(self.env.cr)

    def test_uninstalling_drops_the_indexes_on_tables_of_others(self):
        # DDL is transactional: the test's rollback puts them back.
        names = [index.name for index in INDEXES]
        self.assertEqual(len(names), 3)
        uninstall_hook(self.env)
        rows = self.env.execute_query(
            SQL("SELECT indexname FROM pg_indexes WHERE indexname IN %s", tuple(names))
        )
        self.assertEqual(rows, [])
