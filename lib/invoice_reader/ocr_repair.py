"""Undo what OCR typically does to e-mail addresses and IBANs: spaces around
their dots, a dot read as a space, one character misread (an IBAN's check
digits tell which correction is the right one)."""

import re

from stdnum import iban as stdnum_iban

# characters OCR confuses with each other
CONFUSABLE = {
    "0": "OD86", "O": "0D", "D": "0O", "1": "IL7", "I": "1L", "L": "1I", "7": "1",
    "2": "Z", "Z": "2", "5": "S6", "S": "5", "6": "5G8", "G": "6", "8": "B60",
    "B": "8", "3": "8", "9": "0",
}  # fmt: skip
_TLDS = r"fr|com|de|be|org|net|eu|es|it|nl|ch|uk|ie|at|lu|pt|in|au|io|info"
_EMAIL_REPAIRS = (
    (re.compile(r"(\w)\.\s+(?=[\w.+-]+\s?@)"), r"\1."),  # "julien. roux@"
    (re.compile(r"\s?@\s?"), "@"),  # "contact@ plomberie"
    (re.compile(rf"(@[\w-]+(?:\.[\w-]+)*)\.\s+({_TLDS})\b"), r"\1.\2"),  # "nexalis. fr"
    (re.compile(rf"(@[\w-]+)\s({_TLDS})\b"), r"\1.\2"),  # "example fr"
)


_IBAN_START = re.compile(
    r"(iban\W{0,3})([A-Z0-9]{2})([A-Z0-9]{2})(?=\s?[A-Z0-9]{4})", re.I
)


def repair_line(line: str) -> str:
    """An OCR line with its e-mail addresses put back together and its IBAN's
    country code in letters and check number in digits ("1E29", "DEB9")."""
    line = _IBAN_START.sub(
        lambda match: (
            match.group(1) + _letters(match.group(2)) + _digits(match.group(3))
        ),
        line,
    )
    if "@" not in line:
        return line
    for pattern, replacement in _EMAIL_REPAIRS:
        line = pattern.sub(replacement, line)
    return line


def repair_iban(compact: str) -> str | None:
    """The only valid IBAN one misread character away from `compact` (its
    country code read as digits counts as one), or None."""
    compact = _letters(compact[:2]) + compact[2:]
    if stdnum_iban.is_valid(compact):
        return compact
    valid = {
        candidate
        for index, char in enumerate(compact)
        for other in CONFUSABLE.get(char, "")
        if stdnum_iban.is_valid(
            candidate := compact[:index] + other + compact[index + 1 :]
        )
    }
    return valid.pop() if len(valid) == 1 else None


def _letters(text: str) -> str:
    return "".join(
        _swap(char, str.isalpha) if char.isdigit() else char for char in text
    )


def _digits(text: str) -> str:
    return "".join(
        _swap(char, str.isdigit) if char.isalpha() else char for char in text
    )


def _swap(char: str, wanted) -> str:
    return next(
        (other for other in CONFUSABLE.get(char.upper(), "") if wanted(other)), char
    )
