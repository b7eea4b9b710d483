# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly rollup of the line facts: one row per company, local month,
the line report's dimensions and the reason a line missed OTIF, with the line
facts' counts and quantities summed.

The refresh keeps it equal to the sum of the line facts by adding, per batch,
what the batch's line rows bring (``sign`` 1) after their upsert and taking
away what they brought (``sign`` -1) before it: the cost follows the batch,
not the history. Groups whose last line left are dropped. A record the rows
are grouped by that is deleted, or a partner merged into another, has its
rows added to those of the record they become (``merge_rows``).
"""

from odoo.tools import SQL

from .common import STAMP

# The columns a rollup row is found by. A NULL never equals another NULL in a
# unique index (before PostgreSQL 15's NULLS NOT DISTINCT): the many2one
# columns are compared as ``COALESCE(…, 0)``.
MONTH_KEY = ("date_month", "company_id", "evaluated")
MONTH_DIMENSIONS = (
    "currency_id",
    "partner_id",
    "country_id",
    "state_id",
    "product_id",
    "product_tmpl_id",
    "categ_id",
    "user_id",
    "team_id",
    "warehouse_id",
    "carrier_id",
)


# Why a judged line missed OTIF (NULL when it did not, or is pending).
MONTH_REASON = "otif_reason"


def month_key_expressions():
    """The unique index's expressions, also the ``ON CONFLICT`` target."""
    return [
        *MONTH_KEY,
        *(f"(COALESCE({name}, 0))" for name in MONTH_DIMENSIONS),
        f"(COALESCE({MONTH_REASON}, ''))",
    ]


def month_group_columns():
    """Column -> SQL over the line facts ``f`` of each key column of a
    rollup row. The month is the one the line fact stores (the order date's,
    in the company's time zone when the line was last refreshed): what is
    taken away is what was added, even after the time zone changed."""
    return {
        name: SQL.identifier("f", name)
        for name in (*MONTH_KEY, *MONTH_DIMENSIONS, MONTH_REASON)
    }


def summed_updates(table, measures, ratios):
    """The ``ON CONFLICT DO UPDATE`` assignments of a rollup row: each
    measure adds what comes in (``EXCLUDED``), each ratio is made again from
    the new sums (Σ numerator / Σ denominator).

    :param table: the rollup table
    :param measures: names of the summed columns
    :param ratios: dict ratio column -> (numerator, denominator, scale)
    :return: list of SQL
    """
    updates = [
        SQL(
            "%s = %s + EXCLUDED.%s",
            SQL.identifier(name),
            SQL.identifier(table, name),
            SQL.identifier(name),
        )
        for name in measures
    ]
    for ratio, (numerator, denominator, scale) in ratios.items():
        updates.append(
            SQL(
                "%s = (%s + EXCLUDED.%s) * %s / NULLIF(%s + EXCLUDED.%s, 0)",
                SQL.identifier(ratio),
                SQL.identifier(table, numerator),
                SQL.identifier(numerator),
                scale,
                SQL.identifier(table, denominator),
                SQL.identifier(denominator),
            )
        )
    return updates


def group_ratios(sums, ratios):
    """Each ratio of a new row, from its group's sums.

    :param sums: dict measure column -> SQL of the group's sum
    :param ratios: dict ratio column -> (numerator, denominator, scale)
    :return: dict ratio column -> SQL
    """
    return {
        ratio: SQL("%s * %s / NULLIF(%s, 0)", sums[num], scale, sums[den])
        for ratio, (num, den, scale) in ratios.items()
    }


def upsert_groups(table, groups, sums, ratios, source, uid, group_by=None):
    """``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE``: add each
    group's sums to the rollup row of its key, or make that row.

    :param table: the rollup table
    :param groups: dict key column -> SQL of the group's value
    :param sums: dict measure column -> SQL of the group's sum
    :param ratios: dict ratio column -> (numerator, denominator, scale)
    :param source: SQL of the ``FROM … WHERE …`` the groups come from
    :param uid: the user recorded as writer
    :param group_by: SQL of the grouping expressions (default: ``groups``)
    :return: SQL
    """
    columns = {**groups, **sums, **group_ratios(sums, ratios)}
    group_by = list(groups.values()) if group_by is None else group_by
    return SQL(
        """INSERT INTO %(table)s (create_uid, create_date, write_uid, write_date,
                                  %(names)s)
           SELECT %(uid)s, %(stamp)s, %(uid)s, %(stamp)s, %(values)s
             %(source)s
            GROUP BY %(group_by)s
            -- the same lock order in every batch: no deadlock between two
            ORDER BY %(group_by)s
        ON CONFLICT (%(key)s) DO UPDATE SET %(updates)s,
                  write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date""",
        table=SQL.identifier(table),
        names=SQL(", ").join(SQL.identifier(name) for name in columns),
        uid=uid,
        stamp=STAMP,
        values=SQL(", ").join(columns.values()),
        source=source,
        group_by=SQL(", ").join(group_by),
        key=SQL(", ").join(SQL(expr) for expr in month_key_expressions()),
        updates=SQL(", ").join(summed_updates(table, sums, ratios)),
    )


def month_delta(table, order_ids, sums, ratios, sign, uid):
    """Add to (``sign`` 1) or take from (``sign`` -1) the rollup rows what
    the line facts of these orders bring, group by group.

    :param table: the rollup table
    :param order_ids: tuple of ``sale.order`` ids; None for every line fact
    :param sums: dict measure column -> SQL over the line facts ``f``
    :param ratios: dict ratio column -> (numerator, denominator, scale)
    :param sign: 1 or -1
    :param uid: the user recorded as writer
    :return: SQL
    """
    source = SQL(
        "FROM order_analytics_line f WHERE %s",
        SQL("TRUE") if order_ids is None else SQL("f.order_id IN %s", order_ids),
    )
    # Never NULL: a NULL would stay in the row through every later sum. The
    # sign cancels out of a new row's ratios.
    signed = {
        name: SQL("%s * COALESCE(SUM(%s), 0)", sign, sql) for name, sql in sums.items()
    }
    return upsert_groups(table, month_group_columns(), signed, ratios, source, uid)


def merge_rows(table, field, src_ids, dst_id, measures, ratios, uid):
    """Add the rollup rows whose ``field`` is one of ``src_ids`` to the rows
    of the same key where it is ``dst_id`` (NULL when None), made if need
    be: sums added, ratios Σ numerator / Σ denominator. The rows themselves
    stay; the caller deletes them.

    :param table: the rollup table
    :param field: a column of ``MONTH_DIMENSIONS``
    :param src_ids: tuple of ids
    :param dst_id: an id, or None
    :param measures: names of the summed columns
    :param ratios: dict ratio column -> (numerator, denominator, scale)
    :param uid: the user recorded as writer
    :return: SQL
    """
    groups = {
        name: SQL.identifier("r", name)
        for name in (*MONTH_KEY, *MONTH_DIMENSIONS, MONTH_REASON)
    }
    group_by = [sql for name, sql in groups.items() if name != field]
    groups[field] = SQL("CAST(%s AS integer)", dst_id)
    sums = {name: SQL("SUM(%s)", SQL.identifier("r", name)) for name in measures}
    source = SQL(
        "FROM %s r WHERE %s IN %s",
        SQL.identifier(table),
        SQL.identifier("r", field),
        src_ids,
    )
    return upsert_groups(table, groups, sums, ratios, source, uid, group_by)


def delete_rows(table, field, ids):
    """Drop the rollup rows whose ``field`` is one of ``ids``."""
    return SQL(
        "DELETE FROM %s WHERE %s IN %s",
        SQL.identifier(table),
        SQL.identifier(field),
        ids,
    )


def drop_empty_months(table):
    """Drop the rollup rows no line counts in any more (a partial index keeps
    this a look at the few such rows)."""
    return SQL("DELETE FROM %s WHERE line_count <= 0", SQL.identifier(table))
