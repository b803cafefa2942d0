"""A phone number split the way payment providers ask for it.

Fintecture's request-to-pay example (fintecture-sdk-php
examples/pis-request-to-pay.php) sends the national number without its
trunk 0 in `psu_phone` and the country prefix in `psu_phone_prefix`; Payplug
takes a `mobile_phone_number` in E.164 only when it is a mobile number
(docs.payplug.com, payment object, billing). phonenumbers decides both.
"""

from dataclasses import dataclass

import phonenumbers

_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


@dataclass(frozen=True)
class PhoneParts:
    prefix: str  # "+33"
    national: str  # "612345678": the national significant number
    e164: str  # "+33612345678"
    is_mobile: bool


def phone_parts(raw, default_region="FR"):
    """The parts of ``raw`` (any common notation), read as a number of
    ``default_region`` when it has no international prefix.

    :return: PhoneParts, or None when ``raw`` is empty or not a valid number
    """
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, default_region or "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return PhoneParts(
        prefix=f"+{number.country_code}",
        national=phonenumbers.national_significant_number(number),
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        is_mobile=phonenumbers.number_type(number) in _MOBILE_TYPES,
    )
