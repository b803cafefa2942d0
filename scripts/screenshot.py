"""Screenshot of a page of a running Odoo, logged in, with headless Chromium.

Used for the images of README.rst (static/description/)::

    python3 scripts/screenshot.py http://localhost:8069 \\
        /odoo/action-pay_by_link.action_pay_link_dashboard \\
        static/description/analysis.png --database pay_by_link_demo

It logs in through Odoo's JSON-RPC (/web/session/authenticate), gives the
session cookie to Chromium, opens the page, waits until ``--wait-for`` (a CSS
selector) is on the page, then ``--settle`` seconds more (animations), and
saves a PNG of the window. It talks to
Chromium with the DevTools protocol (websocket-client), the way Odoo's own
browser tests do.
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
import websocket

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def login(base_url, database, user, password):
    """The session id of ``user`` after a JSON-RPC login."""
    session = requests.Session()
    answer = session.post(
        f"{base_url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": database, "login": user, "password": password},
        },
        timeout=30,
    )
    answer.raise_for_status()
    if answer.json().get("error"):
        raise SystemExit(f"login refused: {answer.json()['error']['data']['message']}")
    return session.cookies["session_id"]


class DevTools:
    """One Chromium tab driven through the DevTools protocol."""

    def __init__(self, port, width, height):
        self.profile = tempfile.mkdtemp(prefix="pbl_screenshot_")
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "/usr/bin/chromium",
                *CHROMIUM_FLAGS,
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.socket = websocket.create_connection(self._tab_url(port), timeout=60)
        self.next_id = 0

    def _tab_url(self, port):
        for _attempt in range(100):
            try:
                tabs = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                return next(t for t in tabs if t["type"] == "page")[
                    "webSocketDebuggerUrl"
                ]
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        raise SystemExit("Chromium did not start")

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise SystemExit(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, selector, timeout=120):
        """Wait until ``selector`` matches an element of the page."""
        expression = f"!!document.querySelector({json.dumps(selector)})"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.call("Runtime.evaluate", expression=expression)
            if found.get("result", {}).get("value"):
                return
            time.sleep(0.5)
        raise SystemExit(f"{selector} not found on the page")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("path")
    parser.add_argument("output", type=Path)
    parser.add_argument("--database", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument(
        "--wait-for", default=".o_action", help="CSS selector shown when ready"
    )
    parser.add_argument("--settle", type=float, default=2.0)
    args = parser.parse_args()

    session_id = login(args.base_url, args.database, args.login, args.password)
    browser = DevTools(free_port(), args.width, args.height)
    try:
        browser.call(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            domain=urlsplit(args.base_url).hostname,
            path="/",
        )
        browser.call("Page.navigate", url=args.base_url + args.path)
        browser.wait_for(args.wait_for)
        time.sleep(args.settle)
        shot = browser.call("Page.captureScreenshot", format="png")
        args.output.write_bytes(base64.b64decode(shot["data"]))
        print(f"saved {args.output}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
