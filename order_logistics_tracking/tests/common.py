# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared set-up of the tracking tests: users, a tracked carrier, done
deliveries, and a local HTTP server on 127.0.0.1 that answers the way the
carriers document (research notes, sections 1 and 2)."""

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import mute_logger

from ..models.order_shipment import GUARD_KEY, TRACKING_GUARD

SALT = "test-salt-0123456789abcdef"


def kd100_node(time, context, status_code=None, area="上海市"):
    """A node of Kuaidi100's ``data[]`` (research 1.1)."""
    node = {"time": time, "ftime": time, "context": context, "areaName": area}
    if status_code:
        node["statusCode"] = status_code
    return node


def kd100_result(number, state, nodes, com="yuantong", ischeck="0"):
    """Kuaidi100's ``lastResult`` / query answer (research 1.1, 1.4)."""
    return {
        "message": "ok",
        "state": state,
        "status": "200",
        "condition": "F00",
        "ischeck": ischeck,
        "com": com,
        "nu": number,
        "data": nodes,
    }


def kd100_push(number, state, nodes, status="polling", **extra):
    """The ``param`` JSON text of a Kuaidi100 push (research 1.4, 1.5)."""
    param = {
        "status": status,
        "billstatus": "got",
        "message": "",
        "autoCheck": "0",
        "comOld": "",
        "comNew": "",
        "lastResult": kd100_result(number, state, nodes),
    }
    param.update(extra)
    return json.dumps(param, ensure_ascii=False)


def kd100_sign(param, salt=SALT):
    """The documented push signature: MD5(param + salt), upper-case."""
    return hashlib.md5((param + salt).encode()).hexdigest().upper()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        self.server.received.append(
            {"path": self.path, "headers": dict(self.headers), "body": body}
        )
        status, reply = self.server.next_reply(self)
        data = reply if isinstance(reply, bytes) else json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class CarrierServer(ThreadingHTTPServer):
    """Answers each POST with the next scripted reply (status, body); a
    callable reply is called with the request handler."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received = []
        self.replies = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def script(self, *replies):
        self.replies.extend(replies)

    def next_reply(self, handler):
        reply = (
            self.replies.pop(0) if self.replies else (500, {"message": "unscripted"})
        )
        if callable(reply):
            reply = reply(handler)
        return reply

    def handle_error(self, request, client_address):
        # A client that gave up (timeout tests) leaves a broken pipe: expected.
        pass

    def form(self, index=-1):
        return {k: v[0] for k, v in parse_qs(self.received[index]["body"]).items()}

    def stop(self):
        self.shutdown()
        self.server_close()


class TrackingCase(TransactionCase):
    """A company with a Kuaidi100 carrier and users of every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        if "order_review_enabled" in cls.company._fields:
            # customer_order_review (its demo data turns it on) holds orders
            # for review before confirmation; these tests are about delivery.
            cls.company.order_review_enabled = False
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_user = new_test_user(
            cls.env, "track_stock", groups="stock.group_stock_user", name="Wu Stock"
        )
        cls.salesperson = new_test_user(
            cls.env,
            "track_sales",
            groups="sales_team.group_sale_salesman",
            name="Sun Sales",
        )
        cls.other_salesperson = new_test_user(
            cls.env,
            "track_sales2",
            groups="sales_team.group_sale_salesman",
            name="Ma Sales",
        )
        cls.coordinator = new_test_user(
            cls.env,
            "track_coord",
            groups="order_logistics_tracking.group_logistics_coordinator,"
            "stock.group_stock_user",
            name="Li Coordinator",
        )
        cls.manager = new_test_user(
            cls.env,
            "track_manager",
            groups="order_logistics_tracking.group_logistics_manager,"
            "stock.group_stock_user",
            name="Zhao Manager",
        )
        cls.internal = new_test_user(
            cls.env, "track_internal", groups="base.group_user", name="Qian Internal"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Harbor Trading", "email": "buyer@harbor.example"}
        )
        cls.portal_user = new_test_user(
            cls.env,
            "track_portal",
            groups="base.group_portal",
            name="Harbor Buyer",
            partner_id=cls.customer.id,
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Pine Retail"})
        cls.product = cls.env["product.product"].create(
            {"name": "Tea Set", "is_storable": True, "list_price": 20.0}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 1000
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "YTO Express",
                "product_id": cls.env["product.product"]
                .create({"name": "YTO shipping", "type": "service"})
                .id,
                "tracking_provider": "kuaidi100",
                "kuaidi100_customer": "CUST0001",
                "kuaidi100_key": "key-123",
                "kuaidi100_salt": SALT,
                "kuaidi100_company_code": "yuantong",
                "tracking_url": "https://www.kuaidi100.com/chaxun?nu=<shipmenttrackingnumber>",
            }
        )

    @classmethod
    def make_order(cls, partner=None, user=None, qty=2):
        """A confirmed sale order of the tea set."""
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
    def deliver(cls, order, ref=None, user=None):
        """Validate the order's delivery (as ``user``), with ``ref``."""
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        picking = picking.with_user(user or cls.stock_user)
        if ref is not None:
            picking.carrier_tracking_ref = ref
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking.with_env(cls.env)

    @classmethod
    def shipment_of(cls, picking, ref):
        return cls.env["order.shipment"].search(
            [("picking_id", "=", picking.id), ("name", "=", ref)]
        )

    @classmethod
    def guarded(cls, records):
        return records.sudo().with_context(**{GUARD_KEY: TRACKING_GUARD})


class JsonRpcMixin:
    """Calls ``/web/dataset/call_kw`` as the browser does, as the user the
    ``HttpCase`` authenticated."""

    def call_kw(self, model, method, args, kwargs=None):
        """:return: the decoded JSON-RPC reply (``result`` or ``error``)"""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        self.env.flush_all()
        # A refused call is logged as a warning by odoo.http: expected here.
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response.json()
