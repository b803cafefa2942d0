"""read_invoice(): PDF bytes in, InvoiceFields out."""

import re

from stdnum import iban as stdnum_iban

from ..identifiers import InvalidCompanyIdError, parse_company_id
from .amounts import AMOUNT_RE, amount_value, find_amount_due, find_currency
from .dates import find_dates
from .errors import InvoiceReadError
from .facturx import read_facturx
from .fields import InvoiceFields
from .layout import split_lines
from .ocr import ocr_page
from .parties import (
    Customer,
    customer_type,
    find_customer,
    find_iban,
    find_issuer,
    phone_e164,
)
from .pdf_input import open_pdf
from .references import find_reference
from .text_layer import has_text, page_texts

XML_CONFIDENCE = 0.99


def read_invoice(pdf_bytes: bytes) -> InvoiceFields:
    """Read an invoice PDF; raise InvoiceReadError when the file is refused."""
    page_count = len(open_pdf(pdf_bytes).pages)
    pages, used_ocr = _read_pages(pdf_bytes, page_count)
    lines = split_lines("\n".join(pages))
    xml = _printed_xml(read_facturx(pdf_bytes), lines)
    fields = _read_lines(lines, xml)
    if fields.amount is None and fields.reference is None and fields.name is None:
        raise InvoiceReadError("not_an_invoice", "No invoice data found in this PDF.")
    fields.source = "facturx" if xml else "ocr" if used_ocr else "text"
    return fields


def _read_pages(pdf_bytes: bytes, page_count: int) -> tuple[list[str], bool]:
    texts = page_texts(pdf_bytes)
    texts += [""] * (page_count - len(texts))
    texts = texts[:page_count]
    used_ocr = False
    for number, text in enumerate(texts, start=1):
        if not has_text(text):
            texts[number - 1] = ocr_page(pdf_bytes, number)
            used_ocr = True
    unreadable = [number for number, text in enumerate(texts, 1) if not has_text(text)]
    # a blank page after the invoice (backside, decoration only) is tolerated;
    # an unreadable first page, or nothing readable at all, is refused
    if unreadable and (unreadable[0] == 1 or len(unreadable) == page_count):
        raise InvoiceReadError(
            "unreadable_page",
            f"Page {unreadable[0]} has neither text nor a readable image.",
            page=unreadable[0],
        )
    return texts, used_ocr


def _printed_xml(xml: dict, lines: list[str]) -> dict:
    """The XML's fields that the printed page confirms; none at all when the
    page does not even show the XML's invoice number (placeholder XML)."""
    text = " ".join(" ".join(lines).split()).lower()
    if not xml.get("reference") or xml["reference"].lower() not in text:
        return {}
    printed_amounts = {
        abs(amount_value(match)) for match in AMOUNT_RE.finditer(" ".join(lines))
    }
    confirmed = {
        key: value
        for key, value in xml.items()
        if key in ("reference", "currency", "date", "due_date")
        or (
            key in ("name", "email", "phone", "issuer")
            and " ".join(value.split()).lower() in text
        )
    }
    if "amount" in xml and abs(xml["amount"]) in printed_amounts:
        confirmed["amount"] = xml["amount"]
    confirmed.update(_printed_ids(xml, re.sub(r"[\s.]", "", text).upper()))
    return confirmed


def _printed_ids(xml: dict, compact_text: str) -> dict:
    """Valid IBAN, SIREN, SIRET and VAT numbers of the XML that are printed."""
    ids = {}
    iban = stdnum_iban.compact(xml.get("iban", ""))
    if iban and iban in compact_text and stdnum_iban.is_valid(iban):
        ids["iban"] = iban
    for raw in xml.get("company_ids", []):
        company_id = _company_id(raw)
        if company_id and company_id.value in compact_text:
            ids.setdefault(company_id.kind, company_id.value)
    return ids


def _company_id(raw: str):
    try:
        return parse_company_id(raw)
    except InvalidCompanyIdError:
        return None


def _read_lines(lines: list[str], xml: dict) -> InvoiceFields:
    fields = InvoiceFields()
    confidence = fields.confidence
    _set_amount(fields, lines)
    _set_dates(fields, lines)
    fields.reference, confidence["reference"] = find_reference(lines)
    customer = find_customer(lines, xml.get("name"))
    _set_customer(fields, customer)
    fields.iban = find_iban(lines, customer.block)
    confidence["iban"] = 0.8 if fields.iban else 0.0
    fields.issuer = find_issuer(lines, customer.block)
    confidence["issuer"] = 0.5 if fields.issuer else 0.0
    for key, value in xml.items():
        setattr(fields, key, value)
        confidence[key] = XML_CONFIDENCE
    _set_derived(fields, customer)
    return fields


def _set_amount(fields: InvoiceFields, lines: list[str]) -> None:
    found = find_amount_due(lines)
    if found:
        fields.amount, fields.confidence["amount"], amount_line = found
    else:
        fields.confidence["amount"], amount_line = 0.0, None
    fields.currency, fields.confidence["currency"] = find_currency(lines, amount_line)


def _set_dates(fields: InvoiceFields, lines: list[str]) -> None:
    (date, date_confidence), (due_date, due_confidence) = find_dates(lines)
    fields.date, fields.confidence["date"] = date, date_confidence
    fields.due_date, fields.confidence["due_date"] = due_date, due_confidence


def _set_customer(fields: InvoiceFields, customer: Customer) -> None:
    confidence = fields.confidence
    fields.name = customer.name
    confidence["name"] = 0.7 if fields.name else 0.0
    fields.email = customer.email
    confidence["email"] = 0.8 if fields.email else 0.0
    fields.phone = customer.phone
    confidence["phone"] = 0.8 if fields.phone else 0.0
    for kind in ("vat", "siren", "siret"):
        setattr(fields, kind, customer.ids.get(kind))
        confidence[kind] = 0.85 if kind in customer.ids else 0.0


def _set_derived(fields: InvoiceFields, customer: Customer) -> None:
    """Customer type and E.164 phone, from the final (text or XML) values."""
    company_ids = {kind: getattr(fields, kind) for kind in ("vat", "siren", "siret")}
    fields.customer_type, fields.confidence["customer_type"] = customer_type(
        fields.name, customer.has_civility, {k: v for k, v in company_ids.items() if v}
    )
    fields.phone_e164, fields.phone_region_assumed = phone_e164(
        fields.phone, customer.region
    )
