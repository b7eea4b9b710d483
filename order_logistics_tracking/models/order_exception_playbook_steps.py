# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The kinds of playbook steps, one ``_run_<kind>(case)`` method each: tell
the customer, escalate, schedule a follow-up, reship with a faster carrier,
compensate with a credit note. Each returns an outcome code and its
arguments, or raises :class:`StepFailed`."""

import logging
from datetime import timedelta

from odoo import Command, fields, models
from odoo.tools import float_is_zero, float_round

from .order_exception_playbook import StepFailed, records_arg

_logger = logging.getLogger(__name__)


class OrderExceptionPlaybookStep(models.Model):
    _inherit = "order.exception.playbook.step"  # pylint: disable=consider-merging-classes-inherited

    # === KINDS === #
    def _run_notify(self, case):
        """Send the step's mail template to the case's customer."""
        if not self.template_id:
            raise StepFailed("notify.no_template")
        if not case.partner_id.email:
            raise StepFailed("notify.no_recipient")
        template = records_arg(self.template_id)
        try:
            self.template_id.send_mail(case.id, raise_exception=True)
        except Exception as error:  # pylint: disable=broad-except
            _logger.info("Template %s failed on case %s: %s", template, case.id, error)
            raise StepFailed("notify.render_failed", template=template) from error
        return "notify.sent", {"template": template}

    def _escalation_users(self, case):
        users = self.user_id | self.group_id.sudo().users
        return users.filtered(
            lambda u: u.active and not u.share and case.company_id in u.company_ids
        )

    def _run_escalate(self, case):
        """Tell the step's user or group: an activity each, or a message."""
        users = self._escalation_users(case)
        if not users:
            raise StepFailed("escalate.nobody")
        summary = self.name or case.name
        if self.escalate_by == "mail":
            case.message_post(
                body=self.note or summary,
                partner_ids=users.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            return "escalate.mail", {"users": records_arg(users)}
        for user in users:
            case.activity_schedule(
                activity_type_id=self._activity_type().id,
                summary=summary,
                note=self.note or "",
                user_id=user.id,
                date_deadline=fields.Date.context_today(case),
            )
        return "escalate.activity", {"users": records_arg(users)}

    def _run_follow_up(self, case):
        """Schedule an activity on the case, the step's days from today."""
        user = self._follow_up_user(case)
        date = fields.Date.context_today(case) + timedelta(days=self.delay_days)
        case.activity_schedule(
            activity_type_id=self._activity_type().id,
            summary=self.name or case.name,
            note=self.note or "",
            user_id=user.id,
            date_deadline=date,
        )
        return "follow_up.scheduled", {
            "user": records_arg(user),
            "date": {"date": fields.Date.to_string(date)},
        }

    def _follow_up_user(self, case):
        """Who the follow-up activity is for: the step's user, the case's
        owner or the internal user who runs the playbook (a coordinator,
        the cron); else, when a customer's report runs it as a portal or
        public visitor, the order's salesperson, a logistics manager of the
        company, or OdooBot. Never a portal or public user.

        :return: ``res.users`` record
        """
        for user in (self.user_id, case.user_id, self.env.user):
            if user and not user.share:
                return user
        managers = self.env.ref(
            "order_logistics_tracking.group_logistics_manager",
            raise_if_not_found=False,
        )
        fallbacks = case.sale_id.user_id
        if managers:
            fallbacks |= managers.sudo().users.sorted("id")
        for user in fallbacks:
            if user.active and not user.share and case.company_id in user.company_ids:
                return user
        return self.env.ref("base.user_root")

    def _activity_type(self):
        return self.activity_type_id or self.env.ref("mail.mail_activity_data_todo")

    def _run_expedite(self, case):
        """Ship the goods of the case's delivery again, with the step's
        faster carrier: a new confirmed delivery of the same type."""
        if not self.carrier_id:
            raise StepFailed("expedite.no_carrier")
        picking = case.picking_id
        if not picking:
            raise StepFailed("expedite.no_delivery")
        move_vals = self._prepare_expedite_move_vals(picking)
        if not move_vals:
            raise StepFailed("expedite.nothing_missing")
        reship = self.env["stock.picking"].create(
            self._prepare_expedite_picking_vals(picking, move_vals)
        )
        reship.action_confirm()
        case.expedite_picking_ids = [Command.link(reship.id)]
        return "expedite.created", {
            "picking": records_arg(reship),
            "carrier": records_arg(self.carrier_id),
        }

    def _prepare_expedite_picking_vals(self, picking, move_vals):
        return {
            "picking_type_id": picking.picking_type_id.id,
            "partner_id": picking.partner_id.id,
            "origin": picking.origin or picking.name,
            "carrier_id": self.carrier_id.id,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "company_id": picking.company_id.id,
            # The order's procurement group: the order lists the reshipment.
            "group_id": picking.group_id.id,
            "move_ids": [Command.create(vals) for vals in move_vals],
        }

    def _prepare_expedite_move_vals(self, picking):
        """The goods to ship again: what the delivery shipped when it is
        done (the parcel went missing), else what it still has to ship. No
        ``sale_line_id``: the reshipment must not count as delivered twice."""
        vals_list = []
        for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
            qty = move.quantity if picking.state == "done" else move.product_uom_qty
            if float_is_zero(qty, precision_rounding=move.product_uom.rounding):
                continue
            vals_list.append(
                {
                    "name": move.name or move.product_id.display_name,
                    "product_id": move.product_id.id,
                    "product_uom_qty": qty,
                    "product_uom": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "company_id": move.company_id.id,
                }
            )
        return vals_list

    def _run_compensate(self, case):
        """A draft credit note for the customer: the fixed amount, or the
        share of the order's untaxed amount. Never posted here."""
        partner = case.sale_id.partner_invoice_id or case.partner_id
        if not partner:
            raise StepFailed("compensate.no_partner")
        order = case.sale_id
        currency = order.currency_id or case.company_id.currency_id
        if self.compensate_by == "percent":
            amount = order.amount_untaxed * self.percent / 100.0
        else:
            amount = self.amount
        amount = float_round(amount, precision_rounding=currency.rounding)
        if float_is_zero(amount, precision_rounding=currency.rounding):
            raise StepFailed("compensate.no_amount")
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(case.company_id),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not journal:
            raise StepFailed("compensate.no_journal")
        refund = self.env["account.move"].create(
            self._prepare_refund_vals(case, partner, journal, currency, amount)
        )
        case.refund_ids = [Command.link(refund.id)]
        return "compensate.created", {
            "move": records_arg(refund),
            "amount": {"money": amount, "currency": currency.id},
        }

    def _prepare_refund_vals(self, case, partner, journal, currency, amount):
        order = case.sale_id
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        # The line is the customer's document: written in their language.
        label = self.with_context(lang=partner.lang or self.env.lang).env._(
            "Compensation for delivery exception %(case)s", case=case.name
        )
        return {
            "move_type": "out_refund",
            "partner_id": partner.id,
            "journal_id": journal.id,
            "currency_id": currency.id,
            "company_id": case.company_id.id,
            "invoice_origin": order.name or case.name,
            "ref": case.name,
            "reversed_entry_id": invoice.id or False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
