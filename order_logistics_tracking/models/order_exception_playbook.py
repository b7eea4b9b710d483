# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Emergency playbooks (应急预案): for an exception type and severity, the
ordered steps to take. A step is data plus one small method per kind,
``_run_<kind>(case)``, found with ``getattr``; a module adds a kind with a
``selection_add`` on ``kind`` and its ``_run_<kind>`` method."""

import logging
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero, float_round

from .order_delivery_exception import EXCEPTION_TYPES, SEVERITIES

_logger = logging.getLogger(__name__)


# Steps that make documents: done once per case, never again by a rerun.
ONCE_PER_CASE_KINDS = frozenset({"expedite", "compensate"})


class StepFailed(Exception):
    """A step that cannot do its work: an outcome code of
    ``order.exception.step.run`` and its arguments."""

    def __init__(self, code, **args):
        super().__init__(code)
        self.code = code
        self.args_dict = args


def records_arg(records):
    """A step outcome argument naming ``records`` (rendered with their names
    as the reader sees them)."""
    return {"records": records._name, "ids": records.ids}


class OrderExceptionPlaybook(models.Model):
    """What to do about one type of delivery exception, at one severity (or
    any)."""

    _name = "order.exception.playbook"
    _description = "Delivery Exception Playbook"
    _order = "sequence, id"
    _check_company_auto = True

    # === FIELDS === #
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    exception_type = fields.Selection(EXCEPTION_TYPES, string="Type", required=True)
    severity = fields.Selection(
        [*SEVERITIES, ("any", "Any")],
        required=True,
        default="any",
        help="The playbook of the case's exact severity wins over the one for "
        "any severity.",
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Empty: the playbook serves every company.",
    )
    sla_hours = fields.Float(
        string="Resolve Within (Working Hours)",
        help="The case's deadline, counted in the company's working hours. "
        "Zero: the default of the case's severity.",
    )
    auto_run = fields.Boolean(
        string="Run When a Case Opens",
        default=True,
        help="Run the steps as soon as a case opens; otherwise a coordinator "
        "runs them with a button.",
    )
    step_ids = fields.One2many(
        "order.exception.playbook.step", "playbook_id", string="Steps", copy=True
    )

    # === CONSTRAINTS === #
    @api.constrains("sla_hours")
    def _check_sla_hours(self):
        if self.filtered(lambda p: p.sla_hours < 0):
            raise ValidationError(self.env._("The resolution time cannot be negative."))

    # === BUSINESS === #
    @api.model
    def _find_for(self, case):
        """The playbook of ``case``: its type and exact severity, else its
        type and any severity; the company's own before a shared one."""
        if not case.exception_type:
            return self.browse()
        playbooks = self.sudo().search(
            [
                ("exception_type", "=", case.exception_type),
                ("severity", "in", (case.severity, "any")),
                ("company_id", "in", (case.company_id.id, False)),
            ]
        )
        best = playbooks.sorted(
            lambda p: (p.severity == "any", not p.company_id, p.sequence, p.id)
        )[:1]
        return best.with_env(self.env)

    def _run(self, case):
        """Run the steps of this playbook on ``case`` in their order, each in
        its own savepoint: a failing step is rolled back and logged, and the
        next step still runs.

        Steps run as superuser in the case's company: the playbook is what a
        manager configured, whoever starts it (a coordinator, a detector).

        :return: the step run log rows
        """
        self.ensure_one()
        Run = self.env["order.exception.step.run"].sudo()
        user = self.env.user
        case_sudo = case._case_sudo().with_company(case.company_id)
        vals_list = []
        for step in self.sudo().step_ids.sorted(lambda s: (s.sequence, s.id)):
            state, code, args = step.with_company(case.company_id)._run_step(case_sudo)
            vals_list.append(
                {
                    "case_id": case.id,
                    "step_id": step.id,
                    "playbook_id": self.id,
                    "kind": step.kind,
                    "state": state,
                    "outcome_code": code,
                    "outcome_args": args,
                    "user_id": user.id,
                }
            )
        return Run.create(vals_list)


class OrderExceptionPlaybookStep(models.Model):
    """One step of a playbook."""

    _name = "order.exception.playbook.step"
    _description = "Delivery Exception Playbook Step"
    _order = "sequence, id"
    _check_company_auto = True

    # === FIELDS === #
    playbook_id = fields.Many2one(
        "order.exception.playbook", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="playbook_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", translate=True)
    kind = fields.Selection(
        [
            ("notify", "Notify Customer"),
            ("escalate", "Escalate"),
            ("expedite", "Expedite"),
            ("compensate", "Compensate"),
            ("follow_up", "Follow Up"),
        ],
        required=True,
        default="notify",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Mail Template",
        domain="[('model', '=', 'order.delivery.exception')]",
    )
    escalate_by = fields.Selection(
        [("activity", "Activity"), ("mail", "Message")], default="activity"
    )
    user_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    group_id = fields.Many2one("res.groups")
    activity_type_id = fields.Many2one("mail.activity.type")
    note = fields.Text(
        translate=True, help="The text of the activity or message of the step."
    )
    carrier_id = fields.Many2one(
        "delivery.carrier",
        string="Faster Carrier",
        check_company=True,
        help="The carrier of the reshipment.",
    )
    compensate_by = fields.Selection(
        [("fixed", "Fixed Amount"), ("percent", "Share of the Order")],
        default="fixed",
    )
    amount = fields.Float(
        string="Fixed Amount",
        help="In the order's currency (the company's without an order).",
    )
    percent = fields.Float(string="Share (%)", help="Of the order's untaxed amount.")
    delay_days = fields.Integer(string="After (Days)", default=2)

    # === CONSTRAINTS === #
    @api.constrains("percent", "amount", "delay_days")
    def _check_values(self):
        for step in self:
            if not 0 <= step.percent <= 100:
                raise ValidationError(self.env._("A share is between 0 and 100%."))
            if step.amount < 0 or step.delay_days < 0:
                raise ValidationError(
                    self.env._("Amounts and delays of a step cannot be negative.")
                )

    # === RUN === #
    def _done_on(self, case):
        """Whether this step already ran successfully on ``case``."""
        return bool(
            self.env["order.exception.step.run"]
            .sudo()
            .search_count(
                [
                    ("case_id", "=", case.id),
                    ("step_id", "=", self.id),
                    ("state", "=", "done"),
                ],
                limit=1,
            )
        )

    def _run_step(self, case):
        """Run this step on ``case`` in a savepoint.

        :return: (state, outcome code, outcome args)
        """
        self.ensure_one()
        method = getattr(self, f"_run_{self.kind}", None)
        try:
            with self.env.cr.savepoint():
                if method is None:
                    raise StepFailed("step.unknown_kind")
                if self.kind in ONCE_PER_CASE_KINDS and self._done_on(case):
                    # A document (a credit note, a new delivery) is made once
                    # per case and step, however often the playbook runs.
                    raise StepFailed("step.already_done")
                code, args = method(case)
        except StepFailed as failure:
            return "failed", failure.code, failure.args_dict
        except Exception as error:  # pylint: disable=broad-except
            # Whatever a step does wrong must not lose the case nor stop the
            # next steps: rolled back, logged, and the run goes on.
            _logger.info(
                "Playbook step %s failed on case %s", self.id, case.id, exc_info=True
            )
            return "failed", "step.error", {"error": type(error).__name__}
        return "done", code, args

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
        user = self.user_id or case.user_id or self.env.user
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
