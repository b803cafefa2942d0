"""The reader's result."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

JSON_KEYS = (
    "amount", "currency", "reference", "date", "due_date", "name", "customer_type",
    "email", "phone", "phone_e164", "phone_region_assumed", "vat", "siren", "siret",
    "iban", "issuer", "issuer_vat", "issuer_siren", "issuer_siret", "country",
    "language", "warnings",
)  # fmt: skip
# what `warnings` may hold
WARNINGS = (
    "credit_note",  # a credit note: the amount is negative, nothing to pay by link
    "already_paid",  # the document says it is settled: the amount is 0
)


@dataclass
class InvoiceFields:
    amount: Decimal | None = None
    currency: str | None = None
    reference: str | None = None
    date: datetime.date | None = None
    due_date: datetime.date | None = None
    name: str | None = None  # the customer's
    customer_type: str | None = None  # "company" | "individual"
    email: str | None = None
    phone: str | None = None  # as printed, whitespace collapsed
    phone_e164: str | None = None
    phone_region_assumed: bool = False
    vat: str | None = None
    siren: str | None = None
    siret: str | None = None
    iban: str | None = None  # the merchant's (payee's)
    issuer: str | None = None  # the seller's name
    issuer_vat: str | None = None
    issuer_siren: str | None = None
    issuer_siret: str | None = None
    country: str | None = None  # the customer's, ISO 3166 alpha-2
    language: str | None = None  # the document's, ISO 639-1
    warnings: list[str] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    source: str = "text"  # "text" | "ocr" | "photo" | "facturx"

    def to_dict(self) -> dict:
        """JSON form: amount as a number, dates as ISO strings."""
        result = {key: _json_value(getattr(self, key)) for key in JSON_KEYS}
        result["confidence"] = {
            key: round(value, 2) for key, value in self.confidence.items()
        }
        result["source"] = self.source
        return result


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
