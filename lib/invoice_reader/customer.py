"""The customer (billed party): its block, name, contact and identifiers.

The customer's details are read only inside the customer's block, so the
seller's own phone, SIRET and VAT number (letterhead, footer) are never taken
for the customer's. The block is the one under a customer label; without a
label, the block known by its name from the Factur-X data, the address in
an envelope window, or the address block that is not the seller's."""

import re
from dataclasses import dataclass, field

import phonenumbers

from .blocks import address_blocks, collect_block
from .company_ids import ID_LABEL, ReadId, labelled_ids, read_id
from .layout import Segment, segments
from .vocabulary import CUSTOMER_LABELS, is_customer_label, pattern

_CARE_OF = re.compile(
    r"^(?:attn\.?:?|à l['\u2019]attention de|z\.\s?hd\.?|c/o|chez|t\.a\.v\.?"
    r"|a\.?c\.?)\s*",
    re.I,
)
CIVILITY = re.compile(
    r"^(?:m\.?|mme|mlle|monsieur|madame|mr\.?|mrs\.?|ms\.?|miss|herr|frau|dhr\.?|mevr\.?"
    r"|sr\.|sra\.|sig\.(?:ra)?|signor[ae]?|dott\.(?:ssa)?|ma[îi]tre)\s+",
    re.I,
)
LEGAL_FORM = re.compile(
    r"\b(?:(?:sarl|sas|sasu|sa|eurl|sci|snc|selarl|scea|gmbh|ag|kg|ohg|ug|ltd|limited"
    r"|llc|inc|corp|plc|bv|nv|srl|sprl|bvba|spa|snc|sl|slu|pvt|llp|pty|association|ogec"
    r"|mutuelle|cabinet|soci[ée]t[ée]|company|gbr|group|groupe|stiftung|verein)\b"
    r"|(?:e\.k|inh|s\.l|s\.a|s\.p\.a|s\.r\.l|s\.a\.s|b\.v|n\.v)\.)",
    re.I,
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CUSTOMER_ID_LABEL = re.compile(
    r"(?:tva|vat|ust-?idnr\.?|btw|p\.?\s?iva)[^:\d]{0,25}"
    r"(?:client|customer|acheteur|kunde|buyer|klant|cliente)\s*:?",
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
    "IT": r"italia|italy|italie",
    "CH": r"schweiz|suisse|switzerland|svizzera",
    "FR": r"\bfrance\b",
    "IN": r"\bindia\b|\binde\b",
    "AU": r"australia|australie",
}
PHONE_REGIONS = ("FR", "BE", "DE", "GB", "US", "ES", "IE", "NL", "IT", "CH")
_NAME_PARTICLES = {"de", "du", "van", "von", "der", "den", "da", "di", "le", "la"}
# "•" as printed, "+" or "*" as OCR may read it
_RETURN_ADDRESS_SEPARATORS = re.compile(r"\s[•|·*+\u2022]\s|\s[-\u2013]\s")
_LABELS = pattern(CUSTOMER_LABELS)
# an e-mail address this many lines under the customer's block is its own
NEAR_BLOCK_LINES = 4


@dataclass
class Customer:
    block: list[Segment] = field(default_factory=list)
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    has_civility: bool = False
    ids: dict[str, ReadId] = field(default_factory=dict)
    region: str | None = None


def find_customer(
    lines: list[str],
    known_name: str | None = None,
    is_seller=lambda block: False,
    ocr: bool = False,
) -> Customer:
    """The customer; `is_seller(block)` tells an unlabelled block of the
    seller's (see seller.seller_block_test); `ocr`: the text was read by OCR
    (labels may be garbled)."""
    block = (
        _labelled_block(lines, ocr)
        or _named_block(lines, known_name)
        or _return_address_block(lines)
        or _unlabelled_block(lines, is_seller)
        or []
    )
    customer = Customer(block=block)
    if block:
        name = _block_name(block)
        if name:
            customer.name, customer.has_civility = strip_civility(name)
        customer.email = first_email([segment.text for segment in block])
        customer.phone = _first_phone(block)
        customer.ids = labelled_ids([segment.text for segment in block])
        customer.region = _region(block, customer.ids)
    for kind, value in _labelled_customer_ids(lines).items():
        customer.ids.setdefault(kind, value)
    return customer


def complete_from_page(customer: Customer, lines: list[str], seller) -> None:
    """Details of the customer printed outside its block: identifiers in the
    page's upper two thirds, outside the seller's block and footer, that
    differ from the seller's ("Kundennummer … USt-IdNr. …" beside the
    address, "Vos identifiants"); an e-mail address printed just under the
    block, in its column ("E-Mail: …" under the title)."""
    taken = {segment for segment in customer.block} | seller.segments
    upper = [
        segment.text
        for index in range(len(lines) * 2 // 3)
        for segment in segments(lines, index)
        if segment not in taken
    ]
    _add_other_party_ids(customer, upper, seller.ids, seller.id_values)
    if customer.email is None and customer.block:
        customer.email = _email_under_block(lines, customer.block)


def _email_under_block(lines: list[str], block: list[Segment]) -> str | None:
    below = [
        index for index in range(block[-1].line + 1, len(lines)) if lines[index].strip()
    ]
    for index in below[:NEAR_BLOCK_LINES]:
        for segment in segments(lines, index):
            if abs(segment.column - block[0].column) <= 6:
                email = first_email([segment.text])
                if email:
                    return email
    return None


def _add_other_party_ids(
    customer: Customer, lines: list[str], seller_ids: dict, seller_values: set[str]
) -> None:
    for line in lines:
        for kind, found in labelled_ids([line]).items():
            if found.value not in seller_values and kind in {
                other.kind for other in seller_ids.values()
            }:
                customer.ids.setdefault(kind, found)


def _labelled_block(lines: list[str], ocr: bool) -> list[Segment] | None:
    for index in range(len(lines)):
        for segment in segments(lines, index):
            if is_customer_label(segment.text, garbled=ocr):
                block = collect_block(lines, index + 1, segment.column)
                if block:
                    return block
            inline = _inline_label(segment)
            if inline:
                return [inline, *collect_block(lines, index + 1, segment.column)]
    return None


def _inline_label(segment: Segment) -> Segment | None:
    """ "Client : Mme Léa Garnier": the label and the name on one line; the
    name as a segment of its own."""
    match = _LABELS.match(segment.text)
    if not match:
        return None
    rest = segment.text[match.end() :]
    if not re.match(r"\s*:\s*\S", rest):
        return None
    name = rest.lstrip(" :")
    return Segment(segment.line, segment.end - len(name), name)


def _named_block(lines: list[str], name: str | None) -> list[Segment] | None:
    """The blocks (billing, delivery...) that start with the customer's name
    known from the XML."""
    if not name:
        return None
    block = []
    for index in range(len(lines)):
        for segment in segments(lines, index):
            if name.lower() in segment.text.lower():
                block += collect_block(lines, index, segment.column)
    return block or None


def _return_address_block(lines: list[str]) -> list[Segment] | None:
    """The address under a one-line sender address ("Acme • Street 1 • City"),
    as printed above an envelope window."""
    for index in range(min(len(lines), 30)):
        for segment in segments(lines, index):
            if len(_RETURN_ADDRESS_SEPARATORS.findall(segment.text)) >= 2 and re.search(
                r"\d", segment.text
            ):
                block = collect_block(lines, index + 1, segment.column)
                if len(block) >= 2:
                    return block
    return None


def _unlabelled_block(lines: list[str], is_seller) -> list[Segment] | None:
    """The first address block of the page's top part that is not the
    seller's: its name, identifiers or bank details are the seller's, or,
    without such evidence, it is the letterhead (the top-most of several)."""
    blocks = address_blocks(lines)
    candidates = [block for block in blocks if not is_seller(block)]
    if len(candidates) == len(blocks) >= 2:
        candidates = candidates[1:]
    return candidates[0] if candidates else None


def _block_name(block: list[Segment]) -> str | None:
    """The block's first name-like line; the company's rather than a contact
    person's printed above it."""
    texts = [_CARE_OF.sub("", segment.text).strip(" ,|") for segment in block[:3]]
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if CIVILITY.fullmatch(text + " ") and following:
            return f"{text} {following}"  # "Herr" alone above the name
        if _is_label_line(text) or sum(char.isalpha() for char in text) < 2:
            continue
        if not LEGAL_FORM.search(text) and LEGAL_FORM.search(following):
            return following
        return text
    return None


def _is_label_line(text: str) -> bool:
    return (
        not text
        or bool(EMAIL_RE.search(text))
        or bool(ID_LABEL.match(text))
        or is_customer_label(text)
    )


def strip_civility(name: str) -> tuple[str, bool]:
    stripped = CIVILITY.sub("", name)
    return stripped, stripped != name


def customer_type(name: str | None, has_civility: bool, ids: dict):
    """("company" | "individual" | None, confidence)."""
    if not name:
        return None, 0.0
    if LEGAL_FORM.search(name) or ids:
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


def first_email(texts: list[str]) -> str | None:
    for text in texts:
        match = EMAIL_RE.search(text)
        if match:
            return match.group().rstrip(".")
    return None


def _first_phone(block: list[Segment]) -> str | None:
    for segment in block:
        if ID_LABEL.search(segment.text) or EMAIL_RE.search(segment.text):
            continue
        for region in PHONE_REGIONS:
            matches = phonenumbers.PhoneNumberMatcher(
                segment.text, region, leniency=phonenumbers.Leniency.VALID
            )
            for match in matches:
                if sum(char.isdigit() for char in match.raw_string) >= 8:
                    return " ".join(match.raw_string.split())
    return None


def _labelled_customer_ids(lines: list[str]) -> dict[str, ReadId]:
    """Identifiers labelled as the customer's anywhere ("N° TVA client")."""
    ids: dict[str, ReadId] = {}
    for line in lines:
        for label in _CUSTOMER_ID_LABEL.finditer(line):
            found = read_id(line[label.end() :])
            if found:
                ids.setdefault(found.kind, found)
    return ids


def _region(block: list[Segment], ids: dict[str, ReadId]) -> str | None:
    vat = ids.get("vat")
    if vat and vat.value[:2].isalpha():
        return "GB" if vat.value[:2] == "XI" else vat.value[:2]
    text = " ".join(segment.text for segment in block)
    for region, country in _COUNTRIES.items():
        if re.search(country, text, re.I):
            return region
    return None
