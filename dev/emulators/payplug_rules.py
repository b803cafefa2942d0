"""What the emulated Payplug API refuses in a request body, written from
Payplug's references apart from the client: API version 2019-08-06 takes
`billing` and `shipping` and no longer `customer` (payplug-php CHANGELOG
3.0.0, docs.payplug.com guide-psd2 for the keys and their lengths), abort is
{"aborted": true} (payplug-php lib/Payplug/Resource/Payment.php), a refund
takes `amount` in cents and `metadata` (payplug-python README, Refund).

Stricter than Payplug is known to be on one point: an unknown key is
refused, so that a misspelt key fails here instead of being ignored.
"""

import re

MIN_AMOUNT_CENTS = 100
MAX_AMOUNT_CENTS = 2_000_000
PAYMENT_KEYS = {
    "amount",
    "currency",
    "billing",
    "shipping",
    "hosted_payment",
    "notification_url",
    "metadata",
    "save_card",
    "force_3ds",
    "payment_method",
}
# key -> maximum length (guide-psd2); None: no documented length.
PAYER_LENGTHS = {
    "title": None,
    "first_name": 100,
    "last_name": 100,
    "company_name": 100,
    "email": 255,
    "mobile_phone_number": None,
    "landline_phone_number": None,
    "address1": 255,
    "address2": 255,
    "postcode": 16,
    "city": 100,
    "state": None,
    "country": 2,
    "language": 2,
}
DELIVERY_TYPES = {
    "BILLING",
    "VERIFIED",
    "NEW",
    "SHIP_TO_STORE",
    "DIGITAL_GOODS",
    "TRAVEL_OR_EVENT",
    "OTHER",
}
E164 = re.compile(r"^\+[1-9]\d{7,14}$")
REFUND_KEYS = {"amount", "metadata"}


def payment_problem(data):
    """First thing wrong with a create-payment payload, or None."""
    if not isinstance(data, dict):
        return "body must be a JSON object"
    if "customer" in data:
        return "customer is not accepted with PayPlug-Version 2019-08-06"
    unknown = sorted(set(data) - PAYMENT_KEYS)
    if unknown:
        return f"{unknown[0]} is not a known field"
    amount = data.get("amount")
    if not (isinstance(amount, int) and MIN_AMOUNT_CENTS <= amount <= MAX_AMOUNT_CENTS):
        return f"amount must be {MIN_AMOUNT_CENTS}..{MAX_AMOUNT_CENTS} cents"
    if data.get("currency") != "EUR":
        return "currency must be EUR"
    hosted = data.get("hosted_payment")
    if not isinstance(hosted, dict) or not hosted.get("return_url"):
        return "hosted_payment.return_url is required"
    if "metadata" in data and not isinstance(data["metadata"], dict):
        return "metadata must be an object"
    return _payer_problem("billing", data.get("billing")) or _payer_problem(
        "shipping", data.get("shipping")
    )


def _payer_problem(name, payer):
    if not isinstance(payer, dict):
        return f"{name} is required"
    allowed = set(PAYER_LENGTHS) | ({"delivery_type"} if name == "shipping" else set())
    unknown = sorted(set(payer) - allowed)
    if unknown:
        return f"{name}.{unknown[0]} is not a known field"
    for key, length in PAYER_LENGTHS.items():
        value = payer.get(key)
        if value is not None and (
            not isinstance(value, str) or (length and len(value) > length)
        ):
            return f"{name}.{key} must be a string of {length} characters at most"
    if not payer.get("email"):
        return f"{name}.email is required"
    named = payer.get("first_name") and payer.get("last_name")
    if not (named or payer.get("company_name")):
        return f"{name} needs first_name and last_name, or company_name"
    if not payer.get("country") or not payer.get("language"):
        return f"{name}.country and {name}.language are required"
    if payer.get("mobile_phone_number") and not E164.match(
        payer["mobile_phone_number"]
    ):
        return f"{name}.mobile_phone_number must be in E.164 format"
    if name == "shipping" and payer.get("delivery_type") not in DELIVERY_TYPES:
        return "shipping.delivery_type is required"
    return None


def refund_problem(data, payment):
    """First thing wrong with a refund of ``payment``, or None."""
    if not isinstance(data, dict) or set(data) - REFUND_KEYS:
        return "a refund takes amount and metadata"
    if not payment["is_paid"]:
        return "An unpaid payment cannot be refunded."
    left = payment["amount"] - payment["amount_refunded"]
    amount = data.get("amount", left)
    if not isinstance(amount, int) or not 1 <= amount <= left:
        return f"amount must be 1..{left} cents"
    return None
