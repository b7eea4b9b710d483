# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What happens to an order outside its review's own steps: held to be
confirmed once approved, or its approval lapsing when key values change."""

from odoo import models

from .. import phrases as ph
from ..phrases import phrase


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _review_hold(self):
        """Mark orders to be confirmed once approved, and tell the customer."""
        first_time = self.filtered(lambda o: not o.review_confirm_requested)
        if not first_time:
            return
        first_time._review_sudo().write({"review_confirm_requested": True})
        first_time._review_log_many(
            [
                {
                    "order_id": order.id,
                    "event": "held",
                    "auto_note": phrase(
                        "log.held",
                        state=ph.choice(self, "review_state", order.review_state),
                    ),
                }
                for order in first_time
            ]
        )
        first_time._review_notify(
            "customer_order_review.mail_template_review_submitted"
        )

    def _review_held_notification(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "title": self.env._("Order in review"),
                "message": self.env._(
                    "%s must pass its review before it is confirmed; it will be "
                    "confirmed automatically once approved.",
                    ", ".join(self.mapped("name")),
                ),
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _review_lapse(self, changed):
        """Key values changed: the approval (or the ongoing review) lapses and
        the review starts again."""
        approved = self.filtered(lambda o: o.review_state in ("approved", "not_needed"))
        ongoing = self - approved
        note = phrase(
            "log.changed",
            fields=ph.items(
                ph.field(self._name, name) for name in changed if name in self._fields
            ),
        )
        self._review_log_many(
            [{"order_id": o.id, "event": "lapsed", "auto_note": note} for o in approved]
            + [
                {"order_id": o.id, "event": "restarted", "auto_note": note}
                for o in ongoing
            ]
        )
        self._review_sudo().write({"review_state": "to_submit"})
        self._review_submit()
