# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from lxml import html

from odoo.tests import tagged
from odoo.tests.common import HttpCase, new_test_user

from ..providers.base import TrackingEvent, TrackingResult
from .common import TrackingCase

# What the carrier sent beside the scan: it must never reach the page.
SECRET_PAYLOAD = {"courierPhone": "13800000000", "internal": "PAYLOAD-MARKER-42"}


def _by_class(node, css_class):
    """Elements under ``node`` that have the class ``css_class``."""
    return node.xpath(
        ".//*[contains(concat(' ', normalize-space(@class), ' '), $cls)]",
        cls=f" {css_class} ",
    )


def _text(node):
    return " ".join(node.text_content().split())


class PortalTrackingCase(TrackingCase, HttpCase):
    """An order of the portal user with two parcels: YT900 with two carrier
    events (the newest out for delivery), YT901 without news."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.tz = "Asia/Shanghai"
        cls.order = cls.make_order()
        cls.picking = cls.deliver(cls.order, ref="YT900,YT901")
        cls.parcel = cls.shipment_of(cls.picking, "YT900")
        cls.quiet_parcel = cls.shipment_of(cls.picking, "YT901")
        events = [
            TrackingEvent.build(
                "kuaidi100",
                "YT900",
                datetime(2026, 11, 30, 1, 0),
                "1002",
                "Picked up",
                status="in_transit",
                known_code=True,
                location="Hangzhou",
                payload=SECRET_PAYLOAD,
            ),
            TrackingEvent.build(
                "kuaidi100",
                "YT900",
                datetime(2026, 11, 30, 8, 33),
                "5",
                "With the courier",
                status="out_for_delivery",
                known_code=True,
                location="Shanghai",
                payload=SECRET_PAYLOAD,
            ),
        ]
        result = TrackingResult(
            tracking_ref="YT900",
            carrier_code="yuantong",
            status="out_for_delivery",
            raw_code="RAWCODE-5",
            known_code=True,
            events=events,
            eta=datetime(2026, 12, 1, 10, 0),
        )
        cls.env["order.shipment"]._apply_results({cls.parcel.id: result}, source="poll")
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Pine Buyer", "email": "buyer@pine.example"}
        )
        cls.stranger_user = new_test_user(
            cls.env,
            "track_portal_stranger",
            groups="base.group_portal",
            partner_id=cls.stranger.id,
        )
        cls.order_url = f"/my/orders/{cls.order.id}"


@tagged("post_install", "-at_install")
class TestPortalTimeline(PortalTrackingCase):
    def _page(self, url):
        response = self.url_open(url, allow_redirects=False)
        return response, html.fromstring(response.content)

    def test_customer_sees_parcels_and_events_newest_first(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response, page = self._page(self.order_url)
        self.assertEqual(response.status_code, 200)
        section = page.get_element_by_id("order_tracking_parcels")
        parcels = _by_class(section, "o_order_tracking_parcel")
        self.assertEqual(
            [_text(_by_class(p, "o_order_tracking_reference")[0]) for p in parcels],
            ["YT900", "YT901"],
        )
        first, second = parcels
        self.assertEqual(
            _text(_by_class(first, "o_order_tracking_carrier")[0]), "YTO Express"
        )
        self.assertEqual(
            _text(_by_class(first, "o_order_tracking_status")[0]), "Out for Delivery"
        )
        self.assertEqual(
            _text(_by_class(second, "o_order_tracking_status")[0]), "Pending"
        )
        self.assertEqual(
            [_text(e) for e in _by_class(first, "o_order_tracking_event_description")],
            ["With the courier", "Picked up"],
        )
        self.assertEqual(
            [_text(e) for e in _by_class(first, "o_order_tracking_event_location")],
            ["Shanghai", "Hangzhou"],
        )
        # 08:33 UTC is 16:33 in the customer's time zone (Asia/Shanghai).
        newest_time = _text(_by_class(first, "o_order_tracking_event_time")[0])
        self.assertIn("4:33", newest_time)
        self.assertIn("PM", newest_time)
        self.assertIn(
            "Asia/Shanghai", _text(_by_class(first, "o_order_tracking_tz")[0])
        )
        self.assertTrue(_by_class(first, "o_order_tracking_eta"))
        link = _by_class(first, "o_order_tracking_link")[0]
        self.assertEqual(link.get("href"), "https://www.kuaidi100.com/chaxun?nu=YT900")
        self.assertTrue(_by_class(second, "o_order_tracking_no_event"))
        # Nothing internal reaches the customer.
        body = response.text
        for secret in ("PAYLOAD-MARKER-42", "13800000000", "RAWCODE-5", "yuantong"):
            self.assertNotIn(secret, body)

    def test_another_customer_cannot_open_the_order(self):
        self.authenticate(self.stranger_user.login, self.stranger_user.login)
        response = self.url_open(self.order_url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303, 403, 404))
        self.assertNotIn("YT900", response.text)
        # Following the redirection does not show the parcels either.
        response = self.url_open(self.order_url)
        self.assertNotIn("order_tracking_parcels", response.text)
        self.assertNotIn("With the courier", response.text)
        # Nor does a wrong token.
        response = self.url_open(f"{self.order_url}?access_token=not-the-token")
        self.assertNotIn("With the courier", response.text)

    def test_public_visitor_with_the_access_token(self):
        token = self.order._portal_ensure_token()
        response, page = self._page(f"{self.order_url}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        section = page.get_element_by_id("order_tracking_parcels")
        self.assertEqual(len(_by_class(section, "o_order_tracking_parcel")), 2)
        self.assertIn("With the courier", _text(section))
        # Without the token, a public visitor is sent to log in.
        response = self.url_open(self.order_url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("With the courier", response.text)

    def test_order_without_parcels_has_no_delivery_section(self):
        order = self.make_order()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response, page = self._page(f"/my/orders/{order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(page.xpath("//*[@id='order_tracking_parcels']"))

    def test_labels_in_the_visitors_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.portal_user.lang = "zh_CN"
        # Until the .po is filled, give the status its Chinese label here.
        label = self.env["ir.model.fields.selection"].search(
            [
                ("field_id.model", "=", "order.shipment"),
                ("field_id.name", "=", "status"),
                ("value", "=", "out_for_delivery"),
            ]
        )
        label.with_context(lang="zh_CN").name = "派送中"
        self.env.flush_all()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        lang = self.env["res.lang"]._lang_get("zh_CN")
        # The visitor's language is the one of the URL.
        response, page = self._page(f"/{lang.url_code}{self.order_url}")
        self.assertEqual(response.status_code, 200)
        first = _by_class(page, "o_order_tracking_parcel")[0]
        self.assertEqual(
            _text(_by_class(first, "o_order_tracking_status")[0]), "派送中"
        )
        self.assertEqual(
            _text(_by_class(first, "o_order_tracking_event_status")[0]), "派送中"
        )
        # Times in the Chinese way of writing them.
        self.assertIn(
            "2026年", _text(_by_class(first, "o_order_tracking_event_time")[0])
        )

    def test_builder_values(self):
        """The builder hands over plain values only, in the visitor's
        language and the customer's time zone."""
        parcels = self.order._tracking_portal_parcels()
        self.assertEqual(
            set(parcels[0]),
            {
                "id",
                "reference",
                "delivery",
                "carrier",
                "status",
                "status_label",
                "eta",
                "tracking_url",
                "tz",
                "events",
            },
        )
        self.assertEqual(
            set(parcels[0]["events"][0]),
            {"id", "time", "status", "status_label", "description", "location"},
        )
        self.assertEqual(parcels[0]["events"][0]["status_label"], "Out for Delivery")
        self.assertEqual(parcels[0]["tz"], "Asia/Shanghai")


@tagged("post_install", "-at_install")
class TestPortalTimelineTour(PortalTrackingCase):
    def test_portal_tour(self):
        self.env.flush_all()
        self.start_tour(
            self.order_url,
            "order_logistics_tracking_portal_tour",
            login=self.portal_user.login,
        )
