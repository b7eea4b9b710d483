# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The README's two commands when Odoo is missing or misconfigured, their
wkhtmltopdf install, and tools/core_suites.py (Odoo's core suites judged against
plain Odoo's baseline)."""

import importlib.util
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


def test_test_command_core_only_and_no_core_contradict():
    result = run("test.sh", "--core-only", "--no-core")
    assert result.returncode == 1
    assert "contradict" in result.stderr


def test_test_command_core_only_takes_no_addon():
    result = run("test.sh", "--core-only", "customer_order_review")
    assert result.returncode == 1
    assert "--core-only runs no addon's own tests" in result.stderr


def test_help_names_the_core_options():
    result = run("test.sh", "--help")
    assert result.returncode == 0
    for option in ("--no-core", "--core-only", "--core-baseline"):
        assert option in result.stdout
    assert "set -uo" not in result.stdout  # the header only


# --- wkhtmltopdf ------------------------------------------------------------------


def fake_bin(tmp_path, installs_wkhtmltopdf):
    """A PATH with only fake id, apt-get (which records its calls) and env."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    install = (
        f"printf '#!/bin/sh\\n' > {bin_dir}/wkhtmltopdf; chmod +x {bin_dir}/wkhtmltopdf"
        if installs_wkhtmltopdf
        else ":"
    )
    scripts = {
        "id": "#!/bin/sh\necho 0\n",
        "apt-get": f'#!/bin/sh\necho "$@" >> {calls}\n'
        f'case "$*" in *install*) {install} ;; esac\n',
    }
    for name, text in scripts.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    for tool in ("env", "sh", "chmod", "printf"):
        for where in ("/usr/bin", "/bin"):
            if os.path.exists(f"{where}/{tool}"):
                (bin_dir / tool).symlink_to(f"{where}/{tool}")
                break
    return bin_dir, calls


def ensure_wkhtmltopdf(bin_dir):
    script = f'source "{REPO}/tools/common.sh"; ensure_wkhtmltopdf && echo READY'
    return subprocess.run(
        ["/bin/bash", "-c", script],
        env={"PATH": str(bin_dir), "HOME": "/tmp"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_wkhtmltopdf_is_installed_from_debian_when_missing(tmp_path):
    bin_dir, calls = fake_bin(tmp_path, installs_wkhtmltopdf=True)
    result = ensure_wkhtmltopdf(bin_dir)
    assert result.returncode == 0, result.stderr
    assert "READY" in result.stdout
    assert "installing it from Debian" in result.stderr
    assert "install -y -q wkhtmltopdf" in calls.read_text()


def test_wkhtmltopdf_present_is_left_alone(tmp_path):
    bin_dir, calls = fake_bin(tmp_path, installs_wkhtmltopdf=True)
    (bin_dir / "wkhtmltopdf").write_text("#!/bin/sh\n")
    (bin_dir / "wkhtmltopdf").chmod(0o755)
    result = ensure_wkhtmltopdf(bin_dir)
    assert result.returncode == 0, result.stderr
    assert not calls.exists()


def test_wkhtmltopdf_install_failure_stops(tmp_path):
    bin_dir, _calls = fake_bin(tmp_path, installs_wkhtmltopdf=False)
    result = ensure_wkhtmltopdf(bin_dir)
    assert result.returncode == 1
    assert "wkhtmltopdf" in result.stderr
    assert "READY" not in result.stdout


def test_both_commands_ensure_wkhtmltopdf():
    assert "ensure_wkhtmltopdf" in (REPO / "tools" / "run.sh").read_text()
    assert "ensure_wkhtmltopdf" in (REPO / "tools" / "test.sh").read_text()


# --- tools/core_suites.py ------------------------------------------------------------

spec = importlib.util.spec_from_file_location(
    "core_suites", REPO / "tools" / "core_suites.py"
)
core_suites = importlib.util.module_from_spec(spec)
spec.loader.exec_module(core_suites)

PREFIX = "2026-12-01 23:16:51,340 8704"


def line(level, logger, message):
    return f"{PREFIX} {level} coredb {logger}: {message}\n"


def report(failed, errors, run):
    level = "ERROR" if failed or errors else "INFO"
    return line(
        level,
        "odoo.tests.result",
        f"{failed} failed, {errors} error(s) of {run} tests "
        "when loading database 'coredb'",
    )


SALE = "odoo.addons.sale.tests.test_sale_order"
STOCK = "odoo.addons.sale_stock.tests.test_sale_stock"

# The install run (at_install tests), then the post_install run.
INSTALL_LOG = [
    "Running as user 'root' is a security risk.\n",
    line("INFO", SALE, "Starting TestSaleOrder.test_one ..."),
    line("ERROR", SALE, "FAIL: TestSaleOrder.test_one"),
    "Traceback (most recent call last):\n",
    '  File "/opt/odoo-src/odoo/addons/sale/tests/test_sale_order.py", line 9\n',
    "AssertionError: 10.0 != 12.0\n",
    "- 10.0\n",
    "+ 12.0\n",
    "\n",
    line("WARNING", "odoo.addons.sale.tests.test_x", "websocket-client missing"),
    line("INFO", SALE, "skipped TestSaleOrder.test_tour : no browser"),
    line("ERROR", STOCK, "ERROR: Subtest TestSaleStock.test_qty (qty=1)"),
    "ValidationError: The order is in review\n",
    line("ERROR", STOCK, "ERROR: Subtest TestSaleStock.test_qty (qty=2)"),
    "ValidationError: The order is in review\n",
    report(0, 2, 100),
]
POST_LOG = [
    line(
        "ERROR",
        "odoo.addons.sale_management.tests.test_sale_ui",
        "ERROR: setUpClass (odoo.addons.sale_management.tests.test_sale_ui.TestUi)",
    ),
    "odoo.exceptions.UserError: boom\n",
    "• a second line of the message\n",
    line("WARNING", "odoo.models", "something core says"),
    report(0, 1, 20),
]


def test_test_ids_name_module_class_and_method():
    assert (
        core_suites.test_id(SALE, "TestSaleOrder.test_one")
        == "sale.tests.test_sale_order.TestSaleOrder.test_one"
    )


def test_subtests_fold_into_their_test():
    assert (
        core_suites.test_id(STOCK, "Subtest TestSaleStock.test_qty (qty=1)")
        == "sale_stock.tests.test_sale_stock.TestSaleStock.test_qty"
    )


def test_class_level_errors_keep_their_description():
    assert (
        core_suites.test_id(
            "odoo.addons.sale.tests.x", "setUpClass (odoo.addons.sale.tests.x.TestX)"
        )
        == "setUpClass (sale.tests.x.TestX)"
    )


def test_parse_both_runs():
    run = core_suites.parse(INSTALL_LOG + POST_LOG)
    assert run.finished
    assert run.tests_run == 120
    assert (run.failed, run.errors) == (0, 3)
    assert run.skipped == 1
    assert set(run.failing) == {
        "sale.tests.test_sale_order.TestSaleOrder.test_one",
        "sale_stock.tests.test_sale_stock.TestSaleStock.test_qty",
        "setUpClass (sale_management.tests.test_sale_ui.TestUi)",
    }
    # The failure message is the traceback's last line: the exception.
    assert (
        run.failing["sale.tests.test_sale_order.TestSaleOrder.test_one"]
        == "AssertionError: 10.0 != 12.0"
    )
    assert run.warnings == 2
    assert run.error_lines == 6  # 4 failures and the two runs' reports (ERROR level)
    assert run.passed == 120 - 1 - 3


def test_log_without_report_did_not_finish():
    run = core_suites.parse(INSTALL_LOG[:-1])
    assert not run.finished
    comparison = core_suites.compare(run.failing, set(run.failing))
    assert comparison.ok
    # Not finishing counts as one failure.
    assert core_suites.counts(run, comparison)[1] == 1


def test_info_lines_mentioning_fail_are_not_failures():
    run = core_suites.parse(
        [line("INFO", SALE, "FAIL: not really, an INFO line"), report(0, 0, 3)]
    )
    assert run.failing == {}
    assert run.passed == 3


def test_read_baseline_skips_comments_and_blank_lines():
    text = "# measured on plain Odoo\n\nsale.tests.a.TestA.test_x  # flaky?\n  b.T.t\n"
    assert core_suites.read_baseline(text) == {"sale.tests.a.TestA.test_x", "b.T.t"}


def test_same_failures_as_baseline_pass():
    comparison = core_suites.compare({"a.T.t1"}, {"a.T.t1"})
    assert comparison.ok
    assert comparison.known == ["a.T.t1"]
    assert comparison.new == comparison.fixed == []


def test_new_failure_fails():
    comparison = core_suites.compare({"a.T.t1", "a.T.t2"}, {"a.T.t1"})
    assert not comparison.ok
    assert comparison.new == ["a.T.t2"]


def test_baseline_test_now_passing_is_not_a_failure():
    comparison = core_suites.compare(set(), {"a.T.t1"})
    assert comparison.ok
    assert comparison.fixed == ["a.T.t1"]


def test_counts_known_failures_as_skipped_and_new_ones_as_failed():
    run = core_suites.parse(INSTALL_LOG + POST_LOG)
    baseline = {"sale.tests.test_sale_order.TestSaleOrder.test_one"}
    comparison = core_suites.compare(run.failing, baseline)
    passed, failed, skipped = core_suites.counts(run, comparison)
    assert (passed, failed, skipped) == (116, 2, 1 + 1)
    text = "\n".join(core_suites.report_lines(run, comparison))
    new = "NEW FAILURE: sale_stock.tests.test_sale_stock.TestSaleStock.test_qty"
    assert new in text
    assert "ValidationError: The order is in review" in text
    assert "odoo.exceptions.UserError: boom" in text
    assert "known failure, fails on plain Odoo too" in text
    assert "2 test(s) fail that pass on plain Odoo" in text


def test_main_check(tmp_path, capsys):
    install, post = tmp_path / "install.log", tmp_path / "post.log"
    install.write_text("".join(INSTALL_LOG))
    post.write_text("".join(POST_LOG))
    baseline = tmp_path / "baseline.txt"
    baseline.write_text(
        "# plain Odoo\n"
        "sale.tests.test_sale_order.TestSaleOrder.test_one\n"
        "sale_stock.tests.test_sale_stock.TestSaleStock.test_qty\n"
        "setUpClass (sale_management.tests.test_sale_ui.TestUi)\n"
        "sale.tests.gone.TestGone.test_fixed\n"
    )
    argv = ["check", str(install), str(post), "--baseline", str(baseline)]
    assert core_suites.main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().splitlines()[-1] == "116 0 4"
    assert "baseline test now passes (not a failure): sale.tests.gone" in captured.err
    assert "same failures as plain Odoo" in captured.err

    baseline.write_text("")
    assert core_suites.main(argv) == 1
    assert capsys.readouterr().out.strip().splitlines()[-1] == "116 3 1"


def test_main_failures_lists_ids(tmp_path, capsys):
    log = tmp_path / "odoo.log"
    log.write_text("".join(INSTALL_LOG))
    assert core_suites.main(["failures", str(log)]) == 0
    assert capsys.readouterr().out.split() == [
        "sale.tests.test_sale_order.TestSaleOrder.test_one",
        "sale_stock.tests.test_sale_stock.TestSaleStock.test_qty",
    ]


def test_shipped_baseline_is_readable():
    text = (REPO / "tools" / "core_baseline.txt").read_text()
    assert text.startswith("#")
    core_suites.read_baseline(text)
