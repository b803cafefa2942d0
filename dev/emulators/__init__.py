"""Local emulators of the Fintecture and Payplug APIs, for tests and `make demo`.

Each emulator is a stdlib HTTP server on 127.0.0.1 running in a daemon thread:

    emu = FintectureEmulator(app_id, app_secret, public_key_pem)
    emu.start(); ...; emu.base_url; ...; emu.stop()

They check authentication, signatures and payload shapes like the real APIs,
keep their sessions/payments in memory, serve a small payment page with
Approve / Refuse / Leave pending buttons, and expose the same actions to tests.
"""

import html
import json
import logging
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

_logger = logging.getLogger(__name__)

# How long a request hangs while the emulator plays "down" in timeout mode.
HANG_SECONDS = 30


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    target: str = ""  # path and query, as signed by Fintecture clients


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)


def json_reply(status, payload):
    return Reply(status, json.dumps(payload).encode())


def redirect_reply(location):
    return Reply(303, b"", "text/plain", {"Location": location})


class EmulatorServer:
    """HTTP plumbing shared by the emulators; subclasses implement `handle`."""

    def __init__(self, port=0):
        self.port = port
        self.received = []
        self._server = None
        self._down_mode = None
        self._up = threading.Event()
        self._up.set()

    @property
    def base_url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        # A short poll keeps stop() quick, which keeps the test suites fast.
        threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        ).start()
        return self

    def stop(self):
        self._up.set()
        self._server.shutdown()
        self._server.server_close()

    def set_down(self, down=True, mode="timeout"):
        """Simulate an outage: "timeout" hangs every request, "error" answers 500."""
        self._down_mode = mode if down else None
        if down:
            self._up.clear()
        else:
            self._up.set()

    def dispatch(self, request: RecordedRequest):
        if request.path == "/favicon.ico":
            # A browser showing an answer of the API (JSON) asks for one.
            return Reply(204, b"", "image/x-icon")
        self.received.append(request)
        if self._down_mode == "timeout":
            self._up.wait(HANG_SECONDS)
            return None
        if self._down_mode == "error":
            return self.outage_reply()
        return self.handle(request)

    def handle(self, request: RecordedRequest) -> Reply:
        raise NotImplementedError

    def outage_reply(self) -> Reply:
        return json_reply(500, {"message": "Service unavailable (emulated outage)"})


def _make_handler(emulator):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            parts = urlsplit(self.path)
            request = RecordedRequest(
                method=self.command,
                path=parts.path,
                query={k: v[0] for k, v in parse_qs(parts.query).items()},
                headers=dict(self.headers.items()),
                body=self.rfile.read(length) if length else b"",
                target=self.path,
            )
            reply = emulator.dispatch(request)
            if reply is None:
                self.close_connection = True
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, format, *args):
            _logger.debug("%s " + format, type(emulator).__name__, *args)

    return Handler


# The emulated pages are opened on a phone in the demo: sized for it, with an
# icon of their own (no favicon request to answer), the amount and the
# reference large enough to check before choosing.
PAGE_STYLE = (
    "body{margin:0;padding:1rem;font:1.125rem/1.5 system-ui,sans-serif;"
    "background:#f4f5f7;color:#1f2328}"
    "main{max-width:30rem;margin:0 auto;background:#fff;border-radius:.75rem;"
    "padding:1rem;border:1px solid #d9dce1}"
    "h1{font-size:1.25rem;margin:0 0 1rem}"
    "dt{color:#5b6169;font-size:.875rem}"
    "dd{margin:0 0 .75rem;font-weight:600;overflow-wrap:anywhere}"
    ".amount{font-size:1.75rem}"
    "button{display:block;width:100%;margin-top:.75rem;padding:.8rem;"
    "font:inherit;font-weight:600;border-radius:.5rem;border:1px solid #1f2328;"
    "background:#fff}"
    "button[value=approve]{background:#1f2328;color:#fff}"
)
PAGE_ICON = (
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>"
    "<rect width='16' height='16' rx='3' fill='%231f2328'/></svg>"
)


def pay_page(title, amount_label, reference, action_url):
    """The emulated bank/card page: the amount and the reference, and three
    buttons posting `choice`."""
    buttons = "".join(
        f'<button name="choice" value="{value}">{label}</button>'
        for value, label in (
            ("approve", "Approve"),
            ("refuse", "Refuse"),
            ("pending", "Leave pending"),
        )
    )
    body = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<link rel='icon' href=\"{PAGE_ICON}\">"
        f"<title>{html.escape(title)}</title><style>{PAGE_STYLE}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1><dl>"
        f"<dt>Amount</dt><dd class='amount'>{html.escape(amount_label)}</dd>"
        f"<dt>Reference</dt><dd class='reference'>{html.escape(reference)}</dd>"
        f"</dl><form method='post' action='{html.escape(action_url)}'>{buttons}"
        "</form></main></body></html>"
    )
    return Reply(200, body.encode(), "text/html; charset=utf-8")


def form_choice(request: RecordedRequest):
    values = parse_qs(request.body.decode())
    return (values.get("choice") or [""])[0]


from .fintecture import FintectureEmulator  # noqa: E402
from .payplug import PayplugEmulator  # noqa: E402

__all__ = ["EmulatorServer", "FintectureEmulator", "PayplugEmulator"]
