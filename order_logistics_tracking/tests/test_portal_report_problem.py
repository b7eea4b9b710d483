# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's "Report a problem" on the portal order page, as the owner,
a visitor with the order's link, another customer and an attacker; the
order's cases on its page; the sale order's smart button."""

import io
import random
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from lxml import html
from PIL import Image

from odoo.tests import tagged
from odoo.tests.common import HttpCase, new_test_user
from odoo.tools import mute_logger

from ..controllers.portal import (
    DESCRIPTION_MAX_LENGTH,
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    MAX_PHOTOS_TOTAL_BYTES,
)
from ..models.order_delivery_exception_customer import MAX_OPEN_CUSTOMER_CASES
from .common import JsonRpcMixin, TrackingCase

ACCESS_ERROR = "odoo.exceptions.AccessError"


def png(color="red"):
    """A small PNG image."""
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buf, "PNG")
    return buf.getvalue()


def _by_class(node, css_class):
    return node.xpath(
        ".//*[contains(concat(' ', normalize-space(@class), ' '), $cls)]",
        cls=f" {css_class} ",
    )


def _text(node):
    return " ".join(node.text_content().split())


class ReportProblemCase(TrackingCase, HttpCase):
    """A delivered order of the portal user (parcels RP100 and RP101), one
    of another customer with their own portal login (parcel RP200), and an
    order of the portal user not delivered yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.tz = "Asia/Shanghai"
        cls.order = cls.make_order()
        cls.picking = cls.deliver(cls.order, ref="RP100,RP101")
        cls.parcel = cls.shipment_of(cls.picking, "RP100")
        cls.other_parcel = cls.shipment_of(cls.picking, "RP101")
        cls.other_customer.email = "buyer@pine.example"
        cls.stranger_user = new_test_user(
            cls.env,
            "track_portal_pine",
            groups="base.group_portal",
            partner_id=cls.other_customer.id,
        )
        cls.their_order = cls.make_order(
            partner=cls.other_customer, user=cls.other_salesperson
        )
        cls.their_parcel = cls.deliver(cls.their_order, ref="RP200").shipment_ids
        cls.undelivered = cls.make_order()
        cls.Case = cls.env["order.delivery.exception"]

    # === HELPERS === #
    def url(self, order):
        return f"/my/orders/{order.id}/report_problem"

    def cases(self, order=None):
        self.env.invalidate_all()
        return self.Case.sudo().search([("sale_id", "=", (order or self.order).id)])

    def open_form(self, order=None, token=None):
        """GET the form: (response, parsed page or None)."""
        url = self.url(order or self.order)
        if token:
            url += f"?access_token={token}"
        response = self.url_open(url, allow_redirects=False)
        page = (
            html.fromstring(response.content) if response.status_code == 200 else None
        )
        return response, page

    def csrf(self, order=None, token=None):
        """The CSRF token of the visitor's session, from a form they may open."""
        response, page = self.open_form(order, token)
        self.assertEqual(response.status_code, 200)
        return page.xpath("//form//input[@name='csrf_token']/@value")[0]

    def post(self, data, photos=(), order=None, csrf=None):
        """POST the form (``csrf``: a token, or False for none)."""
        data = dict(data)
        if csrf is None:
            csrf = self.csrf(order, data.get("access_token"))
        if csrf:
            data["csrf_token"] = csrf
        files = [("photos", photo) for photo in photos] or None
        self.env.flush_all()
        return self.url_open(
            self.url(order or self.order),
            data=data,
            files=files,
            allow_redirects=False,
        )

    def good_form(self, **extra):
        vals = {
            "problem_kind": "damaged",
            "shipment_id": str(self.parcel.id),
            "description": "The box arrived crushed.\nTwo cups are broken.",
        }
        vals.update(extra)
        return vals

    def assertFormError(self, response, message):
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        errors = [_text(e) for e in _by_class(page, "o_order_report_problem_error")]
        self.assertIn(message, errors)

    def assertRedirectsTo(self, response, path):
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(urlsplit(response.headers["Location"]).path, path)


@tagged("post_install", "-at_install")
class TestPortalReportProblem(JsonRpcMixin, ReportProblemCase):
    # === THE OWNER === #
    def test_owner_opens_the_form_with_their_parcels_only(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response, page = self.open_form()
        self.assertEqual(response.status_code, 200)
        kinds = page.xpath("//select[@name='problem_kind']/option/@value")
        self.assertEqual(kinds, ["", "damaged", "missing", "wrong_item"])
        parcels = page.xpath("//select[@name='shipment_id']/option/@value")
        self.assertEqual(parcels, ["", str(self.parcel.id), str(self.other_parcel.id)])
        self.assertNotIn("RP200", response.text)
        self.assertTrue(page.xpath("//form//input[@name='csrf_token']/@value"))

    def test_owner_reports_a_damaged_parcel(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        photos = [("crushed.png", png("red"), "image/png"), ("cups.png", png("blue"))]
        response = self.post(self.good_form(), photos=photos)
        self.assertRedirectsTo(response, f"/my/orders/{self.order.id}")
        query = parse_qs(urlsplit(response.headers["Location"]).query)
        self.assertEqual(query["problem_message"], ["problem_reported"])
        case = self.cases()
        self.assertEqual(len(case), 1)
        self.assertRecordValues(
            case,
            [
                {
                    "source": "customer",
                    "exception_type": "damaged",
                    "reported_problem": "damaged",
                    "severity": "critical",
                    "state": "new",
                    "sale_id": self.order.id,
                    "picking_id": self.picking.id,
                    "shipment_id": self.parcel.id,
                    "partner_id": self.customer.id,
                }
            ],
        )
        # It runs its playbook and gets its deadline as any case does.
        self.assertTrue(case.playbook_id)
        self.assertTrue(case.step_run_ids)
        self.assertTrue(case.deadline)
        # The photos are the case's, with the uploaded data.
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", case._name), ("res_id", "=", case.id)]
        )
        self.assertEqual(
            sorted(attachments.mapped("name")), ["photo-1.png", "photo-2.png"]
        )
        self.assertEqual(set(attachments.mapped("mimetype")), {"image/png"})
        self.assertEqual(
            attachments.filtered(lambda a: a.name == "photo-2.png").raw, png("blue")
        )
        # The customer's text is on the chatter, as the customer, with them.
        message = case.message_ids.filtered(
            lambda m: m.author_id == self.customer and m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Two cups are broken.", message.body)
        self.assertEqual(message.attachment_ids, attachments)
        # The order page says so and lists the case.
        page = html.fromstring(self.url_open(response.headers["Location"]).content)
        self.assertTrue(_by_class(page, "o_order_report_problem_success"))
        rows = _by_class(page, "o_order_tracking_case")
        self.assertEqual(len(rows), 1)
        self.assertEqual(
            _text(_by_class(rows[0], "o_order_tracking_case_problem")[0]), "Damaged"
        )
        self.assertEqual(
            _text(_by_class(rows[0], "o_order_tracking_case_parcel")[0]), "RP100"
        )
        self.assertEqual(
            _text(_by_class(rows[0], "o_order_tracking_case_state")[0]), "New"
        )

    def test_missing_and_wrong_items_open_lost_and_complaint_cases(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.post(self.good_form(problem_kind="missing", shipment_id=""))
        self.post(self.good_form(problem_kind="wrong_item", description="A teapot."))
        cases = self.cases().sorted("id")
        self.assertRecordValues(
            cases,
            [
                {
                    "exception_type": "lost",
                    "reported_problem": "missing",
                    "shipment_id": False,
                    # No parcel named: the order's only delivery.
                    "picking_id": self.picking.id,
                },
                {
                    "exception_type": "customer_complaint",
                    "reported_problem": "wrong_item",
                    "shipment_id": self.parcel.id,
                    "picking_id": self.picking.id,
                },
            ],
        )

    def test_a_double_submit_opens_one_case(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        csrf = self.csrf()
        first = self.post(self.good_form(), photos=[("a.png", png())], csrf=csrf)
        second = self.post(self.good_form(), photos=[("a.png", png())], csrf=csrf)
        self.assertRedirectsTo(first, f"/my/orders/{self.order.id}")
        self.assertRedirectsTo(second, f"/my/orders/{self.order.id}")
        self.assertEqual(len(self.cases()), 1)
        # Another problem is another case.
        self.post(self.good_form(problem_kind="missing"), csrf=csrf)
        self.assertEqual(len(self.cases()), 2)

    def test_a_simultaneous_identical_report_opens_no_second_case(self):
        """Two identical submissions at the same time: the second one's
        search cannot see the first one's case yet, the unique cause key
        stops it."""
        Case = type(self.Case)
        # Both in the same time slot.
        cause = self.Case._customer_report_cause(
            self.order, "damaged", self.parcel, "Broken.", []
        )
        with patch.object(Case, "_customer_report_cause", return_value=cause):
            case, created = self.Case._report_customer_problem(
                self.order, "damaged", "Broken.", self.customer, shipment=self.parcel
            )
            self.assertTrue(created)
            with (
                patch.object(Case, "search", return_value=self.Case.browse()),
                mute_logger("odoo.sql_db"),
            ):
                again, created = self.Case._report_customer_problem(
                    self.order,
                    "damaged",
                    "Broken.",
                    self.customer,
                    shipment=self.parcel,
                )
        self.assertFalse(created)
        self.assertFalse(again)
        self.assertEqual(self.cases(), case)

    # === A VISITOR WITH THE ORDER'S LINK === #
    def test_public_visitor_with_the_access_token(self):
        token = self.order._portal_ensure_token()
        response, page = self.open_form(token=token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            page.xpath("//form//input[@name='access_token']/@value"), [token]
        )
        response = self.post(self.good_form(access_token=token))
        self.assertRedirectsTo(response, f"/my/orders/{self.order.id}")
        case = self.cases()
        self.assertEqual(case.source, "customer")
        # The author is the order's customer, not the public user.
        self.assertIn(self.customer, case.message_ids.author_id)

    def test_public_visitor_without_or_with_a_wrong_token(self):
        token = self.order._portal_ensure_token()
        csrf = self.csrf(token=token)
        response, _page = self.open_form()
        self.assertRedirectsTo(response, "/my")
        response, _page = self.open_form(token="not-the-token")
        self.assertRedirectsTo(response, "/my")
        response = self.post(self.good_form(), csrf=csrf)
        self.assertRedirectsTo(response, "/my")
        response = self.post(self.good_form(access_token="not-the-token"), csrf=csrf)
        self.assertRedirectsTo(response, "/my")
        self.assertFalse(self.cases())

    # === ANOTHER CUSTOMER === #
    def test_another_customer_cannot_report_on_the_order(self):
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        response, _page = self.open_form()
        self.assertRedirectsTo(response, "/my")
        csrf = self.csrf(order=self.their_order)
        response = self.post(self.good_form(shipment_id=""), csrf=csrf)
        self.assertRedirectsTo(response, "/my")
        self.assertFalse(self.cases())
        # Nor see the order's cases.
        self.Case._report_customer_problem(
            self.order, "damaged", "Broken.", self.customer, shipment=self.parcel
        )
        response = self.url_open(f"/my/orders/{self.order.id}")
        self.assertNotIn("o_order_tracking_case", response.text)
        self.assertNotIn("RP100", response.text)

    # === BAD INPUT === #
    def test_bad_input_is_refused_with_a_message(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        csrf = self.csrf()
        # Random bytes, as a photo's are (a long run without a line break
        # is refused by werkzeug's form parser before Odoo sees it).
        too_big = png() + random.Random(42).randbytes(MAX_PHOTO_BYTES)
        cases = [
            ({"description": ""}, (), "Describe the problem."),
            ({"description": "   \n "}, (), "Describe the problem."),
            (
                {"description": "x" * (DESCRIPTION_MAX_LENGTH + 1)},
                (),
                f"The description is too long: {DESCRIPTION_MAX_LENGTH} characters "
                "at most.",
            ),
            ({"problem_kind": ""}, (), "Choose what the problem is."),
            ({"problem_kind": "lost"}, (), "Choose what the problem is."),
            (
                {"shipment_id": "999999999"},
                (),
                "Choose one of the parcels of this order.",
            ),
            (
                {"shipment_id": str(self.their_parcel.id)},
                (),
                "Choose one of the parcels of this order.",
            ),
            (
                {"shipment_id": "1 OR 1=1"},
                (),
                "Choose one of the parcels of this order.",
            ),
            (
                {},
                [("notes.png", b"%PDF-1.4 not an image", "image/png")],
                "Only photos can be attached (JPEG, PNG, GIF or WebP).",
            ),
            (
                {},
                [("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')],
                "Only photos can be attached (JPEG, PNG, GIF or WebP).",
            ),
            (
                {},
                [(f"p{i}.png", png()) for i in range(MAX_PHOTOS + 1)],
                f"Attach {MAX_PHOTOS} photos at most.",
            ),
            (
                {},
                [("huge.png", too_big)],
                f"Each photo must be smaller than {MAX_PHOTO_BYTES // 1048576} MB.",
            ),
        ]
        for values, photos, message in cases:
            with self.subTest(values=values, message=message):
                response = self.post(self.good_form(**values), photos=photos, csrf=csrf)
                self.assertFormError(response, message)
                self.assertFalse(self.cases())
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", self.Case._name)]
            )
        )

    def test_the_form_keeps_what_was_typed(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.post(self.good_form(problem_kind="missing", description=""))
        page = html.fromstring(response.content)
        self.assertEqual(
            page.xpath("//select[@name='problem_kind']/option[@selected]/@value"),
            ["missing"],
        )
        self.assertEqual(
            page.xpath("//select[@name='shipment_id']/option[@selected]/@value"),
            [str(self.parcel.id)],
        )

    def test_messages_in_the_visitors_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.portal_user.lang = "zh_CN"
        self.authenticate(self.portal_user.login, self.portal_user.login)
        lang = self.env["res.lang"]._lang_get("zh_CN")
        url = f"/{lang.url_code}{self.url(self.order)}"
        response = self.url_open(url)
        csrf = html.fromstring(response.content).xpath(
            "//form//input[@name='csrf_token']/@value"
        )[0]
        self.env.flush_all()
        response = self.url_open(
            url, data={**self.good_form(description=""), "csrf_token": csrf}
        )
        self.assertFormError(response, "请描述问题。")
        self.assertFalse(self.cases())

    def test_a_post_without_csrf_token_is_refused(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        with mute_logger("odoo.http"):
            response = self.post(self.good_form(), csrf=False)
        self.assertEqual(response.status_code, 400)
        with mute_logger("odoo.http"):
            response = self.post(self.good_form(), csrf="0123abcdo9999999999")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.cases())

    def test_no_report_before_a_delivery(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response, _page = self.open_form(order=self.undelivered)
        self.assertRedirectsTo(response, f"/my/orders/{self.undelivered.id}")
        page = html.fromstring(
            self.url_open(f"/my/orders/{self.undelivered.id}").content
        )
        self.assertFalse(_by_class(page, "o_order_report_problem_button"))
        self.assertFalse(page.xpath("//*[@id='order_tracking_cases']"))

    # === ABUSE === #
    def test_a_problem_already_open_is_not_reported_again(self):
        """Anyone with the order's link may report: one open case per
        problem, and a few open cases per order at most."""
        token = self.order._portal_ensure_token()
        csrf = self.csrf(token=token)
        for index in range(5):
            self.post(
                self.good_form(access_token=token, description=f"Broken {index}."),
                csrf=csrf,
            )
        case = self.cases()
        self.assertEqual(len(case), 1)
        response = self.post(
            self.good_form(access_token=token, description="Broken again."),
            photos=[("again.png", png())],
            csrf=csrf,
        )
        self.assertFormError(
            response,
            "You already reported this problem on this order and we are working "
            "on it: we will get back to you.",
        )
        self.assertEqual(self.cases(), case)
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", case._name), ("name", "=", "photo-1.png")]
            )
        )
        # Once it is handled, the problem may be reported again.
        case._case_sudo().state = "resolved"
        self.post(self.good_form(access_token=token, description="Again."), csrf=csrf)
        self.assertEqual(len(self.cases()), 2)

    def test_an_order_has_a_few_open_customer_cases_at_most(self):
        for kind in ("damaged", "missing"):
            self.Case._report_customer_problem(self.order, kind, "Hm.", self.customer)
        # A case from a survey answer is a customer case too.
        self.Case._case_sudo().create(
            {
                "exception_type": "delay",
                "source": "customer",
                "sale_id": self.order.id,
                "picking_id": self.picking.id,
            }
        )
        self.assertEqual(len(self.cases()), MAX_OPEN_CUSTOMER_CASES)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.post(self.good_form(problem_kind="wrong_item"))
        self.assertFormError(
            response,
            f"This order already has {MAX_OPEN_CUSTOMER_CASES} open reports: we "
            "will get back to you on them first.",
        )
        self.assertEqual(len(self.cases()), MAX_OPEN_CUSTOMER_CASES)

    def test_the_photos_of_a_report_are_capped_together(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        count = MAX_PHOTOS_TOTAL_BYTES // MAX_PHOTO_BYTES + 1
        photos = [
            (
                f"p{i}.png",
                png() + random.Random(i).randbytes(MAX_PHOTO_BYTES - 4096),
            )
            for i in range(count)
        ]
        response = self.post(self.good_form(), photos=photos)
        self.assertFormError(
            response,
            "All the photos together must be smaller than "
            f"{MAX_PHOTOS_TOTAL_BYTES // 1048576} MB.",
        )
        self.assertFalse(self.cases())

    def test_stored_photos_are_named_and_typed_from_their_content(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.post(
            self.good_form(),
            photos=[("evil.js", png(), "text/javascript"), ("x.html", png())],
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self.Case._name), ("res_id", "=", self.cases().id)]
        )
        self.assertRecordValues(
            attachments.sorted("id"),
            [
                {"name": "photo-1.png", "mimetype": "image/png"},
                {"name": "photo-2.png", "mimetype": "image/png"},
            ],
        )

    # === WHO IS TOLD === #
    def test_the_follow_up_is_never_the_visitors(self):
        token = self.order._portal_ensure_token()
        self.post(self.good_form(access_token=token))
        case = self.cases()
        activities = case.activity_ids
        self.assertTrue(activities)
        self.assertFalse(activities.user_id.filtered("share"))
        follow_up = self.env.ref("order_logistics_tracking.playbook_damaged_step_3")
        self.assertEqual(
            activities.filtered(lambda a: a.summary == follow_up.name).user_id,
            self.salesperson,
        )
        # Logged in: not the portal user either.
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.post(self.good_form(problem_kind="missing"))
        self.assertFalse(self.cases().activity_ids.user_id.filtered("share"))

    def test_follow_up_falls_back_to_a_manager_or_odoobot(self):
        step = self.env.ref("order_logistics_tracking.playbook_damaged_step_3")
        case, _created = self.Case._report_customer_problem(
            self.order, "damaged", "Hm.", self.customer
        )
        self.order.user_id = False
        step_public = step.with_user(self.env.ref("base.public_user")).sudo()
        managers = self.env.ref("order_logistics_tracking.group_logistics_manager")
        user = step_public._follow_up_user(case)
        self.assertIn(user, managers.users)
        self.assertFalse(user.share)
        managers.users.write({"active": False})
        self.assertEqual(
            step_public._follow_up_user(case), self.env.ref("base.user_root")
        )

    def test_another_customer_with_the_link_posts_as_the_orders_customer(self):
        token = self.order._portal_ensure_token()
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        response = self.post(self.good_form(access_token=token))
        self.assertRedirectsTo(response, f"/my/orders/{self.order.id}")
        case = self.cases()
        message = case.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(message.author_id, self.customer)
        self.assertIn(self.customer, case.message_partner_ids)
        self.assertNotIn(self.other_customer, case.message_partner_ids)

    def test_the_owner_follows_their_case(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.post(self.good_form())
        case = self.cases()
        self.assertIn(self.customer, case.message_partner_ids)
        message = case.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(message.author_id, self.customer)

    # === CRAFTED INPUT === #
    def test_crafted_input_is_answered_without_an_error(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        csrf = self.csrf()
        response = self.post(self.good_form(shipment_id="1" * 5000), csrf=csrf)
        self.assertFormError(response, "Choose one of the parcels of this order.")
        for name, message in (
            ("description", "Describe the problem."),
            ("shipment_id", "Choose one of the parcels of this order."),
            ("problem_kind", "Choose what the problem is."),
        ):
            with self.subTest(name=name):
                data = self.good_form()
                if name == "shipment_id":
                    data[name] = ""
                else:
                    data.pop(name)
                data["csrf_token"] = csrf
                self.env.flush_all()
                response = self.url_open(
                    self.url(self.order),
                    data=data,
                    files=[(name, ("x.txt", b"123", "text/plain"))],
                    allow_redirects=False,
                )
                if name == "shipment_id":
                    # No parcel named: the form is otherwise good.
                    self.assertRedirectsTo(response, f"/my/orders/{self.order.id}")
                    self.assertFalse(self.cases().shipment_id)
                    self.cases()._case_sudo().state = "cancelled"
                else:
                    self.assertFormError(response, message)
        token = self.order._portal_ensure_token()
        self.env.flush_all()
        response = self.url_open(
            self.url(self.order),
            data={**self.good_form(), "csrf_token": csrf},
            files=[("access_token", ("t.txt", token.encode(), "text/plain"))],
            allow_redirects=False,
        )
        self.assertRedirectsTo(response, "/my")
        self.assertEqual(len(self.cases()), 1)

    # === THE ORDER PAGE === #
    def test_order_page_lists_the_customers_cases_of_this_order_only(self):
        mine, _created = self.Case._report_customer_problem(
            self.order, "wrong_item", "A teapot.", self.customer
        )
        second_order = self.make_order()
        self.deliver(second_order, ref="RP300")
        self.Case._report_customer_problem(
            second_order, "damaged", "Broken.", self.customer
        )
        # A case a coordinator opened stays internal.
        self.Case.with_user(self.coordinator).create(
            {"exception_type": "delay", "shipment_id": self.parcel.id}
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = html.fromstring(self.url_open(f"/my/orders/{self.order.id}").content)
        rows = _by_class(page, "o_order_tracking_case")
        self.assertEqual([row.get("data-case-id") for row in rows], [str(mine.id)])
        self.assertEqual(
            _text(_by_class(rows[0], "o_order_tracking_case_problem")[0]), "Wrong Item"
        )
        self.assertTrue(_by_class(page, "o_order_report_problem_button"))
        # The builder hands over plain values only.
        self.assertEqual(
            set(self.order._tracking_portal_cases()[0]),
            {"id", "reference", "problem", "state", "state_label", "date", "parcel"},
        )

    # === JSON-RPC === #
    def test_rpc_portal_user_cannot_create_or_write_cases(self):
        case, _created = self.Case._report_customer_problem(
            self.order, "damaged", "Broken.", self.customer, shipment=self.parcel
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        reply = self.call_kw(
            "order.delivery.exception",
            "create",
            [{"exception_type": "lost", "sale_id": self.order.id}],
        )
        self.assertEqual(reply["error"]["data"]["name"], ACCESS_ERROR)
        for vals in (
            {"severity": "low"},
            {"source": "staff"},
            {"state": "resolved"},
            {"reported_problem": "missing"},
        ):
            for context in ({}, {"order_exception_guard": True}):
                with self.subTest(vals=vals, context=context):
                    reply = self.call_kw(
                        "order.delivery.exception",
                        "write",
                        [case.ids, vals],
                        {"context": context},
                    )
                    self.assertEqual(reply["error"]["data"]["name"], ACCESS_ERROR)
        self.assertRecordValues(
            case,
            [
                {
                    "severity": "critical",
                    "source": "customer",
                    "state": "new",
                    "reported_problem": "damaged",
                }
            ],
        )
        self.assertEqual(len(self.cases()), 1)

    def test_rpc_portal_user_reads_only_their_reports_public_fields(self):
        mine, _created = self.Case._report_customer_problem(
            self.order, "damaged", "Broken.", self.customer, shipment=self.parcel
        )
        detected = self.Case._case_sudo().create(
            {
                "exception_type": "delay",
                "source": "detector",
                "cause_key": "test:delay",
                "shipment_id": self.other_parcel.id,
            }
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        reply = self.call_kw(
            "order.delivery.exception",
            "search_read",
            [[("sale_id", "=", self.order.id)]],
            {"fields": ["name", "state", "reported_problem"]},
        )
        self.assertEqual([r["id"] for r in reply["result"]], mine.ids)
        reply = self.call_kw(
            "order.delivery.exception", "read", [detected.ids, ["name"]]
        )
        self.assertEqual(reply["error"]["data"]["name"], ACCESS_ERROR)
        for field in ("user_id", "severity", "deadline", "cause_key", "step_run_ids"):
            with self.subTest(field=field):
                reply = self.call_kw(
                    "order.delivery.exception", "read", [mine.ids, [field]]
                )
                self.assertEqual(reply["error"]["data"]["name"], ACCESS_ERROR)
        reply = self.call_kw(
            "order.delivery.exception", "fields_get", [], {"attributes": ["type"]}
        )
        self.assertFalse(
            {"user_id", "severity", "deadline", "cause_key"} & reply["result"].keys()
        )

    # === THE SMART BUTTON === #
    def test_smart_button_counts_as_the_salesperson(self):
        for kind in ("damaged", "missing"):
            self.Case._report_customer_problem(self.order, kind, "Hm.", self.customer)
        self.Case._report_customer_problem(
            self.their_order, "damaged", "Hm.", self.other_customer
        )
        orders = self.order | self.make_order()
        as_sales = orders.with_user(self.salesperson)
        self.assertEqual(as_sales.mapped("delivery_exception_count"), [2, 0])
        action = as_sales[0].action_view_delivery_exceptions()
        found = self.Case.with_user(self.salesperson).search(action["domain"])
        self.assertEqual(found, self.cases())
        # The other salesperson's order: its count as they see it.
        self.assertEqual(
            self.their_order.with_user(self.other_salesperson).delivery_exception_count,
            1,
        )

    def test_smart_button_count_is_one_query_for_many_orders(self):
        orders = self.order | self.undelivered | self.make_order() | self.make_order()
        # Once to warm the caches (access rules), then measured.
        orders.with_user(self.salesperson).mapped("delivery_exception_count")
        counts = []
        for batch in (orders[:1], orders):
            batch = batch.with_user(self.salesperson)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            batch.mapped("delivery_exception_count")
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])


@tagged("post_install", "-at_install")
class TestReportProblemTour(ReportProblemCase):
    def test_report_problem_tour(self):
        self.env.flush_all()
        self.start_tour(
            f"/my/orders/{self.order.id}",
            "tracking_report_problem_tour",
            login=self.portal_user.login,
        )
        case = self.cases()
        self.assertEqual(len(case), 1)
        self.assertRecordValues(
            case,
            [
                {
                    "source": "customer",
                    "reported_problem": "damaged",
                    "shipment_id": self.parcel.id,
                }
            ],
        )
