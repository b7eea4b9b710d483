# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review log of an order (append-only, with a snapshot of the order) and
the mails and chatter messages the review sends."""

from odoo import SUPERUSER_ID, fields, models

from .. import phrases as ph
from ..phrases import phrase


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

    def _review_stage_logs(self, reviews, vals_list):
        """The log rows of the stages a submission laid out: each skipped
        stage and each automatic check, from the values just written (reading
        the rows back would fetch their JSON columns again).

        :param reviews: the new ``sale.order.review`` rows
        :param vals_list: their values, in the same order
        """
        logs = []
        for review, vals in zip(reviews, vals_list, strict=True):
            if vals["state"] == "skipped":
                log = self._review_stage_log_vals(
                    review.id, vals, "skipped", vals["skip_phrase"]
                )
                log.update(internal=False, check_result=False)
                logs.append(log)
            elif vals.get("check_result"):
                logs.append(
                    self._review_stage_log_vals(
                        review.id, vals, "check", vals["check_findings"]
                    )
                )
        return logs

    def _review_submitted_log_vals(self, score):
        """The log row opening the order's new cycle, with its risk score."""
        self.ensure_one()
        total, level, _details = score
        return {
            "order_id": self.id,
            "event": "submitted",
            "cycle": self.review_cycle + 1,
            "auto_note": phrase(
                "log.risk", score=total, level=ph.choice(self, "risk_level", level)
            ),
            "internal": True,
        }

    def _review_check_log_vals(self, review, findings):
        """The log row of a stage's automatic check (and of its automatic
        approval, when it approved itself).

        :param review: the stage, its check result written
        :param findings: what the check found, as a phrase
        """
        vals = {
            "order_id": review.order_id.id,
            "stage_id": review.stage_id.id,
            "cycle": review.cycle,
            "check_result": review.check_result,
            "auto_approved": review.auto_approved,
        }
        return self._review_stage_log_vals(review.id, vals, "check", findings)

    def _review_stage_log_vals(self, review_id, vals, event, findings):
        """The log row of what the review itself did on a stage: its check
        (and automatic approval) or its skipping, written by the system.

        :param review_id: id of the ``sale.order.review`` row
        :param vals: the row's values (``order_id``, ``stage_id``, ``cycle``,
            ``check_result``, ``auto_approved``)
        :param event: ``check`` or ``skipped``
        :param findings: what the check found or why the stage was skipped,
            as a phrase
        """
        note = findings
        if event == "check" and vals.get("auto_approved"):
            event = "auto_approved"
            note = phrase(
                "log.auto_approved",
                message=findings,
                score=self.browse(vals["order_id"]).risk_score,
            )
        return {
            "order_id": vals["order_id"],
            "review_id": review_id,
            "stage_id": vals["stage_id"],
            "cycle": vals["cycle"],
            "event": event,
            "auto_note": note,
            "check_result": vals.get("check_result") or False,
            "internal": True,
            # The system checked (and approved), not the user whose action
            # ran it.
            "user_id": SUPERUSER_ID,
        }

    def _review_completed_log_vals(self):
        """The log rows closing the approved orders' reviews."""
        return [{"order_id": order.id, "event": "completed"} for order in self]
