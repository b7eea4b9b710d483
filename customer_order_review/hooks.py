# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL

from .models.sale_order import OPEN_LINES_INDEX


def uninstall_hook(env):
    """Drop the index the addon added to a table it does not own."""
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(OPEN_LINES_INDEX)))
