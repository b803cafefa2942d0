from odoo import http
from odoo.http import request

from ..lib.qr_image import qr_png
from .customer_request import (
    PRIVATE_PAGE_HEADERS,
    customer_context,
    find_link,
    live_link,
    not_found_page,
    private_page,
)
from .pay_page import PayPage

# what an invoice's document may be served as (the PDF reader takes nothing
# else); any other mimetype is served as a download
DOCUMENT_MIMETYPES = ("application/pdf", "image/jpeg", "image/png")


class PayPageDocuments(http.Controller):
    """What the pay page links to: the invoice and the receipt, its QR codes,
    and the help page."""

    _pay_url = PayPage._pay_url
    _help_url = PayPage._help_url

    @http.route(
        f"{_pay_url}/invoice.pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def pay_page_invoice(self, token, **kwargs):
        """The invoice's document, served as what it is: the invoice's PDF,
        or the file (a PDF, a photo) the link was made from."""
        link = find_link(token)
        attachment = link._serves_invoice() and link._invoice_attachments()[:1]
        if not attachment:
            raise not_found_page()
        mimetype = attachment.mimetype
        if mimetype not in DOCUMENT_MIMETYPES:
            mimetype = "application/octet-stream"
        return self._file(attachment.raw, attachment.name, mimetype)

    @http.route(
        f"{_pay_url}/receipt.pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def pay_page_receipt(self, token, **kwargs):
        """The receipt of the payment, once the link is paid."""
        link = find_link(token)
        if not link._receipt_transaction():
            raise not_found_page()
        return self._file(*customer_context(link)._receipt_pdf(), "application/pdf")

    def _file(self, content, filename, mimetype):
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Disposition", http.content_disposition(filename)),
                ("X-Content-Type-Options", "nosniff"),
                *PRIVATE_PAGE_HEADERS.items(),
            ],
        )

    @http.route(
        f"{_pay_url}/qr.png", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def pay_page_qr(self, token, **kwargs):
        link = find_link(token)
        return self._png(qr_png(link.url), "public, max-age=86400")

    @http.route(
        f"{_pay_url}/epc.png",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def pay_page_epc(self, token, **kwargs):
        """The SEPA transfer QR code (EPC069-12) for the customer's banking app."""
        transfer = find_link(token)._transfer_details()
        if not (transfer and transfer["epc_payload"]):
            raise not_found_page()
        return self._png(qr_png(transfer["epc_payload"]), "private, max-age=600")

    def _png(self, content, cache_control):
        return request.make_response(
            content,
            headers=[("Content-Type", "image/png"), ("Cache-Control", cache_control)],
        )

    @http.route(_help_url, type="http", auth="public", methods=["GET"], sitemap=False)
    def pay_help(self, link=None, **kwargs):
        """How paying by link works; with a way back to the customer's link
        (``link``: its token)."""
        pay_link = customer_context(live_link(link))
        private_page()
        return request.render(
            "pay_by_link.pay_help_page",
            {"link": pay_link, "company": pay_link and pay_link.company_id},
        )
