"""Fields of an embedded Factur-X / ZUGFeRD (CII) invoice XML."""

import datetime
import logging
from decimal import Decimal, InvalidOperation

from facturx import get_xml_from_pdf
from lxml import etree

logging.getLogger("factur-x").setLevel(logging.ERROR)

CREDIT_NOTE_TYPES = {"381", "261", "262", "396", "532"}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_facturx(pdf_bytes: bytes) -> dict:
    """Fields found in the embedded CII XML ({} when there is none).

    ZUGFeRD 1 and Factur-X / ZUGFeRD 2 share element names but not namespaces,
    hence the local-name() paths."""
    root = _cii_root(pdf_bytes)
    if root is None:
        return {}
    buyer = _first(root, "BuyerTradeParty")
    seller = _first(root, "SellerTradeParty")
    fields = {
        "amount": _amount(root),
        "currency": _text(root, "InvoiceCurrencyCode"),
        "reference": _text(_document(root), "ID"),
        "date": _date(root, "IssueDateTime"),
        "due_date": _date(root, "DueDateDateTime"),
        "iban": _text(root, "PayeePartyCreditorFinancialAccount", "IBANID"),
        "issuer": _text(seller, "Name"),
    }
    fields.update(_party(buyer))
    if _text(_document(root), "TypeCode") in CREDIT_NOTE_TYPES:
        fields["credit_note"] = True
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def _cii_root(pdf_bytes: bytes):
    try:
        _name, xml = get_xml_from_pdf(pdf_bytes, check_xsd=False)
        root = etree.fromstring(xml, _PARSER) if xml else None
    except Exception:  # a broken attachment just means "no XML"
        return None
    if root is None or "CrossIndustry" not in etree.QName(root).localname:
        return None  # e.g. an Odoo UBL attachment
    return root


def _party(party) -> dict:
    if party is None:
        return {}
    fields = {
        "name": _text(party, "Name"),
        "email": _text(party, "URIUniversalCommunication", "URIID")
        or _text(party, "EmailURIUniversalCommunication", "URIID"),
        "phone": _text(party, "TelephoneUniversalCommunication", "CompleteNumber"),
    }
    # schemes 0002/0009 are SIREN/SIRET, but producers mix them up: the
    # reader classifies each number by its own shape
    fields["company_ids"] = [
        node.text.strip()
        for node in _all(party, "SpecifiedTaxRegistration", "ID")
        + _all(party, "SpecifiedLegalOrganization", "ID")
        if node.text and node.get("schemeID") in ("VA", "0002", "0009")
    ]
    return fields


def _amount(root):
    text = _text(root, "DuePayableAmount") or _text(root, "GrandTotalAmount")
    try:
        amount = Decimal(text) if text else None
    except InvalidOperation:
        return None
    document_type = _text(_document(root), "TypeCode")
    if amount is not None and document_type in CREDIT_NOTE_TYPES:
        return -abs(amount)
    return amount


def _document(root):
    return _first(root, "ExchangedDocument", "HeaderExchangedDocument")


def _date(root, element: str):
    text = _text(root, element, "DateTimeString")
    try:
        return datetime.datetime.strptime(text[:8], "%Y%m%d").date() if text else None
    except ValueError:
        return None


def _path(*names: str) -> str:
    return "//" + "/".join(f"*[local-name()='{name}']" for name in names)


def _all(node, *names: str) -> list:
    return [] if node is None else node.xpath("." + _path(*names))


def _first(node, *names: str):
    for name in names:
        found = _all(node, name)
        if found:
            return found[0]
    return None


def _text(node, *names: str):
    found = _all(node, *names)
    return found[0].text.strip() if found and found[0].text else None
