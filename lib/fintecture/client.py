"""Client of Fintecture's PIS API v2 (connect, request-to-pay, payment
status, cancellation, refund).

Endpoints and payloads follow Fintecture's SDKs and official modules:
- token: fintecture-sdk-php src/Api/Auth/Token.php (Basic auth, form body,
  not signed); every other call carries the HTTP signature of `signature`;
- connect: src/Api/Pis/Connect.php, examples/pis-connect.php, and the JS SDK
  src/Connect.ts (which requires `psu_ip` in production);
- request to pay: src/Api/Pis/RequestToPay.php (`x-language` header) and
  examples/pis-request-to-pay.php (`psu_phone` national, `psu_phone_prefix`);
  `meta.method` and the expiry bounds: magento plugin Helper/Fintecture.php;
- refund: src/Api/Pis/Refund.php, the JS SDK src/Pis.ts (initiateRefund) and
  the magento plugin Gateway/HandleRefund.php (body shape);
- status and cancellation: src/Api/Pis/Payment.php (get, update).

Where they disagree: `data.type` is "SEPA" in the connect example and the
JS SDK, "REQUEST_TO_PAY" in the request-to-pay example, "PIS" in the API
reference, and absent from the magento plugin that merchants run in
production: it is left out here. `psu_address` is {street, zip, city,
country} as the magento plugin and the connect example send it (the
request-to-pay example spells zip "zipcode").
"""

import json
import logging
import time
from datetime import datetime, timezone
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import requests

from ..provider_errors import ProviderError, request_json
from .const import (
    MAX_EXPIRY_SECONDS,
    MIN_EXPIRY_SECONDS,
    REQUEST_TO_PAY_METHODS,
)
from .signature import load_private_key, sign_request_headers

_logger = logging.getLogger(__name__)

PROVIDER = "Fintecture"
# Renew the token this long before it expires, so no call races its expiry.
TOKEN_MARGIN_SECONDS = 60
# payer key -> meta key, in the order the official examples list them.
_PAYER_META_KEYS = {
    "name": "psu_name",
    "email": "psu_email",
    "company": "psu_company",
    "phone": "psu_phone",
    "phone_prefix": "psu_phone_prefix",
    "address": "psu_address",
}


class MemoryTokenStore:
    """Where a client keeps its access token: here, in the client's memory.
    Any object with the same three methods can stand for it (the Odoo side
    keeps the token per provider, see payment_provider_fintecture.py)."""

    def __init__(self):
        self._value = None

    def load(self):
        """:return: (token, expiry as a POSIX timestamp) or None"""
        return self._value

    def save(self, token, expires_at):
        self._value = (token, expires_at)

    def clear(self):
        self._value = None


class FintectureClient:
    def __init__(
        self,
        app_id,
        app_secret,
        private_key_pem,
        base_url,
        timeout=10,
        session=None,
        token_store=None,
    ):
        self.app_id = app_id
        self.app_secret = app_secret
        self.private_key = load_private_key(private_key_pem)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.token_store = token_store or MemoryTokenStore()

    # --- authentication -----------------------------------------------------

    def get_access_token(self):
        """A valid PIS access token: the stored one, or a new one when it is
        missing or about to expire."""
        stored = self.token_store.load()
        if stored and time.time() < stored[1]:
            return stored[0]
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
        self.token_store.save(token, time.time() + lifetime - TOKEN_MARGIN_SECONDS)
        return token

    # --- payments -----------------------------------------------------------

    def create_connect(
        self,
        amount: Decimal,
        currency,
        communication,
        payer: dict,
        redirect_uri,
        state,
        language,
        expire_at: datetime | None = None,
        psu_ip=None,
        origin_uri=None,
    ):
        """Open a session where the payer picks their bank now.

        :param payer: {"name", "email", optional "company", "phone" (national
            number), "phone_prefix" ("+33"), "address" ({street, zip, city,
            country})}
        :param expire_at: when the session stops being payable (capped, see
            `expiry_seconds`); None leaves Fintecture's default
        :param psu_ip: the payer's IP address (required in production)
        :return: {"session_id", "url"}, the URL where the payer goes
        :raise ValueError: when ``expire_at`` is too close
        :raise ProviderError: when Fintecture refuses
        """
        body = self._payment_body(amount, currency, communication, payer)
        if expire_at is not None:
            body["meta"]["expiry"] = expiry_seconds(expire_at)
        if psu_ip:
            body["meta"]["psu_ip"] = psu_ip
        query = {"state": state, "redirect_uri": redirect_uri}
        if origin_uri:
            query["origin_uri"] = origin_uri
        path = "/pis/v2/connect?" + urlencode(query)
        answer = self._signed_call("POST", path, body, {"x-language": language})
        return _session_of(answer)

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
        method,
    ):
        """Have Fintecture send the payer a payment link by ``method``
        ("email" or "sms"); the payer is as for `create_connect`.

        :return: {"session_id", "url"}
        :raise ValueError: for another method or a too close ``expire_at``
        :raise ProviderError: when Fintecture refuses
        """
        if method not in REQUEST_TO_PAY_METHODS:
            raise ValueError(f"unknown request-to-pay method {method!r}")
        body = self._payment_body(amount, currency, communication, payer)
        body["meta"]["expiry"] = expiry_seconds(expire_at)
        body["meta"]["method"] = method
        path = "/pis/v2/request-to-pay?" + urlencode(
            {"redirect_uri": redirect_uri, "state": state}
        )
        answer = self._signed_call("POST", path, body, {"x-language": language})
        return _session_of(answer)

    def get_payment(self, session_id):
        """Current state of a session (a payment or a refund).

        :return: {"status", "transfer_state", "amount" (Decimal),
            "currency", "received_amount" (Decimal or None), "raw"}
        """
        answer = self._signed_call("GET", "/pis/v2/payments/" + session_id)
        meta = answer.get("meta") or {}
        data = answer.get("data") or {}
        attributes = data.get("attributes") or {}
        return {
            "status": meta.get("status") or attributes.get("status"),
            "transfer_state": attributes.get("transfer_state")
            or data.get("transfer_state")
            or meta.get("transfer_state"),
            "amount": _decimal_or_none(attributes.get("amount")),
            "currency": attributes.get("currency"),
            "received_amount": _decimal_or_none(attributes.get("received_amount")),
            "raw": answer,
        }

    def cancel_payment(self, session_id):
        """Cancel a session not paid yet (PATCH status=payment_cancelled)."""
        return self._signed_call(
            "PATCH",
            "/pis/v2/payments/" + session_id,
            {"meta": {"status": "payment_cancelled"}},
        )

    def create_refund(self, session_id, amount: Decimal, communication, state=None):
        """Refund ``amount`` (major units) of the paid session ``session_id``.

        :return: {"session_id" (the refund's), "status"}
        :raise ProviderError: when Fintecture refuses
        """
        body = {
            "meta": {"session_id": session_id},
            "data": {
                "attributes": {
                    "amount": format_amount(amount),
                    "communication": communication,
                }
            },
        }
        path = "/pis/v2/refund"
        if state:
            path += "?" + urlencode({"state": state})
        meta = self._signed_call("POST", path, body).get("meta") or {}
        if not meta.get("session_id"):
            raise ProviderError(PROVIDER, "no session_id in the refund answer")
        return {"session_id": meta["session_id"], "status": meta.get("status")}

    # --- plumbing -----------------------------------------------------------

    def _payment_body(self, amount, currency, communication, payer):
        meta = {
            meta_key: payer[key]
            for key, meta_key in _PAYER_META_KEYS.items()
            if payer.get(key)
        }
        return {
            "meta": meta,
            "data": {
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
            self.token_store.clear()
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


def expiry_seconds(moment: datetime, now: datetime | None = None) -> int:
    """`meta.expiry` for a session payable until ``moment`` (naive = UTC):
    the seconds left, capped at MAX_EXPIRY_SECONDS. A link valid longer
    renews its session instead (see payment_transaction_fintecture.py).

    :raise ValueError: when fewer than MIN_EXPIRY_SECONDS are left
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    seconds = int((moment - now).total_seconds())
    if seconds < MIN_EXPIRY_SECONDS:
        raise ValueError("the payment expires in less than 3 minutes")
    return min(seconds, MAX_EXPIRY_SECONDS)


def _decimal_or_none(value):
    return Decimal(str(value)) if value not in (None, "") else None


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
