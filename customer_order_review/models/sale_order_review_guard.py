# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The gate: the review's own fields are written only by the review (under
its sentinel), an order is confirmed only once approved, and a change of a
key value lapses the approval."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from .sale_order import (
    CONFIRMABLE,
    DEFERRED_LAPSE_KEY,
    GUARD_KEY,
    LAPSING,
    REVIEW_GUARD,
    _DeferredLapse,
)


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === GUARD === #
    @api.model
    def _review_protected_fields(self):
        """Order fields that only the review writes (under ``REVIEW_GUARD``)."""
        return {
            "review_state",
            "review_cycle",
            "review_ids",
            "review_log_ids",
            "review_submitted_on",
            "review_decided_on",
            "review_confirm_requested",
            "review_current_stage_id",
            "risk_score",
            "risk_level",
            "risk_details",
        }

    def _review_guarded(self):
        """Whether the caller is the review itself."""
        return self.env.context.get(GUARD_KEY) is REVIEW_GUARD

    def _review_sudo(self):
        """The orders as the review writes them: in sudo, under the guard.

        The only way to write the fields of ``_review_protected_fields``.
        """
        return self.sudo().with_context(**{GUARD_KEY: REVIEW_GUARD})

    def _review_ensure_guarded(self, names):
        """Refuse a change of the review's own fields from outside the review,
        whoever the caller (superuser included) and whatever the context."""
        forbidden = self._review_protected_fields() & set(names)
        if forbidden and not self._review_guarded():
            raise AccessError(
                self.env._(
                    "The review's own fields (%s) change only through the review: "
                    "submit, decide or confirm the order instead.",
                    ", ".join(sorted(self._fields[name].string for name in forbidden)),
                )
            )

    def _review_without_protected_defaults(self):
        """The model without ``default_`` context values for review fields
        (a grouped view's quick create sends them; so could anyone)."""
        if self._review_guarded():
            return self
        keys = {f"default_{name}" for name in self._review_protected_fields()}
        if not keys & self.env.context.keys():
            return self
        # Keys are removed, which keyword arguments cannot do.
        return self.with_context(  # pylint: disable=context-overridden
            {k: v for k, v in self.env.context.items() if k not in keys}
        )

    @api.model
    def _review_enabled_for(self, vals):
        """Whether the company of a new order's values reviews its orders."""
        company = (
            self.env["res.company"].browse(vals["company_id"])
            if vals.get("company_id")
            else self.env.company
        )
        return company.sudo().order_review_enabled

    def _review_ensure_confirmable(self, with_key_changes=False):
        """``state = 'sale'`` is reached only through the review: the orders of
        companies that review must have passed it (and not be changed by the
        same write)."""
        blocked = self.filtered(
            lambda o: (
                o.review_enabled
                and o.state != "sale"
                and (o.review_state not in CONFIRMABLE or with_key_changes)
            )
        )
        if blocked:
            raise AccessError(
                self.env._(
                    "%s cannot be set to confirmed directly: confirm it, so that it "
                    "passes its review first.",
                    ", ".join(blocked.mapped("name")),
                )
            )

    def _review_lapsable(self):
        """Orders whose approval (or ongoing review) a key change lapses."""
        return self.filtered(
            lambda o: (
                o.review_enabled
                and o.state in ("draft", "sent")
                and o.review_state in LAPSING
            )
        )

    def _review_lapse_for(self, changed):
        """A document of these orders (a line, a special requirement) changed:
        lapse their approval, unless an order write being made lapses them
        itself once it is done (``DEFERRED_LAPSE_KEY``)."""
        orders = self.exists()._review_lapsable()
        deferred = self.env.context.get(DEFERRED_LAPSE_KEY)
        if isinstance(deferred, _DeferredLapse):
            orders = orders.filtered(lambda o: o.id not in deferred.order_ids)
        if orders:
            orders._review_lapse(changed)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reviewed(self):
        reviewed = self.filtered("review_log_ids")
        if reviewed:
            raise UserError(
                self.env._(
                    "%s has a review history and cannot be deleted: cancel it instead.",
                    ", ".join(reviewed.mapped("name")),
                )
            )
