# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class SaleReviewCachedConfig(models.AbstractModel):
    """Review configuration read on every confirmation and kept in
    ``ormcache``: any change to it clears the cache."""

    _name = "sale.review.cached.config"
    _description = "Cached Order Review Configuration"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
