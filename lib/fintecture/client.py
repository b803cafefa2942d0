"""Client of Fintecture's PIS API v2 (request-to-pay, connect, payment status).

Endpoints and payloads follow Fintecture's SDKs (fintecture-sdk-php
src/Api/Pis/*.php, src/Api/Auth/Token.php) and API reference: the access token
is asked with Basic auth and a form body (the SDKs do not sign that call);
every other call carries the HTTP signature built by `fintecture_signature`.
"""

import json
import logging
import time
from datetime import datetime, timezone
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import requests

from ..provider_errors import ProviderError, request_json
from .signature import load_private_key, sign_request_headers

_logger = logging.getLogger(__name__)

PROVIDER = "Fintecture"
# Renew the token this long before it expires, so no call races its expiry.
TOKEN_MARGIN_SECONDS = 60


class FintectureClient:
    def __init__(
        self, app_id, app_secret, private_key_pem, base_url, timeout=10, session=None
    ):
        self.app_id = app_id
        self.app_secret = app_secret
        self.private_key = load_private_key(private_key_pem)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self._token = None
        self._token_expires_at = 0.0

    # --- authentication -----------------------------------------------------

    def get_access_token(self):
        """Return a valid PIS access token, asking a new one only when needed."""
        if self._token and time.monotonic() < self._token_expires_at:
            return self._token
        answer = request_json(
            self.session,
            PROVIDER,
            "POST",
            self.base_url + "/oauth/accesstoken",
            self.timeout,
            auth=(self.app_id, self.app_secret),
            data={
                "grant_type": "client_credentials",
                "app_id": self.app_id,
                "scope": "PIS",
            },
            headers={"Accept": "application/json"},
        )
        token = answer.get("access_token")
        if not token:
            raise ProviderError(PROVIDER, "no access_token in the token answer")
        lifetime = int(answer.get("expires_in") or 0)
        self._token = token
        self._token_expires_at = time.monotonic() + lifetime - TOKEN_MARGIN_SECONDS
        return token

    # --- payments -----------------------------------------------------------

    def create_request_to_pay(
        self,
        amount: Decimal,
        currency,
        communication,
        payer: dict,
        expire_at: datetime,
        redirect_uri,
        state,
        language,
    ):
        """Ask Fintecture to send the payer a payment link; return session_id, url."""
        body = self._payment_body(amount, currency, communication, payer)
        body["meta"]["expiry"] = _seconds_until(expire_at)
        path = "/pis/v2/request-to-pay?" + urlencode(
            {"redirect_uri": redirect_uri, "state": state}
        )
        answer = self._signed_call("POST", path, body, {"x-language": language})
        return _session_of(answer)

    def create_connect(
        self,
        amount: Decimal,
        currency,
        communication,
        payer: dict,
        redirect_uri,
        state,
        language,
        origin_uri=None,
    ):
        """Open a session where the payer picks the bank now; return session_id, url."""
        body = self._payment_body(amount, currency, communication, payer)
        query = {"state": state, "redirect_uri": redirect_uri}
        if origin_uri:
            query["origin_uri"] = origin_uri
        path = "/pis/v2/connect?" + urlencode(query)
        answer = self._signed_call("POST", path, body, {"x-language": language})
        return _session_of(answer)

    def get_payment(self, session_id):
        """Current state of a session: status, transfer_state, amount, currency, raw."""
        answer = self._signed_call("GET", "/pis/v2/payments/" + session_id)
        meta = answer.get("meta") or {}
        data = answer.get("data") or {}
        attributes = data.get("attributes") or {}
        return {
            "status": meta.get("status") or attributes.get("status"),
            "transfer_state": attributes.get("transfer_state")
            or data.get("transfer_state")
            or meta.get("transfer_state"),
            "amount": Decimal(str(attributes["amount"]))
            if attributes.get("amount") is not None
            else None,
            "currency": attributes.get("currency"),
            "raw": answer,
        }

    def cancel_payment(self, session_id):
        """Cancel a session not paid yet (PATCH status=payment_cancelled)."""
        return self._signed_call(
            "PATCH",
            "/pis/v2/payments/" + session_id,
            {"meta": {"status": "payment_cancelled"}},
        )

    # --- plumbing -----------------------------------------------------------

    def _payment_body(self, amount, currency, communication, payer):
        meta = {
            "psu_name": payer["name"],
            "psu_email": payer["email"],
        }
        if payer.get("phone"):
            meta["psu_phone"] = payer["phone"]
        if payer.get("address"):
            meta["psu_address"] = payer["address"]
        return {
            "meta": meta,
            "data": {
                "type": "PIS",
                "attributes": {
                    "amount": format_amount(amount),
                    "currency": currency,
                    "communication": communication,
                },
            },
        }

    def _signed_call(self, method, path, body=None, extra_headers=None):
        """Signed call with the bearer token; renew the token once if refused."""
        try:
            return self._send_signed(method, path, body, extra_headers)
        except ProviderError as error:
            if error.http_status != 401:
                raise
            _logger.info("Fintecture refused the token, asking a new one")
            self._token = None
            return self._send_signed(method, path, body, extra_headers)

    def _send_signed(self, method, path, body, extra_headers):
        raw_body = None if body is None else _json_bytes(body)
        headers = {
            "Accept": "application/json",
            "Authorization": "Bearer " + self.get_access_token(),
        }
        headers.update(
            sign_request_headers(
                self.app_id,
                self.private_key,
                method,
                _target_of(self.base_url + path),
                raw_body,
            )
        )
        if raw_body is not None:
            headers["Content-Type"] = "application/json"
        headers.update(extra_headers or {})
        return request_json(
            self.session,
            PROVIDER,
            method,
            self.base_url + path,
            self.timeout,
            data=raw_body,
            headers=headers,
        )


def format_amount(amount: Decimal) -> str:
    """Fintecture wants amounts as strings with two decimals."""
    return str(Decimal(amount).quantize(Decimal("0.01")))


def _seconds_until(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = int((moment - datetime.now(timezone.utc)).total_seconds())
    if seconds <= 0:
        raise ValueError("expire_at is in the past")
    return seconds


def _session_of(answer):
    meta = answer.get("meta") or {}
    if not meta.get("session_id") or not meta.get("url"):
        raise ProviderError(PROVIDER, "no session_id/url in the answer")
    return {"session_id": meta["session_id"], "url": meta["url"]}


def _json_bytes(body) -> bytes:
    # The signed Digest covers these exact bytes, so they are built once here.
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def _target_of(url):
    """Path and query as signed in (request-target)."""
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
