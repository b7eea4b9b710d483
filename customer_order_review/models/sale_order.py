# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.sql import create_index

from .. import phrases as ph
from .. import risk
from ..phrases import phrase
from .sale_review_facts import OPEN_LINES, RECENT_ORDERS

REVIEW_STATES = [
    ("to_submit", "To submit"),
    ("in_review", "In review"),
    ("changes", "Changes requested"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("not_needed", "Not needed"),
]
# Review states in which an order may be confirmed.
CONFIRMABLE = ("approved", "not_needed")
# Review states whose result a change of the order makes obsolete.
LAPSING = ("approved", "not_needed", "in_review", "changes")
# Review log rows written during one review operation are inserted together.
LOG_BUFFER = "order_review_log_buffer"

# The review's own fields are written only by the review, under this sentinel.
# A context travels through RPC as JSON, so no caller can put this very object
# in it (OCA's queue_job guards its jobs the same way); a string key could be.
REVIEW_GUARD = object()
GUARD_KEY = "order_review_guard"
# Context key under which an order write tells its lines' hooks that it lapses
# the approval of the orders itself (once, after the write).
DEFERRED_LAPSE_KEY = "order_review_deferred_lapse"


class _DeferredLapse:
    """The orders whose approval an order write lapses itself once done.

    Only server code builds one: an instance cannot come from RPC either.
    """

    __slots__ = ("order_ids",)

    def __init__(self, order_ids):
        self.order_ids = frozenset(order_ids)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS === #
    review_enabled = fields.Boolean(related="company_id.order_review_enabled")
    review_state = fields.Selection(
        REVIEW_STATES,
        default="to_submit",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=False,
    )
    review_cycle = fields.Integer(readonly=True, copy=False)
    # Offered to stages that are reviewed by "a user of the order".
    team_leader_id = fields.Many2one(
        "res.users", related="team_id.user_id", string="Sales Team Leader"
    )
    review_ids = fields.One2many("sale.order.review", "order_id", readonly=True)
    review_log_ids = fields.One2many("sale.order.review.log", "order_id", readonly=True)
    review_submitted_on = fields.Datetime(readonly=True, copy=False)
    review_decided_on = fields.Datetime(readonly=True, copy=False)
    review_confirm_requested = fields.Boolean(
        string="Confirm Once Approved",
        readonly=True,
        copy=False,
        help="Confirmation was asked for (by a salesperson, a signature, a payment, "
        "an import) while the order was not approved: it is confirmed as soon as "
        "the review approves it.",
    )
    review_current_stage_id = fields.Many2one(
        "sale.review.stage",
        string="Review Stage",
        compute="_compute_review_current_stage_id",
        store=True,
    )
    review_waiting_for = fields.Char(
        compute="_compute_review_waiting_for", compute_sudo=True
    )
    # The risk score is internal: customers on the portal never read it.
    risk_score = fields.Float(
        readonly=True, copy=False, aggregator="avg", groups="base.group_user"
    )
    risk_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    risk_details = fields.Json(readonly=True, copy=False, groups="base.group_user")
    risk_details_display = fields.Html(
        compute="_compute_risk_details_display", groups="base.group_user"
    )
    special_requirement_ids = fields.One2many(
        "sale.order.special.requirement", "order_id", copy=True
    )
    # Stored so that the review knows without a query that an order has none,
    # which is the common case.
    special_requirement_count = fields.Integer(
        string="Number of Special Requirements",
        compute="_compute_special_requirement_count",
        store=True,
    )

    def init(self):
        res = super().init()
        index = RECENT_ORDERS
        create_index(
            self.env.cr, index.name, self._table, index.columns, where=index.where
        )
        return res

    # === COMPUTES === #
    @api.depends("review_ids.state", "review_ids.sequence", "review_state")
    def _compute_review_current_stage_id(self):
        for order in self:
            current = order.review_ids.filtered(
                lambda r: r.state in ("pending", "changes")
            ).sorted(lambda r: (r.sequence, r.id))[:1]
            order.review_current_stage_id = current.stage_id

    @api.depends("special_requirement_ids")
    def _compute_special_requirement_count(self):
        for order in self:
            order.special_requirement_count = len(order.special_requirement_ids)

    @api.depends("review_state", "review_ids.state", "review_ids.question_to")
    def _compute_review_waiting_for(self):
        for order in self:
            current = order.review_ids.filtered(
                lambda r: r.state in ("pending", "changes")
            ).sorted(lambda r: (r.sequence, r.id))[:1]
            if order.review_state == "changes" and current.question_to == "customer":
                order.review_waiting_for = self.env._("Your answer to our question")
            elif order.review_state == "changes":
                order.review_waiting_for = self.env._(
                    "Changes to the order by our sales team"
                )
            elif order.review_state == "in_review" and current:
                order.review_waiting_for = self.env._(
                    "Our review: %s", current.stage_id.name
                )
            elif order.review_state == "to_submit":
                order.review_waiting_for = self.env._("Submission for review")
            else:
                order.review_waiting_for = False

    @api.depends_context("lang")
    @api.depends("risk_details")
    def _compute_risk_details_display(self):
        labels = dict(
            self.env["sale.review.risk.factor"]
            ._fields["code"]
            ._description_selection(self.env)
        )
        for order in self:
            rows = [
                {
                    "name": labels.get(d["code"], d["code"]),
                    "measure": ph.render(
                        self.env, self._review_risk_measure(d["code"], d["measure"])
                    ),
                    "share": ph.render(self.env, ph.percent(d["share"])),
                    "points": ph.render(
                        self.env,
                        phrase(
                            "unit.points",
                            points=round(d["points"], 1),
                            weight=float(d["weight"]),
                        ),
                    ),
                }
                for d in order.risk_details or []
            ]
            order.risk_details_display = (
                self.env["ir.qweb"]._render(
                    "customer_order_review.review_risk_details", {"rows": rows}
                )
                if rows
                else False
            )

    @api.model
    def _review_risk_measure(self, code, measure):
        """A risk factor's raw measure as a value to show (see
        ``risk.MEASURE_UNITS``)."""
        unit = risk.MEASURE_UNITS.get(code)
        if unit == "ratio":
            return ph.percent(measure)
        if unit == "percent":
            return ph.percent(measure / 100.0)
        if unit == "days":
            return phrase("unit.days", count=int(measure))
        if unit == "times":
            # 0: no usual quantity to compare with (no history).
            if not measure:
                return "\N{EM DASH}"
            return phrase("unit.times", ratio=round(float(measure), 1))
        if unit == "flag":
            return phrase("value.yes" if measure else "value.no")
        return measure

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        # Orders created already confirmed (import, RPC) pass the same review:
        # they are created as quotations and confirmed through action_confirm.
        self._review_ensure_guarded(
            {key for vals in vals_list for key in vals if vals.get(key)}
        )
        self = self._review_without_protected_defaults()
        confirm = []
        for index, vals in enumerate(vals_list):
            if vals.get("state") == "sale" and self._review_enabled_for(vals):
                vals["state"] = "draft"
                confirm.append(index)
        orders = super().create(vals_list)
        if confirm:
            orders.browse([orders[index].id for index in confirm]).action_confirm()
        return orders

    def write(self, vals):
        self._review_ensure_guarded(vals.keys())
        keys = self._review_key_fields() & vals.keys()
        if vals.get("state") == "sale":
            self._review_ensure_confirmable(bool(keys))
        lapsing = self._review_lapsable() if keys else self.browse()
        # A cancelled order's approval is void: whatever happens to it while
        # cancelled, it is reviewed again before it is confirmed.
        withdrawn = (
            self.filtered(
                lambda o: (
                    o.state != "cancel"
                    and (o.review_cycle or o.review_state != "to_submit")
                )
            )
            if vals.get("state") == "cancel"
            else self.browse()
        )
        if lapsing:
            # The lines written below leave the lapse to this write, which
            # lapses each order once, after the whole change.
            deferred = self.env.context.get(DEFERRED_LAPSE_KEY)
            ids = set(lapsing.ids)
            if isinstance(deferred, _DeferredLapse):
                ids |= deferred.order_ids
            self = self.with_context(**{DEFERRED_LAPSE_KEY: _DeferredLapse(ids)})
        res = super().write(vals)
        if withdrawn:
            withdrawn._review_withdraw()
        if lapsing:
            lapsing._review_lapse(sorted(keys))
        return res

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

    # === VIEWS === #
    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        """Users who review orders without selling them (finance, planning,
        engineering) open an order, from an activity, a mail or a link, in
        the reviewer's read-only form: the sales form reads deliveries,
        templates and invoices they may not read."""
        if (
            view_type == "form"
            and not view_id
            and not self.env.user.has_group("sales_team.group_sale_salesman")
            and self.env.user.has_group("customer_order_review.group_order_reviewer")
        ):
            view = self.env.ref(
                "customer_order_review.sale_order_view_form_reviewer",
                raise_if_not_found=False,
            )
            view_id = view.id if view else None
        return super().get_view(view_id, view_type, **options)

    # === ACTIONS === #
    def action_submit_review(self):
        """Submit quotations for review (button, RPC, mass action)."""
        for order in self:
            if not order.review_enabled:
                raise UserError(
                    self.env._(
                        "%(company)s does not review its orders (%(order)s): turn the "
                        "review on in the settings first.",
                        company=order.company_id.name,
                        order=order.name,
                    )
                )
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "Only quotations can be submitted for review (%s).", order.name
                    )
                )
            if order.review_state in ("in_review", "changes"):
                raise UserError(self.env._("%s is already in review.", order.name))
            if not order.order_line.filtered(lambda line: not line.display_type):
                raise UserError(self.env._("%s has no lines to review.", order.name))
        with self._review_log_batch():
            self._review_submit()
        return True

    def action_confirm(self):
        """Confirm approved orders; submit or hold the others for review.

        Every channel confirms through here (backend button, portal signature
        or payment, e-commerce, RPC, import), so every order passes the same
        review. Orders that are not approved are not confirmed: they are
        submitted when needed, marked to be confirmed on approval, and logged.
        """
        quotations = self.filtered(
            lambda o: o.review_enabled and o.state in ("draft", "sent")
        )
        to_submit = quotations.filtered(
            lambda o: o.review_state in ("to_submit", "rejected") and o.order_line
        )
        with self._review_log_batch():
            if to_submit:
                to_submit._review_submit()
            held = quotations.filtered(lambda o: o.review_state not in CONFIRMABLE)
            if held:
                held._review_hold()
        to_confirm = self - held
        if to_confirm:
            super(SaleOrder, to_confirm).action_confirm()
        if held and not self.env.context.get("order_review_silent"):
            return held._review_held_notification()
        return True

    def _review_withdraw(self):
        """The orders were cancelled: close their open stages, log it, and
        void their approval (``write`` calls this, whoever cancels)."""
        open_reviews = self.review_ids.filtered(
            lambda r: r.state in ("waiting", "pending", "changes")
        )
        open_reviews._close_activities()
        open_reviews.sudo().write({"state": "cancelled"})
        reviewed = self.filtered("review_cycle")
        reviewed._review_log_many(
            [{"order_id": order.id, "event": "cancelled"} for order in reviewed]
        )
        self._review_sudo().write(
            {"review_state": "to_submit", "review_confirm_requested": False}
        )

    def action_draft(self):
        # Only the orders Odoo sets back to quotation (cancelled or sent ones)
        # start their review over; the others keep their state and review.
        resettable = self.filtered(lambda o: o.state in ("cancel", "sent"))
        res = super().action_draft()
        reset = resettable.filtered(lambda o: o.state == "draft")
        open_reviews = reset.review_ids.filtered(
            lambda r: r.state in ("waiting", "pending", "changes")
        )
        open_reviews._close_activities()
        open_reviews.sudo().write({"state": "cancelled"})
        reviewed = reset.filtered("review_cycle")
        reviewed._review_log_many(
            [{"order_id": order.id, "event": "reset"} for order in reviewed]
        )
        reset._review_sudo().write(
            {"review_state": "to_submit", "review_confirm_requested": False}
        )
        return res

    def action_view_review_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_order_review.action_sale_order_review_log"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action

    # === BUSINESS METHODS === #
    @api.model
    def _review_key_fields(self):
        """Order fields whose change lapses an approval."""
        return {
            "partner_id",
            "partner_invoice_id",
            "partner_shipping_id",
            "pricelist_id",
            "payment_term_id",
            "commitment_date",
            "order_line",
            "currency_id",
            "special_requirement_ids",
            # Taxes, the company and the warehouse change what was checked.
            "fiscal_position_id",
            "company_id",
            "warehouse_id",
            # Who sells the order may not review it: a new seller, new review.
            "user_id",
            "team_id",
        }

    def _review_submit(self):
        """Start a new review cycle: score the risk, lay out the stages
        (applicable or skipped, with the reason), run the automatic part of
        the pipeline, log, and put the first undecided stage in front of its
        reviewers (or approve the order when every stage passed by itself)."""
        if not self:
            return
        Check = self.env["sale.review.check"]
        data = Check._prepare_data(self)
        now = fields.Datetime.now()
        first_cycle = self.filtered(lambda o: not o.review_cycle)
        self._review_archive_previous_cycle()
        measures = Check._risk_measures(self, data)
        factors_by_company, stages_by_company = {}, {}
        for company in self.company_id:
            factors_by_company[company] = self.env[
                "sale.review.risk.factor"
            ]._get_factors(company)
            stages_by_company[company] = self.env["sale.review.stage"]._get_stages(
                company
            )
        applicability = {}
        for company, stages in stages_by_company.items():
            company_orders = self.filtered(lambda o, c=company: o.company_id == c)
            for stage in stages:
                applicability[stage] = stage._applicability(
                    company_orders, data.amounts
                )
        scores, plan = {}, {}
        for order in self:
            company = order.company_id
            total, details = risk.score(measures[order.id], factors_by_company[company])
            level = risk.level(
                total, company.order_review_risk_low, company.order_review_risk_high
            )
            scores[order.id] = (total, level, details)
            plan[order.id] = [
                stage
                for stage in stages_by_company[company]
                if applicability[stage][order.id] is None
            ]
            data.pipeline_states[order.id] = {
                stage: "waiting"
                if applicability[stage][order.id] is None
                else "skipped"
                for stage in stages_by_company[company]
            }
        # Run the automatic checks before any review row exists: the common
        # low-risk order then inserts its stages already decided, in one go.
        levels = {order_id: score[1] for order_id, score in scores.items()}
        outcome = self._review_run_pipeline(plan, levels, data)
        review_vals, logs = [], []
        for order in self:
            cycle = order.review_cycle + 1
            total, level, details = scores[order.id]
            logs.append(
                {
                    "order_id": order.id,
                    "event": "submitted",
                    "cycle": cycle,
                    "auto_note": phrase(
                        "log.risk",
                        score=total,
                        level=ph.choice(self, "risk_level", level),
                    ),
                    "internal": True,
                }
            )
            for stage in stages_by_company[order.company_id]:
                review_vals.append(
                    self._review_prepare_stage_vals(
                        order,
                        stage,
                        cycle,
                        applicability[stage][order.id],
                        outcome.get((order.id, stage.id)),
                        now,
                    )
                )
        reviews = self.env["sale.order.review"].sudo().create(review_vals)
        for order in self:
            total, level, details = scores[order.id]
            states = data.pipeline_states[order.id]
            if not plan[order.id]:
                review_state = "not_needed"
            elif all(state in ("approved", "skipped") for state in states.values()):
                review_state = "approved"
            else:
                review_state = "in_review"
            decided = review_state in ("approved", "not_needed")
            order._review_sudo().write(
                {
                    "risk_score": total,
                    "risk_level": level,
                    "risk_details": details,
                    "review_state": review_state,
                    "review_cycle": order.review_cycle + 1,
                    "review_submitted_on": now,
                    "review_decided_on": now if decided else False,
                }
            )
        # An order in its first cycle that passed every stage by itself had no
        # current stage and still has none: spare the recomputation (it would
        # read all the order's stages back).
        self.env.remove_to_compute(
            self._fields["review_current_stage_id"],
            first_cycle.filtered(
                lambda o: o.review_state in ("approved", "not_needed")
            ),
        )
        for review in reviews:
            if review.state == "skipped":
                vals = review._prepare_log_vals("skipped", auto_note=review.skip_phrase)
                vals["user_id"] = SUPERUSER_ID  # the review decided, nobody else
                logs.append(vals)
            elif review.check_result:
                logs.append(self._review_check_log_vals(review))
        self._review_log_many(logs)
        pending = reviews.filtered(lambda r: r.state == "pending")
        if pending:
            pending._activate()
        approved = self.filtered(lambda o: o.review_state == "approved")
        if approved:
            # Every stage of these approved itself: nobody to tell.
            approved._review_after_approval(involved=self.browse())

    def _review_archive_previous_cycle(self):
        """A new cycle never deletes the previous one: it is archived."""
        if not any(order.review_cycle for order in self):
            return
        previous = self.review_ids
        still_open = previous.filtered(
            lambda r: r.state in ("waiting", "pending", "changes")
        )
        still_open._close_activities()
        still_open.sudo().write({"state": "cancelled"})
        previous.sudo().write({"active": False})

    def _review_run_pipeline(self, plan, levels, data):
        """Run the checks of the applicable stages in sequence while they
        approve themselves (check passed, stage allows it, low risk).

        :param plan: dict order id -> applicable stages, in review order
        :param levels: dict order id -> risk level
        :param data: the batch's ``ReviewData``; its ``pipeline_states`` are
            updated as stages are decided
        :return: dict (order id, stage id) -> (approved automatically, result)
        """
        Check = self.env["sale.review.check"]
        outcome = {}
        position = dict.fromkeys(plan, 0)
        active = [order_id for order_id, stages in plan.items() if stages]
        while active:
            by_stage = defaultdict(list)
            for order_id in active:
                by_stage[plan[order_id][position[order_id]]].append(order_id)
            active = []
            for stage, order_ids in by_stage.items():
                results = Check._run(stage, self.browse(order_ids), data)
                for order_id in order_ids:
                    res = results[order_id]
                    auto = self._review_auto_approves(stage, res, levels[order_id])
                    outcome[order_id, stage.id] = (auto, res)
                    data.pipeline_states[order_id][stage] = (
                        "approved" if auto else "pending"
                    )
                    if auto:
                        position[order_id] += 1
                        if position[order_id] < len(plan[order_id]):
                            active.append(order_id)
        return outcome

    @api.model
    def _review_auto_approves(self, stage, result, level):
        """Whether a stage approves itself: its check passed, it allows
        automatic approval and the order is low risk."""
        return result["result"] == "pass" and stage.auto_approve and level == "low"

    def _review_prepare_stage_vals(
        self, order, stage, cycle, skip_phrase, outcome, now
    ):
        """Values of a new review row for ``stage`` of ``order``."""
        vals = {
            "order_id": order.id,
            "company_id": order.company_id.id,
            "active": True,
            "stage_id": stage.id,
            "sequence": stage.sequence,
            "cycle": cycle,
            "blocking": stage.blocking,
            "state": "skipped" if skip_phrase else "waiting",
            "skip_phrase": skip_phrase,
        }
        if outcome:
            auto, res = outcome
            vals.update(
                check_result=res["result"],
                check_findings=res["message"],
                check_evidence=res["evidence"],
                checked_on=now,
                state="approved" if auto else "pending",
                auto_approved=auto,
                decided_on=now if auto else False,
            )
        return vals

    def _review_check_log_vals(self, review):
        """The log row of a stage's automatic check (and of its automatic
        approval, when it approved itself)."""
        if review.auto_approved:
            note = phrase(
                "log.auto_approved",
                message=review.check_findings,
                score=review.order_id.risk_score,
            )
            vals = review._prepare_log_vals("auto_approved", auto_note=note)
            vals["check_result"] = review.check_result
        else:
            vals = review._prepare_log_vals("check", auto_note=review.check_findings)
        vals["internal"] = True
        # The system checked (and approved), not the user whose action ran it.
        vals["user_id"] = SUPERUSER_ID
        return vals

    def _review_advance(self):
        """After a stage is decided: run the next stages of orders in review
        through the same automatic pipeline as at submission, put the first
        undecided one in front of its reviewers, and approve (and confirm, if
        asked) orders with no stage left."""
        orders = self.filtered(lambda o: o.review_state == "in_review")
        if not orders:
            return
        data = self.env["sale.review.check"]._prepare_data(orders)
        plan, waiting = {}, {}
        for order in orders:
            reviews = order.review_ids.sorted(lambda r: (r.sequence, r.id))
            data.pipeline_states[order.id] = {r.stage_id: r.state for r in reviews}
            todo = reviews.filtered(lambda r: r.state == "waiting")
            if reviews.filtered(lambda r: r.state in ("pending", "changes")):
                todo = todo.browse()  # someone is still deciding an earlier stage
            plan[order.id] = [review.stage_id for review in todo]
            waiting[order.id] = {review.stage_id.id: review for review in todo}
        levels = {order.id: order.risk_level for order in orders}
        outcome = orders._review_run_pipeline(plan, levels, data)
        now = fields.Datetime.now()
        checked = self.env["sale.order.review"]
        for (order_id, stage_id), (auto, res) in outcome.items():
            review = waiting[order_id][stage_id]
            # Check result and automatic approval in one write.
            review.sudo().write(
                {
                    "check_result": res["result"],
                    "check_findings": res["message"],
                    "check_evidence": res["evidence"],
                    "checked_on": now,
                    "state": "approved" if auto else "pending",
                    "auto_approved": auto,
                    "decided_on": now if auto else False,
                }
            )
            checked |= review
        self._review_log_many([self._review_check_log_vals(r) for r in checked])
        pending = checked.filtered(lambda r: r.state == "pending")
        if pending:
            pending._activate()
        done = orders.filtered(
            lambda o: all(
                state in ("approved", "skipped")
                for state in data.pipeline_states[o.id].values()
            )
        )
        if done:
            done._review_complete()

    def _review_complete(self):
        """Every stage is approved or skipped: the order is approved."""
        now = fields.Datetime.now()
        self._review_sudo().write(
            {"review_state": "approved", "review_decided_on": now}
        )
        self._review_after_approval()

    def _review_after_approval(self, involved=None):
        """Follow-ups of an approved review: log, tell the salesperson when
        people were involved, confirm when confirmation was asked for.

        :param involved: the orders a person approved a stage of, when the
            caller knows them (default: read from their reviews)
        """
        self._review_log_many(
            [{"order_id": order.id, "event": "completed"} for order in self]
        )
        if involved is None:
            involved = self.filtered(
                lambda o: o.review_ids.filtered(
                    lambda r: r.state == "approved" and not r.auto_approved
                )
            )
        if involved:
            involved._review_notify(
                "customer_order_review.mail_template_review_approved"
            )
        to_confirm = self.filtered(
            lambda o: o.review_confirm_requested and o.state in ("draft", "sent")
        )
        if to_confirm:
            # The last approver may not be allowed to confirm orders: the
            # confirmation was asked for earlier by someone who was.
            to_confirm._review_sudo().write({"review_confirm_requested": False})
            to_confirm.sudo().with_context(order_review_silent=True).action_confirm()

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

    def _review_snapshot(self):
        """The order's key values, as kept in each review log row."""
        self.ensure_one()
        return {
            "partner": self.partner_id.display_name,
            "amount_untaxed": self.amount_untaxed,
            "amount_total": self.amount_total,
            "currency_id": self.currency_id.id,
            "commitment_date": fields.Datetime.to_string(self.commitment_date) or None,
            "payment_term_id": self.payment_term_id.id,
            "pricelist_id": self.pricelist_id.id,
            # Ids and the line text only: resolving names would cost queries on
            # every review step; the ids stay meaningful.
            "lines": [
                {
                    "product_id": line.product_id.id,
                    "product": line.name,
                    "qty": line.product_uom_qty,
                    "uom_id": line.product_uom.id,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "subtotal": line.price_subtotal,
                }
                for line in self.order_line
                if not line.display_type
            ],
            "special_requirements": [
                {"name": req.name, "feasibility": req.feasibility}
                for req in (
                    self.special_requirement_ids
                    if self.special_requirement_count
                    else []
                )
            ],
        }

    @contextmanager
    def _review_log_batch(self):
        """Collect the review log rows written inside the block and insert them
        in one go at its end (a review step writes a dozen rows at once)."""
        cache = self.env.cr.cache
        if cache.get(LOG_BUFFER) is not None:
            yield
            return
        cache[LOG_BUFFER] = []
        try:
            yield
            rows = cache[LOG_BUFFER]
        finally:
            cache.pop(LOG_BUFFER, None)
            cache.pop(LOG_BUFFER + ".snapshots", None)
        if rows:
            self.env["sale.order.review.log"].sudo()._append(rows)

    def _review_log_many(self, vals_list):
        """Append rows to the review log, each with the order's snapshot."""
        if not vals_list:
            return
        buffer = self.env.cr.cache.get(LOG_BUFFER)
        # Within one review operation the order's key values do not change:
        # snapshot each order once.
        snapshots = (
            self.env.cr.cache.setdefault(LOG_BUFFER + ".snapshots", {})
            if (buffer is not None)
            else {}
        )
        rows = []
        now = fields.Datetime.now()
        for vals in vals_list:
            order = self.browse(vals["order_id"])
            if order.id not in snapshots:
                snapshots[order.id] = order._review_snapshot()
            row = {
                "company_id": order.company_id.id,
                "cycle": order.review_cycle,
                "snapshot": snapshots[order.id],
                "amount_total": order.amount_total,
                "currency_id": order.currency_id.id,
                "user_id": self.env.user.id,
                "date": now,
            }
            row.update({key: value for key, value in vals.items() if value is not None})
            rows.append(row)
        if buffer is not None:
            buffer.extend(rows)
        else:
            self.env["sale.order.review.log"].sudo()._append(rows)

    def _review_log(self, vals_list):
        """Append rows about this order to the review log."""
        self.ensure_one()
        return self._review_log_many(
            [dict(vals, order_id=self.id) for vals in vals_list]
        )

    def _review_company_lang(self):
        """Language of sentences stored for everyone who follows the order
        (chatter messages): the company's."""
        self.ensure_one()
        return self.company_id.partner_id.lang or "en_US"

    def _review_notify(self, template_xmlid):
        """Queue the review mail ``template_xmlid`` for each order."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for order in self:
            template.sudo().send_mail(order.id, force_send=False)

    def _review_question_recipient(self):
        """Partner a pending review question is addressed to."""
        self.ensure_one()
        review = self.review_ids.filtered(lambda r: r.state == "changes")[:1]
        if review.question_to == "customer":
            return self.partner_id
        return self.user_id.partner_id


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def init(self):
        res = super().init()
        index = OPEN_LINES
        create_index(
            self.env.cr, index.name, self._table, index.columns, where=index.where
        )
        return res

    @api.model
    def _review_key_fields(self):
        """Line fields whose change lapses the order's approval."""
        return {
            "product_id",
            "product_uom_qty",
            "product_uom",
            "price_unit",
            "discount",
            "tax_id",
            # They recompute the quantity without writing it.
            "product_packaging_id",
            "product_packaging_qty",
            # A line moved to another order changes both orders.
            "order_id",
            # The description is what the customer signs.
            "name",
        }

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered(lambda line: not line.display_type).order_id._review_lapse_for(
            ["order_line"]
        )
        return lines

    def write(self, vals):
        # Orders before the write (and after it, for a line that moves) lapse.
        orders = self.env["sale.order"]
        if self._review_key_fields() & vals.keys():
            orders = self.order_id._review_lapsable()
        res = super().write(vals)
        if "order_id" in vals:
            orders |= self.order_id
        orders._review_lapse_for(["order_line"])
        return res

    def unlink(self):
        orders = self.order_id._review_lapsable()
        res = super().unlink()
        orders._review_lapse_for(["order_line"])
        return res
