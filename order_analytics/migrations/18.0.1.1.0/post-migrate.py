# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0 adds the monthly rollup of the line facts, which the line
report opens on, and the local month each line fact counts in: fill the
month of the line facts already there (one statement, the company's time
zone today, as the refresh would), then sum them into the rollup (one
statement), so the report shows the same figures at once instead of after
every order changed again."""

from odoo import SUPERUSER_ID, api


def fill_line_months(cr):
    """The order date's month in its company's time zone, for every line
    fact (the refresh writes it for the rows it upserts)."""
    cr.execute(
        """UPDATE order_analytics_line f
              SET date_month = date_trunc(
                      'month',
                      (f.date_order AT TIME ZONE 'UTC')
                      AT TIME ZONE COALESCE(NULLIF(cp.tz, ''), 'UTC')
                  )::date
             FROM res_company c
             JOIN res_partner cp ON cp.id = c.partner_id
            WHERE c.id = f.company_id"""
    )


def migrate(cr, version):
    if not version:
        return
    fill_line_months(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["order.analytics.line.month"]._rebuild()
