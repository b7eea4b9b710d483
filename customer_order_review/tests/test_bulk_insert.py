# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .. import bulk_insert
from .common import ReviewCase

# Stored fields whose values differ between two inserts of the same values.
VOLATILE = {"id", "create_date", "write_date"}


@tagged("post_install", "-at_install")
class TestBulkInsert(ReviewCase):
    """The review's stages and log rows are inserted in one statement per
    batch (bulk_insert.insert_rows): they must read back exactly as rows
    made by ``create`` from the same values."""

    def _stored_values(self, records):
        names = [
            name
            for name, field in records._fields.items()
            if field.store and field.column_type and name not in VOLATILE
        ]
        records.invalidate_recordset()
        return [{name: record[name] for name in names} for record in records.sudo()]

    def _stage_vals(self, order):
        stages = self.env["sale.review.stage"].search(
            [("company_id", "in", (False, self.company.id))], order="sequence"
        )[:3]
        findings = {"key": "audit.ok", "args": {}}
        return [
            {
                "order_id": order.id,
                "company_id": self.company.id,
                "stage_id": stage.id,
                "sequence": stage.sequence,
                "cycle": 7,
                "active": True,
                "state": state,
                "check_result": "pass" if state == "approved" else False,
                # one JSON object held by two rows, and rows of their own
                "check_findings": findings if state == "approved" else None,
                "check_evidence": [{"label": "x", "value": index}],
                "checked_on": fields.Datetime.now(),
                "auto_approved": state == "approved",
                "blocking": index == 1,
            }
            for index, (stage, state) in enumerate(
                zip(stages, ("approved", "pending", "approved"), strict=True)
            )
        ]

    def test_rows_read_back_as_created_ones(self):
        """Every stored value of a stage row (the JSON ones included, a
        shared object and a row's own) is what create writes from the same
        values; author and dates are the acting user's."""
        order = self._create_order()
        vals_list = self._stage_vals(order)
        Review = self.env["sale.order.review"].with_user(self.salesperson).sudo()
        created = Review.create(vals_list)
        inserted = Review.browse(bulk_insert.insert_rows(Review, vals_list))
        self.assertEqual(len(inserted), 3)
        self.assertEqual(self._stored_values(inserted), self._stored_values(created))
        self.assertEqual(inserted.create_uid, self.salesperson)
        self.assertEqual(inserted.write_uid, self.salesperson)
        self.assertTrue(all(inserted.mapped("create_date")))

    def test_order_kept_across_batches(self):
        """Ids come back in the order of the values, over several statements."""
        order = self._create_order()
        snapshot = order._review_snapshot()
        vals_list = [
            {
                "order_id": order.id,
                "company_id": self.company.id,
                "event": "check",
                "date": fields.Datetime.now(),
                "cycle": index,
                "snapshot": snapshot,
                "auto_note": {"key": "audit.ok", "args": {"n": index}},
            }
            for index in range(5)
        ]
        Log = self.env["sale.order.review.log"].sudo()
        with patch.object(bulk_insert, "BATCH_SIZE", 2):
            logs = Log.browse(bulk_insert.insert_rows(Log, vals_list))
        self.assertEqual(logs.mapped("cycle"), [0, 1, 2, 3, 4])
        self.assertEqual([log.auto_note["args"]["n"] for log in logs], [0, 1, 2, 3, 4])
        for log in logs:
            self.assertEqual(log.snapshot, snapshot)

    def test_incomplete_row_inserts_nothing(self):
        order = self._create_order()
        Review = self.env["sale.order.review"].sudo()
        before = Review.search_count([])
        vals_list = self._stage_vals(order)
        del vals_list[2]["stage_id"]
        with self.assertRaisesRegex(ValueError, "without stage_id"):
            bulk_insert.insert_rows(Review, vals_list)
        self.assertEqual(Review.search_count([]), before)

    def test_submit_tells_the_orm(self):
        """After a submission as the salesperson, the order's stages are
        readable at once (no stale cache) and its current stage is the first
        one waiting for a person, as if the stages had been created."""
        stage = self._single_stage()
        order = self._create_order()
        self.assertFalse(order.review_ids)  # cached empty
        order.with_user(self.salesperson).action_submit_review()
        self.assertEqual(order.review_ids.stage_id, stage)
        self.assertEqual(order.review_ids.state, "pending")
        self.assertEqual(order.review_current_stage_id, stage)
        self.assertEqual(
            self.env["sale.order"].search(
                [("id", "=", order.id), ("review_current_stage_id", "=", stage.id)]
            ),
            order,
        )
        self.assertEqual(order.review_ids.create_uid, self.salesperson)
