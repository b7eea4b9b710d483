# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import re

import pytest
from conftest import ADDONS, REPO

DEPENDS = {
    "customer_order_review": {
        "sale_management",
        "sale_stock",
        "account",
        "portal",
        "mail",
    },
    "order_logistics_tracking": {
        "sale_stock",
        "stock_delivery",
        "portal",
        "survey",
        "mail",
    },
    # The dashboard and digest are Odoo Community's own apps.
    "order_analytics": {
        "customer_order_review",
        "order_logistics_tracking",
        "spreadsheet_dashboard",
        "digest",
    },
}


def manifest(addon):
    return ast.literal_eval((REPO / addon / "__manifest__.py").read_text())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_keys(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    for key in (
        "name",
        "summary",
        "license",
        "author",
        "website",
        "maintainers",
        "development_status",
    ):
        assert data.get(key), f"{addon}: {key} missing"
    assert data["license"] in {"LGPL-3", "AGPL-3"}
    assert data.get("installable", True) is True
    assert set(data["depends"]) == DEPENDS[addon]


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_files_exist(addon):
    data = manifest(addon)
    for key in ("data", "demo"):
        for path in data.get(key, []):
            assert (REPO / addon / path).is_file(), (
                f"{addon}: {path} listed but missing"
            )


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_layout(addon):
    root = REPO / addon
    for path in (
        "pyproject.toml",
        "static/description/icon.png",
        "readme/DESCRIPTION.md",
        "i18n/zh_CN.po",
        "tests/__init__.py",
    ):
        assert (root / path).is_file(), f"{addon}: {path} missing"


def test_logistics_does_not_need_order_review():
    """DESIGN.md: order_logistics_tracking installs without customer_order_review."""
    assert (
        "customer_order_review" not in manifest("order_logistics_tracking")["depends"]
    )
