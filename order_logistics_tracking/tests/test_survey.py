# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The satisfaction survey after delivery: sent by its cron, once per order,
answered by the customer through the survey's own routes."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..providers.base import FINAL_STATUSES, TrackingEvent, TrackingResult
from .common import TrackingCase

CRON = "order_logistics_tracking.ir_cron_send_delivery_survey"
SURVEY = "order_logistics_tracking.survey_delivery_satisfaction"


class SurveyCase(TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref(SURVEY)
        cls.csat = cls.env.ref("order_logistics_tracking.survey_delivery_question_csat")
        cls.nps = cls.env.ref("order_logistics_tracking.survey_delivery_question_nps")
        cls.comment = cls.env.ref(
            "order_logistics_tracking.survey_delivery_question_comment"
        )
        cls.company.tracking_survey_delay_days = 3

    @classmethod
    def track(cls, shipment, status, days_ago, text="Signed"):
        """The carrier reports ``status`` for ``shipment``, ``days_ago``."""
        when = fields.Datetime.now() - timedelta(days=days_ago)
        event = TrackingEvent.build(
            "kuaidi100", shipment.name, when, "3", text, status=status, known_code=True
        )
        result = TrackingResult(
            tracking_ref=shipment.name,
            carrier_code="yuantong",
            status=status,
            raw_code="3",
            known_code=True,
            events=[event],
            final=status in FINAL_STATUSES,
        )
        shipment._apply_results({shipment.id: result}, source="poll")

    @classmethod
    def delivered_order(cls, days_ago=5, refs=("YT700",)):
        """An order whose parcels (validated by the stock user) were all
        delivered ``days_ago``."""
        order = cls.make_order()
        picking = cls.deliver(order, ref=",".join(refs))
        for ref in refs:
            cls.track(cls.shipment_of(picking, ref), "delivered", days_ago)
        return order

    def run_cron(self):
        self.env.ref(CRON).method_direct_trigger()

    def answers_of(self, order):
        return self.env["survey.user_input"].search([("sale_order_id", "=", order.id)])


@tagged("post_install", "-at_install")
class TestSurveySending(SurveyCase):
    def test_default_settings_use_the_shipped_survey(self):
        self.assertEqual(self.company.tracking_survey_id, self.survey)
        self.assertEqual(self.csat.order_tracking_role, "csat")
        self.assertEqual((self.csat.scale_min, self.csat.scale_max), (1, 5))
        self.assertEqual((self.nps.scale_min, self.nps.scale_max), (0, 10))
        company = self.env["res.company"].create({"name": "New Branch"})
        self.assertEqual(company.tracking_survey_id, self.survey)
        self.assertEqual(
            (company.tracking_survey_poor_csat, company.tracking_survey_poor_nps),
            (2, 6),
        )

    def test_cron_sends_once_per_order_linked_to_order_shipment_carrier(self):
        order = self.delivered_order(refs=("YT701", "YT702"))
        last = order.shipment_ids.sorted(lambda s: (s.last_event_time, s.id))[-1]
        self.run_cron()
        self.run_cron()
        answer = self.answers_of(order)
        self.assertEqual(len(answer), 1)
        self.assertEqual(order.tracking_survey_input_id, answer)
        self.assertTrue(order.tracking_survey_sent_at)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, self.customer)
        self.assertEqual(answer.shipment_id, last)
        self.assertEqual(answer.carrier_id, self.carrier)
        self.assertEqual(answer.state, "new")
        # The mail waits in the queue, with the absolute personal link.
        mail = self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", answer.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(order.name, mail.subject)
        self.assertIn(answer.get_base_url() + answer.get_start_url(), mail.body_html)

    def test_cron_works_in_batches(self):
        orders = self.delivered_order(refs=("YT703",)) | self.delivered_order(
            refs=("YT704",)
        )
        SaleOrder = self.env["sale.order"]
        self.assertEqual(SaleOrder._cron_send_tracking_survey(batch_size=1), 1)
        self.assertEqual(len(orders.filtered("tracking_survey_input_id")), 1)
        self.assertEqual(SaleOrder._cron_send_tracking_survey(batch_size=1), 0)
        self.assertTrue(all(orders.mapped("tracking_survey_input_id")))

    def test_not_before_the_delay(self):
        order = self.delivered_order(days_ago=1)
        self.run_cron()
        self.assertFalse(self.answers_of(order))
        self.company.tracking_survey_delay_days = 0
        self.run_cron()
        self.assertEqual(len(self.answers_of(order)), 1)

    def test_not_while_a_parcel_is_still_moving(self):
        order = self.make_order()
        picking = self.deliver(order, ref="YT710,YT711")
        self.track(self.shipment_of(picking, "YT710"), "delivered", 5)
        moving = self.shipment_of(picking, "YT711")
        self.track(moving, "in_transit", 5, text="On the way")
        self.run_cron()
        self.assertFalse(self.answers_of(order))
        self.track(moving, "delivered", 4)
        self.run_cron()
        self.assertEqual(len(self.answers_of(order)), 1)

    def test_not_without_a_survey_or_long_after_delivery(self):
        old = self.delivered_order(days_ago=60, refs=("YT720",))
        self.company.tracking_survey_id = False
        recent = self.delivered_order(refs=("YT721",))
        self.run_cron()
        self.assertFalse(self.answers_of(recent))
        self.company.tracking_survey_id = self.survey
        self.run_cron()
        self.assertFalse(self.answers_of(old), "delivered too long ago")
        self.assertTrue(self.answers_of(recent))

    def test_not_while_a_delivery_exception_is_open(self):
        if "order.delivery.exception" not in self.env:
            self.skipTest("delivery exceptions are not installed")
        order = self.delivered_order(refs=("YT730",))
        case = (
            self.env["order.delivery.exception"]
            .with_user(self.coordinator)
            .create(
                {
                    "exception_type": "damaged",
                    "shipment_id": order.shipment_ids.id,
                }
            )
        )
        self.run_cron()
        self.assertFalse(self.answers_of(order))
        case.with_user(self.coordinator).action_cancel()
        self.run_cron()
        self.assertTrue(self.answers_of(order))

    def test_links_are_set_by_the_survey_process_only(self):
        order = self.delivered_order(refs=("YT740",))
        self.run_cron()
        answer = order.tracking_survey_input_id
        with self.assertRaises(UserError):
            answer.write({"sale_order_id": self.make_order().id})
        with self.assertRaises(UserError):
            self.env["survey.user_input"].create(
                {"survey_id": self.survey.id, "sale_order_id": order.id}
            )
        with self.assertRaises(UserError):
            order.with_user(self.salesperson).write({"tracking_survey_sent_at": False})
        self.assertEqual(answer.sale_order_id, order)


@tagged("post_install", "-at_install")
class TestSurveyAnswers(SurveyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(refs=("YT750",))
        cls.env["sale.order"]._cron_send_tracking_survey()
        cls.answer = cls.order.tracking_survey_input_id

    def complaints(self):
        return self.env["order.delivery.exception"].search(
            [
                ("sale_id", "=", self.order.id),
                ("exception_type", "=", "customer_complaint"),
            ]
        )

    def answer_with(self, csat, nps, comment=None):
        # As the survey's routes do: the answer in sudo, values as posted.
        answer = self.answer.sudo()
        answer._save_lines(self.csat, str(csat))
        answer._save_lines(self.nps, str(nps))
        if comment:
            answer._save_lines(self.comment, comment)
        answer._mark_done()

    def test_scores_are_computed_once_done(self):
        self.answer.sudo()._save_lines(self.csat, "4")
        self.assertFalse(self.answer.order_csat_answered, "not done yet")
        self.answer.sudo()._save_lines(self.nps, "0")
        self.answer.sudo()._mark_done()
        self.assertEqual((self.answer.order_csat, self.answer.order_nps), (4, 0))
        self.assertTrue(self.answer.order_csat_answered)
        self.assertTrue(self.answer.order_nps_answered, "0 is an answer")

    def test_good_answer_opens_no_complaint(self):
        self.answer_with(5, 9)
        self.assertEqual(self.answer.state, "done")
        self.assertIn("satisfaction 5/5", self.order.message_ids[0].body)
        if "order.delivery.exception" in self.env:
            self.assertFalse(self.complaints())

    def test_poor_recommendation_opens_a_complaint_once(self):
        if "order.delivery.exception" not in self.env:
            self.skipTest("delivery exceptions are not installed")
        self.answer_with(4, 6, comment="The box was wet")
        case = self.complaints()
        self.assertEqual(len(case), 1)
        self.assertEqual(case.shipment_id, self.answer.shipment_id)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.cause_key, f"survey:{self.answer.id}")
        self.assertEqual(case.source, "customer")
        self.answer._tracking_open_complaint()
        self.assertEqual(self.complaints(), case)

    def test_thresholds_are_the_companys(self):
        if "order.delivery.exception" not in self.env:
            self.skipTest("delivery exceptions are not installed")
        self.company.tracking_survey_poor_csat = 3
        self.company.tracking_survey_poor_nps = 0
        self.answer_with(3, 10)
        self.assertEqual(len(self.complaints()), 1)


@tagged("post_install", "-at_install")
class TestSurveyPortal(HttpCase, SurveyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(refs=("YT760",))
        cls.env["sale.order"]._cron_send_tracking_survey()
        cls.answer = cls.order.tracking_survey_input_id

    def submit(self, values):
        survey, token = self.survey.access_token, self.answer.access_token
        base = self.answer.get_base_url()
        self.opener.post(f"{base}/survey/begin/{survey}/{token}", json={"params": {}})
        params = {str(question.id): value for question, value in values.items()}
        params["token"] = token
        response = self.opener.post(
            f"{base}/survey/submit/{survey}/{token}", json={"params": params}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.json()["result"][1])

    def test_customer_opens_the_personal_link_and_answers(self):
        self.authenticate("track_portal", "track_portal")
        response = self.url_open(self.answer.get_start_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("How did we do?", response.text)
        self.submit({self.csat: "1", self.nps: "2", self.comment: "Late and damaged"})
        self.assertEqual(self.answer.state, "done")
        self.assertEqual((self.answer.order_csat, self.answer.order_nps), (1, 2))
        if "order.delivery.exception" in self.env:
            case = self.env["order.delivery.exception"].search(
                [("cause_key", "=", f"survey:{self.answer.id}")]
            )
            self.assertEqual(case.exception_type, "customer_complaint")
            self.assertEqual(case.sale_id, self.order)

    def test_portal_order_page_links_to_the_pending_survey(self):
        self.authenticate("track_portal", "track_portal")
        page = self.url_open(self.order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("order_tracking_survey", page.text)
        self.assertIn(self.answer.access_token, page.text)
        self.answer.sudo()._save_lines(self.csat, "5")
        self.answer.sudo()._save_lines(self.nps, "10")
        self.answer.sudo()._mark_done()
        page = self.url_open(self.order.get_portal_url())
        self.assertNotIn("order_tracking_survey", page.text)

    def test_link_is_not_shown_to_someone_else(self):
        order = self.order.sudo()  # as the portal reads it
        self.assertFalse(order._tracking_portal_survey(self.salesperson))
        self.assertFalse(order._tracking_portal_survey(self.env.ref("base.user_admin")))
        self.assertTrue(order._tracking_portal_survey(self.portal_user))
        self.assertTrue(order._tracking_portal_survey(self.env.ref("base.public_user")))
