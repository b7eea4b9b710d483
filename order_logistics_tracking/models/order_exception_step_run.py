# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The log of playbook steps run on a case.

A row is read long after it was written, by people working in other
languages than the one of whoever ran the playbook: it stores an outcome
*code* and structured arguments, and :meth:`_compute_outcome` writes the
sentence in the reader's language. An argument is a plain number or string
(a code, a name as the data holds it), a record reference
``{"records": model, "ids": [...]}`` shown with the records' names as the
reader sees them, an amount ``{"money": amount, "currency": id}`` or a date
``{"date": "2026-01-31"}``, both formatted in the reader's language."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# outcome code -> lazy translatable sentence. Codes are stable: a stored row
# keeps rendering after its wording changes. Another module adds its codes
# to this dict.
OUTCOMES = {
    "notify.sent": _lt("Customer notified with %(template)s."),
    "notify.no_template": _lt("No mail template set on the step."),
    "notify.no_recipient": _lt("The case has no customer with an email address."),
    "notify.render_failed": _lt(
        "The mail template %(template)s could not be rendered."
    ),
    "escalate.activity": _lt("Escalated to %(users)s with an activity."),
    "escalate.mail": _lt("Escalated to %(users)s by message."),
    "escalate.nobody": _lt("No user or group to escalate to."),
    "expedite.created": _lt("Reshipment %(picking)s created with %(carrier)s."),
    "expedite.no_carrier": _lt("No faster carrier chosen on the step."),
    "expedite.no_delivery": _lt("The case has no delivery to ship again."),
    "expedite.nothing_missing": _lt("No goods of the delivery to ship again."),
    "compensate.created": _lt("Draft credit note %(move)s of %(amount)s created."),
    "compensate.no_partner": _lt("The case has no customer to compensate."),
    "compensate.no_amount": _lt("The compensation amount is zero."),
    "compensate.no_journal": _lt("The company has no sales journal."),
    "follow_up.scheduled": _lt("Follow-up scheduled for %(user)s on %(date)s."),
    "step.unknown_kind": _lt("This kind of step is not installed."),
    "step.already_done": _lt("Already done for this case: not repeated."),
    "step.error": _lt("The step failed unexpectedly (%(error)s)."),
}


class OrderExceptionStepRun(models.Model):
    """One step of a playbook run on a case, and how it went: append-only."""

    _name = "order.exception.step.run"
    _description = "Delivery Exception Playbook Step Run"
    _order = "id desc"
    _rec_name = "kind"
    # Rows carry their own author and date and are never changed.
    _log_access = False

    # === FIELDS === #
    case_id = fields.Many2one(
        "order.delivery.exception",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    step_id = fields.Many2one(
        "order.exception.playbook.step", readonly=True, ondelete="set null"
    )
    playbook_id = fields.Many2one(
        "order.exception.playbook", readonly=True, ondelete="set null"
    )
    kind = fields.Selection(selection="_selection_kind", readonly=True)
    state = fields.Selection(
        [("done", "Done"), ("failed", "Failed")], required=True, readonly=True
    )
    outcome_code = fields.Char(readonly=True)
    outcome_args = fields.Json(readonly=True)
    outcome = fields.Text(compute="_compute_outcome")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="By", readonly=True, default=lambda self: self.env.user
    )

    # === COMPUTES === #
    @api.model
    def _selection_kind(self):
        step_field = self.env["order.exception.playbook.step"]._fields["kind"]
        return step_field._description_selection(self.env)

    @api.depends_context("lang")
    @api.depends("outcome_code", "outcome_args")
    def _compute_outcome(self):
        for run in self:
            run.outcome = run._render_outcome()

    # === CRUD === #
    def write(self, vals):
        if vals:
            raise UserError(self.env._("The playbook log cannot be changed."))
        return super().write(vals)

    # === BUSINESS === #
    def _render_outcome(self):
        """The outcome sentence in the environment's language; a code this
        database does not know shows as the code, never as an error."""
        self.ensure_one()
        source = OUTCOMES.get(self.outcome_code)
        if source is None:
            return self.outcome_code or ""
        args = {
            key: self._render_arg(value)
            for key, value in (self.outcome_args or {}).items()
        }
        # Translated first, formatted after: the arguments are rendered for
        # the reader too.
        text = self.env._(source)
        try:
            return text % args
        except (KeyError, TypeError, ValueError):
            return text

    def _render_arg(self, value):
        if isinstance(value, dict) and "records" in value:
            model = value["records"]
            if model not in self.env:
                return ""
            records = self.env[model].browse(value.get("ids") or []).exists()
            return ", ".join(records.sudo().mapped("display_name"))
        if isinstance(value, dict) and "money" in value:
            currency = self.env["res.currency"].browse(value.get("currency")).exists()
            if not currency:
                return str(value["money"])
            return format_amount(self.env, value["money"], currency)
        if isinstance(value, dict) and "date" in value:
            return format_date(self.env, value["date"])
        return "" if value is None else str(value)
