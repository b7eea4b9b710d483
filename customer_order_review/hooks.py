# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from .models.sale_review_facts import INDEXES


def pre_init_hook(env):
    """Give existing orders their special requirement count in one statement
    (none has any yet) instead of letting the ORM compute it order by order."""
    if not column_exists(env.cr, "sale_order", "special_requirement_count"):
        env.cr.execute(
            "ALTER TABLE sale_order ADD COLUMN special_requirement_count int4 DEFAULT 0"
        )
        env.cr.execute(
            "ALTER TABLE sale_order ALTER COLUMN special_requirement_count DROP DEFAULT"
        )


def uninstall_hook(env):
    """Drop the indexes the addon added to tables it does not own."""
    for index in INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index.name)))
