# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The README's two commands when Odoo is missing or misconfigured."""

import os
import subprocess

import pytest
from conftest import REPO

# tools/test.sh runs this file itself; do not recurse into it from there.
nested = pytest.mark.skipif(
    os.environ.get("ORDER_DESK_NESTED") == "1", reason="already inside tools/test.sh"
)


def run(script, *args, **env):
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/tmp"),
        "ORDER_DESK_DEFAULT_ODOO_BIN": "/nonexistent/odoo-venv/bin/odoo",
        "ORDER_DESK_NESTED": "1",
    }
    base.update(env)
    return subprocess.run(
        ["bash", str(REPO / "tools" / script), *args],
        env=base,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_run_without_odoo_says_what_is_missing():
    result = run("run.sh")
    assert result.returncode == 1
    assert "Odoo 18.0 was not found" in result.stderr
    assert "ODOO_BIN" in result.stderr
    assert "/opt/odoo-venv/bin/odoo" in result.stderr
    # It stopped before touching PostgreSQL or creating anything.
    assert "PostgreSQL" not in result.stderr


def test_run_with_wrong_odoo_bin_names_it(tmp_path):
    result = run("run.sh", ODOO_BIN=str(tmp_path / "no-such-odoo"))
    assert result.returncode == 1
    assert f"ODOO_BIN is set to '{tmp_path / 'no-such-odoo'}'" in result.stderr


def test_run_refuses_an_odoo_that_does_not_import(tmp_path):
    fake = tmp_path / "odoo"
    fake.write_text("#!/usr/bin/python3\nprint('not odoo')\n")
    fake.chmod(0o755)
    result = run("run.sh", ODOO_BIN=str(fake))
    assert result.returncode == 1
    assert "cannot import odoo" in result.stderr


@nested
def test_test_command_without_odoo_runs_pytest_and_says_suite_not_run():
    result = run("test.sh", "--no-lint")
    assert result.returncode == 1
    assert "The Odoo suite was NOT run" in result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.endswith("skipped")
    assert " passed, " in last


def test_test_command_rejects_unknown_addon():
    result = run("test.sh", "--no-lint", "no_such_addon")
    assert result.returncode == 1
    assert "'no_such_addon' is not an addon of this repository" in result.stderr
