# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .. import phrases as ph
from ..phrases import phrase


class SaleReviewStage(models.Model):
    """A step an order passes before it is confirmed.

    A stage applies to an order when all its conditions match; it runs an
    automatic check (see ``sale.review.check``) and is then approved by itself
    (low risk, check passed) or by one of its reviewers.
    """

    _name = "sale.review.stage"
    _inherit = ["sale.review.cached.config"]
    _description = "Order Review Stage"
    _order = "sequence, id"

    # === FIELDS === #
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the stage in every company."
    )
    description = fields.Text(translate=True)
    check_code = fields.Selection(
        selection=[
            ("none", "No automatic check"),
            ("audit", "Order audit"),
            ("credit", "Credit and payment terms"),
            ("capacity", "Capacity and lead time"),
            ("stock", "Stock and materials"),
            ("special", "Special requirements"),
            ("final", "Final approval"),
        ],
        string="Automatic Check",
        required=True,
        default="none",
    )
    blocking = fields.Boolean(
        string="Failed Check Blocks",
        default=True,
        help="When set, a failed check can only be approved by a review manager "
        "overriding it with a reason. Otherwise a failed check is a warning the "
        "reviewer may approve.",
    )
    auto_approve = fields.Boolean(
        string="Approve Low-Risk Orders Automatically",
        default=True,
        help="A low-risk order whose check passed passes this stage by itself.",
    )
    # --- applicability ---
    filter_domain = fields.Char(
        string="Applies To",
        default="[]",
        help="Only orders matching this filter go through the stage.",
    )
    amount_min = fields.Float(
        string="Minimum Amount",
        help="Only orders whose total, in company currency, is at least this. "
        "0 means no minimum.",
    )
    amount_max = fields.Float(
        string="Maximum Amount",
        help="Only orders whose total, in company currency, is at most this. "
        "0 means no maximum.",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="Only orders of customers with one of these tags.",
    )
    product_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Only orders with a product in one of these categories (or their "
        "subcategories).",
    )
    only_with_special_requirements = fields.Boolean(
        help="Only orders that carry special requirements."
    )
    # --- reviewers ---
    reviewer_type = fields.Selection(
        selection=[
            ("users", "Specific users"),
            ("group", "Members of a group"),
            ("field", "A user of the order"),
        ],
        required=True,
        default="group",
    )
    reviewer_user_ids = fields.Many2many("res.users", string="Reviewers")
    reviewer_group_id = fields.Many2one("res.groups")
    reviewer_field_id = fields.Many2one(
        "ir.model.fields",
        domain=[
            ("model", "=", "sale.order"),
            ("ttype", "=", "many2one"),
            ("relation", "=", "res.users"),
        ],
        ondelete="cascade",
        help="A user field of the order, such as the sales team leader.",
    )
    sla_hours = fields.Float(
        string="SLA (hours)",
        default=24.0,
        help="Hours a reviewer has to decide once the stage is waiting for them.",
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalate To",
        help="Who is asked to act when the stage is overdue.",
    )

    # === CONSTRAINTS === #
    @api.constrains("filter_domain")
    def _check_filter_domain(self):
        for stage in self:
            try:
                domain = safe_eval(stage.filter_domain or "[]")
                self.env["sale.order"].search_count(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The filter of stage %(stage)s is not valid: %(error)s",
                        stage=stage.name,
                        error=error,
                    )
                ) from error

    @api.constrains(
        "reviewer_type", "reviewer_user_ids", "reviewer_group_id", "reviewer_field_id"
    )
    def _check_reviewers(self):
        for stage in self:
            if stage.reviewer_type == "users" and not stage.reviewer_user_ids:
                raise ValidationError(
                    self.env._(
                        "Stage %s reviews by specific users: choose at least one.",
                        stage.name,
                    )
                )
            if stage.reviewer_type == "group" and not stage.reviewer_group_id:
                raise ValidationError(
                    self.env._(
                        "Stage %s reviews by group: choose the group.", stage.name
                    )
                )
            if stage.reviewer_type == "field" and not stage.reviewer_field_id:
                raise ValidationError(
                    self.env._(
                        "Stage %s reviews by a user of the order: choose the field.",
                        stage.name,
                    )
                )

    @api.constrains("amount_min", "amount_max", "sla_hours")
    def _check_amounts(self):
        for stage in self:
            if stage.amount_min < 0 or stage.amount_max < 0 or stage.sla_hours < 0:
                raise ValidationError(
                    self.env._(
                        "Amounts and SLA of stage %s cannot be negative.", stage.name
                    )
                )
            if stage.amount_max and stage.amount_min > stage.amount_max:
                raise ValidationError(
                    self.env._(
                        "The minimum amount of stage %s is above its maximum.",
                        stage.name,
                    )
                )

    # === BUSINESS METHODS === #
    def _get_filter_domain(self):
        """The stage's filter as a domain (parsed once, then cached: do not
        modify the returned list)."""
        self.ensure_one()
        return self._get_filter_domain_cached(self.id)

    @tools.ormcache("stage_id")
    def _get_filter_domain_cached(self, stage_id):
        return safe_eval(self.sudo().browse(stage_id).filter_domain or "[]")

    @api.model
    def _get_stages(self, company):
        """Active stages for ``company``, in review order."""
        return self.browse(self._get_stage_ids(company.id))

    @tools.ormcache("company_id")
    def _get_stage_ids(self, company_id):
        return tuple(
            self.sudo().search([("company_id", "in", [False, company_id])]).ids
        )

    def _has_conditions(self):
        """(has customer tags, has product categories), cached: most stages
        have neither, and reading empty many2many fields costs queries."""
        self.ensure_one()
        return self._has_conditions_cached(self.id)

    @tools.ormcache("stage_id")
    def _has_conditions_cached(self, stage_id):
        stage = self.sudo().browse(stage_id)
        return bool(stage.partner_category_ids), bool(stage.product_category_ids)

    def _applicability(self, orders, amounts):
        """Tell, for each order, whether this stage applies and why not.

        Evaluated in memory on the batch (one query per filter domain at most),
        so a mass review stays cheap.

        :param orders: ``sale.order`` recordset
        :param amounts: dict order id -> total in company currency
        :return: dict order id -> ``None`` when the stage applies, else the
            reason it is skipped, as a phrase (see ``phrases.py``)
        """
        self.ensure_one()
        reasons = {}
        domain = self._get_filter_domain()
        # Ids in a set: ``order in recordset`` scans the recordset, which on
        # a mass review of 1,000 orders cost 6,000 scans of 1,000 ids.
        matching = set((orders.filtered_domain(domain) if domain else orders).ids)
        conditions = self._has_conditions()
        for order in orders:
            reasons[order.id] = self._skip_reason(
                order, amounts[order.id], matching, conditions
            )
        return reasons

    def _skip_reason(self, order, amount, matching, conditions):
        """Why this stage does not apply to ``order`` (a phrase), or None.

        :param matching: ids of the orders of the batch the stage's filter
            matches
        :param conditions: (has customer tags, has product categories)
        """
        currency = order.company_id.currency_id
        has_tags, has_categories = conditions
        if order.id not in matching:
            return phrase("skip.filter")
        if self.amount_min and currency.compare_amounts(amount, self.amount_min) < 0:
            return phrase(
                "skip.below_amount",
                amount=ph.money(amount, currency),
                limit=ph.money(self.amount_min, currency),
            )
        if self.amount_max and currency.compare_amounts(amount, self.amount_max) > 0:
            return phrase(
                "skip.above_amount",
                amount=ph.money(amount, currency),
                limit=ph.money(self.amount_max, currency),
            )
        if (
            has_tags
            and self.partner_category_ids
            and not (
                self.partner_category_ids
                & order.partner_id.commercial_partner_id.category_id
                or self.partner_category_ids & order.partner_id.category_id
            )
        ):
            return phrase("skip.tags", tags=ph.records(self.partner_category_ids))
        if has_categories and self.product_category_ids:
            wanted = self.product_category_ids
            wanted_ids = {str(categ_id) for categ_id in wanted.ids}
            if not any(
                wanted_ids.intersection((categ.parent_path or "").split("/"))
                for categ in order.order_line.product_id.categ_id
            ):
                return phrase("skip.categories", categories=ph.records(wanted))
        if self.only_with_special_requirements and not order.special_requirement_count:
            return phrase("skip.no_special")
        return None

    def _get_reviewers(self, order):
        """Users who may decide this stage for ``order``.

        The order's salesperson is never among them: nobody reviews an order
        they sell.
        """
        self.ensure_one()
        if self.reviewer_type == "users":
            users = self.reviewer_user_ids
        elif self.reviewer_type == "group":
            users = self.reviewer_group_id.users
        else:
            users = (
                order[self.reviewer_field_id.name] if self.reviewer_field_id else False
            )
            users = users or self.env["res.users"]
        users = users.filtered(lambda user: user.active and not user.share)
        return users - order.user_id
