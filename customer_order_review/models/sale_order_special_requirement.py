# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


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
    def write(self, vals):
        if {"name", "category", "order_id"} & vals.keys() and any(
            requirement.feasibility != "pending" for requirement in self
        ):
            raise UserError(
                self.env._(
                    "A special requirement with a feasibility decision cannot be "
                    "changed: add a new requirement instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_undecided(self):
        if any(req.feasibility != "pending" for req in self):
            raise UserError(
                self.env._(
                    "A special requirement with a feasibility decision cannot be "
                    "deleted."
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
        """Record a feasibility decision and log it.

        Only a reviewer of an open "special requirements" stage of the order (or
        a review manager) decides; never the order's salesperson.
        """
        user = self.env.user
        for requirement in self:
            order = requirement.order_id
            reviews = order.review_ids.filtered(
                lambda r: r.stage_id.check_code == "special" and r.state == "pending"
            )
            allowed = any(user in review.reviewer_ids for review in reviews) or (
                user.has_group("customer_order_review.group_order_review_manager")
                and user != order.user_id
            )
            if not allowed:
                raise UserError(
                    self.env._(
                        "Only a reviewer of the special requirements stage of %s can "
                        "decide "
                        "feasibility.",
                        order.name,
                    )
                )
        self.sudo().write(
            {
                "feasibility": feasibility,
                "decision_note": note,
                "decided_by_id": user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
        label = dict(self._fields["feasibility"]._description_selection(self.env))
        for requirement in self:
            requirement.order_id._review_log(
                [
                    {
                        "event": "feasibility",
                        "note": f"{requirement.name}: {label[feasibility]}",
                        "internal": False,
                    }
                ]
            )
        return True
