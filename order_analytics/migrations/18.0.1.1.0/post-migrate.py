# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0 adds the monthly rollup of the line facts, which the line
report opens on: sum the line facts already there into it (one statement),
so the report shows the same figures at once instead of after every order
changed again."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["order.analytics.line.month"]._rebuild()
