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

import ast
import json
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.order_logistics_tracking.models.survey_user_input import (
    SURVEY_GUARD,
    SURVEY_GUARD_KEY,
)

from .common import ORDERED, PROMISE, AnalyticsCase, JsonRpcMixin

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
                "order_analytics.action_server_digest_kpi_otif?menu_id="
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


# The digest of the links' fixture is sent on 15 December, 04:00 UTC: its
# widest window (Last 30 Days) starts on 15 November, 04:00.
SENT = datetime(2026, 12, 15, 4, 0)
# KPI -> (measure, search filters) its report must open with.
LINKS = {
    "otif": ("otif_rate", {"judged", "delivered_last_30_days"}),
    "lead_time": ("lead_time_days", {"delivered_last_30_days"}),
    "review_time": ("review_hours", {"ordered_last_30_days"}),
    "exception_rate": ("exception_rate", {"ordered_last_30_days"}),
    "csat": ("csat_rate", {"delivered_last_30_days"}),
    "nps": ("nps", {"delivered_last_30_days"}),
}


@tagged("post_install", "-at_install")
class TestDigestLinks(JsonRpcMixin, AnalyticsCase, HttpCase):
    """Each KPI of the email opens the order report filtered to what its
    figure counts. Orders of 10 Tea Sets:

    ===== ========== ========== ========== ===== ============ =========
    order ordered    promised   delivered  OTIF review hours exception
    ===== ========== ========== ========== ===== ============ =========
    old   5 Nov      10 Nov     10 Nov     yes   7
    late  5 Nov      10 Nov     25 Nov     no                 yes
    new   20 Nov     24 Nov     24 Nov     yes   3
    ===== ========== ========== ========== ===== ============ =========

    From 15 November: delivered ``late`` and ``new`` (OTIF 50 %, lead time
    (20 + 4) / 2 = 12 days); ordered ``new`` (review time 3 hours, no
    exception: 0 %). All three: OTIF 66.67 %, exception rate 33.33 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.goods_a
        cls.old, cls.late = cls.order([(a, 10)]), cls.order([(a, 10)])
        new_ordered = datetime(2026, 11, 20, 2, 0)
        with freeze_time(new_ordered):
            cls.new = cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.analyst.id,
                    "team_id": cls.team_east.id,
                    "commitment_date": new_ordered + 4 * DAY,
                    "order_line": [
                        Command.create({"product_id": a.id, "product_uom_qty": 10})
                    ],
                }
            )
            cls.new.action_confirm()
        cls.deliver(cls.old, PROMISE)
        cls.deliver(cls.late, PROMISE + 15 * DAY)
        cls.deliver(cls.new, new_ordered + 4 * DAY)
        cls.env["order.delivery.exception"].create(
            {
                "exception_type": "delay",
                "sale_id": cls.late.id,
                "picking_id": cls.late.picking_ids[:1].id,
            }
        )
        for order, ordered, hours in ((cls.old, ORDERED, 7), (cls.new, new_ordered, 3)):
            cls.env.cr.execute(
                "UPDATE sale_order SET review_submitted_on = %s, "
                "review_decided_on = %s WHERE id = %s",
                (ordered, ordered + timedelta(hours=hours), order.id),
            )
        cls.env["sale.order"].invalidate_model()
        cls.refresh(cls.old | cls.late | cls.new, now=SENT)
        cls.digest = cls.env["digest.digest"].create(
            {
                "name": "Test digest",
                "company_id": cls.company.id,
                **{f"kpi_od_{kpi}": True for kpi in LINKS},
            }
        )

    def run_action(self, xmlid):
        """The reply of ``/web/action/run`` for the server action ``xmlid``,
        as the authenticated user."""
        self.env.flush_all()
        return self.url_open(
            "/web/action/run",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"action_id": self.env.ref(xmlid).id},
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()

    def linked_xmlid(self, kpi, user):
        link = self.digest._compute_kpis_actions(self.company, user)[f"kpi_od_{kpi}"]
        xmlid, __, query = link.partition("?")
        menu = self.env.ref("order_analytics.menu_order_analytics_root")
        self.assertEqual(query, f"menu_id={menu.id}")
        return xmlid

    def filter_domain(self, action, names, today):
        """The domain of the search filters ``names`` of the action's
        search view, evaluated as the web client does on ``today``."""
        arch = etree.fromstring(
            self.env["order.analytics.order"].get_view(
                action["search_view_id"][0], "search"
            )["arch"]
        )
        context = {"context_today": lambda: today, "relativedelta": relativedelta}
        domains = []
        for name in names:
            (node,) = arch.xpath(f"//filter[@name='{name}']")
            domains.append(safe_eval(node.get("domain"), context))
        return expression.AND(domains)

    def test_each_kpi_opens_its_filtered_report(self):
        self.authenticate("oa_analyst", "oa_analyst")
        for kpi, (measure, filters) in LINKS.items():
            reply = self.run_action(self.linked_xmlid(kpi, self.analyst))
            action = reply["result"]
            self.assertEqual(action["res_model"], "order.analytics.order", kpi)
            self.assertEqual(action["view_mode"].split(",")[0], "pivot", kpi)
            context = ast.literal_eval(action["context"])
            self.assertEqual(
                {
                    key.removeprefix("search_default_")
                    for key, value in context.items()
                    if key.startswith("search_default_") and value
                },
                filters,
                kpi,
            )
            self.assertEqual(context["pivot_measures"], [measure], kpi)
            self.assertEqual(context["graph_measure"], measure, kpi)
            # Titled as the KPI, with the time the figures are as of (none
            # here: the fixture's facts were refreshed outside the cron).
            label = self.digest._fields[f"kpi_od_{kpi}"].string
            self.assertEqual(action["name"], f"{label} (figures not computed yet)")

    def test_the_report_shows_the_figure_of_the_email(self):
        """The filtered report, read as the pivot reads it through JSON-RPC,
        gives the figure of the email's widest window."""
        self.authenticate("oa_analyst", "oa_analyst")
        digest = self.digest.with_user(self.analyst).with_context(
            start_datetime=SENT - relativedelta(months=1), end_datetime=SENT
        )
        expected = {
            "otif": 50.0,
            "lead_time": 12.0,
            "review_time": 3.0,
            "exception_rate": 0.0,
            "csat": 0.0,
            "nps": 0.0,
        }
        for kpi, (measure, filters) in LINKS.items():
            action = self.run_action(self.linked_xmlid(kpi, self.analyst))["result"]
            domain = self.filter_domain(action, filters, SENT.date())
            reply = self.call_kw(
                "order.analytics.order", "read_group", [domain, [measure], []]
            )
            (group,) = reply["result"]
            self.assertAlmostEqual(group[measure] or 0.0, expected[kpi], msg=kpi)
            self.assertAlmostEqual(digest[f"kpi_od_{kpi}_value"], expected[kpi])
        # Unfiltered, the report has every order: the filters did the work.
        reply = self.call_kw(
            "order.analytics.order",
            "read_group",
            [[], ["otif_rate", "exception_rate"], []],
        )
        (group,) = reply["result"]
        self.assertAlmostEqual(group["otif_rate"], 200 / 3)
        self.assertAlmostEqual(group["exception_rate"], 100 / 3)

    def test_a_plain_user_is_refused(self):
        self.authenticate("oa_internal", "oa_internal")
        for kpi in LINKS:
            xmlid = self.linked_xmlid(kpi, self.analyst)
            with mute_logger("odoo.http"):
                reply = self.run_action(xmlid)
            self.assertIn("error", reply, kpi)
            self.assertNotIn("result", reply, kpi)
