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
