from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.http import request

from odoo.addons.account_payment.controllers.payment import PaymentPortal

from ..lib.qr_image import qr_png


class PayPage(PaymentPortal):
    """The public pages a customer reaches from a payment link."""

    _pay_url = "/pay/<string:token>"
    _help_url = "/pay/help"

    @http.route(
        _help_url,
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def pay_help(self, **kwargs):
        return request.render("pay_by_link.pay_help_page", {})

    @http.route(
        _pay_url,
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def pay_page(self, token, **kwargs):
        link = self._find_link(token)
        link._expire_if_due()
        link._mark_opened()
        self._use_customer_language(link.partner_id)
        return request.render("pay_by_link.pay_page", self._pay_page_values(link))

    def _use_customer_language(self, partner):
        """Show the page in the customer's language when Odoo has it, else
        in the browser's."""
        if partner.lang and partner.lang in dict(
            request.env["res.lang"].get_installed()
        ):
            request.update_context(lang=partner.lang)

    @http.route(
        f"{_pay_url}/qr.png", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def pay_page_qr(self, token, **kwargs):
        link = self._find_link(token)
        return request.make_response(
            qr_png(link.url),
            headers=[
                ("Content-Type", "image/png"),
                ("Cache-Control", "public, max-age=86400"),
            ],
        )

    @http.route(
        f"{_pay_url}/epc.png",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def pay_page_epc(self, token, **kwargs):
        """The SEPA transfer QR code (EPC069-12) for the customer's banking app."""
        payload = self._find_link(token)._epc_payload()
        if not payload:
            raise NotFound()
        return request.make_response(
            qr_png(payload),
            headers=[
                ("Content-Type", "image/png"),
                ("Cache-Control", "private, max-age=3600"),
            ],
        )

    @http.route(
        f"{_pay_url}/renew", type="http", auth="public", methods=["POST"], sitemap=False
    )
    def pay_page_renew(self, token, **kwargs):
        """The customer asks for a fresh link in place of this dead one."""
        link = self._find_link(token)
        link._expire_if_due()
        if link._can_customer_renew():
            link = link._renew_by_customer()
        return request.redirect(link._pay_page_path())

    @http.route(
        f"{_pay_url}/invoice.pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def pay_page_invoice(self, token, **kwargs):
        link = self._find_link(token)
        attachment = link._invoice_attachments()[:1]
        if not attachment:
            raise NotFound()
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", http.content_disposition(attachment.name)),
            ],
        )

    @http.route(f"{_pay_url}/transaction", type="json", auth="public")
    def pay_page_transaction(self, token, **kwargs):
        """Start a payment attempt; the values the client sends for amount,
        currency and partner are ignored: the link decides them."""
        link = self._find_link(token)
        self._validate_transaction_kwargs(
            kwargs, additional_allowed_keys=("access_token",)
        )
        try:
            link._lock_for_payment()
        except UserError as error:
            raise ValidationError(error.args[0]) from error
        self._check_offered_provider(link, kwargs.get("provider_id"))
        for key in ("amount", "access_token", "landing_route"):
            kwargs.pop(key, None)
        tx_sudo = self._create_transaction(
            amount=link.amount,
            currency_id=link.currency_id.id,
            partner_id=link.partner_id.id,
            landing_route=link._pay_page_path(),
            custom_create_values={
                "pay_link_id": link.id,
                "invoice_ids": [Command.set(link.move_id.ids)],
            },
            **kwargs,
        )
        link._on_transaction_created(tx_sudo)
        return tx_sudo._get_processing_values()

    def _check_offered_provider(self, link, provider_id):
        """Refuse a provider the pay page does not offer for this link (another
        company's, a disabled one...): the browser does not choose it."""
        offered = self._payment_form_values(link)["providers_sudo"]
        if provider_id not in offered.ids:
            raise ValidationError(
                request.env._("This payment method is not available for this link.")
            )

    def _find_link(self, token):
        """The link of this token; a draft link is not live yet."""
        link = (
            request.env["pay.link"]
            .sudo()
            .search([("token", "=", token), ("state", "!=", "draft")], limit=1)
        )
        if not link or not token:
            raise NotFound()
        return link

    def _pay_page_values(self, link):
        values = {
            "link": link,
            "company": link.company_id,
            "res_company": link.company_id,
            "invoice": link.move_id,
            "receipt": link.transaction_ids.filtered(lambda tx: tx.state == "done")[:1],
            "pending": link.transaction_ids.filtered(lambda tx: tx.state == "pending")[
                :1
            ],
        }
        if link._is_payable():
            values.update(self._payment_form_values(link))
        return values

    def _payment_form_values(self, link):
        """What Odoo's own payment form needs, for the link's amount only."""
        env = request.env
        company, partner, currency = link.company_id, link.partner_id, link.currency_id
        providers = (
            env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id, partner.id, link.amount, currency_id=currency.id
            )
        )
        if company.pay_link_provider_ids:
            providers &= company.pay_link_provider_ids
        methods = (
            env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers.ids, partner.id, currency_id=currency.id
            )
        )
        return {
            "reference_prefix": link.reference,
            "amount": link.amount,
            "currency": currency,
            "partner_id": partner.id,
            "providers_sudo": providers,
            "payment_methods_sudo": methods,
            "tokens_sudo": env["payment.token"],
            "availability_report": {},
            "show_tokenize_input_mapping": dict.fromkeys(providers.ids, False),
            "transaction_route": f"{link._pay_page_path()}/transaction",
            "landing_route": link._pay_page_path(),
            "access_token": link.token,
        }
