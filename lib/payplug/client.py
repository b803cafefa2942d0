"""Client of Payplug's payment API v1 (hosted card payment page, refunds).

Follows payplug/payplug-python (payplug/__init__.py, routes.py, network.py)
and payplug/payplug-php (lib/Payplug/Resource/Payment.php, Refund.php):
Bearer secret key, `PayPlug-Version` header; with version 2019-08-06 the payer
goes in `billing` and `shipping`, `customer` is gone (payplug-php CHANGELOG
3.0.0, payplug-python README "Usage", docs.payplug.com guide-psd2).

Abort: payplug-php sends {"aborted": true}, payplug-python {"abort": true}
(but {"aborted": true} for installment plans); the API reference documents
"aborted", so that is what is sent here.
"""

import requests

from ..provider_errors import request_json
from .const import API_VERSION, DEFAULT_URL, LIVE_KEY_PREFIX, TEST_KEY_PREFIX

PROVIDER = "Payplug"


class PayplugClient:
    def __init__(self, secret_key, base_url=DEFAULT_URL, timeout=10, session=None):
        self.is_live = key_is_live(secret_key)
        self.secret_key = secret_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def create_payment(
        self,
        amount_cents,
        currency,
        billing: dict,
        shipping: dict,
        return_url,
        cancel_url,
        notification_url,
        metadata,
    ) -> dict:
        """Create a payment and return Payplug's payment object.

        :param billing: the payer (first_name, last_name or company_name,
            email, address1, postcode, city, country, language, and
            mobile_phone_number in E.164 for a mobile number only)
        :param shipping: the same keys plus delivery_type ("BILLING" when
            nothing is shipped elsewhere)
        """
        return self._call(
            "POST",
            "/v1/payments",
            {
                "amount": int(amount_cents),
                "currency": currency,
                "billing": billing,
                "shipping": shipping,
                "hosted_payment": {"return_url": return_url, "cancel_url": cancel_url},
                "notification_url": notification_url,
                "metadata": metadata,
            },
        )

    def get_payment(self, payment_id) -> dict:
        return self._call("GET", "/v1/payments/" + payment_id)

    def abort_payment(self, payment_id) -> dict:
        """Abort an unpaid payment; return the updated payment object."""
        return self._call("PATCH", "/v1/payments/" + payment_id, {"aborted": True})

    def create_refund(self, payment_id, amount_cents, metadata=None) -> dict:
        """Refund ``amount_cents`` of a paid payment; return the refund object
        (id, payment_id, amount, currency, ...). Payplug sends its
        notification to the payment's notification URL."""
        body = {"amount": int(amount_cents)}
        if metadata:
            body["metadata"] = metadata
        return self._call("POST", f"/v1/payments/{payment_id}/refunds", body)

    def get_refund(self, payment_id, refund_id) -> dict:
        return self._call("GET", f"/v1/payments/{payment_id}/refunds/{refund_id}")

    def _call(self, method, path, body=None):
        headers = {
            "Accept": "application/json",
            "Authorization": "Bearer " + self.secret_key,
            "PayPlug-Version": API_VERSION,
        }
        return request_json(
            self.session,
            PROVIDER,
            method,
            self.base_url + path,
            self.timeout,
            json=body,
            headers=headers,
        )


def key_is_live(secret_key) -> bool:
    """True for a live key, False for a test key; ValueError for anything else."""
    if secret_key and secret_key.startswith(LIVE_KEY_PREFIX):
        return True
    if secret_key and secret_key.startswith(TEST_KEY_PREFIX):
        return False
    raise ValueError("A Payplug secret key starts with sk_live_ or sk_test_")
