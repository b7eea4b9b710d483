# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the review stores for later is shown in the reader's language and
formatted as Odoo formats values, whoever triggered it."""

from datetime import datetime, timedelta

from lxml import html

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .. import phrases as ph
from .common import ReviewCase

ZH = "zh_CN"


def zh(code):
    """The zh_CN sentence of a catalogue code, without its arguments."""
    return ph.CATALOGUE[code]._translate(ZH)


@tagged("post_install", "-at_install")
class TestReaderLanguage(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["res.lang"]._activate_lang(ZH)
        cls.env["ir.module.module"].search(
            [("name", "=", "customer_order_review")]
        )._update_translations([ZH], overwrite=True)
        # The actor works in Chinese; the readers in English and Chinese.
        cls.salesperson.write({"lang": ZH, "tz": "Asia/Shanghai"})
        cls.reviewer.write({"lang": "en_US", "tz": "Europe/Brussels"})
        cls.zh_reader = new_test_user(
            cls.env,
            login="review_zh_reader",
            name="Wang Reviewer",
            lang=ZH,
            tz="Asia/Shanghai",
            groups="customer_order_review.group_order_review_manager,"
            "sales_team.group_sale_manager",
        )

    def _stage(self, order, code):
        return order.review_ids.filtered(lambda r: r.check_code == code)

    def _as(self, records, user):
        return records.with_user(user).with_context(lang=user.lang, tz=user.tz)

    def test_catalogue_is_translated(self):
        """Every stored sentence has a zh_CN translation (else the test of
        each reader below would compare English with English)."""
        untranslated = [
            code
            for code, source in ph.CATALOGUE.items()
            if source._translate(ZH) == source._source
        ]
        self.assertEqual(untranslated, [])

    def test_check_message_follows_the_reader(self):
        partner = self._create_customer("Reader Ltd", credit_limit=10000.0)
        order = self._create_order(partner=partner, lines=[(self.product, 4.0)])
        order.with_user(self.salesperson).action_submit_review()
        credit = self._stage(order, "credit")
        english = self._as(credit, self.reviewer).check_message
        chinese = self._as(credit, self.zh_reader).check_message
        self.assertEqual(
            english, "Exposure within the credit limit (4% used); no overdue invoices."
        )
        self.assertEqual(chinese, zh("credit.within_limit") % {"share": "4%"})
        self.assertNotEqual(english, chinese)

    def test_evidence_follows_the_reader_and_is_formatted(self):
        partner = self._create_customer("Evidence Ltd", credit_limit=12345.0)
        order = self._create_order(partner=partner, lines=[(self.product, 4.0)])
        order.with_user(self.salesperson).action_submit_review()
        credit = self._stage(order, "credit")
        english = self._as(credit, self.reviewer).check_evidence_display
        chinese = self._as(credit, self.zh_reader).check_evidence_display
        self.assertIn("Open receivables", english)
        self.assertNotIn("Open receivables", chinese)
        self.assertIn(zh("label.open_receivables"), chinese)
        # amounts with their currency, grouped as the reader's language does
        self.assertIn("12,345.00", english)
        self.assertIn(self.currency.symbol, english)
        # the evidence says when it was gathered, without seconds, in the
        # reader's time zone
        local = fields.Datetime.context_timestamp(
            self._as(credit, self.reviewer), credit.checked_on
        )
        self.assertIn(f"as of {local.strftime('%m/%d/%Y %H:%M')}.", english)

    def test_log_notes_follow_the_reader_not_the_actor(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        submitted = order.review_log_ids.filtered(lambda log: log.event == "submitted")
        english = self._as(submitted, self.reviewer).note_display
        chinese = self._as(submitted, self.zh_reader).note_display
        self.assertTrue(english.startswith("Risk score "), english)
        self.assertIn("(Low)", english)
        self.assertNotIn("Risk score", chinese)
        self.assertTrue(chinese.startswith(zh("log.risk").split("%")[0]), chinese)
        auto = order.review_log_ids.filtered(lambda log: log.event == "auto_approved")
        self.assertTrue(auto)
        for log in auto:
            self.assertIn(
                "approved automatically", self._as(log, self.reviewer).note_display
            )
            self.assertNotIn(
                "approved automatically", self._as(log, self.zh_reader).note_display
            )

    def test_skip_reason_follows_the_reader(self):
        stage = self.env["sale.review.stage"].search([("check_code", "=", "final")])
        stage.amount_min = 1000000.0
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        final = self._stage(order, "final")
        self.assertEqual(final.state, "skipped")
        english = self._as(final, self.reviewer).skip_reason
        self.assertTrue(english.startswith("The order total "), english)
        self.assertIn("1,000,000.00", english)
        self.assertNotIn("The order total", self._as(final, self.zh_reader).skip_reason)

    def test_a_person_note_is_kept_as_written(self):
        stage = self._single_stage()
        self.assertTrue(stage)
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        self._decide(self._pending(order), self.reviewer, "reject", "价格太低")
        rejected = order.review_log_ids.filtered(lambda log: log.event == "rejected")
        self.assertEqual(self._as(rejected, self.reviewer).note_display, "价格太低")
        self.assertEqual(rejected.note, "价格太低")

    def test_activity_is_written_in_its_assignee_language(self):
        self._single_stage(reviewer_user_ids=[Command.set(self.zh_reader.ids)])
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        activity = self._pending(order).activity_id
        self.assertEqual(activity.user_id, self.zh_reader)
        self.assertNotIn("Review:", activity.summary)
        self.assertIn("Manual check", activity.summary)

    def test_dates_quantities_and_records_are_formatted(self):
        """The stock check names the product, gives the quantity with its
        unit and the date in the reader's format."""
        scarce = self._create_product("Scarce Part", 10.0, stock=1.0)
        order = self._create_order(lines=[(scarce, 5.0)])
        order.with_user(self.salesperson).action_submit_review()
        stock = self._as(self._stage(order, "stock"), self.reviewer)
        self.assertIn("Scarce Part (4 Units missing)", stock.check_message)
        self.assertIn(
            "ordered 5 Units, forecast 1 Units on ", stock.check_evidence_display
        )
        # The day in the reader's time zone (not UTC's, which differs from it
        # part of every day).
        day = fields.Datetime.context_timestamp(stock, order.commitment_date).date()
        self.assertIn(day.strftime("%m/%d/%Y"), stock.check_evidence_display)
        self.assertNotIn(fields.Date.to_string(day), stock.check_evidence_display)

    def test_similar_orders_are_named_not_numbered(self):
        first = self._create_order()
        first.with_user(self.salesperson).action_submit_review()
        second = self._create_order()
        second.with_user(self.salesperson).action_submit_review()
        audit = self._as(self._stage(second, "audit"), self.review_manager)
        self.assertIn("duplicate", audit.check_message)
        links = html.fromstring(audit.check_evidence_display).xpath("//a")
        self.assertEqual([a.text for a in links], [first.name])
        self.assertEqual(links[0].get("href"), f"/odoo/sale.order/{first.id}")

    def test_evidence_names_documents_the_reader_may_not_open(self):
        stage = self._single_stage()
        first = self._create_order()
        first.with_user(self.salesperson).action_submit_review()
        stage.reviewer_user_ids = [Command.set(self.other_reviewer.ids)]
        second = self._create_order()
        second.with_user(self.salesperson).action_submit_review()
        audit = self._pending(second).with_user(self.other_reviewer)
        self.assertIn(self.other_reviewer, audit.reviewer_ids)
        self.assertFalse(first.with_user(self.other_reviewer).has_access("read"))
        tree = html.fromstring(audit.check_evidence_display)
        self.assertFalse(tree.xpath("//a"))
        self.assertIn(first.name, tree.text_content())
        # the assigned reviewer of the first order opens it from the evidence
        reviewer_view = self._pending(second).with_user(self.review_manager)
        links = html.fromstring(reviewer_view.check_evidence_display).xpath("//a")
        self.assertEqual([a.text for a in links], [first.name])

    def test_snapshot_is_formatted(self):
        order = self._create_order(
            lines=[(self.product, 3.0)],
            commitment_date=datetime(2031, 5, 6, 2, 30, 15),
        )
        order.order_line.discount = 5.0
        order.with_user(self.salesperson).action_submit_review()
        log = order.review_log_ids.filtered(lambda log: log.event == "submitted")
        shown = self._as(log, self.reviewer).snapshot_display
        self.assertIn("3 Units", shown)
        self.assertIn("5%", shown)
        self.assertIn(self.payment_term_name(), shown)
        # 02:30 UTC is 04:30 in Brussels in May; no seconds
        self.assertIn("05/06/2031 04:30", shown)
        self.assertNotIn("04:30:15", shown)
        self.assertNotIn("2031-05-06", shown)

    def payment_term_name(self):
        return self.term_30.name

    def test_risk_details_have_units(self):
        partner = self._create_customer("Risky Units Ltd", credit_limit=1000.0)
        order = self._create_order(partner=partner, lines=[(self.product, 4.0)])
        order.with_user(self.salesperson).action_submit_review()
        shown = self._as(order, self.reviewer).risk_details_display
        rows = {
            tr.xpath("td")[0].text: tr.xpath("td")[1].text
            for tr in html.fromstring(shown).xpath("//tbody/tr")
        }
        self.assertEqual(rows["Credit use"], "40%")
        self.assertEqual(rows["Days overdue"], "0 days")
        self.assertEqual(rows["New customer"], "Yes")

    def test_unknown_or_plain_values_are_never_lost(self):
        self.assertEqual(ph.render(self.env, "typed by a person"), "typed by a person")
        self.assertEqual(ph.render(self.env, {"code": "gone.code"}), "gone.code")
        self.assertEqual(
            ph.render(self.env, [ph.phrase("audit.totals"), "and more"]),
            "The order totals do not add up. and more",
        )
        self.assertEqual(ph.render(self.env, 2.50), "2.5")
        # a phrase missing an argument, odd values: text, never a traceback
        missing = ph.render(self.env, {"code": "credit.within_limit", "args": {}})
        self.assertTrue(missing.startswith("Exposure within the credit limit"))
        for odd in ({"money": "x", "currency": 1}, {"percent": None}, {"qty": 1}):
            self.assertEqual(ph.render(self.env, odd), "")
        self.assertEqual(
            ph.render(self.env, {"records": "res.partner", "ids": [0, -1]}), ""
        )

    def test_rendering_many_reviews_costs_the_same_queries_as_a_few(self):
        orders = self.env["sale.order"]
        for index in range(12):
            orders |= self._create_order(lines=[(self.product, index + 1.0)])
        orders.with_user(self.salesperson).action_submit_review()
        self.assertGreater(len(orders.review_ids.filtered("check_evidence")), 30)
        fields_ = ["check_message", "check_evidence_display", "skip_reason"]
        Review = self.env["sale.order.review"].with_user(self.review_manager)
        Log = self.env["sale.order.review.log"].with_user(self.review_manager)
        domain = [("order_id", "in", orders.ids)]
        self.assertGreater(Log.search_count(domain), 30)
        counts = []
        for limit in (None, 6, None):
            # What a list view reads, a page of 6 and one of them all.
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Review.search_read(domain, fields_, limit=limit)
            Log.search_read(domain, ["note_display", "snapshot_display"], limit=limit)
            counts.append(self.env.cr.sql_log_count - before)
        # (the first, cold, run compiles the templates)
        self.assertEqual(counts[1], counts[2], f"{counts} queries")


@tagged("post_install", "-at_install")
class TestChatterLanguage(ReviewCase):
    def test_customer_answer_is_posted_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("en_US")
        self.env["res.lang"]._activate_lang(ZH)
        self.company.partner_id.lang = "en_US"
        self._single_stage()
        buyer = self._create_customer("Chinese Buyer", lang=ZH)
        order = self._create_order(partner=buyer)
        order.with_user(self.salesperson).action_submit_review()
        review = self._pending(order)
        self._decide(review, self.reviewer, "changes", "Which colour?", "customer")
        portal = self.env["res.users"].create(
            {
                "name": buyer.name,
                "login": "review_zh_buyer",
                "partner_id": buyer.id,
                "lang": ZH,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        # The customer answers in Chinese (the portal's context language).
        review.with_user(portal).with_context(lang=ZH).sudo()._answer(
            "深蓝色", author=buyer
        )
        message = order.message_ids.filtered(lambda m: "深蓝色" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("Answer to the review question", message.body)
        self.assertTrue(review.answered)


@tagged("post_install", "-at_install")
class TestReviewerOpensTheOrder(ReviewCase):
    def test_reviewer_without_sales_rights_gets_the_reviewer_form(self):
        self._single_stage(reviewer_user_ids=[Command.set(self.other_reviewer.ids)])
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        Order = self.env["sale.order"].with_user(self.other_reviewer)
        result = Order.get_views([(False, "form")])
        reviewer_form = self.env.ref(
            "customer_order_review.sale_order_view_form_reviewer"
        )
        self.assertEqual(result["views"]["form"]["id"], reviewer_form.id)
        # and the order reads through it, lines included
        line_fields = result["models"]["sale.order.line"]["fields"]
        spec = {name: {} for name in result["models"]["sale.order"]["fields"]}
        spec["order_line"] = {"fields": {name: {} for name in line_fields}}
        values = Order.browse(order.id).web_read(spec)
        self.assertEqual(values[0]["name"], order.name)
        self.assertEqual(values[0]["order_line"][0]["id"], order.order_line.id)

    def test_reviewer_asking_for_the_sales_form_gets_the_reviewer_form(self):
        """Other documents' buttons open orders in the sales form by id."""
        sales_form = self.env.ref("sale.view_order_form")
        result = (
            self.env["sale.order"]
            .with_user(self.other_reviewer)
            .get_views([(sales_form.id, "form")])
        )
        self.assertEqual(
            result["views"]["form"]["id"],
            self.env.ref("customer_order_review.sale_order_view_form_reviewer").id,
        )

    def test_wizards_open_only_on_readable_stages(self):
        self._single_stage()
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        review = self._pending(order)
        self.assertNotIn(self.other_reviewer, review.reviewer_ids)
        with self.assertRaises(AccessError):
            self.env["sale.order.review.decision"].with_user(
                self.other_reviewer
            ).create({"review_id": review.id})
        self._decide(review, self.reviewer, "changes", "Secret terms?")
        with self.assertRaises(AccessError):
            self.env["sale.order.review.answer"].with_user(self.other_reviewer).create(
                {"review_id": review.id, "answer": "x"}
            )

    def test_salesperson_keeps_the_sales_form(self):
        views = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .get_views([(False, "form")])["views"]["form"]
        )
        self.assertEqual(views["id"], self.env.ref("sale.view_order_form").id)

    def test_waiting_and_answered_stages_stay_in_the_reviewer_inbox(self):
        self._single_stage()
        order = self._create_order()
        order.with_user(self.salesperson).action_submit_review()
        review = self._pending(order)
        self._decide(review, self.reviewer, "changes", "Which colour?")
        mine = [
            ("reviewer_ids", "in", [self.reviewer.id]),
            ("state", "in", ("pending", "changes")),
        ]
        Review = self.env["sale.order.review"].with_user(self.reviewer)
        self.assertIn(review, Review.search(mine))
        self.assertFalse(review.answered)
        review.with_user(self.salesperson)._answer("Dark blue")
        self.assertEqual(review.state, "pending")
        self.assertTrue(review.with_user(self.reviewer).answered)
        self.assertEqual(review.with_user(self.reviewer).display_state, "answered")
        self.assertIn(review, Review.search(mine))
        self.assertLess(datetime.now() - timedelta(minutes=5), review.activated_on)
