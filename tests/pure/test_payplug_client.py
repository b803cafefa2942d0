import json

import pytest

from dev.emulators import PayplugEmulator
from lib.payplug.client import PayplugClient, key_is_live
from lib.payplug.const import payplug_result
from lib.provider_errors import ProviderError, ProviderTimeout

CUSTOMER = {"email": "jane@example.com", "first_name": "Jane", "last_name": "Doe"}


@pytest.fixture
def emulator():
    emu = PayplugEmulator("sk_test_abc").start()
    yield emu
    emu.stop()


@pytest.fixture
def client(emulator):
    return PayplugClient("sk_test_abc", emulator.base_url, timeout=2)


def _create(client, amount_cents=4250):
    return client.create_payment(
        amount_cents,
        "EUR",
        CUSTOMER,
        "https://shop.example/return",
        "https://shop.example/cancel",
        "https://shop.example/notify",
        {"link": "L1"},
    )


@pytest.mark.parametrize(("key", "live"), [("sk_live_x", True), ("sk_test_x", False)])
def test_mode_comes_from_the_key_prefix(key, live):
    assert key_is_live(key) is live
    assert PayplugClient(key).is_live is live


@pytest.mark.parametrize("key", ["pk_live_x", "sk_x", "", None, "SK_LIVE_x"])
def test_other_key_prefixes_are_refused(key):
    with pytest.raises(ValueError):
        PayplugClient(key)


def test_create_payment_sends_the_documented_request(client, emulator):
    payment = _create(client)
    call = emulator.received[-1]
    assert (call.method, call.path) == ("POST", "/v1/payments")
    assert call.headers["Authorization"] == "Bearer sk_test_abc"
    assert call.headers["PayPlug-Version"] == "2019-08-06"
    assert json.loads(call.body) == {
        "amount": 4250,
        "currency": "EUR",
        "customer": CUSTOMER,
        "hosted_payment": {
            "return_url": "https://shop.example/return",
            "cancel_url": "https://shop.example/cancel",
        },
        "notification_url": "https://shop.example/notify",
        "metadata": {"link": "L1"},
    }
    assert payment["id"].startswith("pay_")
    assert payment["is_live"] is False
    assert payment["hosted_payment"]["payment_url"].endswith(payment["id"])


def test_get_payment_follows_the_emulated_payer(client, emulator):
    payment = _create(client)
    assert payplug_result(client.get_payment(payment["id"])) == "open"
    emulator.approve(payment["id"])
    fetched = client.get_payment(payment["id"])
    assert fetched["is_paid"] is True
    assert payplug_result(fetched) == "done"


def test_abort_payment_uses_patch_abort(client, emulator):
    payment = _create(client)
    aborted = client.abort_payment(payment["id"])
    call = emulator.received[-1]
    assert (call.method, json.loads(call.body)) == ("PATCH", {"abort": True})
    assert aborted["failure"]["code"] == "aborted"
    assert payplug_result(aborted) == "cancel"


def test_wrong_key_gives_the_provider_message(emulator):
    client = PayplugClient("sk_test_wrong", emulator.base_url)
    with pytest.raises(ProviderError) as caught:
        _create(client)
    assert caught.value.http_status == 401
    assert caught.value.provider_message == "The API key you provided is invalid."


def test_invalid_payload_is_a_400(client):
    with pytest.raises(ProviderError) as caught:
        _create(client, amount_cents=50)
    assert caught.value.http_status == 400


def test_outage_by_timeout(client, emulator):
    emulator.set_down(True)
    client.timeout = 0.3
    with pytest.raises(ProviderTimeout):
        client.get_payment("pay_x")


def test_unreachable_server_is_a_timeout(emulator):
    client = PayplugClient("sk_test_abc", emulator.base_url)
    emulator.stop()
    with pytest.raises(ProviderTimeout):
        client.get_payment("pay_x")


def test_server_error_is_a_provider_error(client, emulator):
    emulator.set_down(True, mode="error")
    with pytest.raises(ProviderError) as caught:
        client.get_payment("pay_x")
    assert caught.value.http_status == 500
    assert not isinstance(caught.value, ProviderTimeout)


@pytest.mark.parametrize(
    ("payment", "result"),
    [
        ({"is_paid": True, "failure": None}, "done"),
        ({"is_paid": False, "failure": None}, "open"),
        ({"is_paid": False, "failure": {"code": "card_declined"}}, "error"),
        ({"is_paid": False, "failure": {"code": "timeout"}}, "cancel"),
    ],
)
def test_status_map(payment, result):
    assert payplug_result(payment) == result
