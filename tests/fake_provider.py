"""A payment provider that exists only in the tests ("Testpay"): it plugs
into pay_by_link's provider hooks, with no line of product code naming it.

Its "API" is the class attribute SESSIONS: {session id: payment dict}.
Loaded with odoo_test_helper's FakeModelLoader (see test_provider_hooks.py).
"""

from decimal import Decimal

from odoo import api, fields, models


class TestpayProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("testpay", "Testpay")], ondelete={"testpay": "set default"}
    )

    @api.model
    def _pay_link_session_provider_codes(self):
        return super()._pay_link_session_provider_codes() | {"testpay"}

    def _pay_link_can_request_to_pay(self):
        if self.code != "testpay":
            return super()._pay_link_can_request_to_pay()
        return True


class TestpayTransaction(models.Model):
    _inherit = "payment.transaction"

    SESSIONS = {}

    def _pay_link_send_request_to_pay(self):
        if self.provider_code != "testpay":
            return super()._pay_link_send_request_to_pay()
        self.provider_reference = f"testpay-{self.id}"
        self.SESSIONS[self.provider_reference] = {
            "status": "open",
            "amount": Decimal(str(self.amount)),
            "currency": self.currency_id.name,
        }
        return None

    def _pay_link_fetch_outcome(self):
        if self.provider_code != "testpay":
            return super()._pay_link_fetch_outcome()
        session = self.SESSIONS[self.provider_reference]
        return {
            "result": session["status"],
            "amount": session["amount"],
            "currency": session["currency"],
            "received": None,
            "reason": session["status"],
        }

    def _pay_link_close_session(self):
        if self.provider_code != "testpay":
            return super()._pay_link_close_session()
        self.SESSIONS[self.provider_reference]["status"] = "cancel"
        return None
