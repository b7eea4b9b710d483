# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .order_analytics_class import ABC_CLASSES, XYZ_CLASSES
from .product_product import USER_GROUP


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # === FIELDS === #
    # Classes belong to variants (order lines sell variants); a template shows
    # the best class among its variants and is found through them.
    analytics_abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        compute="_compute_analytics_classes",
        search="_search_analytics_abc_class",
        groups=USER_GROUP,
        help="The best ABC class among the variants.",
    )
    analytics_xyz_class = fields.Selection(
        XYZ_CLASSES,
        string="XYZ Class",
        compute="_compute_analytics_classes",
        search="_search_analytics_xyz_class",
        groups=USER_GROUP,
        help="The most regular XYZ class among the variants.",
    )

    # === COMPUTES === #
    @api.depends_context("company")
    @api.depends(
        "product_variant_ids.analytics_abc_class",
        "product_variant_ids.analytics_xyz_class",
    )
    def _compute_analytics_classes(self):
        for template in self:
            variants = template.product_variant_ids
            # "A" < "B" < "C" and "X" < "Y" < "Z": the smallest is the best.
            template.analytics_abc_class = min(
                variants.filtered("analytics_abc_class").mapped("analytics_abc_class"),
                default=False,
            )
            template.analytics_xyz_class = min(
                variants.filtered("analytics_xyz_class").mapped("analytics_xyz_class"),
                default=False,
            )

    def _search_analytics_abc_class(self, operator, value):
        return [("product_variant_ids.analytics_abc_class", operator, value)]

    def _search_analytics_xyz_class(self, operator, value):
        return [("product_variant_ids.analytics_xyz_class", operator, value)]
