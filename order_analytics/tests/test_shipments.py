# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Logistics performance per carrier, against figures computed by hand:
two parcels shipped on 9 November, one delivered on the 10th (in the
window, 1 day in transit), one on the 13th (late, 4 days), the late one
with a damage case on the parcel and a delay case on its delivery."""

from datetime import timedelta

from odoo.tests import tagged

from .common import PROMISE, AnalyticsCase

DAY = timedelta(days=1)


@tagged("post_install", "-at_install")
class TestShipmentFacts(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.good = cls.order([(cls.goods_a, 1)], carrier_id=cls.kd100.id)
        cls.deliver(cls.good, PROMISE - DAY, ref="SF3001")
        cls.carrier_delivered(cls.good, PROMISE)
        cls.bad = cls.order([(cls.goods_a, 1)], carrier_id=cls.kd100.id)
        picking = cls.deliver(cls.bad, PROMISE - DAY, ref="SF3002")
        cls.carrier_delivered(cls.bad, PROMISE + 3 * DAY)
        Case = cls.env["order.delivery.exception"]
        Case.create(
            {
                "exception_type": "damaged",
                "sale_id": cls.bad.id,
                "picking_id": picking.id,
                "shipment_id": picking.shipment_ids.id,
            }
        )
        Case.create(
            {"exception_type": "delay", "sale_id": cls.bad.id, "picking_id": picking.id}
        )
        cls.refresh(cls.good | cls.bad)

    def fact(self, order):
        return self.env["order.analytics.shipment"].search(
            [("order_id", "=", order.id)]
        )

    def test_each_parcel(self):
        good, bad = self.fact(self.good), self.fact(self.bad)
        self.assertTrue(good.on_time)
        self.assertAlmostEqual(good.transit_days, 1.0)
        self.assertFalse(bad.on_time)
        self.assertAlmostEqual(bad.transit_days, 4.0)
        self.assertEqual(bad.exception_count, 2)
        self.assertEqual(bad.exception_type, "damaged", "the first case")
        self.assertEqual((bad.exceptions_damaged, bad.exceptions_delay), (1, 1))
        self.assertEqual(good.status, "delivered")

    def test_per_carrier(self):
        groups = self.env["order.analytics.shipment"]._read_group(
            [("order_id", "in", (self.good | self.bad).ids)],
            groupby=["carrier_id"],
            aggregates=[
                "on_time_rate:avg",
                "transit_days:avg",
                "exception_rate:avg",
                "exception_rate_damaged:avg",
                "exception_rate_lost:avg",
            ],
        )
        [[carrier, on_time, transit, exceptions, damaged, lost]] = groups
        self.assertEqual(carrier, self.kd100)
        self.assertAlmostEqual(on_time, 50.0)
        self.assertAlmostEqual(transit, 2.5)
        self.assertAlmostEqual(exceptions, 50.0)
        self.assertAlmostEqual(damaged, 50.0)
        self.assertAlmostEqual(lost, 0.0)
