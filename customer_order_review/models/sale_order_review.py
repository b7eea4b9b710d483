# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import plaintext2html

from .. import phrases as ph

REVIEW_STATES = [
    ("waiting", "Waiting"),
    ("pending", "To review"),
    ("changes", "Changes requested"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("skipped", "Skipped"),
    ("cancelled", "Cancelled"),
]
DUE_SOON_HOURS = 4


class SaleOrderReview(models.Model):
    """One stage of one review cycle of an order: what it checked, who may
    decide it, by when, and what was decided."""

    _name = "sale.order.review"
    _description = "Order Review Stage"
    _order = "order_id, cycle desc, sequence, id"
    _rec_names_search = ["order_id", "stage_id"]

    # === FIELDS === #
    order_id = fields.Many2one(
        "sale.order", required=True, readonly=True, index=True, ondelete="cascade"
    )
    stage_id = fields.Many2one(
        "sale.review.stage", required=True, readonly=True, ondelete="restrict"
    )
    sequence = fields.Integer(readonly=True)
    cycle = fields.Integer(readonly=True, default=1)
    active = fields.Boolean(default=True, readonly=True)
    # The order's company, given by the review when it lays out a cycle (a
    # plain field rather than a precomputed related one: a confirmation
    # creates half a dozen stages at once).
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    salesperson_id = fields.Many2one(related="order_id.user_id", string="Salesperson")
    amount_total = fields.Monetary(related="order_id.amount_total")
    currency_id = fields.Many2one(related="order_id.currency_id")
    risk_score = fields.Float(related="order_id.risk_score")
    risk_level = fields.Selection(related="order_id.risk_level")
    state = fields.Selection(
        REVIEW_STATES, required=True, default="waiting", readonly=True, index=True
    )
    check_code = fields.Selection(related="stage_id.check_code")
    check_result = fields.Selection(
        [("pass", "Passed"), ("warn", "Warning"), ("fail", "Failed")], readonly=True
    )
    # What the check found and the evidence, stored as phrases (codes and
    # typed values, see ``phrases.py``) and shown in the reader's language.
    check_findings = fields.Json(readonly=True)
    check_message = fields.Text(compute="_compute_check_message")
    check_evidence = fields.Json(readonly=True)
    check_evidence_display = fields.Html(compute="_compute_check_evidence_display")
    checked_on = fields.Datetime(
        readonly=True, help="When the automatic check gathered its evidence."
    )
    blocking = fields.Boolean(readonly=True)
    skip_phrase = fields.Json(readonly=True)
    skip_reason = fields.Text(compute="_compute_skip_reason")
    reviewer_ids = fields.Many2many("res.users", string="Reviewers", readonly=True)
    activated_on = fields.Datetime(readonly=True)
    deadline = fields.Datetime(readonly=True, index=True)
    sla_state = fields.Selection(
        [("on_time", "On time"), ("due_soon", "Due soon"), ("overdue", "Overdue")],
        compute="_compute_sla_state",
        string="SLA",
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)
    decision_note = fields.Text(readonly=True)
    auto_approved = fields.Boolean(readonly=True)
    overridden = fields.Boolean(readonly=True)
    escalated_on = fields.Datetime(readonly=True)
    question = fields.Text(readonly=True)
    question_to = fields.Selection(
        [("salesperson", "Salesperson"), ("customer", "Customer")], readonly=True
    )
    answer = fields.Text(readonly=True)
    answered = fields.Boolean(
        compute="_compute_answered",
        help="The question of this stage was answered and the stage waits for "
        "its reviewers again.",
    )
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    can_decide = fields.Boolean(compute="_compute_can_decide")
    # The state as a reader tells it apart: approved by a person or by itself.
    display_state = fields.Selection(
        [*REVIEW_STATES, ("auto", "Approved (auto)"), ("answered", "Answered")],
        string="Status",
        compute="_compute_display_state",
    )
    # Shown on the special requirements stage, where its reviewer decides
    # their feasibility.
    special_requirement_ids = fields.One2many(
        related="order_id.special_requirement_ids", string="Special Requirements"
    )

    # === COMPUTES === #
    @api.depends("order_id.name", "stage_id.name")
    def _compute_display_name(self):
        for review in self:
            review.display_name = (
                f"{review.sudo().order_id.name} \N{EN DASH} {review.stage_id.name}"
            )

    @api.depends("state", "deadline")
    def _compute_sla_state(self):
        now = fields.Datetime.now()
        for review in self:
            if review.state != "pending" or not review.deadline:
                review.sla_state = False
            elif review.deadline < now:
                review.sla_state = "overdue"
            elif review.deadline < now + timedelta(hours=DUE_SOON_HOURS):
                review.sla_state = "due_soon"
            else:
                review.sla_state = "on_time"

    @api.depends("state", "answer")
    def _compute_answered(self):
        for review in self:
            review.answered = review.state == "pending" and bool(review.answer)

    @api.depends("state", "auto_approved", "answer")
    def _compute_display_state(self):
        for review in self:
            if review.state == "approved" and review.auto_approved:
                review.display_state = "auto"
            elif review.state == "pending" and review.answer:
                review.display_state = "answered"
            else:
                review.display_state = review.state

    @api.depends_context("uid")
    @api.depends("state", "reviewer_ids", "order_id.user_id")
    def _compute_can_decide(self):
        for review in self:
            review.can_decide = review._user_may_decide(self.env.user)

    # === ACTIONS === #
    def action_open_decision(self):
        """Open the decision wizard on this stage."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide %s", self.stage_id.name),
            "res_model": "sale.order.review.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_review_id": self.id},
        }

    def action_open_order(self):
        """Open the order of this stage: in the sales form for salespeople, in
        the reviewer's read-only form for the others (the sales form reads
        deliveries and templates that they may not read)."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            view = self.env.ref("customer_order_review.sale_order_view_form_reviewer")
            action["views"] = [(view.id, "form")]
        return action

    # === BUSINESS METHODS === #
    def _user_may_decide(self, user, override=False):
        """Whether ``user`` may decide this stage now.

        Reviewers decide the stages assigned to them; a review manager may
        decide any stage (and override a blocking check). Nobody decides a
        stage of an order they sell. This is the only rule: the decision
        wizard, the feasibility buttons and the ``can_decide`` flag of the
        views all ask it (through ``_ensure_may_decide`` when acting).

        :param user: ``res.users`` record
        :param bool override: whether the decision overrides a failed
            blocking check (review managers only)
        :return: bool
        """
        self.ensure_one()
        # The reviewer may not be allowed to read the order itself yet.
        if self.state != "pending" or user == self.sudo().order_id.user_id:
            return False
        is_manager = user.has_group("customer_order_review.group_order_review_manager")
        if override:
            return is_manager
        return user in self.sudo().reviewer_ids or is_manager

    def _ensure_may_decide(self, decision):
        """Raise unless the current user may take ``decision`` on these stages.

        :param str decision: ``approve``, ``reject``, ``changes`` (the
            decision wizard) or ``feasibility`` (a special requirement's
            feasibility, decided on its stage)
        :raise AccessError: the user may not decide these stages
        :raise UserError: a stage is not waiting for a decision, or its state
            forbids this decision
        """
        user = self.env.user
        for review in self:
            order_sudo = review.sudo().order_id
            if review.state != "pending":
                raise UserError(
                    self.env._(
                        "Stage %(stage)s of %(order)s is not waiting for a decision.",
                        stage=review.stage_id.name,
                        order=order_sudo.name,
                    )
                )
            if user == order_sudo.user_id:
                raise AccessError(
                    self.env._("You sell %s: you cannot review it.", order_sudo.name)
                )
            if not review._user_may_decide(user):
                raise AccessError(
                    self.env._(
                        "Stage %(stage)s of %(order)s is not assigned to you.",
                        stage=review.stage_id.name,
                        order=order_sudo.name,
                    )
                )
            blocked = (
                decision == "approve"
                and review.blocking
                and review.check_result == "fail"
            )
            if blocked and not review._user_may_decide(user, override=True):
                raise UserError(
                    self.env._(
                        "The check of stage %s failed and blocks approval: only a "
                        "review manager can override it, with a reason.",
                        review.stage_id.name,
                    )
                )
            if (
                decision == "approve"
                and review.check_code == "special"
                and order_sudo.special_requirement_ids.filtered(
                    lambda r: r.feasibility == "pending"
                )
            ):
                raise UserError(
                    self.env._(
                        "Decide the feasibility of every special requirement of %s "
                        "first.",
                        order_sudo.name,
                    )
                )

    def _user_may_answer(self, user, author=None):
        """Whether ``user`` may answer the question of this stage.

        Only the addressee answers:

        - a question to the salesperson: the order's salesperson, or for the
          team the leader of the order's sales team or a sales manager
          (Sales / Administrator), who stand in for an absent salesperson;
        - a question to the customer: only the customer, through the portal,
          which calls ``_answer`` in sudo with the customer's partner as
          ``author``. An internal user never answers for the customer, even
          in sudo: the author must be a partner of the customer (or a
          follower of the order) without an internal user.

        :param user: ``res.users`` record (the caller)
        :param author: ``res.partner`` record given by the portal, or None
        :return: bool
        """
        self.ensure_one()
        order_sudo = self.sudo().order_id
        if self.question_to == "customer":
            if not (self.env.su and author):
                return False
            author_sudo = author.sudo()
            if author_sudo.user_ids.filtered(lambda u: not u.share):
                return False
            customer = order_sudo.partner_id.commercial_partner_id
            return (
                author_sudo.commercial_partner_id == customer
                or author_sudo in order_sudo.message_partner_ids
            )
        if self.question_to == "salesperson":
            return (
                user == order_sudo.user_id
                or user == order_sudo.team_id.user_id
                or user.has_group("sales_team.group_sale_manager")
            )
        return False

    def _ensure_may_answer(self, author=None):
        """Raise unless the current user may answer the questions of these
        stages now (see ``_user_may_answer``).

        :param author: ``res.partner`` record given by the portal, or None
        :raise UserError: a stage waits for no answer
        :raise AccessError: the question is not addressed to the caller
        """
        for review in self:
            order_sudo = review.sudo().order_id
            if review.state != "changes":
                raise UserError(
                    self.env._(
                        "No question is waiting for an answer on %s.",
                        order_sudo.name,
                    )
                )
            if not review._user_may_answer(self.env.user, author=author):
                raise AccessError(
                    self.env._(
                        "The question of stage %(stage)s of %(order)s is addressed "
                        "to %(addressee)s: only they can answer it.",
                        stage=review.stage_id.name,
                        order=order_sudo.name,
                        addressee=dict(
                            self._fields["question_to"]._description_selection(self.env)
                        ).get(review.question_to, review.question_to),
                    )
                )

    def _approve(self, note=False, auto=False):
        """Approve these stages and move their orders on."""
        with self.order_id._review_log_batch():
            self._approve_stages(note=note, auto=auto)

    def _approve_stages(self, note=False, auto=False):
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
        with self.env["sale.order"]._review_log_batch():
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

    def _prepare_log_vals(self, event, note=False, internal=False, auto_note=None):
        """Values of a log row about this stage.

        :param note: what a person wrote (decision note, question, answer)
        :param auto_note: what the review itself says, as a phrase
        """
        self.ensure_one()
        return {
            "order_id": self.order_id.id,
            "review_id": self.id,
            "stage_id": self.stage_id.id,
            "cycle": self.cycle,
            "event": event,
            "note": note,
            "auto_note": auto_note,
            "internal": internal,
            "check_result": self.check_result if event == "check" else False,
        }
