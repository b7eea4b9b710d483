# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What happens to a review stage: approved, rejected, questioned, answered,
put in front of its reviewers, escalated when overdue."""

from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.osv import expression
from odoo.tools import plaintext2html

from .. import phrases as ph


class SaleOrderReview(models.Model):
    _inherit = "sale.order.review"  # pylint: disable=consider-merging-classes-inherited

    def _approve(self, note=False, auto=False):
        """Approve these stages and move their orders on."""
        now = fields.Datetime.now()
        logs = []
        for review in self:
            override = review.blocking and review.check_result == "fail" and not auto
            review.sudo().write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.user.id if not auto else False,
                    "decided_on": now,
                    "decision_note": note,
                    "auto_approved": auto,
                    "overridden": override,
                }
            )
            if override:
                logs.append(
                    review._prepare_log_vals("overridden", note=note, internal=True)
                )
            logs.append(
                review._prepare_log_vals(
                    "auto_approved" if auto else "approved",
                    note=note,
                    internal=auto is False and bool(note),
                )
            )
        self._close_activities()
        self.order_id._review_log_many(logs)
        self.order_id._review_advance()

    def _reject(self, note):
        now = fields.Datetime.now()
        self.sudo().write(
            {
                "state": "rejected",
                "decided_by_id": self.env.user.id,
                "decided_on": now,
                "decision_note": note,
            }
        )
        self._close_activities()
        self.order_id._review_log_many(
            [review._prepare_log_vals("rejected", note=note) for review in self]
        )
        orders = self.order_id
        # The cycle ends here: its later stages will not run.
        orders.review_ids.filtered(lambda r: r.state == "waiting").sudo().write(
            {"state": "cancelled"}
        )
        orders._review_sudo().write(
            {"review_state": "rejected", "review_decided_on": now}
        )
        orders._review_notify("customer_order_review.mail_template_review_rejected")

    def _request_changes(self, question, question_to):
        self.sudo().write(
            {
                "state": "changes",
                "question": question,
                "question_to": question_to,
                "answer": False,
                "decided_by_id": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
        self._close_activities()
        self.order_id._review_log_many(
            [
                review._prepare_log_vals("changes_requested", note=question)
                for review in self
            ]
        )
        self.order_id._review_sudo().write({"review_state": "changes"})
        self.order_id._review_notify(
            "customer_order_review.mail_template_review_changes_requested"
        )

    def _answer(self, answer, author=None):
        """Record the answer to a change request and give the stage back to its
        reviewers.

        Only the addressee of the question answers (``_user_may_answer``):
        the salesperson's side through the answer wizard, the customer
        through the portal, which calls this in sudo with ``author``.

        :param answer: the text of the answer
        :param author: partner shown as the author in the chatter (default:
            the current user's partner; the customer for a visitor using the
            order's access link)
        :raise AccessError: the question is not addressed to the caller
        """
        # The one authorisation check of every answer (wizard, portal, code).
        self._ensure_may_answer(author=author)
        self.sudo().write({"answer": answer})
        self.order_id._review_log_many(
            [review._prepare_log_vals("answered", note=answer) for review in self]
        )
        for review in self:
            # The chatter is read by everyone following the order: its
            # sentence is written in the company's language, not the
            # customer's.
            order_sudo = review.order_id.sudo()
            company_env = self.with_context(lang=order_sudo._review_company_lang()).env
            order_sudo.message_post(
                body=company_env._(
                    'Answer to the review question "%(question)s": %(answer)s',
                    question=review.question,
                    answer=answer,
                ),
                author_id=(author or self.env.user.partner_id).id,
            )
        self._activate()
        self.order_id._review_sudo().write({"review_state": "in_review"})

    def _activate(self):
        """Put these stages in front of their reviewers: deadline and activity."""
        now = fields.Datetime.now()
        activity_type = self.env.ref(
            "customer_order_review.mail_activity_type_order_review",
            raise_if_not_found=False,
        )
        for review in self:
            reviewers = review.stage_id._get_reviewers(review.order_id)
            deadline = now + timedelta(hours=review.stage_id.sla_hours or 0.0)
            vals = {
                "state": "pending",
                # A stage given back after a question is undecided again.
                "decided_by_id": False,
                "decided_on": False,
                "activated_on": now,
                "deadline": deadline,
                "reviewer_ids": [(6, 0, reviewers.ids)],
            }
            if reviewers and activity_type:
                order_sudo = review.order_id.sudo()
                if self.env.user.share:
                    # A customer answering on the portal (maybe as the public
                    # user, without an email) is not the sender of the
                    # reviewers' notification: the review itself is.
                    order_sudo = order_sudo.with_user(SUPERUSER_ID)
                # An activity has one reader, its assignee: it is written in
                # their language.
                reader = review.with_context(lang=reviewers[0].lang or "en_US")
                activity = order_sudo.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=fields.Date.context_today(review, deadline),
                    summary=reader.env._("Review: %s", reader.stage_id.name),
                    note=plaintext2html(reader.check_message or ""),
                    user_id=reviewers[0].id,
                )
                vals["activity_id"] = activity.id
            review.sudo().write(vals)

    def _close_activities(self):
        # The feedback is posted in the order's chatter, in the company's
        # language.
        by_lang = defaultdict(lambda: self.env["mail.activity"].sudo())
        for review in self.sudo().filtered("activity_id"):
            by_lang[review.order_id._review_company_lang()] |= review.activity_id
        for lang, activities in by_lang.items():
            activities.action_feedback(
                feedback=self.with_context(lang=lang).env._("Review decided.")
            )

    def _escalate(self):
        """Hand overdue stages to their escalation target."""
        activity_type = self.env.ref(
            "customer_order_review.mail_activity_type_order_review",
            raise_if_not_found=False,
        )
        logs = []
        now = fields.Datetime.now()
        for review in self:
            target = review.stage_id.escalation_user_id
            if not target or target == review.order_id.user_id:
                continue
            vals = {"escalated_on": now, "reviewer_ids": [(4, target.id)]}
            if activity_type:
                reader = review.with_context(lang=target.lang or "en_US")
                vals["activity_id"] = (
                    review.order_id.sudo()
                    .activity_schedule(
                        activity_type_id=activity_type.id,
                        date_deadline=fields.Date.context_today(review),
                        summary=reader.env._(
                            "Overdue review: %s", reader.stage_id.name
                        ),
                        note=reader.env._(
                            "This review stage is past its deadline and was escalated "
                            "to you."
                        ),
                        user_id=target.id,
                    )
                    .id
                )
            review.sudo().write(vals)
            logs.append(
                review._prepare_log_vals(
                    "escalated",
                    auto_note=ph.phrase("log.escalated", user=ph.records(target)),
                    internal=True,
                )
            )
        self.order_id._review_log_many(logs)

    @api.model
    def _cron_escalate_overdue(self, batch_size=200):
        """Escalate pending stages past their deadline, once each; the cron
        commits nothing itself, so a crash simply retries the same batch."""
        return self._escalate_overdue(batch_size)

    @api.model
    def _escalate_overdue(self, batch_size):
        """Escalate one batch of overdue stages, oldest deadline first.

        :param int batch_size: most stages escalated by this call
        :return: number of stages escalated
        """
        overdue = self.search(
            self._escalate_overdue_domain(), order="deadline, id", limit=batch_size
        )
        overdue._escalate()
        return len(overdue)

    @api.model
    def _escalate_overdue_domain(self):
        """Pending stages past their deadline that can be escalated.

        A stage whose escalation target sells the order is never escalated
        (nobody reviews an order they sell): it is left out here, rather than
        skipped by ``_escalate``, so that it does not take a place in every
        batch and starve the stages after it. There is one branch per
        escalation target, and stages name few targets.
        """
        targets = (
            self.env["sale.review.stage"]
            .with_context(active_test=False)
            .sudo()
            .search([("escalation_user_id", "!=", False)])
            .escalation_user_id
        )
        if not targets:
            return expression.FALSE_DOMAIN
        return expression.AND(
            [
                [
                    ("state", "=", "pending"),
                    ("deadline", "<", fields.Datetime.now()),
                    ("escalated_on", "=", False),
                ],
                expression.OR(
                    [
                        [
                            ("stage_id.escalation_user_id", "=", target.id),
                            # "!=" also matches orders without a salesperson.
                            ("order_id.user_id", "!=", target.id),
                        ]
                        for target in targets
                    ]
                ),
            ]
        )
