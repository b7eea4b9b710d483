# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: the Odoo side of forecasting 1,000 products.

Loads the registry of a database with order_analytics installed (Odoo as a
library), creates 1,000 products in a transaction that is rolled back at the
end, and times what ``order.analytics.forecast._forecast_company`` does after
its one aggregate query: a forecast with backtest per product
(``_prepare_forecast_vals``, the catalogue of bench_planning.py) and the one
INSERT of the run's rows (``_insert_rows``). Target: <= 60 s on one core.

    /opt/odoo-venv/bin/python benchmarks/bench_planning_odoo.py -d oa_plan \\
        [--products 1000] [--addons-path ...]
"""

import argparse
import pathlib
import sys
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_planning  # noqa: E402 - one core settings and the catalogue

ODOO_SRC = "/opt/odoo-src"


def main():
    """Build the catalogue, forecast it through the model, print the time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", default="oa_plan")
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument(
        "--addons-path",
        default=f"{ODOO_SRC}/odoo/addons,{HERE.parent}",
    )
    args = parser.parse_args()
    sys.path.insert(0, ODOO_SRC)
    import odoo
    from odoo.api import SUPERUSER_ID, Environment
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["--addons-path", args.addons_path])
    registry = Registry(args.database)
    rng = np.random.default_rng(20261201)
    kinds = rng.choice(
        list(bench_planning.MIX),
        size=args.products,
        p=list(bench_planning.MIX.values()),
    )
    catalogue = [bench_planning.make_series(kind, rng) for kind in kinds]
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        products = env["product.product"].create(
            [{"name": f"Bench {i}", "is_storable": True} for i in range(args.products)]
        )
        forecasts = env["order.analytics.forecast"]
        start = time.perf_counter()
        rows = [
            forecasts._prepare_forecast_vals(product.id, series, 6, 12)
            for product, series in zip(products, catalogue, strict=True)
        ]
        fitted = time.perf_counter()
        forecasts._start_run(env.company)
        forecasts._insert_rows(env.company, odoo.fields.Datetime.now(), rows)
        done = time.perf_counter()
        count = forecasts.search_count([("is_latest", "=", True)])
        cr.rollback()
    print(
        f"{args.products} products x {bench_planning.PERIODS} months, horizon 6, "
        f"season 12, one core: forecasts {fitted - start:.1f} s, insert "
        f"{done - fitted:.2f} s, total {done - start:.1f} s (target 60 s); "
        f"{count} rows written (rolled back)"
    )


if __name__ == "__main__":
    main()
