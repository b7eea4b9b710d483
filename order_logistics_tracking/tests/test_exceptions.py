# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin
from .common_exceptions import ExceptionCase, tracking_result


@tagged("post_install", "-at_install")
class TestCaseFlow(ExceptionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shipment = cls.make_shipment(ref="YTFLOW1")
        cls.other_shipment = cls.make_shipment(
            partner=cls.other_customer, user=cls.other_salesperson, ref="YTFLOW2"
        )

    def test_coordinator_opens_starts_and_resolves(self):
        case = self.make_case(self.shipment, severity="high")
        self.assertRegex(case.name, r"^EXC/\d{4}/\d{4}$")
        self.assertEqual(case.state, "new")
        self.assertEqual(case.source, "staff")
        self.assertEqual(case.picking_id, self.shipment.picking_id)
        self.assertEqual(case.sale_id, self.shipment.sale_id)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.company_id, self.company)
        self.assertTrue(case.deadline)
        as_coord = case.with_user(self.coordinator)
        as_coord.action_start()
        self.assertEqual(case.state, "in_progress")
        self.assertEqual(case.user_id, self.coordinator)
        with self.assertRaises(UserError):
            as_coord.action_resolve()
        self.assertEqual(case.state, "in_progress")
        as_coord.resolution_notes = "Carrier found the parcel; delivered next day."
        as_coord.action_resolve()
        self.assertEqual(case.state, "resolved")
        self.assertTrue(case.date_closed)
        as_coord.action_reopen()
        self.assertEqual(case.state, "in_progress")
        self.assertFalse(case.date_closed)
        as_coord.action_cancel()
        self.assertEqual(case.state, "cancelled")

    def test_transitions_from_the_wrong_state_are_refused(self):
        case = self.make_case(self.shipment)
        with self.assertRaises(UserError):
            case.with_user(self.coordinator).action_reopen()
        self.assertEqual(case.state, "new")

    def test_plain_write_of_state_is_refused_whoever_writes(self):
        case = self.make_case(self.shipment)
        for env_case in (
            case.with_user(self.coordinator),
            case.with_user(self.manager),
            case.sudo(),
            case.sudo().with_context(order_exception_guard=True),
        ):
            with self.assertRaises(UserError):
                env_case.write({"state": "resolved"})
        with self.assertRaises(UserError):
            case.with_user(self.manager).write({"cause_key": "delay:1"})
        self.assertEqual(case.state, "new")
        self.assertFalse(case.cause_key)

    def test_staff_cannot_create_a_case_as_a_detector_or_closed(self):
        Case = self.env["order.delivery.exception"].with_user(self.coordinator)
        base = {"exception_type": "lost", "shipment_id": self.shipment.id}
        for extra in (
            {"state": "resolved"},
            {"source": "detector"},
            {"cause_key": "x"},
        ):
            with self.assertRaises(UserError):
                Case.create(dict(base, **extra))

    def test_salesperson_reads_own_cases_but_cannot_work_them(self):
        case = self.make_case(self.shipment)
        other = self.make_case(self.other_shipment)
        as_sales = case.with_user(self.salesperson)
        self.assertEqual(as_sales.exception_type, "customer_complaint")
        self.assertTrue(as_sales.step_run_ids)
        with self.assertRaises(AccessError):
            as_sales.action_start()
        with self.assertRaises(AccessError):
            as_sales.action_resolve()
        with self.assertRaises(AccessError):
            other.with_user(self.salesperson).read(["name"])
        with self.assertRaises(AccessError):
            self.make_case(self.shipment, user=self.salesperson)
        self.assertEqual(case.state, "new")

    def test_internal_user_cannot_read_or_resolve(self):
        case = self.make_case(self.shipment)
        with self.assertRaises(AccessError):
            case.with_user(self.internal).read(["name"])
        with self.assertRaises(AccessError):
            case.with_user(self.internal).action_resolve()

    def test_portal_user_reads_only_own_cases(self):
        """Their own reports only: the cases staff and detectors open on
        their orders stay internal."""
        internal = self.make_case(self.shipment)
        case, _created = self.env["order.delivery.exception"]._report_customer_problem(
            self.shipment.sale_id,
            "damaged",
            "Broken.",
            self.shipment.sale_id.partner_id,
            shipment=self.shipment,
        )
        other = self.make_case(self.other_shipment)
        Case = self.env["order.delivery.exception"].with_user(self.portal_user)
        self.assertEqual(Case.search([]), case)
        with self.assertRaises(AccessError):
            internal.with_user(self.portal_user).read(["name"])
        self.assertEqual(case.with_user(self.portal_user).name, case.name)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            case.with_user(self.portal_user).write({"resolution_notes": "done"})
        with self.assertRaises(AccessError):
            case.with_user(self.portal_user).action_cancel()

    def test_other_company_cases_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        case = self.make_case(self.shipment)
        self.coordinator.company_ids = [fields.Command.link(other_company.id)]
        Case = self.env["order.delivery.exception"].with_user(self.coordinator)
        visible = Case.with_context(allowed_company_ids=[other_company.id]).search(
            [("id", "=", case.id)]
        )
        self.assertFalse(visible)

    def test_overdue_search_and_board_order(self):
        late = self.make_case(self.shipment, deadline=self.ago(hours=2))
        soon = self.make_case(self.shipment, deadline=self.ago(hours=-2))
        later = self.make_case(self.shipment, deadline=self.ago(hours=-20))
        Case = self.env["order.delivery.exception"]
        cases = late | soon | later
        self.assertEqual(
            Case.search([("id", "in", cases.ids), ("is_overdue", "=", True)]), late
        )
        self.assertEqual(
            Case.search([("id", "in", cases.ids), ("is_overdue", "=", False)]),
            soon | later,
        )
        self.assertEqual(Case.search([("id", "in", cases.ids)]).ids, cases.ids)
        self.assertTrue(late.is_overdue)
        self.assertFalse(soon.is_overdue)

    def test_deadline_counts_working_hours(self):
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Office 9-17 UTC",
                "tz": "UTC",
                "attendance_ids": [
                    fields.Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        self.company.resource_calendar_id = calendar
        self.make_playbook("customer_complaint", [], severity="high", sla_hours=4)
        case = self.make_case(self.shipment, severity="high")
        friday = datetime(2026, 1, 9, 15, 0)
        self.assertEqual(
            case._compute_deadline_from_sla(start=friday), datetime(2026, 1, 12, 11, 0)
        )
        self.company.resource_calendar_id = False
        self.assertEqual(
            case._compute_deadline_from_sla(start=friday), friday + timedelta(hours=4)
        )

    def test_smart_buttons_count_cases(self):
        self.make_case(self.shipment)
        self.assertEqual(self.shipment.exception_count, 1)
        self.assertEqual(self.shipment.picking_id.exception_count, 1)
        action = self.shipment.picking_id.action_view_exceptions()
        self.assertEqual(
            action["domain"], [("picking_id", "=", self.shipment.picking_id.id)]
        )


@tagged("post_install", "-at_install")
class TestDetectors(ExceptionCase):
    def _apply(self, shipment, status, raw_code, when):
        result = tracking_result(shipment.name, status, raw_code, when)
        shipment._apply_results({shipment.id: result}, source="poll")

    def _cases(self, shipment):
        return self.env["order.delivery.exception"].search(
            [("shipment_id", "=", shipment.id)]
        )

    def test_carrier_exception_opens_one_case_of_the_hinted_type(self):
        shipment = self.make_shipment(ref="YTSTAT1")
        self._apply(shipment, "exception", "209", self.ago(hours=5))
        case = self._cases(shipment)
        self.assertEqual(len(case), 1)
        self.assertEqual(case.exception_type, "damaged")
        self.assertEqual(case.severity, "critical")
        self.assertEqual(case.source, "detector")
        self.assertEqual(case.raw_code, "209")
        self.assertEqual(case.cause_key, f"status:{shipment.id}:damaged")
        # The same cause again (after a normal scan): still one case.
        self._apply(shipment, "in_transit", "0", self.ago(hours=4))
        self._apply(shipment, "exception", "209", self.ago(hours=3))
        self.assertEqual(self._cases(shipment), case)
        # Another cause of the same parcel is another case.
        self._apply(shipment, "in_transit", "0", self.ago(hours=2, minutes=30))
        self._apply(shipment, "exception", "207", self.ago(hours=2))
        self.assertEqual(
            sorted(self._cases(shipment).mapped("exception_type")),
            ["address_issue", "damaged"],
        )

    def test_status_without_hint_falls_back_on_the_status(self):
        shipment = self.make_shipment(ref="YTSTAT2")
        self._apply(shipment, "failed_attempt", "5", self.ago(hours=2))
        self.assertEqual(self._cases(shipment).exception_type, "failed_delivery")
        shipment2 = self.make_shipment(ref="YTSTAT3")
        self._apply(shipment2, "exception", "999", self.ago(hours=2))
        self.assertEqual(self._cases(shipment2).exception_type, "lost")

    def test_normal_statuses_open_no_case(self):
        shipment = self.make_shipment(ref="YTSTAT4")
        self._apply(shipment, "in_transit", "0", self.ago(hours=2))
        self._apply(shipment, "delivered", "3", self.ago(hours=1))
        self.assertFalse(self._cases(shipment))

    def test_promised_date_passed_opens_one_delay_case(self):
        shipment = self.make_shipment(ref="YTLATE1")
        shipment.sale_id.commitment_date = self.ago(days=1)
        on_time = self.make_shipment(ref="YTLATE2")
        on_time.sale_id.commitment_date = self.ago(days=-3)
        Case = self.env["order.delivery.exception"]
        Case._cron_detect()
        Case._cron_detect()
        cases = self._cases(shipment)
        self.assertEqual(len(cases), 1)
        self.assertEqual(cases.exception_type, "delay")
        self.assertEqual(cases.cause_key, f"delay:{shipment.id}")
        self.assertFalse(self._cases(on_time))

    def test_eta_after_the_promise_is_a_delay(self):
        shipment = self.make_shipment(ref="YTETA1")
        shipment.sale_id.commitment_date = self.ago(days=-2)
        shipment._tracking_sudo().write(
            {"eta": self.ago(days=-4), "last_event_time": self.ago(hours=1)}
        )
        self.env["order.delivery.exception"]._cron_detect()
        self.assertEqual(self._cases(shipment).exception_type, "delay")

    def test_delivered_shipments_are_never_late(self):
        shipment = self.make_shipment(ref="YTDONE1")
        shipment.sale_id.commitment_date = self.ago(days=1)
        self._apply(shipment, "delivered", "3", self.ago(hours=1))
        self.env["order.delivery.exception"]._cron_detect()
        self.assertFalse(self._cases(shipment))

    def test_no_scan_for_days_opens_one_case(self):
        self.company.exception_no_scan_days = 3
        shipment = self.make_shipment(ref="YTSILENT1")
        shipment.sale_id.commitment_date = self.ago(days=-10)
        shipment._tracking_sudo().write({"last_event_time": self.ago(days=4)})
        fresh = self.make_shipment(ref="YTSILENT2")
        fresh.sale_id.commitment_date = self.ago(days=-10)
        fresh._tracking_sudo().write({"last_event_time": self.ago(days=1)})
        Case = self.env["order.delivery.exception"]
        Case._cron_detect()
        Case._cron_detect()
        self.assertEqual(self._cases(shipment).mapped("exception_type"), ["no_scan"])
        self.assertFalse(self._cases(fresh))

    def test_no_scan_off_when_days_are_zero(self):
        self.company.exception_no_scan_days = 0
        shipment = self.make_shipment(ref="YTSILENT3")
        shipment.sale_id.commitment_date = self.ago(days=-10)
        shipment._tracking_sudo().write({"last_event_time": self.ago(days=30)})
        self.env["order.delivery.exception"]._cron_detect()
        self.assertFalse(self._cases(shipment))

    def test_batches_report_what_remains(self):
        shipment = self.make_shipment(ref="YTBATCH")
        shipment.sale_id.commitment_date = self.ago(days=1)
        self.add_shipments(shipment.picking_id, 4, prefix="BATCH")
        Case = self.env["order.delivery.exception"]
        self.assertEqual(Case._detect_delay(batch_size=2), (2, 3))
        self.assertEqual(Case._detect_delay(batch_size=2), (2, 1))
        self.assertEqual(Case._detect_delay(batch_size=2), (1, 0))
        self.assertEqual(Case._detect_delay(batch_size=2), (0, 0))
        self.assertEqual(
            len(Case.search([("picking_id", "=", shipment.picking_id.id)])), 5
        )

    def test_detector_queries_stay_flat(self):
        """One delay batch costs the same with 10 and with 200 open
        shipments (two of them late each time)."""
        shipment = self.make_shipment(ref="YTFLAT")
        promise = self.ago(days=-5)
        shipment.sale_id.commitment_date = promise
        picking = shipment.picking_id
        Case = self.env["order.delivery.exception"]
        late = {"eta": promise + timedelta(days=2)}
        # Warm the caches (sequence, playbook, template) on a first batch.
        self.add_shipments(picking, 2, prefix="WARM", **late)
        Case._detect_delay()
        self.add_shipments(picking, 7, prefix="SMALL")
        self.add_shipments(picking, 2, prefix="SMALLLATE", **late)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.assertEqual(Case._detect_delay()[0], 2)
        small_count = self.cr.sql_log_count - before
        self.add_shipments(picking, 188, prefix="BIG")
        self.add_shipments(picking, 2, prefix="BIGLATE", **late)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            self.assertEqual(Case._detect_delay()[0], 2)


@tagged("post_install", "-at_install")
class TestCaseRpcAttacks(JsonRpcMixin, ExceptionCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shipment = cls.make_shipment(ref="YTRPC1")
        cls.case = cls.make_case(cls.shipment)

    def _assert_refused(self, reply):
        self.assertIn("error", reply)
        self.assertNotIn("result", reply)
        self.assertEqual(self.case.state, "new")

    def test_coordinator_cannot_write_the_state(self):
        self.authenticate(self.coordinator.login, self.coordinator.login)
        self._assert_refused(
            self.call_kw(
                "order.delivery.exception",
                "write",
                [[self.case.id], {"state": "resolved"}],
            )
        )
        self._assert_refused(
            self.call_kw(
                "order.delivery.exception",
                "write",
                [[self.case.id], {"state": "resolved"}],
                {"context": {"order_exception_guard": True}},
            )
        )

    def test_coordinator_cannot_resolve_without_notes(self):
        self.authenticate(self.coordinator.login, self.coordinator.login)
        self._assert_refused(
            self.call_kw("order.delivery.exception", "action_resolve", [[self.case.id]])
        )

    def test_salesperson_cannot_resolve(self):
        self.case_process(self.case).write({"resolution_notes": "x"})
        self.authenticate(self.salesperson.login, self.salesperson.login)
        self._assert_refused(
            self.call_kw("order.delivery.exception", "action_resolve", [[self.case.id]])
        )

    def test_portal_user_cannot_cancel_or_write(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self._assert_refused(
            self.call_kw("order.delivery.exception", "action_cancel", [[self.case.id]])
        )
        self._assert_refused(
            self.call_kw(
                "order.delivery.exception",
                "write",
                [[self.case.id], {"state": "cancelled"}],
            )
        )

    def test_coordinator_resolves_through_rpc(self):
        self.authenticate(self.coordinator.login, self.coordinator.login)
        self.call_kw(
            "order.delivery.exception",
            "write",
            [[self.case.id], {"resolution_notes": "Parcel re-sent."}],
        )
        reply = self.call_kw(
            "order.delivery.exception", "action_resolve", [[self.case.id]]
        )
        self.assertNotIn("error", reply)
        self.assertEqual(self.case.state, "resolved")
