# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What every fact query shares: the stamp, the margin, the upsert."""

from odoo.tools import SQL

# The transaction's start time in UTC, as Odoo stores datetimes.
STAMP = SQL("(now() AT TIME ZONE 'UTC')")

# Quantities are compared after unit conversion: a float margin keeps 0.1 +
# 0.2 from missing 0.3.
QTY_EPSILON = 1e-6


def local_date(column):
    """SQL of the local calendar date of a UTC ``column``, in the time zone of
    the row's company (``tz``): a delivery at 01:00 in Shanghai is on that
    day, not on the day before."""
    return f"((({column}) AT TIME ZONE 'UTC') AT TIME ZONE tz)::date"


def upsert(table, with_sql, source, columns, conflict_column, uid):
    """``WITH … INSERT INTO table … SELECT … FROM source AS j ON CONFLICT DO
    UPDATE … RETURNING``: insert or refresh one fact row per source row,
    returning the key of each row written.

    :param table: the fact table
    :param with_sql: SQL of the ``WITH`` clause defining ``source``
    :param source: name of the CTE the rows come from (aliased ``j``)
    :param columns: dict column -> SQL over ``j``
    :param conflict_column: the unique column a row is found by
    :param uid: the user recorded as writer
    :return: SQL
    """
    names = list(columns)
    updates = [
        SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
        for name in [*names, "write_uid", "write_date"]
    ]
    return SQL(
        """%s
        INSERT INTO %s (create_uid, create_date, write_uid, write_date, %s)
        SELECT %s, %s, %s, %s, %s FROM %s j
        ON CONFLICT (%s) DO UPDATE SET %s
        RETURNING %s""",
        with_sql,
        SQL.identifier(table),
        SQL(", ").join(SQL.identifier(name) for name in names),
        uid,
        STAMP,
        uid,
        STAMP,
        SQL(", ").join(columns[name] for name in names),
        SQL.identifier(source),
        SQL.identifier(conflict_column),
        SQL(", ").join(updates),
        SQL.identifier(conflict_column),
    )


def delete_stale(table, order_ids, key_column, kept):
    """Drop the rows of these orders that the refresh just made did not
    write: their document is gone or no longer counts (a cancelled order).

    :param kept: the keys the upsert returned
    """
    return SQL(
        "DELETE FROM %s WHERE order_id IN %s AND NOT (%s = ANY(%s))",
        SQL.identifier(table),
        tuple(order_ids),
        SQL.identifier(key_column),
        list(kept),
    )
