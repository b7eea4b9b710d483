# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Insert many rows of a model in one statement per batch.

A mass review writes thousands of rows at once: six stages and seven log rows
or so per order. Through ``create`` each row costs about 0.3 ms of Python
(defaults, cache, one conversion per value); on 1,000 orders that was more
than half of the review (benchmarks/bench_order_review.py, mass review: 162
orders/s with ``create``, see the README of the benchmarks for the figure
after). Here the rows travel as one JSON array that PostgreSQL unpacks into
the table's row type (``json_populate_recordset``): one ``json.dumps`` in C
instead of one quoted parameter per value.

Only for models whose rows the caller fully describes: no defaults are
applied and no ``create`` override runs. The caller tells the ORM what
changed (:func:`insert_rows` returns the ids; ``records.modified`` and
``invalidate_recordset`` do the rest).
"""

import json

from odoo import fields
from odoo.tools import SQL, float_round, split_every

# Rows per INSERT statement.
BATCH_SIZE = 1000


def _converter(field, model):
    """How a create-format value of ``field`` becomes a JSON value that
    PostgreSQL casts to the column's type."""
    if field.type == "boolean":
        return lambda value, vals: bool(value)
    if field.type == "monetary":
        currency_field = field.get_currency_field(model)
        currencies = model.env["res.currency"]
        roundings = {}  # currency id -> its rounding: one read per currency

        def monetary(value, vals):
            currency_id = vals.get(currency_field)
            if currency_id not in roundings:
                roundings[currency_id] = currencies.browse(currency_id).rounding
            amount = float(value or 0.0)
            rounding = roundings[currency_id]
            return (
                float_round(amount, precision_rounding=rounding) if rounding else amount
            )

        return monetary
    if field.type == "datetime":
        # The rows of a batch mostly share their dates (the time of the
        # review): each is formatted once.
        texts = {}

        def datetime_text(value, vals):
            if value not in texts:
                texts[value] = fields.Datetime.to_string(value) or None
            return texts[value]

        return datetime_text
    if field.type == "date":
        return lambda value, vals: fields.Date.to_string(value) or None
    if field.type == "json":
        # Replaced by its place in the batch's shared values (see
        # insert_rows).
        return None
    if field.type in ("integer", "float"):
        return lambda value, vals: value or 0
    # many2one ids, selections, chars and texts: False is NULL.
    return lambda value, vals: value or None


def _columns(model):
    """The stored columns ``insert_rows`` writes, with their converters."""
    columns = {}
    for name, field in model._fields.items():
        if not field.store or not field.column_type or name == "id":
            continue
        if getattr(field, "translate", False) or field.company_dependent:
            raise ValueError(f"insert_rows cannot write {field}")
        columns[name] = _converter(field, model)
    return columns


def insert_rows(model, vals_list):
    """Insert rows of ``model`` from create-format values, in vals order.

    :param model: the model (any recordset of it)
    :param vals_list: list of dicts of simple values (ids, not commands);
        a missing field is NULL, required fields must be given;
        ``create_uid`` / ``write_uid`` / their dates are filled in unless given
    :return: the new ids, in the order of ``vals_list``
    """
    if not vals_list:
        return []
    columns = _columns(model)
    required = [name for name in columns if model._fields[name].required]
    stamp = {}
    if model._log_access:
        now = fields.Datetime.to_string(fields.Datetime.now())
        uid = model.env.uid
        stamp = {"create_uid": uid, "write_uid": uid}
        stamp.update(create_date=now, write_date=now)
    ids = []
    names = SQL(", ").join(SQL.identifier(name) for name in columns)
    selected = SQL(", ").join(
        SQL("s.doc -> (r.%s)::text::int", SQL.identifier(name))
        if convert is None
        else SQL("r.%s", SQL.identifier(name))
        for name, convert in columns.items()
    )
    for batch in split_every(BATCH_SIZE, vals_list):
        rows, shared = _batch_rows(model, batch, columns, required, stamp)
        # The sequence numbers rows in the order they are inserted, which
        # ORDER BY keeps as the order of the array: sorted ids are in vals
        # order.
        new_ids = model.env.execute_query(
            SQL(
                """WITH s AS (SELECT %(shared)s::jsonb AS doc)
                   INSERT INTO %(table)s (%(names)s)
                   SELECT %(selected)s
                     FROM json_populate_recordset(NULL::%(table)s, %(rows)s)
                          WITH ORDINALITY AS r, s
                    ORDER BY r.ordinality
                RETURNING id""",
                table=SQL.identifier(model._table),
                names=names,
                selected=selected,
                rows=json.dumps(rows, ensure_ascii=False),
                shared=json.dumps(shared, ensure_ascii=False),
            )
        )
        ids.extend(sorted(row[0] for row in new_ids))
    return ids


def _batch_rows(model, batch, columns, required, stamp):
    """The JSON rows of a batch, and the JSON values they share.

    A JSON value (an order's snapshot, which each of its log rows keeps) is
    sent once per batch however many rows hold it: the rows hold its place
    in the shared array.

    :return: (rows, shared values)
    """
    shared, places = [], {}

    def place(value):
        if not value:
            return None
        # By identity: the rows of one order hold the same snapshot object.
        if id(value) not in places:
            places[id(value)] = len(shared)
            shared.append(value)
        return places[id(value)]

    rows = []
    for vals in batch:
        missing = [name for name in required if not vals.get(name)]
        if missing:
            raise ValueError(f"{model._name} row without {', '.join(missing)}: {vals}")
        # A field left out is NULL, as ``create`` leaves it when it has no
        # default.
        row = dict(stamp)
        for name, value in vals.items():
            convert = columns[name]
            row[name] = place(value) if convert is None else convert(value, vals)
        rows.append(row)
    return rows, shared
