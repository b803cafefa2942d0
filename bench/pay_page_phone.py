"""The phone half of bench/pay_page.py: a headless Chromium, driven through
the DevTools protocol, loads a page as a mid-range phone on 4G and tells
when the customer can press Pay, the largest contentful paint, the weight
before images and the number of requests."""

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websocket

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 800, "deviceScaleFactor": 2, "mobile": True}
CPU_SLOWDOWN = 4
NETWORK = {
    "offline": False,
    "latency": 60,  # ms
    "downloadThroughput": 9_000_000 / 8,  # bytes per second
    "uploadThroughput": 9_000_000 / 8,
}
# The Pay button of the pay page's form, or of Odoo's payment form.
PAY_BUTTON = (
    "#o_pay_link_methods button[type=submit], button[name=o_payment_submit_button]"
)
QUIET_SECONDS = 2.0
LOAD_TIMEOUT = 60.0

# Runs in every page before its own scripts (see the file).
PROBE = (Path(__file__).parent / "pay_page_probe.js").read_text()

# --- Chromium -------------------------------------------------------------------------


class Chromium:
    """A headless Chromium driven through the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="pbl-bench-")
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for line in self.process.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                break
        else:
            sys.exit("Chromium did not start")
        self.socket = websocket.create_connection(match[1], timeout=LOAD_TIMEOUT)
        self.calls = 0
        self.events = []

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method, session=None, **params):
        self.calls += 1
        message = {"id": self.calls, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.calls:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def next_event(self, timeout):
        if self.events:
            return self.events.pop(0)
        self.socket.settimeout(timeout)
        try:
            return json.loads(self.socket.recv())
        except websocket.WebSocketTimeoutException:
            return None
        finally:
            self.socket.settimeout(LOAD_TIMEOUT)

    def phone_load(self, url):
        """Load ``url`` in a fresh context as the phone; return its figures."""
        context = self.call("Target.createBrowserContext")["browserContextId"]
        target = self.call(
            "Target.createTarget", url="about:blank", browserContextId=context
        )["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for method, params in (
            ("Page.enable", {}),
            ("Network.enable", {}),
            ("Network.setCacheDisabled", {"cacheDisabled": True}),
            ("Network.emulateNetworkConditions", NETWORK),
            ("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN}),
            ("Emulation.setDeviceMetricsOverride", PHONE),
            (
                "Page.addScriptToEvaluateOnNewDocument",
                {"source": PROBE.replace("PAY_BUTTON", json.dumps(PAY_BUTTON))},
            ),
        ):
            self.call(method, session, **params)
        self.events.clear()
        self.call("Page.navigate", session, url=url)
        network = self.follow_network(session)
        timings = json.loads(
            self.call(
                "Runtime.evaluate",
                session,
                expression="JSON.stringify({...window.__bench, "
                "dcl: performance.getEntriesByType('navigation')[0]"
                ".domContentLoadedEventEnd})",
                returnByValue=True,
            )["result"]["value"]
        )
        self.call("Target.closeTarget", targetId=target)
        self.call("Target.disposeBrowserContext", browserContextId=context)
        usable = max(
            timings["fcp"], timings["pay"], timings["dcl"], timings["longTaskEnd"]
        )
        return {
            "pay_usable": usable / 1000 if timings["pay"] else None,
            "lcp": timings["lcp"] / 1000,
            **network,
        }

    def follow_network(self, session):
        """Wait for the load event and a quiet network; count what came."""
        requests_by_id, types, loaded = {}, {}, False
        quiet_since = deadline = None
        deadline = time.monotonic() + LOAD_TIMEOUT
        while time.monotonic() < deadline:
            event = self.next_event(0.2)
            now = time.monotonic()
            if event and event.get("sessionId") == session:
                method, params = event["method"], event.get("params", {})
                if method == "Network.requestWillBeSent":
                    if params["request"]["url"].startswith("http"):
                        requests_by_id[params["requestId"]] = 0
                elif method == "Network.responseReceived":
                    types[params["requestId"]] = params["type"]
                elif method == "Network.dataReceived":
                    if params["requestId"] in requests_by_id:
                        requests_by_id[params["requestId"]] += params["dataLength"]
                elif method == "Page.loadEventFired":
                    loaded = True
                if method.startswith("Network."):
                    quiet_since = now
            if loaded and quiet_since and now - quiet_since > QUIET_SECONDS:
                break
        weight = sum(
            size for rid, size in requests_by_id.items() if types.get(rid) != "Image"
        )
        return {"weight": weight, "requests": len(requests_by_id)}


def phone_loads(url, runs):
    """The median figures of ``runs`` cold loads of ``url`` on the phone."""
    chromium = Chromium()
    try:
        loads = [chromium.phone_load(url) for _run in range(runs)]
    finally:
        chromium.close()
    return {
        key: statistics.median(load[key] for load in loads)
        if all(load[key] is not None for load in loads)
        else None
        for key in loads[0]
    }
