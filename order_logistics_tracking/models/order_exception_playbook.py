# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Emergency playbooks (应急预案): for an exception type and severity, the
ordered steps to take. A step is data plus one small method per kind,
``_run_<kind>(case)`` (``order_exception_playbook_steps.py``), found with
``getattr``; a module adds a kind with a ``selection_add`` on ``kind`` and
its ``_run_<kind>`` method."""

import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
