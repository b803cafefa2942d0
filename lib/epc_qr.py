"""EPC069-12 "SEPA QR" (GiroCode) payload, version 002, UTF-8.

The payload is one element per line, joined with LF, trailing empty lines
dropped:

    BCD / 002 / 1 / SCT / BIC / name / IBAN / EUR<amount> / purpose /
    structured reference / unstructured text / information

Amount format: the shortest exact form with a dot decimal separator, as in
the EPC guideline's own example ``EUR12.3``: ``EUR12.3``, ``EUR20``,
``EUR0.01``. More than two decimals is an error, never a silent rounding.

Free texts (name, unstructured text, information) have their whitespace,
line breaks included, collapsed to single spaces, then are cut to their
limit in characters. If the UTF-8 payload still exceeds 331 bytes, the
information, then the unstructured text, then (last resort) the name are
shortened on a character boundary until it fits.
"""

from decimal import Decimal, InvalidOperation

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import iso11649
from stdnum.exceptions import ValidationError

MAX_PAYLOAD_BYTES = 331
NAME_MAX_CHARS = 70
TEXT_MAX_CHARS = 140
INFO_MAX_CHARS = 70
PURPOSE_MAX_CHARS = 4
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
CENT = Decimal("0.01")

HEADER = ["BCD", "002", "1", "SCT"]
NAME_LINE, TEXT_LINE, INFO_LINE = 5, 10, 11
SHRINK_ORDER = (INFO_LINE, TEXT_LINE, NAME_LINE)


class EpcQrError(ValueError):
    """The data cannot be encoded as an EPC069-12 payload."""


def epc_payload(
    iban,
    beneficiary_name,
    amount,
    bic=None,
    structured_reference=None,
    text=None,
    purpose=None,
    info=None,
    currency="EUR",
):
    """Return the EPC069-12 version 002 payload (a str) for a SEPA transfer.

    ``amount`` should be a Decimal; ints and numeric strings are accepted.
    Raises EpcQrError for invalid input.
    """
    if currency != "EUR":
        raise EpcQrError(f"EPC QR codes only support EUR, not {currency}.")
    if structured_reference and text:
        raise EpcQrError(
            "Give either a structured reference or an unstructured text, not both."
        )
    lines = [
        *HEADER,
        _compact_bic(bic),
        _beneficiary_name(beneficiary_name),
        _compact_iban(iban),
        "EUR" + _epc_amount(amount),
        _purpose(purpose),
        _structured_reference(structured_reference),
        _clean_text(text, TEXT_MAX_CHARS),
        _clean_text(info, INFO_MAX_CHARS),
    ]
    return _fit_to_byte_limit(lines)


def _epc_amount(amount):
    """Return ``amount`` in EPC form (``12.3``, ``20``) after range checks."""
    value = _to_decimal(amount)
    if not MIN_AMOUNT <= value <= MAX_AMOUNT:
        raise EpcQrError(
            f"Amount {amount} is out of range: it must be between "
            f"{MIN_AMOUNT} and {MAX_AMOUNT} EUR."
        )
    if value != value.quantize(CENT):
        raise EpcQrError(f"Amount {amount} has more than two decimals.")
    digits = f"{value.quantize(CENT):f}"
    return digits.rstrip("0").rstrip(".")


def _to_decimal(amount):
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise EpcQrError(f"Amount {amount!r} is not a number.") from None
    if not value.is_finite():
        raise EpcQrError(f"Amount {amount!r} is not a finite number.")
    return value


def _compact_iban(iban):
    try:
        return stdnum_iban.validate(iban or "")
    except ValidationError as error:
        raise EpcQrError(f"Invalid IBAN {iban!r}: {error.message}") from None


def _compact_bic(bic):
    if not bic:
        return ""
    try:
        return stdnum_bic.validate(bic)
    except ValidationError as error:
        raise EpcQrError(f"Invalid BIC {bic!r}: {error.message}") from None


def _beneficiary_name(name):
    cleaned = _clean_text(name, NAME_MAX_CHARS)
    if not cleaned:
        raise EpcQrError("The beneficiary name is required.")
    return cleaned


def _purpose(purpose):
    if not purpose:
        return ""
    code = purpose.strip().upper()
    if len(code) > PURPOSE_MAX_CHARS or not code.isalnum():
        raise EpcQrError(
            f"Invalid purpose code {purpose!r}: "
            f"at most {PURPOSE_MAX_CHARS} letters or digits."
        )
    return code


def _structured_reference(reference):
    if not reference:
        return ""
    try:
        return iso11649.validate(reference)
    except ValidationError as error:
        raise EpcQrError(
            f"Invalid RF creditor reference {reference!r}: {error.message}"
        ) from None


def _clean_text(value, max_chars):
    """Collapse whitespace (line breaks included) and cut to ``max_chars``."""
    return " ".join((value or "").split())[:max_chars]


def _join(lines):
    return "\n".join(lines).rstrip("\n")


def _fit_to_byte_limit(lines):
    """Shorten the free texts, least important first, to fit 331 bytes."""
    for index in SHRINK_ORDER:
        excess = len(_join(lines).encode()) - MAX_PAYLOAD_BYTES
        if excess <= 0:
            break
        lines[index] = _cut_to_bytes(lines[index], len(lines[index].encode()) - excess)
    return _join(lines)


def _cut_to_bytes(value, max_bytes):
    """Cut ``value`` to at most ``max_bytes`` UTF-8 bytes, on a char boundary."""
    return value.encode()[: max(max_bytes, 0)].decode(errors="ignore")
