# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util

from conftest import REPO

spec = importlib.util.spec_from_file_location(
    "checklog", REPO / "tools" / "checklog.py"
)
checklog = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checklog)

PREFIX = "2026-11-22 07:01:51,601 6474"


def line(level, logger, message):
    return f"{PREFIX} {level} testdb {logger}: {message}\n"


CLEAN = [
    "Running as user 'root' is a security risk.\n",
    line("INFO", "odoo.modules.loading", "Modules loaded."),
    line("INFO", "odoo.addons.x.tests.test_a", "Starting TestA.test_one ..."),
    line(
        "INFO",
        "odoo.tests.result",
        "0 failed, 0 error(s) of 5 tests when loading database 'testdb'",
    ),
]


def test_clean_log_passes():
    report = checklog.parse(CLEAN)
    assert report.ok
    assert (report.passed, report.failed, report.skipped) == (5, 0, 0)


def test_warning_line_fails_the_run():
    report = checklog.parse(
        [
            *CLEAN[:2],
            line("WARNING", "odoo.models", "Two fields have the same label"),
            *CLEAN[2:],
        ]
    )
    assert not report.ok
    assert len(report.bad_lines) == 1
    assert "same label" in report.bad_lines[0]


def test_failed_tests_are_counted_and_fail():
    report = checklog.parse(
        [
            line("ERROR", "odoo.addons.x.tests.test_a", "FAIL: TestA.test_one"),
            line(
                "ERROR",
                "odoo.tests.result",
                "1 failed, 2 error(s) of 9 tests when loading database 'testdb'",
            ),
        ]
    )
    assert not report.ok
    assert (report.passed, report.failed, report.errors) == (6, 1, 2)


def test_log_without_report_fails():
    report = checklog.parse(CLEAN[:3])
    assert report.tests_run is None
    assert not report.ok


def test_zero_tests_is_a_problem():
    report = checklog.parse(
        [
            line(
                "WARNING",
                "odoo.tests.result",
                "0 failed, 0 error(s) of 0 tests when loading database 'testdb'",
            )
        ]
    )
    assert not report.ok


def test_skips_are_counted():
    report = checklog.parse(
        [
            line(
                "INFO", "odoo.addons.x.tests.test_a", "skipped TestA.test_two : no mrp"
            ),
            CLEAN[-1],
        ]
    )
    assert report.ok
    assert (report.passed, report.skipped) == (4, 1)


def test_multiline_traceback_continuation_is_ignored():
    report = checklog.parse(
        [*CLEAN, "Traceback (most recent call last):\n", "  File x\n"]
    )
    assert report.ok


def test_main_prints_counts(tmp_path, capsys):
    log = tmp_path / "odoo.log"
    log.write_text("".join(CLEAN))
    assert checklog.main([str(log)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "5 0 0"
