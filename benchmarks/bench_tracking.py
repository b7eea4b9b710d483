# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: what carrier tracking costs (order_logistics_tracking).

Prints, in one run on the database ``bench_tracking`` (created with the addon
when missing, no demo data):

``ingest``
    10,000 carrier events for 2,000 shipments, as 2,000 signed Kuaidi100
    pushes of 5 events stored in the push inbox, then applied by the push cron
    in its batches: events per second (target >= 1,000), and the queries of
    applying one push of 1 event and one of 50 (target: the same).
``push``
    a Kuaidi100 push posted to the real route of a running Odoo on 127.0.0.1,
    against Odoo's own ``/web/webclient/version_info`` in the same run,
    interleaved: median times and their ratio (target <= 2).
``detectors``
    the exception detectors over 100,000 open shipments (target <= 5 s),
    when the addon has them.

Run with Odoo's Python::

    /opt/odoo-venv/bin/python benchmarks/bench_tracking.py [--keep] [--update]
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_order_review as common  # noqa: E402 - the shared helpers

DB = "bench_tracking"
MODULE = "order_logistics_tracking"
SHIPMENTS = 2000
EVENTS_PER_PUSH = 5
PUSH_ROUNDS = 60
DETECTOR_SHIPMENTS = 100_000
SALT = "bench-salt"
HTTP_PORT = int(os.environ.get("ORDER_DESK_BENCH_HTTP_PORT", "8391"))
say = common.say


def kd100_param(number, events, start_hour=0):
    nodes = [
        {
            "time": f"2026-11-{1 + (start_hour + i) // 24:02d} "
            f"{(start_hour + i) % 24:02d}:00:00",
            "ftime": "",
            "context": f"scan {start_hour + i} of {number}",
            "areaName": "上海市",
            "statusCode": "1002",
        }
        for i in range(events)
    ]
    return json.dumps(
        {
            "status": "polling",
            "autoCheck": "0",
            "comOld": "",
            "comNew": "",
            "lastResult": {
                "message": "ok",
                "state": "0",
                "status": "200",
                "ischeck": "0",
                "com": "yuantong",
                "nu": number,
                "data": nodes,
            },
        },
        ensure_ascii=False,
    )


def sign(param):
    return hashlib.md5((param + SALT).encode()).hexdigest().upper()


class Bench:
    def __init__(self, odoo):
        self.odoo = odoo
        self.registry = odoo.modules.registry.Registry(DB)

    def env(self, cr):
        return self.odoo.api.Environment(cr, self.odoo.SUPERUSER_ID, {})

    def setup(self):
        """A tracked carrier and one delivery holding the bench's parcels;
        the ids are kept. Parcels of earlier runs are left as they are."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            carrier = env["delivery.carrier"].search([("name", "=", "Bench YTO")])
            if not carrier:
                product = env["product.product"].create(
                    {"name": "Bench shipping", "type": "service"}
                )
                carrier = env["delivery.carrier"].create(
                    {"name": "Bench YTO", "product_id": product.id}
                )
            carrier.write(
                {
                    "tracking_provider": "kuaidi100",
                    "kuaidi100_customer": "BENCH",
                    "kuaidi100_key": "bench",
                    "kuaidi100_salt": SALT,
                    "kuaidi100_company_code": "yuantong",
                }
            )
            warehouse = env["stock.warehouse"].search([], limit=1)
            partner = env["res.partner"].create({"name": "Bench customer"})
            picking = env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": partner.id,
                    "carrier_id": carrier.id,
                }
            )
            self.carrier_id, self.picking_id = carrier.id, picking.id

    def new_shipments(self, cr, refs):
        env = self.env(cr)
        Shipment = env["order.shipment"]
        return Shipment._tracking_sudo().create(
            [
                {
                    "name": ref,
                    "picking_id": self.picking_id,
                    "carrier_id": self.carrier_id,
                    "subscription_state": "subscribed",
                }
                for ref in refs
            ]
        )

    def ingest(self):
        """2,000 pushes of 5 events, applied by the push cron's batches."""
        run = int(time.time())
        refs = [f"BN{run}{i:05d}" for i in range(SHIPMENTS)]
        with self.registry.cursor() as cr:
            self.new_shipments(cr, refs)
            env = self.env(cr)
            carrier = env["delivery.carrier"].browse(self.carrier_id)
            Push = env["order.tracking.push"]
            for ref in refs:
                Push._store(carrier, kd100_param(ref, EVENTS_PER_PUSH))
        events = 0
        started = time.perf_counter()
        while True:
            with self.registry.cursor() as cr:
                env = self.env(cr)
                before = env["order.tracking.event"].search_count([])
                remaining = env["order.tracking.push"]._cron_process()
                env.flush_all()
                events += env["order.tracking.event"].search_count([]) - before
            if not remaining:
                break
        seconds = time.perf_counter() - started
        return {"events": events, "seconds": seconds, "per_second": events / seconds}

    def push_queries(self):
        """Queries of applying one push of 1 event and one of 50."""
        counts = {}
        with self.registry.cursor() as cr:
            env = self.env(cr)
            carrier = env["delivery.carrier"].browse(self.carrier_id)
            run = int(time.time())
            for size in (1, 1, 50):
                ref = f"BQ{run}{size}{len(counts)}"
                self.new_shipments(cr, [ref])
                env["order.tracking.push"]._store(carrier, kd100_param(ref, size))
                push = env["order.tracking.push"].search(
                    [("state", "=", "new")], limit=1
                )
                env.flush_all()
                env.invalidate_all()
                q0 = cr.sql_log_count
                push._process()
                env.flush_all()
                counts[len(counts)] = (size, cr.sql_log_count - q0)
            cr.rollback()
        return [counts[1], counts[2]]  # the first one warmed the caches

    def detectors(self):
        """The time-based exception detectors over 100,000 open shipments:
        the scan (each detector's candidate query and its count) and one cron
        batch (which also opens the batch's cases)."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            Exception_ = env.get("order.delivery.exception")
            if Exception_ is None:
                return None
            Shipment = env["order.shipment"]
            have = Shipment.search_count([("final", "=", False)])
            todo = max(DETECTOR_SHIPMENTS - have, 0)
            if todo:
                # Fixture rows, inserted in SQL: the ORM would take minutes.
                # Half of them are silent for days, all are late.
                cr.execute(
                    """
                    INSERT INTO order_shipment
                        (name, picking_id, carrier_id, company_id, status, final,
                         subscription_state, last_event_time, create_date, write_date)
                    SELECT 'BD' || g, %s, %s, p.company_id, 'in_transit', false,
                           'subscribed', now() - (g %% 240) * interval '1 hour',
                           now(), now()
                      FROM generate_series(1, %s) g, stock_picking p
                     WHERE p.id = %s
                    """,
                    [self.picking_id, self.carrier_id, todo, self.picking_id],
                )
                cr.execute(
                    "UPDATE stock_picking SET scheduled_date = now() - interval "
                    "'3 days', date_deadline = now() - interval '3 days' WHERE id = %s",
                    [self.picking_id],
                )
                cr.commit()
            env.invalidate_all()
            started = time.perf_counter()
            found = {}
            for kind, condition in (
                ("delay", Exception_._delay_condition()),
                ("no_scan", Exception_._no_scan_condition()),
            ):
                ids = Exception_._fetch_candidates(condition, kind, 201)
                found[kind] = (len(ids), Exception_._count_candidates(condition, kind))
            scan = time.perf_counter() - started
            started = time.perf_counter()
            Exception_._cron_detect()
            env.flush_all()
            batch = time.perf_counter() - started
            cr.rollback()
        return {
            "shipments": DETECTOR_SHIPMENTS,
            "scan": scan,
            "batch": batch,
            "found": found,
        }


def serve(odoo_bin, paths):
    log = os.path.join(common.LOG_DIR, "serve_bench_tracking.log")
    os.makedirs(common.LOG_DIR, exist_ok=True)
    cmd = [
        odoo_bin,
        "-d",
        DB,
        f"--db-filter=^{DB}$",
        f"--addons-path={','.join(paths)}",
        "--http-interface=127.0.0.1",
        f"--http-port={HTTP_PORT}",
        "--workers=0",
        "--max-cron-threads=0",
        f"--logfile={log}",
    ]
    process = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    import requests

    for _attempt in range(120):
        try:
            if requests.get(f"http://127.0.0.1:{HTTP_PORT}/web/health", timeout=1).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"Odoo did not start on port {HTTP_PORT} (log: {log})")


def push_latency(carrier_id):
    """Interleaved: version_info, then a signed push; median of each."""
    import requests

    session = requests.Session()
    base = f"http://127.0.0.1:{HTTP_PORT}"
    push_url = f"{base}/order_logistics/kuaidi100/push/{carrier_id}"
    version, push = [], []
    run = int(time.time())
    for index in range(PUSH_ROUNDS + 5):
        t0 = time.perf_counter()
        answer = session.post(
            f"{base}/web/webclient/version_info",
            json={"jsonrpc": "2.0", "method": "call", "params": {}},
            timeout=10,
        )
        t1 = time.perf_counter()
        param = kd100_param(f"BP{run}{index:04d}", 3)
        reply = session.post(
            push_url, data={"param": param, "sign": sign(param)}, timeout=10
        )
        t2 = time.perf_counter()
        if not (answer.ok and reply.ok and b'"returnCode":"200"' in reply.content):
            raise RuntimeError(
                f"unexpected answers {answer.status_code} {reply.status_code}"
            )
        if index >= 5:  # warm-up rounds are not counted
            version.append(t1 - t0)
            push.append(t2 - t1)
    return statistics.median(version), statistics.median(push)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep bench_tracking")
    parser.add_argument("--rebuild", action="store_true", help="recreate it first")
    parser.add_argument("--update", action="store_true", help="update the addon first")
    args = parser.parse_args()
    odoo_bin = common.find_odoo_bin()
    paths_extra = [common.REPO_ROOT]
    if args.rebuild and common.db_exists(DB):
        common.drop_db(DB)
    if not common.db_exists(DB):
        ok = common.run_odoo(odoo_bin, DB, "-i", [MODULE], paths_extra, "install")
    elif args.update:
        ok = common.run_odoo(odoo_bin, DB, "-u", [MODULE], paths_extra, "update")
    else:
        ok = True
    if not ok:
        return 1
    paths = common.base_addons_paths() + paths_extra
    odoo = common.start_odoo(paths)
    bench = Bench(odoo)
    bench.setup()
    say(f"ingest: {SHIPMENTS} shipments, {SHIPMENTS * EVENTS_PER_PUSH} events")
    ingest = bench.ingest()
    queries = bench.push_queries()
    say(f"push latency: {PUSH_ROUNDS} rounds against version_info")
    process = serve(odoo_bin, paths)
    try:
        version, push = push_latency(bench.carrier_id)
    finally:
        process.terminate()
        process.wait(timeout=30)
    say(f"detectors: {DETECTOR_SHIPMENTS} open shipments")
    detectors = bench.detectors()
    print()
    print(
        f"ingest: {ingest['events']} events in {ingest['seconds']:.2f} s = "
        f"{ingest['per_second']:.0f} events/s (target >= 1000)"
    )
    print(
        "queries to apply one push: "
        + ", ".join(f"{size} event(s): {count}" for size, count in queries)
        + (" (the same)" if queries[0][1] == queries[1][1] else " (DIFFERENT)")
    )
    print(
        f"push answered in {push * 1000:.1f} ms median, version_info in "
        f"{version * 1000:.1f} ms: x{push / version:.2f} (target <= 2)"
    )
    if detectors is None:
        print("detectors: not in this version of the addon")
    else:
        found = ", ".join(
            f"{kind}: {count}" for kind, (_n, count) in detectors["found"].items()
        )
        print(
            f"detectors: {detectors['shipments']} open shipments scanned in "
            f"{detectors['scan']:.2f} s (target <= 5; candidates {found}); one cron "
            f"batch, opening its cases, {detectors['batch']:.2f} s"
        )
    if not args.keep:
        common.drop_db(DB)
    return 0


if __name__ == "__main__":
    sys.exit(main())
