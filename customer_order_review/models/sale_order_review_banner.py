# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    """What the review is waiting for, said on the order itself, like Odoo's
    credit-limit warning: built when read, in the reader's language."""

    # One concern per file: the banner is display, apart from the engine.
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # Internal: it names reviewers and quotes their questions and reasons,
    # which the portal page words for the customer on its own.
    review_banner = fields.Text(
        compute="_compute_review_banner",
        compute_sudo=True,
        string="Review Status",
        groups="base.group_user",
    )
    review_banner_level = fields.Selection(
        [("info", "Information"), ("warning", "Warning"), ("danger", "Danger")],
        compute="_compute_review_banner",
        compute_sudo=True,
        groups="base.group_user",
    )

    @api.depends(
        "review_state",
        "review_confirm_requested",
        "review_ids.state",
        "review_ids.question",
        "review_ids.decision_note",
        "review_ids.decided_by_id",
        "review_ids.reviewer_ids",
    )
    @api.depends_context("lang")
    def _compute_review_banner(self):
        for order in self:
            order.review_banner, order.review_banner_level = order._review_banner()

    def _review_banner(self):
        """The banner's text and level for this order (False when the review
        has nothing to say). Override to add cases."""
        self.ensure_one()
        if self.state not in ("draft", "sent") or not self.review_cycle:
            return False, False
        reviews = self.review_ids.sorted(lambda r: (r.sequence, r.id))
        _ = self.env._
        if self.review_state == "rejected":
            rejected = reviews.filtered(lambda r: r.state == "rejected")[:1]
            return (
                _(
                    "Rejected at %(stage)s: %(reason)s — fix the order and submit "
                    "it again.",
                    stage=rejected.stage_id.name,
                    reason=rejected.decision_note or _("no reason given"),
                ),
                "danger",
            )
        current = reviews.filtered(lambda r: r.state in ("pending", "changes"))[:1]
        if self.review_state == "changes" and current:
            reviewer = current.decided_by_id.name or current.stage_id.name
            if current.question_to == "customer":
                text = _(
                    "Waiting for the customer's answer to %(reviewer)s's question: "
                    "%(question)s",
                    reviewer=reviewer,
                    question=current.question,
                )
            else:
                text = _(
                    "%(reviewer)s asks, at %(stage)s: %(question)s — answer, or change "
                    "the order and submit it again.",
                    reviewer=reviewer,
                    stage=current.stage_id.name,
                    question=current.question,
                )
            return text, "warning"
        if self.review_state == "in_review" and current:
            text = _(
                "In review at %(stage)s, with %(reviewers)s.",
                stage=current.stage_id.name,
                reviewers=", ".join(current.reviewer_ids.mapped("name"))
                or _("no reviewer yet"),
            )
            if self.review_confirm_requested:
                text = " ".join(
                    [text, _("The order is confirmed as soon as it is approved.")]
                )
            return text, "info"
        return False, False
