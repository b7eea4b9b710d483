# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delivery exception cases a customer reports from the portal order page
("Report a problem"): the portal controller checks the form, this opens the
case, once per submission."""

import hashlib
import time

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from .order_delivery_exception import DEFAULT_SEVERITY, OPEN_STATES

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
# Open customer cases an order may have at once: more reports wait until
# these are handled (the order's link is all a visitor needs to report).
MAX_OPEN_CUSTOMER_CASES = 3


class CustomerReportRefused(UserError):
    """A customer's report that is not opened: ``code`` is the portal form's
    message code (``already_reported``, ``too_many_open``)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


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
        for photo in photos:
            digest.update(hashlib.sha256(photo[1]).digest())
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
        # Who posts the form follows nothing by it (see
        # ``_post_customer_report``).
        Case = (
            self._case_sudo()
            .with_company(order.company_id)
            .with_context(mail_create_nosubscribe=True)
        )
        known = Case.with_context(active_test=False).search(
            [
                ("company_id", "=", order.company_id.id),
                ("cause_key", "in", [f"{prefix}:{slot}", f"{prefix}:{slot - 1}"]),
            ],
            limit=1,
        )
        if known:
            return known, False
        self._check_customer_report_allowed(order, kind)
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

    @api.model
    def _check_customer_report_allowed(self, order, kind):
        """Refuse a new report on ``order`` while one of the same problem is
        open, or while it has ``MAX_OPEN_CUSTOMER_CASES`` open customer cases.

        :raise CustomerReportRefused: when the report is not to be opened
        """
        open_cases = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("sale_id", "=", order.id),
                    ("source", "=", "customer"),
                    ("state", "in", OPEN_STATES),
                ]
            )
        )
        if kind in open_cases.mapped("reported_problem"):
            raise CustomerReportRefused(
                self.env._("This problem is already reported on this order."),
                "already_reported",
            )
        if len(open_cases) >= MAX_OPEN_CUSTOMER_CASES:
            raise CustomerReportRefused(
                self.env._("This order has too many open reports."),
                "too_many_open",
            )

    def _post_customer_report(self, description, author, photos):
        """Post the customer's text on the case, as ``author``, with the
        photos (attached to the case, typed as checked). ``author`` follows
        the case, and no one else is subscribed by the post (not a visitor
        of another customer who holds the order's link): staff replies
        reach the customer.

        :param list photos: (file name, bytes) or (file name, bytes,
            {"mimetype": checked type})
        """
        self.ensure_one()
        message = self.with_context(mail_create_nosubscribe=True).message_post(
            body=plaintext2html(description),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[photo[:2] for photo in photos],
        )
        for attachment, photo in zip(
            message.attachment_ids.sorted("id"), photos, strict=True
        ):
            mimetype = photo[2].get("mimetype") if len(photo) > 2 else None
            if mimetype and attachment.mimetype != mimetype:
                attachment.sudo().mimetype = mimetype
        partners = author | self.sale_id.partner_id
        self.message_subscribe(partner_ids=partners.ids)
        return message
