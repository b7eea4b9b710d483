# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Check messages and skip reasons were stored as text before 18.0.1.1.0;
they are stored as phrases since. Keep the old text: a phrase may be plain
text, shown as it is."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

RENAMED = (("check_message", "check_findings"), ("skip_reason", "skip_phrase"))


def migrate(cr, version):
    if not version:
        return
    for old, new in RENAMED:
        if column_exists(cr, "sale_order_review", old):
            cr.execute(
                SQL(
                    "UPDATE sale_order_review SET %(new)s = to_jsonb(%(old)s) "
                    "WHERE %(new)s IS NULL AND %(old)s IS NOT NULL",
                    new=SQL.identifier(new),
                    old=SQL.identifier(old),
                )
            )
