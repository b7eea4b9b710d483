# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_exceptions import ExceptionCase


@tagged("post_install", "-at_install")
class TestPlaybooks(ExceptionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shipment = cls.make_shipment(ref="YTPLAY1")
        cls.order = cls.shipment.sale_id
        cls.template = cls.env.ref(
            "order_logistics_tracking.mail_template_exception_customer"
        )
        cls.broken_template = cls.template.copy(
            {"name": "Broken", "subject": "{{ object.no_such_field.name }}"}
        )

    def _runs(self, case):
        return case.step_run_ids.sorted("id")

    def test_manager_configures_and_coordinator_cannot(self):
        playbook = self.make_playbook(
            "lost",
            [{"kind": "follow_up", "delay_days": 1}],
            severity="critical",
            sla_hours=6,
        )
        self.assertEqual(playbook.step_ids.kind, "follow_up")
        playbook.with_user(self.manager).write({"sla_hours": 5})
        self.assertEqual(playbook.sla_hours, 5)
        self.assertEqual(playbook.with_user(self.coordinator).name, "Test lost")
        with self.assertRaises(AccessError):
            playbook.with_user(self.coordinator).write({"sla_hours": 1})
        with self.assertRaises(AccessError):
            self.env["order.exception.playbook"].with_user(self.coordinator).create(
                {"name": "Mine", "exception_type": "lost"}
            )
        with self.assertRaises(ValidationError):
            playbook.step_ids.with_user(self.manager).write({"percent": 150})

    def test_exact_severity_wins_over_any(self):
        exact = self.make_playbook("damaged", [], severity="high", auto_run=False)
        self.make_playbook("damaged", [], severity="any", auto_run=False)
        case = self.make_case(self.shipment, "damaged", severity="high")
        self.assertEqual(case.playbook_id, exact)
        low = self.make_case(self.shipment, "damaged", severity="low")
        self.assertEqual(low.playbook_id.severity, "any")

    def test_default_playbook_runs_when_a_case_opens(self):
        case = self.make_case(self.shipment, "delay")
        self.assertEqual(
            case.playbook_id, self.env.ref("order_logistics_tracking.playbook_delay")
        )
        self.assertEqual(self._runs(case).mapped("state"), ["done", "done"])
        self.assertEqual(self._runs(case).mapped("kind"), ["notify", "follow_up"])
        mail = self.env["mail.mail"].search(
            [("model", "=", case._name), ("res_id", "=", case.id)]
        )
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.order.name, mail.subject)
        self.assertEqual(len(case.activity_ids), 1)

    def test_every_kind_runs(self):
        playbook = self.make_playbook(
            "lost",
            [
                {"kind": "notify", "template_id": self.template.id},
                {
                    "kind": "escalate",
                    "escalate_by": "activity",
                    "user_id": self.coordinator.id,
                },
                {
                    "kind": "escalate",
                    "escalate_by": "mail",
                    "group_id": self.env.ref(
                        "order_logistics_tracking.group_logistics_manager"
                    ).id,
                },
                {"kind": "expedite", "carrier_id": self.fast_carrier.id},
                {"kind": "compensate", "compensate_by": "fixed", "amount": 15.0},
                {"kind": "compensate", "compensate_by": "percent", "percent": 10.0},
                {"kind": "follow_up", "delay_days": 3, "user_id": self.manager.id},
            ],
            auto_run=False,
        )
        case = self.make_case(self.shipment, "lost")
        self.assertEqual(case.playbook_id, playbook)
        self.assertFalse(case.step_run_ids)
        case.with_user(self.coordinator).action_run_playbook()
        runs = self._runs(case)
        self.assertEqual(runs.mapped("state"), ["done"] * 7, runs.mapped("outcome"))
        self.assertEqual(runs.user_id, self.coordinator)
        # notify: a mail to the customer
        self.assertTrue(
            self.env["mail.mail"].search(
                [("res_id", "=", case.id), ("model", "=", case._name)]
            )
        )
        # escalate: an activity for the coordinator, a note to the managers
        activities = case.activity_ids
        self.assertIn(self.coordinator, activities.user_id)
        note = case.message_ids.filtered(
            lambda m: self.manager.partner_id in m.partner_ids
        )
        self.assertTrue(note)
        # expedite: a confirmed delivery of the same goods with the fast carrier
        reship = case.expedite_picking_ids
        picking = self.shipment.picking_id
        self.assertEqual(len(reship), 1)
        self.assertEqual(reship.carrier_id, self.fast_carrier)
        self.assertEqual(reship.picking_type_id, picking.picking_type_id)
        self.assertEqual(reship.partner_id, picking.partner_id)
        self.assertEqual(reship.origin, picking.origin)
        self.assertIn(reship.state, ("confirmed", "assigned"))
        self.assertEqual(reship.move_ids.product_id, self.product)
        self.assertEqual(reship.move_ids.product_uom_qty, 2)
        self.assertFalse(reship.move_ids.sale_line_id)
        self.assertEqual(self.order.order_line.qty_delivered, 2)
        # compensate: two draft credit notes
        refunds = case.refund_ids.sorted("id")
        self.assertEqual(refunds.mapped("move_type"), ["out_refund"] * 2)
        self.assertEqual(refunds.mapped("state"), ["draft"] * 2)
        self.assertEqual(refunds[0].amount_untaxed, 15.0)
        self.assertAlmostEqual(
            refunds[1].amount_untaxed, self.order.amount_untaxed / 10
        )
        self.assertEqual(refunds.mapped("invoice_origin"), [self.order.name] * 2)
        # follow up: an activity for the manager in three days
        follow = activities.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(
            follow.date_deadline, fields.Date.context_today(case) + timedelta(days=3)
        )

    @mute_logger("odoo.addons.mail.models.mail_render_mixin")
    def test_a_failing_step_is_logged_and_the_next_ones_run(self):
        self.make_playbook(
            "address_issue",
            [
                {"kind": "notify", "template_id": self.broken_template.id},
                {"kind": "expedite"},
                {"kind": "compensate", "amount": 0.0},
                {"kind": "follow_up", "delay_days": 1},
            ],
        )
        case = self.make_case(self.shipment, "address_issue")
        self.assertTrue(case.exists())
        runs = self._runs(case)
        self.assertEqual(runs.mapped("state"), ["failed", "failed", "failed", "done"])
        self.assertEqual(
            runs.mapped("outcome_code"),
            [
                "notify.render_failed",
                "expedite.no_carrier",
                "compensate.no_amount",
                "follow_up.scheduled",
            ],
        )
        self.assertIn(self.broken_template.display_name, runs[0].outcome)
        self.assertFalse(case.expedite_picking_ids)
        self.assertEqual(len(case.activity_ids), 1)

    def test_escalation_to_nobody_fails_and_the_next_step_runs(self):
        empty = self.env["res.groups"].create({"name": "Empty"})
        self.make_playbook(
            "returned",
            [
                {"kind": "escalate", "group_id": empty.id},
                {"kind": "follow_up", "delay_days": 1},
            ],
        )
        case = self.make_case(self.shipment, "returned")
        self.assertEqual(
            self._runs(case).mapped("outcome_code"),
            ["escalate.nobody", "follow_up.scheduled"],
        )

    def test_unexpected_error_is_rolled_back_and_logged(self):
        Step = self.registry["order.exception.playbook.step"]
        product_name = "Made by a step that then crashed"

        def crash(step, case):
            step.env["product.product"].create({"name": product_name})
            raise ZeroDivisionError("boom")

        self.make_playbook(
            "customer_complaint",
            [{"kind": "compensate", "amount": 5.0}, {"kind": "follow_up"}],
            severity="low",
        )
        with (
            patch.object(Step, "_run_compensate", crash),
            mute_logger("odoo.addons.order_logistics_tracking.models"),
        ):
            case = self.make_case(self.shipment, severity="low")
        runs = self._runs(case)
        self.assertEqual(runs.mapped("state"), ["failed", "done"])
        self.assertEqual(runs[0].outcome_code, "step.error")
        self.assertEqual(runs[0].outcome_args, {"error": "ZeroDivisionError"})
        self.assertFalse(
            self.env["product.product"].search([("name", "=", product_name)])
        )
        self.assertTrue(case.exists())

    def test_step_log_is_append_only(self):
        case = self.make_case(self.shipment, "delay")
        run = case.step_run_ids[:1]
        with self.assertRaises(UserError):
            run.sudo().write({"state": "failed"})
        with self.assertRaises(AccessError):
            run.with_user(self.coordinator).unlink()

    def test_outcomes_render_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.make_playbook("customs_hold", [{"kind": "follow_up", "delay_days": 2}])
        case = self.make_case(self.shipment, "customs_hold")
        run = case.step_run_ids
        date = fields.Date.context_today(case) + timedelta(days=2)
        self.assertEqual(run.outcome_code, "follow_up.scheduled")
        self.assertEqual(
            run.outcome_args,
            {
                "user": {"records": "res.users", "ids": [self.coordinator.id]},
                "date": {"date": fields.Date.to_string(date)},
            },
        )
        english = run.with_context(lang="en_US").outcome
        self.assertEqual(
            english,
            f"Follow-up scheduled for Li Coordinator on {date.strftime('%m/%d/%Y')}.",
        )
        chinese = run.with_context(lang="zh_CN").outcome
        # The date follows the reader's language: Odoo's zh_CN date format.
        self.assertIn(date.strftime("%Y年%m月%d日"), chinese)
        self.assertNotEqual(english, chinese)
        # The selection labels of the log come through the translations too.
        labels = dict(
            run.with_context(lang="zh_CN")
            ._fields["state"]
            ._description_selection(run.with_context(lang="zh_CN").env)
        )
        self.assertIn("done", labels)
