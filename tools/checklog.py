#!/usr/bin/env python3
# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Read an Odoo server log written by a test run and judge it.

The run fails on any WARNING, ERROR or CRITICAL line (as OCA's checklog does)
and on failed or erroneous tests. Prints the problem lines and a summary, and
writes ``passed failed skipped`` on the last line of stdout for the caller.
Standard library only, so it runs without Odoo.
"""

import argparse
import re
import sys

# "2026-11-22 07:00:00,123 4242 WARNING dbname odoo.addons.x: message"
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|TEST|RUNBOT|\?) "
    r"(?P<db>\S+) (?P<logger>[^:\s]+): (?P<message>.*)$"
)
BAD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
REPORT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
SKIPPED = re.compile(r"^skipped \S+")


class LogReport:
    """What a log says: its bad lines and its test counts."""

    def __init__(self):
        self.bad_lines = []
        self.tests_run = None
        self.failed = 0
        self.errors = 0
        self.skipped = 0

    @property
    def passed(self):
        if self.tests_run is None:
            return 0
        return max(self.tests_run - self.failed - self.errors - self.skipped, 0)

    @property
    def ok(self):
        return (
            not self.bad_lines
            and self.tests_run is not None
            and self.failed == self.errors == 0
        )


def parse(lines):
    """Return a :class:`LogReport` for an iterable of log lines."""
    report = LogReport()
    for raw in lines:
        line = raw.rstrip("\n")
        match = LOG_LINE.match(line)
        if not match:
            continue
        message = match["message"]
        found = REPORT.search(message)
        if found:
            # Several databases or several runs: add them up.
            report.tests_run = (report.tests_run or 0) + int(found["run"])
            report.failed += int(found["failed"])
            report.errors += int(found["errors"])
            if match["level"] == "WARNING" and int(found["run"]) == 0:
                report.bad_lines.append(line)
                continue
            if match["level"] in ("ERROR", "CRITICAL"):
                # The summary of failures is already counted, not a log problem.
                continue
        if match["level"] == "INFO" and SKIPPED.match(message):
            report.skipped += 1
        if match["level"] in BAD_LEVELS:
            report.bad_lines.append(line)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("logfile")
    args = parser.parse_args(argv)
    with open(args.logfile, encoding="utf-8", errors="replace") as handle:
        report = parse(handle)
    for line in report.bad_lines:
        print(f"log problem: {line}", file=sys.stderr)
    if report.tests_run is None:
        print(
            "the log has no test report: the Odoo test run did not finish",
            file=sys.stderr,
        )
    else:
        print(
            f"Odoo tests: {report.tests_run} run, {report.failed} failed, "
            f"{report.errors} errors, {report.skipped} skipped; "
            f"{len(report.bad_lines)} WARNING/ERROR log lines",
            file=sys.stderr,
        )
    print(report.passed, report.failed + report.errors, report.skipped)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
