# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The automatic checks of the review stages.

A check is an abstract model ``sale.review.check.<code>`` (one file in
``models/checks/``) inheriting this one, chosen by the stage's
``check_code``. It implements :meth:`SaleReviewCheck._judge`: judge a batch of
orders at once and return, per order, a result (``pass``, ``warn`` or
``fail``), a message and the evidence behind it, as phrases (see
``phrases.py``). A new check is a new file and a ``selection_add`` on
``sale.review.stage.check_code`` (see the readme's "Extend" section).

The facts the checks and the risk score need are gathered once per batch by
:class:`~odoo.addons.customer_order_review.review_data.ReviewData`.
"""

from odoo import api, models, tools

from ..phrases import phrase
from ..review_data import WARN, ReviewData, result


class SaleReviewCheck(models.AbstractModel):
    _name = "sale.review.check"
    _description = "Order Review Automatic Checks"

    @api.model
    @tools.ormcache()
    def _receivable_account_ids(self):
        """Ids of every receivable account (cleared when accounts change)."""
        return tuple(
            self.env["account.account"]
            .sudo()
            .search([("account_type", "=", "asset_receivable")])
            .ids
        )

    @api.model
    def _prepare_data(self, orders):
        """Return the :class:`ReviewData` of a batch; override to add facts."""
        return ReviewData(orders)

    @api.model
    def _run(self, stage, orders, data=None):
        """Run ``stage``'s check on ``orders``.

        :return: dict order id -> result dict (``result``, ``message``, ``evidence``)
        """
        data = data or self._prepare_data(orders)
        check = f"sale.review.check.{stage.check_code}"
        if check not in self.env:
            unavailable = phrase("check.unavailable", check=stage.check_code)
            return {order.id: result(WARN, unavailable) for order in orders}
        return self.env[check]._judge(orders, data, stage)

    @api.model
    def _judge(self, orders, data, stage):
        """Judge ``orders`` for ``stage``: what each check implements.

        :param orders: ``sale.order`` recordset, the whole batch
        :param data: the batch's :class:`ReviewData` (facts read once)
        :param stage: the ``sale.review.stage`` being checked
        :return: dict order id -> ``result(level, message, evidence)``
        """
        raise NotImplementedError(self._name)
