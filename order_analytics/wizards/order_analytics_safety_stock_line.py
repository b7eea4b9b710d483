# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools.misc import formatLang

from ..models.order_analytics_class import ABC_CLASSES, XYZ_CLASSES
from .order_analytics_safety_stock import DAYS_PER_MONTH, LEAD_TIME_SOURCES


class OrderAnalyticsSafetyStockLine(models.TransientModel):
    """One reordering rule's current and suggested min / max, with every
    input of the formula."""

    _name = "order.analytics.safety.stock.line"
    _description = "Reordering Rule Suggestion"
    _order = "id"

    # === FIELDS === #
    wizard_id = fields.Many2one(
        "order.analytics.safety.stock", required=True, ondelete="cascade"
    )
    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint",
        string="Reordering Rule",
        required=True,
        ondelete="cascade",
    )
    product_id = fields.Many2one(related="orderpoint_id.product_id")
    warehouse_id = fields.Many2one(related="orderpoint_id.warehouse_id")
    selected = fields.Boolean(default=True, help="Applied by Apply Selected.")
    applied = fields.Boolean(readonly=True)
    current_min = fields.Float(digits="Product Unit of Measure", readonly=True)
    current_max = fields.Float(digits="Product Unit of Measure", readonly=True)
    suggested_min = fields.Float(digits="Product Unit of Measure", readonly=True)
    suggested_max = fields.Float(digits="Product Unit of Measure", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC", readonly=True)
    xyz_class = fields.Selection(XYZ_CLASSES, string="XYZ", readonly=True)
    classified = fields.Boolean(
        readonly=True,
        help="Unclassified products are planned as C / Z, the lowest service.",
    )
    service_level = fields.Float(readonly=True, help="Chosen per ABC × XYZ cell.")
    z = fields.Float(string="z", readonly=True)
    demand_mean = fields.Float(string="Demand per Month (d̄)", readonly=True)
    demand_std = fields.Float(string="Demand σ per Month (σd)", readonly=True)
    lead_time = fields.Float(string="Lead Time (days)", readonly=True)
    lead_time_std = fields.Float(string="Lead Time σ (days)", readonly=True)
    lead_time_source = fields.Selection(LEAD_TIME_SOURCES, readonly=True)
    receipt_count = fields.Integer(string="Receipts", readonly=True)
    safety_stock = fields.Float(digits="Product Unit of Measure", readonly=True)
    explanation = fields.Char(
        string="Formula and Inputs", compute="_compute_explanation"
    )

    # === COMPUTES === #
    def _compute_explanation(self):
        for line in self:
            line.explanation = line._render_explanation()

    def _render_explanation(self):
        """The formula with this line's numbers, in the reader's language."""
        sources = dict(
            self._fields["lead_time_source"]._description_selection(self.env)
        )

        def num(value, digits=2):
            return formatLang(self.env, value, digits=digits)

        return self.env._(
            "SS = z × √(LT × σd² + d̄² × σLT²) = %(z)s × √(%(lt)s × %(sd)s² + "
            "%(d)s² × %(slt)s²) = %(ss)s; min = d̄ × LT + SS; max = min + d̄ × "
            "cycle (LT in months; lead time from: %(origin)s; service level "
            "%(level)s %% for %(cell)s).",
            z=num(self.z, 3),
            lt=num(self.lead_time / DAYS_PER_MONTH),
            sd=num(self.demand_std),
            d=num(self.demand_mean),
            slt=num(self.lead_time_std / DAYS_PER_MONTH),
            ss=num(self.safety_stock),
            origin=sources.get(self.lead_time_source, ""),
            level=num(self.service_level * 100, 1),
            cell=(self.abc_class or "") + (self.xyz_class or ""),
        )

    # === ACTIONS === #
    def action_apply(self):
        """Apply this line's suggestion to its reordering rule.

        :return: an action keeping the wizard open
        """
        self.wizard_id._check_manager()
        self.filtered(lambda line: not line.applied)._apply()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.wizard_id._name,
            "res_id": self.wizard_id[:1].id,
            "view_mode": "form",
            "target": "new",
        }

    # === BUSINESS METHODS === #
    def _apply(self):
        """Write the suggested min / max as the user (who needs the right to
        edit reordering rules) and log old → new on the product, where Odoo
        logs what concerns reordering rules (they have no chatter)."""
        for line in self:
            rule = line.orderpoint_id
            old_min, old_max = rule.product_min_qty, rule.product_max_qty
            # One write with both: the rule's constraint sees min <= max.
            rule.write(
                {
                    "product_min_qty": line.suggested_min,
                    "product_max_qty": line.suggested_max,
                }
            )
            line.applied = True
            rule.product_id.product_tmpl_id.sudo().message_post(
                body=self.env._(
                    "Reordering rule %(rule)s (%(warehouse)s): min %(old_min)s → "
                    "%(new_min)s, max %(old_max)s → %(new_max)s, suggested by Order "
                    "Analytics. %(explanation)s",
                    rule=rule.display_name,
                    warehouse=rule.warehouse_id.display_name,
                    old_min=formatLang(self.env, old_min),
                    new_min=formatLang(self.env, line.suggested_min),
                    old_max=formatLang(self.env, old_max),
                    new_max=formatLang(self.env, line.suggested_max),
                    explanation=line.explanation,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
