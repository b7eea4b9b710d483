#!/usr/bin/env python3
# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: order_analytics reports on a large history.

Builds a history of ``--orders`` confirmed orders (default 200,000, of 5 lines
each): about 40 template orders are made through the real ORM (customers in
several countries and provinces, 20 products in 4 categories, 2 carriers
tracked by kuaidi100, two sales teams; delivered on time, late, short, early,
in two parts; some with a carrier's "delivered" event, a delivery exception
case, a manual review stage, a completed satisfaction survey), then cloned in
SQL table by table with id offsets, their dates spread over two years. The
facts are then filled (batches of 2,000 orders, a commit each).

Measured in the same process, each the median of 5 runs after a warm-up:

1. each report's default pivot (its rows and measures read from the view
   arch, the action's default filter) as an analytics manager, against
   ``sale.report`` grouped by ``date:month`` (plain Odoo's report);
2. each report's list view, first page (``web_search_read``, 80 rows);
3. bringing the facts current after 1,000 orders changed
   (``order.analytics.refresh._cron_refresh()``, collection and drain);
4. ABC classes and forecasts, when their models exist in the branch;
5. the "Order Desk" spreadsheet dashboard, when it exists.

Run with Odoo's Python (see benchmarks/README.md)::

    /opt/odoo-venv/bin/python benchmarks/bench_analytics.py --orders 5000 --keep

Only databases whose names start with ``bench_`` are ever created or dropped.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_order_review as common  # noqa: E402 - the helpers of this directory

MODULE = "order_analytics"
RUNS = 5
WARMUP = 1
FILL_BATCH = 2000
CHANGED_ORDERS = 1000
LIST_LIMIT = 80
TEMPLATE_COUNT = 40
PRODUCT_COUNT = 20
# Targets of the issue (milliseconds).
REPORT_TARGET_MS = 1000
REFRESH_TARGET_MS = 10_000
ABC_TARGET_MS = 30_000
FORECAST_TARGET_MS = 60_000
FORECAST_PRODUCTS = 1000
# The clones' dates are spread over this many days before the templates'.
SPREAD_DAYS = 730
# Tables cloned, parents first; each with the condition that picks the rows
# of the template orders (``%(<table>)s``: the template ids found earlier).
CLONED_TABLES = [
    ("sale_order", "id = ANY(%(sale_order)s)"),
    ("sale_order_line", "order_id = ANY(%(sale_order)s)"),
    ("stock_picking", "sale_id = ANY(%(sale_order)s)"),
    (
        "stock_move",
        "picking_id = ANY(%(stock_picking)s) "
        "OR sale_line_id = ANY(%(sale_order_line)s)",
    ),
    ("stock_move_line", "move_id = ANY(%(stock_move)s)"),
    ("order_shipment", "sale_id = ANY(%(sale_order)s)"),
    ("order_tracking_event", "shipment_id = ANY(%(order_shipment)s)"),
    ("order_delivery_exception", "sale_id = ANY(%(sale_order)s)"),
    ("sale_order_review", "order_id = ANY(%(sale_order)s)"),
    ("sale_order_review_log", "order_id = ANY(%(sale_order)s)"),
    ("survey_user_input", "sale_order_id = ANY(%(sale_order)s)"),
    ("survey_user_input_line", "user_input_id = ANY(%(survey_user_input)s)"),
]
# Text columns suffixed with the clone's number: document references (the
# columns of unique indexes are found and suffixed too).
SUFFIXED = {
    "sale_order": {"name", "access_token"},
    "stock_picking": {"name", "origin"},
    "stock_move": {"origin", "reference"},
    "stock_move_line": {"reference"},
    "order_shipment": {"name"},
    "order_delivery_exception": {"name"},
    "survey_user_input": {"access_token"},
}
NOTRACK = common.NOTRACK

say = common.say


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


def timed(func, runs=RUNS, warmup=WARMUP):
    """Call ``func()`` warmup + runs times; the times (ms) of the last runs
    and the last result."""
    times, result = [], None
    for index in range(warmup + runs):
        started = time.perf_counter()
        result = func()
        elapsed = (time.perf_counter() - started) * 1000
        if index >= warmup:
            times.append(elapsed)
    return times, result


class AnalyticsBench:
    """One database: generator, fact fill, measurements."""

    def __init__(self, odoo, db, args):
        self.odoo = odoo
        self.db = db
        self.args = args
        self.registry = odoo.modules.registry.Registry(db)
        self.rows = []  # result rows of the table
        self.generated = {}

    def env(self, cr, uid=None, context=None):
        return self.odoo.api.Environment(
            cr, uid or self.odoo.SUPERUSER_ID, dict(NOTRACK, **(context or {}))
        )

    def cursor(self):
        return self.registry.cursor()

    # -- the templates ------------------------------------------------------

    def order_count(self):
        with self.cursor() as cr:
            cr.execute("SELECT COUNT(*) FROM sale_order WHERE state = 'sale'")
            return cr.fetchone()[0]

    def make_templates(self):
        """About 40 confirmed and delivered orders through the ORM; their ids."""
        from freezegun import freeze_time

        from odoo import Command

        from odoo.addons.order_logistics_tracking.providers.base import (
            TrackingEvent,
            TrackingResult,
        )

        lines_per_order = self.args.lines_per_order
        with self.cursor() as cr:
            env = self.env(cr)
            company = env.company
            company.write(
                {
                    "order_review_enabled": False,
                    "analytics_early_days": 1,
                    "analytics_late_days": 1,
                    "analytics_qty_tolerance": 0.0,
                }
            )
            company.partner_id.tz = "Asia/Shanghai"
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            teams = [env["crm.team"].create({"name": n}) for n in ("East", "West")]
            sellers = [
                self._user(
                    env,
                    f"bench_seller_{i}",
                    f"Bench Seller {i}",
                    ["sales_team.group_sale_salesman"],
                )
                for i in (1, 2, 3)
            ]
            teams[0].member_ids = [Command.set([sellers[0].id, sellers[1].id])]
            teams[1].member_ids = [Command.set([sellers[2].id])]
            reviewer = self._user(
                env,
                "bench_reviewer",
                "Bench Reviewer",
                ["customer_order_review.group_order_reviewer"],
            )
            self._user(
                env,
                "bench_analyst",
                "Bench Analyst",
                [
                    "order_analytics.group_order_analytics_manager",
                    "sales_team.group_sale_manager",
                    "stock.group_stock_user",
                ],
            )
            env["sale.review.stage"].search([]).write({"active": False})
            env["sale.review.stage"].create(
                {
                    "name": "Bench manual check",
                    "sequence": 5,
                    "check_code": "none",
                    "reviewer_type": "users",
                    "reviewer_user_ids": [Command.set(reviewer.ids)],
                    "auto_approve": False,
                    "sla_hours": 4,
                }
            )
            places = [
                ("base.cn", "base.state_cn_SH"),
                ("base.cn", "base.state_cn_GD"),
                ("base.cn", "base.state_cn_ZJ"),
                ("base.cn", "base.state_cn_BJ"),
                ("base.us", "base.state_us_5"),
                ("base.us", "base.state_us_27"),
                ("base.de", False),
                ("base.fr", False),
            ]
            customers = []
            for index in range(24):
                country, state = places[index % len(places)]
                customers.append(
                    env["res.partner"].create(
                        {
                            "name": f"Bench customer {index + 1}",
                            "email": f"buyer{index + 1}@bench.example",
                            "country_id": env.ref(country).id,
                            "state_id": env.ref(state).id if state else False,
                            "street": f"{index + 1} Harbor Road",
                            "city": "Bench City",
                            "zip": f"2000{index % 10}",
                        }
                    )
                )
            categories = [
                env["product.category"].create({"name": f"Bench {name}"})
                for name in ("Tea", "Porcelain", "Textiles", "Spices")
            ]
            products = []
            for index in range(PRODUCT_COUNT):
                product = env["product.product"].create(
                    {
                        "name": f"Bench goods {index + 1}",
                        "default_code": f"BENCH-G{index + 1:02d}",
                        "is_storable": True,
                        "list_price": 5.0 + 7.5 * index,
                        "categ_id": categories[index % len(categories)].id,
                        "invoice_policy": "delivery",
                    }
                )
                env["stock.quant"]._update_available_quantity(
                    product, warehouse.lot_stock_id, 1_000_000
                )
                products.append(product)
            carriers = []
            for code, name in (("shunfeng", "SF Express"), ("zhongtong", "ZTO")):
                carriers.append(
                    env["delivery.carrier"].create(
                        {
                            "name": f"Bench {name}",
                            "product_id": env["product.product"]
                            .create({"name": f"{name} shipping", "type": "service"})
                            .id,
                            "tracking_provider": "kuaidi100",
                            "kuaidi100_customer": "BENCH0001",
                            "kuaidi100_key": "bench-key",
                            "kuaidi100_salt": "bench-salt-0123456789",
                            "kuaidi100_company_code": code,
                        }
                    )
                )
            csat_q = env.ref("order_logistics_tracking.survey_delivery_question_csat")
            nps_q = env.ref("order_logistics_tracking.survey_delivery_question_nps")
            cr.commit()

            day = datetime.timedelta(days=1)
            hour = datetime.timedelta(hours=1)
            base = datetime.datetime.now().replace(microsecond=0) - 70 * day
            template_ids = []
            kinds = (
                "on_time",
                "late",
                "on_time",
                "short",
                "early",
                "on_time",
                "two_parts",
            )
            for index in range(TEMPLATE_COUNT):
                kind = kinds[index % len(kinds)]
                ordered = base + index * 25 * hour
                promise = ordered + (3 + index % 6) * day
                carrier = (carriers + [None, None])[index % 4]
                reviewed = index % 3 == 0
                seller = sellers[index % 3]
                team = teams[0] if index % 3 < 2 else teams[1]
                company.order_review_enabled = reviewed
                lines = [
                    Command.create(
                        {
                            "product_id": products[
                                (index * 3 + j * 4) % PRODUCT_COUNT
                            ].id,
                            "product_uom_qty": 1 + (index + j) % 7,
                        }
                    )
                    for j in range(lines_per_order)
                ]
                with freeze_time(ordered):
                    order = env["sale.order"].create(
                        {
                            "partner_id": customers[index % len(customers)].id,
                            "user_id": seller.id,
                            "team_id": team.id,
                            "commitment_date": promise,
                            "carrier_id": carrier.id if carrier else False,
                            "order_line": lines,
                        }
                    )
                    if reviewed:
                        order.with_user(seller).action_submit_review()
                if reviewed:
                    review = order.review_ids.filtered(lambda r: r.state == "pending")
                    with freeze_time(ordered + (1 + index % 7) * hour):
                        env["sale.order.review.decision"].with_user(reviewer).create(
                            {"review_id": review.id, "decision": "approve"}
                        ).action_confirm_decision()
                with freeze_time(ordered + 8 * hour):
                    order.action_confirm()
                ref = f"BENCH{index:04d}" if carrier else None
                if kind == "on_time":
                    picks = [self._deliver(order, promise - 20 * hour, ref=ref)]
                elif kind == "late":
                    picks = [self._deliver(order, promise + 3 * day, ref=ref)]
                elif kind == "early":
                    picks = [self._deliver(order, promise - 4 * day, ref=ref)]
                elif kind == "short":
                    half = {
                        line.product_id: max(line.product_uom_qty - 1, 0)
                        for line in order.order_line
                    }
                    picks = [
                        self._deliver(
                            order, promise, quantities=half, backorder=False, ref=ref
                        )
                    ]
                else:
                    first = {
                        line.product_id: line.product_uom_qty // 2 or 1
                        for line in order.order_line
                    }
                    picks = [
                        self._deliver(order, promise - day, quantities=first, ref=ref),
                        self._deliver(
                            order, promise + 4 * day, ref=f"{ref}B" if ref else None
                        ),
                    ]
                if carrier and index % 2 == 0:
                    for picking in picks:
                        shipment = picking.shipment_ids
                        when = picking.date_done + (8 + 4 * (index % 3)) * hour
                        self._carrier_delivered(
                            shipment, when, TrackingEvent, TrackingResult
                        )
                    if index % 4 == 0:
                        order.sudo()._tracking_send_survey(picks[-1].shipment_ids)
                        answer = order.tracking_survey_input_id.sudo()
                        answer._save_lines(csat_q, str(5 - (index // 4) % 4))
                        answer._save_lines(nps_q, str(10 - index % 6))
                        answer._mark_done()
                if carrier and index % 8 == 1:
                    env["order.delivery.exception"].create(
                        {
                            "exception_type": "damaged" if index % 16 == 1 else "delay",
                            "sale_id": order.id,
                            "picking_id": picks[0].id,
                            "shipment_id": picks[0].shipment_ids[:1].id,
                        }
                    )
                template_ids.append(order.id)
                cr.commit()
            company.order_review_enabled = False
            cr.commit()
        return template_ids

    @staticmethod
    def _user(env, login, name, groups):
        """An internal user of these groups (odoo.tests is not imported
        outside a test run)."""
        from odoo import Command

        return env["res.users"].create(
            {
                "login": login,
                "name": name,
                "email": f"{login}@bench.example",
                "groups_id": [Command.set([env.ref(g).id for g in groups])],
            }
        )

    @staticmethod
    def _deliver(order, when, quantities=None, backorder=True, ref=None):
        """Validate the order's open delivery at ``when`` (as
        order_analytics/tests/common.py does)."""
        from freezegun import freeze_time

        picking = order.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "outgoing"
            )
        )
        with freeze_time(when):
            if ref:
                picking.carrier_tracking_ref = ref
            for move in picking.move_ids:
                wanted = (quantities or {}).get(move.product_id, move.product_uom_qty)
                move.quantity = wanted
                move.picked = bool(wanted)
            context = {"skip_backorder": True}
            if not backorder:
                context["picking_ids_not_to_backorder"] = picking.ids
            picking.with_context(**context).button_validate()
        return picking

    @staticmethod
    def _carrier_delivered(shipment, when, TrackingEvent, TrackingResult):
        """The carrier's 'delivered' scan at ``when``, applied as a poll."""
        scan = TrackingEvent.build(
            "kuaidi100", shipment.name, when, "3", "Signed for",
            status="delivered", known_code=True,
        )  # fmt: skip
        result = TrackingResult(
            tracking_ref=shipment.name,
            carrier_code=shipment.carrier_id.kuaidi100_company_code,
            status="delivered",
            raw_code="3",
            known_code=True,
            events=[scan],
            final=True,
        )
        shipment._apply_results({shipment.id: result}, source="poll")

    # -- cloning ------------------------------------------------------------

    def clone(self, template_ids, rounds):
        """Clone the template orders and their documents in SQL, ``rounds``
        times (round 0 being the templates); rows added per table."""
        added = {}
        with self.cursor() as cr:
            cr.execute("SHOW is_superuser")
            if cr.fetchone()[0] != "on":
                raise common.BenchFailure(
                    "cloning needs a PostgreSQL superuser: session_replication_role "
                    "lets tables that reference each other be filled one at a time"
                )
            templates, strides = {}, {}
            for table, where in CLONED_TABLES:
                if not self._table_exists(cr, table):
                    continue
                params = {t: ids for t, ids in templates.items()}
                params.setdefault("sale_order", template_ids)
                for name, _where in CLONED_TABLES:
                    params.setdefault(name, [])
                cr.execute(
                    f"SELECT id FROM {table} WHERE {where} ORDER BY id",  # noqa: S608
                    params,
                )
                templates[table] = [row[0] for row in cr.fetchall()]
                cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                strides[table] = cr.fetchone()[0]
            tables = list(templates)
            relations = self._relation_tables(cr, tables)
            say(
                f"cloning {len(template_ids)} template orders x {rounds - 1}; "
                "template rows: "
                + ", ".join(f"{t} {len(ids)}" for t, ids in templates.items())
                + (f"; relation tables {sorted(relations)}" if relations else "")
            )
            statements = [
                self._clone_sql(cr, table, templates, strides, rounds)
                for table in tables
            ] + [
                self._clone_relation_sql(cr, rel, fks, templates, strides)
                for rel, fks in relations.items()
            ]
            # Tables that reference each other (an order and its survey
            # answer) go in one at a time: no foreign key trigger fires
            # during the copy; every key is moved to the same round's copy.
            cr.execute("SET session_replication_role = replica")
            step = max(1, 20000 // len(template_ids))
            for start in range(1, rounds, step):
                stop = min(rounds - 1, start + step - 1)
                for name, sql, params in statements:
                    cr.execute(sql, dict(params, start=start, stop=stop))
                    added[name] = added.get(name, 0) + cr.rowcount
                cr.commit()
                orders = (stop + 1) * len(template_ids)
                say(f"  cloned rounds {start}..{stop}: {orders} orders")
            cr.execute("SET session_replication_role = DEFAULT")
            for table in tables:
                cr.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"(SELECT MAX(id) FROM {table}))",  # noqa: S608
                    [table],
                )
            cr.commit()
        with self.cursor() as cr:
            cr.execute("ANALYZE")
        return added

    @staticmethod
    def _table_exists(cr, table):
        cr.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
        return cr.fetchone()[0]

    @staticmethod
    def _columns(cr, table):
        """(name, data type) of the table's stored columns."""
        cr.execute(
            """SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = %s
                  AND is_generated = 'NEVER'
                ORDER BY ordinal_position""",
            [table],
        )
        return cr.fetchall()

    @staticmethod
    def _foreign_keys(cr, table):
        """column -> referenced table, of ``table``'s single-column FKs."""
        cr.execute(
            """SELECT a.attname, c.confrelid::regclass::text
                 FROM pg_constraint c
                 JOIN pg_attribute a ON a.attrelid = c.conrelid
                                    AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.conrelid = %s::regclass
                  AND array_length(c.conkey, 1) = 1""",
            [table],
        )
        return dict(cr.fetchall())

    @staticmethod
    def _unique_text_columns(cr, table):
        """Text columns of the table's unique indexes (kept unique by a
        suffix)."""
        cr.execute(
            """SELECT DISTINCT a.attname
                 FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid
                                    AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = %s::regclass AND i.indisunique
                  AND a.atttypid IN ('varchar'::regtype, 'text'::regtype)""",
            [table],
        )
        return {row[0] for row in cr.fetchall()}

    def _relation_tables(self, cr, tables):
        """Many2many tables (no id column) with a key to a cloned table:
        table -> its foreign keys."""
        cr.execute(
            """SELECT DISTINCT c.conrelid::regclass::text
                 FROM pg_constraint c
                WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY(%s)
                  AND NOT EXISTS (
                      SELECT 1 FROM information_schema.columns col
                       WHERE col.table_schema = 'public'
                         AND col.table_name = c.conrelid::regclass::text
                         AND col.column_name = 'id')""",
            [tables],
        )
        return {
            rel: fks for (rel,) in cr.fetchall() if (fks := self._foreign_keys(cr, rel))
        }

    def _clone_sql(self, cr, table, templates, strides, rounds):
        """(table, INSERT … SELECT, params) copying the table's template rows
        once per round ``k`` of ``%(start)s..%(stop)s``: ids moved by ``k``
        times the table's stride, keys to cloned tables likewise (when they
        point at a template row), references suffixed, dates moved back by
        ``k`` steps of the spread."""
        columns = self._columns(cr, table)
        fks = self._foreign_keys(cr, table)
        suffixed = SUFFIXED.get(table, set()) | self._unique_text_columns(cr, table)
        step = SPREAD_DAYS * 86400.0 / max(rounds - 1, 1)
        names, flags, exprs, params = [], [], [], {"ids": templates[table]}
        for name, data_type in columns:
            names.append(f'"{name}"')
            target = fks.get(name)
            if name == "id":
                exprs.append(f"t.id + k * {strides[table]}")
            elif target in strides:
                # Whether it points at a template row is read once per
                # template row (the MATERIALIZED source), not once per copy.
                params[f"{target}_tpl"] = templates[target]
                flags.append(f'(t."{name}" = ANY(%({target}_tpl)s)) AS "__tpl_{name}"')
                exprs.append(
                    f'CASE WHEN t."__tpl_{name}" THEN t."{name}" + k * '
                    f'{strides[target]} ELSE t."{name}" END'
                )
            elif name in suffixed and data_type in ("character varying", "text"):
                exprs.append(f"t.\"{name}\" || '-' || k")
            elif data_type.startswith("timestamp") or data_type == "date":
                cast = "date" if data_type == "date" else "timestamp"
                exprs.append(
                    f"(t.\"{name}\" - k * {step:.3f} * INTERVAL '1 second')::{cast}"
                )
            else:
                exprs.append(f't."{name}"')
        source = ", ".join(["t.*"] + flags)
        sql = (
            f"WITH src AS MATERIALIZED (SELECT {source} FROM {table} t "  # noqa: S608
            "WHERE t.id = ANY(%(ids)s)) "
            f"INSERT INTO {table} ({', '.join(names)}) "
            f"SELECT {', '.join(exprs)} FROM src t, "
            "generate_series(%(start)s, %(stop)s) k"
        )
        return table, sql, params

    def _clone_relation_sql(self, cr, rel, fks, templates, strides):
        """(table, INSERT, params) copying the many2many rows of the template
        rows, each round's pair pointing at that round's copies."""
        columns = [name for name, _type in self._columns(cr, rel)]
        exprs, conditions, params = [], [], {}
        for name in columns:
            target = fks.get(name)
            if target in strides:
                params[f"{target}_tpl"] = templates[target]
                exprs.append(
                    f'CASE WHEN t."{name}" = ANY(%({target}_tpl)s) '
                    f'THEN t."{name}" + k * {strides[target]} ELSE t."{name}" END'
                )
                conditions.append(f't."{name}" = ANY(%({target}_tpl)s)')
            else:
                exprs.append(f't."{name}"')
        sql = (
            f"INSERT INTO {rel} ({', '.join(columns)}) "  # noqa: S608 - fixed names
            f"SELECT {', '.join(exprs)} FROM {rel} t, "
            "generate_series(%(start)s, %(stop)s) k "
            f"WHERE {' OR '.join(conditions)} ON CONFLICT DO NOTHING"
        )
        return rel, sql, params

    # -- facts --------------------------------------------------------------

    def fill_facts(self):
        """Build the facts of every order, batches of 2,000 with a commit
        each; (orders, seconds)."""
        from odoo import fields

        with self.cursor() as cr:
            env = self.env(cr)
            refresh = env["order.analytics.refresh"]
            now = fields.Datetime.now()
            started = time.perf_counter()
            queued = refresh._enqueue_changes(datetime.datetime.min, now)
            cr.commit()
            say(f"  {queued} orders queued in {time.perf_counter() - started:.1f} s")
            done = 0
            while batch := refresh._next_batch(FILL_BATCH):
                refresh._refresh_batch(batch, now)
                cr.commit()
                done += len(batch)
                if done % 20000 < FILL_BATCH:
                    elapsed = time.perf_counter() - started
                    say(f"  {done} orders: {done / elapsed:.0f} orders/s")
            marks = env["order.analytics.watermark"]
            marks._set("collected_until", now)
            marks._set("data_as_of", now)
            cr.commit()
            return done, time.perf_counter() - started

    def table_counts(self, tables):
        with self.cursor() as cr:
            counts = {}
            for table in tables:
                if self._table_exists(cr, table):
                    cr.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                    counts[table] = cr.fetchone()[0]
            return counts

    # -- measurements -------------------------------------------------------

    def analyst_uid(self):
        with self.cursor() as cr:
            cr.execute("SELECT id FROM res_users WHERE login = 'bench_analyst'")
            row = cr.fetchone()
            if not row:
                raise common.BenchFailure("user bench_analyst missing: --rebuild")
            return row[0]

    def report_specs(self):
        """Per fact model: the default pivot (rows, measures), the action's
        default filter domain, and the list view's fields."""
        from lxml import etree

        from odoo.tools.safe_eval import safe_eval

        specs = []
        with self.cursor() as cr:
            env = self.env(cr)
            for model in (
                "order.analytics.line.month",
                "order.analytics.line",
                "order.analytics.order",
                "order.analytics.stage",
                "order.analytics.shipment",
            ):
                action = env.ref(f"order_analytics.action_{model.replace('.', '_')}")
                Model = env[model]
                pivot = etree.fromstring(Model.get_view(view_type="pivot")["arch"])
                rows, measures = [], []
                for node in pivot.iter("field"):
                    if node.get("type") == "row":
                        interval = node.get("interval")
                        rows.append(
                            f"{node.get('name')}:{interval}"
                            if interval
                            else node.get("name")
                        )
                    elif node.get("type") == "measure":
                        field = Model._fields[node.get("name")]
                        measures.append(f"{field.name}:{field.aggregator or 'sum'}")
                search = etree.fromstring(Model.get_view(view_type="search")["arch"])
                context = safe_eval(action.context or "{}")
                domain = []
                for node in search.iter("filter"):
                    if context.get(f"search_default_{node.get('name')}"):
                        domain += safe_eval(node.get("domain") or "[]")
                listing = etree.fromstring(Model.get_view(view_type="list")["arch"])
                spec = {}
                for node in listing.iter("field"):
                    field = Model._fields[node.get("name")]
                    spec[field.name] = (
                        {"fields": {"display_name": {}}}
                        if field.type == "many2one"
                        else {}
                    )
                specs.append(
                    {
                        "model": model,
                        # What the report opens on; the other view is timed
                        # too, for information, without a target.
                        "default": action.view_mode.split(",")[0],
                        "rows": rows,
                        "measures": measures,
                        "domain": domain,
                        "list": spec,
                    }
                )
        return specs

    def _pivot_load(self, uid, model, domain, rows, measures):
        """What the pivot view asks on opening: the total, then the rows."""

        def run():
            with self.cursor() as cr:
                env = self.env(cr, uid, {"allowed_company_ids": [1]})
                Model = env[model]
                fields_ = [*measures, "__count"]
                Model.read_group(domain, fields_, [], lazy=False)
                groups = Model.read_group(domain, fields_, rows, lazy=False)
                return len(groups)

        return run

    def _list_load(self, uid, model, domain, spec):
        def run():
            with self.cursor() as cr:
                env = self.env(cr, uid, {"allowed_company_ids": [1]})
                return env[model].web_search_read(
                    domain, spec, limit=LIST_LIMIT, count_limit=10001
                )["length"]

        return run

    def measure_reports(self, uid):
        """Measures 1 and 2: pivots and lists, against sale.report."""
        baseline_times, groups = timed(
            self._pivot_load(
                uid,
                "sale.report",
                [],
                ["date:month"],
                ["product_uom_qty:sum", "price_subtotal:sum"],
            )
        )
        base = statistics.median(baseline_times)
        self.add_row(
            "sale.report pivot (date:month)", baseline_times, note=f"{groups} groups"
        )
        base_list, length = timed(
            self._list_load(
                uid,
                "sale.report",
                [],
                {
                    "date": {},
                    "order_reference": {"fields": {"display_name": {}}},
                    "partner_id": {"fields": {"display_name": {}}},
                    "product_id": {"fields": {"display_name": {}}},
                    "product_uom_qty": {},
                    "price_subtotal": {},
                },
            )
        )
        base_list_ms = statistics.median(base_list)
        self.add_row("sale.report list (80 rows)", base_list, note=f"of {length}")
        for spec in self.report_specs():
            model = spec["model"]
            default = spec["default"]
            times, groups = timed(
                self._pivot_load(
                    uid, model, spec["domain"], spec["rows"], spec["measures"]
                )
            )
            self.add_row(
                f"{model} pivot ({','.join(spec['rows'])})",
                times,
                baseline=base,
                target=REPORT_TARGET_MS if default == "pivot" else None,
                note=f"{groups} groups, {len(spec['measures'])} measures"
                + ("" if default == "pivot" else f"; opens as {default}"),
            )
            times, length = timed(
                self._list_load(uid, model, spec["domain"], spec["list"])
            )
            self.add_row(
                f"{model} list (80 rows)",
                times,
                baseline=base_list_ms,
                target=REPORT_TARGET_MS,
                note=f"of {length}",
                beat_baseline=False,
            )

    def measure_refresh(self):
        """Measure 3: 1,000 orders changed by a user, then the cron."""
        rng = random.Random(20261202)
        with self.cursor() as cr:
            cr.execute("SELECT id FROM sale_order WHERE state = 'sale'")
            order_ids = [row[0] for row in cr.fetchall()]
            # Anything earlier is in the facts already.
            self.env(cr)["order.analytics.refresh"]._cron_refresh()
        times, counts = [], []
        for index in range(WARMUP + RUNS):
            chosen = rng.sample(order_ids, min(CHANGED_ORDERS, len(order_ids)))
            with self.cursor() as cr:
                env = self.env(cr)
                env["sale.order"].browse(chosen).write(
                    {"client_order_ref": f"bench refresh {index}"}
                )
            with self.cursor() as cr:
                env = self.env(cr)
                started = time.perf_counter()
                done, remaining = env["order.analytics.refresh"]._cron_refresh()
                cr.commit()
                elapsed = (time.perf_counter() - started) * 1000
                # The next run collects from 10 minutes before this one
                # (OVERLAP): these changes are made older than that, so that
                # each run brings exactly its own 1,000 orders current.
                for table, column in (
                    ("sale_order", "id"),
                    ("sale_order_line", "order_id"),
                ):
                    cr.execute(
                        f"UPDATE {table} "  # noqa: S608 - fixed names
                        "SET write_date = write_date - INTERVAL '1 hour' "
                        f"WHERE {column} = ANY(%s) AND write_date > "
                        "(now() AT TIME ZONE 'UTC') - INTERVAL '1 hour'",
                        [chosen],
                    )
                cr.commit()
            if index >= WARMUP:
                times.append(elapsed)
                counts.append(done)
        self.add_row(
            f"refresh after {CHANGED_ORDERS} changed orders",
            times,
            target=REFRESH_TARGET_MS,
            note=f"{min(counts)}..{max(counts)} orders refreshed",
        )

    def measure_planning(self):
        """Measure 4: ABC classes and forecasts, when built."""
        with self.cursor() as cr:
            env = self.env(cr)
            have_abc = "order.analytics.class" in env
            forecast_models = [
                name
                for name in env.registry
                if name.startswith("order.analytics.forecast")
            ]
        if not have_abc:
            self.add_row("ABC classes, recompute all", None, note="not built yet")
        else:
            self._measure_entry(
                "order.analytics.class", "ABC classes, recompute all", ABC_TARGET_MS
            )
        if not forecast_models:
            self.add_row(
                f"forecast {FORECAST_PRODUCTS} products",
                None,
                note="not built yet (benchmarks/bench_planning.py times the library)",
            )
        else:
            self._measure_entry(
                forecast_models[0],
                f"forecast ({forecast_models[0]})",
                FORECAST_TARGET_MS,
            )

    def _measure_entry(self, model, label, target):
        entries = (
            "_recompute_all",
            "_cron_recompute",
            "_cron_compute",
            "action_recompute",
        )
        with self.cursor() as cr:
            Model = self.env(cr)[model]
            entry = next((name for name in entries if hasattr(Model, name)), None)
        if not entry:
            self.add_row(label, None, note=f"model exists, none of {entries} found")
            return

        def run():
            with self.cursor() as cr:
                getattr(self.env(cr)[model], entry)()
                cr.commit()

        times, _result = timed(run, runs=3)
        self.add_row(f"{label} ({entry})", times, target=target)

    def measure_dashboard(self, uid):
        """Measure 5: the "Order Desk" spreadsheet dashboard, when built."""
        with self.cursor() as cr:
            env = self.env(cr)
            if "spreadsheet.dashboard" not in env:
                self.add_row("dashboard", None, note="not built yet (no spreadsheet)")
                return
            dashboard = env["spreadsheet.dashboard"].search(
                [("name", "ilike", "Order Desk")], limit=1
            )
            if not dashboard:
                self.add_row("dashboard", None, note="not built yet")
                return
            dashboard_id = dashboard.id

        def run():
            with self.cursor() as cr:
                env = self.env(cr, uid, {"allowed_company_ids": [1]})
                data = env["spreadsheet.dashboard"].browse(dashboard_id)
                data = data.get_readonly_dashboard()
                snapshot = data.get("snapshot") or {}
                if isinstance(snapshot, str):
                    snapshot = json.loads(snapshot)
                for pivot in (snapshot.get("pivots") or {}).values():
                    rows = [
                        f"{d['fieldName']}:{d['granularity']}"
                        if d.get("granularity")
                        else d["fieldName"]
                        for d in pivot.get("rows", []) + pivot.get("columns", [])
                    ]
                    measures = [
                        f"{m['fieldName']}:{m.get('aggregator') or 'sum'}"
                        for m in pivot.get("measures", [])
                        if m.get("fieldName") != "__count"
                    ]
                    env[pivot["model"]].read_group(
                        pivot.get("domain") or [],
                        [*measures, "__count"],
                        rows,
                        lazy=False,
                    )

        times, _result = timed(run)
        self.add_row("dashboard Order Desk", times, target=REPORT_TARGET_MS)

    # -- the table ----------------------------------------------------------

    def add_row(
        self, label, times, baseline=None, target=None, note="", beat_baseline=True
    ):
        """One line of the table; PASS needs the median within ``target``
        and, with ``beat_baseline``, no slower than ``baseline``."""
        self.rows.append(
            {
                "label": label,
                "times": times,
                "baseline": baseline,
                "target": target,
                "note": note,
                "beat_baseline": beat_baseline,
            }
        )
        if times:
            say(f"  {label}: median {statistics.median(times):.0f} ms {note}")
        else:
            say(f"  {label}: {note}")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def print_table(bench, header):
    print()
    print(header)
    title = (
        f"{'measure':<58} {'median ms':>10} {'min..max ms':>17} "
        f"{'baseline ms':>11} {'ratio':>7} {'target':>9}  result / note"
    )
    print(title)
    print("-" * len(title))
    verdicts = []
    for row in bench.rows:
        times = row["times"]
        if not times:
            print(
                f"{row['label']:<58} {'-':>10} {'-':>17} {'':>11} {'':>7} {'':>9}  "
                f"{row['note']}"
            )
            continue
        median = statistics.median(times)
        base = row["baseline"]
        ratio = f"x{median / base:.2f}" if base else ""
        verdict = ""
        if row["target"]:
            ok = median <= row["target"] and (
                base is None or not row["beat_baseline"] or median <= base
            )
            verdict = "PASS" if ok else "FAIL"
            verdicts.append((row["label"], verdict))
        target = f"<={row['target']}" if row["target"] else ""
        print(
            f"{row['label']:<58} {median:>10.1f} "
            f"{min(times):>8.1f}..{max(times):<8.1f} "
            f"{(f'{base:.1f}' if base else ''):>11} {ratio:>7} {target:>9}  "
            f"{verdict} {row['note']}"
        )
    print()
    return verdicts


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--orders",
        type=int,
        default=200_000,
        help="confirmed orders in the history (default: %(default)s)",
    )
    parser.add_argument(
        "--lines-per-order",
        type=int,
        default=5,
        help="goods lines per order (default: %(default)s)",
    )
    parser.add_argument(
        "--db",
        default="bench_analytics",
        help="database (default: %(default)s); must start with bench_",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database afterwards (the next run reuses it)",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="drop and recreate the database first"
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="update order_analytics in a kept database first (odoo -u), after "
        "a change of its models",
    )
    args = parser.parse_args()
    if not args.db.startswith("bench_"):
        parser.error("--db must start with bench_")
    if args.orders < TEMPLATE_COUNT or args.lines_per_order < 1:
        parser.error(f"--orders must be at least {TEMPLATE_COUNT}")
    return args


def main():
    args = parse_args()
    odoo_bin = common.find_odoo_bin()
    common.ensure_odoo_python(odoo_bin)
    import odoo.release

    if odoo.release.major_version != "18.0":
        sys.exit(f"[bench] ERROR: Odoo {odoo.release.major_version} found; needs 18.0")
    say(
        f"Odoo {odoo.release.version}; {os.cpu_count()} CPUs, load average "
        f"{common.load_average()}"
    )
    common.DATABASES[args.db] = {"modules": [MODULE], "paths": [common.REPO_ROOT]}
    if not common.build_db(odoo_bin, args.db, args.rebuild, update=args.update):
        return 1
    odoo_mod = common.start_odoo(common.base_addons_paths() + [common.REPO_ROOT])
    bench = AnalyticsBench(odoo_mod, args.db, args)
    failed = False
    try:
        rounds = -(-args.orders // TEMPLATE_COUNT)
        wanted = rounds * TEMPLATE_COUNT
        have = bench.order_count()
        if have and have != wanted:
            raise common.BenchFailure(
                f"{args.db} holds {have} orders, not {wanted}: pass --rebuild "
                "(or the --orders it was built with)"
            )
        if not have:
            say(f"== generating {wanted} orders (load average {common.load_average()})")
            started = time.perf_counter()
            template_ids = bench.make_templates()
            say(
                f"  {len(template_ids)} template orders through the ORM in "
                f"{time.perf_counter() - started:.0f} s"
            )
            started = time.perf_counter()
            added = bench.clone(template_ids, rounds)
            clone_s = time.perf_counter() - started
            counts = bench.table_counts(list(added))
            say(f"  cloned in {clone_s:.0f} s; rows per table (added / total):")
            for table, count in added.items():
                say(f"    {table:<34} {count:>9} / {counts.get(table, '?')}")
            say(f"== initial fact fill (load average {common.load_average()})")
            done, seconds = bench.fill_facts()
            say(f"  {done} orders in {seconds:.0f} s: {done / seconds:.0f} orders/s")
        else:
            say(f"== {args.db}: {have} orders there (reused; --rebuild to regenerate)")
        facts = bench.table_counts(
            [
                "sale_order",
                "sale_order_line",
                "stock_picking",
                "stock_move",
                "order_shipment",
                "order_tracking_event",
                "order_delivery_exception",
                "sale_order_review",
                "survey_user_input",
                "order_analytics_line",
                "order_analytics_line_month",
                "order_analytics_order",
                "order_analytics_stage",
                "order_analytics_shipment",
            ]
        )
        say("  " + ", ".join(f"{t} {c}" for t, c in facts.items()))
        uid = bench.analyst_uid()
        say(f"== reports (load average {common.load_average()})")
        bench.measure_reports(uid)
        say(f"== refresh (load average {common.load_average()})")
        bench.measure_refresh()
        say(f"== ABC, forecasts, dashboard (load average {common.load_average()})")
        bench.measure_planning()
        bench.measure_dashboard(uid)
    except common.BenchFailure as exc:
        say(f"FAILED: {exc}")
        failed = True
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        failed = True
    header = (
        f"order_analytics on {args.db}: {facts.get('sale_order', '?')} orders, "
        f"{facts.get('sale_order_line', '?')} lines; median of {RUNS} runs after "
        f"{WARMUP} warm-up; load average {common.load_average()}"
        if not failed
        else f"order_analytics on {args.db}: FAILED"
    )
    verdicts = print_table(bench, header)
    for label, verdict in verdicts:
        print(f"{verdict}  {label}")
    if not args.keep:
        say(f"dropping {args.db} (use --keep to keep it)")
        bench.registry = None
        common.drop_db(args.db)
    return 1 if failed or any(v == "FAIL" for _l, v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
