import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

import lib.fintecture.client as fintecture_client
from dev.emulators import FintectureEmulator
from dev.emulators.merchant_keys import new_key_pair
from lib.fintecture.client import (
    FintectureClient,
    MemoryTokenStore,
    expiry_seconds,
    format_amount,
)
from lib.fintecture.const import MAX_EXPIRY_SECONDS, fintecture_result
from lib.provider_errors import ProviderError, ProviderTimeout

PAYER = {
    "name": "Jane Doe",
    "email": "jane@example.com",
    "phone": "601020304",
    "phone_prefix": "+33",
    "address": {
        "street": "5 rue Vide",
        "zip": "75001",
        "city": "Paris",
        "country": "FR",
    },
}


@pytest.fixture(scope="module")
def key_pems():
    return new_key_pair()


@pytest.fixture
def emulator(key_pems):
    emu = FintectureEmulator("app-1", "secret-1", key_pems[1]).start()
    yield emu
    emu.stop()


@pytest.fixture
def client(emulator, key_pems):
    return FintectureClient(
        "app-1", "secret-1", key_pems[0], emulator.base_url, timeout=2
    )


def _request_to_pay(client, amount="42.5", days=3):
    return client.create_request_to_pay(
        Decimal(amount),
        "EUR",
        "INV/2024/0001",
        PAYER,
        datetime.now(timezone.utc) + timedelta(days=days),
        "https://shop.example/pay/return",
        "state-1",
        "fr",
        "email",
    )


def _token_calls(emulator):
    return [r for r in emulator.received if r.path == "/oauth/accesstoken"]


def test_request_to_pay_sends_the_documented_request(client, emulator):
    session = _request_to_pay(client)
    assert session["url"] == f"{emulator.base_url}/pay/{session['session_id']}"
    call = emulator.received[-1]
    assert call.path == "/pis/v2/request-to-pay"
    assert call.query == {
        "redirect_uri": "https://shop.example/pay/return",
        "state": "state-1",
    }
    assert call.headers["x-language"] == "fr"
    assert (
        'headers="(request-target) date digest x-request-id"'
        in call.headers["Signature"]
    )
    body = json.loads(call.body)
    assert body["data"]["attributes"] == {
        "amount": "42.50",
        "currency": "EUR",
        "communication": "INV/2024/0001",
    }
    assert body["meta"]["psu_email"] == "jane@example.com"
    assert body["meta"]["psu_phone"] == "601020304"
    assert body["meta"]["psu_phone_prefix"] == "+33"
    assert body["meta"]["method"] == "email"
    assert 3 * 86400 - 60 < body["meta"]["expiry"] <= 3 * 86400


def test_expiry_is_capped_at_what_the_api_accepts(client, emulator):
    _request_to_pay(client, days=30)
    assert json.loads(emulator.received[-1].body)["meta"]["expiry"] == (
        MAX_EXPIRY_SECONDS
    )


def test_expiry_bounds():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert expiry_seconds(now + timedelta(minutes=10), now) == 600
    assert expiry_seconds(now + timedelta(days=8), now) == 9999 * 60
    with pytest.raises(ValueError):
        expiry_seconds(now + timedelta(minutes=2), now)


def test_request_to_pay_refuses_an_unknown_method(client, emulator):
    with pytest.raises(ValueError):
        client.create_request_to_pay(
            Decimal(1),
            "EUR",
            "R",
            PAYER,
            datetime.now(timezone.utc) + timedelta(days=1),
            "u",
            "s",
            "fr",
            "pigeon",
        )
    assert emulator.received == []


def test_token_store_is_shared_between_clients(emulator, key_pems):
    store = MemoryTokenStore()
    for _ in range(2):
        client = FintectureClient(
            "app-1", "secret-1", key_pems[0], emulator.base_url, token_store=store
        )
        _request_to_pay(client)
    assert len(_token_calls(emulator)) == 1


def test_refund(client, emulator):
    session = _request_to_pay(client, "10")
    emulator.approve(session["session_id"])
    refund = client.create_refund(
        session["session_id"], Decimal("4"), "Refund INV/1", state="r-1"
    )
    call = emulator.received[-1]
    assert (call.path, call.query) == ("/pis/v2/refund", {"state": "r-1"})
    assert json.loads(call.body) == {
        "meta": {"session_id": session["session_id"]},
        "data": {"attributes": {"amount": "4.00", "communication": "Refund INV/1"}},
    }
    assert refund["status"] == "payment_pending"
    emulator.complete_refund(refund["session_id"])
    fetched = client.get_payment(refund["session_id"])
    assert (fetched["status"], fetched["amount"]) == (
        "payment_created",
        Decimal("4.00"),
    )


def test_connect_sends_the_payer_ip(client, emulator):
    client.create_connect(
        Decimal("5"),
        "EUR",
        "REF",
        PAYER,
        "https://shop.example/r",
        "s-2",
        "en",
        psu_ip="203.0.113.7",
    )
    assert json.loads(emulator.received[-1].body)["meta"]["psu_ip"] == "203.0.113.7"


def test_token_is_asked_with_basic_auth_and_cached(client, emulator):
    _request_to_pay(client)
    _request_to_pay(client)
    calls = _token_calls(emulator)
    assert len(calls) == 1
    assert calls[0].headers["Authorization"].startswith("Basic ")
    assert calls[0].body == b"grant_type=client_credentials&app_id=app-1&scope=PIS"


def test_token_is_renewed_before_it_expires(client, emulator, monkeypatch):
    _request_to_pay(client)
    later = fintecture_client.time.time() + emulator.token_lifetime - 30
    monkeypatch.setattr(fintecture_client.time, "time", lambda: later)
    client.get_access_token()
    assert len(_token_calls(emulator)) == 2


def test_refused_token_is_replaced_once(client, emulator):
    session = _request_to_pay(client)
    emulator.expire_tokens()
    assert client.get_payment(session["session_id"])["status"] == "provider_required"
    assert len(_token_calls(emulator)) == 2


def test_get_payment_reports_status_and_transfer_state(client, emulator):
    session = _request_to_pay(client, "10")
    emulator.approve(session["session_id"])
    payment = client.get_payment(session["session_id"])
    assert payment["status"] == "payment_created"
    assert payment["transfer_state"] == "completed"
    assert payment["amount"] == Decimal("10.00")
    assert payment["currency"] == "EUR"
    assert payment["raw"]["data"]["id"] == session["session_id"]
    assert emulator.received[-1].headers.get("Digest") is None


def test_connect_and_cancel(client, emulator):
    session = client.create_connect(
        Decimal("5"), "EUR", "REF", PAYER, "https://shop.example/r", "s-2", "en"
    )
    assert emulator.received[-1].path == "/pis/v2/connect"
    client.cancel_payment(session["session_id"])
    assert client.get_payment(session["session_id"])["status"] == "payment_cancelled"


def test_cancelling_a_paid_session_is_a_provider_error(client, emulator):
    session = _request_to_pay(client)
    emulator.approve(session["session_id"])
    with pytest.raises(ProviderError) as caught:
        client.cancel_payment(session["session_id"])
    assert caught.value.http_status == 400
    assert caught.value.provider_message == "Payment already made"


def test_wrong_credentials_give_the_provider_message(emulator, key_pems):
    client = FintectureClient("app-1", "wrong", key_pems[0], emulator.base_url)
    with pytest.raises(ProviderError) as caught:
        _request_to_pay(client)
    assert caught.value.http_status == 401
    assert caught.value.provider_message == "Bad app credentials"
    assert not isinstance(caught.value, ProviderTimeout)


def test_unknown_session_is_a_404(client):
    with pytest.raises(ProviderError) as caught:
        client.get_payment("nope")
    assert caught.value.http_status == 404


def test_outage_by_timeout(client, emulator):
    emulator.set_down(True)
    client.timeout = 0.3
    with pytest.raises(ProviderTimeout):
        _request_to_pay(client)


def test_outage_by_server_error(client, emulator):
    emulator.set_down(True, mode="error")
    with pytest.raises(ProviderError) as caught:
        _request_to_pay(client)
    assert caught.value.http_status == 500
    emulator.set_down(False)
    assert _request_to_pay(client)["session_id"]


def test_expiry_in_the_past_is_refused_before_any_call(client, emulator):
    with pytest.raises(ValueError):
        client.create_request_to_pay(
            Decimal(1),
            "EUR",
            "R",
            PAYER,
            datetime.now(timezone.utc),
            "u",
            "s",
            "fr",
            "email",
        )
    assert emulator.received == []


def test_amount_format():
    assert format_amount(Decimal("1234.5")) == "1234.50"
    assert format_amount(Decimal("0.005")) == "0.00"
    assert format_amount(Decimal(7)) == "7.00"


@pytest.mark.parametrize(
    ("status", "transfer_state", "result"),
    [
        ("payment_created", "completed", "done"),
        ("payment_created", None, "done"),
        ("payment_created", "rejected", "error"),
        ("payment_partial", "insufficient", "partial"),
        ("insufficient", None, "partial"),
        ("payment_pending", "pending", "pending"),
        ("sca_required", None, "open"),
        ("provider_required", None, "open"),
        ("payment_waiting", None, "pending"),
        ("payment_unsuccessful", "rejected", "error"),
        ("payment_unsuccessful", None, "open"),
        ("payment_expired", None, "cancel"),
        ("payment_error", None, "error"),
        ("payment_cancelled", None, "cancel"),
        (None, "received", "done"),
        ("something_new", None, None),
    ],
)
def test_status_map(status, transfer_state, result):
    assert fintecture_result(status, transfer_state) == result
