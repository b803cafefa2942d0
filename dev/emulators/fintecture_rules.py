"""What the emulated Fintecture API refuses in a request body, written from
Fintecture's references apart from the client (fintecture-sdk-php
examples/pis-connect.php and pis-request-to-pay.php, src/Api/Pis/*.php; the JS
SDK src/Connect.ts and src/Pis.ts; the magento plugin Helper/Fintecture.php
and Gateway/HandleRefund.php).

Stricter than Fintecture is known to be on one point: a `meta` key none of
those references uses is refused, so that a misspelt key fails here instead
of being silently ignored in production.
"""

import re
from decimal import Decimal

AMOUNT = re.compile(r"^\d{1,9}\.\d{2}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
PHONE_PREFIX = re.compile(r"^\+\d{1,3}$")
NATIONAL_PHONE = re.compile(r"^[1-9]\d{3,13}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
# meta.expiry: 3 to 9,999 minutes (magento plugin, generatePayload).
MIN_EXPIRY, MAX_EXPIRY = 3 * 60, 9999 * 60
MAX_COMMUNICATION = 140
# SEPA instant transfers: euros only.
SUPPORTED_CURRENCIES = {"EUR"}

PAYER_KEYS = {
    "psu_name",
    "psu_email",
    "psu_company",
    "psu_phone",
    "psu_phone_prefix",
    "psu_address",
    "psu_ip",
    "expiry",
    "reconciliation",
    "payment_methods",
}
CONNECT_META_KEYS = PAYER_KEYS
REQUEST_TO_PAY_META_KEYS = PAYER_KEYS | {"method", "cc", "bcc"}
ADDRESS_KEYS = {"street", "number", "complement", "zip", "city", "country"}
DATA_TYPES = {None, "PIS", "SEPA", "REQUEST_TO_PAY"}


def payment_problem(payload, query, kind, production):
    """First thing Fintecture would refuse in a connect or request-to-pay
    call (``kind`` "connect" or "request-to-pay"), or None."""
    try:
        meta, data = payload["meta"], payload["data"]
        attributes = data["attributes"]
    except (KeyError, TypeError):
        return "body must be JSON with meta and data.attributes"
    if not query.get("redirect_uri"):
        return "redirect_uri query parameter is required"
    if kind == "connect" and not query.get("state"):
        return "state query parameter is required"
    if data.get("type") not in DATA_TYPES:
        return f"data.type {data.get('type')!r} is not supported"
    return (
        _attributes_problem(attributes)
        or _meta_problem(meta, kind, production)
        or _phone_problem(meta)
        or _address_problem(meta.get("psu_address"))
    )


def refund_problem(payload, paid_session, refunded):
    """First thing wrong with a refund of ``paid_session`` (None when the
    session is unknown) of which ``refunded`` (Decimal) is already refunded."""
    try:
        session_id = payload["meta"]["session_id"]
        attributes = (payload.get("data") or {}).get("attributes") or {}
    except (KeyError, TypeError):
        return "body must be JSON with meta.session_id"
    if not session_id or paid_session is None:
        return "meta.session_id is not a known payment"
    if paid_session["status"] != "payment_created":
        return "only a completed payment can be refunded"
    amount = attributes.get("amount")
    if amount is not None and not AMOUNT.match(str(amount)):
        return "data.attributes.amount must be a string with two decimals"
    if len(attributes.get("communication") or "") > MAX_COMMUNICATION:
        return "data.attributes.communication is 140 characters at most"
    left = Decimal(paid_session["attributes"]["amount"]) - refunded
    if amount is not None and not 0 < Decimal(amount) <= left:
        return f"the amount to refund must be between 0.01 and {left}"
    return None


def _attributes_problem(attributes):
    if not AMOUNT.match(str(attributes.get("amount", ""))):
        return "data.attributes.amount must be a string with two decimals"
    if not CURRENCY.match(str(attributes.get("currency", ""))):
        return "data.attributes.currency must be an ISO 4217 code"
    if attributes["currency"] not in SUPPORTED_CURRENCIES:
        return "data.attributes.currency: only EUR payments are supported"
    communication = attributes.get("communication") or ""
    if not communication or len(communication) > MAX_COMMUNICATION:
        return "data.attributes.communication is required (140 chars max)"
    return None


def _meta_problem(meta, kind, production):
    allowed = REQUEST_TO_PAY_META_KEYS if kind == "request-to-pay" else PAYER_KEYS
    unknown = sorted(set(meta) - allowed)
    if unknown:
        return f"meta.{unknown[0]} is not a known field"
    if not meta.get("psu_name"):
        return "meta.psu_name is required"
    by_sms = kind == "request-to-pay" and meta.get("method") == "sms"
    if not meta.get("psu_email") and not by_sms:
        return "meta.psu_email is required"
    if kind == "connect" and production and not meta.get("psu_ip"):
        return "meta.psu_ip is required in production"
    expiry = meta.get("expiry")
    if expiry is None and kind == "request-to-pay":
        return "meta.expiry is required"
    if expiry is not None and not (
        isinstance(expiry, int) and MIN_EXPIRY <= expiry <= MAX_EXPIRY
    ):
        return f"meta.expiry must be {MIN_EXPIRY} to {MAX_EXPIRY} seconds"
    if kind == "request-to-pay":
        method = meta.get("method")
        if method not in ("email", "sms"):
            return "meta.method must be email or sms"
        if method == "sms" and not meta.get("psu_phone"):
            return "meta.psu_phone is required to send by sms"
    return None


def _phone_problem(meta):
    phone, prefix = meta.get("psu_phone"), meta.get("psu_phone_prefix")
    if not phone and not prefix:
        return None
    if not (phone and prefix and PHONE_PREFIX.match(str(prefix))):
        return "meta.psu_phone goes with meta.psu_phone_prefix (+33)"
    if not NATIONAL_PHONE.match(str(phone)):
        return "meta.psu_phone is the national number, without 0 nor prefix"
    return None


def _address_problem(address):
    if address is None:
        return None
    if not isinstance(address, dict) or set(address) - ADDRESS_KEYS:
        return f"meta.psu_address takes {sorted(ADDRESS_KEYS)}"
    if address.get("country") and not COUNTRY.match(address["country"]):
        return "meta.psu_address.country is an ISO 3166 alpha-2 code"
    return None
