"""Company identifiers printed after their label: VAT numbers, SIREN and
SIRET, IBAN.

A number with valid check digits is taken as read. One that fails them is
still taken when it has the right shape and its label says what it is
(sample invoices print made-up numbers; an OCR misread is also caught this
way): it comes back with `checked=False`, so that its low confidence asks
the user to check it."""

import re
from dataclasses import dataclass

from stdnum import iban as stdnum_iban
from stdnum.ch import vat as ch_vat
from stdnum.gb import vat as gb_vat

from ..identifiers import InvalidCompanyIdError, parse_company_id
from .ocr_repair import repair_iban

ID_LABEL = re.compile(
    r"\b(?:n°\s*|no\.?\s*)?(?:tva(?: intracommunautaire)?"
    r"|vat(?: no\.?| reg\.?| number| id)?"
    r"|ust-?id(?:nr)?\.?|ust\.?\s?id\.?\s?nr\.?|umsatzsteuer-?id(?:entifikationsnummer)?"
    r"|btw(?:-?nr| nummer)?|p\.?\s?iva|partita iva|siren|siret|nif|cif|n\.?i\.?f\.?"
    r"|mwst-?nr\.?|che|gln|ean|eori)\b\s*[:.]?",
    re.I,
)
VALUE = re.compile(r"[A-Z]{0,3}[\s.-]*\d[\d\s.-]*[\dA-Z]*")
IBAN_RE = re.compile(
    r"\b[A-Z]{2}\d{2}(?: {0,5}[A-Z0-9]{4}){2,7}(?: {0,5}[A-Z0-9]{1,3})?\b"
)
_VAT_SHAPE = re.compile(r"(?:[A-Z]{2}|CHE)[0-9A-Z]{8,12}")


@dataclass(frozen=True)
class ReadId:
    kind: str  # "vat" | "siren" | "siret"
    value: str  # compact, upper case
    checked: bool


def read_id(text_after_label: str) -> ReadId | None:
    """The identifier at the start of `text_after_label`, or None."""
    # search, not match: OCR may garble a word between label and value
    value = VALUE.search(text_after_label[:40])
    if not value:
        return None
    # a value runs to the next column gap or separator
    raw = re.split(r"\s{2,}|[/|\u2013\u2014]|\s-\s", value.group())[0].strip(" .-")
    compact = re.sub(r"[\s.-]", "", raw).upper()
    checked = _checked(raw, compact)
    return checked or _unchecked(compact)


def _checked(raw: str, compact: str) -> ReadId | None:
    """A SIREN, SIRET, EU, UK or Swiss VAT number with valid check digits."""
    try:
        company_id = parse_company_id(raw)
    except InvalidCompanyIdError:
        company_id = None
    if company_id:
        return ReadId(company_id.kind, company_id.value, True)
    if any(module.is_valid(compact) for module in (gb_vat, ch_vat)):
        return ReadId("vat", compact, True)
    return None


def _unchecked(compact: str) -> ReadId | None:
    if compact.isdigit() and len(compact) in (9, 14):
        return ReadId("siren" if len(compact) == 9 else "siret", compact, False)
    if _VAT_SHAPE.fullmatch(compact) and sum(c.isdigit() for c in compact) >= 8:
        return ReadId("vat", compact, False)
    return None


def labelled_ids(texts: list[str]) -> dict[str, ReadId]:
    """{kind: ReadId} of the labelled identifiers in `texts`: of each kind,
    the first with valid check digits, else the first."""
    ids: dict[str, ReadId] = {}
    for text in texts:
        for label in ID_LABEL.finditer(text):
            found = read_id(text[label.end() :])
            known = ids.get(found.kind) if found else None
            if found and (known is None or (found.checked and not known.checked)):
                ids[found.kind] = found
    return ids


def ibans(line: str, ocr: bool = False):
    """(compact IBAN, checked) of each IBAN-shaped number of `line`; one with
    wrong check digits only after an "IBAN" label, corrected when read by
    `ocr` and one misread character explains it."""
    for match in IBAN_RE.finditer(line):
        compact = stdnum_iban.compact(match.group())
        if stdnum_iban.is_valid(compact):
            yield compact, True
        elif (
            re.search(r"iban\W{0,3}$", line[: match.start()], re.I)
            and len(compact) >= 15
        ):
            repaired = repair_iban(compact) if ocr else None
            yield (repaired, True) if repaired else (compact, False)
