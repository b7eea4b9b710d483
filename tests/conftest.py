# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tests that need no Odoo: the harness, the manifests, the translations."""

import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ("customer_order_review", "order_logistics_tracking", "order_analytics")


@pytest.fixture
def repo():
    return REPO
