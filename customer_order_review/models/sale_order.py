# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from .sale_review_facts import RECENT_ORDERS

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
        RECENT_ORDERS.ensure(self.env.cr)
        return res

    # === COMPUTES === #
    @api.depends("review_ids.state", "review_ids.sequence", "review_state")
    def _compute_review_current_stage_id(self):
        # Only an order in review has a stage waiting for someone: the others
        # (most of a mass review, approved by themselves) need no read of
        # their stages.
        in_review = self.filtered(lambda o: o.review_state in ("in_review", "changes"))
        (self - in_review).review_current_stage_id = False
        for order in in_review:
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

    # === VIEWS === #
    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        """Users who review orders without selling them (finance, planning,
        engineering) open an order, from an activity, a mail, a link or
        another document's button, in the reviewer's read-only form, whatever
        form was asked for: the sales forms read deliveries, templates and
        invoices they may not read."""
        if (
            view_type == "form"
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
