# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .order_analytics_class import ABC_CLASSES, XYZ_CLASSES

USER_GROUP = "order_analytics.group_order_analytics_user"


class ProductProduct(models.Model):
    _inherit = "product.product"

    # === FIELDS === #
    # Per company, written only by the classification run (SQL, see
    # order.analytics.class._store_current_classes).
    analytics_abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        company_dependent=True,
        readonly=True,
        groups=USER_GROUP,
        help="Class by cumulative revenue share in the latest classification.",
    )
    analytics_xyz_class = fields.Selection(
        XYZ_CLASSES,
        string="XYZ Class",
        company_dependent=True,
        readonly=True,
        groups=USER_GROUP,
        help="Class by the coefficient of variation of the monthly quantity.",
    )
