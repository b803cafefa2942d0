"""Each request the clients build, compared with the shape the providers'
official SDKs and references document (tests/pure/contracts/*.json, each
naming its sources): the path and method, the query, the headers, and every
body key with its type; a key the reference does not know fails."""

import json
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from dev.emulators import FintectureEmulator, PayplugEmulator
from dev.emulators.merchant_keys import new_key_pair
from lib.fintecture.client import FintectureClient
from lib.payplug.client import PayplugClient

CONTRACTS = Path(__file__).parent / "contracts"
LEAF_TYPES = {
    "string": lambda v: isinstance(v, str) and v != "",
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "true": lambda v: v is True,
    "amount-string": lambda v: isinstance(v, str) and re.fullmatch(r"\d+\.\d{2}", v),
    "currency": lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v),
    "country": lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{2}", v),
    "language": lambda v: isinstance(v, str) and re.fullmatch(r"[a-z]{2}", v),
    "national-phone": lambda v: isinstance(v, str) and re.fullmatch(r"[1-9]\d+", v),
    "phone-prefix": lambda v: isinstance(v, str) and re.fullmatch(r"\+\d{1,3}", v),
    "e164": lambda v: isinstance(v, str) and re.fullmatch(r"\+[1-9]\d{7,14}", v),
    "rtp-method": lambda v: v in ("email", "sms"),
}


def shape_problems(value, shape, where="body"):
    """Every way ``value`` differs from ``shape`` (a leaf type name, or
    {"required": {key: shape}, "optional": {key: shape}})."""
    if isinstance(shape, str):
        return [] if LEAF_TYPES[shape](value) else [f"{where}: not {shape}: {value!r}"]
    if not isinstance(value, dict):
        return [f"{where}: not an object"]
    known = {**shape["required"], **shape["optional"]}
    problems = [f"{where}.{key}: unknown" for key in value if key not in known]
    problems += [
        f"{where}.{key}: missing" for key in shape["required"] if key not in value
    ]
    for key, sub_shape in known.items():
        if key in value:
            problems += shape_problems(value[key], sub_shape, f"{where}.{key}")
    return problems


def assert_follows(call, contract_name):
    contract = json.loads((CONTRACTS / f"{contract_name}.json").read_text())
    assert call.method == contract["method"]
    pattern = re.escape(contract["path"]).replace(r"\{id\}", "[^/]+")
    assert re.fullmatch(pattern, call.path), call.path
    query = contract["query"]
    assert set(query["required"]) <= set(call.query)
    assert set(call.query) <= set(query["required"] + query["optional"])
    headers = {name.lower() for name in call.headers}
    assert {name.lower() for name in contract["headers"]} <= headers
    if "form" in contract:
        form = parse_qs(call.body.decode())
        assert set(form) == set(contract["form"]["required"])
        return
    assert shape_problems(json.loads(call.body), contract["body"]) == []


@pytest.fixture(scope="module")
def key():
    """The merchant's key pair: (private PEM, public PEM)."""
    return new_key_pair()


@pytest.fixture
def fintecture(key):
    public_pem = key[1]
    emulator = FintectureEmulator("app-1", "secret-1", public_pem).start()
    client = FintectureClient("app-1", "secret-1", key[0], emulator.base_url)
    yield emulator, client
    emulator.stop()


@pytest.fixture
def payplug():
    emulator = PayplugEmulator("sk_test_abc").start()
    yield emulator, PayplugClient("sk_test_abc", emulator.base_url)
    emulator.stop()


PAYER = {
    "name": "Jane Doe",
    "email": "jane@example.com",
    "company": "Boulangerie Martin",
    "phone": "612345678",
    "phone_prefix": "+33",
    "address": {
        "street": "1 rue Haute",
        "zip": "75001",
        "city": "Paris",
        "country": "FR",
    },
}
ARGS = (Decimal("42.50"), "EUR", "INV/2026/0001", PAYER)
LATER = datetime.now(timezone.utc) + timedelta(days=2)


def last_call(emulator, path_start):
    return [r for r in emulator.received if r.path.startswith(path_start)][-1]


def test_fintecture_token_and_connect(fintecture):
    emulator, client = fintecture
    client.create_connect(
        *ARGS, "https://shop.example/r", "s-1", "fr", LATER, "203.0.113.9"
    )
    assert_follows(last_call(emulator, "/oauth/accesstoken"), "fintecture_token")
    assert_follows(last_call(emulator, "/pis/v2/connect"), "fintecture_connect")


def test_fintecture_request_to_pay(fintecture):
    emulator, client = fintecture
    client.create_request_to_pay(
        *ARGS, LATER, "https://shop.example/r", "s-1", "fr", "sms"
    )
    call = last_call(emulator, "/pis/v2/request-to-pay")
    assert_follows(call, "fintecture_request_to_pay")


def test_fintecture_cancel_and_refund(fintecture):
    emulator, client = fintecture
    cancelled = client.create_connect(*ARGS, "https://shop.example/r", "s-1", "fr")
    client.cancel_payment(cancelled["session_id"])
    assert_follows(last_call(emulator, "/pis/v2/payments/"), "fintecture_cancel")
    paid = client.create_connect(*ARGS, "https://shop.example/r", "s-2", "fr")
    emulator.approve(paid["session_id"])
    client.create_refund(paid["session_id"], Decimal("2.5"), "Refund", state="r-1")
    assert_follows(last_call(emulator, "/pis/v2/refund"), "fintecture_refund")


def test_payplug_create_abort_refund(payplug):
    emulator, client = payplug
    billing = {
        "email": "jane@example.com",
        "company_name": "Boulangerie Martin",
        "first_name": "Jane",
        "last_name": "Doe",
        "address1": "1 rue Haute",
        "postcode": "75001",
        "city": "Paris",
        "country": "FR",
        "language": "fr",
        "mobile_phone_number": "+33612345678",
    }
    shipping = {**billing, "delivery_type": "BILLING"}
    urls = ("https://s.example/ok", "https://s.example/ko", "https://s.example/n")
    aborted = client.create_payment(4250, "EUR", billing, shipping, *urls, {"l": 1})
    assert_follows(last_call(emulator, "/v1/payments"), "payplug_create_payment")
    client.abort_payment(aborted["id"])
    assert_follows(last_call(emulator, "/v1/payments/"), "payplug_abort")
    paid = client.create_payment(4250, "EUR", billing, shipping, *urls, {"l": 2})
    emulator.approve(paid["id"])
    client.create_refund(paid["id"], 1000, metadata={"reference": "R-1"})
    assert_follows(last_call(emulator, "/v1/payments/"), "payplug_refund")


def test_the_checker_catches_a_shared_mistake():
    """The old `customer` key fails the contract even if an emulator took it."""
    contract = json.loads((CONTRACTS / "payplug_create_payment.json").read_text())
    problems = shape_problems({"amount": 100, "customer": {}}, contract["body"])
    assert "body.customer: unknown" in problems
    assert "body.billing: missing" in problems
