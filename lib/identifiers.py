"""Phone numbers and company identifiers, validated with well-kept libraries."""

from dataclasses import dataclass

import phonenumbers
from stdnum import exceptions as stdnum_exceptions
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret


class InvalidPhoneError(ValueError):
    """The text is not a valid phone number."""


class InvalidCompanyIdError(ValueError):
    """The text is not a valid SIREN, SIRET or EU VAT number."""


# Number types that can receive an SMS (phonenumbers.PhoneNumberType): where a
# plan does not tell mobiles from landlines (US, CA...), the number may be either.
SMS_NUMBER_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.PAGER,
    }
)


@dataclass(frozen=True)
class NormalizedPhone:
    """A valid number: its E.164 form, whether its country was assumed from
    the default region, and whether it can receive SMS."""

    e164: str
    region_assumed: bool
    can_receive_sms: bool


@dataclass(frozen=True)
class CompanyId:
    kind: str
    value: str


def normalize_phone(raw: str, default_region: str = "FR") -> NormalizedPhone:
    """Return the E.164 form of `raw`, parsed with `default_region` if it has no
    international prefix."""
    try:
        number = phonenumbers.parse(raw, default_region, keep_raw_input=True)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneError(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneError(f"not a valid phone number: {raw!r}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assumed = (
        number.country_code_source
        == phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY
    )
    return NormalizedPhone(
        e164=e164,
        region_assumed=assumed,
        can_receive_sms=phonenumbers.number_type(number) in SMS_NUMBER_TYPES,
    )


def parse_company_id(raw: str) -> CompanyId:
    """Classify and validate a SIREN, SIRET or EU VAT number."""
    digits = fr_siren.compact(raw or "")
    try:
        if digits.isdigit() and len(digits) == 9:
            return CompanyId("siren", fr_siren.validate(digits))
        if digits.isdigit() and len(digits) == 14:
            return CompanyId("siret", fr_siret.validate(digits))
        return CompanyId("vat", eu_vat.validate(raw).upper())
    except stdnum_exceptions.ValidationError as exc:
        raise InvalidCompanyIdError(f"not a valid company id: {raw!r}") from exc
