# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic check of stages whose check is ``audit``."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_compare

from ... import phrases as ph
from ...phrases import phrase
from ...review_data import FAIL, WARN, evidence, result, worst


class SaleReviewCheckAudit(models.AbstractModel):
    _name = "sale.review.check.audit"
    _inherit = "sale.review.check"
    _description = "Order Review Check: Order audit check"

    @api.model
    def _judge(self, orders, data, stage):
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
        lines = data.lines[order.id]
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
        lines = data.product_lines[order.id].filtered(
            lambda line: not line.is_downpayment and not line._is_delivery()
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
        untaxed = sum(data.lines[order.id].mapped("price_subtotal"))
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
            data.signatures[order.id],
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
