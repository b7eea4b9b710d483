# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import phrases as ph

# Passed in the context by ``_decide`` only, under ``DECISION_KEY``: the
# decision fields are written under this very object, which no RPC context or
# other module can forge (a JSON context only carries plain values).
DECISION_GUARD = object()
DECISION_KEY = "order_review_feasibility_decision"
# Written by ``_decide`` only.
DECISION_FIELDS = frozenset(
    {"feasibility", "decision_note", "decided_by_id", "decided_on"}
)


class SaleOrderSpecialRequirement(models.Model):
    """Something the customer asks for beyond the catalogue, which engineering
    must judge feasible before the order is confirmed."""

    _name = "sale.order.special.requirement"
    _description = "Order Special Requirement"
    _order = "order_id, sequence, id"

    # === FIELDS === #
    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Description", required=True)
    category = fields.Selection(
        [
            ("packaging", "Packaging"),
            ("labelling", "Labelling"),
            ("specification", "Technical specification"),
            ("certification", "Certification or documents"),
            ("delivery", "Delivery conditions"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    requested_by_id = fields.Many2one(
        "res.partner",
        compute="_compute_requested_by_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    feasibility = fields.Selection(
        [
            ("pending", "To decide"),
            ("feasible", "Feasible"),
            ("not_feasible", "Not feasible"),
        ],
        required=True,
        default="pending",
        readonly=True,
        copy=False,
    )
    decision_note = fields.Text(readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)

    # === COMPUTES === #
    @api.depends("order_id.partner_id")
    def _compute_requested_by_id(self):
        for requirement in self:
            if not requirement.requested_by_id:
                requirement.requested_by_id = requirement.order_id.partner_id

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        # A new requirement is undecided: values (or ``default_`` context
        # keys) may state "pending" and nothing else.
        if not self._decision_guarded():
            for vals in vals_list:
                decision = {
                    name: vals.get(name, self.env.context.get(f"default_{name}"))
                    for name in DECISION_FIELDS
                }
                if decision.pop("feasibility") not in (None, False, "pending") or any(
                    decision.values()
                ):
                    raise self._decision_access_error()
        requirements = super().create(vals_list)
        requirements.order_id._review_lapse_for(["special_requirement_ids"])
        return requirements

    def write(self, vals):
        if DECISION_FIELDS & vals.keys() and not self._decision_guarded():
            raise self._decision_access_error()
        if {"name", "category", "order_id"} & vals.keys() and any(
            requirement.feasibility != "pending" for requirement in self
        ):
            raise UserError(
                self.env._(
                    "A special requirement with a feasibility decision cannot be "
                    "changed: add a new requirement instead."
                )
            )
        # A changed requirement is another requirement: the approval of its
        # order (old and new) lapses; a feasibility decision lapses nothing.
        changes = bool({"name", "category", "order_id"} & vals.keys())
        before = self.order_id if changes else self.env["sale.order"]
        res = super().write(vals)
        if changes:
            (before | self.order_id)._review_lapse_for(["special_requirement_ids"])
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders._review_lapse_for(["special_requirement_ids"])
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_undecided(self):
        if any(req.feasibility != "pending" for req in self):
            raise UserError(
                self.env._(
                    "A special requirement with a feasibility decision cannot be "
                    "deleted."
                )
            )

    # === GUARD === #
    def _decision_guarded(self):
        """Whether the caller is ``_decide`` itself."""
        return self.env.context.get(DECISION_KEY) is DECISION_GUARD

    def _decision_access_error(self):
        return AccessError(
            self.env._(
                "The feasibility of a special requirement (feasibility, decision "
                "note, decided by, decided on) is recorded only by the reviewer of "
                "its special requirements stage, with the Feasible and Not "
                "Feasible buttons."
            )
        )

    # === ACTIONS === #
    def action_mark_feasible(self):
        """Decide the requirements are feasible (special requirements reviewers)."""
        return self._decide("feasible")

    def action_mark_not_feasible(self):
        """Decide the requirements are not feasible."""
        return self._decide("not_feasible")

    def _decide(self, feasibility, note=False):
        """Record a feasibility decision and log it: the only way the
        decision fields are written.

        Only who may decide the pending "special requirements" stage of the
        order decides (its reviewers or a review manager, never the order's
        salesperson): ``sale.order.review._ensure_may_decide``.

        :param str feasibility: ``feasible`` or ``not_feasible``
        :param note: the reason, kept on the requirement
        :raise AccessError: the user may not decide
        :raise UserError: no special requirements stage of an order waits
            for a decision
        """
        for requirement in self:
            order_sudo = requirement.sudo().order_id
            stage = order_sudo.review_ids.filtered(
                lambda r: r.check_code == "special" and r.state == "pending"
            )
            if not stage:
                raise UserError(
                    self.env._(
                        "No special requirements stage of %s waits for a decision: "
                        "feasibility is decided on that stage.",
                        order_sudo.name,
                    )
                )
            stage._ensure_may_decide("feasibility")
        self.sudo().with_context(**{DECISION_KEY: DECISION_GUARD}).write(
            {
                "feasibility": feasibility,
                "decision_note": note,
                "decided_by_id": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
        for requirement in self:
            auto_note = ph.phrase(
                "log.feasibility",
                requirement=requirement.name,
                feasibility=ph.choice(requirement, "feasibility", feasibility),
            )
            requirement.order_id._review_log(
                [
                    {
                        "event": "feasibility",
                        "auto_note": auto_note,
                        "note": note or None,
                        "internal": False,
                    }
                ]
            )
        return True
