# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared set-up of the delivery exception tests: users of every role, a
tracked carrier and a faster one, done deliveries of confirmed orders."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests.common import TransactionCase, new_test_user

from ..models.order_delivery_exception import CASE_GUARD, CASE_GUARD_KEY
from ..providers.base import TrackingEvent, TrackingResult


def tracking_result(ref, status, raw_code, when, known=True):
    """A Kuaidi100 answer of one event with ``status`` and ``raw_code``."""
    event = TrackingEvent.build(
        "kuaidi100",
        ref,
        when,
        raw_code,
        f"scan {raw_code} {status}",
        status=status,
        known_code=known,
    )
    return TrackingResult(
        tracking_ref=ref,
        carrier_code="yuantong",
        status=status,
        raw_code=raw_code,
        known_code=known,
        events=[event],
    )


class ExceptionCase(TransactionCase):
    """A company with a tracked carrier, users of every role, one customer
    with a portal login and one without."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # The detectors scan every open shipment: the demo data's parcels are
        # closed for these tests, which count what the detectors find.
        cls.env["order.shipment"].search(
            [("final", "=", False)]
        )._tracking_sudo().write({"final": True})
        cls.company = cls.env.company
        if "order_review_enabled" in cls.company._fields:
            # customer_order_review (its demo data turns it on) holds orders
            # for review before confirmation; these tests are about delivery.
            cls.company.order_review_enabled = False
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.coordinator = new_test_user(
            cls.env,
            "exc_coord",
            groups="order_logistics_tracking.group_logistics_coordinator,"
            "stock.group_stock_user",
            name="Li Coordinator",
        )
        cls.manager = new_test_user(
            cls.env,
            "exc_manager",
            groups="order_logistics_tracking.group_logistics_manager,"
            "stock.group_stock_user",
            name="Zhao Manager",
        )
        cls.salesperson = new_test_user(
            cls.env,
            "exc_sales",
            groups="sales_team.group_sale_salesman",
            name="Sun Sales",
        )
        cls.other_salesperson = new_test_user(
            cls.env,
            "exc_sales2",
            groups="sales_team.group_sale_salesman",
            name="Ma Sales",
        )
        cls.internal = new_test_user(
            cls.env, "exc_internal", groups="base.group_user", name="Qian Internal"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbor Trading", "email": "buyer@harbor.example"}
        )
        cls.portal_user = new_test_user(
            cls.env,
            "exc_portal",
            groups="base.group_portal",
            name="Harbor Buyer",
            partner_id=cls.customer.id,
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Pine Retail", "email": "pine@retail.example"}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            "exc_portal2",
            groups="base.group_portal",
            name="Pine Buyer",
            partner_id=cls.other_customer.id,
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Tea Set", "is_storable": True, "list_price": 20.0}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10000
        )
        cls.carrier = cls._make_carrier("YTO Express", "kuaidi100")
        cls.fast_carrier = cls._make_carrier("SF Express Next Day", False)

    @classmethod
    def _make_carrier(cls, name, provider):
        product = cls.env["product.product"].create(
            {"name": f"{name} shipping", "type": "service"}
        )
        vals = {"name": name, "product_id": product.id, "tracking_provider": provider}
        if provider == "kuaidi100":
            vals["kuaidi100_company_code"] = "yuantong"
        return cls.env["delivery.carrier"].create(vals)

    @classmethod
    def make_order(cls, partner=None, user=None, qty=2):
        """A confirmed sale order of the tea set, with the tracked carrier."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": (user or cls.salesperson).id,
                "carrier_id": cls.carrier.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": qty}
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    @classmethod
    def deliver(cls, order, ref):
        """Validate the order's delivery with the tracking reference ``ref``
        (each reference becomes a shipment)."""
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        picking.carrier_tracking_ref = ref
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    @classmethod
    def make_shipment(cls, partner=None, user=None, ref="YT0001"):
        """A shipment of a done delivery of a new confirmed order."""
        order = cls.make_order(partner=partner, user=user)
        picking = cls.deliver(order, ref)
        return picking.shipment_ids

    @classmethod
    def add_shipments(cls, picking, count, prefix="EXTRA", **vals):
        """``count`` more parcels of the done delivery ``picking``."""
        Shipment = cls.env["order.shipment"]._tracking_sudo()
        return Shipment.create(
            [
                {
                    "name": f"{prefix}{index:05d}",
                    "picking_id": picking.id,
                    "carrier_id": cls.carrier.id,
                    **vals,
                }
                for index in range(count)
            ]
        )

    @classmethod
    def make_case(
        cls, shipment, exception_type="customer_complaint", user=None, **vals
    ):
        """A case opened by hand (by ``user``, the coordinator by default)."""
        Case = cls.env["order.delivery.exception"].with_user(user or cls.coordinator)
        return Case.create(
            {"exception_type": exception_type, "shipment_id": shipment.id, **vals}
        ).with_env(cls.env)

    @classmethod
    def make_playbook(cls, exception_type, steps, severity="any", **vals):
        return (
            cls.env["order.exception.playbook"]
            .with_user(cls.manager)
            .create(
                {
                    "name": f"Test {exception_type}",
                    "exception_type": exception_type,
                    "severity": severity,
                    "sequence": 1,
                    "step_ids": [
                        Command.create({"sequence": index, **step})
                        for index, step in enumerate(steps)
                    ],
                    **vals,
                }
            )
            .with_env(cls.env)
        )

    @staticmethod
    def case_process(records):
        return records.sudo().with_context(**{CASE_GUARD_KEY: CASE_GUARD})

    @staticmethod
    def ago(**delta):
        return fields.Datetime.now() - timedelta(**delta)
