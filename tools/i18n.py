#!/usr/bin/env python3
# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Refresh each addon's i18n/<addon>.pot from Odoo and merge it into zh_CN.po.

Run with Odoo's Python against a database where the addons are installed:

    /opt/odoo-venv/bin/python tools/i18n.py -d order_desk_demo [addon ...]

Existing translations are kept; new terms get an empty msgstr; terms that left
the code are dropped. Prints, per addon, how many terms still lack a translation.
"""

import argparse
import io
import os
import pathlib
import sys

import polib

REPO = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ["customer_order_review", "order_logistics_tracking", "order_analytics"]
LANG = "zh_CN"


def export_pot(env, addon):
    from odoo.tools.translate import trans_export  # noqa: PLC0415

    buf = io.BytesIO()
    trans_export(False, [addon], buf, "po", env.cr)
    return polib.pofile(buf.getvalue().decode())


def merge(pot, po_path):
    old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": "Odoo Server 18.0",
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": LANG,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    missing = 0
    for entry in pot:
        previous = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = previous.msgstr if previous else ""
        if not entry.msgstr:
            missing += 1
        po.append(entry)
    po.save(str(po_path))
    return missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("addons", nargs="*", default=ADDONS)
    args = parser.parse_args(argv)

    import odoo  # noqa: PLC0415

    base = [p for p in odoo.addons.__path__ if os.path.isdir(os.path.join(p, "base"))]
    addons_path = ",".join([*base, str(REPO)])
    odoo.tools.config.parse_config(
        ["-d", args.database, "--log-level=warn", f"--addons-path={addons_path}"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    status = 0
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        for addon in args.addons:
            i18n = REPO / addon / "i18n"
            os.makedirs(i18n, exist_ok=True)
            pot = export_pot(env, addon)
            pot.wrapwidth = 78
            pot.save(str(i18n / f"{addon}.pot"))
            missing = merge(pot, i18n / f"{LANG}.po")
            print(f"{addon}: {len(pot)} terms, {missing} without a {LANG} translation")
            status = status or bool(missing)
    return status


if __name__ == "__main__":
    sys.exit(main())
