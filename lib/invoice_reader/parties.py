"""Customer (billed party) and seller details from layout text.

The customer's name, contact and identifiers are read only inside the
customer's address block, so the seller's own phone, SIRET and VAT number
(letterhead, footer) are never taken for the customer's."""

import re
from dataclasses import dataclass, field

import phonenumbers
from stdnum import iban as stdnum_iban

from ..identifiers import (
    InvalidCompanyIdError,
    InvalidPhoneError,
    normalize_phone,
    parse_company_id,
)
from .layout import Segment, segments

CUSTOMER_LABEL = re.compile(
    r"(?:factur[ée] [àa]|facturer [àa]|adresse (?:de facturation|du client)"
    r"|destinataire(?: de la facture)?"
    r"|client(?: factur[ée])?|bill(?:ed)? to(?: address)?|invoice to|sold to|customer"
    r"|rechnungsempf[äa]nger|rechnung an|kunde|klant|factuur aan|cobrar a|cliente"
    r"|facturar a|facturado a)\s*:?",
    re.I,
)
_TABLE_HEADER = re.compile(
    r"^(?:d[ée]signation|description|bezeichnung|omschrijving|descripci[óo]n|pos\b)",
    re.I,
)
_CARE_OF = re.compile(
    r"^(?:attn\.?:?|à l['\u2019]attention de|z\.\s?hd\.?|c/o|chez)\s*", re.I
)
CIVILITY = re.compile(
    r"^(?:m\.|mme|mlle|monsieur|madame|mr\.?|mrs\.?|ms\.?|herr|frau|dhr\.?|mevr\.?"
    r"|sr\.|sra\.|ma[îi]tre)\s+",
    re.I,
)
_LEGAL_FORM = re.compile(
    r"\b(?:(?:sarl|sas|sasu|sa|eurl|sci|snc|selarl|scea|gmbh|ag|kg|ohg|ug|ltd|limited"
    r"|llc|inc|corp|plc|bv|nv|srl|sprl|bvba|association|ogec|mutuelle"
    r"|cabinet|soci[ée]t[ée]|company|gbr|group|groupe)\b|(?:e\.k|inh|s\.l|s\.a)\.)",
    re.I,
)
_ID_LABEL = re.compile(
    r"(?:n°\s*)?(?:tva(?: intracommunautaire)?|vat(?: no\.?| reg\.?)?|ust-?idnr\.?"
    r"|btw(?:-nr)?|siren|siret|nif|cif|gln|ean|eori)\s*[:.]?",
    re.I,
)
_CUSTOMER_ID_LABEL = re.compile(
    r"(?:tva|vat|ust-?idnr\.?)[^:\d]{0,25}(?:client|customer|acheteur|kunde|buyer)\s*:?",
    re.I,
)
_ID_VALUE = re.compile(r"[A-Z]{0,2}[\s.]*\d[\d\s.]*[\dA-Z]*")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# groups may be spread over table cells; the check digits weed out false hits
IBAN_RE = re.compile(
    r"\b[A-Z]{2}\d{2}(?: {0,5}[A-Z0-9]{4}){2,7}(?: {0,5}[A-Z0-9]{1,3})?\b"
)
# an IBAN printed with these words is the customer's account being debited
_DEBIT_CONTEXT = re.compile(
    r"pr[ée]l[èe]v|votre compte|your account|abgebucht|lastschrift|mandat"
    r"|domiciliation",
    re.I,
)
_COUNTRIES = {
    "BE": r"belgique|belgium|belgi[ëe]",
    "DE": r"deutschland|germany|allemagne",
    "GB": r"united kingdom|england|royaume-uni|\bUK\b",
    "US": r"united states|[ée]tats-unis|\bUSA\b",
    "ES": r"espa[ñn]a|spain|espagne",
    "IE": r"ireland|irlande",
    "NL": r"nederland|netherlands|pays-bas",
}
PHONE_REGIONS = ("FR", "BE", "DE", "GB", "US", "ES", "IE", "NL")
MAX_BLOCK_LINES = 10
_NAME_PARTICLES = {"de", "du", "van", "von", "der", "den", "da", "di", "le", "la"}
WINDOW_LINES = 30
WINDOW_MIN_COLUMN = 30
# FR/DE/BE/ES "69001 Lyon", US "PA 18503", UK "BA1 5JT"
_POSTCODE = re.compile(
    r"\b\d{4,5}\s+[A-Za-zÀ-ÿ]|\b[A-Z]{2}\s\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"
)


@dataclass
class Customer:
    block: list[Segment] = field(default_factory=list)
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    has_civility: bool = False
    ids: dict = field(default_factory=dict)
    region: str | None = None


def find_customer(lines: list[str], known_name: str | None = None) -> Customer:
    block = (
        _labelled_block(lines)
        or _named_block(lines, known_name)
        or _return_address_block(lines)
        or _window_block(lines)
        or []
    )
    customer = Customer(block=block)
    if block:
        name = _block_name(block)
        if name:
            customer.name, customer.has_civility = strip_civility(name)
        customer.email = _first_email(block)
        customer.phone = _first_phone(block)
        customer.ids = _block_ids(block)
        customer.region = _region(block, customer.ids)
    for kind, value in _labelled_customer_ids(lines).items():
        customer.ids.setdefault(kind, value)
    return customer


def _labelled_block(lines: list[str]) -> list[Segment] | None:
    for index in range(len(lines)):
        for segment in segments(lines, index):
            if CUSTOMER_LABEL.fullmatch(segment.text):
                block = _collect_block(lines, index + 1, segment.column)
                if block:
                    return block
    return None


def _named_block(lines: list[str], name: str | None) -> list[Segment] | None:
    """Without a label, the blocks (billing, delivery...) that start with the
    customer's name known from the XML."""
    if not name:
        return None
    block = []
    for index in range(len(lines)):
        for segment in segments(lines, index):
            if name.lower() in segment.text.lower():
                block += _collect_block(lines, index, segment.column)
    return block or None


def _return_address_block(lines: list[str]) -> list[Segment] | None:
    """The address under a one-line sender address ("Acme • Street 1 • City"),
    as printed above an envelope window."""
    for index in range(min(len(lines), WINDOW_LINES)):
        for segment in segments(lines, index):
            if len(re.findall(r"\s[•|·]\s", segment.text)) >= 2:
                return _collect_block(lines, index + 1, segment.column) or None
    return None


def _window_block(lines: list[str]) -> list[Segment] | None:
    """An unlabelled address block indented to the right near the top of the
    first page: the recipient's address in an envelope window."""
    for index in range(min(len(lines), WINDOW_LINES)):
        for segment in segments(lines, index):
            if segment.column < WINDOW_MIN_COLUMN or ":" in segment.text:
                continue
            block = _collect_block(lines, index, segment.column)
            if len(block) >= 3 and any(_POSTCODE.search(s.text) for s in block[1:5]):
                return block
    return None


def _collect_block(lines: list[str], start: int, column: int) -> list[Segment]:
    block: list[Segment] = []
    gaps = 0
    for index in range(start, min(start + MAX_BLOCK_LINES + 2, len(lines))):
        segment = _segment_starting_at(lines, index, column)
        if segment and _TABLE_HEADER.match(segment.text):
            break
        if segment is None:
            gaps += 1
            if gaps >= 2 and block:
                break
            continue
        gaps = 0
        block.append(segment)
        if len(block) >= MAX_BLOCK_LINES:
            break
    return block


def _segment_starting_at(lines, index, column, slack=4):
    for segment in segments(lines, index):
        if abs(segment.column - column) <= slack:
            return segment
    return None


def _block_name(block: list[Segment]) -> str | None:
    texts = [_CARE_OF.sub("", segment.text).strip(" ,") for segment in block[:3]]
    for index, text in enumerate(texts):
        if CIVILITY.fullmatch(text + " ") and index + 1 < len(texts):
            return f"{text} {texts[index + 1]}"  # "Herr" alone above the name
        if text and not EMAIL_RE.search(text) and not _ID_LABEL.match(text):
            return text
    return None


def strip_civility(name: str) -> tuple[str, bool]:
    stripped = CIVILITY.sub("", name)
    return stripped, stripped != name


def customer_type(name: str | None, has_civility: bool, ids: dict):
    """("company" | "individual" | None, confidence)."""
    if not name:
        return None, 0.0
    if _LEGAL_FORM.search(name) or ids:
        return "company", 0.9
    if has_civility:
        return "individual", 0.85
    words = [word for word in name.split() if word not in _NAME_PARTICLES]
    if 2 <= len(words) <= 4 and all(_is_name_word(word) for word in words):
        return "individual", 0.5
    return "company", 0.5


def _is_name_word(word: str) -> bool:
    """Capitalised like a first or last name ("Claire", "Jean-Pierre", "E.")."""
    return (
        word[:1].isupper()
        and (len(word) == 1 or not word[1:].isupper())
        and (word.replace("-", "").replace(".", "").isalpha())
    )


def _first_email(block: list[Segment]) -> str | None:
    for segment in block:
        match = EMAIL_RE.search(segment.text)
        if match:
            return match.group()
    return None


def _first_phone(block: list[Segment]) -> str | None:
    for segment in block:
        if _ID_LABEL.search(segment.text) or EMAIL_RE.search(segment.text):
            continue
        for region in PHONE_REGIONS:
            matches = phonenumbers.PhoneNumberMatcher(
                segment.text, region, leniency=phonenumbers.Leniency.VALID
            )
            for match in matches:
                if sum(char.isdigit() for char in match.raw_string) >= 8:
                    return " ".join(match.raw_string.split())
    return None


def _block_ids(block: list[Segment]) -> dict:
    ids: dict = {}
    for segment in block:
        for label in _ID_LABEL.finditer(segment.text):
            _add_id(ids, segment.text[label.end() :])
    return ids


def _labelled_customer_ids(lines: list[str]) -> dict:
    ids: dict = {}
    for line in lines:
        for label in _CUSTOMER_ID_LABEL.finditer(line):
            _add_id(ids, line[label.end() :])
    return ids


def _add_id(ids: dict, text_after_label: str) -> None:
    # search, not match: OCR may garble a word between label and value
    value = _ID_VALUE.search(text_after_label[:40])
    if not value:
        return
    # a value runs to the next column gap or separator
    raw = re.split(r"\s{2,}|[/|\u2013]", value.group())[0]
    try:
        company_id = parse_company_id(raw)
    except InvalidCompanyIdError:
        return
    ids.setdefault(company_id.kind, company_id.value)


def _region(block: list[Segment], ids: dict) -> str | None:
    vat = ids.get("vat")
    if vat:
        return "GB" if vat[:2] == "XI" else vat[:2]
    text = " ".join(segment.text for segment in block)
    for region, pattern in _COUNTRIES.items():
        if re.search(pattern, text, re.I):
            return region
    return None


def phone_e164(raw: str | None, region: str | None):
    """(e164, region_assumed) with the customer's country when known, else FR,
    or (None, False): a guess among other countries could give a wrong number."""
    if not raw:
        return None, False
    for candidate in dict.fromkeys(r for r in (region, "FR") if r):
        try:
            phone = normalize_phone(raw, candidate)
        except InvalidPhoneError:
            continue
        return phone.e164, phone.region_assumed
    return None, False


def find_iban(lines: list[str], customer_block: list[Segment]) -> str | None:
    """The first valid IBAN that is neither in the customer's block nor printed
    as the account to be debited."""
    customer_lines = {segment.line for segment in customer_block}
    for index, line in enumerate(lines):
        if index in customer_lines or _DEBIT_CONTEXT.search(line):
            continue
        for match in IBAN_RE.finditer(line):
            compact = stdnum_iban.compact(match.group())
            if stdnum_iban.is_valid(compact):
                return compact
    return None


def find_issuer(lines: list[str], customer_block: list[Segment]) -> str | None:
    """The seller's name: the first segment at the top of the first page that
    is not a document title."""
    title = re.compile(
        r"^(?:logo\s+)?(?:facture|invoice|rechnung|factuur|factura)\b", re.I
    )
    for index in range(min(len(lines), 15)):
        line_segments = segments(lines, index)
        for position, segment in enumerate(line_segments):
            text = re.sub(r"^logo\s+", "", segment.text, flags=re.I)
            if (
                _is_label(line_segments, position)
                or title.match(text)
                or segment in customer_block
            ):
                continue
            if re.match(r"[^\W\d_]{2,}(?:[\s,.]|$)", text):
                # en dashes stay: they are part of names ("Laurent \u2013 Graphiste")
                return re.split(r"\s[•|·-]\s", text)[0].strip()
    return None


def _is_label(line_segments: list[Segment], position: int) -> bool:
    following = line_segments[position + 1 : position + 2]
    return line_segments[position].text.endswith(":") or bool(
        following and following[0].text.startswith(":")
    )
