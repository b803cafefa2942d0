from odoo.http import request

from odoo.addons.account_payment.controllers.payment import PaymentPortal


class PayLinkPortal(PaymentPortal):
    """Odoo's portal payment of invoices, closed to an invoice while it has a
    live payment link (see views/account_portal_templates.xml)."""

    def _process_transaction(
        self, partner_id, currency_id, invoice_ids, payment_reference, **kwargs
    ):
        """Override of `account_payment`, after its access checks: an invoice
        with a live payment link is paid through the link only, one payment
        at a time.

        :raise ValidationError: when one of the invoices has a live link
        """
        invoices = request.env["account.move"].sudo().browse(invoice_ids)
        invoices._pay_link_check_portal_payment()
        return super()._process_transaction(
            partner_id, currency_id, invoice_ids, payment_reference, **kwargs
        )
