"""What the document asks for: an invoice to pay, a credit note (nothing to
pay by link), or a receipt or statement that says it is settled."""

import re

from .amounts import AMOUNT_RE, amount_value
from .vocabulary import BALANCE_WORDS, CREDIT_NOTE_TITLES, PAID_MARKS, pattern

TITLE_LINES = 20
# a stamp or title is a short segment of its own
MAX_TITLE_WORDS = 6
_CREDIT_NOTE = re.compile(rf"(?:{pattern(CREDIT_NOTE_TITLES).pattern})\b", re.I)
_PAID = re.compile(rf"(?:{pattern(PAID_MARKS).pattern})\b", re.I)
_BALANCE = pattern(BALANCE_WORDS)


def is_credit_note(lines: list[str]) -> bool:
    """A title at the top of the page says credit note."""
    return any(_CREDIT_NOTE.match(title) for title in _titles(lines))


def is_settled(lines: list[str]) -> bool:
    """A title or stamp says paid, or a balance line shows zero."""
    if any(_PAID.match(title) for title in _titles(lines)):
        return True
    return any(
        _BALANCE.search(line)
        and any(amount_value(match) == 0 for match in AMOUNT_RE.finditer(line))
        for line in lines
    )


def _titles(lines: list[str]):
    for line in lines[:TITLE_LINES]:
        for segment in re.split(r"\s{2,}", line.strip()):
            segment = segment.strip(" *#|")
            words = segment.split()
            if words and len(words) <= MAX_TITLE_WORDS and not segment.endswith(":"):
                yield segment
