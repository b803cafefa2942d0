from decimal import Decimal

from odoo import models

from odoo.addons.payment import utils as payment_utils

from ..lib.payplug.const import (
    DELIVERY_TYPE_BILLING,
    REFUND_OBJECT,
    payplug_result,
)
from ..lib.phone_parts import phone_parts

# Longest values Payplug takes (docs.payplug.com guide-psd2).
NAME_LENGTH = 100
ADDRESS_LENGTH = 255
POSTCODE_LENGTH = 16


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment` to create the Payplug payment; the redirect
        form goes to its hosted card page."""
        res = super()._get_specific_rendering_values(processing_values)
        if self.provider_code != "payplug":
            return res
        payment = self.provider_id._pay_link_call(
            "create_payment", **self._payplug_prepare_payment_payload()
        )
        self.provider_reference = payment["id"]
        return self._pay_link_redirect_values(payment["hosted_payment"]["payment_url"])

    def _payplug_prepare_payment_payload(self):
        """The values of `PayplugClient.create_payment`: the customer is
        billed at their own address and nothing is shipped elsewhere."""
        billing = self._payplug_billing()
        return_url = self._pay_link_return_url()
        return {
            "amount_cents": payment_utils.to_minor_currency_units(
                self.amount, self.currency_id
            ),
            "currency": self.currency_id.name,
            "billing": billing,
            "shipping": {**billing, "delivery_type": DELIVERY_TYPE_BILLING},
            "return_url": return_url,
            "cancel_url": return_url,
            "notification_url": self._pay_link_webhook_url(),
            "metadata": {
                "reference": self.reference,
                "communication": self.pay_link_id.reference or self.reference,
            },
        }

    def _payplug_billing(self):
        """The payer as `billing` (payplug-php README, docs.payplug.com
        guide-psd2): a company by its name, a person by first and last name,
        a mobile number only when it is one."""
        payer = self._pay_link_payer()
        billing = {
            "email": payer["email"],
            "company_name": (payer["company"] or "")[:NAME_LENGTH],
            "address1": (payer["street"] or "")[:ADDRESS_LENGTH],
            "postcode": (payer["zip"] or "")[:POSTCODE_LENGTH],
            "city": (payer["city"] or "")[:NAME_LENGTH],
            "country": payer["country_code"] or "FR",
            "language": payer["lang"],
        }
        if payer["name"] and payer["name"] != payer["company"]:
            first_name, last_name = payment_utils.split_partner_name(payer["name"])
            billing["first_name"] = (first_name or last_name)[:NAME_LENGTH]
            billing["last_name"] = last_name[:NAME_LENGTH]
        elif not payer["company"]:
            billing["first_name"] = billing["last_name"] = "-"
        phone = phone_parts(payer["phone"], payer["country_code"])
        if phone and phone.is_mobile:
            billing["mobile_phone_number"] = phone.e164
        return {key: value for key, value in billing.items() if value}

    # --- notifications -----------------------------------------------------------

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment` to find the attempt of a Payplug payment, or
        the refund a refund notification is about (recorded here when it was
        made in Payplug's portal, once read from Payplug's API)."""
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "payplug" or len(tx) == 1:
            return tx
        if notification_data.get("object") != REFUND_OBJECT:
            return self._pay_link_find_by_provider_reference(
                "payplug", notification_data.get("id")
            )
        refund_id = notification_data.get("id")
        refund = self.search(
            [
                ("provider_code", "=", "payplug"),
                ("operation", "=", "refund"),
                ("provider_reference", "=", refund_id),
            ],
            limit=1,
        )
        if refund:
            return refund
        paid = self._pay_link_find_by_provider_reference(
            "payplug", notification_data.get("payment_id")
        )
        known = paid.provider_id._pay_link_call(
            "get_refund", paid.provider_reference, refund_id
        )
        amount = payment_utils.to_major_currency_units(
            known["amount"], paid.currency_id
        )
        return paid._pay_link_record_refund(amount, refund_id)

    def _process_notification_data(self, notification_data):
        """Override of `payment`: the payment (or refund) is read again from
        Payplug's API; the notification only says which one changed."""
        super()._process_notification_data(notification_data)
        if self.provider_code != "payplug":
            return
        self._pay_link_sync()

    def _pay_link_fetch_outcome(self):
        """Override of `pay_by_link` to read the payment, or the refund, from
        Payplug. A refund that Payplug returns is made: it has no status."""
        if self.provider_code != "payplug":
            return super()._pay_link_fetch_outcome()
        if self.operation == "refund":
            refund = self.provider_id._pay_link_call(
                "get_refund",
                self.source_transaction_id.provider_reference,
                self.provider_reference,
            )
            return self._payplug_outcome("done", refund, None)
        payment = self.provider_id._pay_link_call(
            "get_payment", self.provider_reference
        )
        failure = payment.get("failure") or {}
        return self._payplug_outcome(
            payplug_result(payment),
            payment,
            failure.get("message") or failure.get("code"),
        )

    def _payplug_outcome(self, result, payplug_object, reason):
        amount = payment_utils.to_major_currency_units(
            payplug_object.get("amount") or 0, self.currency_id
        )
        return {
            "result": result,
            "amount": Decimal(str(amount)),
            "currency": payplug_object.get("currency"),
            "received": None,
            "reason": reason,
        }

    def _pay_link_close_session(self):
        """Override of `pay_by_link` to abort the Payplug payment."""
        if self.provider_code != "payplug":
            return super()._pay_link_close_session()
        self.provider_id._pay_link_call("abort_payment", self.provider_reference)
        return None

    # --- refunds -----------------------------------------------------------------

    def _send_refund_request(self, amount_to_refund=None):
        """Override of `payment` to refund through Payplug (POST
        /v1/payments/{id}/refunds), made at once."""
        refund = super()._send_refund_request(amount_to_refund=amount_to_refund)
        if self.provider_code != "payplug":
            return refund
        answer = self.provider_id._pay_link_call(
            "create_refund",
            self.provider_reference,
            payment_utils.to_minor_currency_units(-refund.amount, refund.currency_id),
            metadata={"reference": refund.reference},
        )
        refund.provider_reference = answer["id"]
        refund._pay_link_sync()
        return refund
