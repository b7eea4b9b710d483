# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
        help="How often shipments of carriers without push updates are asked for news.",
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

    # --- exceptions --- #

    exception_no_scan_days = fields.Integer(
        string="No Scan Exception After (Days)",
        default=3,
        help="A shipment still on its way without any carrier event for this "
        "many days opens a 'no scan' delivery exception. 0 turns it off.",
    )
    exception_delay_grace_hours = fields.Integer(
        string="Delay Grace (Hours)",
        default=0,
        help="How long after the promised date (or by how much a carrier ETA "
        "may exceed it) before a 'delay' delivery exception opens.",
    )

    # --- notifications --- #

    # One switch per notified status (order.shipment._notification_settings).
    # Out for delivery is off by default: many carriers report it only hours
    # before "delivered", and two mails the same day read as noise.
    tracking_notify_shipped = fields.Boolean(
        string="Notify Shipped",
        default=True,
        help="Email the customer when a parcel of their order leaves with its "
        "carrier (the delivery is validated with a tracking reference).",
    )
    tracking_notify_out_for_delivery = fields.Boolean(
        string="Notify Out for Delivery",
        default=False,
        help="Email the customer when the carrier reports a parcel out for delivery.",
    )
    tracking_notify_delivered = fields.Boolean(
        string="Notify Delivered",
        default=True,
        help="Email the customer when the carrier reports a parcel delivered.",
    )
    # Off by default: a delivery problem opens an exception case whose
    # playbook tells the customer (one mail, with what is being done).
    tracking_notify_exception = fields.Boolean(
        string="Notify Delivery Problems",
        default=False,
        help="Email the customer when the carrier reports a problem with a "
        "parcel (status Exception).",
    )

    # --- survey --- #

    # === FIELDS === #
    tracking_survey_id = fields.Many2one(
        "survey.survey",
        string="Delivery Survey",
        default=lambda self: self._default_tracking_survey(),
        help="Sent once per order, some days after its last shipment is "
        "delivered. Empty: no survey is sent.",
    )
    tracking_survey_delay_days = fields.Integer(
        string="Send Survey After (Days)",
        default=3,
        help="Days between the delivery of an order's last shipment and the survey.",
    )
    tracking_survey_poor_csat = fields.Integer(
        string="Poor Satisfaction At Most",
        default=2,
        help="A satisfaction answer (1 to 5) at or below this value opens a "
        "customer complaint.",
    )
    tracking_survey_poor_nps = fields.Integer(
        string="Poor Recommendation At Most",
        default=6,
        help="A recommendation answer (0 to 10) at or below this value (a "
        "detractor) opens a customer complaint.",
    )

    # === DEFAULTS === #
    @api.model
    def _default_tracking_survey(self):
        return self.env.ref(
            "order_logistics_tracking.survey_delivery_satisfaction",
            raise_if_not_found=False,
        )

    # === BUSINESS === #
    @api.model
    def _tracking_survey_install_default(self):
        """At install, give the shipped survey to the companies that exist
        already (the field's default only reaches companies created later)."""
        survey = self._default_tracking_survey()
        if survey:
            self.sudo().search([("tracking_survey_id", "=", False)]).write(
                {"tracking_survey_id": survey.id}
            )
