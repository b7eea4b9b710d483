# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review's sentences: code -> translatable source, rendered by
:mod:`.phrases` in the reader's language. A module adding a check adds its
own with :func:`.phrases.register`."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# code -> lazy translatable source. Codes are stable: a stored phrase keeps
# rendering after its wording changes.
CATALOGUE = {
    # --- order audit
    "audit.ok": _lt("Customer data, lines, prices, totals and dates are in order."),
    "audit.customer_incomplete": _lt("Customer data incomplete: %(missing)s."),
    "audit.missing_invoice_address": _lt("invoice address"),
    "audit.missing_delivery_address": _lt("delivery address"),
    "audit.missing_contact": _lt("contact (email or phone)"),
    "audit.missing_payment_terms": _lt("payment terms"),
    "audit.no_lines": _lt("The order has no lines."),
    "audit.bad_lines": _lt(
        "%(count)s line(s) without a product or with a quantity that is not positive."
    ),
    "audit.discount_over_limit": _lt(
        "Discount above the %(limit)s limit on: %(products)s."
    ),
    "audit.below_pricelist": _lt("Price below the pricelist: %(lines)s."),
    "audit.below_pricelist_line": _lt("%(product)s at %(price)s (pricelist %(list)s)"),
    "audit.totals": _lt("The order totals do not add up."),
    "audit.no_promised_date": _lt("No promised date."),
    "audit.promised_in_past": _lt("The promised date %(date)s is in the past."),
    "audit.duplicate": _lt(
        "Likely duplicate: %(count)s other order(s) of this customer with the "
        "same products and quantities in the last %(days)s days."
    ),
    # --- credit and payment terms
    "credit.over_limit": _lt(
        "Exposure %(exposure)s exceeds the credit limit %(limit)s."
    ),
    "credit.overdue": _lt(
        "Invoices overdue by up to %(days)s days (%(amount)s), beyond the "
        "%(grace)s-day grace period."
    ),
    "credit.longer_terms": _lt(
        "Payment terms %(order)s are longer than the customer's %(default)s."
    ),
    "credit.within_limit": _lt(
        "Exposure within the credit limit (%(share)s used); no overdue invoices."
    ),
    "credit.no_limit": _lt("No credit limit applies; no overdue invoices."),
    # --- capacity
    "capacity.no_promise": _lt(
        "No promised date: the order ships when ready, expected on %(earliest)s."
    ),
    "capacity.too_early": _lt(
        "The promised date %(promised)s is before the earliest feasible date "
        "%(earliest)s."
    ),
    "capacity.feasible": _lt(
        "The promised date %(promised)s is feasible (earliest %(earliest)s)."
    ),
    # --- stock
    "stock.short": _lt(
        "%(count)s line(s) short at the promised date in %(warehouse)s: %(lines)s."
    ),
    "stock.short_line": _lt("%(product)s (%(missing)s missing)"),
    "stock.line_forecast": _lt(
        "ordered %(ordered)s, forecast %(forecast)s on %(date)s"
    ),
    "stock.ok": _lt("Every stocked line is available at the promised date."),
    # --- special requirements
    "special.refused": _lt("%(count)s special requirement(s) are not feasible."),
    "special.undecided": _lt(
        "%(count)s special requirement(s) await a feasibility decision."
    ),
    "special.ok": _lt("Every special requirement is feasible."),
    # --- final approval, no check
    "final.open_stages": _lt("Earlier stages not passed: %(stages)s."),
    "final.ok": _lt("Every earlier stage passed."),
    "check.none": _lt("This stage has no automatic check."),
    "check.unavailable": _lt("The check %(check)s is not available."),
    # --- evidence labels
    "label.lines": _lt("Lines"),
    "label.similar_orders": _lt("Similar orders"),
    "label.open_receivables": _lt("Open receivables"),
    "label.to_invoice": _lt("Confirmed, not invoiced"),
    "label.this_order": _lt("This order"),
    "label.exposure": _lt("Exposure"),
    "label.credit_limit": _lt("Credit limit"),
    "label.overdue_invoices": _lt("Overdue invoices"),
    "label.earliest_date": _lt("Earliest feasible date"),
    "label.promised_date": _lt("Promised date"),
    "evidence.as_of": _lt("Evidence as of %(date)s."),
    "value.limit_unused": _lt("not used by the company"),
    "value.yes": _lt("Yes"),
    "value.no": _lt("No"),
    "unit.days": _lt("%(count)s days"),
    "unit.times": _lt("%(ratio)s× the usual"),
    "unit.points": _lt("%(points)s of %(weight)s"),
    "value.none": _lt("none"),
    # --- stages skipped
    "skip.filter": _lt("The order does not match the stage filter."),
    "skip.below_amount": _lt("The order total %(amount)s is below %(limit)s."),
    "skip.above_amount": _lt("The order total %(amount)s is above %(limit)s."),
    "skip.tags": _lt("The customer has none of the tags %(tags)s."),
    "skip.categories": _lt(
        "No product of the order is in the categories %(categories)s."
    ),
    "skip.no_special": _lt("The order has no special requirements."),
    # --- log notes written by the review itself
    "log.risk": _lt("Risk score %(score)s (%(level)s)."),
    "log.auto_approved": _lt(
        "%(message)s Low risk (%(score)s) and the check passed: approved automatically."
    ),
    "log.changed": _lt("Changed: %(fields)s."),
    "log.held": _lt("Confirmation asked while the review is %(state)s."),
    "log.escalated": _lt("Escalated to %(user)s."),
    "log.feasibility": _lt("%(requirement)s: %(feasibility)s."),
}
