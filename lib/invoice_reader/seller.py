"""The seller (issuer of the invoice): its name, its IBAN (the account the
customer pays to) and its identifiers, read outside the customer's block:
the letterhead at the top, the legal mentions and bank details in the
footer."""

import re
from dataclasses import dataclass, field

from .blocks import collect_block
from .company_ids import ID_LABEL, ReadId, ibans, labelled_ids, read_id
from .customer import EMAIL_RE, LEGAL_FORM
from .layout import Segment, segments
from .vocabulary import DOCUMENT_WORDS, is_customer_label

# an IBAN printed with these words is the customer's account being debited
_DEBIT_CONTEXT = re.compile(
    r"pr[ée]l[èe]v|votre compte|your account|abgebucht|lastschrift|mandat"
    r"|domiciliation|addebito|adeudo|incasso",
    re.I,
)
# the legal mentions of a footer start with the company's name
_LEGAL_MENTION = re.compile(
    r"\s(?:au capital|capital social|registered in|is registered|company no"
    r"|geschäftsführer|amtsgericht|handelsregister|hrb\b|kvk\b|rcs\b|rc\b|siret\b|siren\b"
    r"|p\.?\s?iva\b|c\.f\.|cif\b|n\.?i\.?f\.?\b|gstin\b|abn\b|ust)",
    re.I,
)
_TITLE = re.compile(rf"^(?:logo\s+)?(?:tax\s+)?(?:{'|'.join(DOCUMENT_WORDS)})\b", re.I)
_TRAILING_TITLE = re.compile(rf"\s+(?:{'|'.join(DOCUMENT_WORDS)})$", re.I)
_NOT_A_NAME = re.compile(
    r"^(?:date|datum|fecha|data|page|seite|tel|t[ée]l|phone|fax|mobile|e-?mail|www\."
    r"|n°|no\b|nr\b|ref|page|total|iban|bic|vat|tva|siret|siren|bank)",
    re.I,
)
HEADER_LINES = 15
FOOTER_SHARE = 0.3


@dataclass
class Seller:
    name: str | None = None
    iban: str | None = None
    iban_checked: bool = True
    ids: dict[str, ReadId] = field(default_factory=dict)
    segments: set[Segment] = field(default_factory=set)  # its letterhead and footer
    id_values: set[str] = field(default_factory=set)  # every identifier there


def find_seller(
    lines: list[str], customer_block: list[Segment], ocr: bool = False
) -> Seller:
    """The seller's name, IBAN and identifiers: those of its letterhead block
    and of the footer (without a letterhead block found, those of the page's
    top outside the customer's block)."""
    seller = Seller(name=find_issuer(lines, customer_block))
    letterhead = _letterhead(lines, seller.name)
    footer = [
        segment for index in range(_footer_start(lines), len(lines))
        for segment in segments(lines, index)
    ]  # fmt: skip
    if not letterhead:
        letterhead = [
            segment
            for index in range(min(len(lines), HEADER_LINES))
            for segment in segments(lines, index)
            if segment not in customer_block
        ]
    seller.segments = {*letterhead, *footer}
    texts = [segment.text for segment in footer + letterhead]
    seller.ids = labelled_ids(texts)
    seller.id_values = {
        found.value
        for text in texts
        for label in ID_LABEL.finditer(text)
        if (found := read_id(text[label.end() :]))
    }
    seller.iban, seller.iban_checked = find_iban(lines, customer_block, ocr)
    return seller


def _letterhead(lines: list[str], name: str | None) -> list[Segment]:
    """The block starting with the seller's name at the top of the page."""
    for index in range(min(len(lines), HEADER_LINES)):
        for segment in segments(lines, index):
            if name and name.lower() in segment.text.lower():
                return collect_block(lines, index, segment.column)
    return []


def _footer_start(lines: list[str]) -> int:
    return int(len(lines) * (1 - FOOTER_SHARE))


def find_iban(
    lines: list[str], customer_block: list[Segment], ocr: bool = False
) -> tuple[str | None, bool]:
    """(IBAN, checked) of the first IBAN that is neither in the customer's
    block nor printed as the account to be debited; a valid one first."""
    customer_lines = {segment.line for segment in customer_block}
    found = [
        (iban, checked)
        for index, line in enumerate(lines)
        if index not in customer_lines and not _DEBIT_CONTEXT.search(line)
        for iban, checked in ibans(line, ocr)
    ]
    return next(
        (item for item in found if item[1]), found[0] if found else (None, True)
    )


def find_issuer(lines: list[str], customer_block: list[Segment]) -> str | None:
    """The seller's name: the first name-like segment of the letterhead,
    else the name the footer's legal mentions start with."""
    header = _header_name(lines, customer_block)
    footer = _footer_name(lines)
    if header and LEGAL_FORM.search(header):
        return header
    return footer or header


def _header_name(lines: list[str], customer_block: list[Segment]) -> str | None:
    for index in range(min(len(lines), HEADER_LINES)):
        line_segments = segments(lines, index)
        for position, segment in enumerate(line_segments):
            text = re.sub(r"^logo\s+", "", segment.text, flags=re.I).strip(" |")
            if segment in customer_block or _is_label(line_segments, position):
                continue
            if (
                _TITLE.match(text)
                or is_customer_label(text)
                or not _looks_like_name(text)
            ):
                continue
            return _clean_name(text)
    return None


def _footer_name(lines: list[str]) -> str | None:
    for line in lines[_footer_start(lines) :]:
        for segment in segments([line], 0):
            mention = _LEGAL_MENTION.search(segment.text)
            if not mention:
                continue
            name = re.split(
                r"\s[-\u2013\u2014•|·]\s|,", segment.text[: mention.start()]
            )[0]
            if LEGAL_FORM.search(name) and _looks_like_name(name):
                return _clean_name(name)
    return None


def _looks_like_name(text: str) -> bool:
    letters = sum(char.isalpha() for char in text)
    words = re.findall(r"[^\W\d_]{3,}", text)
    return (
        bool(words)
        and letters >= 0.7 * len(text.replace(" ", ""))
        and not _NOT_A_NAME.match(text)
        and not EMAIL_RE.search(text)
        and ":" not in text
    )


def _clean_name(text: str) -> str:
    """The name without what follows it on its line: a tagline after the
    legal form ("Dupuis SARL - Garage du Centre"), a title ("Amazon Web
    Services Invoice"), an address after a bullet."""
    # an address or phone after a bullet or a dash is no part of the name
    text = re.split(r"\s[•|·]\s|\s[-\u2013\u2014]\s(?=[^\d]{0,30}\d)", text)[0].strip()
    legal = ([None, *LEGAL_FORM.finditer(text)])[-1]
    if legal and re.match(r"\s*[-\u2013\u2014]\s", text[legal.end() :]):
        text = text[: legal.end()]
    return _TRAILING_TITLE.sub("", text).strip(" ,")


def _is_label(line_segments: list[Segment], position: int) -> bool:
    following = line_segments[position + 1 : position + 2]
    return line_segments[position].text.endswith(":") or bool(
        following and following[0].text.startswith(":")
    )


def seller_block_test(lines: list[str]):
    """A function telling whether an address block is the seller's: it holds
    the seller's name, or an identifier or IBAN also printed in the footer
    (where the seller's legal mentions and bank details are)."""
    footer_text = " ".join(lines[_footer_start(lines) :])
    compact_footer = re.sub(r"[\s.]", "", footer_text).upper()
    issuer = find_issuer(lines, [])

    def is_seller(block: list[Segment]) -> bool:
        texts = [segment.text for segment in block]
        if issuer and any(issuer.lower() in text.lower() for text in texts[:2]):
            return True
        ids = [found.value for found in labelled_ids(texts).values()]
        ids += [iban for text in texts for iban, _ in ibans(text)]
        return any(value in compact_footer for value in ids)

    return is_seller
