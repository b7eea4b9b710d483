# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every channel that confirms an order passes the same review."""

import base64

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import ReviewCase

# A 1x1 transparent PNG: a valid signature image.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d00000000"
        "49454e44ae426082"
    )
).decode()


@tagged("post_install", "-at_install")
class TestConfirmationChannels(HttpCase, ReviewCase):
    def _sign(self, order):
        order._portal_ensure_token()
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order.access_token,
                "name": "Li Wei",
                "signature": SIGNATURE,
            },
        )

    def test_portal_signature_of_low_risk_order_confirms(self):
        order = self._create_order(require_signature=True, require_payment=False)
        result = self._sign(order)
        self.assertNotIn("error", result)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.review_state, "approved")

    def test_portal_signature_of_order_needing_review_is_held(self):
        order = self._create_order(
            lines=[(self.product, 5000.0)],
            require_signature=True,
            require_payment=False,
        )
        result = self._sign(order)
        self.assertNotIn("error", result)
        self.assertTrue(order.signature, "the signature is kept")
        self.assertIn(order.state, ("draft", "sent"))
        self.assertEqual(order.review_state, "in_review")
        self.assertTrue(order.review_confirm_requested)
        self.assertIn("held", self._log_events(order))
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("subject", "ilike", "is in review"),
            ]
        )
        self.assertEqual(mail.recipient_ids, self.customer, "the signer is told")
        # Once reviewers approve every stage, the signed order confirms by itself.
        for _step in range(10):
            pending = self._pending(order)
            if not pending:
                break
            self._decide(pending, self.review_manager, "approve", note="Checked")
        self.assertEqual(order.review_state, "approved")
        self.assertEqual(order.state, "sale")

    def test_payment_of_order_needing_review_is_held(self):
        order = self._create_order(lines=[(self.product, 5000.0)])
        provider = self.env["payment.provider"].create(
            {"name": "Review test provider", "code": "none", "state": "test"}
        )
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": f"REVIEW-{order.id}",
                "operation": "online_redirect",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        tx._set_done()
        confirmed = tx._check_amount_and_confirm_order()
        self.assertFalse(confirmed, "a held order is not reported as confirmed")
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.review_confirm_requested)

    def test_rpc_confirm_of_order_needing_review(self):
        order = self._create_order(lines=[(self.product, 5000.0)])
        self.authenticate("review_manager", "review_manager")
        self.make_jsonrpc_request(
            "/web/dataset/call_kw/sale.order/action_confirm",
            {
                "model": "sale.order",
                "method": "action_confirm",
                "args": [order.ids],
                "kwargs": {},
            },
        )
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.review_state, "in_review")
