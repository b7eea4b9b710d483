# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads which figures: managers all of their companies', analytics
users their own and their sales teams' orders, nobody else anything; nobody
writes a fact, in the ORM or over JSON-RPC."""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PROMISE, AnalyticsCase, JsonRpcMixin

FACT_MODELS = ("order.analytics.line", "order.analytics.order")


class AccessFixture(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.goods_a
        cls.own = cls.order([(a, 1)], user=cls.analyst, team=cls.team_east)
        cls.teammate = cls.order([(a, 1)], user=cls.colleague, team=cls.team_east)
        cls.other_team = cls.order([(a, 1)], user=cls.outsider, team=cls.team_west)
        cls.elsewhere = cls._order_of_another_company()
        cls.orders = cls.own | cls.teammate | cls.other_team | cls.elsewhere
        for order in cls.orders:
            cls.deliver(order, PROMISE)
        cls.refresh(cls.orders)

    @classmethod
    def _order_of_another_company(cls):
        branch = cls.env["res.company"].create({"name": "Shenzhen Branch"})
        stock = cls.env["stock.warehouse"].search([("company_id", "=", branch.id)])
        cls.env["stock.quant"]._update_available_quantity(
            cls.goods_a, stock.lot_stock_id, 10
        )
        order = cls.order(
            [(cls.goods_a, 1)],
            user=cls.analyst,
            company_id=branch.id,
            team_id=False,
            warehouse_id=stock.id,
        )
        return order


@tagged("post_install", "-at_install")
class TestFactAccess(AccessFixture):
    def seen_by(self, user, model):
        return (
            self.env[model]
            .with_user(user)
            .search([("order_id", "in", self.orders.ids)])
        ).order_id

    def test_analysts_read_their_teams_figures(self):
        for model in FACT_MODELS:
            self.assertEqual(
                self.seen_by(self.analyst, model), self.own | self.teammate, model
            )

    def test_a_change_of_team_changes_what_they_read_at_once(self):
        model = "order.analytics.order"
        self.assertEqual(self.seen_by(self.analyst, model), self.own | self.teammate)
        memberships = self.env["crm.team.member"].search(
            [("user_id", "=", self.analyst.id)]
        )
        memberships.crm_team_id = self.team_west
        self.env.flush_all()  # another request would see it committed
        self.assertEqual(self.seen_by(self.analyst, model), self.own | self.other_team)
        memberships.unlink()
        self.assertEqual(self.seen_by(self.analyst, model), self.own)

    def test_managers_read_every_figure_of_their_companies(self):
        for model in FACT_MODELS:
            self.assertEqual(
                self.seen_by(self.manager, model),
                self.own | self.teammate | self.other_team,
                model,
            )

    def test_others_read_nothing(self):
        for user in (self.internal, self.colleague, self.portal):
            for model in FACT_MODELS:
                facts = self.env[model].with_user(user)
                with self.assertRaises(AccessError):
                    facts.search([])

    def test_nobody_writes_a_fact(self):
        for model in FACT_MODELS:
            fact = self.env[model].search([("order_id", "=", self.own.id)])
            for user in (self.analyst, self.manager):
                with self.assertRaises(AccessError):
                    fact.with_user(user).write({"otif": False})
                with self.assertRaises(AccessError):
                    fact.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).create({"order_id": self.own.id})

    def test_the_queue_and_times_are_not_for_users(self):
        for model in ("order.analytics.queue", "order.analytics.watermark"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.manager).search([])


@tagged("post_install", "-at_install")
class TestFactAccessRpc(JsonRpcMixin, AccessFixture, HttpCase):
    def test_json_rpc_reads_the_team_and_changes_nothing(self):
        self.authenticate("oa_analyst", "oa_analyst")
        reply = self.call_kw(
            "order.analytics.order",
            "search_read",
            [[("order_id", "in", self.orders.ids)]],
            {"fields": ["order_id"]},
        )
        seen = {row["order_id"][0] for row in reply["result"]}
        self.assertEqual(seen, set((self.own | self.teammate).ids))
        fact = self.order_fact(self.own)
        attacks = [
            ("order.analytics.order", "write", [fact.ids, {"otif": False}]),
            ("order.analytics.order", "unlink", [fact.ids]),
            ("order.analytics.order", "create", [{"order_id": self.own.id}]),
            ("order.analytics.refresh", "_refresh_batch", [self.own.ids, False]),
            ("order.analytics.refresh", "_cron_refresh", []),
            ("order.analytics.queue", "search_read", [[]]),
        ]
        for model, method, args in attacks:
            reply = self.call_kw(model, method, args)
            self.assertIn("error", reply, f"{model}.{method}")
        self.assertTrue(self.order_fact(self.own).otif)
        self.assertFalse(self.env["order.analytics.queue"].search([]))

    def run_action(self, xmlid):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"action_id": self.env.ref(xmlid).id},
        }
        return self.url_open(
            "/web/action/run",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        ).json()

    def test_readers_open_the_reports_and_no_one_else(self):
        reports = ("order", "line", "line_month", "stage", "shipment")
        self.authenticate("oa_analyst", "oa_analyst")
        for report in reports:
            reply = self.run_action(
                f"order_analytics.action_server_order_analytics_{report}"
            )
            self.assertEqual(
                reply["result"]["res_model"],
                f"order.analytics.{report.replace('_', '.')}",
                report,
            )
        self.authenticate("oa_internal", "oa_internal")
        for report in reports:
            with mute_logger("odoo.http"):
                reply = self.run_action(
                    f"order_analytics.action_server_order_analytics_{report}"
                )
            self.assertIn("error", reply, report)


@tagged("post_install", "-at_install")
class TestLineMonthAccess(AccessFixture):
    """The monthly rollup of the line facts follows their rules: its rows
    keep the salesperson and the team of the lines they sum."""

    def seen_by(self, user):
        return self.env["order.analytics.line.month"].with_user(user).search([]).user_id

    def test_the_rollup_is_read_as_the_line_facts(self):
        self.assertEqual(self.seen_by(self.analyst), self.analyst | self.colleague)
        self.assertEqual(
            self.seen_by(self.manager), self.analyst | self.colleague | self.outsider
        )
        for user in (self.internal, self.colleague, self.portal):
            rollup = self.env["order.analytics.line.month"].with_user(user)
            with self.assertRaises(AccessError):
                rollup.search([])

    def test_its_figures_are_the_lines_the_user_reads(self):
        Month = self.env["order.analytics.line.month"].with_user(self.analyst)
        [[lines]] = Month._read_group([], aggregates=["line_count:sum"])
        self.assertEqual(lines, 2)
        opened = Month.search([]).action_open_lines()
        lines = self.env[opened["res_model"]].with_user(self.analyst)
        self.assertEqual(
            lines.search(opened["domain"]).order_id, self.own | self.teammate
        )

    def test_nobody_writes_the_rollup(self):
        row = self.env["order.analytics.line.month"].search(
            [("user_id", "=", self.analyst.id)], limit=1
        )
        for user in (self.analyst, self.manager):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"line_count": 0})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
            with self.assertRaises(AccessError):
                row.with_user(user).create({"line_count": 1})


@tagged("post_install", "-at_install")
class TestLineMonthAccessRpc(JsonRpcMixin, AccessFixture, HttpCase):
    def test_json_rpc_reads_the_team_rows_and_changes_nothing(self):
        Month = self.env["order.analytics.line.month"]
        other = Month.search([("user_id", "=", self.outsider.id)])
        self.authenticate("oa_analyst", "oa_analyst")
        reply = self.call_kw(
            "order.analytics.line.month",
            "search_read",
            [[]],
            {"fields": ["user_id", "company_id"]},
        )
        seen = {(row["user_id"][0], row["company_id"][0]) for row in reply["result"]}
        self.assertEqual(
            seen,
            {(self.analyst.id, self.company.id), (self.colleague.id, self.company.id)},
        )
        own = Month.search(
            [("user_id", "=", self.analyst.id), ("company_id", "=", self.company.id)]
        )
        attacks = [
            ("write", [own.ids, {"line_count": 0}]),
            ("unlink", [own.ids]),
            ("create", [{"line_count": 1}]),
            ("_rebuild", []),
            ("_cron_rebuild", []),
            ("_merge_dimension", ["user_id", [self.analyst.id]]),
            ("_add_orders", [self.own.ids]),
            ("_remove_orders", [self.own.ids]),
            # Another team's row does not open for them either.
            ("action_open_lines", [other.ids]),
        ]
        for method, args in attacks:
            reply = self.call_kw("order.analytics.line.month", method, args)
            self.assertIn("error", reply, method)
        self.assertEqual(own.line_count, 1)
        # Own, teammate's, the other team's, the other company's.
        self.assertEqual(Month.search_count([]), 4)
        reply = self.call_kw(
            "order.analytics.line.month", "action_open_lines", [own.ids]
        )
        self.assertEqual(reply["result"]["res_model"], "order.analytics.line")
