"""Factur-X data kept only where the printed page confirms it: the page is
what the customer sees, and some PDFs carry placeholder or stale XML."""

import re

from stdnum import iban as stdnum_iban

from ..identifiers import InvalidCompanyIdError, parse_company_id
from .amounts import AMOUNT_RE, amount_value


def printed_xml(xml: dict, lines: list[str]) -> dict:
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
        if key in ("reference", "currency", "date", "due_date", "credit_note")
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
