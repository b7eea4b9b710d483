# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountAccount(models.Model):
    _inherit = "account.account"

    # The review keeps the ids of the receivable accounts in ``ormcache``
    # (``sale.review.check._receivable_account_ids``): a change of which
    # accounts are receivable clears it.
    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        if "asset_receivable" in accounts.mapped("account_type"):
            self.env.registry.clear_cache()
        return accounts

    def write(self, vals):
        if "account_type" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
