# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Order Desk KPIs of the digest email against a hand computation.

Four orders of 10 Tea Sets, ordered on 5 November 02:00 UTC and promised for
the 10th (on time from 9 to 11 November, Shanghai days):

===== ============== ==== ========= ============ ===== ===== ==========
order delivered      OTIF lead time review hours CSAT  NPS   exception
===== ============== ==== ========= ============ ===== ===== ==========
o1    10 Nov         yes  5 days    2            5     10
o2    13 Nov         no   8 days    6            3     6     yes
o3    10 Nov         yes  5 days                 4     9
o4    12 Nov         no   7 days
===== ============== ==== ========= ============ ===== ===== ==========

OTIF 2/4 = 50 %, lead time 25/4 = 6.25 days, review time 8/2 = 4 hours,
exception rate 1/4 = 25 %, CSAT 2 satisfied of 3 answers = 66.67 %,
NPS (2 promoters - 1 detractor) / 3 answers = 33.33.
"""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.order_logistics_tracking.models.survey_user_input import (
    SURVEY_GUARD,
    SURVEY_GUARD_KEY,
)

from .common import ORDERED, PROMISE, AnalyticsCase

DAY = timedelta(days=1)
KPIS = ("otif", "lead_time", "review_time", "exception_rate", "csat", "nps")


@tagged("post_install", "-at_install")
class TestDigest(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The digest reads the whole company: start from empty fact tables,
        # whatever history the database holds.
        cls.env["order.analytics.line"].search([]).unlink()
        cls.env["order.analytics.order"].search([]).unlink()
        a = cls.goods_a
        cls.o1, cls.o2, cls.o3, cls.o4 = (cls.order([(a, 10)]) for __ in range(4))
        for order, day in ((cls.o1, 0), (cls.o2, 3), (cls.o3, 0), (cls.o4, 2)):
            cls.deliver(order, PROMISE + day * DAY)
        cls.env["order.delivery.exception"].create(
            {
                "exception_type": "delay",
                "sale_id": cls.o2.id,
                "picking_id": cls.o2.picking_ids[:1].id,
            }
        )
        for order, csat, nps in ((cls.o1, 5, 10), (cls.o2, 3, 6), (cls.o3, 4, 9)):
            cls.answer_survey(order, csat, nps)
        # As if each had been reviewed: submitted on the order date, decided
        # hours later (the review process owns these columns).
        for order, hours in ((cls.o1, 2), (cls.o2, 6)):
            cls.env.cr.execute(
                "UPDATE sale_order SET review_submitted_on = %s, "
                "review_decided_on = %s WHERE id = %s",
                (ORDERED, ORDERED + timedelta(hours=hours), order.id),
            )
        cls.env["sale.order"].invalidate_model()
        cls.refresh(cls.o1 | cls.o2 | cls.o3 | cls.o4)
        cls.digest = cls.env["digest.digest"].create(
            {
                "name": "Test digest",
                "company_id": cls.company.id,
                **{f"kpi_od_{kpi}": True for kpi in KPIS},
            }
        )

    @classmethod
    def answer_survey(cls, order, csat, nps):
        """A completed delivery survey of ``order``, created as the survey
        process does and answered through the survey's own methods."""
        survey = cls.env.ref("order_logistics_tracking.survey_delivery_satisfaction")
        answer = (
            cls.env["survey.user_input"]
            .with_context(**{SURVEY_GUARD_KEY: SURVEY_GUARD})
            .create({"survey_id": survey.id, "sale_order_id": order.id})
            .sudo()
        )
        for xmlid, value in (("csat", csat), ("nps", nps)):
            question = cls.env.ref(
                f"order_logistics_tracking.survey_delivery_question_{xmlid}"
            )
            answer._save_lines(question, str(value))
        answer._mark_done()

    def values(self, user, start=PROMISE - 10 * DAY, end=PROMISE + 10 * DAY):
        digest = self.digest.with_user(user).with_context(
            start_datetime=start, end_datetime=end
        )
        return {kpi: digest[f"kpi_od_{kpi}_value"] for kpi in KPIS}

    def test_kpis_match_the_hand_computation(self):
        values = self.values(self.manager)
        self.assertAlmostEqual(values["otif"], 50.0)
        self.assertAlmostEqual(values["lead_time"], 6.25)
        self.assertAlmostEqual(values["review_time"], 4.0)
        self.assertAlmostEqual(values["exception_rate"], 25.0)
        self.assertAlmostEqual(values["csat"], 200 / 3)
        self.assertAlmostEqual(values["nps"], 100 / 3)

    def test_the_window_places_orders_by_delivery(self):
        # From 12 November 12:00 UTC: only o2 (delivered on the 13th) counts
        # for the delivery KPIs; no order was placed then.
        values = self.values(self.manager, start=PROMISE + 2.5 * DAY)
        self.assertAlmostEqual(values["otif"], 0.0)
        self.assertAlmostEqual(values["lead_time"], 8.0)
        self.assertAlmostEqual(values["nps"], -100.0)
        self.assertAlmostEqual(values["exception_rate"], 0.0)

    def test_each_kpi_is_one_query(self):
        digest = self.digest.with_user(self.manager).with_context(
            start_datetime=PROMISE - 10 * DAY, end_datetime=PROMISE + 10 * DAY
        )
        self.values(self.manager)  # record rules and groups, read once
        for kpi in KPIS:
            digest.invalidate_model([f"kpi_od_{kpi}_value"])
            with self.assertQueryCount(1):
                self.assertIsInstance(digest[f"kpi_od_{kpi}_value"], float)

    def test_users_without_analytics_get_an_access_error(self):
        digest = self.digest.with_user(self.internal).with_context(
            start_datetime=PROMISE - 10 * DAY, end_datetime=PROMISE + 10 * DAY
        )
        with self.assertRaises(AccessError):
            digest.mapped("kpi_od_otif_value")

    def test_the_email_leaves_the_kpis_out_for_non_analytics_users(self):
        kpis = self.digest._compute_kpis(self.company, self.internal)
        names = {kpi["kpi_name"] for kpi in kpis}
        self.assertFalse(names & {f"kpi_od_{kpi}" for kpi in KPIS})
        kpis = self.digest._compute_kpis(self.company, self.manager)
        otif = next(kpi for kpi in kpis if kpi["kpi_name"] == "kpi_od_otif")
        self.assertEqual(otif["kpi_fullname"], "OTIF %")
        self.assertTrue(
            otif["kpi_action"].startswith(
                "order_analytics.action_order_analytics_order?menu_id="
            )
        )

    def test_recipients_follow_the_companys_group(self):
        digest = self.env.ref("order_analytics.digest_digest_order_desk")
        self.assertEqual(digest.periodicity, "weekly")
        self.assertTrue(all(digest[f"kpi_od_{kpi}"] for kpi in KPIS))
        self.assertEqual(
            self.company._get_analytics_digest_group(),
            self.env.ref("order_analytics.group_order_analytics_manager"),
        )
        digest._sync_analytics_recipients()
        self.assertIn(self.manager, digest.user_ids)
        self.assertNotIn(self.analyst, digest.user_ids)
        users = self.env.ref("order_analytics.group_order_analytics_user")
        settings = self.env["res.config.settings"].create(
            {"analytics_digest_group_id": users.id}
        )
        settings.execute()
        self.assertIn(self.analyst, digest.user_ids)
        self.assertNotIn(self.portal, digest.user_ids)
        self.analyst.groups_id = [Command.unlink(users.id)]
        digest._action_send()
        self.assertNotIn(self.analyst, digest.user_ids)
        self.assertIn(self.manager, digest.user_ids)

    def test_the_email_renders_in_english_and_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["digest", "order_analytics"], ["zh_CN"]
        )
        chinese = self.manager.copy({"login": "oa_manager_zh", "lang": "zh_CN"})
        self.digest.user_ids = [Command.set((self.manager | chinese).ids)]
        mails = self.env["mail.mail"].search([])
        self.digest._action_send()
        sent = self.env["mail.mail"].search([]) - mails
        self.assertEqual(len(sent), 2)
        by_recipient = {mail.email_to: mail.body_html for mail in sent}
        english = by_recipient[self.manager.email_formatted]
        self.assertIn("OTIF %", english)
        self.assertIn("Last 7 Days", english)
        self.assertIn("最近7天", by_recipient[chinese.email_formatted])
        self.assertIn("OTIF", by_recipient[chinese.email_formatted])
