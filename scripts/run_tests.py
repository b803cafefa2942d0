"""Runs every test of the addon and prints one summary line.

1. the pure tests of lib/ with pytest;
2. the Odoo tests (TransactionCase, HttpCase, browser tours) in a fresh
   throw-away database that is dropped afterwards;
3. the upgrade, uninstall and reinstall checks (Odoo's standalone scripts of
   tests/test_lifecycle.py) in another throw-away database, one check each.

The last line is ``N passed, N failed`` counting all three; the exit status is
non-zero on any failure, on an error logged by Odoo outside a test, and on a
skipped Odoo test (a browser tour without a browser, a test class missing a
module).

Environment: PURE_ONLY=1 runs step 1, ODOO_ONLY=1 steps 2 and 3,
LIFECYCLE_ONLY=1 step 3; TEST_TAGS (Odoo's --test-tags) picks Odoo tests and
skips step 3.
"""

import configparser
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
# A skipped test is a failure here: Odoo skips a browser tour when the browser
# is missing, and a test class whose setup needs a module that is not installed.
SKIPPED = re.compile(r"^\S+ \S+ \d+ INFO \S+ \S+: skipped (.*)$", re.MULTILINE)
BROWSER = re.compile(r"chrome|websocket|devtools", re.IGNORECASE)
STANDALONE_RUN = re.compile(r"Executing standalone script: (\w+)")
STANDALONE_FAILED = re.compile(r"Standalone script (\w+) failed")


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


def install_command(database, *options):
    """Odoo installing the addon and the demo provider, then stopping."""
    return [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(BUILD / "odoo.conf"),
        "-d",
        database,
        "-i",
        "pay_by_link,payment_demo",
        "--stop-after-init",
        f"--http-port={free_port()}",
        "--max-cron-threads=0",
        *options,
    ]


def run_logged(command, log):
    """Run ``command``, its output both shown and appended to ``log``; return
    its exit status."""
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    for line in process.stdout:
        sys.stdout.write(line)
        log.write(line)
    return process.wait()


def run_odoo(test_tags):
    database = f"pay_by_link_test_{os.getpid()}"
    log_path = BUILD / f"{database}.log"
    command = install_command(
        database, "--test-enable", f"--test-tags={test_tags}", "--log-level=test"
    )
    try:
        with open(log_path, "w") as log:
            returncode = run_logged(command, log)
    finally:
        subprocess.run(["dropdb", "--if-exists", database], check=False)
    return read_odoo_log(log_path.read_text(), returncode)


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
    skipped = SKIPPED.findall(log)
    for reason in skipped:
        print(f"Skipped, counted as failed: {reason}")
    if any(BROWSER.search(reason) for reason in skipped):
        print("A browser tour was skipped: install chromium and websocket-client.")
    extra = 0
    if not failed and (logged_errors or returncode):
        extra = 1
        print("Odoo logged errors outside the test results (see the log above).")
    return total - failed, failed + len(skipped) + extra


def run_lifecycle():
    """Install the addon with its demo data in a throw-away database, then run
    the standalone scripts of tests/test_lifecycle.py with Odoo's runner of
    module operations, which reads no configuration file."""
    database = f"pay_by_link_lifecycle_{os.getpid()}"
    log_path = BUILD / f"{database}.log"
    conf = configparser.ConfigParser()
    conf.read(BUILD / "odoo.conf")
    options = conf["options"]
    standalone = [
        sys.executable,
        "-m",
        "odoo.tests.test_module_operations",
        "--database",
        database,
        "--addons-path",
        options["addons_path"],
        "--data-dir",
        options["data_dir"],
        "standalone",
        "pay_by_link_lifecycle",
    ]
    try:
        with open(log_path, "w") as log:
            if run_logged(install_command(database, "--log-level=warn"), log):
                print("The addon did not install: no lifecycle check could run.")
                return 0, 1
            returncode = run_logged(standalone, log)
    finally:
        subprocess.run(["dropdb", "--if-exists", database], check=False)
    return read_lifecycle_log(log_path.read_text(), returncode)


def read_lifecycle_log(log, returncode):
    checks = len(STANDALONE_RUN.findall(log))
    failed = len(STANDALONE_FAILED.findall(log))
    unfinished = not checks or returncode
    if unfinished:
        print("The lifecycle checks did not run to the end (see the log above).")
    return checks - failed, failed + unfinished


def main():
    only = {
        name
        for name in ("PURE_ONLY", "ODOO_ONLY", "LIFECYCLE_ONLY")
        if os.environ.get(name)
    }
    test_tags = os.environ.get("TEST_TAGS")
    steps = []
    if not only or "PURE_ONLY" in only:
        steps.append(run_pytest)
    if not only or "ODOO_ONLY" in only:
        steps.append(lambda: run_odoo(test_tags or "/pay_by_link"))
    if (not only or only & {"ODOO_ONLY", "LIFECYCLE_ONLY"}) and not test_tags:
        steps.append(run_lifecycle)
    passed = failed = 0
    for step in steps:
        step_passed, step_failed = step()
        passed, failed = passed + step_passed, failed + step_failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
