"""The invoice's fields from its layout text (and the Factur-X data the page
confirms): amount, currency, reference, dates, customer, seller, and what
kind of document it is."""

from decimal import Decimal

from ..identifiers import InvalidPhoneError, normalize_phone
from .amounts import find_amount_due, find_currency
from .customer import Customer, complete_from_page, customer_type, find_customer
from .dates import find_dates
from .document_kind import is_credit_note, is_settled
from .fields import InvoiceFields
from .language import detect_language
from .references import find_reference
from .seller import Seller, find_seller, seller_block_test

XML_CONFIDENCE = 0.99
# a number whose check digits fail: shown, but to be checked
UNCHECKED_CONFIDENCE = 0.4


def fields_from_text(lines: list[str], xml: dict, ocr: bool = False) -> InvoiceFields:
    """`lines`: the layout text of all pages (`ocr`: read by OCR); `xml`: the
    confirmed Factur-X fields (xml_check.printed_xml)."""
    fields = InvoiceFields()
    _set_amount(fields, lines, ocr)
    _set_dates(fields, lines)
    fields.reference, fields.confidence["reference"] = find_reference(lines)
    customer = find_customer(lines, xml.get("name"), seller_block_test(lines), ocr)
    seller = find_seller(lines, customer.block, ocr)
    complete_from_page(customer, lines, seller)
    _set_customer(fields, customer)
    _set_seller(fields, seller)
    credit_note = xml.pop("credit_note", False) or is_credit_note(lines)
    for key, value in xml.items():
        setattr(fields, key, value)
        fields.confidence[key] = XML_CONFIDENCE
    _set_kind(fields, lines, credit_note)
    _set_derived(fields, customer, lines)
    return fields


def _set_amount(fields: InvoiceFields, lines: list[str], ocr: bool) -> None:
    found = find_amount_due(lines, ocr)
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
        found = customer.ids.get(kind)
        setattr(fields, kind, found and found.value)
        confidence[kind] = (
            (0.85 if found.checked else UNCHECKED_CONFIDENCE) if found else 0.0
        )
    fields.country = customer.region


def _set_seller(fields: InvoiceFields, seller: Seller) -> None:
    fields.iban = seller.iban
    fields.confidence["iban"] = (
        (0.8 if seller.iban_checked else UNCHECKED_CONFIDENCE) if seller.iban else 0.0
    )
    fields.issuer = seller.name
    fields.confidence["issuer"] = 0.5 if seller.name else 0.0
    for kind in ("vat", "siren", "siret"):
        found = seller.ids.get(kind)
        setattr(fields, f"issuer_{kind}", found and found.value)


def _set_kind(fields: InvoiceFields, lines: list[str], credit_note: bool) -> None:
    """A credit note's amount is negative; a settled document's is 0."""
    if credit_note:
        fields.warnings.append("credit_note")
        if fields.amount is not None:
            fields.amount = -abs(fields.amount)
    elif is_settled(lines):
        fields.warnings.append("already_paid")
        fields.amount = Decimal(0)
        fields.confidence["amount"] = 0.9


def _set_derived(fields: InvoiceFields, customer: Customer, lines: list[str]) -> None:
    """Customer type, E.164 phone and language, from the final values."""
    company_ids = {kind: getattr(fields, kind) for kind in ("vat", "siren", "siret")}
    fields.customer_type, fields.confidence["customer_type"] = customer_type(
        fields.name, customer.has_civility, {k: v for k, v in company_ids.items() if v}
    )
    fields.phone_e164, fields.phone_region_assumed = phone_e164(
        fields.phone, fields.country
    )
    fields.language = detect_language("\n".join(lines))


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
