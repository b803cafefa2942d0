import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dev.emulators import EmulatorServer, FintectureEmulator, PayplugEmulator, Reply
from lib.fintecture.client import FintectureClient
from lib.fintecture.signature import InvalidSignatureError, verify_webhook
from lib.payplug.client import PayplugClient


class Receiver(EmulatorServer):
    """Stands for the merchant's webhook route: records and answers 200."""

    def handle(self, request):
        return Reply(200, b"ok", "text/plain")


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(65537, 2048, backend=default_backend())


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def fintecture(key, receiver):
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    emu = FintectureEmulator(
        "app-1", "secret-1", public_pem, webhook_url=receiver.base_url + "/hook"
    ).start()
    yield emu
    emu.stop()


@pytest.fixture
def session_id(fintecture, key):
    client = FintectureClient(
        "app-1",
        "secret-1",
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        fintecture.base_url,
    )
    return client.create_connect(
        Decimal("12"),
        "EUR",
        "INV/7",
        {"name": "Jo", "email": "jo@example.com"},
        "https://shop.example/back?x=1",
        "state-7",
        "fr",
    )["session_id"]


@pytest.fixture
def payplug(receiver):
    emu = PayplugEmulator("sk_test_abc").start()
    yield emu
    emu.stop()


@pytest.fixture
def payment(payplug, receiver):
    client = PayplugClient("sk_test_abc", payplug.base_url)
    return client.create_payment(
        1000,
        "EUR",
        {"email": "jo@example.com"},
        "https://shop.example/ok",
        "https://shop.example/ko",
        receiver.base_url + "/notify",
        {"link": "L7"},
    )


def test_bank_page_offers_the_three_choices(fintecture, session_id):
    page = requests.get(f"{fintecture.base_url}/pay/{session_id}", timeout=5)
    assert page.status_code == 200
    for choice in ("approve", "refuse", "pending"):
        assert f'value="{choice}"' in page.text
    assert "12.00 EUR" in page.text


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
    proof = verify_webhook(hook.headers, hook.body, key)
    assert proof.request_id == hook.headers["X-Request-ID"]


def test_refused_and_tampered_webhooks(fintecture, session_id, receiver, key):
    fintecture.refuse(session_id)
    fintecture.send_webhook(session_id)
    hook = receiver.received[-1]
    assert parse_qs(hook.body.decode())["status"] == ["payment_unsuccessful"]
    verify_webhook(hook.headers, hook.body, key)
    fintecture.send_webhook(session_id, tamper=True)
    tampered = receiver.received[-1]
    with pytest.raises(InvalidSignatureError):
        verify_webhook(tampered.headers, tampered.body, key)


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
