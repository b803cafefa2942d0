"""Emulator of Fintecture's PIS API v2 (token, connect, request-to-pay,
payments, refunds) and of its webhooks.

Checks what the real API checks: Basic auth on the token call, then a valid
Bearer token and the HTTP signature (verified with the merchant's public key),
and the payload (`fintecture_rules`). Webhooks are signed the way Fintecture
signs them (see `fintecture_signature`), posted as a form or, when the
console is set so, as JSON; refunds have their own sessions and webhooks
(type "Refund", with the refunded payment in `refunded_session_id`).
"""

import base64
import json
import logging
import secrets
import threading
import time
import uuid
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

import requests

from . import EmulatorServer, form_choice, json_reply, pay_page, redirect_reply
from .fintecture_rules import payment_problem, refund_problem
from .fintecture_signature import (
    SignatureRefused,
    check_call_signature,
    load_public_key,
    webhook_headers,
)

_logger = logging.getLogger(__name__)

INITIAL_STATUS = "provider_required"
OPEN_STATUSES = {"provider_required", "sca_required", "payment_unsuccessful"}
REFUND_INITIAL_STATUS = "payment_pending"


def fintecture_error(status, code, message):
    return json_reply(
        status,
        {
            "status": str(status),
            "code": code,
            "errors": [
                {
                    "code": code,
                    "title": code.replace("_", " ").title(),
                    "message": message,
                }
            ],
        },
    )


class FintectureEmulator(EmulatorServer):
    """:param production: refuse what only production refuses (a connect
        without the payer's IP)
    :param webhook_format: "form" (Fintecture's default) or "json"
    """

    def __init__(
        self,
        app_id,
        app_secret,
        public_key_pem,
        webhook_url=None,
        token_lifetime=3600,
        port=0,
        production=False,
        webhook_format="form",
    ):
        super().__init__(port)
        self.app_id = app_id
        self.app_secret = app_secret
        self.public_key = load_public_key(public_key_pem)
        self.webhook_url = webhook_url
        self.token_lifetime = token_lifetime
        self.production = production
        self.webhook_format = webhook_format
        self.tokens = {}  # token -> expiry (time.monotonic)
        self.sessions = {}
        self._lock = threading.Lock()

    # --- test/demo controls -------------------------------------------------

    def approve(self, session_id):
        self.set_status(session_id, "payment_created", "completed")

    def refuse(self, session_id, reason="payment_unsuccessful"):
        self.set_status(session_id, reason, "rejected")

    def leave_pending(self, session_id):
        self.set_status(session_id, "payment_pending", "pending")

    def receive(self, session_id, received_amount):
        """The bank transfers ``received_amount`` (str, e.g. "40.00"): less
        than asked is a partial payment, more an overpayment."""
        asked = Decimal(self.sessions[session_id]["attributes"]["amount"])
        received = Decimal(received_amount)
        if received < asked:
            self.set_status(session_id, "payment_partial", "insufficient")
        else:
            self.set_status(session_id, "payment_created", "overpaid")
        with self._lock:
            self.sessions[session_id]["attributes"]["received_amount"] = str(received)

    def expire(self, session_id):
        """Let the session's expiry pass."""
        with self._lock:
            self.sessions[session_id]["expires_at"] = time.time() - 1

    def set_status(self, session_id, status, transfer_state=None):
        with self._lock:
            session = self.sessions[session_id]
            session["status"] = status
            session["transfer_state"] = transfer_state

    def expire_tokens(self):
        self.tokens.clear()

    def send_webhook(self, session_id, url=None, tamper=False):
        """POST the session's webhook; `tamper` alters the body after signing."""
        fields = self._webhook_fields(session_id)
        if self.webhook_format == "json":
            body = json.dumps(fields).encode()
            content_type = "application/json"
        else:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = webhook_headers(self.app_id, self.public_key, body)
        headers["Content-Type"] = content_type
        if tamper:
            body = body.replace(b"status", b"status_was", 1)
        return requests.post(
            url or self.webhook_url, data=body, headers=headers, timeout=10
        )

    def _webhook_fields(self, session_id):
        session = self._current(session_id)
        fields = {
            "session_id": session_id,
            "status": session["status"],
            "transfer_state": session["transfer_state"] or "",
            "customer_id": session["customer_id"],
            "provider": session["provider"],
            "state": session["state"] or "",
            "type": "PayByBank",
        }
        if session["kind"] == "refund":
            fields.update(
                type="Refund",
                refunded_session_id=session["refunded_session_id"],
                amount=session["attributes"]["amount"],
            )
        return fields

    # --- HTTP ---------------------------------------------------------------

    def handle(self, request):
        if request.path == "/oauth/accesstoken" and request.method == "POST":
            return self._issue_token(request)
        if request.path.startswith("/pay/"):
            return self._pay_page(request, request.path[len("/pay/") :])
        refusal = self._check_auth(request)
        if refusal:
            return refusal
        if request.method == "POST" and request.path == "/pis/v2/request-to-pay":
            return self._create_session(request, "request-to-pay")
        if request.method == "POST" and request.path == "/pis/v2/connect":
            return self._create_session(request, "connect")
        if request.method == "POST" and request.path == "/pis/v2/refund":
            return self._create_refund(request)
        if request.path.startswith("/pis/v2/payments/"):
            return self._payment(request, request.path.rsplit("/", 1)[1])
        return fintecture_error(404, "not_found", "Unknown endpoint")

    def _issue_token(self, request):
        credentials = f"{self.app_id}:{self.app_secret}".encode()
        expected = "Basic " + base64.b64encode(credentials).decode()
        if request.headers.get("Authorization") != expected:
            return fintecture_error(401, "invalid_client", "Bad app credentials")
        form = dict(parse_qsl(request.body.decode()))
        if form != {
            "grant_type": "client_credentials",
            "app_id": self.app_id,
            "scope": "PIS",
        }:
            return fintecture_error(400, "invalid_request", "Bad token request form")
        token = secrets.token_urlsafe(24)
        self.tokens[token] = time.monotonic() + self.token_lifetime
        return json_reply(
            200,
            {
                "token_type": "Bearer",
                "access_token": token,
                "expires_in": self.token_lifetime,
            },
        )

    def _check_auth(self, request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.tokens.get(token, 0) < time.monotonic():
            return fintecture_error(401, "invalid_token", "Invalid or expired token")
        try:
            key_id = check_call_signature(
                {name.lower(): value for name, value in request.headers.items()},
                request.method,
                request.target,
                request.body,
                self.public_key,
            )
        except SignatureRefused as error:
            return fintecture_error(401, "invalid_signature", str(error))
        if key_id != self.app_id:
            return fintecture_error(401, "invalid_signature", "Unknown keyId")
        return None

    def _create_session(self, request, kind):
        try:
            payload = json.loads(request.body)
        except ValueError:
            payload = None
        problem = payment_problem(payload, request.query, kind, self.production)
        if problem:
            return fintecture_error(400, "invalid_payload", problem)
        session_id = self._new_session(
            kind,
            payload["meta"],
            payload["data"]["attributes"],
            state=request.query.get("state"),
            redirect_uri=request.query.get("redirect_uri"),
            language=request.headers.get("x-language"),
        )
        url = f"{self.base_url}/pay/{session_id}"
        return json_reply(201, {"meta": {"session_id": session_id, "url": url}})

    def _new_session(self, kind, meta, attributes, **values):
        session_id = uuid.uuid4().hex
        expiry = meta.get("expiry")
        with self._lock:
            self.sessions[session_id] = {
                "kind": kind,
                "meta": meta,
                "attributes": attributes,
                "status": INITIAL_STATUS,
                "transfer_state": None,
                "customer_id": uuid.uuid4().hex,
                "provider": "emulatedbank",
                "expires_at": time.time() + expiry if expiry else None,
                "state": None,
                "redirect_uri": None,
                **values,
            }
        return session_id

    def _create_refund(self, request):
        try:
            payload = json.loads(request.body)
            paid_id = payload["meta"]["session_id"]
        except (ValueError, KeyError, TypeError):
            payload, paid_id = None, None
        paid = self.sessions.get(paid_id)
        problem = refund_problem(payload, paid, self.refunded_amount(paid_id))
        if problem:
            return fintecture_error(400, "invalid_refund", problem)
        attributes = dict(payload.get("data", {}).get("attributes") or {})
        attributes.setdefault(
            "amount",
            str(Decimal(paid["attributes"]["amount"]) - self.refunded_amount(paid_id)),
        )
        attributes["currency"] = paid["attributes"]["currency"]
        refund_id = self._new_session(
            "refund",
            payload["meta"],
            attributes,
            refunded_session_id=paid_id,
            state=request.query.get("state"),
        )
        self.set_status(refund_id, REFUND_INITIAL_STATUS)
        return json_reply(
            200, {"meta": {"session_id": refund_id, "status": REFUND_INITIAL_STATUS}}
        )

    def refunded_amount(self, session_id):
        """What is refunded (or being refunded) of a payment session."""
        return sum(
            (
                Decimal(refund["attributes"]["amount"])
                for refund in list(self.sessions.values())
                if refund.get("refunded_session_id") == session_id
                and refund["status"] in ("payment_created", REFUND_INITIAL_STATUS)
            ),
            Decimal(0),
        )

    def _payment(self, request, session_id):
        if session_id not in self.sessions:
            return fintecture_error(404, "not_found", "Unknown session")
        session = self._current(session_id)
        if request.method == "PATCH":
            return self._cancel(request, session_id, session)
        if request.method != "GET":
            return fintecture_error(405, "method_not_allowed", "Method not allowed")
        return json_reply(200, self._payment_document(session_id, session))

    def _current(self, session_id):
        """The session, turned expired when its expiry passed unpaid."""
        session = self.sessions[session_id]
        expires_at = session.get("expires_at")
        if (
            expires_at
            and expires_at < time.time()
            and session["status"] in (OPEN_STATUSES)
        ):
            self.set_status(session_id, "payment_expired")
        return session

    def _cancel(self, request, session_id, session):
        try:
            status = json.loads(request.body)["meta"]["status"]
        except (ValueError, KeyError, TypeError):
            status = None
        if status != "payment_cancelled":
            return fintecture_error(
                400, "invalid_payload", "meta.status must be payment_cancelled"
            )
        if session["status"] == "payment_created":
            return fintecture_error(400, "invalid_status", "Payment already made")
        self.set_status(session_id, "payment_cancelled")
        return json_reply(200, self._payment_document(session_id, session))

    def _payment_document(self, session_id, session):
        return {
            "meta": {
                "session_id": session_id,
                "status": session["status"],
                "type": "PIS",
            },
            "data": {
                "id": session_id,
                "type": "payments",
                "attributes": dict(
                    session["attributes"],
                    status=session["status"],
                    transfer_state=session["transfer_state"],
                ),
            },
        }

    def _pay_page(self, request, session_id):
        if session_id not in self.sessions:
            return fintecture_error(404, "not_found", "Unknown session")
        session = self._current(session_id)
        if session["status"] not in OPEN_STATUSES:
            return fintecture_error(410, "gone", "This payment can no longer be made")
        if request.method == "GET":
            attributes = session["attributes"]
            return pay_page(
                "Emulated bank",
                f"{attributes['amount']} {attributes['currency']}",
                attributes["communication"],
                f"/pay/{session_id}",
            )
        actions = {
            "approve": self.approve,
            "refuse": self.refuse,
            "pending": self.leave_pending,
        }
        action = actions.get(form_choice(request))
        if action is None:
            return fintecture_error(400, "invalid_choice", "Unknown choice")
        action(session_id)
        self._notify(session_id)
        return redirect_reply(
            _add_query(
                session["redirect_uri"],
                {
                    "session_id": session_id,
                    "status": session["status"],
                    "provider": session["provider"],
                    "state": session["state"] or "",
                },
            )
        )

    def complete_refund(self, refund_id):
        """The merchant's bank sends the refund: the refund session is paid
        and its webhook goes out."""
        self.set_status(refund_id, "payment_created", "completed")
        self._notify(refund_id)

    def _notify(self, session_id):
        if not self.webhook_url:
            return
        try:
            self.send_webhook(session_id)
        except requests.RequestException as error:
            _logger.warning("Fintecture emulator webhook failed: %s", error)


def _add_query(url, params):
    separator = "&" if "?" in url else "?"
    return url + separator + urlencode(params)
