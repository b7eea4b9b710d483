# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How an order's risk score reads: its factors, measures and points."""

from odoo import api, models

from .. import phrases as ph
from .. import risk
from ..phrases import phrase


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @api.depends_context("lang")
    @api.depends("risk_details")
    def _compute_risk_details_display(self):
        labels = dict(
            self.env["sale.review.risk.factor"]
            ._fields["code"]
            ._description_selection(self.env)
        )
        renderer = ph.Renderer(self.env)
        for order in self:
            rows = [
                {
                    "name": labels.get(d["code"], d["code"]),
                    "measure": renderer.render(
                        self._review_risk_measure(d["code"], d["measure"])
                    ),
                    "share": renderer.render(ph.percent(d["share"])),
                    "points": renderer.render(
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
