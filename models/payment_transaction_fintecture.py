from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request

# A module, not its class: the controller is still loading when this file is.
from ..lib.fintecture.const import (
    EXPIRED_STATUSES,
    MAX_COMMUNICATION_LENGTH,
    MIN_EXPIRY_SECONDS,
    fintecture_result,
)
from ..lib.phone_parts import phone_parts

# A session is given an expiry only when the link leaves it this much time.
EXPIRY_MARGIN = timedelta(seconds=MIN_EXPIRY_SECONDS + 60)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment` to open a Fintecture session; the redirect
        form goes to the page where the customer picks their bank."""
        res = super()._get_specific_rendering_values(processing_values)
        if self.provider_code != "fintecture":
            return res
        url = self._fintecture_create_session(
            "create_connect",
            expire_at=self._fintecture_expire_at(),
            psu_ip=self._fintecture_psu_ip(),
        )
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
        """The values every session takes (see `FintectureClient`). Fintecture
        sends the customer back to one fixed URL, registered in its console;
        ``state`` tells which attempt they come back from."""
        return {
            "amount": Decimal(str(self.amount)),
            "currency": self.currency_id.name,
            "communication": (self.pay_link_id.reference or self.reference)[
                :MAX_COMMUNICATION_LENGTH
            ],
            "payer": self._fintecture_payer(),
            "redirect_uri": self._pay_link_fixed_return_url(),
            "state": self.reference,
            "language": self._pay_link_payer()["lang"],
        }

    def _fintecture_payer(self):
        """The `payer` of `FintectureClient`: the phone as the national
        number and its prefix (fintecture-sdk-php examples/pis-request-to-pay.php)."""
        payer = self._pay_link_payer()
        phone = phone_parts(payer["phone"], payer["country_code"])
        address = {
            "street": payer["street"],
            "zip": payer["zip"],
            "city": payer["city"],
            "country": payer["country_code"],
        }
        return {
            "name": payer["name"],
            "email": payer["email"],
            "company": payer["company"],
            "phone": phone and phone.national,
            "phone_prefix": phone and phone.prefix,
            "address": {key: value for key, value in address.items() if value}
            if payer["street"]
            else None,
        }

    def _fintecture_expire_at(self):
        """When the session must stop being payable: the link's expiry, or
        None (Fintecture's default) when too close to be set."""
        expiry = self.pay_link_id.expiry_date
        if expiry and expiry - fields.Datetime.now() >= EXPIRY_MARGIN:
            return expiry
        return None

    @staticmethod
    def _fintecture_psu_ip():
        """The customer's IP address, from the request that starts the
        attempt (Odoo reads X-Forwarded-For behind a proxy in proxy_mode);
        None outside a request."""
        return request.httprequest.remote_addr if request else None

    def _pay_link_send_request_to_pay(self):
        """Override of `pay_by_link`: Fintecture sends the request itself, by
        email when the customer has an address, else by SMS to a mobile
        (meta.method). No payer IP: the request is sent from the backend."""
        if self.provider_code != "fintecture":
            return super()._pay_link_send_request_to_pay()
        payer = self._pay_link_payer()
        phone = phone_parts(payer["phone"], payer["country_code"])
        if payer["email"]:
            method = "email"
        elif phone and phone.is_mobile:
            method = "sms"
        else:
            raise UserError(
                self.env._(
                    "Fintecture: the customer needs an email address or a mobile "
                    "number to receive a request to pay."
                )
            )
        self._fintecture_create_session(
            "create_request_to_pay",
            expire_at=self.pay_link_id.expiry_date,
            method=method,
        )
        return None

    @api.model
    def _fintecture_find_returning(self, state, session_id):
        """The attempt a customer comes back from: its reference is
        ``state`` and its session ``session_id``, which only Fintecture and
        the customer know (a forged state alone finds nothing)."""
        if not state or not session_id:
            return self.browse()
        return self.search(
            [
                ("provider_code", "=", "fintecture"),
                ("reference", "=", state),
                ("provider_reference", "=", session_id),
            ],
            limit=1,
        )

    # --- notifications -----------------------------------------------------------

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment` to find the attempt of a Fintecture session,
        or the refund a webhook of type Refund is about (recorded here when
        it was made in Fintecture's console)."""
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "fintecture" or len(tx) == 1:
            return tx
        session_id = notification_data.get("session_id")
        refunded_id = notification_data.get("refunded_session_id")
        if not refunded_id:
            return self._pay_link_find_by_provider_reference("fintecture", session_id)
        refund = self.search(
            [
                ("provider_code", "=", "fintecture"),
                ("operation", "=", "refund"),
                ("provider_reference", "=", session_id),
            ],
            limit=1,
        )
        if refund:
            return refund
        paid = self._pay_link_find_by_provider_reference("fintecture", refunded_id)
        amount = paid.provider_id._pay_link_call("get_payment", session_id)["amount"]
        return paid._pay_link_record_refund(float(amount), session_id)

    def _process_notification_data(self, notification_data):
        """Override of `payment`: the session is read again from Fintecture's
        API; the notification only says which one changed."""
        super()._process_notification_data(notification_data)
        if self.provider_code != "fintecture":
            return
        self._pay_link_sync()

    def _pay_link_fetch_outcome(self):
        """Override of `pay_by_link` to read the session (a payment's or a
        refund's) from Fintecture."""
        if self.provider_code != "fintecture":
            return super()._pay_link_fetch_outcome()
        payment = self.provider_id._pay_link_call(
            "get_payment", self.provider_reference
        )
        return {
            "result": fintecture_result(
                payment.get("status"), payment.get("transfer_state")
            ),
            "amount": payment.get("amount"),
            "currency": payment.get("currency"),
            "received": payment.get("received_amount"),
            "reason": payment.get("transfer_state") or payment.get("status"),
            "expired": payment.get("status") in EXPIRED_STATUSES,
        }

    def _pay_link_close_session(self):
        """Override of `pay_by_link` to cancel the Fintecture session."""
        if self.provider_code != "fintecture":
            return super()._pay_link_close_session()
        self.provider_id._pay_link_call("cancel_payment", self.provider_reference)
        return None

    # --- refunds -----------------------------------------------------------------

    def _send_refund_request(self, amount_to_refund=None):
        """Override of `payment` to ask Fintecture for the refund; it is made
        when the merchant's bank sends it (webhook of type Refund)."""
        refund = super()._send_refund_request(amount_to_refund=amount_to_refund)
        if self.provider_code != "fintecture":
            return refund
        label = self.env._(
            "Refund %(reference)s",
            reference=self.pay_link_id.reference or self.reference,
        )
        answer = self.provider_id._pay_link_call(
            "create_refund",
            self.provider_reference,
            Decimal(str(-refund.amount)),
            label[:MAX_COMMUNICATION_LENGTH],
            state=refund.reference,
        )
        refund.provider_reference = answer["session_id"]
        refund._pay_link_sync()
        return refund
