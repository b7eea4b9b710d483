# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A small, hand-checkable history of orders: each delivered at a known
time, so every figure the reports show can be computed on paper."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import SQL

from odoo.addons.order_logistics_tracking.providers.base import (
    TrackingEvent,
    TrackingResult,
)
from odoo.addons.order_logistics_tracking.tests.common import (  # noqa: F401
    JsonRpcMixin,  # the JSON-RPC caller of the tests, shared
)

# The promised date of the fixture's orders: 10:00 on 10 November in
# Shanghai, the company's time zone. With a tolerance of one day either way,
# the window is 9 to 11 November, local days.
PROMISE = datetime(2026, 11, 10, 2, 0)
ORDERED = PROMISE - timedelta(days=5)
# The figures are judged twenty days after the promise.
JUDGED_AT = PROMISE + timedelta(days=20)


class AnalyticsCase(TransactionCase):
    """Users of every role, two goods and a service, and helpers that make
    confirmed orders and deliver them at a given time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._forget_existing_figures()
        cls.company = cls._fixture_company()
        cls.company.write(
            {
                "order_review_enabled": False,
                "analytics_early_days": 1,
                "analytics_late_days": 1,
                "analytics_qty_tolerance": 0.0,
            }
        )
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.team_east = cls.env["crm.team"].create({"name": "East"})
        cls.team_west = cls.env["crm.team"].create({"name": "West"})
        cls.analyst = new_test_user(
            cls.env,
            "oa_analyst",
            groups="order_analytics.group_order_analytics_user,"
            "sales_team.group_sale_salesman",
            name="Chen Analyst",
        )
        cls.colleague = new_test_user(
            cls.env,
            "oa_colleague",
            groups="sales_team.group_sale_salesman",
            name="Lin Colleague",
        )
        cls.outsider = new_test_user(
            cls.env,
            "oa_outsider",
            groups="sales_team.group_sale_salesman",
            name="Gao Outsider",
        )
        cls.team_east.member_ids = [Command.set((cls.analyst | cls.colleague).ids)]
        cls.team_west.member_ids = [Command.set(cls.outsider.ids)]
        cls.manager = new_test_user(
            cls.env,
            "oa_manager",
            groups="order_analytics.group_order_analytics_manager",
            name="Zhou Manager",
        )
        cls.internal = new_test_user(
            cls.env, "oa_internal", groups="base.group_user", name="Wang Internal"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Harbor Trading",
                "country_id": cls.env.ref("base.cn").id,
                "state_id": cls.env.ref("base.state_cn_SH").id,
            }
        )
        cls.portal = new_test_user(
            cls.env,
            "oa_portal",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.goods_a = cls._goods("Tea Set")
        cls.goods_b = cls._goods("Tea Cups")
        cls.kd100 = cls.env["delivery.carrier"].create(
            {
                "name": "SF Express",
                "product_id": cls.env["product.product"]
                .create({"name": "SF shipping", "type": "service"})
                .id,
                "tracking_provider": "kuaidi100",
                "kuaidi100_customer": "CUST0001",
                "kuaidi100_key": "key-123",
                "kuaidi100_salt": "salt-0123456789",
                "kuaidi100_company_code": "shunfeng",
            }
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Installation", "type": "service", "invoice_policy": "order"}
        )

    @classmethod
    def _fixture_company(cls):
        """The company the fixture's orders are made in: the current one.

        A test that builds the figures of every order of the database (the
        demo file's refresh does) makes its own, so that its classes come
        from the fixture alone and not also from the demo history."""
        return cls.env.company

    @classmethod
    def _forget_existing_figures(cls):
        """Start from empty fact, planning and refresh tables (in the test's
        transaction): the figures are computed by hand from this fixture
        alone, whatever the database's demo data made before."""
        for model in (
            "order.analytics.line",
            "order.analytics.line.month",
            "order.analytics.order",
            "order.analytics.stage",
            "order.analytics.shipment",
            "order.analytics.queue",
            "order.analytics.watermark",
            "order.analytics.class",
            "order.analytics.rfm",
            "order.analytics.forecast",
        ):
            cls.env.cr.execute(
                SQL("DELETE FROM %s", SQL.identifier(cls.env[model]._table))
            )
        cls.env.invalidate_all()

    @classmethod
    def _goods(cls, name):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "list_price": 20.0,
                "invoice_policy": "delivery",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.warehouse.lot_stock_id, 1000
        )
        return product

    @classmethod
    def order(cls, lines, promise=PROMISE, user=None, team=None, **vals):
        """A sale order confirmed on ``ORDERED``.

        :param lines: list of (product, quantity)
        """
        with freeze_time(ORDERED):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": (user or cls.analyst).id,
                    "team_id": (team or cls.team_east).id,
                    "commitment_date": promise,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": q})
                        for p, q in lines
                    ],
                    **vals,
                }
            )
            order.action_confirm()
        return order

    @classmethod
    def deliver(cls, order, when, quantities=None, backorder=True, ref=None):
        """Validate the order's open delivery at ``when``.

        :param quantities: dict product -> quantity (default: all of it)
        :param backorder: keep the rest for a later delivery (else cancel it)
        """
        picking = order.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "outgoing"
            )
        )
        with freeze_time(when):
            if ref:
                picking.carrier_tracking_ref = ref
            for move in picking.move_ids:
                wanted = (quantities or {}).get(move.product_id, move.product_uom_qty)
                move.quantity = wanted
                move.picked = bool(wanted)
            context = {"skip_backorder": True}
            if not backorder:
                context["picking_ids_not_to_backorder"] = picking.ids
            picking.with_context(**context).button_validate()
        return picking

    @classmethod
    def return_goods(cls, picking, product, quantity, when):
        """Return ``quantity`` of ``product`` from a done delivery at
        ``when``, to be refunded."""
        with freeze_time(when):
            wizard = Form(
                cls.env["stock.return.picking"].with_context(
                    active_ids=picking.ids,
                    active_id=picking.id,
                    active_model="stock.picking",
                )
            ).save()
            line = wizard.product_return_moves.filtered(
                lambda m: m.product_id == product
            )
            line.write({"quantity": quantity, "to_refund": True})
            back = cls.env["stock.picking"].browse(
                wizard.action_create_returns()["res_id"]
            )
            back.move_ids.write({"quantity": quantity, "picked": True})
            back.button_validate()
        return back

    @classmethod
    def invoice(cls, order, when):
        """Invoice (or refund) what the order's deliveries call for."""
        with freeze_time(when):
            moves = order._create_invoices(final=True)
            moves.action_post()
        return moves

    @classmethod
    def carrier_delivered(cls, order, when):
        """The carrier's 'delivered' scan at ``when`` on the delivery's
        shipment, applied the way a poll applies it."""
        shipment = order.picking_ids.shipment_ids
        scan = TrackingEvent.build(
            "kuaidi100", shipment.name, when, "3", "Signed for",
            status="delivered", known_code=True,
        )  # fmt: skip
        result = TrackingResult(
            tracking_ref=shipment.name,
            carrier_code="shunfeng",
            status="delivered",
            raw_code="3",
            known_code=True,
            events=[scan],
            final=True,
        )
        shipment._apply_results({shipment.id: result}, source="poll")

    @classmethod
    def refresh(cls, orders, now=JUDGED_AT):
        """Bring the facts of ``orders`` current, judged at ``now``."""
        cls.env["order.analytics.refresh"]._refresh_batch(orders.ids, now)

    def line_fact(self, order, product):
        return self.env["order.analytics.line"].search(
            [("order_id", "=", order.id), ("product_id", "=", product.id)]
        )

    def order_fact(self, order):
        return self.env["order.analytics.order"].search([("order_id", "=", order.id)])


# The planning fixture's months (UTC times; Shanghai is 8 hours ahead).
OCTOBER = datetime(2026, 10, 15, 2, 0)
NOVEMBER_LATE = datetime(2026, 11, 20, 2, 0)
DECEMBER = datetime(2026, 12, 10, 2, 0)
# Runs: in December the window is October and November; in January, November
# and December (two months, set on the company).
FIRST_RUN = datetime(2026, 12, 15, 4, 0)
SECOND_RUN = datetime(2027, 1, 15, 4, 0)


class PlanningCase(AnalyticsCase):
    """Four goods and two customers over October and November 2026:

    ======== ============ ================= ======= ====== =====
    product  October      November          revenue share  class
    ======== ============ ================= ======= ====== =====
    a        20 (Harbor)  20 (Harbor)       800     80 %   A X
    b        5 (Harbor)   1 (Harbor)        120     12 %   B Y
    c        1 (Harbor)   2 (Lotus, 20 Nov) 60      6 %    B X
    d                     1 (Lotus, 20 Nov) 20      2 %    C Z
    ======== ============ ================= ======= ====== =====

    Harbor: 940 (94 %, A; monthly 520, 420: X); Lotus: 60 (B; 0, 60: Z).
    Every unit sells at 20.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.analytics_abc_months = 2
        cls.planner = new_test_user(
            cls.env,
            "oa_planner",
            groups="order_analytics.group_order_analytics_manager,"
            "stock.group_stock_manager",
            name="Sun Planner",
        )
        cls.lotus = cls.env["res.partner"].create({"name": "Lotus Foods"})
        cls.goods_c = cls._goods("Tea Tray")
        cls.goods_d = cls._goods("Tea Whisk")
        a, b, c, d = cls.goods_a, cls.goods_b, cls.goods_c, cls.goods_d
        cls.orders = (
            cls.order_at(OCTOBER, cls.customer, [(a, 20), (b, 5), (c, 1)])
            | cls.order_at(ORDERED, cls.customer, [(a, 20), (b, 1)])
            | cls.order_at(NOVEMBER_LATE, cls.lotus, [(c, 2), (d, 1)])
        )
        cls.refresh(cls.orders)

    @classmethod
    def order_at(cls, when, partner, lines):
        """A sale order of ``partner`` confirmed at ``when``."""
        with freeze_time(when):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": cls.analyst.id,
                    "team_id": cls.team_east.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": q})
                        for p, q in lines
                    ],
                }
            )
            order.action_confirm()
        return order

    @classmethod
    def recompute(cls, now=FIRST_RUN):
        """Run the classification (and RFM) of the company at ``now``."""
        cls.env["order.analytics.class"]._recompute_company(cls.company, now)

    def latest_class(self, record, subject="product"):
        field = "product_id" if subject == "product" else "partner_id"
        return self.env["order.analytics.class"].search(
            [(field, "=", record.id), ("is_latest", "=", True)]
        )
