#!/usr/bin/env python3
# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Judge a run of Odoo's own core test suites against plain Odoo's baseline.

tools/test.sh runs Odoo's ``sale``, ``sale_stock`` and ``sale_management``
suites in a database where the Order Desk addons are installed with the order
review switched off. Plain Odoo itself fails a few of those tests; they are
listed, one test id a line, in ``tools/core_baseline.txt``. The run passes when
the set of failing tests is exactly that baseline:

- a test that fails now but not on plain Odoo is a new failure: the run fails
  and the test is named;
- a baseline test that passes now is reported, but is not a failure.

WARNING lines are expected in core suites and not judged; they are counted.

    core_suites.py check LOG... [--baseline FILE]   judge the logs (of one run);
                                                    last stdout line is
                                                    "passed failed skipped"
    core_suites.py failures LOG...                  print the failing test ids
                                                 (to write a baseline)

Standard library only, so it runs (and is tested) without Odoo.
"""

import argparse
import pathlib
import re
import sys

DEFAULT_BASELINE = pathlib.Path(__file__).resolve().parent / "core_baseline.txt"

# "2026-11-22 07:00:00,123 4242 ERROR dbname odoo.addons.sale.tests.x: FAIL: ..."
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|TEST|RUNBOT|\?) "
    r"(?P<db>\S+) (?P<logger>[^:\s]+): (?P<message>.*)$"
)
# odoo/tests/result.py: "%s: %s\n%s" % (flavour, description, traceback)
FAILURE = re.compile(r"^(?P<flavour>FAIL|ERROR): (?P<description>.+?)\s*$")
# A subtest is "Subtest Class.method (params)": judged as its test method.
SUBTEST = re.compile(r"^Subtest (?P<test>\S+)(?: .*)?$")
REPORT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
SKIPPED = re.compile(r"^skipped \S+")
# "AssertionError: 1 != 2", "odoo.exceptions.UserError: ..."
EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Failure|Warning)\b:?")


def test_id(logger, description):
    """The id of a failing test from its log line.

    ``logger`` is the test's Python module (``odoo.addons.sale.tests.test_x``),
    ``description`` what follows ``FAIL:``/``ERROR:``: ``Class.method``,
    ``Subtest Class.method (params)`` (folded into ``Class.method``: subtest
    parameters can name record ids that differ between databases), or for
    a class-level error ``setUpClass (module.Class)`` (kept as it is).
    """
    description = description.strip()
    subtest = SUBTEST.match(description)
    if subtest:
        description = subtest["test"]
    module = logger
    if module.startswith("odoo.addons."):
        module = module[len("odoo.addons.") :]
    if " " in description:
        # setUpClass (odoo.addons.sale.tests.test_x.TestX) and the like
        return description.replace("odoo.addons.", "")
    return f"{module}.{description}"


class CoreRun:
    """What the log of a core suites run says."""

    def __init__(self):
        self.tests_run = None
        self.failed = 0  # Odoo's own counts (a subtest counts once each)
        self.errors = 0
        self.skipped = 0
        self.failing = {}  # test id -> its exception line
        self.warnings = 0
        self.error_lines = 0

    @property
    def finished(self):
        return self.tests_run is not None

    @property
    def passed(self):
        if self.tests_run is None:
            return 0
        return max(self.tests_run - self.skipped - len(self.failing), 0)


def parse(lines):
    """Return a :class:`CoreRun` for an iterable of log lines."""
    run = CoreRun()
    pending = None  # the test whose failure message follows on the next lines
    for raw in lines:
        line = raw.rstrip("\n")
        match = LOG_LINE.match(line)
        if not match:
            text = line.strip()
            if pending and text:
                # The message is the traceback's exception line ("...Error: why");
                # an exception's message can go on over more lines, so a later
                # line only replaces it when no exception line was seen yet.
                if EXCEPTION.match(text) or not EXCEPTION.match(
                    run.failing[pending] or ""
                ):
                    run.failing[pending] = text
            continue
        pending = None
        level, message = match["level"], match["message"]
        if level == "WARNING":
            run.warnings += 1
        elif level in ("ERROR", "CRITICAL"):
            run.error_lines += 1
        found = REPORT.search(message)
        if found:
            run.tests_run = (run.tests_run or 0) + int(found["run"])
            run.failed += int(found["failed"])
            run.errors += int(found["errors"])
            continue
        failure = FAILURE.match(message)
        if failure and level in ("ERROR", "CRITICAL"):
            tid = test_id(match["logger"], failure["description"])
            run.failing.setdefault(tid, "")
            pending = tid
            continue
        if level == "INFO" and SKIPPED.match(message):
            run.skipped += 1
    return run


def read_baseline(text):
    """Test ids of a baseline file's text: one a line, ``#`` starts a comment."""
    ids = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ids.add(line)
    return ids


class Comparison:
    """A run's failing tests against the baseline's."""

    def __init__(self, failing, baseline):
        failing = set(failing)
        baseline = set(baseline)
        self.new = sorted(failing - baseline)
        self.fixed = sorted(baseline - failing)
        self.known = sorted(failing & baseline)

    @property
    def ok(self):
        return not self.new


def compare(failing, baseline):
    return Comparison(failing, baseline)


def counts(run, comparison):
    """(passed, failed, skipped) for tools/test.sh's last line.

    Passed: core tests that passed. Failed: new failures, plus one when the run
    did not finish (no test report in the log). Skipped: tests Odoo skipped plus
    the baseline tests that still fail (plain Odoo fails them too).
    """
    failed = len(comparison.new) + (0 if run.finished else 1)
    return run.passed, failed, run.skipped + len(comparison.known)


def report_lines(run, comparison):
    """Human-readable lines about a run, for stderr."""
    lines = []
    if not run.finished:
        lines.append("the log has no test report: the core suites run did not finish")
    else:
        lines.append(
            f"core suites: {run.tests_run} tests run, {run.passed} passed, "
            f"{run.skipped} skipped, {len(run.failing)} failing "
            f"(Odoo counts {run.failed} failed, {run.errors} error(s)); "
            f"{run.warnings} WARNING and {run.error_lines} ERROR log lines "
            "(not judged for core suites)"
        )
    for tid in comparison.known:
        lines.append(f"known failure, fails on plain Odoo too: {tid}")
    for tid in comparison.fixed:
        lines.append(f"baseline test now passes (not a failure): {tid}")
    for tid in comparison.new:
        message = run.failing.get(tid) or ""
        lines.append(f"NEW FAILURE: {tid}" + (f"  -- {message}" if message else ""))
    if run.finished:
        if comparison.ok:
            lines.append("core suites: same failures as plain Odoo")
        else:
            lines.append(
                f"core suites: {len(comparison.new)} test(s) fail "
                "that pass on plain Odoo"
            )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="judge a log against the baseline")
    check.add_argument("logfiles", nargs="+", metavar="LOG")
    check.add_argument("--baseline", default=str(DEFAULT_BASELINE))
    failures = sub.add_parser("failures", help="print a log's failing test ids")
    failures.add_argument("logfiles", nargs="+", metavar="LOG")
    args = parser.parse_args(argv)

    lines = []
    for logfile in args.logfiles:
        with open(logfile, encoding="utf-8", errors="replace") as handle:
            lines.extend(handle)
    run = parse(lines)
    if args.command == "failures":
        for tid in sorted(run.failing):
            print(tid)
        if not run.finished:
            print("the log has no test report", file=sys.stderr)
            return 1
        return 0

    baseline = read_baseline(pathlib.Path(args.baseline).read_text(encoding="utf-8"))
    comparison = compare(run.failing, baseline)
    for line in report_lines(run, comparison):
        print(line, file=sys.stderr)
    print(*counts(run, comparison))
    return 0 if run.finished and comparison.ok else 1


if __name__ == "__main__":
    sys.exit(main())
