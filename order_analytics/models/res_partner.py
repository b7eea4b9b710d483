# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .order_analytics_class import ABC_CLASSES, XYZ_CLASSES
from .product_product import USER_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === FIELDS === #
    # Per company, written only by the classification run (SQL): the
    # commercial partner carries them, as the facts count orders under it.
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
        help="Class by the coefficient of variation of the monthly revenue.",
    )
    analytics_rfm_segment_id = fields.Many2one(
        "order.analytics.rfm.segment",
        string="RFM Segment",
        company_dependent=True,
        readonly=True,
        groups=USER_GROUP,
        help="Segment by recency, frequency and revenue in the latest run.",
    )
