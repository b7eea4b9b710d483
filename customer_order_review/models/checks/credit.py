# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic check of stages whose check is ``credit``."""

from odoo import api, models

from ... import phrases as ph
from ...phrases import phrase
from ...review_data import FAIL, WARN, evidence, money, result, worst


class SaleReviewCheckCredit(models.AbstractModel):
    _name = "sale.review.check.credit"
    _inherit = "sale.review.check"
    _description = "Order Review Check: Credit and payment terms check"

    @api.model
    def _judge(self, orders, data, stage):
        """Credit exposure vs limit, overdue invoices, payment terms."""
        results = {}
        for order in orders:
            currency = order.company_id.currency_id
            credit = data.credit(order)
            items = self._exposure_items(credit, currency)
            findings = []
            for judge in (self._judge_limit, self._judge_overdue):
                found, more_items = judge(order, credit, currency)
                findings += found
                items += more_items
            findings += self._judge_terms(order, data)
            level = worst(level for level, _msg in findings)
            limit = credit["limit"]
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
    def _exposure_items(self, credit, currency):
        """Evidence: what the exposure is made of."""
        return [
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

    @api.model
    def _judge_limit(self, order, credit, currency):
        """The exposure against the credit limit: (findings, evidence)."""
        limit = credit["limit"]
        label = phrase("label.credit_limit")
        if limit is None:
            return [], [evidence(label, phrase("value.limit_unused"))]
        if not limit:
            return [], [evidence(label, phrase("value.none"))]
        findings = []
        if currency.compare_amounts(credit["exposure"], limit) > 0:
            message = phrase(
                "credit.over_limit",
                exposure=ph.money(credit["exposure"], currency),
                limit=ph.money(limit, currency),
            )
            findings.append((FAIL, message))
        return findings, [money(label, limit, currency)]

    @api.model
    def _judge_overdue(self, order, credit, currency):
        """Invoices overdue beyond the company's grace: (findings, evidence)."""
        grace = order.company_id.order_review_overdue_grace_days
        if credit["days_overdue"] <= grace:
            return [], []
        message = phrase(
            "credit.overdue",
            days=credit["days_overdue"],
            amount=ph.money(credit["overdue_amount"], currency),
            grace=grace,
        )
        item = money(
            phrase("label.overdue_invoices"),
            credit["overdue_amount"],
            currency,
            "account.move",
            credit["overdue_move_ids"],
        )
        return [(FAIL, message)], [item]

    @api.model
    def _judge_terms(self, order, data):
        """Payment terms longer than the customer's default: findings."""
        default_term = data.default_terms[
            order.partner_id.commercial_partner_id.id, order.company_id.id
        ]
        term = order.payment_term_id
        if not (term and default_term and term != default_term):
            return []
        if self._term_days(term) <= self._term_days(default_term):
            return []
        message = phrase(
            "credit.longer_terms",
            order=ph.records(term),
            default=ph.records(default_term),
        )
        return [(WARN, message)]

    @api.model
    def _term_days(self, term):
        """Longest delay of a payment term, in days."""
        return max(term.line_ids.mapped("nb_days") or [0])
