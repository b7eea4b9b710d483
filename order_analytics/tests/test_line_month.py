# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The monthly rollup of the line facts, which the line report opens on:
the same figures as the line facts, kept current by the same refresh, read
by the same people.

Orders promise 10 November 10:00 in Shanghai unless said; the figures are
judged on 20 December.

=========== ============================== ======== ======= ===== =====
order       lines, deliveries (UTC)        month    on time full  OTIF
=========== ============================== ======== ======= ===== =====
on_time     a 10: 10 on 10 Nov             November yes     yes   yes
late        a 10: 10 on 13 Nov             November no      no    no
mixed       a 10: 10 on 10 Nov             November yes     yes   yes
            b 5: nothing                   November no      no    no
short       a 10: 6 on 10 Nov, no more     November yes     no    no
december    a 10: ordered 30 Nov 17:00     December yes     yes   yes
            (1 Dec 01:00 in Shanghai),
            promised and delivered 10 Dec
pending     a 10: promised 10 Jan 2027     November (not judged)
=========== ============================== ======== ======= ===== =====
"""

import importlib.util
from datetime import date, datetime, timedelta
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user
from odoo.tools import SQL
from odoo.tools.misc import file_path

from ..fact_sql.line_month import MONTH_DIMENSIONS
from .common import PROMISE, AnalyticsCase

DAY = timedelta(days=1)
JUDGED = datetime(2026, 12, 20, 2, 0)
DECEMBER_ORDERED = datetime(2026, 11, 30, 17, 0)
DECEMBER_PROMISE = datetime(2026, 12, 10, 2, 0)

MEASURES = [
    "line_count:sum",
    "evaluated_count:sum",
    "otif_rate:avg",
    "on_time_rate:avg",
    "line_fill_rate:avg",
    "unit_fill_rate:avg",
    "return_rate:avg",
    "lead_time_days:avg",
    "qty_ordered:sum",
    "amount_untaxed:sum",
]


class LineMonthCase(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, b = cls.goods_a, cls.goods_b
        cls.on_time = cls.order([(a, 10)])
        cls.deliver(cls.on_time, PROMISE)
        cls.late = cls.order([(a, 10)])
        cls.deliver(cls.late, PROMISE + 3 * DAY)
        cls.mixed = cls.order([(a, 10), (b, 5)])
        cls.deliver(cls.mixed, PROMISE, {a: 10, b: 0})
        cls.short = cls.order([(a, 10)])
        cls.deliver(cls.short, PROMISE, {a: 6}, backorder=False)
        with freeze_time(DECEMBER_ORDERED):
            cls.december = cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.analyst.id,
                    "team_id": cls.team_east.id,
                    "commitment_date": DECEMBER_PROMISE,
                    "order_line": [
                        Command.create({"product_id": a.id, "product_uom_qty": 10})
                    ],
                }
            )
            cls.december.action_confirm()
        cls.deliver(cls.december, DECEMBER_PROMISE)
        cls.pending = cls.order([(a, 10)], promise=datetime(2027, 1, 10, 2, 0))
        cls.orders = (
            cls.on_time | cls.late | cls.mixed | cls.short | cls.december | cls.pending
        )
        cls.refresh(cls.orders, JUDGED)
        cls.Month = cls.env["order.analytics.line.month"]
        cls.Line = cls.env["order.analytics.line"]

    def by_month(self, model, groupby, domain=(), tz="Asia/Shanghai"):
        """{'YYYY-MM': {measure: value}} of ``model`` grouped by month, the
        user's time zone being the company's (Asia/Shanghai unless said)."""
        Model = self.env[model].with_context(tz=tz)
        aggregates = [
            # The line facts count their rows; the rollup sums its counts.
            "__count" if spec == "line_count:sum" and model == "order.analytics.line"
            else spec
            for spec in MEASURES
        ]  # fmt: skip
        return {
            month.strftime("%Y-%m"): dict(zip(MEASURES, values, strict=True))
            for month, *values in Model._read_group(
                list(domain), groupby=[groupby], aggregates=aggregates
            )
        }

    def assert_same_figures(self, domain=(), tz="Asia/Shanghai"):
        """The rollup's figures per month are the line facts' own."""
        rollup = self.by_month(
            "order.analytics.line.month", "date_month:month", domain, tz
        )
        lines = self.by_month("order.analytics.line", "date_order:month", domain, tz)
        self.assertEqual(set(rollup), set(lines))
        for month, figures in lines.items():
            for measure, value in figures.items():
                if value is None:
                    self.assertIsNone(rollup[month][measure], f"{month} {measure}")
                else:
                    self.assertAlmostEqual(
                        rollup[month][measure], value, msg=f"{month} {measure}"
                    )
        return rollup

    def assert_rows_are_the_line_facts_summed(self):
        """Each rollup row is the sum of the line facts of its key (the
        month they store, company, judged, dimensions, reason), its ratios
        their Σ / Σ, and there is no other row."""
        key = ["company_id", "evaluated", *MONTH_DIMENSIONS, "otif_reason"]
        aggregates = {
            name: "__count" if name == "line_count" else f"{name}:sum"
            for name in self.Month._sum_columns()
        }
        aggregates["lead_time_total"] = "lead_time_days:sum"
        aggregates["lead_time_count"] = "lead_time_days:count"
        facts = {
            tuple(value.id if hasattr(value, "ids") else value for value in group): (
                dict(zip(aggregates, values, strict=True))
            )
            for *group, values in (
                (*row[: len(key) + 1], row[len(key) + 1 :])
                for row in self.Line._read_group(
                    [], ["date_month:day", *key], list(aggregates.values())
                )
            )
        }
        rows = self.env.execute_query_dict(
            SQL("SELECT * FROM %s", SQL.identifier(self.Month._table))
        )
        self.assertEqual(len(rows), len(facts))
        for row in rows:
            group = tuple(row[name] or False for name in ["date_month", *key])
            self.assertIn(group, facts)
            sums = facts[group]
            for name, value in sums.items():
                self.assertAlmostEqual(row[name], value or 0, msg=f"{group} {name}")
            for ratio, (num, den, scale) in self.Month._ratio_fields.items():
                if sums[den]:
                    self.assertAlmostEqual(
                        row[ratio], sums[num] * scale / sums[den], msg=ratio
                    )
                else:
                    self.assertIsNone(row[ratio], ratio)


@tagged("post_install", "-at_install")
class TestLineMonth(LineMonthCase):
    def test_the_rollup_shows_the_line_facts_figures(self):
        judged = self.assert_same_figures([("evaluated", "=", True)])
        november, december = judged["2026-11"], judged["2026-12"]
        # November: 5 judged lines; OTIF: on_time and mixed's a; on time:
        # those and short; filled by the deadline 10 + 0 + 10 + 0 + 6 of 45.
        self.assertEqual(november["evaluated_count:sum"], 5)
        self.assertAlmostEqual(november["otif_rate:avg"], 40.0)
        self.assertAlmostEqual(november["on_time_rate:avg"], 60.0)
        self.assertAlmostEqual(november["line_fill_rate:avg"], 40.0)
        self.assertAlmostEqual(november["unit_fill_rate:avg"], 2600 / 45)
        # Completed lines: on_time 5 days, late 8, mixed's a 5.
        self.assertAlmostEqual(november["lead_time_days:avg"], 6.0)
        # Ordered 1 December 01:00 in Shanghai: December's.
        self.assertEqual(december["evaluated_count:sum"], 1)
        self.assertAlmostEqual(december["otif_rate:avg"], 100.0)
        self.assertAlmostEqual(december["lead_time_days:avg"], 9.375)
        every = self.assert_same_figures()
        self.assertEqual(every["2026-11"]["line_count:sum"], 6)

    def test_a_group_ratio_is_sums_over_sums_by_product(self):
        groups = {
            product: rate
            for product, rate in self.Month._read_group(
                [("evaluated", "=", True)],
                groupby=["product_id"],
                aggregates=["unit_fill_rate:avg"],
            )
        }
        # Tea cups: nothing of 5. Tea set: 10 + 0 + 10 + 6 + 10 of 50.
        self.assertAlmostEqual(groups[self.goods_b], 0.0)
        self.assertAlmostEqual(groups[self.goods_a], 72.0)

    def test_why_lines_miss_otif_is_the_line_facts_own(self):
        def by_reason(model, count):
            return dict(
                self.env[model]._read_group(
                    [("evaluated", "=", True), ("otif_reason", "!=", False)],
                    groupby=["otif_reason"],
                    aggregates=[count],
                )
            )

        rollup = by_reason("order.analytics.line.month", "line_count:sum")
        self.assertEqual(rollup, by_reason("order.analytics.line", "__count"))
        # late: late; mixed b: both; short: short.
        self.assertEqual(rollup, {"late": 1, "both": 1, "short": 1})

    def test_a_row_opens_the_lines_it_sums(self):
        for row in self.Month.search([]):
            lines = self.Line.search(row.action_open_lines()["domain"])
            self.assertEqual(len(lines), row.line_count)
            self.assertAlmostEqual(sum(lines.mapped("qty_ordered")), row.qty_ordered)
        rows = self.Month.search([("evaluated", "=", True)])
        lines = self.Line.search(rows.action_open_lines()["domain"])
        self.assertEqual(lines, self.Line.search([("evaluated", "=", True)]))

    def test_the_lines_of_at_most_200_rows_open_at_once(self):
        # The row's month again in each of 250 earlier years' Novembers: the
        # analyst selects every row of the list.
        row = self.Month.search([("evaluated", "=", True)], limit=1)
        [vals] = row.copy_data()
        self.Month.create(
            [
                {**vals, "date_month": date(2026 - years, 11, 1)}
                for years in range(1, 251)
            ]
        )
        rows = self.Month.with_user(self.analyst).search([])
        self.assertGreater(len(rows), 200)
        with self.assertRaises(UserError):
            rows.action_open_lines()
        # The 200 latest: this year's rows, whose lines are all there are.
        opened = rows[:200].action_open_lines()
        Line = self.Line.with_user(self.analyst)
        self.assertEqual(Line.search(opened["domain"]), Line.search([]))

    def test_the_refresh_keeps_it_current(self):
        # The pending line's window closes: it leaves the pending row (which
        # is dropped, empty) for the judged one, short and late.
        self.refresh(self.pending, datetime(2027, 1, 15, 2, 0))
        self.assertFalse(self.Month.search([("evaluated", "=", False)]))
        # A cancelled order leaves its month; December's row goes with it.
        self.late._action_cancel()
        self.december._action_cancel()
        self.refresh(self.late | self.december, JUDGED)
        judged = self.assert_same_figures([("evaluated", "=", True)])
        self.assertEqual(set(judged), {"2026-11"})
        november = judged["2026-11"]
        # on_time, mixed a and b, short, pending: 2 OTIF of 5.
        self.assertEqual(november["evaluated_count:sum"], 5)
        self.assertAlmostEqual(november["otif_rate:avg"], 40.0)
        self.assertAlmostEqual(november["lead_time_days:avg"], 5.0)

    def test_a_new_time_zone_moves_an_order_when_it_is_refreshed(self):
        # December's order was placed on 30 November at 17:00 UTC: 1 December
        # in Shanghai, still November in UTC. The company moves to UTC; its
        # next refresh takes the order out of December, where it was added,
        # and adds it to November.
        self.company.partner_id.tz = "UTC"
        self.refresh(self.december, JUDGED)
        every = self.assert_same_figures(tz="UTC")
        self.assertEqual(set(every), {"2026-11"})
        self.assertEqual(every["2026-11"]["line_count:sum"], 7)
        self.assert_rows_are_the_line_facts_summed()
        Month = self.Month.with_user(self.analyst)
        for row in Month.search([]):
            lines = self.Line.with_user(self.analyst).search(
                row.action_open_lines()["domain"]
            )
            self.assertEqual(len(lines), row.line_count)

    def test_a_refresh_of_unchanged_orders_changes_nothing(self):
        fields_ = ["line_count", "evaluated_count", "qty_ordered", "otif_rate"]
        before = self.Month.search_read([], fields_, order="id")
        self.refresh(self.orders, JUDGED)
        self.refresh(self.orders, JUDGED)
        self.assertEqual(self.Month.search_read([], fields_, order="id"), before)

    def rollup_quantities(self, product):
        """The ordered quantities of ``product``'s rollup rows, exactly as
        stored (numeric, or the float's every digit)."""
        self.env.cr.execute(
            SQL(
                """SELECT qty_ordered::text, qty_ordered_evaluated::text
                     FROM order_analytics_line_month WHERE product_id = %s""",
                product.id,
            )
        )
        return [tuple(map(Decimal, row)) for row in self.env.cr.fetchall()]

    def fact_quantities(self, product):
        """The same, summed over the line facts in decimal arithmetic."""
        self.env.cr.execute(
            SQL(
                """SELECT SUM(qty_ordered::numeric)::text,
                          SUM(qty_ordered_evaluated::numeric)::text
                     FROM order_analytics_line WHERE product_id = %s""",
                product.id,
            )
        )
        return [tuple(map(Decimal, row)) for row in self.env.cr.fetchall()]

    def test_refreshing_an_order_again_and_again_keeps_exact_sums(self):
        # 0.1 + 0.2 - 0.2 + 0.7 - 0.7 + 0.2 drifts in floating point: the
        # rollup's quantities must not, however often an order is refreshed.
        loose_tea = self._goods("Loose Tea")
        kept = self.order([(loose_tea, 0.1)])
        changed = self.order([(loose_tea, 0.2)])
        self.refresh(kept | changed, JUDGED)
        before = self.rollup_quantities(loose_tea)
        line = changed.order_line.with_user(self.analyst)
        for __ in range(5):
            for quantity in (0.7, 0.2):
                line.product_uom_qty = quantity
                self.refresh(changed, JUDGED)
        self.assertEqual(self.rollup_quantities(loose_tea), before)
        self.assertEqual(before, [(Decimal("0.3"), Decimal("0.3"))])
        self.assertEqual(self.fact_quantities(loose_tea), before)
        self.assert_rows_are_the_line_facts_summed()

    def test_the_nightly_repair_sums_the_line_facts_again(self):
        # Line facts gone behind the refresh's back (an order deleted before
        # it saw the order cancelled, a fix in SQL): the rollup still counts
        # them until the nightly job, run here by an administrator.
        self.env.cr.execute(
            SQL(
                "DELETE FROM order_analytics_line WHERE order_id IN %s",
                tuple((self.late | self.december).ids),
            )
        )
        self.env.invalidate_all()
        cron = self.env.ref("order_analytics.ir_cron_rebuild_line_month")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        cron.with_user(self.env.ref("base.user_admin")).method_direct_trigger()
        self.assert_rows_are_the_line_facts_summed()
        judged = self.assert_same_figures([("evaluated", "=", True)])
        self.assertEqual(set(judged), {"2026-11"})
        self.assertEqual(judged["2026-11"]["evaluated_count:sum"], 4)

    def test_a_rebuild_gives_the_same_rows(self):
        def rows():
            return sorted(
                (
                    r.date_month,
                    r.product_id.id,
                    r.evaluated,
                    r.line_count,
                    r.otif_count,
                    round(r.qty_filled, 6),
                    round(r.otif_rate or 0, 6),
                )
                for r in self.Month.search([])
            )

        before = rows()
        self.assertEqual(self.Month._rebuild(), len(before))
        self.assertEqual(rows(), before)

    def test_the_upgrade_fills_the_months_then_sums_them(self):
        # A database from before 18.0.1.1.0: the line facts' month column is
        # new (empty) and so is the rollup.
        months = {fact: fact.date_month for fact in self.Line.search([])}
        december = self.line_fact(self.december, self.goods_a)
        self.assertEqual(months[december], date(2026, 12, 1))
        rows = self.Month.search_count([])
        self.env.cr.execute("UPDATE order_analytics_line SET date_month = NULL")
        self.env.cr.execute("DELETE FROM order_analytics_line_month")
        self.env.invalidate_all()
        path = file_path("order_analytics/migrations/18.0.1.1.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("post_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(
            {fact: fact.date_month for fact in self.Line.search([])}, months
        )
        self.assertEqual(self.Month.search_count([]), rows)
        self.assert_same_figures()


@tagged("post_install", "-at_install")
class TestLineMonthDimensions(LineMonthCase):
    """A record the rollup is grouped by goes (a sales team, a carrier, a
    customer merged into another): its rows join the rows of the same key
    without it (or with the record it became), and the figures stay the line
    facts' own.

    Pending orders (promised January 2027), goods a, the analyst's:

    ========== ========== ========= ======= ===
    order      customer   team      carrier qty
    ========== ========== ========= ======= ===
    north      Harbor     North             3
    no_team    Harbor     (none)            2
    by_jade    Harbor     East      Jade    4
    pending    Harbor     East              10 (LineMonthCase)
    lotus      Lotus                        5
    lotus_ltd  Lotus Ltd                    6
    ========== ========== ========= ======= ===
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, later = cls.goods_a, datetime(2027, 1, 10, 2, 0)
        cls.team_north = cls.env["crm.team"].create({"name": "North"})
        cls.jade = cls.env["delivery.carrier"].create(
            {
                "name": "Jade Express",
                "product_id": cls.env["product.product"]
                .create({"name": "Jade shipping", "type": "service"})
                .id,
            }
        )
        cls.lotus = cls.env["res.partner"].create({"name": "Lotus Foods"})
        cls.lotus_ltd = cls.env["res.partner"].create({"name": "Lotus Foods Ltd"})
        cls.north = cls.order([(a, 3)], promise=later, team=cls.team_north)
        twins = (
            cls.north
            | cls.order([(a, 2)], promise=later, team_id=False)
            | cls.order([(a, 4)], promise=later, carrier_id=cls.jade.id)
            | cls.order([(a, 5)], promise=later, partner_id=cls.lotus.id)
            | cls.order([(a, 6)], promise=later, partner_id=cls.lotus_ltd.id)
        )
        cls.refresh(twins, JUDGED)
        cls.sales_manager = new_test_user(
            cls.env,
            "oa_sales_manager",
            groups="sales_team.group_sale_manager",
            name="Qian Sales Manager",
        )
        cls.partner_manager = new_test_user(
            cls.env,
            "oa_partner_manager",
            groups="base.group_partner_manager,sales_team.group_sale_salesman",
            name="Xu Partner Manager",
        )

    def pending_row(self, **dimensions):
        domain = [("evaluated", "=", False)]
        domain += [(name, "=", value) for name, value in dimensions.items()]
        return self.Month.search(domain)

    def test_a_sales_team_with_figures_can_be_deleted(self):
        self.assertEqual(self.pending_row(team_id=self.team_north.id).qty_ordered, 3)
        self.team_north.with_user(self.sales_manager).unlink()
        self.assert_rows_are_the_line_facts_summed()
        row = self.pending_row(team_id=False)
        self.assertEqual((row.line_count, row.qty_ordered), (2, 5))

    def test_a_carrier_with_figures_can_be_deleted(self):
        self.jade.with_user(self.sales_manager).unlink()
        self.assert_rows_are_the_line_facts_summed()
        row = self.pending_row(team_id=self.team_east.id, partner_id=self.customer.id)
        self.assertEqual((row.line_count, row.qty_ordered), (2, 14))

    def test_merging_two_customers_keeps_their_figures(self):
        wizard = Form(
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.partner_manager)
            .with_context(
                active_model="res.partner", active_ids=(self.lotus | self.lotus_ltd).ids
            )
        )
        wizard.dst_partner_id = self.lotus
        wizard.save().action_merge()
        self.assertFalse(self.lotus_ltd.exists())
        self.assert_rows_are_the_line_facts_summed()
        row = self.pending_row(partner_id=self.lotus.id)
        self.assertEqual((row.line_count, row.qty_ordered), (2, 11))

    def test_every_dimension_merges_its_rows_before_a_delete(self):
        # An extension that adds a dimension adds its model here too.
        for name in MONTH_DIMENSIONS:
            comodel = self.Month._fields[name].comodel_name
            self.assertIsInstance(
                self.env[comodel],
                self.registry["order.analytics.line.month.dimension"],
                comodel,
            )

    def test_a_category_goes_with_its_subcategories_figures_kept(self):
        """The database deletes a category's subcategories with it, where
        their own hooks never run: their rows are merged too."""
        Category = self.env["product.category"]
        parent = Category.create({"name": "Tea"})
        green = Category.create({"name": "Green tea", "parent_id": parent.id})
        black = Category.create({"name": "Black tea", "parent_id": parent.id})
        leaves = self._goods("Tea Leaves")
        later = datetime(2027, 1, 10, 2, 0)
        leaves.categ_id = green
        first = self.order([(leaves, 1)], promise=later)
        self.refresh(first, JUDGED)
        leaves.categ_id = black
        second = self.order([(leaves, 2)], promise=later)
        self.refresh(second, JUDGED)
        leaves.categ_id = self.goods_a.categ_id
        self.assertEqual(len(self.pending_row(product_id=leaves.id)), 2)
        parent.with_user(self.sales_manager).unlink()
        self.assertFalse(green.exists() or black.exists())
        self.assert_rows_are_the_line_facts_summed()
        row = self.pending_row(product_id=leaves.id)
        self.assertEqual(
            (row.categ_id, row.line_count, row.qty_ordered), (Category, 2, 3)
        )

    def test_a_deleted_order_leaves_the_figures_at_once(self):
        """An order cancelled and deleted before the refresh saw it: its line
        facts go with it, and so do its figures."""
        cups = self.goods_b
        self.assertFalse(self.pending_row(product_id=cups.id))
        order = self.order([(cups, 7)], promise=datetime(2027, 1, 10, 2, 0))
        self.refresh(order, JUDGED)
        self.assertEqual(self.pending_row(product_id=cups.id).qty_ordered, 7)
        order = order.with_user(self.sales_manager)
        order.with_context(disable_cancel_warning=True).action_cancel()
        order.unlink()
        self.assert_rows_are_the_line_facts_summed()
        self.assertFalse(self.pending_row(product_id=cups.id))

    def test_the_repair_waits_for_a_running_refresh(self):
        """While the scheduler runs the refresh (which holds its job's row),
        the nightly repair changes nothing and is tried again later."""
        refresh = self.env.ref("order_analytics.ir_cron_refresh_facts")
        repair = self.env.ref("order_analytics.ir_cron_rebuild_line_month")
        self.env.cr.execute(
            SQL("DELETE FROM order_analytics_line WHERE order_id = %s", self.north.id)
        )
        with self.registry.cursor() as scheduler:
            scheduler.execute(
                "SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE", [refresh.id]
            )
            self.assertIsNone(self.Month._cron_rebuild())
            scheduler.rollback()
        self.assertEqual(self.pending_row(team_id=self.team_north.id).qty_ordered, 3)
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", repair.id)])
        )
        self.assertTrue(self.Month._cron_rebuild())
        self.assertFalse(self.pending_row(team_id=self.team_north.id))
        self.assert_rows_are_the_line_facts_summed()
