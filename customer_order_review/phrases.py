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

from .phrase_catalogue import CATALOGUE

# Most names a records argument shows; the evidence links to the rest.
MAX_NAMES = 20


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
    """A calendar day: a ``date``, or the day of a ``datetime`` in the
    reader's time zone."""
    if isinstance(value, dt.datetime):
        return {"day_of": fields.Datetime.to_string(value)}
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
    """The text of a stored phrase or value, in ``env``'s language (see
    :class:`Renderer`; use one renderer for many values)."""
    return Renderer(env).render(value)


# Value kinds that name records: kind key -> (model, how to read the ids).
_RECORD_KINDS = {
    "money": lambda value: ("res.currency", [value.get("currency")]),
    "qty": lambda value: ("uom.uom", [value.get("uom")]),
    "records": lambda value: (value.get("records"), value.get("ids") or []),
}


class Renderer:
    """Renders stored phrases and values for one reader (``env``: its
    language, time zone, rights).

    Anything that is not a known phrase or value (older rows, plain text) is
    shown as it is, and a value it cannot render shows as empty: no stored
    text ever breaks the screen that shows it. :meth:`preload` reads the
    records named by many values at once (one query per model).
    """

    def __init__(self, env):
        self.env = env
        self.lang = get_lang(env)
        self._records = {}  # (model, id) -> record, or None when deleted

    # --- records, read once
    def preload(self, values):
        """Read the records all ``values`` name, one query per model."""
        wanted = {}
        for value in _walk(values):
            for kind, ids_of in _RECORD_KINDS.items():
                if kind in value:
                    model, ids = ids_of(value)
                    wanted.setdefault(model, set()).update(
                        i for i in ids[:MAX_NAMES] if isinstance(i, int)
                    )
        for model, ids in wanted.items():
            self._load(model, ids)

    def _load(self, model, ids):
        ids = {i for i in ids if (model, i) not in self._records}
        if not ids or model not in self.env:
            return
        found = self.env[model].sudo().browse(sorted(ids)).exists()
        for record in found:
            self._records[model, record.id] = record
        for missing in ids - set(found.ids):
            self._records[model, missing] = None

    def record(self, model, record_id):
        """The record, or None when it does not exist (any more)."""
        if (model, record_id) not in self._records:
            self._load(model, {record_id})
        return self._records.get((model, record_id))

    # --- values
    def render(self, value):
        if value is None or value is False:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            return self._number(value)
        if isinstance(value, list):
            return " ".join(filter(None, (self.render(item) for item in value)))
        if not isinstance(value, dict):
            return str(value)
        try:
            if "code" in value:
                return self._phrase(value)
            for kind, renderer in _RENDERERS.items():
                if kind in value:
                    return renderer(self, value)
        except (KeyError, TypeError, ValueError, AttributeError):
            return ""
        return str(value)

    def _phrase(self, value):
        source = CATALOGUE.get(value["code"])
        args = value.get("args") or {}
        if source is None or not isinstance(args, dict):
            return str(value["code"])
        args = {name: self.render(arg) for name, arg in args.items()}
        text = source._translate(self.env.lang or "en_US")
        for candidate in (text, source._source):
            # A translation whose placeholders are not the source's named
            # ones would format wrongly or fail: the source is used instead.
            if args and "%(" not in candidate:
                continue
            try:
                return candidate % args
            except (KeyError, TypeError, ValueError):
                continue
        return " ".join([source._source.split("%")[0].strip(), *args.values()])

    def _number(self, number, digits=2):
        """A number in the reader's format, without trailing zeros."""
        text = formatLang(
            self.env, number, digits=0 if float(number).is_integer() else digits
        )
        sep = self.lang.decimal_point or "."
        if sep in text:
            text = text.rstrip("0").rstrip(sep)
        return text

    def _local(self, moment):
        tz_name = self.env.context.get("tz") or self.env.user.tz or "UTC"
        try:
            return pytz.utc.localize(moment).astimezone(pytz.timezone(tz_name))
        except pytz.UnknownTimeZoneError:
            return pytz.utc.localize(moment)

    def money(self, value):
        currency = self.record("res.currency", value["currency"])
        if not currency:
            return formatLang(self.env, float(value["money"]))
        return format_amount(self.env, float(value["money"]), currency)

    def date(self, value):
        return format_date(self.env, value["date"])

    def day_of(self, value):
        moment = fields.Datetime.to_datetime(value["day_of"])
        return format_date(self.env, self._local(moment).date())

    def datetime(self, value):
        local = self._local(fields.Datetime.to_datetime(value["datetime"]))
        # The language's own date and time formats, without the seconds, as
        # the web client shows a datetime.
        time_format = re.sub(r"[:.]?%S秒?", "", self.lang.time_format or "%H:%M")
        return local.strftime(f"{self.lang.date_format or '%m/%d/%Y'} {time_format}")

    def records(self, value):
        ids = [i for i in (value.get("ids") or [])[:MAX_NAMES] if isinstance(i, int)]
        names = []
        for record_id in ids:
            record = self.record(value["records"], record_id)
            if record:
                names.append(record.display_name)
        # Names only: whoever reads the phrase reads the review it belongs to.
        return ", ".join(names)

    def qty(self, value):
        uom = self.record("uom.uom", value["uom"])
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        # Trailing zeros say nothing about a quantity: "3 Units", "2.5 kg".
        number = self._number(float(value["qty"]), digits=digits)
        return f"{number} {uom.name}" if uom else number

    def percent(self, value):
        return formatLang(self.env, float(value["percent"]) * 100.0, digits=0) + "%"

    def choice(self, value):
        model = value["choice"]
        if model not in self.env or value["field"] not in self.env[model]._fields:
            return str(value["value"])
        field_ = self.env[model]._fields[value["field"]]
        selection = field_._description_selection(self.env)
        return dict(selection).get(value["value"], str(value["value"]))

    def field(self, value):
        model = value["model"]
        if model not in self.env or value["field"] not in self.env[model]._fields:
            return str(value["field"])
        return (
            self.env[model]._fields[value["field"]].get_description(self.env)["string"]
        )

    def items(self, value):
        return str(value.get("sep", ", ")).join(
            filter(None, (self.render(item) for item in value["items"]))
        )


def _walk(value):
    """Every dict inside a stored value, depth first."""
    if isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        yield value
        for item in value.values():
            if isinstance(item, dict | list | tuple):
                yield from _walk(item)


# Value kind -> Renderer method; "choice" before "field" (a choice has a
# "field" key too).
_RENDERERS = {
    "money": Renderer.money,
    "datetime": Renderer.datetime,
    "day_of": Renderer.day_of,
    "date": Renderer.date,
    "records": Renderer.records,
    "qty": Renderer.qty,
    "percent": Renderer.percent,
    "choice": Renderer.choice,
    "field": Renderer.field,
    "items": Renderer.items,
}
