# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review log of an order (append-only, with a snapshot of the order) and
the mails and chatter messages the review sends."""

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _review_snapshot(self):
        """The order's key values, as kept in each review log row."""
        self.ensure_one()
        return {
            "partner": self.partner_id.display_name,
            "amount_untaxed": self.amount_untaxed,
            "amount_total": self.amount_total,
            "currency_id": self.currency_id.id,
            "commitment_date": fields.Datetime.to_string(self.commitment_date) or None,
            "payment_term_id": self.payment_term_id.id,
            "pricelist_id": self.pricelist_id.id,
            # Ids and the line text only: resolving names would cost queries on
            # every review step; the ids stay meaningful.
            "lines": [
                {
                    "product_id": line.product_id.id,
                    "product": line.name,
                    "qty": line.product_uom_qty,
                    "uom_id": line.product_uom.id,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "subtotal": line.price_subtotal,
                }
                for line in self.order_line
                if not line.display_type
            ],
            "special_requirements": [
                {"name": req.name, "feasibility": req.feasibility}
                for req in (
                    self.special_requirement_ids
                    if self.special_requirement_count
                    else []
                )
            ],
        }

    def _review_log_many(self, vals_list):
        """Append rows to the review log, each with the order's snapshot, in
        one insert.

        :param vals_list: dicts of log values, each with its ``order_id``
        """
        if not vals_list:
            return
        # The order's key values do not change between the rows of one call:
        # each order is read and snapshotted once, and its rows share that.
        common = {}
        rows = []
        now = fields.Datetime.now()
        for vals in vals_list:
            order_id = vals["order_id"]
            if order_id not in common:
                order = self.browse(order_id)
                common[order_id] = {
                    "company_id": order.company_id.id,
                    "cycle": order.review_cycle,
                    "snapshot": order._review_snapshot(),
                    "amount_total": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "user_id": self.env.user.id,
                    "date": now,
                }
            row = dict(common[order_id])
            row.update({key: value for key, value in vals.items() if value is not None})
            rows.append(row)
        self.env["sale.order.review.log"].sudo()._append(rows)

    def _review_log(self, vals_list):
        """Append rows about this order to the review log."""
        self.ensure_one()
        return self._review_log_many(
            [dict(vals, order_id=self.id) for vals in vals_list]
        )

    def _review_company_lang(self):
        """Language of sentences stored for everyone who follows the order
        (chatter messages): the company's."""
        self.ensure_one()
        return self.company_id.partner_id.lang or "en_US"

    def _review_notify(self, template_xmlid):
        """Queue the review mail ``template_xmlid`` for each order."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for order in self:
            template.sudo().send_mail(order.id, force_send=False)

    def _review_question_recipient(self):
        """Partner a pending review question is addressed to."""
        self.ensure_one()
        review = self.review_ids.filtered(lambda r: r.state == "changes")[:1]
        if review.question_to == "customer":
            return self.partner_id
        return self.user_id.partner_id
