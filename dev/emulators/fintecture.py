"""Emulator of Fintecture's PIS API v2 (token, request-to-pay, connect, payments).

Checks what the real API checks: Basic auth on the token call, then a valid
Bearer token and the HTTP signature (verified with the merchant's public key),
and the payload shape. Webhooks are signed the way Fintecture signs them (see
`fintecture_signature`): the signing string encrypted with the merchant's
public key (RSA-OAEP, SHA-1).
"""

import base64
import json
import logging
import re
import secrets
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlencode

import requests

from . import EmulatorServer, form_choice, json_reply, pay_page, redirect_reply
from .fintecture_signature import (
    SignatureRefused,
    check_call_signature,
    load_public_key,
    webhook_headers,
)

_logger = logging.getLogger(__name__)

AMOUNT_PATTERN = re.compile(r"^\d{1,9}\.\d{2}$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
INITIAL_STATUS = "provider_required"


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
    def __init__(
        self,
        app_id,
        app_secret,
        public_key_pem,
        webhook_url=None,
        token_lifetime=3600,
        port=0,
    ):
        super().__init__(port)
        self.app_id = app_id
        self.app_secret = app_secret
        self.public_key = load_public_key(public_key_pem)
        self.webhook_url = webhook_url
        self.token_lifetime = token_lifetime
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

    def set_status(self, session_id, status, transfer_state=None):
        with self._lock:
            session = self.sessions[session_id]
            session["status"] = status
            session["transfer_state"] = transfer_state

    def expire_tokens(self):
        self.tokens.clear()

    def send_webhook(self, session_id, url=None, tamper=False):
        """POST the session's webhook; `tamper` alters the body after signing."""
        session = self.sessions[session_id]
        body = urlencode(
            {
                "session_id": session_id,
                "status": session["status"],
                "transfer_state": session["transfer_state"] or "",
                "customer_id": session["customer_id"],
                "provider": session["provider"],
                "state": session["state"] or "",
            }
        ).encode()
        headers = webhook_headers(self.app_id, self.public_key, body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        if tamper:
            body = body.replace(b"status=", b"status=payment_created&was=", 1)
        return requests.post(
            url or self.webhook_url, data=body, headers=headers, timeout=10
        )

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
        problem = _payload_problem(request, kind)
        if problem:
            return fintecture_error(400, "invalid_payload", problem)
        payload = json.loads(request.body)
        session_id = uuid.uuid4().hex
        with self._lock:
            self.sessions[session_id] = {
                "kind": kind,
                "meta": payload["meta"],
                "attributes": payload["data"]["attributes"],
                "status": INITIAL_STATUS,
                "transfer_state": None,
                "state": request.query.get("state"),
                "redirect_uri": request.query.get("redirect_uri"),
                "language": request.headers.get("x-language"),
                "customer_id": uuid.uuid4().hex,
                "provider": "emulatedbank",
            }
        url = f"{self.base_url}/pay/{session_id}"
        return json_reply(201, {"meta": {"session_id": session_id, "url": url}})

    def _payment(self, request, session_id):
        session = self.sessions.get(session_id)
        if session is None:
            return fintecture_error(404, "not_found", "Unknown session")
        if request.method == "PATCH":
            return self._cancel(request, session_id, session)
        if request.method != "GET":
            return fintecture_error(405, "method_not_allowed", "Method not allowed")
        return json_reply(200, self._payment_document(session_id, session))

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
        session = self.sessions.get(session_id)
        if session is None:
            return fintecture_error(404, "not_found", "Unknown session")
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

    def _notify(self, session_id):
        if not self.webhook_url:
            return
        try:
            self.send_webhook(session_id)
        except requests.RequestException as error:
            _logger.warning("Fintecture emulator webhook failed: %s", error)


def _payload_problem(request, kind):
    """First thing wrong with a payment payload, or None."""
    try:
        payload = json.loads(request.body)
        meta, attributes = payload["meta"], payload["data"]["attributes"]
    except (ValueError, KeyError, TypeError):
        return "body must be JSON with meta and data.attributes"
    if not request.query.get("redirect_uri"):
        return "redirect_uri query parameter is required"
    if kind == "connect" and not request.query.get("state"):
        return "state query parameter is required"
    if not AMOUNT_PATTERN.match(str(attributes.get("amount", ""))):
        return "data.attributes.amount must be a string with two decimals"
    if not CURRENCY_PATTERN.match(str(attributes.get("currency", ""))):
        return "data.attributes.currency must be an ISO 4217 code"
    if not attributes.get("communication") or len(attributes["communication"]) > 140:
        return "data.attributes.communication is required (140 chars max)"
    if not meta.get("psu_name") or not meta.get("psu_email"):
        return "meta.psu_name and meta.psu_email are required"
    if kind == "request-to-pay" and not isinstance(meta.get("expiry"), int):
        return "meta.expiry must be a number of seconds"
    return None


def _add_query(url, params):
    separator = "&" if "?" in url else "?"
    return url + separator + urlencode(params)
