"""Amount due and currency from layout text."""

import re
from collections import Counter
from decimal import Decimal

from .layout import value_below
from .vocabulary import AMOUNT_DUE_LABELS, GROSS_TOTAL_LABELS, pattern

_SEP = r"[ .,'\u00a0\u202f\u2019]"
AMOUNT_RE = re.compile(
    r"(?<![\d.,])(?P<sign>[-\u2212])?\s?(?:[€$£₹]|Rs\.?|INR|EUR|CHF|USD|GBP|AUD|A\$)?\s?"
    rf"(?P<number>\d{{1,3}}(?:{_SEP}\d{{3}})+[.,]\d{{2}}"
    # Indian grouping: 1,86,000.00
    r"|\d{1,2}(?:,\d{2})+,\d{3}\.\d{2}"
    r"|\d+[.,]\d{2})"
    r"(?!\d|[.,]\d)"
)
# an amount merely mentioned as included in another one
_INCLUDED = re.compile(
    r"enthalten|inclus|\bdont\b|included|including|di cui|incluid", re.I
)
# a bare "Total" on such a line is a subtotal, a tax or a deposit
_DECOY = re.compile(
    r"\bHT\b|HTVA|excl|netto|\bnet\b|sub|sous|\btax|TVA|VAT|MwSt|USt|IVA|BTW|GST|acompte"
    r"|deposit|anzahlung|vers[ée]|paid|pay[ée]|re[çc]u|imponibile|base imponible",
    re.I,
)
LABELS = (
    (pattern(AMOUNT_DUE_LABELS), 0.9),
    (pattern(GROSS_TOTAL_LABELS), 0.75),
    (
        re.compile(
            r"(?<!sub)(?<!sous-)(?<!sous )\b(?:total|totale|totaal|summe)\b", re.I
        ),
        0.55,
    ),
)
CURRENCIES = (
    ("EUR", re.compile(r"€|\bEUR\b|\beuros?\b", re.I)),
    ("INR", re.compile(r"₹|\bRs\.?(?=\s?\d)|\bINR\b|\brupees?\b", re.I)),
    ("AUD", re.compile(r"\bA\$|\bAUD\b|australian dollars?", re.I)),
    ("USD", re.compile(r"(?<![A-Z])\$|\bUSD\b|US dollars?", re.I)),
    ("GBP", re.compile(r"£|\bGBP\b|pounds? sterling")),
    ("CHF", re.compile(r"\bCHF\b|\bFr\.\s?\d")),
)
# a label at the end of a line may have its amount at the start of the next
# one (running text)
WRAP_CHARS = 25


def amount_value(match: re.Match) -> Decimal:
    """The signed value of an AMOUNT_RE match."""
    digits = re.sub(r"\D", "", match.group("number"))
    value = Decimal(digits) / 100
    return -value if match.group("sign") else value


def _garbled(label: re.Pattern) -> re.Pattern:
    """The label as OCR may print it: an accented letter read as any other
    character ("Montant dé", "Net @ payer"), the first letter lost ("otal")."""
    source = re.sub(r"\[[^\]]*[^\x00-\x7f][^\]]*\]", r"[^\\s\\d]", label.pattern)
    source = re.sub(r"(^|\|)([a-z])", r"\1\2?", source)
    return re.compile(source, re.I)


GARBLED_LABELS = tuple(
    (_garbled(label), confidence - 0.2) for label, confidence in LABELS[:2]
)


def find_amount_due(lines: list[str], ocr: bool = False):
    """(amount, confidence, line index) of the amount to pay, or None; with
    `ocr`, labels garbled by OCR are tried when no label is found as printed."""
    found = _find_labelled(lines, LABELS)
    if found is None and ocr:
        found = _find_labelled(lines, GARBLED_LABELS)
    return found


def _find_labelled(lines: list[str], labels):
    best = None
    for index in range(len(lines)):
        for label, confidence in labels:
            found = _labelled_amount(lines, index, label, confidence)
            # the first occurrence wins: legal mentions come after the totals
            if found and (best is None or found[1] > best[1]):
                best = found
            if found:
                break
    return best


def _labelled_amount(lines, index, label, confidence):
    for match in label.finditer(lines[index]):
        if _INCLUDED.search(lines[index]):
            return None
        if confidence < 0.6 and _DECOY.search(lines[index]):
            return None
        amount = _amount_after(lines, index, match) or value_below(
            lines, index, match.start(), AMOUNT_RE
        )
        if amount:
            return amount_value(amount), confidence, index
    return None


def _amount_after(lines, index, label_match):
    """The amount after the label: on its line (the next amount, however far
    right), or, when the label ends its line, at the start of the next."""
    line = lines[index]
    found = AMOUNT_RE.search(line, label_match.end())
    if found:
        return found
    if len(line) - label_match.end() < WRAP_CHARS and index + 1 < len(lines):
        following = lines[index + 1].lstrip()
        found = AMOUNT_RE.search(following[:WRAP_CHARS])
        if found and not re.search(r"[a-z]{4,}", following[: found.start()], re.I):
            return found
    return None


def find_currency(lines: list[str], amount_line: int | None):
    """(ISO code, confidence): the currency printed with the amount due, else the
    one printed most often."""
    if amount_line is not None:
        around = " ".join(lines[amount_line : amount_line + 2])
        for code, currency in CURRENCIES:
            if currency.search(lines[amount_line]):
                return code, 0.95
        for code, currency in CURRENCIES:
            if currency.search(around):
                return code, 0.9
    counts = Counter()
    for line in lines:
        for code, currency in CURRENCIES:
            counts[code] += len(currency.findall(line))
    if not counts or counts.most_common(1)[0][1] == 0:
        return None, 0.0
    return counts.most_common(1)[0][0], 0.7
