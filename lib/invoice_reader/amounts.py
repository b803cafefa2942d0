"""Amount due and currency from layout text."""

import re
from collections import Counter
from decimal import Decimal

from .layout import value_below

_SEP = r"[ .,'\u00a0\u202f]"
AMOUNT_RE = re.compile(
    r"(?<![\d.,])(?P<sign>[-\u2212])?\s?"
    rf"(?P<number>\d{{1,3}}(?:{_SEP}\d{{3}})+[.,]\d{{2}}|\d+[.,]\d{{2}})"
    r"(?!\d|[.,]\d)"
)

# Labels of the amount to pay, strongest first: a remaining balance beats a
# gross total, which beats a bare "Total".
_DUE = (
    r"reste [àa] payer|solde (?:[àa] payer|d[ûu])|net [àa] payer|montant [àa] r[ée]gler"
    r"|montant d[ûu]|total [àa] payer|somme [àa] payer|balance due|amount due|total due"
    r"|due payable|residual|zahlbetrag|zu zahlen|restbetrag|offener betrag|te betalen"
    r"|saldo adeudado|total a pagar|importe adeudado|montant du pr[ée]l[èe]vement"
)
_GROSS = (
    r"total ttc|montant ttc|total tvac|gesamtbetrag|rechnungsbetrag|bruttobetrag|brutto"
    r"|grand total|invoice total|total for this invoice|totaal|total incl|total amount"
    r"|endbetrag|endsumme|gesamtsumme|rechnungssumme"
)


def _ocr_tolerant(pattern: str) -> re.Pattern:
    # OCR often glues the words of a label together ("Totalapayer")
    return re.compile(pattern.replace(" ", r"\s*"), re.I)


LABELS = (
    (_ocr_tolerant(_DUE), 0.9),
    (_ocr_tolerant(_GROSS), 0.75),
    (re.compile(r"(?<!sub)(?<!sous-)(?<!sous )\btotal\b", re.I), 0.55),
)
# an amount merely mentioned as included in another one
_INCLUDED = re.compile(r"enthalten|inclus|\bdont\b|included|including", re.I)
# a bare "Total" on such a line is a subtotal, a tax or a deposit
_DECOY = re.compile(
    r"\bHT\b|HTVA|excl|netto|\bnet\b|sub|sous|\btax|TVA|VAT|MwSt|USt|acompte|deposit"
    r"|anzahlung|vers[ée]|paid|pay[ée]|re[çc]u",
    re.I,
)

CURRENCIES = (
    ("EUR", re.compile(r"€|\bEUR\b|\beuros?\b", re.I)),
    ("USD", re.compile(r"\$|\bUSD\b|US dollars?", re.I)),
    ("GBP", re.compile(r"£|\bGBP\b")),
    ("CHF", re.compile(r"\bCHF\b")),
)


def parse_amount(text: str) -> Decimal | None:
    """First amount in `text`, in FR/EN/DE number formats."""
    match = AMOUNT_RE.search(text)
    return amount_value(match) if match else None


def amount_value(match: re.Match) -> Decimal:
    """The signed value of an AMOUNT_RE match."""
    number = match.group("number")
    digits = re.sub(r"\D", "", number)
    value = Decimal(digits) / 100
    return -value if match.group("sign") else value


def find_amount_due(lines: list[str]):
    """(amount, confidence, line index) of the amount to pay, or None."""
    best = None
    for index in range(len(lines)):
        for label, confidence in LABELS:
            found = _labelled_amount(lines, index, label, confidence)
            # the first occurrence wins: legal mentions come after the totals
            if found and (best is None or found[1] > best[1]):
                best = found
            if found:
                break
    return best


def _labelled_amount(lines, index, label, confidence):
    match = label.search(lines[index])
    if not match or _INCLUDED.search(lines[index]):
        return None
    if confidence < 0.6 and _DECOY.search(lines[index]):
        return None
    amount = AMOUNT_RE.search(lines[index], match.end()) or value_below(
        lines, index, match.start(), AMOUNT_RE
    )
    if not amount:
        return None
    return amount_value(amount), confidence, index


def find_currency(lines: list[str], amount_line: int | None):
    """(ISO code, confidence): the currency printed with the amount due, else the
    one printed most often."""
    if amount_line is not None:
        for code, pattern in CURRENCIES:
            if pattern.search(lines[amount_line]):
                return code, 0.95
    counts = Counter()
    for line in lines:
        for code, pattern in CURRENCIES:
            counts[code] += len(pattern.findall(line))
    if not counts or counts.most_common(1)[0][1] == 0:
        return None, 0.0
    return counts.most_common(1)[0][0], 0.7
