from decimal import Decimal

from odoo import models

from ..lib.fintecture.const import fintecture_result


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment` to open a Fintecture session; the redirect
        form goes to the page where the customer picks their bank."""
        res = super()._get_specific_rendering_values(processing_values)
        if self.provider_code != "fintecture":
            return res
        url = self._fintecture_create_session("create_connect")
        return self._pay_link_redirect_values(url)

    def _fintecture_create_session(self, method_name, **extra_values):
        """Open a session with the client's ``method_name`` (create_connect or
        create_request_to_pay); keep its id; return the customer's URL."""
        session = self.provider_id._pay_link_call(
            method_name, **self._fintecture_prepare_session_payload(), **extra_values
        )
        self.provider_reference = session["session_id"]
        return session["url"]

    def _fintecture_prepare_session_payload(self):
        return {
            "amount": Decimal(str(self.amount)),
            "currency": self.currency_id.name,
            "communication": self.pay_link_id.reference or self.reference,
            "payer": self._pay_link_payer(),
            "redirect_uri": self._pay_link_return_url(),
            "state": self.reference,
            "language": (self.partner_lang or "en")[:2],
        }

    def _pay_link_send_request_to_pay(self):
        """Override of `pay_by_link`: Fintecture sends the request itself."""
        if self.provider_code != "fintecture":
            return super()._pay_link_send_request_to_pay()
        self._fintecture_create_session(
            "create_request_to_pay", expire_at=self.pay_link_id.expiry_date
        )
        return None

    # --- notifications -----------------------------------------------------------

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment` to find the attempt of a Fintecture session."""
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "fintecture" or len(tx) == 1:
            return tx
        return self._pay_link_find_by_provider_reference(
            "fintecture", notification_data.get("session_id")
        )

    def _process_notification_data(self, notification_data):
        """Override of `payment`: the session is read again from Fintecture's
        API; the notification only says which one changed."""
        super()._process_notification_data(notification_data)
        if self.provider_code != "fintecture":
            return
        self._pay_link_sync()

    def _pay_link_fetch_outcome(self):
        """Override of `pay_by_link` to read the session from Fintecture."""
        if self.provider_code != "fintecture":
            return super()._pay_link_fetch_outcome()
        payment = self.provider_id._pay_link_call(
            "get_payment", self.provider_reference
        )
        raw = (payment.get("raw") or {}).get("data") or {}
        received = (raw.get("attributes") or {}).get("received_amount")
        return {
            "result": fintecture_result(
                payment.get("status"), payment.get("transfer_state")
            ),
            "amount": payment.get("amount"),
            "currency": payment.get("currency"),
            "received": Decimal(str(received)) if received is not None else None,
            "reason": payment.get("transfer_state") or payment.get("status"),
        }

    def _pay_link_close_session(self):
        """Override of `pay_by_link` to cancel the Fintecture session."""
        if self.provider_code != "fintecture":
            return super()._pay_link_close_session()
        self.provider_id._pay_link_call("cancel_payment", self.provider_reference)
        return None
