# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.customer_order_review.models.sale_order_review import REVIEW_STATES

from ..fact_sql.stages import stage_judged_cte


class OrderAnalyticsStage(models.Model):
    """One row per review stage an order went through (every cycle): how
    long it waited for its reviewer, whether it kept its deadline, whether
    it approved itself. Written only by :meth:`_refresh_orders`."""

    _name = "order.analytics.stage"
    _inherit = ["order.analytics.ratio.mixin"]
    _description = "Review Stage Performance"
    _order = "activated_on desc, id desc"
    _rec_name = "stage_id"

    _ratio_fields = {
        "auto_approval_rate": ("auto_count", "decided_count", 100.0),
        "sla_breach_rate": ("breach_count", "stage_count", 100.0),
    }

    review_id = fields.Many2one(
        "sale.order.review", required=True, readonly=True, index=True,
        ondelete="cascade",
    )  # fmt: skip
    order_id = fields.Many2one(
        "sale.order", readonly=True, index=True, ondelete="cascade"
    )
    stage_id = fields.Many2one("sale.review.stage", readonly=True)
    cycle = fields.Integer(string="Review Cycle", readonly=True, aggregator=False)
    state = fields.Selection(REVIEW_STATES, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    reviewer_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    activated_on = fields.Datetime(string="Waiting since", readonly=True, index=True)
    decided_on = fields.Datetime(readonly=True)
    deadline = fields.Datetime(readonly=True)
    decided = fields.Boolean(readonly=True)
    auto_approved = fields.Boolean(string="Approved Automatically", readonly=True)
    sla_breached = fields.Boolean(
        string="Deadline Missed",
        readonly=True,
        help="Decided after its deadline, or still waiting past it.",
    )
    waiting_hours = fields.Float(
        string="Waiting Time (hours)",
        readonly=True,
        aggregator="avg",
        help="From the stage reaching its reviewers to the decision.",
    )
    stage_count = fields.Integer(string="Stages", readonly=True)
    decided_count = fields.Integer(string="Stages Decided", readonly=True)
    auto_count = fields.Integer(string="Approved Automatically (count)", readonly=True)
    breach_count = fields.Integer(string="Deadlines Missed", readonly=True)
    auto_approval_rate = fields.Float(
        string="Auto-Approval %", readonly=True, aggregator="avg"
    )
    sla_breach_rate = fields.Float(
        string="Deadline Missed %", readonly=True, aggregator="avg"
    )

    _sql_constraints = [
        ("review_uniq", "unique(review_id)", "One row per stage review."),
    ]

    def _select_stage_facts(self):
        """Column -> SQL of each row, over the judged stage reviews ``j``."""
        plain = (
            "review_id", "order_id", "stage_id", "cycle", "state", "company_id",
            "reviewer_id", "user_id", "team_id", "partner_id", "activated_on",
            "decided_on", "deadline", "decided", "auto_approved", "sla_breached",
            "waiting_hours",
        )  # fmt: skip
        columns = {name: SQL("j.%s", SQL.identifier(name)) for name in plain}
        counts = {
            "stage_count": SQL("1"),
            "decided_count": SQL("j.decided::int"),
            "auto_count": SQL("(j.decided AND j.auto_approved)::int"),
            "breach_count": SQL("j.sla_breached::int"),
        }
        return self._with_ratios(columns, counts)

    @api.model
    def _refresh_orders(self, order_ids, now):
        """Bring the stage rows of these orders current.

        :param now: the time a waiting stage's deadline is judged at
        """
        if not order_ids:
            return
        self._write_facts(
            order_ids,
            stage_judged_cte(tuple(order_ids), now),
            self._select_stage_facts(),
            "review_id",
        )
