"""Runs every test of the addon and prints one summary line.

1. the pure tests of lib/ with pytest;
2. the Odoo tests (TransactionCase, HttpCase, browser tours) in a fresh
   throw-away database that is dropped afterwards.

The last line is ``N passed, N failed`` counting both; the exit status is
non-zero on any failure, on an error logged by Odoo outside a test, and on a
browser tour that was skipped instead of run.
"""

import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / ".build"
ODOO_SUMMARY = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
LOG_ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# Odoo turns a missing browser into a skipped test: here that is a failure.
BROWSER_SKIP = re.compile(r"skipped .*(chrome|websocket|devtools)", re.IGNORECASE)


def run_pytest():
    report = BUILD / "pytest.xml"
    command = [sys.executable, "-m", "pytest", "-q", f"--junitxml={report}"]
    subprocess.run(command, cwd=REPO, check=False)
    if not report.exists():
        return 0, 1
    suite = ET.parse(report).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    total = int(suite.get("tests"))
    failed = int(suite.get("failures")) + int(suite.get("errors"))
    skipped = int(suite.get("skipped"))
    return total - failed - skipped, failed + skipped


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_odoo(test_tags):
    database = f"pay_by_link_test_{os.getpid()}"
    log_path = BUILD / f"{database}.log"
    command = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(BUILD / "odoo.conf"),
        "-d",
        database,
        "-i",
        "pay_by_link,payment_demo",
        "--test-enable",
        f"--test-tags={test_tags}",
        "--stop-after-init",
        f"--http-port={free_port()}",
        "--log-level=test",
        "--max-cron-threads=0",
    ]
    try:
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                command,
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for line in process.stdout:
                sys.stdout.write(line)
                log.write(line)
            process.wait()
    finally:
        subprocess.run(["dropdb", "--if-exists", database], check=False)
    return read_odoo_log(log_path.read_text(), process.returncode)


def read_odoo_log(log, returncode):
    summary = ODOO_SUMMARY.findall(log)
    if not summary:
        print(
            "Odoo printed no test summary: the addon did not install or run its tests."
        )
        return 0, 1
    failures, errors, total = (int(n) for n in summary[-1])
    failed = failures + errors
    logged_errors = len([line for line in log.splitlines() if LOG_ERROR.match(line)])
    browser_skips = BROWSER_SKIP.findall(log)
    if browser_skips:
        print("A browser tour was skipped: install chromium and websocket-client.")
    extra = 0
    if not failed and (logged_errors or returncode):
        extra = 1
        print("Odoo logged errors outside the test results (see the log above).")
    return total - failed, failed + len(browser_skips) + extra


def main():
    passed, failed = (0, 0) if os.environ.get("ODOO_ONLY") else run_pytest()
    if not os.environ.get("PURE_ONLY"):
        odoo_passed, odoo_failed = run_odoo(os.environ.get("TEST_TAGS", "/pay_by_link"))
        passed, failed = passed + odoo_passed, failed + odoo_failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
