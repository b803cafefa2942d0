"""Fintecture's side of the HTTP signatures, written apart from the client.

The emulator checks the client's signed calls and signs its webhooks from
Fintecture's signature guide (github.com/Fintecture/signature-guide), not with
the client's own code: a mistake shared by both would otherwise go unseen.

- A call: the "name: value" lines of the headers listed in `Signature`
  ((request-target), date, digest when there is a body, x-request-id), joined
  by "\\n", signed RSA PKCS#1 v1.5 / SHA-256 with the merchant's private key.
- A webhook: the lines date, digest, x-request-id *encrypted* with the
  merchant's public key, RSA-OAEP / SHA-1.
"""

import base64
import hashlib
import hmac
import re
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

SIGNATURE_PARAM = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
OAEP_SHA1 = padding.OAEP(
    mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None
)


class SignatureRefused(Exception):
    """The call's signature is missing, malformed or wrong."""


def digest_of(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def load_public_key(public_key_pem):
    if isinstance(public_key_pem, str):
        public_key_pem = public_key_pem.encode()
    return serialization.load_pem_public_key(public_key_pem)


def _signing_string(names, values):
    return "\n".join(f"{name}: {values[name]}" for name in names)


def check_call_signature(headers, method, target, body, public_key):
    """Check a signed API call; return the keyId it names.

    :param headers: the request headers, lower-case names
    :param target: path and query of the request, as sent
    :raise SignatureRefused: on any mismatch
    """
    params = dict(SIGNATURE_PARAM.findall(headers.get("signature", "")))
    if params.get("algorithm", "").lower() != "rsa-sha256":
        raise SignatureRefused("Signature must use algorithm rsa-sha256")
    names = params.get("headers", "").lower().split()
    expected = ["(request-target)", "date", "digest", "x-request-id"]
    if not body:
        expected.remove("digest")
    if names != expected:
        raise SignatureRefused(f"signed headers must be {' '.join(expected)!r}")
    if body and not hmac.compare_digest(headers.get("digest", ""), digest_of(body)):
        raise SignatureRefused("Digest does not match the body")
    values = {**headers, "(request-target)": f"{method.lower()} {target}"}
    if not all(values.get(name) for name in names):
        raise SignatureRefused("a signed header is missing")
    try:
        public_key.verify(
            base64.b64decode(params.get("signature", "")),
            _signing_string(names, values).encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, ValueError) as error:
        raise SignatureRefused("signature does not verify") from error
    return params.get("keyId")


def webhook_headers(app_id, public_key, body: bytes, now=None, request_id=None):
    """Date, Digest, X-Request-ID and Signature headers of a webhook."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    values = {
        "date": format_datetime(moment, usegmt=True),
        "digest": digest_of(body),
        "x-request-id": request_id or str(uuid.uuid4()),
    }
    names = ["date", "digest", "x-request-id"]
    encrypted = public_key.encrypt(_signing_string(names, values).encode(), OAEP_SHA1)
    return {
        "Date": values["date"],
        "Digest": values["digest"],
        "X-Request-ID": values["x-request-id"],
        "Signature": f'keyId="{app_id}",algorithm="rsa-sha256",'
        f'headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(encrypted).decode()}"',
    }
