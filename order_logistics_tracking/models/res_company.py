# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    tracking_expire_days = fields.Integer(
        string="Expire Shipments After (Days)",
        default=30,
        help="A shipment without any new carrier event for this many days is "
        "marked expired and no longer tracked.",
    )
    tracking_poll_hours = fields.Integer(
        string="Poll Every (Hours)",
        default=4,
        help="How often shipments of carriers without push updates are asked "
        "for news.",
    )
    tracking_failure_threshold = fields.Integer(
        string="Pause a Provider After (Failures)",
        default=5,
        help="Consecutive failed calls after which a carrier's tracking "
        "provider is paused and the logistics managers are told.",
    )
    tracking_pause_minutes = fields.Integer(
        string="Pause Length (Minutes)",
        default=30,
        help="How long a failing provider is left alone before tracking "
        "tries it again by itself.",
    )
