# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sentences the review stores for later display, rendered in the reader's
language.

A check result, a piece of evidence or an automatic log note is read long
after it was written, by people who work in other languages than the one
who happened to trigger it (a Chinese customer answering on the portal, an
English reviewer reading the log). So the review never stores a sentence:
it stores a *phrase*, a code and its arguments, as JSON::

    {"code": "credit.over_limit",
     "args": {"exposure": {"money": 1500.0, "currency": 2}, ...}}

and :func:`render` writes the sentence when it is shown, in the language
of the environment it is given, formatting each argument the way Odoo
formats that kind of value. An argument is a plain string or number, a
nested phrase, or one of the typed values built by the helpers below
(:func:`money`, :func:`date`, :func:`datetime`, :func:`records`, :func:`qty`,
:func:`percent`, :func:`choice`, :func:`field`, :func:`items`).

A module adding a check adds its sentences with :func:`register`.
"""

import datetime as dt
import re

import pytz

from odoo import fields
from odoo.tools import format_amount, format_date, formatLang, get_lang
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# Most names a records argument shows; the evidence links to the rest.
MAX_NAMES = 20

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


def register(code, source):
    """Add a sentence to the catalogue (for modules adding checks).

    :param code: stable dotted code, prefixed with the module's own name
    :param source: a lazy translatable text (``LazyTranslate(__name__)(...)``)
    """
    CATALOGUE[code] = source


# === VALUES === #
def phrase(code, **args):
    """A sentence to show later: its catalogue code and its arguments."""
    return {"code": code, "args": args}


def money(amount, currency):
    """An amount in a currency (a ``res.currency`` record)."""
    return {"money": amount, "currency": currency.id}


def date(value):
    """A calendar day (``date`` or ``datetime``; a datetime's UTC day)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return {"date": fields.Date.to_string(value)}


def datetime(value):
    """A moment (naive UTC ``datetime``), shown in the reader's timezone."""
    return {"datetime": fields.Datetime.to_string(value)}


def records(recordset):
    """Records, shown by name."""
    return {"records": recordset._name, "ids": recordset.ids[:MAX_NAMES]}


def qty(quantity, uom):
    """A quantity in a unit of measure (a ``uom.uom`` record)."""
    return {"qty": quantity, "uom": uom.id}


def percent(ratio):
    """A ratio (0.25) shown as a percentage (25%)."""
    return {"percent": ratio}


def choice(record_or_model, field_name, value):
    """A selection value, shown with its label."""
    model = getattr(record_or_model, "_name", record_or_model)
    return {"choice": model, "field": field_name, "value": value}


def field(model, field_name):
    """A field, shown with its label."""
    return {"field": field_name, "model": model}


def items(values, separator=", "):
    """Several values (or phrases) shown one after the other."""
    return {"items": list(values), "sep": separator}


# === RENDERING === #
def render(env, value):
    """The text of a stored phrase or value, in ``env``'s language.

    Anything that is not a known phrase or value (older rows, plain text) is
    shown as it is, so no stored text is ever lost.
    """
    if value is None or value is False:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _render_number(env, value)
    if isinstance(value, list):
        return " ".join(filter(None, (render(env, item) for item in value)))
    if not isinstance(value, dict):
        return str(value)
    if "code" in value:
        return _render_phrase(env, value)
    for kind, renderer in _RENDERERS.items():
        if kind in value:
            return renderer(env, value)
    return str(value)


def _render_phrase(env, value):
    source = CATALOGUE.get(value["code"])
    if source is None:
        return value["code"]
    text = source._translate(env.lang or "en_US")
    args = {name: render(env, arg) for name, arg in (value.get("args") or {}).items()}
    try:
        return text % args
    except (KeyError, TypeError, ValueError):
        # A translation with broken placeholders: the source never is.
        return source._source % args


def _render_number(env, number, digits=2):
    """A number in the reader's format, without trailing zeros."""
    text = formatLang(env, number, digits=0 if float(number).is_integer() else digits)
    sep = get_lang(env).decimal_point or "."
    if sep in text:
        text = text.rstrip("0").rstrip(sep)
    return text


def _render_money(env, value):
    currency = env["res.currency"].browse(value["currency"]).exists()
    if not currency:
        return formatLang(env, value["money"])
    return format_amount(env, value["money"], currency)


def _render_date(env, value):
    return format_date(env, value["date"])


def _render_datetime(env, value):
    moment = fields.Datetime.to_datetime(value["datetime"])
    tz_name = env.context.get("tz") or env.user.tz or "UTC"
    try:
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(tz_name))
    except pytz.UnknownTimeZoneError:
        local = pytz.utc.localize(moment)
    lang = get_lang(env)
    # The language's own date and time formats, without the seconds, as the
    # web client shows a datetime.
    time_format = re.sub(r"[:.]?%S秒?", "", lang.time_format or "%H:%M")
    return local.strftime(f"{lang.date_format or '%m/%d/%Y'} {time_format}")


def _render_records(env, value):
    model = value["records"]
    if model not in env:
        return ""
    # Names only: whoever reads the phrase reads the review it belongs to.
    recs = env[model].sudo().browse(value["ids"]).exists()
    return ", ".join(recs.mapped("display_name"))


def _render_qty(env, value):
    uom = env["uom.uom"].sudo().browse(value["uom"]).exists()
    digits = env["decimal.precision"].precision_get("Product Unit of Measure")
    # Trailing zeros say nothing about a quantity: "3 Units", "2.5 kg".
    number = _render_number(env, value["qty"], digits=digits)
    return f"{number} {uom.name}" if uom else number


def _render_percent(env, value):
    return formatLang(env, value["percent"] * 100.0, digits=0) + "%"


def _render_choice(env, value):
    model = value["choice"]
    if model not in env:
        return str(value["value"])
    selection = env[model]._fields[value["field"]]._description_selection(env)
    return dict(selection).get(value["value"], str(value["value"]))


def _render_field(env, value):
    model = value["model"]
    if model not in env or value["field"] not in env[model]._fields:
        return value["field"]
    return env[model]._fields[value["field"]].get_description(env)["string"]


def _render_items(env, value):
    return value.get("sep", ", ").join(
        filter(None, (render(env, item) for item in value["items"]))
    )


_RENDERERS = {
    "money": _render_money,
    "datetime": _render_datetime,
    "date": _render_date,
    "records": _render_records,
    "qty": _render_qty,
    "percent": _render_percent,
    "choice": _render_choice,
    "field": _render_field,
    "items": _render_items,
}
