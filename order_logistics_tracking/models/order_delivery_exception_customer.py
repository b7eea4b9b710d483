# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delivery exception cases a customer reports from the portal order page
("Report a problem"): the portal controller checks the form, this opens the
case, once per submission."""

import hashlib
import time

import psycopg2

from odoo import api, fields, models
from odoo.tools import plaintext2html

from .order_delivery_exception import DEFAULT_SEVERITY

# What a customer may report, in their words.
REPORTED_PROBLEMS = [
    ("damaged", "Damaged"),
    ("missing", "Missing Items"),
    ("wrong_item", "Wrong Item"),
]
# The exception type each reported problem opens. The types are the
# coordinators' vocabulary: playbooks, deadlines and the exception KPIs key on
# them, so a customer's report joins an existing type rather than adding one
# that no playbook nor report knows:
# - goods the customer did not get are, for the business, lost goods: the
#   "lost" playbook (tell the managers, reship, compensate) is what they need;
# - a wrong item is no carrier problem but a complaint about what was sent:
#   the complaint playbook follows it up.
# What the customer said stays on the case (``reported_problem``).
REPORTED_PROBLEM_TYPES = {
    "damaged": "damaged",
    "missing": "lost",
    "wrong_item": "customer_complaint",
}
# Seconds within which an identical report is the same submission (a double
# click, a reload of the posted form).
DUPLICATE_WINDOW = 60


class OrderDeliveryException(models.Model):
    _inherit = "order.delivery.exception"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #
    reported_problem = fields.Selection(
        REPORTED_PROBLEMS,
        readonly=True,
        copy=False,
        help="What the customer reported from the portal; the type is what it "
        "means for the delivery.",
    )

    # === BUSINESS === #
    @api.model
    def _customer_report_cause(self, order, kind, shipment, description, photos):
        """The cause key of a customer's report: the order and a digest of
        what was sent, so that the same submission opens one case. The unique
        index on cause keys also stops two identical submissions that arrive
        at the same time.

        :return: (cause key prefix, current time slot)
        """
        digest = hashlib.sha256()
        for part in (kind, str(shipment.id or ""), description):
            digest.update(part.encode())
            digest.update(b"\0")
        for _name, data in photos:
            digest.update(hashlib.sha256(data).digest())
        return f"portal:{order.id}:{digest.hexdigest()[:24]}", int(
            time.time() // DUPLICATE_WINDOW
        )

    @api.model
    def _prepare_customer_report_vals(self, order, kind, shipment, cause_key):
        """Values of the case a customer reports on ``order``.

        :param order: ``sale.order`` record
        :param str kind: a key of ``REPORTED_PROBLEM_TYPES``
        :param shipment: ``order.shipment`` record of the order, or empty
        :param str cause_key: see ``_customer_report_cause``
        :return: dict
        """
        exception_type = REPORTED_PROBLEM_TYPES[kind]
        picking = shipment.picking_id or self._customer_report_picking(order)
        return {
            "exception_type": exception_type,
            "severity": DEFAULT_SEVERITY[exception_type],
            "reported_problem": kind,
            "source": "customer",
            "cause_key": cause_key,
            "sale_id": order.id,
            "picking_id": picking.id,
            "shipment_id": shipment.id,
            "partner_id": order.partner_id.id,
            "company_id": order.company_id.id,
        }

    @api.model
    def _customer_report_picking(self, order):
        """The delivery a report names no parcel of is about: the order's
        only done delivery, or none when there are several.

        :return: ``stock.picking`` record, maybe empty
        """
        done = order.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        return done if len(done) == 1 else done.browse()

    @api.model
    def _report_customer_problem(
        self, order, kind, description, author, shipment=None, photos=()
    ):
        """Open the case a customer reports from the portal, once: an
        identical report of the last minute is the same submission.

        The case is opened by the case process (in sudo) like a detected one:
        its deadline and playbook follow. The customer's text is posted on
        its chatter as ``author``, with the photos attached to the case.

        :param order: ``sale.order`` record the visitor may access
        :param str kind: a key of ``REPORTED_PROBLEM_TYPES``
        :param str description: the customer's text, checked
        :param author: ``res.partner`` record, the customer
        :param shipment: ``order.shipment`` record of ``order``, or None
        :param list photos: (file name, bytes) of checked images
        :return: (case record, whether it was opened now); the case is
            empty when an identical submission opened it at the same time
        """
        shipment = shipment or self.env["order.shipment"]
        prefix, slot = self._customer_report_cause(
            order, kind, shipment, description, photos
        )
        Case = self._case_sudo().with_company(order.company_id)
        known = Case.with_context(active_test=False).search(
            [
                ("company_id", "=", order.company_id.id),
                ("cause_key", "in", [f"{prefix}:{slot}", f"{prefix}:{slot - 1}"]),
            ],
            limit=1,
        )
        if known:
            return known, False
        vals = self._prepare_customer_report_vals(
            order, kind, shipment, f"{prefix}:{slot}"
        )
        try:
            with self.env.cr.savepoint():
                case = Case.create(vals)
        except psycopg2.errors.UniqueViolation:
            # The same submission, arriving at the same time from a double
            # click, opened it in a transaction this one cannot see yet.
            return Case.browse(), False
        case._post_customer_report(description, author, photos)
        return case, True

    def _post_customer_report(self, description, author, photos):
        """Post the customer's text on the case, as ``author``, with the
        photos (attached to the case)."""
        self.ensure_one()
        return self.message_post(
            body=plaintext2html(description),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=list(photos),
        )
