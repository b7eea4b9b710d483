# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The facts about customers the checks and the risk score read.

Each fact is one overridable ``_fetch_<fact>`` method of the abstract model
``sale.review.facts``: it reads a whole batch of customers in one query with
named columns (or through the ORM, for the customers' own settings, which a
confirmation has read already), bounded whatever the customers' history (open
documents only, a time window, an index range), and returns typed rows keyed
by customer.
To change how a fact is computed, override its method.
"""

from typing import NamedTuple

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.sql import create_index


class Index(NamedTuple):
    """A partial index and the predicate of the queries it serves: both come
    from here, so they cannot drift apart."""

    name: str
    table: str
    columns: list
    where: str

    @property
    def definition(self):
        """What the index is made of, kept as the index's comment: an index
        built from an older definition is rebuilt, not kept unused."""
        return f"{', '.join(self.columns)} WHERE {self.where}"

    def ensure(self, cr):
        """Create the index, or rebuild it when its definition changed since
        it was built (from the model's ``init``, at install and update)."""
        cr.execute(
            SQL(
                "SELECT obj_description(to_regclass(%s), 'pg_class')",
                self.name,
            )
        )
        if cr.fetchone()[0] == self.definition:
            return
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(self.name)))
        create_index(cr, self.name, self.table, self.columns, where=self.where)
        cr.execute(
            SQL(
                "COMMENT ON INDEX %s IS %s",
                SQL.identifier(self.name),
                self.definition,
            )
        )


# Confirmed lines with something left to invoice or to deliver: the lines
# that make a customer's exposure, whatever their history.
OPEN_LINES = Index(
    "sale_order_line_review_open_idx",
    "sale_order_line",
    ["order_partner_id"],
    "state = 'sale' AND "
    "(untaxed_amount_to_invoice <> 0 OR qty_delivered < product_uom_qty)",
)
# A customer's orders in a company, newest first: the recent ones are an
# index range.
RECENT_ORDERS = Index(
    "sale_order_review_recent_idx",
    "sale_order",
    ["partner_id", "company_id", "create_date DESC", "id DESC"],
    "state <> 'cancel'",
)
# Stock moves that still change a forecast (sale_stock's
# ``virtual_available_at_date`` counts the same states), per product in date
# order: a product's coming moves are an index range, however many moves it
# had. Odoo's own indexes (product; state) made PostgreSQL combine every move
# the product ever had with every open move of the database.
OPEN_MOVES = Index(
    "stock_move_review_open_idx",
    "stock_move",
    ["product_id", "date"],
    "state IN ('waiting', 'confirmed', 'assigned', 'partially_available')",
)
INDEXES = (OPEN_LINES, RECENT_ORDERS, OPEN_MOVES)


class Receivable(NamedTuple):
    amount: float
    overdue_amount: float
    oldest_due: object  # date or None
    overdue_move_ids: list
    open_move_ids: list


class Uninvoiced(NamedTuple):
    amount: float
    order_ids: list


class CustomerSettings(NamedTuple):
    credit_limit: float
    payment_term_id: int


class SaleReviewFacts(models.AbstractModel):
    _name = "sale.review.facts"
    _description = "Order Review Facts about Customers"

    @api.model
    def _fetch_receivables(self, partner_ids, company_ids, today, limit):
        """Open receivables and overdue invoices.

        The receivable accounts are passed as values, not joined: PostgreSQL
        then reads Odoo's index of unreconciled lines (account, partner), so
        only open lines, never the customer's whole ledger.

        :param limit: most invoices listed per customer
        :return: dict (commercial partner id, company id) -> :class:`Receivable`
        """
        accounts = self.env["sale.review.check"]._receivable_account_ids()
        rows = self.env.execute_query_dict(
            SQL(
                """
            SELECT aml.partner_id, aml.company_id,
                   SUM(aml.amount_residual) AS amount,
                   SUM(aml.amount_residual) FILTER (WHERE %(overdue)s)
                       AS overdue_amount,
                   MIN(aml.date_maturity) FILTER (WHERE %(overdue)s) AS oldest_due,
                   (ARRAY_AGG(DISTINCT aml.move_id) FILTER (WHERE %(overdue)s)
                   )[1:%(limit)s] AS overdue_move_ids,
                   (ARRAY_AGG(DISTINCT aml.move_id))[1:%(limit)s] AS open_move_ids
              FROM account_move_line aml
             WHERE aml.account_id IN %(accounts)s
               AND aml.parent_state = 'posted'
               AND aml.reconciled IS NOT TRUE
               AND aml.partner_id IN %(partners)s
               AND aml.company_id IN %(companies)s
             GROUP BY aml.partner_id, aml.company_id
                """,
                overdue=SQL(
                    "aml.amount_residual > 0 AND aml.date_maturity < %s", today
                ),
                limit=limit,
                accounts=tuple(accounts) or (0,),
                partners=tuple(partner_ids) or (0,),
                companies=tuple(company_ids) or (0,),
            )
        )
        return {
            (row["partner_id"], row["company_id"]): Receivable(
                amount=row["amount"] or 0.0,
                overdue_amount=row["overdue_amount"] or 0.0,
                oldest_due=row["oldest_due"],
                overdue_move_ids=row["overdue_move_ids"] or [],
                open_move_ids=row["open_move_ids"] or [],
            )
            for row in rows
        }

    @api.model
    def _fetch_uninvoiced(self, partner_ids, company_ids, limit):
        """Confirmed sales not yet invoiced, taxes included, in company
        currency: what is left to invoice of the ordered amount, or of the
        delivered one when more was delivered (a product invoiced on delivery
        has nothing "to invoice" before it is delivered, yet it is exposure).
        Reads the lines of :data:`OPEN_LINES` only, through its index.

        :return: dict (commercial partner id, company id) -> :class:`Uninvoiced`
        """
        rows = self.env.execute_query_dict(
            self._uninvoiced_query(partner_ids, company_ids)
        )
        return {
            (row["partner_id"], row["company_id"]): Uninvoiced(
                amount=row["amount"] or 0.0, order_ids=row["order_ids"][:limit]
            )
            for row in rows
        }

    @api.model
    def _uninvoiced_query(self, partner_ids, company_ids):
        return SQL(
            """
            SELECT partner.commercial_partner_id AS partner_id, sol.company_id,
                   SUM(GREATEST(sol.untaxed_amount_to_invoice,
                                sol.price_subtotal - sol.untaxed_amount_invoiced)
                       * CASE WHEN sol.price_subtotal <> 0
                              THEN sol.price_total / sol.price_subtotal ELSE 1 END
                       / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount,
                   ARRAY_AGG(DISTINCT sol.order_id) AS order_ids
              FROM (SELECT * FROM sale_order_line WHERE %(open)s) sol
              JOIN res_partner partner ON partner.id = sol.order_partner_id
              JOIN sale_order so ON so.id = sol.order_id
             WHERE partner.commercial_partner_id IN %(partners)s
               AND sol.company_id IN %(companies)s
             GROUP BY partner.commercial_partner_id, sol.company_id
                """,
            open=SQL(OPEN_LINES.where),
            partners=tuple(partner_ids) or (0,),
            companies=tuple(company_ids) or (0,),
        )

    @api.model
    def _fetch_confirmed_order_counts(
        self, partner_ids, company_ids, exclude_order_ids, upto
    ):
        """Confirmed orders per customer and company (a customer is new to
        each company it buys from), counted up to ``upto`` (the number that
        makes a customer known: reading further would change nothing).

        :return: dict (commercial partner id, company id) -> count
        """
        rows = self.env.execute_query_dict(
            self._confirmed_order_counts_query(
                partner_ids, company_ids, exclude_order_ids, upto
            )
        )
        return {(row["partner_id"], row["company_id"]): row["orders"] for row in rows}

    @api.model
    def _confirmed_order_counts_query(
        self, partner_ids, company_ids, exclude_order_ids, upto
    ):
        # Per contact and company, newest first: an index range of
        # RECENT_ORDERS that stops after ``upto`` confirmed orders. Without
        # the order, the LIMIT let the planner expect an early match and scan
        # every order of the database for a customer who has none (50 to 85
        # ms at 200,000 orders, against 0.3 ms).
        return SQL(
            """
            SELECT customer.id AS partner_id, company.id AS company_id,
                   (SELECT COUNT(*)
                      FROM (SELECT 1
                              FROM res_partner contact
                             CROSS JOIN LATERAL (
                                SELECT so.id
                                  FROM (SELECT * FROM sale_order WHERE %(recent)s) so
                                 WHERE so.partner_id = contact.id
                                   AND so.company_id = company.id
                                   AND so.state = 'sale'
                                   AND so.id NOT IN %(orders)s
                                 ORDER BY so.create_date DESC, so.id DESC
                                 LIMIT %(upto)s
                             ) so
                             WHERE contact.commercial_partner_id = customer.id
                             LIMIT %(upto)s) known) AS orders
              FROM unnest(%(partners)s::int[]) AS customer(id)
             CROSS JOIN unnest(%(companies)s::int[]) AS company(id)
                """,
            recent=SQL(RECENT_ORDERS.where),
            partners=list(partner_ids),
            companies=list(company_ids),
            orders=tuple(exclude_order_ids) or (0,),
            upto=upto,
        )

    @api.model
    def _fetch_usual_quantities(
        self, partner_ids, company_ids, product_ids, exclude_order_ids, since, orders
    ):
        """Average ordered quantity per product and unit over each customer's
        last ``orders`` confirmed orders in each company since ``since``: per
        contact and company, newest first, an index range of
        :data:`RECENT_ORDERS`.

        :return: dict (commercial partner id, company id, product id, uom id)
            -> quantity
        """
        rows = self.env.execute_query_dict(
            SQL(
                """
            SELECT recent.partner_id, recent.company_id, sol.product_id,
                   sol.product_uom AS uom_id, AVG(sol.product_uom_qty) AS quantity
              FROM (
                SELECT contact.commercial_partner_id AS partner_id,
                       company.id AS company_id, so.id,
                       ROW_NUMBER() OVER (
                           PARTITION BY contact.commercial_partner_id, company.id
                           ORDER BY so.create_date DESC, so.id DESC
                       ) AS rank
                  FROM res_partner contact
                 CROSS JOIN unnest(%(companies)s::int[]) AS company(id)
                 CROSS JOIN LATERAL (
                    SELECT so.id, so.create_date
                      FROM (SELECT * FROM sale_order WHERE %(recent)s) so
                     WHERE so.partner_id = contact.id
                       AND so.company_id = company.id
                       AND so.state = 'sale'
                       AND so.create_date >= %(since)s
                     ORDER BY so.create_date DESC, so.id DESC
                     LIMIT %(orders)s
                 ) so
                 WHERE contact.commercial_partner_id IN %(partners)s
              ) recent
              JOIN sale_order_line sol ON sol.order_id = recent.id
             WHERE recent.rank <= %(orders)s
               AND recent.id NOT IN %(exclude)s
               AND sol.product_id IN %(products)s
             GROUP BY recent.partner_id, recent.company_id, sol.product_id,
                      sol.product_uom
                """,
                recent=SQL(RECENT_ORDERS.where),
                since=since,
                orders=orders,
                partners=tuple(partner_ids) or (0,),
                companies=list(company_ids),
                exclude=tuple(exclude_order_ids) or (0,),
                products=tuple(product_ids) or (0,),
            )
        )
        return {
            (
                row["partner_id"],
                row["company_id"],
                row["product_id"],
                row["uom_id"],
            ): row["quantity"]
            for row in rows
        }

    @api.model
    def _fetch_repeated_orders(self, partner_ids, company_ids, since, signatures):
        """Orders created since ``since`` whose products and quantities are
        one of ``signatures`` (see ``order_signature_sql``): only matches come
        back, so this stays small whatever the history.

        :return: list of (commercial partner id, order id)
        """
        if not signatures:
            return []
        rows = self.env.execute_query_dict(
            self._repeated_orders_query(partner_ids, company_ids, since, signatures)
        )
        return [(row["partner_id"], row["order_id"]) for row in rows]

    @api.model
    def _repeated_orders_query(self, partner_ids, company_ids, since, signatures):
        return SQL(
            """
            SELECT partner.commercial_partner_id AS partner_id, so.id AS order_id
              FROM (SELECT * FROM sale_order WHERE %(recent)s) so
              JOIN res_partner partner ON partner.id = so.partner_id
             WHERE partner.commercial_partner_id IN %(partners)s
               AND so.company_id IN %(companies)s
               AND so.create_date >= %(since)s
               AND (%(signature)s) IN %(signatures)s
                """,
            partners=tuple(partner_ids) or (0,),
            companies=tuple(company_ids) or (0,),
            recent=SQL(RECENT_ORDERS.where),
            since=since,
            signature=order_signature_sql("so.id"),
            signatures=tuple(signatures),
        )

    @api.model
    def _fetch_customer_settings(self, partner_ids, company):
        """The customers' own credit limit and payment terms in ``company``:
        company-dependent values, read through the ORM (with the company's
        fallback), from the cache when the customers were read already.

        :return: dict (partner id, company id) -> :class:`CustomerSettings`
        """
        partners = (
            self.env["res.partner"].browse(partner_ids).with_company(company).sudo()
        )
        return {
            (partner.id, company.id): CustomerSettings(
                credit_limit=partner.credit_limit or 0.0,
                payment_term_id=partner.property_payment_term_id.id,
            )
            for partner in partners
        }


def order_signature_sql(order_id):
    """SQL of an order's product/quantity signature, ``"<product>:<qty>,..."``
    (quantities without trailing zeros), the text :func:`order_signature`
    builds in Python: the two are tested against each other."""
    return SQL(
        """SELECT STRING_AGG(
                      sol.product_id || ':' || RTRIM(RTRIM(
                          ROUND(sol.product_uom_qty, 6)::text, '0'), '.'),
                      ',' ORDER BY sol.product_id, sol.product_uom_qty)
             FROM sale_order_line sol
            WHERE sol.order_id = %s
              AND sol.display_type IS NULL
              AND sol.product_id IS NOT NULL""",
        SQL(order_id),
    )


def order_signature(order):
    """The product/quantity signature of an order, as :func:`order_signature_sql`
    builds it in SQL."""
    lines = order.order_line.filtered(
        lambda line: not line.display_type and line.product_id
    )
    return ",".join(
        "{}:{}".format(product_id, f"{round(qty, 6):.6f}".rstrip("0").rstrip("."))
        for product_id, qty in sorted(
            (line.product_id.id, float(line.product_uom_qty)) for line in lines
        )
    )
