"""Invoice number from layout text."""

import re

from .dates import DATE_RE
from .layout import value_below
from .vocabulary import DOCUMENT_WORDS, NUMBER_WORDS, REFERENCE_LABELS, pattern

_DOC = f"(?:{'|'.join(DOCUMENT_WORDS)})"
LABELS = (
    (
        re.compile(
            rf"(?:{NUMBER_WORDS}\s*(?:de |of |di |del )?{_DOC}|{_DOC}\s*{NUMBER_WORDS}"
            rf"|{pattern(REFERENCE_LABELS).pattern})",
            re.I,
        ),
        0.9,
    ),
    # "Date de facture" is a date label, not an invoice number label
    (re.compile(rf"(?<!de )(?<!of )\b{_DOC}\b", re.I), 0.7),
)
TOKEN_RE = re.compile(r"[A-Z0-9][A-Za-z0-9/_.\-]*")


def find_reference(lines: list[str]):
    """(reference, confidence) of the invoice number, or (None, 0.0)."""
    for label, confidence in LABELS:
        for index, line in enumerate(lines):
            for match in label.finditer(line):
                token = _token_after(line, match.end())
                if token:
                    return token, confidence
                if not line[match.end() :].strip(" :|"):
                    below = value_below(lines, index, match.start(), TOKEN_RE)
                    if below and _is_reference(below.group()):
                        return below.group(), confidence - 0.2
    return None, 0.0


def _token_after(line: str, end: int) -> str | None:
    match = TOKEN_RE.match(line[end:].lstrip(" :|.\u00b0º"))
    if not match:
        return None
    token = match.group().rstrip(".-/")
    return token if _is_reference(token) else None


def _is_reference(token: str) -> bool:
    return any(char.isdigit() for char in token) and not DATE_RE.fullmatch(token)
