# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

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
        # The decider reads the stages they decide, as themselves (record
        # rules, companies), even when called on superuser records.
        self.sudo(False).check_access("read")
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
