# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal
from odoo.addons.sale.controllers.portal import PaymentPortal as SalePaymentPortal

# Longest answer a customer may send from the portal, in characters.
ANSWER_MAX_LENGTH = 5000
# Outcome codes the answer route passes back to the order page; the template
# turns each into a translated message.
REVIEW_MESSAGES = (
    "answer_ok",
    "answer_empty",
    "answer_too_long",
    "answer_invalid",
    "no_question",
)
# Order states in which the page shows the review progress (once reviewed).
PROGRESS_ORDER_STATES = ("draft", "sent", "sale")
# Order states in which the customer may still answer a review question.
QUOTATION_STATES = ("draft", "sent")


def review_blocking_message(code):
    """The customer-facing reason why an order can be neither signed nor paid.

    :param str code: a code of ``sale.order._review_portal_blocking``
    :return: str, translated in the visitor's language
    """
    if code == "rejected":
        return _(
            "We cannot accept this order as it is, so it can no longer be signed "
            "or paid: your contact will get in touch with you."
        )
    if code == "in_review":
        return _(
            "This order is in review: it can be signed or paid once our review "
            "has approved it."
        )
    return _(
        "This order must pass our review before it can be paid: you can sign "
        "and pay it once our review has approved it."
    )


class OrderReviewPortal(CustomerPortal):
    """Review progress on the customer's order page, and the customer's answers
    to review questions.

    Everything shown to the customer is prepared here, from review records read
    in sudo: only the fields listed in ``_review_progress_stage_values`` reach the
    page, so check results, risk scores, reviewers and internal notes never do.
    """

    # === ROUTES === #
    @http.route()
    def portal_order_page(self, order_id, review_message=None, **kwargs):
        """Add the review progress to the order page rendered by ``sale``."""
        response = super().portal_order_page(order_id, **kwargs)
        qcontext = getattr(response, "qcontext", None)
        order_sudo = qcontext and qcontext.get("sale_order")
        if order_sudo:
            qcontext.update(
                self._review_progress_values(order_sudo, review_message=review_message)
            )
            qcontext.update(self._review_signing_values(order_sudo))
        return response

    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, **kwargs):
        """Refuse the signature of an order the review stands in the way of:
        nothing is stored, and a rejected order is not sent back into review.

        :return: the JSON answer of ``sale``, or ``{"error": message}``
        """
        token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=token
            )
        except (AccessError, MissingError):
            # sale answers with its own message.
            return super().portal_quote_accept(
                order_id, access_token=access_token, **kwargs
            )
        blocking = order_sudo._review_portal_blocking()
        if blocking:
            return {"error": review_blocking_message(blocking)}
        return super().portal_quote_accept(
            order_id, access_token=access_token, **kwargs
        )

    @http.route(
        "/my/orders/<int:order_id>/review/answer",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_order_review_answer(
        self, order_id, access_token=None, answer=None, review_id=None, **kwargs
    ):
        """Record the customer's answer to the review question waiting for them.

        :param int order_id: the ``sale.order`` the question is about
        :param str access_token: the order's access token (not needed when the
            logged-in user may read the order)
        :param str answer: the customer's answer
        :param str review_id: the ``sale.order.review`` the form was shown for;
            when it no longer waits for an answer, nothing is recorded
        :return: a redirection to the order page, with the outcome
        """
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        answer = (answer or "").strip()
        review_sudo = self._review_portal_question(order_sudo)
        error = self._review_check_answer(order_sudo, review_sudo, answer, review_id)
        if not error:
            try:
                # A savepoint, so that a refusal leaves nothing half-written.
                with request.env.cr.savepoint():
                    self._review_post_answer(order_sudo, review_sudo, answer)
            except UserError:
                # The question was closed in between (decided, order reset...).
                error = "no_question"
        return request.redirect(
            self._review_order_url(order_sudo, error or "answer_ok")
        )

    # === HOOKS === #
    def _review_progress_domain(self, order_sudo):
        """Domain of the review stages shown to the customer: the current cycle,
        without the stages that did not apply or were cancelled.

        :param order_sudo: ``sale.order`` record, in sudo
        :return: domain on ``sale.order.review``
        """
        return [
            ("order_id", "=", order_sudo.id),
            ("cycle", "=", order_sudo.review_cycle),
            ("state", "not in", ("skipped", "cancelled")),
        ]

    def _review_question_domain(self, order_sudo):
        """Domain of the review stages waiting for the customer's answer.

        :param order_sudo: ``sale.order`` record, in sudo
        :return: domain on ``sale.order.review``
        """
        return [
            ("order_id", "=", order_sudo.id),
            ("cycle", "=", order_sudo.review_cycle),
            ("state", "=", "changes"),
            ("question_to", "=", "customer"),
        ]

    def _review_show_progress(self, order_sudo):
        """Whether the order page shows the review progress: quotations that
        went through review and orders confirmed after a review, of a company
        that reviews its orders.

        :param order_sudo: ``sale.order`` record, in sudo
        :return: bool
        """
        return (
            order_sudo.review_enabled
            and bool(order_sudo.review_cycle)
            and order_sudo.state in PROGRESS_ORDER_STATES
        )

    def _review_portal_stages(self, order_sudo):
        """Review stages shown on the order page, in review order.

        :param order_sudo: ``sale.order`` record, in sudo
        :return: ``sale.order.review`` recordset, in sudo
        """
        return (
            request.env["sale.order.review"]
            .sudo()
            .search(self._review_progress_domain(order_sudo), order="sequence, id")
        )

    def _review_portal_question(self, order_sudo):
        """The review stage whose question waits for the customer, if any.

        :param order_sudo: ``sale.order`` record, in sudo
        :return: ``sale.order.review`` record (maybe empty), in sudo
        """
        Review = request.env["sale.order.review"].sudo()
        if not order_sudo.review_enabled or order_sudo.state not in QUOTATION_STATES:
            return Review
        domain = self._review_question_domain(order_sudo)
        return Review.search(domain, order="sequence, id", limit=1)

    def _review_portal_state(self, review_sudo):
        """State of a review stage as the customer sees it.

        :param review_sudo: ``sale.order.review`` record, in sudo
        :return: one of ``waiting``, ``in_review``, ``question``, ``approved``,
            ``rejected``
        """
        if review_sudo.state == "changes" and review_sudo.question_to == "customer":
            return "question"
        return {
            "waiting": "waiting",
            "approved": "approved",
            "rejected": "rejected",
        }.get(review_sudo.state, "in_review")

    def _review_progress_stage_values(self, review_sudo):
        """What the order page shows of one review stage.

        Only customer-facing values: never the check result or message, the
        risk, the reviewers or their notes.

        :param review_sudo: ``sale.order.review`` record, in sudo
        :return: dict
        """
        state = self._review_portal_state(review_sudo)
        if state in ("approved", "rejected", "question"):
            date = review_sudo.decided_on
        elif state == "in_review":
            date = review_sudo.activated_on
        else:
            date = False
        # The customer keeps the question asked to them, and their answer, once
        # answered; a question to the salesperson is internal.
        to_customer = review_sudo.question_to == "customer"
        return {
            "id": review_sudo.id,
            "name": review_sudo.stage_id.name,
            "state": state,
            "date": date,
            "question": review_sudo.question if to_customer else False,
            "answer": review_sudo.answer if to_customer else False,
        }

    def _review_progress_values(self, order_sudo, review_message=None):
        """Rendering values of the review progress section of the order page.

        :param order_sudo: ``sale.order`` record, in sudo
        :param str review_message: outcome code of a previous answer, from the URL
        :return: dict with key ``review_progress`` (False when nothing is shown)
        """
        if not self._review_show_progress(order_sudo):
            return {"review_progress": False}
        question_sudo = self._review_portal_question(order_sudo)
        confirm_requested = (
            order_sudo.review_confirm_requested and order_sudo.state in QUOTATION_STATES
        )
        message = review_message if review_message in REVIEW_MESSAGES else False
        return {
            "review_progress": {
                "stages": [
                    self._review_progress_stage_values(review_sudo)
                    for review_sudo in self._review_portal_stages(order_sudo)
                ],
                "review_state": order_sudo.review_state,
                "waiting_for": order_sudo.review_waiting_for,
                "confirm_requested": confirm_requested,
                "question_review_id": question_sudo.id,
                "answer_url": f"/my/orders/{order_sudo.id}/review/answer",
                "answer_max_length": ANSWER_MAX_LENGTH,
                "message": message,
            },
        }

    def _review_signing_values(self, order_sudo):
        """Rendering values telling the customer why Sign or Pay is missing, or
        that a signature asks for a confirmation that follows the review.

        :param order_sudo: ``sale.order`` record, in sudo
        :return: dict with key ``review_signing``: ``False``, or a dict with
            ``code`` (``after_review`` or a code of
            ``sale.order._review_portal_blocking``) and ``message``
        """
        withheld = order_sudo._review_portal_withheld()
        if withheld:
            return {
                "review_signing": {
                    "code": withheld,
                    "message": review_blocking_message(withheld),
                }
            }
        if (
            order_sudo.review_enabled
            and order_sudo.review_state == "to_submit"
            and order_sudo._has_to_be_signed()
        ):
            return {
                "review_signing": {
                    "code": "after_review",
                    "message": _(
                        "Sign now: we confirm your order once our review has "
                        "approved it."
                    ),
                }
            }
        return {"review_signing": False}

    def _review_check_answer(self, order_sudo, review_sudo, answer, review_id=None):
        """Validate an answer posted from the portal.

        :param order_sudo: ``sale.order`` record, in sudo
        :param review_sudo: the stage waiting for the customer (maybe empty)
        :param str answer: the stripped answer
        :param str review_id: the stage the form was shown for, if given
        :return: an error code of ``REVIEW_MESSAGES``, or False when valid
        """
        if not review_sudo or (review_id and str(review_id) != str(review_sudo.id)):
            return "no_question"
        if not answer:
            return "answer_empty"
        if len(answer) > ANSWER_MAX_LENGTH:
            return "answer_too_long"
        if "\x00" in answer:
            # PostgreSQL stores no NUL character in text.
            return "answer_invalid"
        return False

    def _review_post_answer(self, order_sudo, review_sudo, answer):
        """Record ``answer`` on ``review_sudo`` and give the stage back to its
        reviewers.

        :param order_sudo: ``sale.order`` record, in sudo
        :param review_sudo: ``sale.order.review`` record, in sudo
        :param str answer: the validated answer
        """
        # A visitor using the access link is the public user: the customer
        # (the order's partner) is the author, as for sale's signature.
        author = (
            order_sudo.partner_id
            if request.env.user._is_public()
            else request.env.user.partner_id
        )
        review_sudo._answer(answer, author=author)

    def _review_order_url(self, order_sudo, message):
        """URL of the order page showing the outcome ``message`` of an answer.

        :param order_sudo: ``sale.order`` record, in sudo
        :param str message: a code of ``REVIEW_MESSAGES``
        :return: str
        """
        return order_sudo.get_portal_url(
            query_string=f"&review_message={message}", anchor="order_review_progress"
        )


class OrderReviewPaymentPortal(SalePaymentPortal):
    """No payment is taken for an order the review has not approved."""

    @http.route()
    def portal_order_transaction(self, order_id, access_token, **kwargs):
        """Refuse to create a transaction for a quotation the review has not
        approved, with the reason (shown by the payment form).

        :raise: ValidationError when the review stands in the way
        """
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token
            )
        except (AccessError, MissingError):
            # sale raises its own errors.
            return super().portal_order_transaction(order_id, access_token, **kwargs)
        blocking = order_sudo._review_portal_blocking(payment=True)
        if blocking:
            raise ValidationError(review_blocking_message(blocking))
        return super().portal_order_transaction(order_id, access_token, **kwargs)
