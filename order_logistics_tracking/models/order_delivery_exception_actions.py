# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The case process: the buttons that move a delivery exception case
through its states (each checks the user's right, then writes as the
process), its deadline from the playbook's service level, and the run of
its playbook."""

from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

from .order_delivery_exception import DEFAULT_SLA_HOURS, OPEN_STATES


class OrderDeliveryException(models.Model):
    _inherit = "order.delivery.exception"  # pylint: disable=consider-merging-classes-inherited

    # === ACTIONS === #
    def action_start(self):
        """Take the cases in hand: new -> in progress."""
        self._check_transition(("new",))
        self._action_start()
        return True

    def action_resolve(self):
        """Close the cases as resolved; each needs resolution notes."""
        self._check_transition(OPEN_STATES)
        if self.filtered(lambda c: not (c.resolution_notes or "").strip()):
            raise UserError(
                self.env._("Write the resolution notes before resolving the case.")
            )
        self._action_resolve()
        return True

    def action_cancel(self):
        """Close open cases without a resolution (opened by mistake)."""
        self._check_transition(OPEN_STATES)
        self._action_cancel()
        return True

    def action_reopen(self):
        """Open resolved or cancelled cases again: -> in progress."""
        self._check_transition(("resolved", "cancelled"))
        self._action_reopen()
        return True

    def action_run_playbook(self):
        """Run the case's playbook again (each run is logged step by step)."""
        self.check_access("write")
        if not self.filtered("playbook_id"):
            raise UserError(
                self.env._("No playbook matches the type and severity of this case.")
            )
        self._run_playbook()
        return True

    def action_view_step_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_logistics_tracking.action_order_exception_step_run"
        )
        action["domain"] = [("case_id", "=", self.id)]
        return action

    # === BUSINESS === #
    def _check_transition(self, from_states):
        """Refuse a transition the user may not make or that does not start
        from one of ``from_states``."""
        # The write itself runs as the case process (sudo): the user's own
        # right to change these cases is checked here.
        self.check_access("write")
        if self.filtered(lambda c: c.state not in from_states):
            raise UserError(
                self.env._("This action is not possible in the case's current state.")
            )

    def _action_start(self):
        """Hook: the cases move to in progress, owned by the user if nobody
        owns them yet."""
        for case in self:
            vals = {"state": "in_progress"}
            if not case.user_id and not self.env.user.share:
                vals["user_id"] = self.env.user.id
            case._case_sudo().write(vals)

    def _action_resolve(self):
        """Hook: the cases are resolved."""
        self._case_sudo().write(
            {"state": "resolved", "date_closed": fields.Datetime.now()}
        )

    def _action_cancel(self):
        """Hook: the cases are cancelled."""
        self._case_sudo().write(
            {"state": "cancelled", "date_closed": fields.Datetime.now()}
        )

    def _action_reopen(self):
        """Hook: the cases are open again."""
        self._case_sudo().write({"state": "in_progress", "date_closed": False})

    def _compute_deadline_from_sla(self, start=None):
        """The deadline of this case: its SLA hours after ``start`` (now),
        in the company's working hours, or plain hours without a calendar.

        :return: naive UTC datetime
        """
        self.ensure_one()
        start = start or fields.Datetime.now()
        hours = self.playbook_id.sla_hours or DEFAULT_SLA_HOURS[self.severity]
        calendar = self.company_id.resource_calendar_id
        deadline = False
        if calendar:
            deadline = calendar.plan_hours(hours, start, compute_leaves=True)
        return deadline or start + timedelta(hours=hours)

    def _run_playbook(self):
        """Run each case's playbook, step by step (see
        ``order.exception.playbook._run``)."""
        for case in self:
            if case.playbook_id:
                case.playbook_id._run(case)
