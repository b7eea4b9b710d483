# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A new check and a new risk factor are one file each, as the readme says:
registered here with odoo-test-helper's fake-model loader."""

from datetime import datetime, timedelta

from odoo_test_helper import FakeModelLoader

from odoo.tests import tagged

from .. import phrases
from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestExtend(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .extension_models import (
            SaleReviewCheck,
            SaleReviewCheckWeekend,
            SaleReviewRiskFactor,
            SaleReviewStage,
        )

        cls.loader.update_registry(
            (
                SaleReviewStage,
                SaleReviewCheckWeekend,
                SaleReviewRiskFactor,
                SaleReviewCheck,
            )
        )
        cls.stage = cls._single_stage(name="Weekend check", check_code="weekend")
        cls.factor = cls.env["sale.review.risk.factor"].create(
            {"name": "Big order", "code": "big_order", "weight": 40.0}
        )

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        for code in ("test_extend.weekend", "test_extend.weekday"):
            phrases.CATALOGUE.pop(code, None)
        super().tearDownClass()

    def _next(self, weekday):
        today = datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)
        return today + timedelta(days=(weekday - today.weekday()) % 7 + 7)

    def test_a_new_check_is_chosen_by_its_code(self):
        saturday = self._create_order(commitment_date=self._next(5))
        saturday.with_user(self.salesperson).action_submit_review()
        review = saturday.review_ids.filtered(lambda r: r.stage_id == self.stage)
        self.assertEqual(review.check_result, "fail")
        self.assertEqual(review.check_message, "The promised day is a weekend.")
        monday = self._create_order(
            commitment_date=self._next(0), lines=[(self.product, 3.0)]
        )
        monday.with_user(self.salesperson).action_submit_review()
        review = monday.review_ids.filtered(lambda r: r.stage_id == self.stage)
        self.assertEqual(review.check_result, "pass")

    def test_a_new_risk_factor_counts_in_the_score(self):
        big = self._create_order(lines=[(self.product, 150.0)])
        big.with_user(self.salesperson).action_submit_review()
        details = {d["code"]: d for d in big.risk_details}
        self.assertEqual(details["big_order"]["points"], 40.0)
        self.assertIn("Big order", big.with_user(self.reviewer).risk_details_display)
        small = self._create_order(lines=[(self.product, 1.0)])
        small.with_user(self.salesperson).action_submit_review()
        self.assertEqual(
            {d["code"]: d for d in small.risk_details}["big_order"]["points"], 0.0
        )
