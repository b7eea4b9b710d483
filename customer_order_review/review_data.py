# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The facts a review step reads about a batch of orders, each gathered
once, on first use, from the overridable fetch methods of
``sale.review.facts``; and the shape of a check result.
"""

from collections import defaultdict
from datetime import timedelta
from functools import cached_property

from odoo import fields
from odoo.tools import float_compare

from . import phrases as ph
from .models.sale_review_facts import Receivable, Uninvoiced, order_signature

PASS, WARN, FAIL = "pass", "warn", "fail"
# The "usual quantity" of a product for a customer is averaged over the
# customer's last USUAL_QUANTITY_ORDERS confirmed orders of the last
# USUAL_QUANTITY_DAYS days: recent habits, read through an index range of
# bounded length (sale_order_review_recent_idx) whatever the customer's past.
USUAL_QUANTITY_DAYS = 365
USUAL_QUANTITY_ORDERS = 50
SEVERITY = {PASS: 0, WARN: 1, FAIL: 2}
MAX_LINKED_DOCUMENTS = 20


def result(level, message, evidence=None):
    """Build a check result.

    :param message: a phrase (see ``phrases.py``) or a list of phrases, stored
        and rendered in the reader's language when shown
    """
    if isinstance(message, dict):
        message = [message]
    return {"result": level, "message": message, "evidence": evidence or []}


def worst(levels):
    """The most severe of ``levels`` (``pass`` when empty)."""
    return max(levels, key=SEVERITY.__getitem__, default=PASS)


def evidence(label, value, model=None, ids=None):
    """One piece of evidence: a label, a value and the documents behind it.

    Label and value are phrases or typed values of ``phrases.py`` (a label
    may also be a name, such as a product's), rendered when shown.
    """
    item = {"label": label, "value": value}
    if model and ids:
        item.update(model=model, ids=list(ids)[:MAX_LINKED_DOCUMENTS])
    return item


def money(label, amount, currency, model=None, ids=None):
    """A piece of evidence that is an amount in ``currency``."""
    return evidence(label, ph.money(amount, currency), model, ids)


class ReviewData:
    """Facts about a batch of orders, each computed once, on first use."""

    def __init__(self, orders):
        self.orders = orders
        self.env = orders.env
        self.today = fields.Date.context_today(orders)
        # Stage states of a cycle being laid out, before its review rows exist:
        # order id -> {stage: state}.
        self.pipeline_states = {}

    def _partners(self):
        return self.orders.partner_id.commercial_partner_id

    @cached_property
    def amounts(self):
        """Order total in company currency, per order id."""
        return {
            order.id: order.amount_total / (order.currency_rate or 1.0)
            for order in self.orders
        }

    @cached_property
    def _facts(self):
        """The batch's customers and companies, and the facts model."""
        self.env["account.move.line"].flush_model(
            [
                "account_id",
                "amount_residual",
                "company_id",
                "parent_state",
                "partner_id",
                "reconciled",
                "date_maturity",
                "move_id",
            ]
        )
        self.env["sale.order.line"].flush_model()
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "company_id", "currency_rate", "create_date"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        return self.env["sale.review.facts"]

    @cached_property
    def receivables(self):
        """Open receivables and overdue invoices per (commercial partner,
        company): :class:`~.sale_review_facts.Receivable`."""
        return self._facts._fetch_receivables(
            self._partners().ids,
            self.orders.company_id.ids,
            self.today,
            MAX_LINKED_DOCUMENTS,
        )

    @cached_property
    def to_invoice(self):
        """Confirmed, not yet invoiced sales (taxes included, company
        currency): :class:`~.sale_review_facts.Uninvoiced`."""
        return self._facts._fetch_uninvoiced(
            self._partners().ids, self.orders.company_id.ids, MAX_LINKED_DOCUMENTS
        )

    @cached_property
    def _partner_settings(self):
        """The customers' company-dependent credit limit and default payment
        terms, per (commercial partner, company)."""
        settings = {}
        for company in self.orders.company_id:
            settings.update(
                self._facts._fetch_customer_settings(self._partners().ids, company)
            )
        return settings

    @cached_property
    def default_terms(self):
        """The customer's default payment terms, per (commercial partner, company)."""
        terms = self.env["account.payment.term"]
        return {
            key: terms.browse(row.payment_term_id)
            for key, row in self._partner_settings.items()
        }

    @cached_property
    def credit_limits(self):
        """Odoo's own partner credit limit, per (commercial partner, company).

        0 means no limit. None when the company does not use credit limits.
        """
        uses_limits = {
            company.id: company.account_use_credit_limit
            for company in self.orders.company_id
        }
        return {
            (partner_id, company_id): row.credit_limit
            if uses_limits[company_id]
            else None
            for (partner_id, company_id), row in self._partner_settings.items()
        }

    def credit(self, order):
        """Credit exposure of the order's customer, in company currency (a
        dict: receivable, to_invoice, exposure, limit, days_overdue...)."""
        return self._credits[order.id]

    @cached_property
    def _credits(self):
        """:meth:`credit` of each order of the batch, built once: the credit
        check and two risk factors read it."""
        by_order = {}
        for order in self.orders:
            key = (order.partner_id.commercial_partner_id.id, order.company_id.id)
            receivable = self.receivables.get(key) or Receivable(0.0, 0.0, None, [], [])
            to_invoice = self.to_invoice.get(key) or Uninvoiced(0.0, [])
            oldest_due = receivable.oldest_due
            amount = self.amounts[order.id]
            by_order[order.id] = {
                "receivable": receivable.amount,
                "to_invoice": to_invoice.amount,
                "to_invoice_order_ids": to_invoice.order_ids,
                "order_amount": amount,
                "exposure": receivable.amount + to_invoice.amount + amount,
                "limit": self.credit_limits.get(key),
                "days_overdue": (self.today - oldest_due).days if oldest_due else 0,
                "overdue_amount": receivable.overdue_amount,
                "overdue_move_ids": receivable.overdue_move_ids,
                "open_move_ids": receivable.open_move_ids,
            }
        return by_order

    @cached_property
    def lines(self):
        """The lines of each order, sections and notes left out: order id ->
        ``sale.order.line`` (the checks and measures of the batch share it)."""
        return {
            order.id: order.order_line.filtered(lambda line: not line.display_type)
            for order in self.orders
        }

    @cached_property
    def product_lines(self):
        """The lines of each order that sell a product (no section, note or
        line without product): order id -> ``sale.order.line``."""
        return {
            order_id: lines.filtered("product_id")
            for order_id, lines in self.lines.items()
        }

    @cached_property
    def confirmed_order_counts(self):
        """Confirmed orders per (commercial partner, company), this batch
        excluded, counted up to the number that makes a customer known."""
        companies = self.orders.company_id
        return self._facts._fetch_confirmed_order_counts(
            self._partners().ids,
            companies.ids,
            self.orders.ids,
            max(companies.mapped("order_review_new_customer_orders") or [0]),
        )

    @cached_property
    def usual_quantities(self):
        """Average ordered quantity per (commercial partner, company, product,
        unit)."""
        return self._facts._fetch_usual_quantities(
            self._partners().ids,
            self.orders.company_id.ids,
            self.orders.order_line.product_id.ids,
            self.orders.ids,
            fields.Datetime.now() - timedelta(days=USUAL_QUANTITY_DAYS),
            USUAL_QUANTITY_ORDERS,
        )

    @cached_property
    def forecasts(self):
        """Forecast quantity of each storable line at its promised date, in
        the order's warehouse, in the line's unit: line id -> (date, quantity).

        The same figure as sale_stock's ``virtual_available_at_date`` (on hand
        in the warehouse + moves in - moves out until the date, less what
        earlier lines of the order take), from one SQL query for the whole
        batch instead of three per warehouse and date. A promised date that
        has passed counts as now.
        """
        now = fields.Datetime.now()
        lines = self.orders.order_line.filtered(
            lambda line: (
                not line.display_type
                and line.product_id.is_storable
                and line.warehouse_id
            )
        )
        if not lines:
            return {}
        # What each line asks for: (product, warehouse, date).
        requests = {
            line.id: (
                line.product_id.id,
                line.warehouse_id.id,
                max(line.order_id.commitment_date or line._expected_date(), now),
            )
            for line in lines
        }
        available = self._facts._fetch_forecasts(sorted(set(requests.values())))
        forecasts = {}
        taken = defaultdict(float)  # (order, product) -> product unit quantity
        for line in lines:
            product = line.product_id
            key = (line.order_id.id, product.id)
            quantity = available[requests[line.id]] - taken[key]
            taken[key] += line.product_uom._compute_quantity(
                line.product_uom_qty, product.uom_id
            )
            if line.product_uom != product.uom_id:
                quantity = product.uom_id._compute_quantity(quantity, line.product_uom)
            forecasts[line.id] = (requests[line.id][2], quantity)
        return forecasts

    @cached_property
    def shortages(self):
        """Per order id, the storable lines short at the promised date:
        list of (line, ordered, forecast, date)."""
        shortages = defaultdict(list)
        lines = self.orders.order_line.browse(self.forecasts)
        for line in lines:
            date, forecast = self.forecasts[line.id]
            if (
                float_compare(
                    line.product_uom_qty,
                    forecast,
                    precision_rounding=line.product_uom.rounding,
                )
                > 0
            ):
                shortages[line.order_id.id].append(
                    (line, line.product_uom_qty, forecast, date)
                )
        return shortages

    @cached_property
    def signatures(self):
        """The product/quantity signature of each order of the batch: order
        id -> text (see ``order_signature``)."""
        return {order.id: order_signature(order) for order in self.orders}

    @cached_property
    def recent_signatures(self):
        """Order ids and creation dates per (commercial partner, company,
        product/quantity signature) of the customers' recent orders that
        repeat an order of the batch (only those are read). The window is the
        widest of the batch's companies; each check applies its own."""
        companies = self.orders.company_id
        days = max(companies.mapped("order_review_duplicate_days") or [0])
        if days <= 0:
            return {}
        repeated = self._facts._fetch_repeated_orders(
            self._partners().ids,
            companies.ids,
            fields.Datetime.now() - timedelta(days=days),
            set(self.signatures.values()) - {""},
        )
        partner_of = dict((order_id, partner_id) for partner_id, order_id in repeated)
        signatures = defaultdict(list)
        for order in self.env["sale.order"].sudo().browse(partner_of):
            signature = self.signatures.get(order.id) or order_signature(order)
            key = (partner_of[order.id], order.company_id.id, signature)
            signatures[key].append((order.id, order.create_date))
        return signatures
