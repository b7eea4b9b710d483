# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly rollup of the line facts: one row per company, local month,
the line report's dimensions and the reason a line missed OTIF, with the line
facts' counts and quantities summed.

The refresh keeps it equal to the sum of the line facts by adding, per batch,
what the batch's line rows bring (``sign`` 1) after their upsert and taking
away what they brought (``sign`` -1) before it: the cost follows the batch,
not the history. Groups whose last line left are dropped.
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
    """Column -> SQL over the line facts ``f`` (and their company's partner
    ``cp``) of each key column of a rollup row."""
    columns = {
        name: SQL.identifier("f", name)
        for name in ("company_id", "evaluated", *MONTH_DIMENSIONS, MONTH_REASON)
    }
    # The month of the order date in the company's time zone, like the
    # promise windows: an order at 01:00 on 1 December in Shanghai is
    # December's.
    columns["date_month"] = SQL(
        """date_trunc('month', (f.date_order AT TIME ZONE 'UTC')
                     AT TIME ZONE COALESCE(NULLIF(cp.tz, ''), 'UTC'))::date"""
    )
    return columns


def month_delta(table, order_ids, sums, ratios, sign, uid):
    """``INSERT … SELECT … ON CONFLICT DO UPDATE``: add to (``sign`` 1) or
    take from (``sign`` -1) the rollup rows what the line facts of these
    orders bring, group by group.

    :param table: the rollup table
    :param order_ids: tuple of ``sale.order`` ids; None for every line fact
    :param sums: dict measure column -> SQL over the line facts ``f``
    :param ratios: dict ratio column -> (numerator, denominator, scale)
    :param sign: 1 or -1
    :param uid: the user recorded as writer
    :return: SQL
    """
    groups = month_group_columns()
    names = [*groups, *sums]
    table_sql = SQL.identifier(table)
    updates = [
        SQL(
            "%s = %s + EXCLUDED.%s",
            SQL.identifier(name),
            SQL.identifier(table, name),
            SQL.identifier(name),
        )
        for name in sums
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
    # A new row's own ratios; the sign cancels out.
    row_ratios = [
        SQL("SUM(%s) * %s / NULLIF(SUM(%s), 0)", sums[num], scale, sums[den])
        for num, den, scale in ratios.values()
    ]
    return SQL(
        """INSERT INTO %(table)s (create_uid, create_date, write_uid, write_date,
                                  %(names)s, %(ratio_names)s)
           SELECT %(uid)s, %(stamp)s, %(uid)s, %(stamp)s, %(groups)s, %(sums)s,
                  %(row_ratios)s
             FROM order_analytics_line f
             JOIN res_company c ON c.id = f.company_id
             JOIN res_partner cp ON cp.id = c.partner_id
            WHERE %(orders)s
            GROUP BY %(group_by)s
            -- the same lock order in every batch: no deadlock between two
            ORDER BY %(group_by)s
        ON CONFLICT (%(key)s) DO UPDATE SET %(updates)s,
                  write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date""",
        table=table_sql,
        names=SQL(", ").join(SQL.identifier(name) for name in names),
        ratio_names=SQL(", ").join(SQL.identifier(name) for name in ratios),
        uid=uid,
        stamp=STAMP,
        groups=SQL(", ").join(groups.values()),
        # Never NULL: a NULL would stay in the row through every later sum.
        sums=SQL(", ").join(
            SQL("%s * COALESCE(SUM(%s), 0)", sign, sql) for sql in sums.values()
        ),
        row_ratios=SQL(", ").join(row_ratios),
        orders=SQL("TRUE") if order_ids is None else SQL("f.order_id IN %s", order_ids),
        group_by=SQL(", ").join(groups.values()),
        key=SQL(", ").join(SQL(expr) for expr in month_key_expressions()),
        updates=SQL(", ").join(updates),
    )


def drop_empty_months(table):
    """Drop the rollup rows no line counts in any more (a partial index keeps
    this a look at the few such rows)."""
    return SQL("DELETE FROM %s WHERE line_count <= 0", SQL.identifier(table))
