#!/usr/bin/env python3
# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: what does gating ``sale.order.action_confirm()`` cost?

Compares, on the same workload and in the same run:

``plain``
    plain Odoo 18 ``action_confirm()`` (``sale_management``, ``sale_stock``,
    ``account``), database ``bench_plain``;
``ours``
    the same with ``customer_order_review`` installed: a low-risk order is
    reviewed (all stages approve themselves) and confirmed by the one
    ``action_confirm()`` call, database ``bench_ours``;
``oca``
    the OCA stack ``sale_tier_validation`` + ``sale_exception`` +
    ``sale_financial_risk``, database ``bench_oca``: a tier definition that
    applies to every order, reviewed by a separate reviewer user. Measured as
    the three requests a person makes: the salesperson requests validation,
    the reviewer validates, the salesperson confirms (each in its own
    transaction; times and queries are added up);
``oca_auto``
    the same stack, database ``bench_oca``, but the tier's reviewer is the user
    who confirms: ``action_confirm()`` alone requests and validates the tier
    (the OCA way of letting a tier validate itself), like ``ours``.

For every variant and every history size N (a customer with N confirmed past
orders and N posted, paid past invoices), K fresh quotations (3 lines of stored
products each) are confirmed, each in its own transaction: the quotation is
created and committed, then ``action_confirm()`` + ``env.flush_all()`` is timed
and its SQL queries counted on a fresh cursor, then committed. For ``ours`` it
also times one ``action_submit_review()`` call on 1,000 quotations.

Run with Odoo's Python (see benchmarks/README.md)::

    /opt/odoo-venv/bin/python benchmarks/bench_order_review.py --keep

Databases are created (modules installed with the ``odoo`` launcher, no demo
data) only when they do not exist yet, or with ``--rebuild``. Only databases
whose names start with ``bench_`` are ever created or dropped.
"""

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import time
import traceback

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ODOO_BIN = os.environ.get(
    "ORDER_DESK_DEFAULT_ODOO_BIN", "/opt/odoo-venv/bin/odoo"
)
OCA_ADDONS = os.environ.get("ORDER_DESK_OCA_ADDONS", "/opt/oca-bench/src/odoo/addons")
LOG_DIR = os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
    "order-desk",
    "bench-logs",
)

BASE_MODULES = ["sale_management", "sale_stock", "account"]
OCA_MODULES = ["sale_tier_validation", "sale_exception", "sale_financial_risk"]
OUR_MODULE = "customer_order_review"

# variant -> database, modules to install, extra addons paths
DATABASES = {
    "bench_plain": {"modules": BASE_MODULES, "paths": []},
    "bench_ours": {"modules": BASE_MODULES + [OUR_MODULE], "paths": [REPO_ROOT]},
    "bench_oca": {"modules": BASE_MODULES + OCA_MODULES, "paths": [OCA_ADDONS]},
}
VARIANTS = {
    "plain": "bench_plain",
    "ours": "bench_ours",
    "oca": "bench_oca",
    "oca_auto": "bench_oca",
}
VARIANT_ORDER = ["plain", "ours", "oca", "oca_auto"]

CREDIT_LIMIT = 1e12  # generous: never reached, even with 2,000 open orders
STOCK_QTY = 1_000_000
WARMUP_ORDERS = 3
MAX_ORDERS = 200
MASS_ORDERS = 1000
MASS_CUSTOMERS = 5
# Second workload: quotations of 5 lines from a customer with no past order and
# 300 posted invoices not yet paid (nor due), as a new distributor has.
UNPAID_INVOICES = 300
UNPAID_LINES = 5
UNPAID_ROW = "new"
HISTORY_BATCH = 250
# The customer reference of every measured quotation: a run that was stopped
# half-way leaves its quotations behind, and the next run cancels them first
# (a review would count them as likely duplicates of its own quotations).
MEASURED_REF = "Order Desk benchmark: measured quotation"
TIER_REVIEWER = "Bench: every sale order (reviewer)"
TIER_SELF = "Bench: every sale order (self-validated)"
NOTRACK = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def history_quantities(index):
    """Quantities of the 3 lines of the index-th past order of a customer:
    10..29 / 10..29 / 10..14, a different combination for each of the first
    2,000 orders (a review may flag orders with the same products and
    quantities as likely duplicates)."""
    return (10 + index % 20, 10 + (index // 20) % 20, 10 + (index // 400) % 20)


def quotation_quantities(index):
    """Quantities of the 3 lines of the index-th measured quotation of a
    customer: 1..6 each, a different combination for each of the first 216
    quotations, never one of a past order, and smaller than the customer's
    usual quantities."""
    return (1 + index % 6, 1 + (index // 6) % 6, 1 + (index // 36) % 6)


def unpaid_quotation_quantities(index):
    """Quantities of the 5 lines of the index-th measured quotation of the
    new customer: a different combination for each of the first 243."""
    return tuple(1 + (index // 3**position) % 3 for position in range(UNPAID_LINES))


def say(msg):
    print(f"[bench] {msg}", flush=True)


class BenchFailure(Exception):
    """A variant did not behave as expected (order not confirmed, ...)."""


# --------------------------------------------------------------------------
# Finding Odoo: the same order as tools/common.sh
# --------------------------------------------------------------------------


def find_odoo_bin():
    """ODOO_BIN, else ``odoo`` on PATH, else /opt/odoo-venv/bin/odoo."""
    env_bin = os.environ.get("ODOO_BIN")
    if env_bin:
        found = shutil.which(env_bin) or (
            env_bin if os.path.isfile(env_bin) and os.access(env_bin, os.X_OK) else None
        )
        if not found:
            sys.exit(
                f"[bench] ERROR: ODOO_BIN is set to '{env_bin}', which is not an "
                "executable file."
            )
        return os.path.abspath(found)
    on_path = shutil.which("odoo")
    if on_path:
        return os.path.abspath(on_path)
    if os.path.isfile(DEFAULT_ODOO_BIN) and os.access(DEFAULT_ODOO_BIN, os.X_OK):
        return DEFAULT_ODOO_BIN
    sys.exit(
        "[bench] ERROR: Odoo 18.0 was not found. Looked for, in this order: the "
        "ODOO_BIN environment variable, an `odoo` command on PATH, "
        f"{DEFAULT_ODOO_BIN}."
    )


def launcher_python(odoo_bin):
    """The interpreter named by the launcher's shebang (None if unknown)."""
    with open(odoo_bin, "rb") as handle:
        first = handle.readline().decode(errors="replace").strip()
    if not first.startswith("#!"):
        return None
    parts = first[2:].split()
    if not parts:
        return None
    if os.path.basename(parts[0]) == "env" and len(parts) > 1:
        return shutil.which(parts[-1])
    return parts[0]


def ensure_odoo_python(odoo_bin):
    """Re-run this script with the launcher's Python when we are not it."""
    python = launcher_python(odoo_bin)
    if not python or os.environ.get("ORDER_DESK_BENCH_REEXEC"):
        return
    same_env = os.path.dirname(os.path.abspath(python)) == os.path.dirname(
        os.path.abspath(sys.executable)
    )
    if not same_env:
        say(f"re-running with Odoo's Python {python}")
        os.environ["ORDER_DESK_BENCH_REEXEC"] = "1"
        os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


# --------------------------------------------------------------------------
# Databases
# --------------------------------------------------------------------------


def pg_connect():
    import psycopg2

    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    return conn


def db_exists(name):
    conn = pg_connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return cur.fetchone() is not None
    finally:
        conn.close()


def drop_db(name):
    if not name.startswith("bench_"):
        raise RuntimeError(f"refusing to drop database {name!r}")
    try:
        import odoo

        if name in odoo.modules.registry.Registry.registries:
            odoo.modules.registry.Registry.delete(name)
        odoo.sql_db.close_db(name)
    except ImportError:
        pass
    conn = pg_connect()
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        conn.close()


def installed_modules(name, modules):
    conn = __import__("psycopg2").connect(dbname=name)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed' "
                "AND name = ANY(%s)",
                (list(modules),),
            )
            return {row[0] for row in cur.fetchall()}
    finally:
        conn.close()


def base_addons_paths():
    import odoo.addons

    return [
        path
        for path in odoo.addons.__path__
        if os.path.isdir(os.path.join(path, "base"))
    ]


def run_odoo(odoo_bin, name, option, modules, paths, log_name):
    """Run the odoo launcher once (-i or -u, then stop); True when it worked."""
    addons_path = ",".join(base_addons_paths() + paths)
    os.makedirs(LOG_DIR, exist_ok=True)
    log = os.path.join(LOG_DIR, f"{log_name}_{name}.log")
    if os.path.exists(log):
        os.remove(log)
    cmd = [
        odoo_bin,
        "-d",
        name,
        option,
        ",".join(modules),
        "--without-demo=all",
        "--stop-after-init",
        f"--addons-path={addons_path}",
        f"--logfile={log}",
    ]
    say(f"{name}: odoo {option} {','.join(modules)} (log: {log})")
    started = time.perf_counter()
    result = subprocess.run(cmd, check=False, stderr=subprocess.DEVNULL)
    problems = []
    try:
        with open(log, encoding="utf-8", errors="replace") as handle:
            lines = handle.readlines()
    except OSError:
        lines = []
    problems = [line for line in lines if " ERROR " in line or " CRITICAL " in line]
    ok = result.returncode == 0 and db_exists(name) and not problems
    if ok:
        ok = not set(modules) - installed_modules(name, modules)
    if not ok:
        say(f"{name}: odoo {option} FAILED (exit {result.returncode}); from its log:")
        for line in problems[:5] + ["    ...\n"] + lines[-30:]:
            print("    " + line.rstrip())
        return False
    say(f"{name}: done in {time.perf_counter() - started:.0f} s")
    return True


def build_db(odoo_bin, name, rebuild, update=False):
    """Create database ``name`` with its modules unless it exists already
    (``update``: update its tested addons when it exists)."""
    spec = DATABASES[name.removesuffix("_open")]
    for path in spec["paths"]:
        if not os.path.isdir(path):
            say(f"{name}: addons path {path} does not exist; cannot build")
            return False
    if rebuild and db_exists(name):
        say(f"--rebuild: dropping {name}")
        drop_db(name)
    if db_exists(name):
        missing = set(spec["modules"]) - installed_modules(name, spec["modules"])
        if not missing:
            tested = [m for m in spec["modules"] if m not in BASE_MODULES]
            if update and tested:
                return run_odoo(odoo_bin, name, "-u", tested, spec["paths"], "update")
            say(f"{name}: exists, modules installed (reused; --rebuild to recreate)")
            return True
        say(f"{name}: exists but {sorted(missing)} not installed: recreating")
        drop_db(name)
    if run_odoo(odoo_bin, name, "-i", spec["modules"], spec["paths"], "install"):
        return True
    if db_exists(name):
        drop_db(name)
    return False


# --------------------------------------------------------------------------
# Odoo as a library
# --------------------------------------------------------------------------


def start_odoo(addons_paths):
    import odoo
    from odoo.tools import config

    config.parse_config(
        [
            f"--addons-path={','.join(addons_paths)}",
            "--log-level=warn",
            "--without-demo=all",
        ],
        setup_logging=True,
    )
    return odoo


class Bench:
    """One database: setup data, history, measurements."""

    def __init__(self, odoo, db, args):
        self.odoo = odoo
        self.db = db
        self.args = args
        self.registry = odoo.modules.registry.Registry(db)
        self.active_tier = None

    # -- transactions -------------------------------------------------------

    def env(self, cr, uid=None, context=None):
        return self.odoo.api.Environment(
            cr, uid or self.odoo.SUPERUSER_ID, context or {}
        )

    def cursor(self):
        return self.registry.cursor()

    # -- setup --------------------------------------------------------------

    def setup_common(self):
        """Company setting, products in stock, payment term; ids are returned."""
        from odoo import Command

        with self.cursor() as cr:
            env = self.env(cr)
            company = env.ref("base.main_company")
            company.account_use_credit_limit = True
            if "order_review_enabled" in company._fields:
                # The review is off until a company turns it on.
                company.order_review_enabled = True
            term = env.ref("account.account_payment_term_30days")
            products = env["product.product"]
            for index, price in enumerate((10.0, 25.0, 40.0, 15.0, 30.0), start=1):
                code = f"BENCH-P{index}"
                product = products.search([("default_code", "=", code)], limit=1)
                if not product:
                    product = products.create(
                        {
                            "name": f"Bench product {index}",
                            "default_code": code,
                            "type": "consu",
                            "is_storable": True,
                            "list_price": price,
                            "invoice_policy": "order",
                        }
                    )
                products |= product
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            for product in products:
                if product.with_context(warehouse_id=warehouse.id).free_qty < (
                    STOCK_QTY / 2
                ):
                    env["stock.quant"]._update_available_quantity(
                        product, warehouse.lot_stock_id, STOCK_QTY
                    )
            self.company_id = company.id
            self.term_id = term.id
            # The default workload orders the first 3, the second one all 5.
            self.product_ids = products.ids[:3]
            self.all_product_ids = products.ids
            self.Command = Command

    def customer(self, env, ref, name):
        """A low-risk customer: credit limit, payment terms, address."""
        partners = env["res.partner"].with_context(active_test=False)
        partner = partners.search([("ref", "=", ref)], limit=1)
        vals = {
            "name": name,
            "ref": ref,
            "is_company": True,
            "email": f"{ref.lower()}@example.com",
            "street": "1 Bench Street",
            "zip": "10001",
            "city": "Bench City",
            "country_id": env.ref("base.us").id,
            "property_payment_term_id": self.term_id,
        }
        if not partner:
            partner = partners.with_context(**NOTRACK).create(vals)
        partner = partner.with_context(**NOTRACK)
        partner.credit_limit = CREDIT_LIMIT
        if "use_partner_credit_limit" in partner._fields:
            partner.use_partner_credit_limit = True
        # account_financial_risk (OCA): count everything against the limit
        for field in (
            "risk_sale_order_include",
            "risk_invoice_draft_include",
            "risk_invoice_open_include",
            "risk_invoice_unpaid_include",
        ):
            if field in partner._fields:
                partner[field] = True
        return partner

    def ensure_history(self, ref, name, size):
        """Customer ``ref`` with ``size`` past orders, each confirmed,
        delivered, invoiced from the order and paid, as a real customer's past
        is (``--open-history``: ``size`` confirmed orders left undelivered and
        uninvoiced, and ``size`` separate paid invoices). Tops up what exists;
        returns (partner id, orders, invoices) counted afterwards."""
        Command = self.Command
        with self.cursor() as cr:
            env = self.env(cr)
            partner = self.customer(env, ref, name)
            partner_id = partner.id
        while True:
            with self.cursor() as cr:
                env = self.env(cr, context=NOTRACK)
                orders = env["sale.order"]
                have = orders.search_count(
                    [("partner_id", "=", partner_id), ("state", "=", "sale")]
                )
                todo = min(size - have, HISTORY_BATCH)
                if todo <= 0:
                    break
                new = orders.create(
                    [
                        {
                            "partner_id": partner_id,
                            "payment_term_id": self.term_id,
                            "commitment_date": datetime.datetime.now()
                            + datetime.timedelta(days=14),
                            "order_line": [
                                Command.create(
                                    {"product_id": product_id, "product_uom_qty": qty}
                                )
                                for product_id, qty in zip(
                                    self.product_ids,
                                    history_quantities(have + i),
                                    strict=True,
                                )
                            ],
                        }
                        for i in range(todo)
                    ]
                )
                new.action_confirm()
                left = new.filtered(lambda o: o.state != "sale")
                if left:
                    # The gate kept some history orders back (e.g. a "new
                    # customer" factor): history is not what we measure, so
                    # confirm them with sale's own action_confirm.
                    from odoo.addons.sale.models.sale_order import (
                        SaleOrder as BaseSaleOrder,
                    )

                    say(
                        f"  note: {len(left)} history orders were not confirmed by "
                        "action_confirm(); confirming them with sale's own method"
                    )
                    BaseSaleOrder.action_confirm(
                        left.with_context(order_review_confirming=True)
                    )
                    env.flush_all()
                    if left.filtered(lambda o: o.state != "sale"):
                        raise BenchFailure(
                            "could not confirm history orders for " + ref
                        )
                if not self.args.open_history:
                    self.complete_orders(env, new, have)
        # A real customer's past orders are spread over the years, not all
        # created in the last minutes: age the history (all variants alike) to
        # one order every 12 hours back from now, so that windows such as the
        # duplicate check's see what they would in production.
        with self.cursor() as cr:
            cr.execute(
                """
                UPDATE sale_order so
                   SET create_date = now() - aged.n * interval '12 hours',
                       date_order = now() - aged.n * interval '12 hours'
                  FROM (SELECT id, row_number() OVER (ORDER BY id DESC) AS n
                          FROM sale_order
                         WHERE partner_id = %s AND state = 'sale'
                           AND create_date > now() - interval '1 day') aged
                 WHERE so.id = aged.id
                """,
                [partner_id],
            )
        if self.args.open_history:
            self.add_paid_invoices(partner_id, size)
        with self.cursor() as cr:
            env = self.env(cr)
            n_orders = env["sale.order"].search_count(
                [("partner_id", "=", partner_id), ("state", "=", "sale")]
            )
            n_invoices = env["account.move"].search_count(
                [
                    ("partner_id", "=", partner_id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                ]
            )
            n_unpaid = env["account.move"].search_count(
                [
                    ("partner_id", "=", partner_id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "not in", ("paid", "in_payment")),
                ]
            )
            if n_unpaid:
                say(f"  warning: {n_unpaid} history invoices of {ref} are unpaid")
        return partner_id, n_orders, n_invoices

    def complete_orders(self, env, orders, done_before):
        """Deliver ``orders`` in full, invoice them (past invoice dates, 30-day
        terms) and pay the invoices."""
        pickings = orders.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.with_context(skip_backorder=True, skip_sms=True)._action_done()
        invoices = orders._create_invoices(grouped=True)
        today = datetime.date.today()
        for index, invoice in enumerate(invoices):
            invoice.invoice_date = today - datetime.timedelta(
                days=40 + (done_before + index) % 280
            )
        invoices.action_post()
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"group_payment": True}).action_create_payments()

    def add_paid_invoices(self, partner_id, size):
        """``--open-history``: ``size`` posted invoices not linked to any
        order (past dates, 30-day terms), paid."""
        Command = self.Command
        while True:
            with self.cursor() as cr:
                env = self.env(cr, context=NOTRACK)
                moves = env["account.move"]
                have = moves.search_count(
                    [
                        ("partner_id", "=", partner_id),
                        ("move_type", "=", "out_invoice"),
                        ("state", "=", "posted"),
                    ]
                )
                todo = min(size - have, HISTORY_BATCH)
                if todo <= 0:
                    break
                today = datetime.date.today()
                invoices = moves.create(
                    [
                        {
                            "move_type": "out_invoice",
                            "partner_id": partner_id,
                            "invoice_date": today
                            - datetime.timedelta(days=40 + (have + i) % 280),
                            "invoice_payment_term_id": self.term_id,
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "product_id": self.product_ids[1],
                                        "quantity": 1,
                                        "price_unit": 25.0,
                                    }
                                )
                            ],
                        }
                        for i in range(todo)
                    ]
                )
                invoices.action_post()
                env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoices.ids
                ).create({"group_payment": True}).action_create_payments()

    def quotation_vals(self, partner_id, index, lines=3):
        """A quotation of 3 lines (default workload) or of 5 (second one)."""
        if lines == UNPAID_LINES:
            products, quantities = (
                self.all_product_ids,
                unpaid_quotation_quantities(index),
            )
        else:
            products, quantities = self.product_ids, quotation_quantities(index)
        return {
            "partner_id": partner_id,
            "client_order_ref": MEASURED_REF,
            "payment_term_id": self.term_id,
            "commitment_date": datetime.datetime.now() + datetime.timedelta(days=14),
            "order_line": [
                self.Command.create(
                    {
                        "product_id": product_id,
                        "product_uom_qty": qty,
                        "discount": 0.0,
                    }
                )
                for product_id, qty in zip(products, quantities, strict=True)
            ],
        }

    def ensure_unpaid_customer(self, ref, name, size):
        """Customer ``ref`` with no order and ``size`` posted invoices, not
        paid and not yet due (issued 5 days ago, 30-day terms). Returns
        (partner id, orders, invoices)."""
        Command = self.Command
        with self.cursor() as cr:
            env = self.env(cr)
            partner_id = self.customer(env, ref, name).id
        while True:
            with self.cursor() as cr:
                env = self.env(cr, context=NOTRACK)
                moves = env["account.move"]
                domain = [
                    ("partner_id", "=", partner_id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                ]
                todo = min(size - moves.search_count(domain), HISTORY_BATCH)
                if todo <= 0:
                    return partner_id, 0, moves.search_count(domain)
                moves.create(
                    [
                        {
                            "move_type": "out_invoice",
                            "partner_id": partner_id,
                            "invoice_date": datetime.date.today()
                            - datetime.timedelta(days=5),
                            "invoice_payment_term_id": self.term_id,
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "product_id": self.product_ids[0],
                                        "quantity": 1,
                                        "price_unit": 10.0,
                                    }
                                )
                            ],
                        }
                        for _i in range(todo)
                    ]
                ).action_post()

    # -- per-variant configuration -----------------------------------------

    def setup_variant(self, variant):
        """Variant-specific configuration; returns the reviewer uid (oca)."""
        if not variant.startswith("oca"):
            return None
        with self.cursor() as cr:
            env = self.env(cr)
            # sale_exception: all its rules active, among them the stock one
            for xmlid in (
                "sale_exception.excep_no_stock",
                "sale_exception.excep_no_zip",
                "sale_exception.exception_partner_sale_warning",
                "sale_exception.exception_product_sale_warning",
            ):
                env.ref(xmlid).with_context(active_test=False).active = True
            company = env.ref("base.main_company")
            company.allow_overrisk_sale_confirmation = False
            # reviewer user for the two-user flow
            users = env["res.users"].with_context(active_test=False)
            reviewer = users.search([("login", "=", "bench_reviewer")], limit=1)
            if not reviewer:
                reviewer = users.with_context(no_reset_password=True).create(
                    {
                        "name": "Bench Reviewer",
                        "login": "bench_reviewer",
                        "email": "bench_reviewer@example.com",
                        "groups_id": [
                            self.Command.set(
                                [
                                    env.ref("base.group_user").id,
                                    env.ref(
                                        "sales_team.group_sale_salesman_all_leads"
                                    ).id,
                                ]
                            )
                        ],
                    }
                )
            definitions = env["tier.definition"].with_context(active_test=False)
            model = env["ir.model"]._get("sale.order")
            # The confirming user must be an active user to be a reviewer:
            # OdooBot (SUPERUSER_ID) is archived, so oca_auto confirms as the
            # administrator in superuser mode (same access as the others).
            admin = env.ref("base.user_admin")
            wanted = {
                TIER_REVIEWER: reviewer.id,
                TIER_SELF: admin.id,
            }
            for name, uid in wanted.items():
                definition = definitions.search([("name", "=", name)], limit=1)
                vals = {
                    "name": name,
                    "model_id": model.id,
                    "review_type": "individual",
                    "reviewer_id": uid,
                    "definition_domain": False,  # no condition: every order
                    # off while the history is built; see activate_tier()
                    "active": False,
                }
                if definition:
                    definition.write(vals)
                else:
                    definitions.create(vals)
            # other tier definitions (none expected) would distort the figures
            others = definitions.search(
                [("model", "=", "sale.order"), ("name", "not in", list(wanted))]
            )
            if others.filtered("active"):
                say(f"  note: {len(others)} other active tier definitions")
            return {"reviewer": reviewer.id, "admin": admin.id}

    def activate_tier(self, variant):
        """oca: the reviewer's tier definition; oca_auto: the self-validated
        one. Not timed: done between two measured orders when needed."""
        if not variant.startswith("oca") or self.active_tier == variant:
            return
        self.active_tier = variant
        with self.cursor() as cr:
            env = self.env(cr)
            definitions = env["tier.definition"].with_context(active_test=False)
            for definition in definitions.search(
                [("name", "in", [TIER_REVIEWER, TIER_SELF])]
            ):
                definition.active = definition.name == (
                    TIER_REVIEWER if variant == "oca" else TIER_SELF
                )

    # -- measurement --------------------------------------------------------

    def confirm_one(self, variant, order_id, users):
        """Confirm one committed quotation; returns (seconds, cpu seconds of
        this process, queries).

        Every step runs as the superuser (``SUPERUSER_ID``), except the OCA
        reviewer's validation (as the reviewer, no superuser mode) and
        ``oca_auto``'s confirmation (as the administrator in superuser mode,
        because the tier's reviewer must be an active user)."""
        steps = []
        confirm_env = None
        if variant == "oca":
            steps = [
                (None, lambda o: o.request_validation()),
                ((users["reviewer"], False), lambda o: o.validate_tier()),
            ]
        elif variant == "oca_auto":
            confirm_env = (users["admin"], True)
        steps.append((confirm_env, lambda o: o.action_confirm()))
        elapsed = cpu = 0.0
        queries = 0
        result = None
        for as_user, call in steps:
            with self.cursor() as cr:
                env = self.env(cr)
                if as_user:
                    env = env(user=as_user[0], su=as_user[1])
                order = env["sale.order"].browse(order_id)
                q0 = cr.sql_log_count
                c0 = time.process_time()
                t0 = time.perf_counter()
                result = call(order)
                env.flush_all()
                elapsed += time.perf_counter() - t0
                cpu += time.process_time() - c0
                queries += cr.sql_log_count - q0
        with self.cursor() as cr:
            env = self.env(cr)
            order = env["sale.order"].browse(order_id)
            if order.state != "sale":
                details = [f"state={order.state!r}"]
                for field in ("review_state", "validation_status", "exception_ids"):
                    if field in order._fields:
                        value = order[field]
                        if field == "exception_ids":
                            value = value.mapped("name")
                        details.append(f"{field}={value!r}")
                if isinstance(result, dict):
                    returned = result.get("res_model") or result
                    details.append(f"action_confirm returned {returned}")
                raise BenchFailure(
                    f"{variant}: order {order.name} was NOT confirmed: "
                    + ", ".join(details)
                )
        return elapsed, cpu, queries

    def new_quotation(self, partner_id, index, lines=3):
        with self.cursor() as cr:
            env = self.env(cr)
            vals = self.quotation_vals(partner_id, index, lines)
            return env["sale.order"].create(vals).id

    def measure_one(self, variant, partner_id, index, users, lines=3):
        """Create, commit and confirm one quotation; returns
        (order id, seconds, cpu seconds, queries)."""
        self.activate_tier(variant)
        order_id = self.new_quotation(partner_id, index, lines)
        return (order_id, *self.confirm_one(variant, order_id, users))

    def cancel_orders(self, order_ids):
        """Cancel measured orders: the customer's history stays at N for the
        next variant or run, and they are no duplicates of later quotations."""
        with self.cursor() as cr:
            env = self.env(cr, context=NOTRACK)
            orders = env["sale.order"].browse(order_ids).exists()
            try:
                with cr.savepoint():
                    orders._action_cancel()
            except Exception as exc:  # noqa: BLE001 - only a cleanup
                say(f"  note: could not cancel the measured orders ({str(exc)[:300]})")

    def cancel_leftovers(self):
        """Cancel what an interrupted earlier run left: measured quotations
        that are not cancelled yet. Returns how many there were."""
        with self.cursor() as cr:
            env = self.env(cr, context=NOTRACK)
            leftovers = env["sale.order"].search(
                [("client_order_ref", "=", MEASURED_REF), ("state", "!=", "cancel")]
            )
        self.cancel_orders(leftovers.ids)
        return len(leftovers)

    def mass_review(self, partner_ids):
        """ours: one action_submit_review() on 1,000 quotations."""
        with self.cursor() as cr:
            env = self.env(cr)
            if not hasattr(env["sale.order"], "action_submit_review"):
                say(
                    "mass review SKIPPED: sale.order has no action_submit_review() "
                    "in this version of customer_order_review"
                )
                return None
            vals = [
                self.quotation_vals(
                    partner_ids[i % len(partner_ids)], i // len(partner_ids)
                )
                for i in range(MASS_ORDERS)
            ]
            t0 = time.perf_counter()
            order_ids = env["sale.order"].create(vals).ids
            env.flush_all()
            seconds = time.perf_counter() - t0
            say(f"  created {MASS_ORDERS} quotations in {seconds:.1f} s")
        with self.cursor() as cr:
            env = self.env(cr)
            orders = env["sale.order"].browse(order_ids)
            q0 = cr.sql_log_count
            t0 = time.perf_counter()
            orders.action_submit_review()
            env.flush_all()
            seconds = time.perf_counter() - t0
            nqueries = cr.sql_log_count - q0
        with self.cursor() as cr:
            env = self.env(cr)
            orders = env["sale.order"].browse(order_ids)
            states = {}
            for order in orders:
                key = order.state
                if "review_state" in order._fields:
                    key = f"state={order.state}, review_state={order.review_state}"
                states[key] = states.get(key, 0) + 1
        return {
            "orders": MASS_ORDERS,
            "seconds": seconds,
            "queries": nqueries,
            "states": states,
            "order_ids": order_ids,
        }


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        default=",".join(VARIANT_ORDER),
        help="variants to run, comma separated (default: %(default)s)",
    )
    parser.add_argument(
        "--history",
        default="10,2000",
        help="customer history sizes N, comma separated (default: %(default)s)",
    )
    parser.add_argument(
        "--orders",
        type=int,
        default=30,
        help="quotations confirmed per variant and N (default: %(default)s)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the bench_* databases afterwards (reused by the next run); "
        "by default they are dropped at the end",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="drop and recreate the bench_* databases used by this run",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="update (-u) the tested addons (customer_order_review, the OCA "
        "addons) in databases that exist already, e.g. after a code change; "
        "keeps their history",
    )
    parser.add_argument(
        "--open-history",
        action="store_true",
        help="worst case: past orders left undelivered and uninvoiced (all of "
        "them open exposure and open stock moves) beside separate paid "
        "invoices, in databases of their own (bench_*_open)",
    )
    parser.add_argument(
        "--no-unpaid",
        dest="unpaid",
        action="store_false",
        help="skip the second workload: 5-line quotations from a new customer "
        f"with {UNPAID_INVOICES} unpaid invoices (row N={UNPAID_ROW})",
    )
    parser.add_argument(
        "--no-mass-review",
        action="store_true",
        help="skip the mass review of 1,000 quotations (ours)",
    )
    parser.add_argument(
        "--mass-rounds",
        type=int,
        default=3,
        help="times the mass review is measured, each on 1,000 new quotations "
        "(the median is reported; default 3)",
    )
    args = parser.parse_args()
    args.variants = [v.strip() for v in args.only.split(",") if v.strip()]
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variants {sorted(unknown)}; known: {VARIANT_ORDER}")
    args.variants = [v for v in VARIANT_ORDER if v in args.variants]
    args.sizes = [int(v) for v in args.history.split(",") if v.strip()]
    args.db_suffix = "_open" if args.open_history else ""
    if not 1 <= args.orders <= MAX_ORDERS or not args.sizes:
        # beyond 216 quotations of one customer, their product/quantity
        # combinations repeat and a review would see likely duplicates
        parser.error(f"--orders must be 1..{MAX_ORDERS}, --history non-empty")
    return args


def load_average():
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def print_table(results, mass):
    print()
    header = (
        f"{'variant':<9} {'N':>5} {'hist SO/inv':>11} {'median ms':>10} "
        f"{'mean ms':>9} {'min..max ms':>15} {'py cpu ms':>9} {'queries/confirm':>16} "
        f"{'time vs plain':>13} {'extra queries':>13}"
    )
    print(header)
    print("-" * len(header))
    plain = {r["N"]: r for r in results if r["variant"] == "plain" and r.get("times")}
    for row in results:
        if row.get("error"):
            print(f"{row['variant']:<9} {row['N']:>5}  FAILED: {row['error']}")
            continue
        times = [t * 1000 for t in row["times"]]
        cpu = statistics.median(t * 1000 for t in row["cpu"])
        queries = row["queries"]
        median, mean = statistics.median(times), statistics.fmean(times)
        mean_q = statistics.fmean(queries)
        q_text = (
            f"{mean_q:.1f}"
            if min(queries) == max(queries)
            else f"{mean_q:.1f} ({min(queries)}-{max(queries)})"
        )
        base = plain.get(row["N"])
        if row["variant"] == "plain":
            ratio, extra = "x1.00", "+0.0"
        elif base:
            base_median = statistics.median(base["times"]) * 1000
            ratio = f"x{median / base_median:.2f}"
            extra = f"{mean_q - statistics.fmean(base['queries']):+.1f}"
        else:
            ratio, extra = "-", "-"
        hist = f"{row['hist_orders']}/{row['hist_invoices']}"
        print(
            f"{row['variant']:<9} {row['N']:>5} {hist:>11} {median:>10.1f} "
            f"{mean:>9.1f} {min(times):>7.1f}..{max(times):<7.1f} {cpu:>9.1f} "
            f"{q_text:>16} {ratio:>13} {extra:>13}"
        )
    print()
    if mass is None:
        return
    if "error" in mass:
        print(f"mass review (ours): FAILED: {mass['error']}")
    elif "skipped" in mass:
        print(f"mass review (ours): SKIPPED: {mass['skipped']}")
    else:
        rounds = mass.get("rounds", [mass["seconds"]])
        print(
            f"mass review (ours): one action_submit_review() on {mass['orders']} "
            f"quotations, median of {len(rounds)} round(s): {mass['seconds']:.2f} s, "
            f"{mass['orders'] / mass['seconds']:.1f} orders/s, {mass['queries']} "
            f"queries ({mass['queries'] / mass['orders']:.1f}/order); rounds: "
            + ", ".join(f"{mass['orders'] / seconds:.1f}" for seconds in rounds)
            + " orders/s"
        )
        for key, count in sorted(mass["states"].items()):
            print(f"    {count:>5} orders: {key}")
    print()


def prepare(variant, bench, args):
    """Variant configuration and the customers' history; returns a context."""
    users = bench.setup_variant(variant)
    started = time.perf_counter()
    warm_id = bench.ensure_history("BENCH-WARMUP", "Bench warm-up customer", 10)[0]
    customers = {
        size: bench.ensure_history(
            f"BENCH-HIST-{size}", f"Bench customer (history {size})", size
        )
        for size in args.sizes
    }
    if args.unpaid:
        customers[UNPAID_ROW] = bench.ensure_unpaid_customer(
            "BENCH-UNPAID", "Bench new customer (300 unpaid invoices)", UNPAID_INVOICES
        )
    say(
        f"  {variant}: history ready in {time.perf_counter() - started:.0f} s: "
        + ", ".join(
            f"N={size}: {c[1]} orders/{c[2]} invoices" for size, c in customers.items()
        )
    )
    return {"bench": bench, "users": users, "warm_id": warm_id, "customers": customers}


def setup_all(args, odoo_mod, ready):
    """Load each database, configure each variant, build the history.
    Returns (contexts by variant, errors by variant)."""
    benches, contexts, errors = {}, {}, {}
    for variant in args.variants:
        db = VARIANTS[variant] + args.db_suffix
        if not ready[db]:
            errors[variant] = f"database {db} could not be built"
            continue
        try:
            if db not in benches:
                say(f"== {db}: loading the registry, products, stock")
                benches[db] = Bench(odoo_mod, db, args)
                benches[db].setup_common()
                left = benches[db].cancel_leftovers()
                if left:
                    say(f"  {db}: cancelled {left} quotations an earlier run left")
            contexts[variant] = prepare(variant, benches[db], args)
        except Exception as exc:  # noqa: BLE001
            traceback.print_exc()
            errors[variant] = f"setup: {str(exc)[:300]}"
    return contexts, errors


def measure_size(args, size, contexts, errors):
    """Measure every variant at history size ``size``, interleaved: order i
    of every variant, then order i+1, so that the load of a shared machine
    weighs on all variants alike. Returns the result rows."""
    say(
        f"== N={size}: {args.orders} quotations per variant, interleaved "
        f"(load average {load_average()})"
    )
    rows, made = {}, {}
    for variant in args.variants:
        row = {"variant": variant, "N": size, "times": [], "cpu": [], "queries": []}
        rows[variant] = row
        made[variant] = []
        if variant in errors:
            row["error"] = errors[variant]
            continue
        _pid, row["hist_orders"], row["hist_invoices"] = contexts[variant]["customers"][
            size
        ]
    for index in range(-WARMUP_ORDERS, args.orders):
        for variant in args.variants:
            row = rows[variant]
            if row.get("error"):
                continue
            ctx = contexts[variant]
            warm = index < 0
            partner_id = ctx["warm_id"] if warm else ctx["customers"][size][0]
            lines = UNPAID_LINES if size == UNPAID_ROW else 3
            try:
                order_id, seconds, cpu, queries = ctx["bench"].measure_one(
                    variant, partner_id, index + WARMUP_ORDERS, ctx["users"], lines
                )
                if size == UNPAID_ROW and not warm:
                    # The customer stays new: its measured orders are
                    # cancelled one by one, so none counts as its past.
                    ctx["bench"].cancel_orders([order_id])
            except BenchFailure as exc:
                say(f"  FAILED: {exc}")
                row["error"] = str(exc)
                continue
            except Exception as exc:  # noqa: BLE001
                traceback.print_exc()
                row["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
                continue
            made[variant].append(order_id)
            if not warm:
                row["times"].append(seconds)
                row["cpu"].append(cpu)
                row["queries"].append(queries)
    for variant in args.variants:
        row = rows[variant]
        if made[variant]:
            # the customer's history stays at N for the next N / run
            contexts[variant]["bench"].cancel_orders(made[variant])
        if not row.get("error") and row["times"]:
            say(
                f"  {variant:<9} N={size}: median "
                f"{statistics.median(row['times']) * 1000:.1f} ms, "
                f"{statistics.fmean(row['queries']):.1f} queries"
            )
    return [rows[variant] for variant in args.variants]


def mass_review_step(contexts, errors, rounds):
    """ours: one action_submit_review() on 1,000 quotations, ``rounds`` times
    (each on new quotations): the median round is reported, beside every
    round's rate. One round moved by 10 % or more between runs on a shared
    machine."""
    if "ours" in errors:
        return {"error": errors["ours"]}
    bench = contexts["ours"]["bench"]
    try:
        say(
            f"== mass review: {MASS_ORDERS} quotations, {MASS_CUSTOMERS} customers, "
            f"{rounds} round(s)"
        )
        mass_ids = [
            bench.ensure_history(f"BENCH-MASS-{i}", f"Bench mass customer {i}", 10)[0]
            for i in range(1, MASS_CUSTOMERS + 1)
        ]
        measured = []
        for _round in range(max(rounds, 1)):
            mass = bench.mass_review(mass_ids)
            if mass is None:
                return {
                    "skipped": "sale.order has no action_submit_review() in this "
                    "version of customer_order_review"
                }
            # reviewed orders cannot be deleted: cancel them, so that a kept
            # database's customers stay as they were (and the next round's
            # quotations repeat no open order)
            bench.cancel_orders(mass["order_ids"])
            say(
                f"  round {len(measured) + 1}: {mass['seconds']:.2f} s, "
                f"{MASS_ORDERS / mass['seconds']:.1f} orders/s"
            )
            measured.append(mass)
        measured.sort(key=lambda mass: mass["seconds"])
        median = dict(measured[len(measured) // 2])
        median["rounds"] = [mass["seconds"] for mass in measured]
        return median
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc()
        return {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}


def main():
    args = parse_args()
    odoo_bin = find_odoo_bin()
    ensure_odoo_python(odoo_bin)
    try:
        import odoo.release
    except ImportError:
        sys.exit(f"[bench] ERROR: {sys.executable} cannot import odoo")
    if odoo.release.major_version != "18.0":
        sys.exit(f"[bench] ERROR: Odoo {odoo.release.major_version} found; needs 18.0")
    say(f"Odoo {odoo.release.version} at {odoo_bin}, Python {sys.executable}")
    say(
        f"variants {','.join(args.variants)}; history N={args.sizes}; "
        f"{args.orders} quotations per variant and N; "
        f"{os.cpu_count()} CPUs, load average {load_average()}"
    )

    databases = []
    for variant in args.variants:
        db = VARIANTS[variant] + args.db_suffix
        if db not in databases:
            databases.append(db)
    ready = {db: build_db(odoo_bin, db, args.rebuild, args.update) for db in databases}

    paths = base_addons_paths() + [REPO_ROOT]
    if os.path.isdir(OCA_ADDONS):
        paths.append(OCA_ADDONS)
    odoo_mod = start_odoo(paths)

    contexts, errors = setup_all(args, odoo_mod, ready)
    results = []
    for size in args.sizes + ([UNPAID_ROW] if args.unpaid else []):
        results.extend(measure_size(args, size, contexts, errors))
    mass = None
    if "ours" in args.variants and not args.no_mass_review:
        mass = mass_review_step(contexts, errors, args.mass_rounds)

    say(f"done (load average {load_average()})")
    print_table(results, mass)
    failed = any(row.get("error") for row in results) or bool(mass and "error" in mass)
    if not args.keep:
        for db in databases:
            if db_exists(db):
                say(f"dropping {db} (use --keep to keep it)")
                drop_db(db)
    if failed:
        say("FAILED: see the messages above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
