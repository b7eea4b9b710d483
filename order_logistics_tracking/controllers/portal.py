# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
""" "Report a problem" on the customer's order page: a form, checked on the
server, that opens a delivery exception case for the order.

What reaches the customer is built by the ``_report_problem_*`` hooks from
records read in sudo; outcomes are codes turned into translated messages;
the case is opened in a savepoint, only once every check passed."""

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.sale.controllers.portal import CustomerPortal

from ..models.order_delivery_exception_customer import (
    MAX_OPEN_CUSTOMER_CASES,
    REPORTED_PROBLEM_TYPES,
    CustomerReportRefused,
)


def _text(value):
    """A text field of the form: only a string counts (a file part of the
    same name, which Odoo merges into the route's arguments, does not).

    :return: str, empty when ``value`` is no string
    """
    return value if isinstance(value, str) else ""


# Longest description a customer may send, in characters.
DESCRIPTION_MAX_LENGTH = 2000
# Photos per report, and the size of each.
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# All the photos of one report together.
MAX_PHOTOS_TOTAL_BYTES = 20 * 1024 * 1024
# Digits of a parcel id: more is no record id (and no ``int()`` of a huge
# number).
MAX_ID_DIGITS = 12
# The image types accepted, recognised from the file's content (never from
# what the browser says). No SVG: it may carry scripts.
PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
# The extension a stored photo is named with, from its checked type.
PHOTO_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
}
# Outcome codes the form page may show.
FORM_ERRORS = (
    "kind_missing",
    "description_missing",
    "description_too_long",
    "unknown_parcel",
    "too_many_photos",
    "photo_too_large",
    "photos_too_large",
    "not_an_image",
    "already_reported",
    "too_many_open",
    "not_recorded",
)
# Outcome codes the order page shows after a report.
ORDER_MESSAGES = ("problem_reported",)


class TrackingReportProblemPortal(CustomerPortal):
    """The customer's "Report a problem" form of an order, and the list of
    their cases on the order page (see ``sale.order._tracking_portal_cases``).
    """

    # === ROUTES === #
    @http.route()
    def portal_order_page(self, order_id, problem_message=None, **kwargs):
        """Add the outcome of a report to the order page rendered by
        ``sale``."""
        response = super().portal_order_page(order_id, **kwargs)
        qcontext = getattr(response, "qcontext", None)
        if qcontext and qcontext.get("sale_order"):
            qcontext["tracking_problem_message"] = self._report_problem_order_message(
                problem_message
            )
        return response

    @http.route(
        "/my/orders/<int:order_id>/report_problem",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_order_report_problem(self, order_id, access_token=None, **kwargs):
        """The "Report a problem" form of an order.

        :param int order_id: the ``sale.order``
        :param str access_token: the order's access token (not needed when
            the logged-in user may read the order)
        :return: the form, or a redirection when the visitor may not report
        """
        if access_token is not None and not isinstance(access_token, str):
            return request.redirect("/my")
        order_sudo = self._report_problem_order(order_id, access_token)
        if order_sudo is None:
            return request.redirect("/my")
        if not order_sudo._tracking_portal_can_report():
            return request.redirect(order_sudo.get_portal_url())
        return self._report_problem_render(order_sudo, access_token)

    @http.route(
        "/my/orders/<int:order_id>/report_problem",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_order_report_problem_submit(
        self,
        order_id,
        access_token=None,
        problem_kind=None,
        shipment_id=None,
        description=None,
        **kwargs,
    ):
        """Open a delivery exception case from the posted form, or show the
        form again with what is wrong (nothing is recorded then).

        :param str problem_kind: a key of ``REPORTED_PROBLEM_TYPES``
        :param str shipment_id: an ``order.shipment`` of the order, or empty
        :param str description: the customer's text
        :return: a redirection to the order page, or the form with errors
        """
        if access_token is not None and not isinstance(access_token, str):
            return request.redirect("/my")
        order_sudo = self._report_problem_order(order_id, access_token)
        if order_sudo is None:
            return request.redirect("/my")
        if not order_sudo._tracking_portal_can_report():
            return request.redirect(order_sudo.get_portal_url())
        form = {
            "problem_kind": _text(problem_kind),
            "shipment_id": _text(shipment_id).strip(),
            "description": _text(description)
            .replace("\x00", "")
            .replace("\r\n", "\n")
            .strip(),
        }
        photos, errors = self._report_problem_read_photos()
        errors = self._report_problem_check(order_sudo, form) + errors
        if not errors:
            try:
                # A savepoint: a refusal leaves nothing half-written.
                with request.env.cr.savepoint():
                    self._report_problem_create(order_sudo, form, photos)
            except CustomerReportRefused as refusal:
                errors = [refusal.code]
            except (UserError, ValidationError):
                errors = ["not_recorded"]
        if errors:
            return self._report_problem_render(
                order_sudo, access_token, form=form, errors=errors
            )
        return request.redirect(
            order_sudo.get_portal_url(
                query_string="&problem_message=problem_reported",
                anchor="order_tracking_cases",
            )
        )

    # === HOOKS === #
    def _report_problem_order(self, order_id, access_token):
        """The order the visitor reports on, if they may access it.

        :return: ``sale.order`` record in sudo, or None
        """
        try:
            return self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return None

    def _report_problem_kinds(self):
        """The problems a customer may report, in the visitor's language.

        :return: list of (code, label)
        """
        field = request.env["order.delivery.exception"]._fields["reported_problem"]
        labels = dict(field._description_selection(request.env))
        return [(code, labels[code]) for code in REPORTED_PROBLEM_TYPES]

    def _report_problem_parcel_values(self, shipment_sudo):
        """What the form shows of one parcel of the order.

        :param shipment_sudo: ``order.shipment`` record, in sudo
        :return: dict
        """
        return {
            "id": shipment_sudo.id,
            "reference": shipment_sudo.name,
            "carrier": shipment_sudo.carrier_id.name or "",
        }

    def _report_problem_values(self, order_sudo, access_token, form=None, errors=()):
        """Rendering values of the form page.

        :param order_sudo: ``sale.order`` record, in sudo
        :param str access_token: the token the visitor came with, if any
        :param dict form: what the visitor posted, to fill the form again
        :param errors: codes of ``FORM_ERRORS``
        :return: dict
        """
        messages = self._report_problem_messages()
        return {
            "sale_order": order_sudo,
            "page_name": "order",
            "access_token": access_token,
            "form_action": f"/my/orders/{order_sudo.id}/report_problem",
            "order_url": order_sudo.get_portal_url(),
            "problem_kinds": self._report_problem_kinds(),
            "parcels": [
                self._report_problem_parcel_values(shipment_sudo)
                for shipment_sudo in order_sudo.shipment_ids.sorted("id")
            ],
            "form": form or {},
            "errors": [messages[code] for code in errors if code in messages],
            "description_max_length": DESCRIPTION_MAX_LENGTH,
            "description_hint": request.env._(
                "%(max)s characters at most.", max=DESCRIPTION_MAX_LENGTH
            ),
            "photo_hint": request.env._(
                "Optional: up to %(count)s photos (JPEG, PNG, GIF or WebP) of "
                "%(size)s MB each.",
                count=MAX_PHOTOS,
                size=MAX_PHOTO_BYTES // (1024 * 1024),
            ),
            "photo_mimetypes": ",".join(PHOTO_MIMETYPES),
        }

    def _report_problem_render(self, order_sudo, access_token, form=None, errors=()):
        return request.render(
            "order_logistics_tracking.portal_order_report_problem",
            self._report_problem_values(
                order_sudo, access_token, form=form, errors=errors
            ),
        )

    def _report_problem_messages(self):
        """The form's error messages in the visitor's language.

        :return: dict code of ``FORM_ERRORS`` -> message
        """
        return {
            "kind_missing": request.env._("Choose what the problem is."),
            "description_missing": request.env._("Describe the problem."),
            "description_too_long": request.env._(
                "The description is too long: %(max)s characters at most.",
                max=DESCRIPTION_MAX_LENGTH,
            ),
            "unknown_parcel": request.env._("Choose one of the parcels of this order."),
            "too_many_photos": request.env._(
                "Attach %(max)s photos at most.", max=MAX_PHOTOS
            ),
            "photo_too_large": request.env._(
                "Each photo must be smaller than %(max)s MB.",
                max=MAX_PHOTO_BYTES // (1024 * 1024),
            ),
            "photos_too_large": request.env._(
                "All the photos together must be smaller than %(max)s MB.",
                max=MAX_PHOTOS_TOTAL_BYTES // (1024 * 1024),
            ),
            "not_an_image": request.env._(
                "Only photos can be attached (JPEG, PNG, GIF or WebP)."
            ),
            "already_reported": request.env._(
                "You already reported this problem on this order and we are "
                "working on it: we will get back to you."
            ),
            "too_many_open": request.env._(
                "This order already has %(max)s open reports: we will get back "
                "to you on them first.",
                max=MAX_OPEN_CUSTOMER_CASES,
            ),
            "not_recorded": request.env._(
                "Your report could not be recorded. Please try again or contact us."
            ),
        }

    def _report_problem_order_message(self, code):
        """The order page's message after a report, from its outcome code.

        :param str code: a code of ``ORDER_MESSAGES``, from the URL
        :return: str, or False
        """
        if code not in ORDER_MESSAGES:
            return False
        return request.env._(
            "Thank you: we received your report and will get back to you."
        )

    def _report_problem_read_photos(self):
        """The uploaded photos, checked: how many, their size, and that
        their content is an image (whatever the file name or the browser
        says).

        :return: (list of (file name, bytes, {"mimetype": type}), list of
            error codes)
        """
        uploads = [
            upload
            for upload in request.httprequest.files.getlist("photos")
            if upload.filename
        ]
        if len(uploads) > MAX_PHOTOS:
            return [], ["too_many_photos"]
        photos, errors, total = [], [], 0
        for upload in uploads:
            data = upload.read(MAX_PHOTO_BYTES + 1)
            total += len(data)
            mimetype = guess_mimetype(data) if data else None
            if len(data) > MAX_PHOTO_BYTES:
                errors.append("photo_too_large")
            elif mimetype not in PHOTO_MIMETYPES:
                errors.append("not_an_image")
            else:
                # Named from the checked type, never from the client's name:
                # the stored type follows the name.
                name = f"photo-{len(photos) + 1}.{PHOTO_EXTENSIONS[mimetype]}"
                photos.append((name, data, {"mimetype": mimetype}))
        if total > MAX_PHOTOS_TOTAL_BYTES:
            errors.append("photos_too_large")
        return photos, list(dict.fromkeys(errors))

    def _report_problem_check(self, order_sudo, form):
        """Check the posted form against the order.

        :param order_sudo: ``sale.order`` record, in sudo
        :param dict form: the stripped values posted
        :return: list of error codes of ``FORM_ERRORS``
        """
        errors = []
        if form["problem_kind"] not in REPORTED_PROBLEM_TYPES:
            errors.append("kind_missing")
        if (
            form["shipment_id"]
            and self._report_problem_shipment(order_sudo, form) is None
        ):
            errors.append("unknown_parcel")
        if not form["description"]:
            errors.append("description_missing")
        elif len(form["description"]) > DESCRIPTION_MAX_LENGTH:
            errors.append("description_too_long")
        return errors

    def _report_problem_shipment(self, order_sudo, form):
        """The parcel the form names, if it is one of the order's.

        :return: ``order.shipment`` record in sudo (empty when none is
            named), or None when the form names another one
        """
        Shipment = order_sudo.env["order.shipment"]
        value = form["shipment_id"]
        if not value:
            return Shipment
        if not (value.isascii() and value.isdigit()) or len(value) > MAX_ID_DIGITS:
            return None
        shipment_sudo = order_sudo.shipment_ids.filtered(lambda s: s.id == int(value))
        return shipment_sudo or None

    def _report_problem_author(self, order_sudo):
        """Who reports: the logged-in customer when they are of the order's
        customer, else (a visitor with the order's link, or someone else
        logged in who has it) the order's customer, as for ``sale``'s
        signature.

        :return: ``res.partner`` record
        """
        partner = request.env.user.partner_id
        if (
            not request.env.user._is_public()
            and partner.commercial_partner_id
            == order_sudo.partner_id.commercial_partner_id
        ):
            return partner
        return order_sudo.partner_id

    def _report_problem_create(self, order_sudo, form, photos):
        """Open the case of a checked report.

        :param order_sudo: ``sale.order`` record, in sudo
        :param dict form: the checked values posted
        :param list photos: (file name, bytes) of the checked photos
        :return: ``order.delivery.exception`` record
        """
        case, _created = request.env[
            "order.delivery.exception"
        ]._report_customer_problem(
            order_sudo,
            form["problem_kind"],
            form["description"],
            self._report_problem_author(order_sudo),
            shipment=self._report_problem_shipment(order_sudo, form),
            photos=photos,
        )
        return case
