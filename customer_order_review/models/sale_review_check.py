# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic checks of the review stages.

Each check is a method ``_judge_<code>(orders, data, stage)`` of the abstract
model ``sale.review.check``: it judges a whole batch of orders and returns, per
order, a result (``pass``, ``warn`` or ``fail``), a message and the evidence
behind it. A new check is a new selection value on ``sale.review.stage.check_code``
and a new method, in any module.

The facts the checks and the risk score need (credit exposure, overdue
invoices, order history, stock forecast) are gathered once per batch by
:class:`ReviewData`, in SQL aggregates whose number does not grow with the
customer's history.
"""

from collections import defaultdict
from datetime import timedelta
from functools import cached_property

from odoo import api, fields, models, tools
from odoo.tools import SQL, float_compare, float_is_zero

from .. import phrases as ph
from ..phrases import phrase
from .sale_review_facts import Receivable, Uninvoiced, order_signature

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
        """Credit exposure of the order's customer, in company currency."""
        key = (order.partner_id.commercial_partner_id.id, order.company_id.id)
        receivable = self.receivables.get(key) or Receivable(0.0, 0.0, None, [], [])
        to_invoice = self.to_invoice.get(key) or Uninvoiced(0.0, [])
        oldest_due = receivable.oldest_due
        return {
            "receivable": receivable.amount,
            "to_invoice": to_invoice.amount,
            "to_invoice_order_ids": to_invoice.order_ids,
            "order_amount": self.amounts[order.id],
            "exposure": receivable.amount + to_invoice.amount + self.amounts[order.id],
            "limit": self.credit_limits.get(key),
            "days_overdue": (self.today - oldest_due).days if oldest_due else 0,
            "overdue_amount": receivable.overdue_amount,
            "overdue_move_ids": receivable.overdue_move_ids,
            "open_move_ids": receivable.open_move_ids,
        }

    @cached_property
    def confirmed_order_counts(self):
        """Confirmed orders per commercial partner (this batch excluded),
        counted up to the number that makes a customer known."""
        companies = self.orders.company_id
        return self._facts._fetch_confirmed_order_counts(
            self._partners().ids,
            self.orders.ids,
            max(companies.mapped("order_review_new_customer_orders") or [0]),
        )

    @cached_property
    def usual_quantities(self):
        """Average ordered quantity per (commercial partner, product, unit)."""
        return self._facts._fetch_usual_quantities(
            self._partners().ids,
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
        dates = {
            line.id: max(line.order_id.commitment_date or line._expected_date(), now)
            for line in lines
        }
        requests = sorted(
            {
                (
                    line.product_id.id,
                    line.warehouse_id.view_location_id.id,
                    dates[line.id],
                )
                for line in lines
            }
        )
        self.env["stock.quant"].flush_model(["product_id", "location_id", "quantity"])
        self.env["stock.move"].flush_model(
            [
                "product_id",
                "product_qty",
                "state",
                "date",
                "location_id",
                "location_dest_id",
                "location_final_id",
            ]
        )
        self.env["stock.location"].flush_model(["parent_path"])
        if len(requests) == len({request[:2] for request in requests}):
            # One date per product and warehouse (a single order, or orders
            # promised the same day): a plain sum per product.
            query = SQL(
                """
            SELECT r.product_id, r.view_id, r.to_date,
                   COALESCE((
                       SELECT SUM(q.quantity)
                         FROM stock_quant q
                        WHERE q.product_id = r.product_id
                          AND q.location_id = ANY(r.locations)
                   ), 0)
                   + COALESCE((
                       -- moves crossing the warehouse's boundary, in or out
                       SELECT SUM(CASE WHEN m.location_id = ANY(r.locations)
                                       THEN -m.product_qty ELSE m.product_qty END)
                         FROM stock_move m
                        WHERE m.product_id = r.product_id
                          AND m.state IN ('waiting', 'confirmed', 'assigned',
                                          'partially_available')
                          AND m.date <= r.to_date
                          AND (m.location_id = ANY(r.locations))
                              <> (COALESCE(m.location_final_id, m.location_dest_id)
                                  = ANY(r.locations))
                   ), 0)
              FROM (
                SELECT req.product_id, req.view_id, req.to_date,
                       ARRAY(SELECT loc.id
                               FROM stock_location loc
                              WHERE starts_with(loc.parent_path, view.parent_path)
                       ) AS locations
                  FROM unnest(%(products)s::int[], %(views)s::int[],
                              %(dates)s::timestamp[])
                       AS req(product_id, view_id, to_date)
                  JOIN stock_location view ON view.id = req.view_id
              ) r
            """,
                products=[request[0] for request in requests],
                views=[request[1] for request in requests],
                dates=[request[2] for request in requests],
            )
        else:
            query = self._forecast_many_dates_query(requests)
        rows = self.env.execute_query(query)
        available = {
            (product_id, view_id, to_date): float(quantity)
            for product_id, view_id, to_date, quantity in rows
        }
        forecasts = {}
        taken = defaultdict(float)  # (order, product) -> product unit quantity
        for line in lines:
            product = line.product_id
            key = (line.order_id.id, product.id)
            quantity = (
                available[
                    product.id, line.warehouse_id.view_location_id.id, dates[line.id]
                ]
                - taken[key]
            )
            taken[key] += line.product_uom._compute_quantity(
                line.product_uom_qty, product.uom_id
            )
            if line.product_uom != product.uom_id:
                quantity = product.uom_id._compute_quantity(quantity, line.product_uom)
            forecasts[line.id] = (dates[line.id], quantity)
        return forecasts

    def _forecast_many_dates_query(self, requests):
        """The forecast query for a batch promised on several dates.

        One pass over the open moves of the batch's products: on hand at the
        start, then the moves in date order, with the requested dates slotted
        in; a running sum gives the forecast at each of them. Moves before the
        earliest requested date of a product collapse into a single row.

        :param requests: sorted (product id, warehouse view location id, date)
        :return: the query (rows: product id, view location id, date, forecast)
        """
        return SQL(
            """
            WITH request AS (
                SELECT DISTINCT *
                  FROM unnest(%(products)s::int[], %(views)s::int[],
                              %(dates)s::timestamp[])
                       AS req(product_id, view_id, to_date)
            ), scope AS (
                SELECT r.product_id, r.view_id,
                       MIN(r.to_date) AS since, MAX(r.to_date) AS until,
                       ARRAY(SELECT loc.id
                               FROM stock_location loc
                              WHERE starts_with(loc.parent_path, view.parent_path)
                       ) AS locations
                  FROM request r
                  JOIN stock_location view ON view.id = r.view_id
                 GROUP BY r.product_id, r.view_id, view.parent_path
            ), stream AS (
                SELECT s.product_id, s.view_id, s.since AS date, 0 AS kind,
                       COALESCE((
                           SELECT SUM(q.quantity)
                             FROM stock_quant q
                            WHERE q.product_id = s.product_id
                              AND q.location_id = ANY(s.locations)
                       ), 0) AS delta
                  FROM scope s
                UNION ALL
                -- moves crossing the warehouse's boundary, in or out
                SELECT s.product_id, s.view_id, GREATEST(m.date, s.since), 0,
                       SUM(CASE WHEN m.location_id = ANY(s.locations)
                                THEN -m.product_qty ELSE m.product_qty END)
                  FROM scope s
                  JOIN LATERAL (
                    SELECT *
                      FROM stock_move
                     WHERE product_id = s.product_id
                       AND state IN ('waiting', 'confirmed', 'assigned',
                                     'partially_available')
                       AND date <= s.until
                  ) m ON (m.location_id = ANY(s.locations))
                         <> (COALESCE(m.location_final_id, m.location_dest_id)
                             = ANY(s.locations))
                 GROUP BY 1, 2, 3
                UNION ALL
                SELECT product_id, view_id, to_date, 1, 0
                  FROM request
            )
            SELECT product_id, view_id, date, total
              FROM (
                SELECT product_id, view_id, date, kind,
                       SUM(delta) OVER (
                           PARTITION BY product_id, view_id
                           ORDER BY date, kind
                           ROWS UNBOUNDED PRECEDING
                       ) AS total
                  FROM stream
              ) running
             WHERE kind = 1
            """,
            products=[request[0] for request in requests],
            views=[request[1] for request in requests],
            dates=[request[2] for request in requests],
        )

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
            {order_signature(order) for order in self.orders} - {""},
        )
        partner_of = dict((order_id, partner_id) for partner_id, order_id in repeated)
        signatures = defaultdict(list)
        for order in self.env["sale.order"].sudo().browse(partner_of):
            key = (partner_of[order.id], order.company_id.id, order_signature(order))
            signatures[key].append((order.id, order.create_date))
        return signatures


class SaleReviewCheck(models.AbstractModel):
    _name = "sale.review.check"
    _description = "Order Review Automatic Checks"

    @api.model
    @tools.ormcache()
    def _receivable_account_ids(self):
        """Ids of every receivable account (cleared when accounts change)."""
        return tuple(
            self.env["account.account"]
            .sudo()
            .search([("account_type", "=", "asset_receivable")])
            .ids
        )

    @api.model
    def _prepare_data(self, orders):
        """Return the :class:`ReviewData` of a batch; override to add facts."""
        return ReviewData(orders)

    @api.model
    def _run(self, stage, orders, data=None):
        """Run ``stage``'s check on ``orders``.

        :return: dict order id -> result dict (``result``, ``message``, ``evidence``)
        """
        data = data or self._prepare_data(orders)
        method = getattr(self, f"_judge_{stage.check_code}", None)
        if method is None:
            unavailable = phrase("check.unavailable", check=stage.check_code)
            return {order.id: result(WARN, unavailable) for order in orders}
        return method(orders, data, stage)

    # === CHECKS === #
    @api.model
    def _judge_none(self, orders, data, stage):
        return {order.id: result(PASS, phrase("check.none")) for order in orders}

    @api.model
    def _judge_audit(self, orders, data, stage):
        """Data completeness, prices, discounts, totals, dates, duplicates.

        Each part is a ``_audit_<part>(order, data)`` method returning
        ``(findings, evidence)``; findings are (level, message) pairs.
        """
        results = {}
        parts = self._audit_parts()
        for order in orders:
            findings, items = [], []
            for part in parts:
                part_findings, part_items = getattr(self, f"_audit_{part}")(order, data)
                findings += part_findings
                items += part_items
            level = worst(level for level, _msg in findings)
            message = [msg for _level, msg in findings] or phrase("audit.ok")
            results[order.id] = result(level, message, items)
        return results

    @api.model
    def _audit_parts(self):
        """Names of the order audit parts, in the order they are reported."""
        return ["customer", "lines", "prices", "totals", "dates", "duplicates"]

    @api.model
    def _audit_customer(self, order, data):
        missing = []
        invoice, shipping = order.partner_invoice_id, order.partner_shipping_id
        if not (invoice.street and invoice.city and invoice.country_id):
            missing.append(phrase("audit.missing_invoice_address"))
        if not (shipping.street and shipping.city and shipping.country_id):
            missing.append(phrase("audit.missing_delivery_address"))
        partner = order.partner_id
        if not (partner.email or partner.phone or partner.mobile):
            missing.append(phrase("audit.missing_contact"))
        if not order.payment_term_id:
            missing.append(phrase("audit.missing_payment_terms"))
        if not missing:
            return [], []
        message = phrase("audit.customer_incomplete", missing=ph.items(missing))
        return [(FAIL, message)], []

    @api.model
    def _audit_lines(self, order, data):
        findings = []
        lines = order.order_line.filtered(lambda line: not line.display_type)
        if not lines:
            findings.append((FAIL, phrase("audit.no_lines")))
        bad_lines = lines.filtered(
            lambda line: not line.product_id or line.product_uom_qty <= 0
        )
        if bad_lines:
            findings.append((FAIL, phrase("audit.bad_lines", count=len(bad_lines))))
        limit = order.company_id.order_review_discount_limit
        over_discount = lines.filtered(lambda line: line.discount > limit)
        if over_discount:
            message = phrase(
                "audit.discount_over_limit",
                limit=ph.percent(limit / 100.0),
                products=ph.records(over_discount.product_id),
            )
            findings.append((FAIL, message))
        return findings, [evidence(phrase("label.lines"), len(lines))]

    @api.model
    def _audit_prices(self, order, data):
        tolerance = order.company_id.order_review_price_tolerance / 100.0
        currency = order.currency_id
        below_list = []
        lines = order.order_line.filtered(
            lambda line: (
                not line.display_type
                and line.product_id
                and not line.is_downpayment
                and not line._is_delivery()
            )
        )
        for line in lines:
            if not float_compare(
                line.price_unit,
                line.technical_price_unit,
                precision_rounding=currency.rounding,
            ):
                # The pricelist set this price and nobody changed it.
                continue
            # What Odoo would have set as unit price; discounts are judged by
            # the discount limit, not here.
            list_price = line._get_display_price()
            floor = list_price * (1 - tolerance)
            if (
                float_compare(
                    line.price_unit, floor, precision_rounding=currency.rounding
                )
                < 0
            ):
                below_list.append(
                    phrase(
                        "audit.below_pricelist_line",
                        product=ph.records(line.product_id),
                        price=ph.money(line.price_unit, currency),
                        list=ph.money(list_price, currency),
                    )
                )
        if not below_list:
            return [], []
        lines = ph.items(below_list, separator="; ")
        return [(WARN, phrase("audit.below_pricelist", lines=lines))], []

    @api.model
    def _audit_totals(self, order, data):
        currency = order.currency_id
        lines = order.order_line.filtered(lambda line: not line.display_type)
        untaxed = sum(lines.mapped("price_subtotal"))
        if currency.compare_amounts(
            untaxed, order.amount_untaxed
        ) or currency.compare_amounts(
            order.amount_untaxed + order.amount_tax, order.amount_total
        ):
            return [(FAIL, phrase("audit.totals"))], []
        return [], []

    @api.model
    def _audit_dates(self, order, data):
        if not (order.commitment_date or order.expected_date):
            return [(FAIL, phrase("audit.no_promised_date"))], []
        if order.commitment_date and order.commitment_date < fields.Datetime.now():
            past = ph.datetime(order.commitment_date)
            return [(FAIL, phrase("audit.promised_in_past", date=past))], []
        return [], []

    @api.model
    def _audit_duplicates(self, order, data):
        # The window is the order's company's own (the query reads the widest
        # of the batch); 0 turns the search off for that company.
        days = order.company_id.order_review_duplicate_days
        if days <= 0:
            return [], []
        since = fields.Datetime.now() - timedelta(days=days)
        key = (
            order.partner_id.commercial_partner_id.id,
            order.company_id.id,
            order_signature(order),
        )
        duplicates = [
            oid
            for oid, created in data.recent_signatures.get(key, [])
            if oid != order.id and created >= since
        ]
        if not (duplicates and key[2]):
            return [], []
        message = phrase("audit.duplicate", count=len(duplicates), days=days)
        similar = self.env["sale.order"].browse(duplicates)
        items = [
            evidence(
                phrase("label.similar_orders"),
                len(similar),
                "sale.order",
                duplicates,
            )
        ]
        return [(WARN, message)], items

    @api.model
    def _judge_credit(self, orders, data, stage):
        """Credit exposure vs limit, overdue invoices, payment terms."""
        results = {}
        for order in orders:
            company = order.company_id
            currency = company.currency_id
            credit = data.credit(order)
            findings = []
            items = [
                money(
                    phrase("label.open_receivables"),
                    credit["receivable"],
                    currency,
                    "account.move",
                    credit["open_move_ids"],
                ),
                money(
                    phrase("label.to_invoice"),
                    credit["to_invoice"],
                    currency,
                    "sale.order",
                    credit["to_invoice_order_ids"],
                ),
                money(phrase("label.this_order"), credit["order_amount"], currency),
                money(phrase("label.exposure"), credit["exposure"], currency),
            ]
            limit = credit["limit"]
            if limit is None:
                items.append(
                    evidence(
                        phrase("label.credit_limit"),
                        phrase("value.limit_unused"),
                    )
                )
            elif not limit:
                items.append(
                    evidence(phrase("label.credit_limit"), phrase("value.none"))
                )
            else:
                items.append(money(phrase("label.credit_limit"), limit, currency))
                if currency.compare_amounts(credit["exposure"], limit) > 0:
                    message = phrase(
                        "credit.over_limit",
                        exposure=ph.money(credit["exposure"], currency),
                        limit=ph.money(limit, currency),
                    )
                    findings.append((FAIL, message))
            grace = company.order_review_overdue_grace_days
            if credit["days_overdue"] > grace:
                message = phrase(
                    "credit.overdue",
                    days=credit["days_overdue"],
                    amount=ph.money(credit["overdue_amount"], currency),
                    grace=grace,
                )
                findings.append((FAIL, message))
                items.append(
                    money(
                        phrase("label.overdue_invoices"),
                        credit["overdue_amount"],
                        currency,
                        "account.move",
                        credit["overdue_move_ids"],
                    )
                )
            default_term = data.default_terms[
                order.partner_id.commercial_partner_id.id, company.id
            ]
            if (
                order.payment_term_id
                and default_term
                and (order.payment_term_id != default_term)
                and self._term_days(order.payment_term_id)
                > self._term_days(default_term)
            ):
                message = phrase(
                    "credit.longer_terms",
                    order=ph.records(order.payment_term_id),
                    default=ph.records(default_term),
                )
                findings.append((WARN, message))
            level = worst(level for level, _msg in findings)
            if findings:
                message = [msg for _level, msg in findings]
            elif limit:
                share = ph.percent(credit["exposure"] / limit)
                message = phrase("credit.within_limit", share=share)
            else:
                message = phrase("credit.no_limit")
            results[order.id] = result(level, message, items)
        return results

    @api.model
    def _term_days(self, term):
        """Longest delay of a payment term, in days."""
        return max(term.line_ids.mapped("nb_days") or [0])

    @api.model
    def _judge_capacity(self, orders, data, stage):
        """Promised date vs the earliest feasible delivery date."""
        results = {}
        extra = self._workcenter_delay_days(orders.order_line)
        for order in orders:
            earliest = self._earliest_feasible_date(order, data, extra)
            promised = order.commitment_date
            items = [evidence(phrase("label.earliest_date"), ph.date(earliest))]
            if not promised:
                message = phrase("capacity.no_promise", earliest=ph.date(earliest))
                results[order.id] = result(PASS, message, items)
                continue
            items.append(evidence(phrase("label.promised_date"), ph.date(promised)))
            dates = {"promised": ph.date(promised), "earliest": ph.date(earliest)}
            if promised.date() < earliest:
                message = phrase("capacity.too_early", **dates)
                results[order.id] = result(FAIL, message, items)
            else:
                message = phrase("capacity.feasible", **dates)
                results[order.id] = result(PASS, message, items)
        return results

    @api.model
    def _earliest_feasible_date(self, order, data, extra_days):
        """Today + the longest line lead time (customer lead time, plus the
        replenishment lead time of lines short at the promised date, plus
        workcenter delays) + the company's security lead time."""
        short_lines = {
            line for line, _qty, _forecast, _date in data.shortages.get(order.id, [])
        }
        longest = 0.0
        for line in order.order_line.filtered(
            lambda line_: line_.product_id and not line_.display_type
        ):
            days = line.customer_lead or 0.0
            if line in short_lines:
                days += self._replenishment_days(line.product_id)
            days += extra_days.get(line.id, 0.0)
            longest = max(longest, days)
        security = order.company_id.security_lead or 0.0
        return data.today + timedelta(days=longest + security)

    @api.model
    def _replenishment_days(self, product):
        """Days to get more of ``product``: its vendor lead time, or its
        manufacturing lead time when manufacturing is installed."""
        days = [seller.delay for seller in product.seller_ids[:1]]
        if "produce_delay" in product._fields:
            days.append(product.produce_delay)
        return max(days or [0.0])

    @api.model
    def _workcenter_delay_days(self, lines):
        """Hook: extra days per line from the load of the workcenters that make
        its product.

        Without manufacturing (mrp is not a dependency) there is none. When
        mrp is installed, a line whose product has a bill of materials with
        operations waits for the open work orders already queued on those
        workcenters: their expected minutes divided by the workcenter's
        working hours per day. Override to plug in a finer planning.

        :param lines: ``sale.order.line`` recordset
        :return: dict line id -> days
        """
        if "mrp.workorder" not in self.env or not lines:
            return {}
        boms = self.env["mrp.bom"].sudo()._bom_find(lines.product_id)
        workcenters = self.env["mrp.workcenter"].sudo()
        for bom in boms.values():
            workcenters |= bom.operation_ids.workcenter_id
        if not workcenters:
            return {}
        backlog = dict(
            self.env["mrp.workorder"]
            .sudo()
            ._read_group(
                [
                    ("workcenter_id", "in", workcenters.ids),
                    ("state", "in", ("pending", "waiting", "ready", "progress")),
                ],
                ["workcenter_id"],
                ["duration_expected:sum"],
            )
        )
        days_per_workcenter = {}
        for workcenter in workcenters:
            hours = workcenter.resource_calendar_id.hours_per_day or 8.0
            minutes = backlog.get(workcenter, 0.0)
            days_per_workcenter[workcenter] = minutes / 60.0 / hours
        delays = {}
        for line in lines:
            bom = boms.get(line.product_id)
            if bom:
                delays[line.id] = max(
                    (days_per_workcenter[wc] for wc in bom.operation_ids.workcenter_id),
                    default=0.0,
                )
        return delays

    @api.model
    def _judge_stock(self, orders, data, stage):
        """Forecast quantity at the promised date, per line, in the order's
        warehouse."""
        results = {}
        for order in orders:
            shortages = data.shortages.get(order.id, [])
            items = [
                evidence(
                    ph.records(line.product_id),
                    phrase(
                        "stock.line_forecast",
                        ordered=ph.qty(ordered, line.product_uom),
                        forecast=ph.qty(forecast, line.product_uom),
                        date=ph.date(date),
                    ),
                    "product.product",
                    [line.product_id.id],
                )
                for line, ordered, forecast, date in shortages
            ]
            if shortages:
                short = [
                    phrase(
                        "stock.short_line",
                        product=ph.records(line.product_id),
                        missing=ph.qty(ordered - forecast, line.product_uom),
                    )
                    for line, ordered, forecast, _date in shortages
                ]
                message = phrase(
                    "stock.short",
                    count=len(shortages),
                    warehouse=ph.records(order.warehouse_id)
                    if order.warehouse_id
                    else "-",
                    lines=ph.items(short),
                )
                results[order.id] = result(FAIL, message, items)
            else:
                results[order.id] = result(PASS, phrase("stock.ok"))
        return results

    @api.model
    def _judge_special(self, orders, data, stage):
        """Every special requirement has a feasibility decision."""
        results = {}
        for order in orders:
            requirements = order.special_requirement_ids
            undecided = requirements.filtered(lambda r: r.feasibility == "pending")
            refused = requirements.filtered(lambda r: r.feasibility == "not_feasible")
            items = [
                evidence(req.name, ph.choice(req, "feasibility", req.feasibility))
                for req in requirements
            ]
            if refused:
                message = phrase("special.refused", count=len(refused))
                results[order.id] = result(FAIL, message, items)
            elif undecided:
                message = phrase("special.undecided", count=len(undecided))
                results[order.id] = result(WARN, message, items)
            else:
                results[order.id] = result(PASS, phrase("special.ok"), items)
        return results

    @api.model
    def _judge_final(self, orders, data, stage):
        """All earlier stages passed."""
        results = {}
        key = (stage.sequence, stage.id)
        for order in orders:
            planned = data.pipeline_states.get(order.id)
            if planned is not None:
                earlier = {
                    s: state for s, state in planned.items() if (s.sequence, s.id) < key
                }
            else:
                earlier = {
                    review.stage_id: review.state
                    for review in order.review_ids
                    if (review.sequence, review.stage_id.id) < key
                }
            open_stages = [
                s
                for s, state in earlier.items()
                if state not in ("approved", "skipped")
            ]
            if open_stages:
                stages = self.env["sale.review.stage"].union(*open_stages)
                message = phrase("final.open_stages", stages=ph.records(stages))
                results[order.id] = result(FAIL, message)
            else:
                results[order.id] = result(PASS, phrase("final.ok"))
        return results

    # === RISK === #
    @api.model
    def _risk_measures(self, orders, data):
        """Raw measures of the risk factors, per order id (see ``risk.py``)."""
        measures = {}
        for order in orders:
            company = order.company_id
            credit = data.credit(order)
            partner = order.partner_id.commercial_partner_id
            lines = order.order_line.filtered(
                lambda line_: not line_.display_type and line_.product_id
            )
            gross = sum(line.price_unit * line.product_uom_qty for line in lines)
            discounted = sum(
                line.price_unit * line.product_uom_qty * line.discount / 100.0
                for line in lines
            )
            ratios = []
            for line in lines:
                usual = data.usual_quantities.get(
                    (partner.id, line.product_id.id, line.product_uom.id)
                )
                if usual and not float_is_zero(usual, precision_digits=6):
                    ratios.append(line.product_uom_qty / usual)
            shortfall = 0.0
            ordered = sum(
                line.product_uom_qty for line in lines if line.product_id.is_storable
            )
            if ordered:
                shortfall = (
                    sum(
                        min(qty - max(forecast, 0.0), qty)
                        for _line, qty, forecast, _date in data.shortages.get(
                            order.id, []
                        )
                    )
                    / ordered
                )
            measures[order.id] = {
                "credit_use": credit["exposure"] / credit["limit"]
                if credit["limit"]
                else 0.0,
                "days_overdue": credit["days_overdue"],
                "new_customer": data.confirmed_order_counts.get(partner.id, 0)
                < company.order_review_new_customer_orders,
                "discount": (discounted / gross * 100.0) if gross else 0.0,
                "stock_shortfall": shortfall,
                "unusual_quantity": max(ratios, default=0.0),
                "special_requirements": bool(order.special_requirement_count),
            }
        return measures
