"""Client of Payplug's payment API v1 (hosted card payment page).

Endpoints, headers and the abort call follow payplug/payplug-python
(payplug/network.py, payplug/__init__.py): Bearer secret key, `PayPlug-Version`
header, abort = PATCH /v1/payments/{id} with {"abort": true}.
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
        customer: dict,
        return_url,
        cancel_url,
        notification_url,
        metadata,
    ) -> dict:
        """Create a payment and return Payplug's payment object."""
        return self._call(
            "POST",
            "/v1/payments",
            {
                "amount": int(amount_cents),
                "currency": currency,
                "customer": customer,
                "hosted_payment": {"return_url": return_url, "cancel_url": cancel_url},
                "notification_url": notification_url,
                "metadata": metadata,
            },
        )

    def get_payment(self, payment_id) -> dict:
        return self._call("GET", "/v1/payments/" + payment_id)

    def abort_payment(self, payment_id) -> dict:
        """Abort an unpaid payment; return the updated payment object."""
        return self._call("PATCH", "/v1/payments/" + payment_id, {"abort": True})

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
