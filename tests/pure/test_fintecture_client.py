import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import lib.fintecture.client as fintecture_client
from dev.emulators import FintectureEmulator
from lib.fintecture.client import FintectureClient, format_amount
from lib.fintecture.const import fintecture_result
from lib.provider_errors import ProviderError, ProviderTimeout

PAYER = {"name": "Jane Doe", "email": "jane@example.com", "phone": "0601020304"}


@pytest.fixture(scope="module")
def key_pems():
    key = rsa.generate_private_key(65537, 2048, backend=default_backend())
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        .decode()
    )
    return private_pem, public_pem


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


def _request_to_pay(client, amount="42.5"):
    return client.create_request_to_pay(
        Decimal(amount),
        "EUR",
        "INV/2024/0001",
        PAYER,
        datetime.now(timezone.utc) + timedelta(days=3),
        "https://shop.example/pay/return",
        "state-1",
        "fr",
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
    assert 3 * 86400 - 60 < body["meta"]["expiry"] <= 3 * 86400


def test_token_is_asked_with_basic_auth_and_cached(client, emulator):
    _request_to_pay(client)
    _request_to_pay(client)
    calls = _token_calls(emulator)
    assert len(calls) == 1
    assert calls[0].headers["Authorization"].startswith("Basic ")
    assert calls[0].body == b"grant_type=client_credentials&app_id=app-1&scope=PIS"


def test_token_is_renewed_before_it_expires(client, emulator, monkeypatch):
    _request_to_pay(client)
    later = fintecture_client.time.monotonic() + emulator.token_lifetime - 30
    monkeypatch.setattr(fintecture_client.time, "monotonic", lambda: later)
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
            Decimal(1), "EUR", "R", PAYER, datetime.now(timezone.utc), "u", "s", "fr"
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
        ("payment_error", None, "error"),
        ("payment_cancelled", None, "cancel"),
        (None, "received", "done"),
        ("something_new", None, None),
    ],
)
def test_status_map(status, transfer_state, result):
    assert fintecture_result(status, transfer_state) == result
