"""Fintecture HTTP signatures: signing our API calls and checking webhooks.

Sources (public, read 2025): Fintecture's signature guide
(github.com/Fintecture/signature-guide, src/logic.php and the python example)
and their SDKs (fintecture-sdk-php src/Util/Header.php and Validation.php,
fintecture-sdk-python fintecture/webhook.py, fintecture-sdk-javascript
src/Validation.ts).

Outgoing calls (draft-cavage HTTP signatures):
    Digest: SHA-256=<base64(sha256(body))>            (requests with a body)
    Date: <RFC 1123 date, GMT>
    X-Request-ID: <uuid4>
    Signature: keyId="<app_id>",algorithm="rsa-sha256",
               headers="(request-target) date digest x-request-id",
               signature="<base64 RSA PKCS#1 v1.5 SHA-256 of the signing string>"
The signing string is one "name: value" line per listed header, lower-case
names, joined by "\\n"; (request-target) is "<method lower> <path?query>".
Requests without a body carry no Digest and drop it from the list.

Webhooks: Fintecture POSTs a form-urlencoded body with the same Date, Digest,
X-Request-ID and Signature headers, but the `signature` part is not an RSA
signature: it is the signing string ("date: ...\\ndigest: ...\\nx-request-id:
...") *encrypted* with the merchant's public key, RSA-OAEP with SHA-1 (PHP's
OPENSSL_PKCS1_OAEP_PADDING, Node's default). We decrypt it with the merchant
private key and require every decrypted line to match the received header, the
Digest to match the raw body, and the Date to be fresh (the SDKs allow 300 s).
"""

import base64
import binascii
import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime

from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

SIGNATURE_ALGORITHM = "rsa-sha256"
WEBHOOK_TOLERANCE = timedelta(minutes=5)
_SIGNATURE_PARAM = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
# Lines a webhook signature may carry; (request-target) is not compared because
# the path Fintecture signs may differ from ours behind a proxy.
_WEBHOOK_REQUIRED_LINES = {"date", "digest"}
_WEBHOOK_KNOWN_LINES = {"date", "digest", "x-request-id", "(request-target)"}


class InvalidSignatureError(Exception):
    """A request or webhook signature is missing, malformed or wrong."""


@dataclass(frozen=True)
class WebhookProof:
    """What a verified webhook proves, for replay protection by the caller."""

    request_id: str | None
    digest: str
    date: datetime
    key_id: str | None


def compute_digest(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)


def build_signing_string(lines) -> str:
    """Join (name, value) pairs as Fintecture signs them."""
    return "\n".join(f"{name.lower()}: {value}" for name, value in lines)


def load_private_key(private_key_pem):
    if isinstance(private_key_pem, str):
        private_key_pem = private_key_pem.encode()
    return serialization.load_pem_private_key(
        private_key_pem, password=None, backend=default_backend()
    )


def load_public_key(public_key_pem):
    if isinstance(public_key_pem, str):
        public_key_pem = public_key_pem.encode()
    return serialization.load_pem_public_key(public_key_pem, backend=default_backend())


def sign_request_headers(
    app_id, private_key, method, path_with_query, body=None, now=None, request_id=None
):
    """Return the Date/X-Request-ID/Digest/Signature headers of one API call.

    :param private_key: a loaded key (see `load_private_key`) or PEM text
    :param body: the exact bytes sent, or None for a request without body
    """
    if not hasattr(private_key, "sign"):
        private_key = load_private_key(private_key)
    headers = {
        "Date": http_date(now or datetime.now(timezone.utc)),
        "X-Request-ID": request_id or str(uuid.uuid4()),
    }
    lines = [("(request-target)", f"{method.lower()} {path_with_query}")]
    lines.append(("date", headers["Date"]))
    if body is not None:
        headers["Digest"] = compute_digest(body)
        lines.append(("digest", headers["Digest"]))
    lines.append(("x-request-id", headers["X-Request-ID"]))
    raw_signature = private_key.sign(
        build_signing_string(lines).encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    signed_names = " ".join(name for name, _value in lines)
    headers["Signature"] = (
        f'keyId="{app_id}",algorithm="{SIGNATURE_ALGORITHM}",'
        f'headers="{signed_names}",'
        f'signature="{base64.b64encode(raw_signature).decode()}"'
    )
    return headers


def parse_signature_header(value) -> dict:
    params = dict(_SIGNATURE_PARAM.findall(value or ""))
    if not params.get("signature") or not params.get("headers"):
        raise InvalidSignatureError("malformed Signature header")
    algorithm = params.get("algorithm", SIGNATURE_ALGORITHM)
    if algorithm.lower() != SIGNATURE_ALGORITHM:
        raise InvalidSignatureError(f"unsupported algorithm {algorithm}")
    return params


def verify_webhook(
    headers: Mapping,
    raw_body: bytes,
    private_key_pem,
    now=None,
    tolerance=WEBHOOK_TOLERANCE,
) -> WebhookProof:
    """Authenticate a Fintecture webhook (see module docstring).

    :param headers: the received HTTP headers (any case)
    :param raw_body: the body bytes exactly as received
    :param private_key_pem: the merchant private key (PEM text/bytes or loaded key)
    :raise InvalidSignatureError: whenever anything does not match
    """
    headers = _lower_keys(headers)
    for name in ("digest", "date", "signature"):
        if not headers.get(name):
            raise InvalidSignatureError(f"missing {name} header")
    digest = compute_digest(raw_body)
    if not hmac.compare_digest(headers["digest"], digest):
        raise InvalidSignatureError("Digest does not match the body")
    params = parse_signature_header(headers["signature"])
    signed = _decrypt_signed_lines(params["signature"], private_key_pem)
    _check_signed_lines(signed, params["headers"].lower().split(), headers)
    signed_date = _parse_http_date(signed["date"])
    _check_freshness(signed_date, now or datetime.now(timezone.utc), tolerance)
    return WebhookProof(
        request_id=signed.get("x-request-id"),
        digest=digest,
        date=signed_date,
        key_id=params.get("keyId"),
    )


def _decrypt_signed_lines(encrypted_b64, private_key_pem) -> dict:
    private_key = (
        private_key_pem
        if hasattr(private_key_pem, "decrypt")
        else load_private_key(private_key_pem)
    )
    try:
        clear = private_key.decrypt(
            _b64decode(encrypted_b64),
            padding.OAEP(
                mgf=padding.MGF1(algorithm=hashes.SHA1()),
                algorithm=hashes.SHA1(),
                label=None,
            ),
        ).decode()
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidSignatureError("signature cannot be decrypted") from error
    signed = {}
    for line in clear.splitlines():
        name, sep, value = line.partition(": ")
        if not sep or name in signed:
            raise InvalidSignatureError("malformed signed line")
        signed[name.lower()] = value
    return signed


def _check_signed_lines(signed: dict, listed: list, headers: dict):
    if list(signed) != listed:
        raise InvalidSignatureError("signed lines differ from the listed headers")
    names = set(listed)
    if not _WEBHOOK_REQUIRED_LINES <= names or not names <= _WEBHOOK_KNOWN_LINES:
        raise InvalidSignatureError(f"unexpected set of signed headers {listed!r}")
    for name, value in signed.items():
        if name == "(request-target)":
            continue
        if not hmac.compare_digest(headers.get(name, ""), value):
            raise InvalidSignatureError(f"signed {name} does not match its header")


def _parse_http_date(value) -> datetime:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError) as error:
        raise InvalidSignatureError("unreadable Date") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def _check_freshness(moment, now, tolerance):
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    if abs(now - moment) > tolerance:
        raise InvalidSignatureError(f"Date outside the {tolerance} tolerance")


def _b64decode(value) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidSignatureError("signature is not base64") from error


def _lower_keys(headers: Mapping) -> dict:
    return {str(name).lower(): value for name, value in headers.items()}
