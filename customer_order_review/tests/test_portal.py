# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
from urllib.parse import parse_qs, urlparse

from lxml import html

from odoo import Command, http
from odoo.tests import tagged
from odoo.tests.common import HttpCase
from odoo.tools import mute_logger

from .common import JsonRpcMixin, ReviewCase

QUESTION = "Which colour?"
INTERNAL_NOTE = "Internal note: the buyer negotiates hard"
# A 1x1 transparent PNG: a valid signature image.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d00000000"
        "49454e44ae426082"
    )
).decode()


def _by_class(node, css_class):
    """Elements under ``node`` that have the class ``css_class``."""
    return node.xpath(
        ".//*[contains(concat(' ', normalize-space(@class), ' '), $cls)]",
        cls=f" {css_class} ",
    )


class PortalReviewCase(ReviewCase, HttpCase):
    """A quotation of a portal customer whose only review stage asks the
    customer a question, and a second portal customer who must not reach it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage(name="Colour check")
        cls.buyer = cls._create_customer(
            "Paula Portal",
            credit_limit=100000.0,
            is_company=False,
            email="paula.portal@example.com",
        )
        cls.portal_user = cls._create_portal_user("review_portal_paula", cls.buyer)
        cls.stranger = cls._create_customer(
            "Steve Stranger",
            credit_limit=100000.0,
            is_company=False,
            email="steve.stranger@example.com",
        )
        cls.stranger_user = cls._create_portal_user("review_portal_steve", cls.stranger)
        cls.order = cls._create_order(partner=cls.buyer)
        # The quotation was sent to the customer: they follow it, as in
        # ``sale``, which is what the portal record rule checks.
        cls.order.message_subscribe(partner_ids=cls.buyer.ids)
        cls.token = cls.order._portal_ensure_token()
        cls.order.action_submit_review()
        cls.review = cls.order.review_ids.filtered(lambda r: r.state == "pending")
        cls.env["sale.order.review.decision"].with_user(cls.reviewer).create(
            {
                "review_id": cls.review.id,
                "decision": "changes",
                "note": QUESTION,
                "question_to": "customer",
            }
        ).action_confirm_decision()
        cls.order._review_log(
            [{"event": "escalated", "note": INTERNAL_NOTE, "internal": True}]
        )

    @classmethod
    def _create_portal_user(cls, login, partner):
        return cls.env["res.users"].create(
            {
                "name": partner.name,
                "login": login,
                "password": login,
                "partner_id": partner.id,
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )

    # --- helpers --- #
    def _open(self, url, **kwargs):
        """``url_open`` that the server sees the test's pending writes, and
        whose writes the test sees."""
        self.env.flush_all()
        response = self.url_open(url, **kwargs)
        self.env.invalidate_all()
        return response

    def _order_url(self, order=None, token=None):
        order = order or self.order
        url = f"/my/orders/{order.id}"
        return f"{url}?access_token={token}" if token else url

    def _progress(self, response):
        """The review progress section of an order page, or None."""
        self.assertEqual(response.status_code, 200)
        sections = html.fromstring(response.content).xpath(
            "//section[@id='order_review_progress']"
        )
        return sections[0] if sections else None

    def _stage_labels(self, section):
        """{stage name: state label} as the customer reads them."""
        labels = {}
        for item in _by_class(section, "o_order_review_stage"):
            name = _by_class(item, "o_order_review_stage_name")[0]
            state = _by_class(item, "o_order_review_stage_state")[0]
            labels[name.text_content().strip()] = state.text_content().strip()
        return labels

    def _post_answer(self, answer, order=None, token=None, review_id=None):
        order = order or self.order
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "answer": answer,
            "review_id": review_id or self.review.id,
        }
        if token:
            data["access_token"] = token
        return self._open(
            f"/my/orders/{order.id}/review/answer", data=data, allow_redirects=False
        )

    def _assert_redirect(self, response, path, message=None):
        self.assertEqual(response.status_code, 303)
        location = urlparse(response.headers["Location"])
        self.assertEqual(location.path, path)
        if message:
            self.assertEqual(parse_qs(location.query)["review_message"], [message])
        return response.headers["Location"]

    def _assert_unanswered(self):
        self.assertEqual(self.review.state, "changes")
        self.assertFalse(self.review.answer)
        self.assertEqual(self.order.review_state, "changes")
        self.assertNotIn("answered", self._log_events(self.order))


@tagged("post_install", "-at_install")
class TestPortalReview(PortalReviewCase):
    def _assert_nothing_internal(self, response):
        text = response.text
        self.assertTrue(self.review.check_message)
        self.assertNotIn(self.review.check_message, text)
        self.assertNotIn(INTERNAL_NOTE, text)
        self.assertNotIn("Risk score", text)
        self.assertNotIn("o_order_review_risk", text)
        self.assertNotIn(self.reviewer.name, text)

    # --- the order page --- #
    def test_progress_shown_to_portal_user(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self._open(self._order_url())
        section = self._progress(response)
        self.assertIsNotNone(section)
        self.assertEqual(
            self._stage_labels(section), {"Colour check": "Question for you"}
        )
        self.assertIn("What we are waiting for:", section.text_content())
        self.assertIn("Your answer to our question", section.text_content())
        self.assertIn(QUESTION, section.text_content())
        self.assertTrue(_by_class(section, "o_order_review_stage_date"))
        form = _by_class(section, "o_order_review_answer_form")[0]
        self.assertEqual(
            form.get("action"), f"/my/orders/{self.order.id}/review/answer"
        )
        self.assertTrue(form.xpath(".//input[@name='csrf_token']/@value")[0])
        self.assertEqual(
            form.xpath(".//input[@name='access_token']/@value"), [self.token]
        )
        self._assert_nothing_internal(response)

    def test_progress_shown_with_token(self):
        self.authenticate(None, None)
        response = self._open(self._order_url(token=self.token))
        section = self._progress(response)
        self.assertIsNotNone(section)
        self.assertEqual(
            self._stage_labels(section), {"Colour check": "Question for you"}
        )
        self.assertTrue(section.xpath(".//textarea[@name='answer']"))
        self._assert_nothing_internal(response)

    def test_progress_states_and_skipped_stages(self):
        """Approved, in review, waiting; a stage that does not apply is not shown."""
        self.stage.active = False
        stages = self.env["sale.review.stage"].create(
            [
                {
                    "name": name,
                    "sequence": seq,
                    "check_code": "none",
                    "reviewer_type": "users",
                    "reviewer_user_ids": [Command.set(self.reviewer.ids)],
                    "auto_approve": False,
                    "amount_min": amount_min,
                }
                for name, seq, amount_min in (
                    ("Paperwork", 1, 0.0),
                    ("Engineering", 2, 0.0),
                    ("Big orders only", 3, 10**9),
                    ("Management", 4, 0.0),
                )
            ]
        )
        order = self._create_order(partner=self.buyer)
        order.message_subscribe(partner_ids=self.buyer.ids)
        order.action_submit_review()
        self._decide(self._pending(order), self.reviewer, "approve")
        self.assertEqual(
            order.review_ids.sorted("sequence").mapped("state"),
            ["approved", "pending", "skipped", "waiting"],
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        section = self._progress(self._open(self._order_url(order)))
        self.assertEqual(
            self._stage_labels(section),
            {
                "Paperwork": "Approved",
                "Engineering": "In review",
                "Management": "Waiting",
            },
        )
        self.assertIn("Our review: Engineering", section.text_content())
        self.assertNotIn("Big orders only", section.text_content())
        self.assertFalse(section.xpath(".//form"))
        skipped = order.review_ids.filtered(lambda r: r.state == "skipped")
        self.assertNotIn(skipped.skip_reason, section.text_content())
        self.assertEqual(len(stages), 4)

    def test_banner_when_confirmation_is_held(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        banner = "we will confirm it as soon as the review is complete"
        self.assertNotIn(banner, self._open(self._order_url()).text)
        self.order.action_confirm()
        self.assertTrue(self.order.review_confirm_requested)
        self.assertEqual(self.order.state, "draft")
        self.assertIn(banner, self._open(self._order_url()).text)

    def test_confirmed_order_shows_its_review(self):
        self.order.action_confirm()
        self._post_answer_as_buyer("Red")
        self._decide(self._pending(self.order), self.reviewer, "approve")
        self.assertEqual(self.order.state, "sale")
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self._open(self._order_url())
        section = self._progress(response)
        self.assertEqual(self._stage_labels(section), {"Colour check": "Approved"})
        self.assertIn("The review of your order is complete.", section.text_content())
        self.assertNotIn("we will confirm it as soon as", response.text)

    def test_no_progress_before_review(self):
        order = self._create_order(partner=self.buyer)
        order.message_subscribe(partner_ids=self.buyer.ids)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.assertIsNone(self._progress(self._open(self._order_url(order))))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_other_portal_user_cannot_see_order(self):
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        response = self._open(self._order_url(), allow_redirects=False)
        self._assert_redirect(response, "/my")
        response = self._open(
            self._order_url(token="not-the-token"), allow_redirects=False
        )
        self._assert_redirect(response, "/my")

    def test_anonymous_without_token_cannot_see_order(self):
        self.authenticate(None, None)
        response = self._open(self._order_url(), allow_redirects=False)
        self._assert_redirect(response, "/my")

    # --- answering --- #
    def _post_answer_as_buyer(self, answer):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        return self._post_answer(answer)

    def test_answer(self):
        response = self._post_answer_as_buyer("  Dark blue, please.  ")
        location = self._assert_redirect(
            response, f"/my/orders/{self.order.id}", "answer_ok"
        )
        self.assertEqual(self.review.state, "pending")
        self.assertEqual(self.review.answer, "Dark blue, please.")
        self.assertEqual(self.order.review_state, "in_review")
        log = self.order.review_log_ids.filtered(lambda row: row.event == "answered")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.note, "Dark blue, please.")
        self.assertFalse(log.internal)
        self.assertEqual(log.user_id, self.portal_user)
        message = self.order.message_ids.filtered(
            lambda m: "Dark blue, please." in m.body
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.buyer)
        self.assertIn(QUESTION, message.body)
        # Back with the reviewer, who gets a new activity.
        self.assertEqual(self.review.reviewer_ids, self.reviewer)
        self.assertEqual(self.review.activity_id.user_id, self.reviewer)
        section = self._progress(self._open(location))
        self.assertTrue(_by_class(section, "o_order_review_answer_ok"))
        self.assertEqual(self._stage_labels(section), {"Colour check": "In review"})
        self.assertFalse(section.xpath(".//form"))

    def test_answer_with_token(self):
        self.authenticate(None, None)
        response = self._post_answer("Green", token=self.token)
        self._assert_redirect(response, f"/my/orders/{self.order.id}", "answer_ok")
        self.assertEqual(self.review.state, "pending")
        self.assertEqual(self.review.answer, "Green")
        self.assertIn("answered", self._log_events(self.order))
        # The visitor is the public user; the chatter shows the customer.
        message = self.order.message_ids.filtered(lambda m: "Green" in (m.body or ""))
        self.assertEqual(message.author_id, self.order.partner_id)

    def test_empty_answer(self):
        response = self._post_answer_as_buyer("  \n ")
        location = self._assert_redirect(
            response, f"/my/orders/{self.order.id}", "answer_empty"
        )
        self._assert_unanswered()
        section = self._progress(self._open(location))
        error = _by_class(section, "o_order_review_answer_error")
        self.assertIn("Please write an answer", error[0].text_content())
        self.assertTrue(section.xpath(".//form"), "the question can still be answered")

    def test_too_long_answer(self):
        response = self._post_answer_as_buyer("x" * 5001)
        location = self._assert_redirect(
            response, f"/my/orders/{self.order.id}", "answer_too_long"
        )
        self._assert_unanswered()
        section = self._progress(self._open(location))
        self.assertIn("too long", section.text_content())

    def test_answer_with_nul_character(self):
        """A NUL character (which PostgreSQL cannot store) is refused with a
        message, not a server error; nothing is recorded."""
        response = self._post_answer_as_buyer("Blue\x00please")
        location = self._assert_redirect(
            response, f"/my/orders/{self.order.id}", "answer_invalid"
        )
        self._assert_unanswered()
        section = self._progress(self._open(location))
        self.assertIn("cannot be saved", section.text_content())

    def test_answer_without_question(self):
        self._post_answer_as_buyer("Blue")
        self.assertEqual(self.review.state, "pending")
        response = self._post_answer("Blue again")
        self._assert_redirect(response, f"/my/orders/{self.order.id}", "no_question")
        self.assertEqual(self.review.answer, "Blue")
        self.assertEqual(self._log_events(self.order).count("answered"), 1)

    def test_answer_to_stale_question(self):
        """The form was shown for another stage: nothing is recorded."""
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self._post_answer("Blue", review_id=self.review.id + 1000)
        self._assert_redirect(response, f"/my/orders/{self.order.id}", "no_question")
        self._assert_unanswered()

    def test_answer_refused_by_the_review(self):
        """Someone else with the order's link reaches the form, but the review
        refuses their answer: a message, no traceback, nothing recorded."""
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        self.order._portal_ensure_token()
        response = self._post_answer("Blue", token=self.order.access_token)
        self._assert_redirect(response, f"/my/orders/{self.order.id}", "no_question")
        self._assert_unanswered()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_other_portal_user_cannot_answer(self):
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        self._assert_redirect(self._post_answer("Black"), "/my")
        self._assert_redirect(self._post_answer("Black", token="not-the-token"), "/my")
        self._assert_unanswered()

    def test_wrong_or_missing_token_cannot_answer(self):
        self.authenticate(None, None)
        self._assert_redirect(self._post_answer("Black", token="not-the-token"), "/my")
        self._assert_redirect(self._post_answer("Black"), "/my")
        self._assert_unanswered()

    def test_no_answer_with_review_off(self):
        """Review switched off: the portal is plain Odoo's, no answer form."""
        self.company.order_review_enabled = False
        response = self._post_answer_as_buyer("Blue")
        self._assert_redirect(response, f"/my/orders/{self.order.id}", "no_question")
        self._assert_unanswered()

    def test_unknown_order(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        missing = self.order.browse(
            self.order.search([], order="id desc", limit=1).id + 1000
        )
        self._assert_redirect(self._post_answer("Black", order=missing), "/my")
        self._assert_unanswered()


@tagged("post_install", "-at_install")
class TestPortalQuestionKept(JsonRpcMixin, PortalReviewCase):
    """The customer keeps the question and their answer on the order page."""

    def test_question_and_answer_stay_after_answering(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self._post_answer("Dark blue, please.")
        self._decide(self._pending(self.order), self.reviewer, "approve")
        self.assertEqual(self.order.review_state, "approved")
        section = self._progress(self._open(self._order_url()))
        self.assertEqual(self._stage_labels(section), {"Colour check": "Approved"})
        question = _by_class(section, "o_order_review_question")
        self.assertIn(QUESTION, question[0].text_content())
        answer = _by_class(section, "o_order_review_answer_sent")
        self.assertIn("Dark blue, please.", answer[0].text_content())
        self.assertFalse(section.xpath(".//form"))

    def test_question_to_salesperson_not_shown(self):
        order = self._create_order(partner=self.buyer)
        order.message_subscribe(partner_ids=self.buyer.ids)
        order.action_submit_review()
        self._decide(
            self._pending(order), self.reviewer, "changes", note="Internal doubt"
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        section = self._progress(self._open(self._order_url(order)))
        self.assertNotIn("Internal doubt", section.text_content())
        self.assertFalse(_by_class(section, "o_order_review_question"))

    def test_the_staff_banner_is_not_read_over_rpc(self):
        """The banner quotes the reviewer's question to the salesperson: the
        customer who reads their own order through JSON-RPC does not get it."""
        order = self._create_order(partner=self.buyer)
        order.message_subscribe(partner_ids=self.buyer.ids)
        order.action_submit_review()
        self._decide(
            self._pending(order), self.reviewer, "changes", note="Internal doubt"
        )
        self.assertIn("Internal doubt", order.review_banner)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        reply = self._call_kw("sale.order", "read", [order.ids, ["name"]])
        self.assertEqual(reply["result"][0]["name"], order.name)
        for fname in ("review_banner", "review_banner_level"):
            with self.subTest(field=fname):
                reply = self._call_kw("sale.order", "read", [order.ids, [fname]])
                self.assertNotIn("result", reply)
                self.assertNotIn("Internal doubt", json.dumps(reply))


@tagged("post_install", "-at_install")
class TestPortalSignAndPay(PortalReviewCase):
    """No signature nor payment for an order the review has not approved; a
    signature never sends a rejected order back into review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order.write({"require_signature": True, "require_payment": True})
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "Review portal test provider",
                "code": "none",
                "state": "test",
                "is_published": True,
                "payment_method_ids": [
                    Command.set([cls.env.ref("payment.payment_method_unknown").id])
                ],
                "available_currency_ids": [Command.set(cls.order.currency_id.ids)],
            }
        )
        cls.env.ref("payment.payment_method_unknown").active = True

    @classmethod
    def _portal_order(cls, decision=None, **vals):
        """A quotation of the buyer, submitted and decided when ``decision``."""
        order = cls._create_order(partner=cls.buyer, **vals)
        order.message_subscribe(partner_ids=cls.buyer.ids)
        order._portal_ensure_token()
        if decision:
            order.action_submit_review()
            review = order.review_ids.filtered(lambda r: r.state == "pending")
            cls.env["sale.order.review.decision"].with_user(cls.reviewer).create(
                {"review_id": review.id, "decision": decision, "note": "Decided"}
            ).action_confirm_decision()
        return order

    # --- helpers --- #
    def _jsonrpc(self, route, params):
        """The decoded JSON-RPC answer of ``route`` (result or error)."""
        self.env.flush_all()
        response = self.url_open(
            route,
            data=json.dumps(
                {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _sign(self, order, token=None):
        params = {"name": "Paula Portal", "signature": SIGNATURE}
        if token:
            params["access_token"] = token
        return self._jsonrpc(f"/my/orders/{order.id}/accept", params)["result"]

    def _pay(self, order, token=None):
        params = {
            "access_token": token,
            "provider_id": self.provider.id,
            "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
            "token_id": None,
            "amount": order.amount_total,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": order.get_portal_url(),
        }
        with mute_logger("odoo.http"):
            return self._jsonrpc(f"/my/orders/{order.id}/transaction", params)

    def _transactions(self, order):
        return self.env["payment.transaction"].search(
            [("sale_order_ids", "in", order.ids)]
        )

    def _page(self, order, token=None):
        response = self._open(self._order_url(order, token=token))
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def _sign_pay_buttons(self, page):
        return page.xpath("//a[@data-bs-target='#modalaccept']")

    def _signing_notice(self, page):
        notices = _by_class(page, "o_order_review_signing")
        return notices[0] if notices else None

    def _assert_not_signed(self, order):
        self.assertFalse(order.signature)
        self.assertFalse(order.signed_by)
        self.assertFalse(
            order.message_ids.filtered(lambda m: "Order signed by" in (m.body or ""))
        )

    # --- what the portal offers --- #
    def test_no_sign_nor_pay_while_in_review(self):
        self.assertEqual(self.order.review_state, "changes")
        order = self.order.with_user(self.portal_user)
        self.assertFalse(order._has_to_be_signed())
        self.assertFalse(order._has_to_be_paid())
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self._page(self.order)
        self.assertFalse(self._sign_pay_buttons(page))
        self.assertFalse(page.xpath("//*[@id='o_sale_portal_paynow']"))
        notice = self._signing_notice(page)
        self.assertIn("o_order_review_signing_in_review", notice.get("class"))
        self.assertIn("once our review has approved it", notice.text_content())

    def test_no_sign_nor_pay_when_rejected(self):
        order = self._portal_order("reject", require_payment=True)
        self.assertEqual(order.review_state, "rejected")
        self.assertFalse(order.with_user(self.portal_user)._has_to_be_signed())
        self.authenticate(None, None)
        page = self._page(order, token=order.access_token)
        self.assertFalse(self._sign_pay_buttons(page))
        notice = self._signing_notice(page)
        self.assertIn("o_order_review_signing_rejected", notice.get("class"))
        self.assertIn("can no longer be signed", notice.text_content())

    def test_no_payment_before_the_review(self):
        order = self._portal_order(require_payment=True)
        self.assertEqual(order.review_state, "to_submit")
        self.assertFalse(order.with_user(self.portal_user)._has_to_be_paid())
        self.assertFalse(order.with_user(self.portal_user)._has_to_be_signed())
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self._page(order)
        self.assertFalse(self._sign_pay_buttons(page))
        notice = self._signing_notice(page)
        self.assertIn("o_order_review_signing_to_review", notice.get("class"))

    def test_sign_before_the_review_is_labelled(self):
        order = self._portal_order(require_payment=False)
        self.assertTrue(order.with_user(self.portal_user)._has_to_be_signed())
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self._page(order)
        self.assertTrue(self._sign_pay_buttons(page))
        notice = self._signing_notice(page)
        self.assertIn("o_order_review_signing_after_review", notice.get("class"))
        self.assertIn("we confirm your order once", notice.text_content())

    def test_sign_and_pay_once_approved(self):
        order = self._portal_order("approve", require_payment=True)
        self.assertEqual(order.review_state, "approved")
        self.assertTrue(order.with_user(self.portal_user)._has_to_be_signed())
        self.assertTrue(order.with_user(self.portal_user)._has_to_be_paid())
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self._page(order)
        buttons = self._sign_pay_buttons(page)
        self.assertIn("Sign & Pay", buttons[0].text_content())
        self.assertIsNone(self._signing_notice(page))

    def test_review_off_is_plain_odoo(self):
        self.company.order_review_enabled = False
        order = self.order.with_user(self.portal_user)
        self.assertTrue(order._has_to_be_signed())
        self.assertTrue(order._has_to_be_paid())
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self._page(self.order)
        self.assertIn("Sign & Pay", self._sign_pay_buttons(page)[0].text_content())
        self.assertIsNone(self._signing_notice(page))
        self.assertFalse(page.xpath("//section[@id='order_review_progress']"))

    # --- signing through the route --- #
    def test_sign_in_review_refused(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        result = self._sign(self.order)
        self.assertIn("in review", result["error"])
        self._assert_not_signed(self.order)
        self.assertEqual(self.order.review_state, "changes")
        self.assertNotIn("held", self._log_events(self.order))

    def test_sign_rejected_order_with_token_refused(self):
        order = self._portal_order("reject", require_payment=False)
        events = self._log_events(order)
        self.authenticate(None, None)
        result = self._sign(order, token=order.access_token)
        self.assertIn("can no longer be signed", result["error"])
        self._assert_not_signed(order)
        self.assertEqual(order.review_state, "rejected")
        self.assertEqual(order.review_cycle, 1)
        self.assertFalse(order.review_confirm_requested)
        self.assertEqual(self._log_events(order), events)

    def test_sign_to_pay_order_before_review_refused(self):
        order = self._portal_order(require_payment=True)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        result = self._sign(order)
        self.assertIn("must pass our review", result["error"])
        self._assert_not_signed(order)
        self.assertEqual(order.review_state, "to_submit")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_sign_someone_elses_order_refused(self):
        order = self._portal_order("approve", require_payment=False)
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        result = self._sign(order)
        self.assertEqual(result["error"], "Invalid order.")
        self._assert_not_signed(order)
        self.assertEqual(order.state, "draft")

    def test_sign_approved_order_confirms(self):
        order = self._portal_order("approve", require_payment=False)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        result = self._sign(order)
        self.assertNotIn("error", result)
        self.assertTrue(order.signature)
        self.assertEqual(order.state, "sale")

    # --- paying through the route --- #
    def test_pay_in_review_refused(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        answer = self._pay(self.order, token=self.token)
        self.assertIn("in review", answer["error"]["data"]["message"])
        self.assertFalse(self._transactions(self.order))
        self.assertEqual(self.order.state, "draft")

    def test_pay_rejected_order_with_token_refused(self):
        order = self._portal_order("reject", require_payment=True)
        self.authenticate(None, None)
        answer = self._pay(order, token=order.access_token)
        message = answer["error"]["data"]["message"]
        self.assertIn("can no longer be signed or paid", message)
        self.assertFalse(self._transactions(order))
        self.assertEqual(order.review_state, "rejected")

    def test_pay_before_review_refused_even_without_required_payment(self):
        """A payment link works for any quotation: it waits for the approval."""
        order = self._portal_order(require_payment=False)
        self.authenticate(None, None)
        answer = self._pay(order, token=order.access_token)
        self.assertIn("must pass our review", answer["error"]["data"]["message"])
        self.assertFalse(self._transactions(order))

    def test_pay_someone_elses_order_refused(self):
        order = self._portal_order("approve", require_payment=True)
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        answer = self._pay(order, token="not-the-token")
        self.assertIn("error", answer)
        self.assertFalse(self._transactions(order))

    def test_pay_approved_order(self):
        order = self._portal_order("approve", require_payment=True)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        answer = self._pay(order, token=order.access_token)
        self.assertNotIn("error", answer)
        transaction = self._transactions(order)
        self.assertEqual(transaction.amount, order.amount_total)
        self.assertEqual(transaction.reference, answer["result"]["reference"])


@tagged("post_install", "-at_install")
class TestPortalReviewTour(PortalReviewCase):
    def test_portal_tour(self):
        self.env.flush_all()
        self.start_tour(
            self._order_url(),
            "customer_order_review_portal_tour",
            login=self.portal_user.login,
        )
        self.env.invalidate_all()
        self.assertEqual(self.review.answer, "Dark blue, please.")
        self.assertEqual(self.review.state, "pending")
        self.assertEqual(self.order.review_state, "in_review")
        message = self.order.message_ids.filtered(
            lambda m: "Dark blue, please." in m.body
        )
        self.assertEqual(message.author_id, self.buyer)
