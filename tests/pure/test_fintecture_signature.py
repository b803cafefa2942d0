import base64
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from dev.emulators.fintecture_signature import (
    SignatureRefused,
    check_call_signature,
    webhook_headers,
)
from lib.fintecture.signature import (
    InvalidSignatureError,
    build_signing_string,
    compute_digest,
    parse_signature_header,
    sign_request_headers,
    verify_webhook,
)

NOW = datetime(2024, 2, 26, 13, 36, tzinfo=timezone.utc)
BODY = b"session_id=abc&status=payment_created&transfer_state=completed&state=S1"


def _key():
    return rsa.generate_private_key(65537, 2048, backend=default_backend())


def _pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="module")
def key():
    return _key()


@pytest.fixture(scope="module")
def other_key():
    return _key()


def _encrypt(public_key, text):
    encrypted = public_key.encrypt(
        text.encode(),
        padding.OAEP(
            mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None
        ),
    )
    return base64.b64encode(encrypted).decode()


def test_digest_of_empty_body_is_the_known_sha256():
    expected = "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    assert compute_digest(b"") == expected


def test_signing_string_lowercases_names_and_joins_lines():
    text = build_signing_string(
        [
            ("(request-target)", "post /pis/v2/connect?state=test"),
            ("Date", "Mon, 26 Feb 2024 13:36:00 GMT"),
            ("X-Request-ID", "963587a9"),
        ]
    )
    assert text == (
        "(request-target): post /pis/v2/connect?state=test\n"
        "date: Mon, 26 Feb 2024 13:36:00 GMT\n"
        "x-request-id: 963587a9"
    )


def test_post_headers_are_signed_as_fintecture_requires(key):
    body = b'{"meta":{}}'
    headers = sign_request_headers(
        "app-1",
        _pem(key),
        "POST",
        "/pis/v2/connect?state=x",
        body,
        now=NOW,
        request_id="rid-1",
    )
    assert headers["Date"] == "Mon, 26 Feb 2024 13:36:00 GMT"
    assert headers["X-Request-ID"] == "rid-1"
    assert headers["Digest"] == compute_digest(body)
    params = parse_signature_header(headers["Signature"])
    assert params["keyId"] == "app-1"
    assert params["algorithm"] == "rsa-sha256"
    assert params["headers"] == "(request-target) date digest x-request-id"
    expected = (
        "(request-target): post /pis/v2/connect?state=x\n"
        "date: Mon, 26 Feb 2024 13:36:00 GMT\n"
        f"digest: {compute_digest(body)}\n"
        "x-request-id: rid-1"
    ).encode()
    key.public_key().verify(
        base64.b64decode(params["signature"]),
        expected,
        padding.PKCS1v15(),
        hashes.SHA256(),
    )


def test_get_headers_carry_no_digest(key):
    headers = sign_request_headers("app-1", key, "GET", "/pis/v2/payments/s1", now=NOW)
    assert "Digest" not in headers
    params = parse_signature_header(headers["Signature"])
    assert params["headers"] == "(request-target) date x-request-id"
    with pytest.raises(InvalidSignature):
        key.public_key().verify(
            base64.b64decode(params["signature"]),
            b"other",
            padding.PKCS1v15(),
            hashes.SHA256(),
        )


def test_signed_call_passes_fintectures_check_and_tampering_fails(key, other_key):
    """The client's signature, checked by the emulator's own implementation
    of Fintecture's signature guide."""
    body = b'{"a":1}'
    signed = sign_request_headers("app-1", key, "POST", "/x?y=1", body)
    headers = {name.lower(): value for name, value in signed.items()}

    def check(method_target_body, public_key):
        method, target, sent = method_target_body
        return check_call_signature(headers, method, target, sent, public_key)

    assert check(("POST", "/x?y=1", body), key.public_key()) == "app-1"
    for tampered, public_key in [
        (("POST", "/x?y=1", b'{"a":2}'), key.public_key()),
        (("POST", "/x?y=2", body), key.public_key()),
        (("POST", "/x?y=1", body), other_key.public_key()),
    ]:
        with pytest.raises(SignatureRefused):
            check(tampered, public_key)


def test_valid_webhook_returns_replay_proof(key):
    headers = webhook_headers(
        "app-1", key.public_key(), BODY, now=NOW, request_id="rid-9"
    )
    proof = verify_webhook(headers, BODY, _pem(key), now=NOW + timedelta(seconds=30))
    assert proof.request_id == "rid-9"
    assert proof.digest == compute_digest(BODY)
    assert proof.date == NOW
    assert proof.key_id == "app-1"


def test_webhook_headers_are_case_insensitive(key):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW)
    lowered = {name.lower(): value for name, value in headers.items()}
    assert verify_webhook(lowered, BODY, key, now=NOW).digest == compute_digest(BODY)


def test_webhook_signed_with_date_and_digest_only_is_accepted(key):
    headers = {"Date": "Mon, 26 Feb 2024 13:36:00 GMT", "Digest": compute_digest(BODY)}
    text = f"date: {headers['Date']}\ndigest: {headers['Digest']}"
    headers["Signature"] = (
        'keyId="app-1",algorithm="rsa-sha256",headers="date digest",'
        f'signature="{_encrypt(key.public_key(), text)}"'
    )
    assert verify_webhook(headers, BODY, key, now=NOW).request_id is None


def test_forged_webhook_signature_is_rejected(key, other_key):
    headers = webhook_headers("app-1", other_key.public_key(), BODY, now=NOW)
    with pytest.raises(InvalidSignatureError, match="decrypted"):
        verify_webhook(headers, BODY, key, now=NOW)


def test_tampered_webhook_body_is_rejected(key):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW)
    with pytest.raises(InvalidSignatureError, match="Digest"):
        verify_webhook(headers, BODY.replace(b"S1", b"S2"), key, now=NOW)


def test_webhook_with_recomputed_digest_but_old_signature_is_rejected(key):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW)
    forged_body = BODY.replace(b"S1", b"S2")
    headers["Digest"] = compute_digest(forged_body)
    with pytest.raises(InvalidSignatureError, match="digest"):
        verify_webhook(headers, forged_body, key, now=NOW)


@pytest.mark.parametrize("missing", ["Date", "Digest", "Signature"])
def test_webhook_missing_header_is_rejected(key, missing):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW)
    del headers[missing]
    with pytest.raises(InvalidSignatureError, match="missing"):
        verify_webhook(headers, BODY, key, now=NOW)


def test_webhook_request_id_must_match_the_signed_one(key):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW)
    headers["X-Request-ID"] = "replayed-with-new-id"
    with pytest.raises(InvalidSignatureError, match="x-request-id"):
        verify_webhook(headers, BODY, key, now=NOW)


@pytest.mark.parametrize("offset", [timedelta(minutes=-6), timedelta(minutes=6)])
def test_webhook_outside_date_tolerance_is_rejected(key, offset):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW + offset)
    with pytest.raises(InvalidSignatureError, match="tolerance"):
        verify_webhook(headers, BODY, key, now=NOW)
    assert verify_webhook(headers, BODY, key, now=NOW, tolerance=timedelta(minutes=7))


@pytest.mark.parametrize(
    "signature",
    [
        'keyId="a",algorithm="rsa-sha256",headers="date digest",signature="%%%"',
        'keyId="a",algorithm="hmac-sha256",headers="date digest",signature="AAAA"',
        "garbage",
    ],
)
def test_malformed_signature_header_is_rejected(key, signature):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW)
    headers["Signature"] = signature
    with pytest.raises(InvalidSignatureError):
        verify_webhook(headers, BODY, key, now=NOW)


def test_signed_lines_must_match_the_listed_headers(key):
    headers = webhook_headers("app-1", key.public_key(), BODY, now=NOW)
    headers["Signature"] = headers["Signature"].replace(
        'headers="date digest x-request-id"', 'headers="date x-request-id"'
    )
    with pytest.raises(InvalidSignatureError, match="listed"):
        verify_webhook(headers, BODY, key, now=NOW)
