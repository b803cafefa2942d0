from odoo import fields, models
from odoo.exceptions import UserError

from ..lib.identifiers import parse_company_id


class PayLinkSend(models.TransientModel):
    """The send form of a link paying an invoice PDF made outside Odoo (see
    pay.link.invoice.reader): the link keeps the PDF, and the customer is
    created when the link is sent, if asked for."""

    _inherit = "pay.link.send"

    customer_lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Customer language",
        help="The language of a customer created from the invoice PDF.",
    )
    customer_country_id = fields.Many2one(
        "res.country", help="The country of a customer created from the invoice PDF."
    )

    def _document_link_errors(self):
        links = self.env["pay.link"]
        return links._eligibility_errors(
            self.company_id,
            self.currency_id,
            self.amount,
            channel=self.channel,
            email=self.recipient_email,
            phone=self.phone_e164,
            partner=self.partner_id,
        )

    def _create_document_link(self):
        """A link paying the uploaded invoice PDF, which it keeps; the customer
        is created now when asked for.

        :raise UserError: when the file is not the user's own upload to the
            PDF reader, or the link's rules refuse it
        """
        links = self.env["pay.link"]
        self._check_own_upload()
        links._raise_eligibility_errors(
            self.reference or self.source_attachment_id.name,
            self._document_link_errors(),
        )
        values = self._document_link_values()
        values["partner_id"] = self.partner_id.id or self._create_partner().id
        link = links._create_internal(values)
        # the copy keeps the upload byte for byte (no image post-processing)
        document = self.source_attachment_id.with_context(image_no_postprocess=True)
        link._write_internal(
            {
                "source_attachment_id": document.copy(
                    {"res_model": link._name, "res_id": link.id, "res_field": False}
                ).id
            }
        )
        return link

    def _check_own_upload(self):
        """Only a file this user uploaded to the PDF reader, or the document
        of the link being replaced, becomes the document of a link: the
        customer downloads it from the pay page."""
        upload = self.source_attachment_id.sudo()
        if self.pay_link_id and upload == self.pay_link_id.source_attachment_id:
            self.pay_link_id.check_access("write")
            return
        if (
            upload.res_model != "pay.link.invoice.reader"
            or upload.create_uid != self.env.user
        ):
            raise UserError(
                self.env._("Upload the invoice in “Payment link from a PDF” first.")
            )

    def _document_link_values(self):
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": self.invoice_date,
            "invoice_date_due": self.invoice_date_due,
            **self._link_values(),
        }

    def _create_partner(self):
        if not (self.create_partner and self.recipient_name):
            raise UserError(
                self.env._("Choose the customer, or create it from the name read.")
            )
        identifier = {}
        if self.company_identifier:
            parsed = parse_company_id(self.company_identifier)
            kind = "vat" if parsed.kind == "vat" else "company_registry"
            identifier[kind] = parsed.value
        return self.env["res.partner"].create(
            {
                "name": self.recipient_name,
                "is_company": self.customer_type == "company",
                "email": self.recipient_email,
                "phone": self.phone_e164 or self.recipient_phone,
                "lang": self.customer_lang or self.env.lang,
                "country_id": self.customer_country_id.id,
                **identifier,
            }
        )
