# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delivery exception cases: what went wrong with a delivery, who handles
it, by when, and how it ended.

A case's state is the case process's own: it changes only through the
``action_*`` methods (``order_delivery_exception_actions.py``), which write
it under :data:`CASE_GUARD`. Detectors
(status changes, the time-based cron) open cases once per cause, keyed by
``cause_key``; staff open cases by hand."""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# The case process owns these fields: written only under this sentinel, by
# the action methods and the detectors, never by a form, an import or RPC.
CASE_GUARD = object()
CASE_GUARD_KEY = "order_exception_guard"
CASE_PROCESS_FIELDS = frozenset(
    {
        "state",
        "cause_key",
        "source",
        "date_closed",
        "playbook_id",
        "refund_ids",
        "expedite_picking_ids",
        "raw_code",
        "reported_problem",
    }
)

EXCEPTION_TYPES = [
    ("delay", "Delay"),
    ("no_scan", "No Scan"),
    ("lost", "Lost"),
    ("damaged", "Damaged"),
    ("failed_delivery", "Failed Delivery"),
    ("address_issue", "Address Issue"),
    ("returned", "Returned"),
    ("customs_hold", "Customs Hold"),
    ("customer_complaint", "Customer Complaint"),
]
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "in_progress")
# The severity a detected case gets by type (research notes 4.2).
DEFAULT_SEVERITY = {
    "delay": "medium",
    "no_scan": "medium",
    "lost": "critical",
    "damaged": "critical",
    "failed_delivery": "high",
    "address_issue": "high",
    "returned": "high",
    "customs_hold": "high",
    "customer_complaint": "medium",
}
# The exception type of a problem status when the provider gives no hint.
# An unmapped carrier exception means nobody knows where the parcel is: it is
# treated as lost until a coordinator knows better, so it gets attention.
STATUS_FALLBACK = {
    "failed_attempt": "failed_delivery",
    "returned": "returned",
    "exception": "lost",
}
# Working hours to handle a case when no playbook sets them.
DEFAULT_SLA_HOURS = {"critical": 4, "high": 8, "medium": 24, "low": 48}
# Shipments per batch of the time-based detectors' cron.
DETECT_BATCH = 200
LINK_FIELDS = frozenset({"shipment_id", "picking_id", "sale_id", "partner_id"})


class OrderDeliveryException(models.Model):
    """One delivery exception case, opened by a detector or by hand."""

    _name = "order.delivery.exception"
    _description = "Delivery Exception"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    # Open cases by deadline: the overdue ones (earliest deadlines) come first.
    _order = "deadline, id desc"
    _check_company_auto = True

    # === FIELDS === #
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    exception_type = fields.Selection(
        EXCEPTION_TYPES, string="Type", required=True, index=True, tracking=True
    )
    severity = fields.Selection(
        SEVERITIES,
        groups="base.group_user",
        required=True,
        default="medium",
        index=True,
        tracking=True,
    )
    state = fields.Selection(
        STATES,
        default="new",
        required=True,
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        groups="base.group_user",
        string="Owner",
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    deadline = fields.Datetime(
        groups="base.group_user",
        index=True,
        tracking=True,
        help="When the case should be resolved: the playbook's service level, "
        "counted in the company's working hours.",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    resolution_notes = fields.Text(copy=False, groups="base.group_user")
    date_closed = fields.Datetime(readonly=True, copy=False)
    shipment_id = fields.Many2one(
        "order.shipment",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        compute="_compute_picking_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
    )
    sale_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        compute="_compute_sale_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    cause_key = fields.Char(
        groups="base.group_user",
        readonly=True,
        copy=False,
        help="What a detector opened this case for: one case per cause.",
    )
    source = fields.Selection(
        [("detector", "Detector"), ("staff", "Staff"), ("customer", "Customer")],
        default="staff",
        required=True,
        readonly=True,
        copy=False,
    )
    raw_code = fields.Char(
        groups="base.group_user",
        string="Carrier Status Code",
        readonly=True,
        copy=False,
        help="The carrier's code that opened the case, if a status did.",
    )
    playbook_id = fields.Many2one(
        "order.exception.playbook",
        groups="base.group_user",
        compute="_compute_playbook_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The emergency playbook for this type and severity.",
    )
    step_run_ids = fields.One2many(
        "order.exception.step.run",
        "case_id",
        groups="base.group_user",
        string="Playbook Log",
        readonly=True,
    )
    expedite_picking_ids = fields.Many2many(
        "stock.picking",
        "order_delivery_exception_expedite_rel",
        "case_id",
        "picking_id",
        string="Reshipments",
        readonly=True,
        copy=False,
    )
    refund_ids = fields.Many2many(
        "account.move",
        "order_delivery_exception_refund_rel",
        "case_id",
        "move_id",
        string="Credit Notes",
        readonly=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "cause_unique",
            "unique(company_id, cause_key)",
            "A delivery exception is already open for this cause.",
        )
    ]

    # === COMPUTES === #
    @api.depends("shipment_id")
    def _compute_picking_id(self):
        for case in self:
            if case.shipment_id:
                case.picking_id = case.shipment_id.picking_id

    @api.depends("picking_id")
    def _compute_sale_id(self):
        for case in self:
            if case.picking_id.sale_id:
                case.sale_id = case.picking_id.sale_id

    @api.depends("sale_id", "picking_id")
    def _compute_partner_id(self):
        for case in self:
            partner = case.sale_id.partner_id or case.picking_id.partner_id
            if partner:
                case.partner_id = partner

    @api.depends("shipment_id", "picking_id", "sale_id")
    def _compute_company_id(self):
        for case in self:
            case.company_id = (
                case.shipment_id.company_id
                or case.picking_id.company_id
                or case.sale_id.company_id
                or case.company_id
                or self.env.company
            )

    @api.depends("exception_type", "severity", "company_id")
    def _compute_playbook_id(self):
        Playbook = self.env["order.exception.playbook"]
        # A detector's batch has many cases of few kinds: one search per kind.
        found = {}
        for case in self:
            key = (case.exception_type, case.severity, case.company_id.id)
            if key not in found:
                found[key] = Playbook._find_for(case)
            case.playbook_id = found[key]

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for case in self:
            case.is_overdue = bool(
                case.state in OPEN_STATES and case.deadline and case.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Operation not supported."))
        overdue = [
            ("state", "in", OPEN_STATES),
            ("deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", "&", *overdue]

    # === CRUD === #
    def _order_to_sql(self, order, query, alias=None, reverse=False):
        # The default order is by deadline, an internal field: other users
        # (portal customers reading their reports) get the newest first.
        if (
            (not order or order == self._order)
            and not self.env.su
            and not self.env.user._is_internal()
        ):
            order = "create_date desc, id desc"
        return super()._order_to_sql(order, query, alias=alias, reverse=reverse)

    def _is_case_process(self):
        return self.env.context.get(CASE_GUARD_KEY) is CASE_GUARD

    def _case_sudo(self):
        """These cases in superuser mode, allowed to write what the case
        process owns (state, cause, source)."""
        return self.sudo().with_context(**{CASE_GUARD_KEY: CASE_GUARD})

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_case_process():
            # Who may not create cases at all is told so first.
            self.check_access("create")
            for vals in vals_list:
                if (
                    vals.get("state", "new") != "new"
                    or vals.get("source", "staff") != "staff"
                    or (CASE_PROCESS_FIELDS - {"state", "source"}) & vals.keys()
                ):
                    raise UserError(
                        self.env._(
                            "A delivery exception opened by hand starts as new; "
                            "detectors open the others."
                        )
                    )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code(self._name) or "/"
                )
        cases = super().create(vals_list)
        cases._check_links()
        for case in cases.filtered(lambda c: not c.deadline):
            case.deadline = case._compute_deadline_from_sla()
        cases.filtered(lambda c: c.playbook_id.auto_run)._run_playbook()
        return cases

    def write(self, vals):
        if CASE_PROCESS_FIELDS & vals.keys() and not self._is_case_process():
            # Who may not write these cases at all is told so first.
            self.check_access("write")
            raise UserError(
                self.env._(
                    "The state of a delivery exception changes only with its "
                    "buttons: start, resolve, cancel, reopen."
                )
            )
        res = super().write(vals)
        if LINK_FIELDS & vals.keys():
            self._check_links()
        return res

    def copy(self, default=None):
        # A copy would run the playbook again (credit notes, reshipments).
        if self:
            raise UserError(
                self.env._("A delivery exception cannot be duplicated: open a new one.")
            )
        return super().copy(default)

    def _check_links(self):
        """A case's parcel, delivery, order and customer belong together:
        a case cannot point at one customer's order and another's delivery
        (its playbook would mail, credit or reship the wrong one)."""
        for case in self:
            shipment, picking, order = case.shipment_id, case.picking_id, case.sale_id
            consistent = (
                (not shipment or shipment.picking_id == picking)
                and (not picking.sale_id or picking.sale_id == order)
                and (
                    not (order or picking)
                    or case.partner_id.commercial_partner_id
                    == (order.partner_id or picking.partner_id).commercial_partner_id
                )
            )
            if not consistent:
                raise UserError(
                    self.env._(
                        "The parcel, delivery, order and customer of %s do not "
                        "belong together.",
                        case.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_new_by_hand(self):
        if self.filtered(lambda c: c.source != "staff" or c.step_run_ids):
            raise UserError(
                self.env._(
                    "Detected cases and cases with a playbook log cannot be "
                    "deleted: cancel them instead."
                )
            )
