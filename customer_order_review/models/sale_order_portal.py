# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# Review states in which the customer may pay: the review approved the order
# (or found nothing to review).
PAYABLE_REVIEW_STATES = ("approved", "not_needed")


class SaleOrder(models.Model):
    """What the customer may do with an order on the portal while it is
    reviewed: sale shows the Sign and Pay buttons, and its routes accept a
    signature or a payment, only when these methods say so."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === BUSINESS METHODS === #
    def _review_portal_blocking(self, payment=False):
        """Why the customer may neither sign nor pay the order now.

        Only for quotations of a company that reviews its orders; with the
        review off, the portal is plain Odoo's.

        :param bool payment: for a payment (from the order page or a payment
            link), which waits for the approval even when the order does not
            require one
        :return: ``False`` when the review does not stand in the way, else one of
            ``in_review`` (being reviewed or waiting for changes), ``rejected``,
            ``to_review`` (to be paid, but not approved yet: a payment is only
            taken once the review approved the order)
        """
        self.ensure_one()
        if not self.review_enabled or self.state not in (
            "draft",
            "sent",
        ):
            return False
        if self.review_state == "rejected":
            return "rejected"
        if self.review_state in ("in_review", "changes"):
            return "in_review"
        if self.review_state not in PAYABLE_REVIEW_STATES and (
            payment or self.require_payment
        ):
            # Signing would ask for a confirmation without the payment the
            # order requires: Sign & Pay wait for the approval together.
            return "to_review"
        return False

    def _has_to_be_signed(self):
        """Not while the review stands in the way: a signature never reopens a
        rejected order. A quotation not submitted yet may be signed when it
        needs no payment: the signature asks for its confirmation, which
        ``action_confirm`` holds until the review approves it."""
        return super()._has_to_be_signed() and not self._review_portal_blocking()

    def _has_to_be_paid(self):
        """Only once the review approved the order (review on): a payment is
        never taken for an order the review may still reject."""
        return super()._has_to_be_paid() and not self._review_portal_blocking(
            payment=True
        )

    def _review_portal_withheld(self):
        """What the review withholds that plain Odoo would offer on the order
        page (Sign, Pay), so that the page can say why it is missing.

        :return: a code of ``_review_portal_blocking``, or ``False``
        """
        self.ensure_one()
        blocking = self._review_portal_blocking()
        if blocking and (super()._has_to_be_signed() or super()._has_to_be_paid()):
            return blocking
        return False
