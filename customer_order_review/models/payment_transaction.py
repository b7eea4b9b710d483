# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """A paid order that must still pass its review is held, not
        confirmed: do not report it as confirmed (no confirmation mail, no
        automatic invoice) until the review approves it."""
        orders = super()._check_amount_and_confirm_order()
        return orders.filtered(lambda order: order.state == "sale")
