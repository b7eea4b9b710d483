# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A new provider is one small module, as the readme says: registered here
with odoo-test-helper's fake-model loader, then tracked like the others."""

from datetime import datetime

from odoo_test_helper import FakeModelLoader

from odoo.tests import tagged

from .common import TrackingCase


@tagged("post_install", "-at_install")
class TestNewProvider(TrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .extension_provider import DeliveryCarrier

        cls.loader.update_registry((DeliveryCarrier,))
        cls.carrier.write({"tracking_provider": "lantern"})

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_a_provider_without_push_is_polled(self):
        picking = self.deliver(self.make_order(), ref="LN-1")
        shipment = picking.shipment_ids
        self.assertEqual(shipment.subscription_state, "none", "no push: polled")
        self.env["order.shipment"]._cron_poll()
        self.assertEqual(shipment.status, "out_for_delivery")
        self.assertEqual(shipment.event_ids.description, "With the courier")
        self.assertEqual(shipment.event_ids.event_time, datetime(2026, 11, 30, 6, 0))
        self.assertEqual(picking.tracking_status, "out_for_delivery")
