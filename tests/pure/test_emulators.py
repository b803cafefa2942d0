import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from dev.emulators import EmulatorServer, FintectureEmulator, PayplugEmulator, Reply
from dev.emulators.merchant_keys import new_key_pair
from lib.fintecture.client import FintectureClient
from lib.fintecture.signature import InvalidSignatureError, verify_webhook
from lib.payplug.client import PayplugClient
from lib.provider_errors import ProviderError


class Receiver(EmulatorServer):
    """Stands for the merchant's webhook route: records and answers 200."""

    def handle(self, request):
        return Reply(200, b"ok", "text/plain")


@pytest.fixture(scope="module")
def key():
    """The merchant's key pair: (private PEM, public PEM)."""
    return new_key_pair()


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def fintecture(key, receiver):
    public_pem = key[1]
    emu = FintectureEmulator(
        "app-1", "secret-1", public_pem, webhook_url=receiver.base_url + "/hook"
    ).start()
    yield emu
    emu.stop()


@pytest.fixture
def session_id(fintecture, key):
    client = FintectureClient("app-1", "secret-1", key[0], fintecture.base_url)
    return client.create_connect(
        Decimal("12"),
        "EUR",
        "INV/7",
        {"name": "Jo", "email": "jo@example.com"},
        "https://shop.example/back?x=1",
        "state-7",
        "fr",
    )["session_id"]


PAYER = {
    "email": "jo@example.com",
    "first_name": "Jo",
    "last_name": "Martin",
    "country": "FR",
    "language": "fr",
}


@pytest.fixture
def payplug(receiver):
    emu = PayplugEmulator("sk_test_abc").start()
    yield emu
    emu.stop()


def create_payment(payplug, receiver, amount, metadata):
    """A payment of ``amount`` cents in euros, created on the Payplug
    emulator as the client sends it, notified to ``receiver``."""
    return PayplugClient("sk_test_abc", payplug.base_url).create_payment(
        amount,
        "EUR",
        PAYER,
        {**PAYER, "delivery_type": "BILLING"},
        "https://shop.example/ok",
        "https://shop.example/ko",
        receiver.base_url + "/notify",
        metadata,
    )


@pytest.fixture
def payment(payplug, receiver):
    return create_payment(payplug, receiver, 1000, {"link": "L7"})


def test_bank_page_offers_the_three_choices(fintecture, session_id):
    page = requests.get(f"{fintecture.base_url}/pay/{session_id}", timeout=5)
    assert page.status_code == 200
    for choice in ("approve", "refuse", "pending"):
        assert f'value="{choice}"' in page.text
    assert "12.00 EUR" in page.text


def assert_phone_page(page, amount, reference):
    """An emulated provider page as a phone shows it: sized for the screen,
    its own icon, the amount and the reference as plain text."""
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in (
        page.text.replace("'", '"')
    )
    assert "rel='icon' href=\"data:image/svg+xml," in page.text
    assert f"<dd class='amount'>{amount}</dd>" in page.text
    assert f"<dd class='reference'>{reference}</dd>" in page.text


@pytest.mark.parametrize("emulator", ["fintecture", "payplug"])
def test_emulators_answer_a_favicon_request_without_recording_it(emulator, request):
    emu = request.getfixturevalue(emulator)
    answer = requests.get(f"{emu.base_url}/favicon.ico", timeout=5)
    assert answer.status_code == 204
    assert not emu.received


def test_bank_page_is_made_for_a_phone(fintecture, session_id):
    page = requests.get(f"{fintecture.base_url}/pay/{session_id}", timeout=5)
    assert_phone_page(page, "12.00 EUR", "INV/7")


def test_card_page_is_made_for_a_phone_and_shows_the_invoice_reference(
    payplug, receiver
):
    payment = create_payment(
        payplug,
        receiver,
        12050,
        {"reference": "INV/2025/00042-1", "communication": "INV/2025/00042"},
    )
    page = requests.get(payment["hosted_payment"]["payment_url"], timeout=5)
    assert_phone_page(page, "120.50 EUR", "INV/2025/00042")


def test_approving_on_the_page_redirects_and_posts_a_valid_webhook(
    fintecture, session_id, receiver, key
):
    answer = requests.post(
        f"{fintecture.base_url}/pay/{session_id}",
        data={"choice": "approve"},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 303
    location = urlsplit(answer.headers["Location"])
    assert location.netloc == "shop.example"
    query = parse_qs(location.query)
    assert query["x"] == ["1"]
    assert query["session_id"] == [session_id]
    assert query["status"] == ["payment_created"]
    assert query["state"] == ["state-7"]
    hook = receiver.received[-1]
    form = parse_qs(hook.body.decode())
    assert form["status"] == ["payment_created"]
    assert form["transfer_state"] == ["completed"]
    assert form["state"] == ["state-7"]
    proof = verify_webhook(hook.headers, hook.body, key[0])
    assert proof.request_id == hook.headers["X-Request-ID"]


def test_refused_and_tampered_webhooks(fintecture, session_id, receiver, key):
    fintecture.refuse(session_id)
    fintecture.send_webhook(session_id)
    hook = receiver.received[-1]
    assert parse_qs(hook.body.decode())["status"] == ["payment_unsuccessful"]
    verify_webhook(hook.headers, hook.body, key[0])
    fintecture.send_webhook(session_id, tamper=True)
    tampered = receiver.received[-1]
    with pytest.raises(InvalidSignatureError):
        verify_webhook(tampered.headers, tampered.body, key[0])


def test_unsigned_api_call_is_refused(fintecture, session_id):
    token = next(iter(fintecture.tokens))
    answer = requests.get(
        f"{fintecture.base_url}/pis/v2/payments/{session_id}",
        headers={"Authorization": "Bearer " + token},
        timeout=5,
    )
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "invalid_signature"


def test_missing_token_is_refused(fintecture, session_id):
    answer = requests.get(
        f"{fintecture.base_url}/pis/v2/payments/{session_id}", timeout=5
    )
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "invalid_token"


def test_leave_pending_keeps_the_session_open(fintecture, session_id):
    fintecture.leave_pending(session_id)
    assert fintecture.sessions[session_id]["status"] == "payment_pending"


def test_card_page_refusal_redirects_to_cancel_and_notifies(payplug, payment, receiver):
    answer = requests.post(
        payment["hosted_payment"]["payment_url"],
        data={"choice": "refuse"},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.headers["Location"] == "https://shop.example/ko"
    notification = json.loads(receiver.received[-1].body)
    assert notification["id"] == payment["id"]
    assert notification["failure"]["code"] == "card_declined"


def test_tampered_payplug_notification_is_contradicted_by_the_api(
    payplug, payment, receiver
):
    payplug.send_webhook(payment["id"], tamper=True)
    assert json.loads(receiver.received[-1].body)["is_paid"] is True
    fetched = PayplugClient("sk_test_abc", payplug.base_url).get_payment(payment["id"])
    assert fetched["is_paid"] is False


def test_payplug_requires_the_api_version_header(payplug, payment):
    answer = requests.get(
        f"{payplug.base_url}/v1/payments/{payment['id']}",
        headers={"Authorization": "Bearer sk_test_abc"},
        timeout=5,
    )
    assert answer.status_code == 400
    assert answer.json()["object"] == "error"


def test_requests_are_recorded(payplug, payment):
    assert [(r.method, r.path) for r in payplug.received] == [("POST", "/v1/payments")]


# --- what the emulators refuse, as the real APIs do --------------------------


def _signed_post(emulator, key, path, body):
    """POST ``body`` to the Fintecture emulator, signed as a client would."""
    client = FintectureClient("app-1", "secret-1", key[0], emulator.base_url)
    try:
        return client._signed_call("POST", path, body, {"x-language": "fr"})
    except ProviderError as error:
        return error


def _connect_body(**meta):
    return {
        "meta": {"psu_name": "Jo", "psu_email": "jo@example.com", **meta},
        "data": {
            "attributes": {"amount": "12.00", "currency": "EUR", "communication": "R"}
        },
    }


CONNECT = "/pis/v2/connect?state=s&redirect_uri=https%3A%2F%2Fshop.example%2Fr"
REQUEST_TO_PAY = "/pis/v2/request-to-pay?redirect_uri=https%3A%2F%2Fshop.example%2Fr"


@pytest.mark.parametrize(
    ("path", "meta", "message"),
    [
        (CONNECT, {"psu_nmae": "typo"}, "meta.psu_nmae is not a known field"),
        (CONNECT, {"psu_phone": "0601020304"}, "psu_phone_prefix"),
        (
            CONNECT,
            {"psu_phone": "0601020304", "psu_phone_prefix": "+33"},
            "national number",
        ),
        (CONNECT, {"expiry": 9999 * 60 + 1}, "meta.expiry"),
        (CONNECT, {"psu_address": {"zipcode": "75001"}}, "psu_address"),
        (REQUEST_TO_PAY, {"expiry": 3600}, "meta.method"),
        (REQUEST_TO_PAY, {"expiry": 3600, "method": "sms"}, "psu_phone"),
        (REQUEST_TO_PAY, {"method": "email"}, "meta.expiry is required"),
        (REQUEST_TO_PAY, {"method": "email", "expiry": 60}, "meta.expiry"),
    ],
)
def test_fintecture_refuses_what_the_api_refuses(fintecture, key, path, meta, message):
    answer = _signed_post(fintecture, key, path, _connect_body(**meta))
    assert isinstance(answer, ProviderError)
    assert answer.http_status == 400
    assert message in answer.provider_message


def test_fintecture_takes_euros_only(fintecture, key):
    body = _connect_body()
    body["data"]["attributes"]["currency"] = "USD"
    answer = _signed_post(fintecture, key, CONNECT, body)
    assert answer.http_status == 400
    assert "only EUR" in answer.provider_message


def test_fintecture_production_requires_the_payer_ip(fintecture, key):
    fintecture.production = True
    answer = _signed_post(fintecture, key, CONNECT, _connect_body())
    assert "psu_ip" in answer.provider_message
    created = _signed_post(fintecture, key, CONNECT, _connect_body(psu_ip="192.0.2.1"))
    assert created["meta"]["session_id"]


def test_fintecture_session_expires(fintecture, session_id):
    fintecture.expire(session_id)
    page = requests.get(f"{fintecture.base_url}/pay/{session_id}", timeout=5)
    assert page.status_code == 410
    assert fintecture.sessions[session_id]["status"] == "payment_expired"


def test_fintecture_refunds_only_what_was_paid(fintecture, session_id, key):
    def refund(amount):
        body = {
            "meta": {"session_id": session_id},
            "data": {"attributes": {"amount": amount, "communication": "Refund"}},
        }
        return _signed_post(fintecture, key, "/pis/v2/refund", body)

    assert "completed payment" in refund("1.00").provider_message
    fintecture.approve(session_id)
    assert refund("8.00")["meta"]["status"] == "payment_pending"
    assert "between 0.01 and 4.00" in refund("5.00").provider_message


def test_fintecture_json_webhook_and_refund_webhook(
    fintecture, session_id, key, receiver
):
    fintecture.webhook_format = "json"
    fintecture.approve(session_id)
    answer = _signed_post(
        fintecture,
        key,
        "/pis/v2/refund",
        {"meta": {"session_id": session_id}},
    )
    fintecture.complete_refund(answer["meta"]["session_id"])
    hook = receiver.received[-1]
    assert hook.headers["Content-Type"] == "application/json"
    fields = json.loads(hook.body)
    assert fields["type"] == "Refund"
    assert fields["refunded_session_id"] == session_id
    assert fields["amount"] == "12.00"
    verify_webhook(hook.headers, hook.body, key[0])


def _payplug_call(payplug, method, path, body):
    return requests.request(
        method,
        payplug.base_url + path,
        json=body,
        headers={
            "Authorization": "Bearer sk_test_abc",
            "PayPlug-Version": "2019-08-06",
        },
        timeout=5,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"customer": {"email": "jo@example.com"}}, "customer is not accepted"),
        ({"billing": None}, "billing is required"),
        ({"shipping": PAYER}, "shipping.delivery_type is required"),
        ({"billing": {**PAYER, "mobile_phone_number": "0612345678"}}, "E.164"),
        ({"billing": {**PAYER, "first_name": None}}, "company_name"),
        ({"billing": {**PAYER, "postcode": "1" * 17}}, "billing.postcode"),
        ({"colour": "blue"}, "colour is not a known field"),
    ],
)
def test_payplug_refuses_what_the_api_refuses(payplug, change, message):
    body = {
        "amount": 1000,
        "currency": "EUR",
        "billing": PAYER,
        "shipping": {**PAYER, "delivery_type": "BILLING"},
        "hosted_payment": {"return_url": "https://shop.example/ok"},
        **change,
    }
    body = {key: value for key, value in body.items() if value is not None}
    answer = _payplug_call(payplug, "POST", "/v1/payments", body)
    assert answer.status_code == 400
    assert message in answer.json()["details"]["error"]


def test_payplug_abort_takes_aborted(payplug, payment):
    path = f"/v1/payments/{payment['id']}"
    assert _payplug_call(payplug, "PATCH", path, {"abort": True}).status_code == 400
    assert _payplug_call(payplug, "PATCH", path, {"aborted": True}).status_code == 200


def test_an_aborted_payment_takes_no_card(payplug, payment):
    _payplug_call(payplug, "PATCH", f"/v1/payments/{payment['id']}", {"aborted": True})
    page = payment["hosted_payment"]["payment_url"]
    assert requests.get(page, timeout=5).status_code == 400
    answer = requests.post(page, data={"choice": "approve"}, timeout=5)
    assert answer.status_code == 400
    assert not payplug.payments[payment["id"]]["is_paid"]


def test_payplug_refund_notification(payplug, payment, receiver):
    path = f"/v1/payments/{payment['id']}/refunds"
    assert _payplug_call(payplug, "POST", path, {"amount": 100}).status_code == 400
    payplug.approve(payment["id"])
    refund = _payplug_call(payplug, "POST", path, {"amount": 400}).json()
    assert _payplug_call(payplug, "POST", path, {"amount": 601}).status_code == 400
    payplug.send_refund_webhook(refund["id"])
    notification = json.loads(receiver.received[-1].body)
    assert notification["object"] == "refund"
    assert notification["payment_id"] == payment["id"]
    fetched = _payplug_call(payplug, "GET", f"{path}/{refund['id']}", None).json()
    assert fetched["amount"] == 400
