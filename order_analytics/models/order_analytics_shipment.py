# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.order_logistics_tracking.models.order_delivery_exception import (
    EXCEPTION_TYPES,
)

from ..fact_sql.shipments import shipment_judged_cte


def _exception_type_fields():
    """Per exception type: the shipment's cases of that type, whether it has
    one (0/1) and the row's rate, from the list the case type selection is
    made of — a new type is one entry there."""
    generated = {}
    for code, label in EXCEPTION_TYPES:
        generated[f"exceptions_{code}"] = fields.Integer(
            string=f"{label} Cases", readonly=True
        )
        generated[f"with_{code}_count"] = fields.Integer(
            string=f"Shipments: {label}", readonly=True
        )
        generated[f"exception_rate_{code}"] = fields.Float(
            string=f"{label} %", readonly=True, aggregator="avg"
        )
    return generated


class OrderAnalyticsShipment(models.Model):
    """One row per tracked parcel of an order: its carrier, transit time,
    whether it arrived by the end of the order's promise window, and its
    delivery exception cases per type. Written only by
    :meth:`_refresh_orders`."""

    _name = "order.analytics.shipment"
    _inherit = ["order.analytics.ratio.mixin"]
    _description = "Shipment Performance"
    _order = "date_shipped desc, id desc"
    _rec_name = "shipment_id"

    _ratio_fields = {
        "on_time_rate": ("on_time_count", "evaluated_count", 100.0),
        "exception_rate": ("exception_shipment_count", "shipment_count", 100.0),
        **{
            f"exception_rate_{code}": (f"with_{code}_count", "shipment_count", 100.0)
            for code, __ in EXCEPTION_TYPES
        },
    }

    shipment_id = fields.Many2one(
        "order.shipment", required=True, readonly=True, index=True,
        ondelete="cascade",
    )  # fmt: skip
    order_id = fields.Many2one(
        "sale.order", readonly=True, index=True, ondelete="cascade"
    )
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True, index=True)
    status = fields.Selection(
        selection=lambda self: self.env["order.shipment"]._fields["status"].selection,
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    date_shipped = fields.Datetime(string="Shipped", readonly=True, index=True)
    date_delivered = fields.Datetime(string="Delivered", readonly=True)
    evaluated = fields.Boolean(string="Judged", readonly=True)
    on_time = fields.Boolean(readonly=True)
    transit_days = fields.Float(
        string="Transit Time (days)",
        readonly=True,
        aggregator="avg",
        help="From the delivery's validation to the carrier's delivery scan.",
    )
    exception_type = fields.Selection(
        EXCEPTION_TYPES, string="First Exception", readonly=True
    )
    exception_count = fields.Integer(string="Exceptions", readonly=True)
    shipment_count = fields.Integer(string="Shipments", readonly=True)
    evaluated_count = fields.Integer(string="Shipments Judged", readonly=True)
    on_time_count = fields.Integer(string="Shipments On Time", readonly=True)
    exception_shipment_count = fields.Integer(
        string="Shipments with Exceptions", readonly=True
    )
    on_time_rate = fields.Float(string="On Time %", readonly=True, aggregator="avg")
    exception_rate = fields.Float(
        string="Exception Rate %", readonly=True, aggregator="avg"
    )
    locals().update(_exception_type_fields())

    _sql_constraints = [
        ("shipment_uniq", "unique(shipment_id)", "One row per shipment."),
    ]

    # === BUSINESS METHODS === #
    def _select_shipment_facts(self):
        """Column -> SQL of each row, over the judged shipments ``j``."""
        plain = (
            "shipment_id", "order_id", "picking_id", "company_id", "carrier_id",
            "status", "user_id", "team_id", "warehouse_id", "partner_id",
            "country_id", "state_id", "date_shipped", "date_delivered",
            "evaluated", "on_time", "transit_days", "exception_type",
            "exception_count",
        )  # fmt: skip
        columns = {name: SQL("j.%s", SQL.identifier(name)) for name in plain}
        counts = {
            "shipment_count": SQL("1"),
            "evaluated_count": SQL("j.evaluated::int"),
            "on_time_count": SQL("(j.evaluated AND j.on_time)::int"),
            "exception_shipment_count": SQL("(j.exception_count > 0)::int"),
        }
        for code, __ in EXCEPTION_TYPES:
            cases = SQL("j.%s", SQL.identifier(f"exceptions_{code}"))
            columns[f"exceptions_{code}"] = cases
            counts[f"with_{code}_count"] = SQL("(%s > 0)::int", cases)
        return self._with_ratios(columns, counts)

    @api.model
    def _refresh_orders(self, order_ids, now):
        """Bring the shipment rows of these orders current (after their line
        facts, whose promise windows they read).

        :param now: the time an undelivered parcel is judged at
        """
        if not order_ids:
            return
        codes = [code for code, __ in EXCEPTION_TYPES]
        self._write_facts(
            order_ids,
            shipment_judged_cte(tuple(order_ids), now, codes),
            self._select_shipment_facts(),
            "shipment_id",
        )
