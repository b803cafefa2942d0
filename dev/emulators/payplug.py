"""Emulator of Payplug's payment API v1 (create, retrieve, abort, refunds,
notifications).

Checks the Bearer secret key, the PayPlug-Version header and the payloads
(`payplug_rules`); notifications are JSON POSTs of the payment or refund
object, unsigned, exactly why the merchant must re-fetch it before trusting
one.
"""

import json
import logging
import secrets
import threading
import time

import requests

from . import EmulatorServer, form_choice, json_reply, pay_page, redirect_reply
from .payplug_rules import payment_problem, refund_problem

_logger = logging.getLogger(__name__)

# The API version this emulator speaks (Payplug answers 400 to any other).
API_VERSION = "2019-08-06"
FAILURE_MESSAGES = {
    "card_declined": "The card was declined.",
    "aborted": "The payment was aborted.",
}


def payplug_error(status, message, details=None):
    return json_reply(
        status, {"object": "error", "message": message, "details": details or {}}
    )


class PayplugEmulator(EmulatorServer):
    def __init__(self, secret_key="sk_test_emulator", port=0):
        super().__init__(port)
        self.secret_key = secret_key
        self.payments = {}
        self.refunds = {}
        self._lock = threading.Lock()

    # --- test/demo controls -------------------------------------------------

    def approve(self, payment_id):
        with self._lock:
            payment = self.payments[payment_id]
            payment.update(is_paid=True, failure=None)
            payment["hosted_payment"]["paid_at"] = int(time.time())

    def refuse(self, payment_id, reason="card_declined"):
        with self._lock:
            self.payments[payment_id].update(
                is_paid=False,
                failure={
                    "code": reason,
                    "message": FAILURE_MESSAGES.get(reason, reason),
                },
            )

    def leave_pending(self, payment_id):
        with self._lock:
            self.payments[payment_id].update(is_paid=False, failure=None)

    def send_webhook(self, payment_id, url=None, tamper=False):
        """POST the payment object as a notification; `tamper` fakes is_paid."""
        payment = dict(self.payments[payment_id])
        if tamper:
            payment.update(is_paid=True, failure=None)
        return requests.post(
            url or payment["notification_url"], json=payment, timeout=10
        )

    def send_refund_webhook(self, refund_id, url=None):
        """POST the refund object to its payment's notification URL, as
        Payplug does after each refund (left to the tests and the demo here,
        so that no notification comes in at an unexpected time)."""
        refund = self.refunds[refund_id]
        payment = self.payments[refund["payment_id"]]
        return requests.post(
            url or payment["notification_url"], json=refund, timeout=10
        )

    def refund_outside(self, payment_id, amount_cents):
        """A refund made in Payplug's portal, not through the API caller."""
        return self._add_refund(self.payments[payment_id], amount_cents, {})

    # --- HTTP ---------------------------------------------------------------

    def handle(self, request):
        if request.path.startswith("/pay/"):
            return self._pay_page(request, request.path[len("/pay/") :])
        refusal = self._check_auth(request)
        if refusal:
            return refusal
        parts = request.path.strip("/").split("/")
        if parts == ["v1", "payments"] and request.method == "POST":
            return self._create(request)
        if parts[:2] == ["v1", "payments"] and len(parts) == 3:
            return self._payment(request, parts[2])
        if parts[:2] == ["v1", "payments"] and parts[3:4] == ["refunds"]:
            return self._refunds(request, parts[2], parts[4:])
        return payplug_error(404, "The requested resource was not found.")

    def outage_reply(self):
        return payplug_error(500, "An internal error occurred.")

    def _check_auth(self, request):
        if request.headers.get("Authorization") != "Bearer " + self.secret_key:
            return payplug_error(401, "The API key you provided is invalid.")
        if request.headers.get("PayPlug-Version") != API_VERSION:
            return payplug_error(400, f"PayPlug-Version must be {API_VERSION}.")
        return None

    def _create(self, request):
        try:
            data = json.loads(request.body)
        except ValueError:
            return payplug_error(400, "The request body is not valid JSON.")
        problem = payment_problem(data)
        if problem:
            return payplug_error(400, "The request is invalid.", {"error": problem})
        payment_id = "pay_" + secrets.token_hex(10)
        hosted = dict(
            data["hosted_payment"],
            paid_at=None,
            payment_url=f"{self.base_url}/pay/{payment_id}",
        )
        payment = {
            "id": payment_id,
            "object": "payment",
            "is_live": self.secret_key.startswith("sk_live_"),
            "amount": data["amount"],
            "amount_refunded": 0,
            "currency": data["currency"],
            "created_at": int(time.time()),
            "is_paid": False,
            "is_refunded": False,
            "billing": data["billing"],
            "shipping": data["shipping"],
            "hosted_payment": hosted,
            "notification_url": data.get("notification_url"),
            "failure": None,
            "metadata": data.get("metadata") or {},
        }
        with self._lock:
            self.payments[payment_id] = payment
        return json_reply(201, payment)

    def _payment(self, request, payment_id):
        payment = self.payments.get(payment_id)
        if payment is None:
            return payplug_error(404, "The requested resource was not found.")
        if request.method == "GET":
            return json_reply(200, payment)
        if request.method != "PATCH":
            return payplug_error(405, "Method not allowed.")
        try:
            abort = json.loads(request.body) == {"aborted": True}
        except ValueError:
            abort = False
        if not abort:
            return payplug_error(400, 'Only {"aborted": true} is supported here.')
        if payment["is_paid"]:
            return payplug_error(400, "A paid payment cannot be aborted.")
        self.refuse(payment_id, "aborted")
        return json_reply(200, payment)

    def _refunds(self, request, payment_id, rest):
        payment = self.payments.get(payment_id)
        if payment is None:
            return payplug_error(404, "The requested resource was not found.")
        if request.method == "GET" and len(rest) == 1:
            refund = self.refunds.get(rest[0])
            if not refund or refund["payment_id"] != payment_id:
                return payplug_error(404, "The requested resource was not found.")
            return json_reply(200, refund)
        if request.method != "POST" or rest:
            return payplug_error(405, "Method not allowed.")
        try:
            data = json.loads(request.body)
        except ValueError:
            data = None
        problem = refund_problem(data, payment)
        if problem:
            return payplug_error(400, "The request is invalid.", {"error": problem})
        left = payment["amount"] - payment["amount_refunded"]
        refund = self._add_refund(
            payment, data.get("amount", left), data.get("metadata") or {}
        )
        return json_reply(201, refund)

    def _add_refund(self, payment, amount, metadata):
        refund = {
            "id": "re_" + secrets.token_hex(10),
            "object": "refund",
            "payment_id": payment["id"],
            "is_live": payment["is_live"],
            "amount": amount,
            "currency": payment["currency"],
            "created_at": int(time.time()),
            "metadata": metadata,
        }
        with self._lock:
            self.refunds[refund["id"]] = refund
            payment["amount_refunded"] += amount
            payment["is_refunded"] = payment["amount_refunded"] >= payment["amount"]
        return refund

    def _pay_page(self, request, payment_id):
        payment = self.payments.get(payment_id)
        if payment is None:
            return payplug_error(404, "The requested resource was not found.")
        if payment["is_paid"] or payment["failure"]:
            # Payplug's hosted page of a payment paid, refused or aborted
            # takes no card any more.
            return payplug_error(400, "This payment is closed.")
        if request.method == "GET":
            amount = f"{payment['amount'] / 100:.2f} {payment['currency']}"
            metadata = payment["metadata"]
            reference = metadata.get("communication") or metadata.get("reference")
            return pay_page(
                "Emulated card payment",
                amount,
                reference or payment_id,
                f"/pay/{payment_id}",
            )
        choice = form_choice(request)
        actions = {
            "approve": self.approve,
            "refuse": self.refuse,
            "pending": self.leave_pending,
        }
        if choice not in actions:
            return payplug_error(400, "Unknown choice.")
        actions[choice](payment_id)
        self._notify(payment_id)
        hosted = payment["hosted_payment"]
        return redirect_reply(
            hosted["cancel_url"] if choice == "refuse" else hosted["return_url"]
        )

    def _notify(self, payment_id):
        if not self.payments[payment_id].get("notification_url"):
            return
        try:
            self.send_webhook(payment_id)
        except requests.RequestException as error:
            _logger.warning("Payplug emulator notification failed: %s", error)
