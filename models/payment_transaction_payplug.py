from decimal import Decimal

from odoo import models

from odoo.addons.payment import utils as payment_utils

from ..lib.payplug.const import payplug_result


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
        payer = self._pay_link_payer()
        first_name, last_name = payment_utils.split_partner_name(payer["name"] or "-")
        customer = {
            "email": payer["email"],
            "first_name": first_name,
            "last_name": last_name,
        }
        if payer["phone"]:
            customer["mobile_phone_number"] = payer["phone"]
        return_url = self._pay_link_return_url()
        return {
            "amount_cents": payment_utils.to_minor_currency_units(
                self.amount, self.currency_id
            ),
            "currency": self.currency_id.name,
            "customer": {key: value for key, value in customer.items() if value},
            "return_url": return_url,
            "cancel_url": return_url,
            "notification_url": self._pay_link_webhook_url(),
            "metadata": {
                "reference": self.reference,
                "communication": self.pay_link_id.reference or self.reference,
            },
        }

    # --- notifications -----------------------------------------------------------

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment` to find the attempt of a Payplug payment."""
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "payplug" or len(tx) == 1:
            return tx
        return self._pay_link_find_by_provider_reference(
            "payplug", notification_data.get("id")
        )

    def _process_notification_data(self, notification_data):
        """Override of `payment`: the payment is read again from Payplug's
        API; the notification only says which one changed."""
        super()._process_notification_data(notification_data)
        if self.provider_code != "payplug":
            return
        self._pay_link_sync()

    def _pay_link_fetch_outcome(self):
        """Override of `pay_by_link` to read the payment from Payplug."""
        if self.provider_code != "payplug":
            return super()._pay_link_fetch_outcome()
        payment = self.provider_id._pay_link_call(
            "get_payment", self.provider_reference
        )
        failure = payment.get("failure") or {}
        amount = payment_utils.to_major_currency_units(
            payment.get("amount") or 0, self.currency_id
        )
        return {
            "result": payplug_result(payment),
            "amount": Decimal(str(amount)),
            "currency": payment.get("currency"),
            "received": None,
            "reason": failure.get("message") or failure.get("code"),
        }

    def _pay_link_close_session(self):
        """Override of `pay_by_link` to abort the Payplug payment."""
        if self.provider_code != "payplug":
            return super()._pay_link_close_session()
        self.provider_id._pay_link_call("abort_payment", self.provider_reference)
        return None
