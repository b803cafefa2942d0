import base64
import os

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.invoice_reader import DEFAULT_LIMITS, InvoiceReadError, read_invoice
from ..lib.invoice_reader.upload import EXTENSIONS, MIMETYPES, file_kind

LOW_CONFIDENCE = 0.8
# Field of this wizard -> the reader's fields whose confidence it shows.
CHECKED_FIELDS = {
    "amount": ("amount",),
    "currency_id": ("currency",),
    "reference": ("reference",),
    "customer_name": ("name",),
    "email": ("email",),
    "phone": ("phone",),
}
COMPANY_ID_FIELDS = ("vat", "siret", "siren")
# the reader's bounds (time, pixels, size): well inside Odoo's own request limits
READER_LIMITS = DEFAULT_LIMITS


class PayLinkInvoiceReader(models.TransientModel):
    """The printer: an invoice made outside Odoo (PDF, or a photo of it) in, a
    payment link out. Matching with Odoo's records (customer, invoice, our
    own company as the issuer) is in pay_link_invoice_reader_matching.py."""

    _name = "pay.link.invoice.reader"
    _description = "Payment link from an invoice PDF"

    pdf_file = fields.Binary(string="Invoice PDF or photo", required=True)
    pdf_name = fields.Char(string="File name")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    amount = fields.Monetary(
        string="Amount to pay",
        compute="_compute_read_fields",
        store=True,
        readonly=False,
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_read_fields", store=True, readonly=False
    )
    reference = fields.Char(
        string="Invoice reference",
        compute="_compute_read_fields",
        store=True,
        readonly=False,
    )
    invoice_date = fields.Date(
        compute="_compute_read_fields", store=True, readonly=False
    )
    due_date = fields.Date(compute="_compute_read_fields", store=True, readonly=False)
    customer_name = fields.Char(
        string="Customer", compute="_compute_read_fields", store=True, readonly=False
    )
    customer_type = fields.Selection(
        [("individual", "Individual"), ("company", "Company")],
        compute="_compute_read_fields",
        store=True,
        readonly=False,
    )
    email = fields.Char(compute="_compute_read_fields", store=True, readonly=False)
    phone = fields.Char(compute="_compute_read_fields", store=True, readonly=False)
    vat = fields.Char(
        string="VAT number",
        compute="_compute_read_fields",
        store=True,
        readonly=False,
    )
    company_registry = fields.Char(
        string="SIRET / SIREN",
        compute="_compute_read_fields",
        store=True,
        readonly=False,
    )
    read_source = fields.Selection(
        [
            ("text", "The PDF's text"),
            ("ocr", "A scanned PDF, by character recognition"),
            ("photo", "A photo, by character recognition"),
            ("facturx", "The PDF's Factur-X data"),
        ],
        string="Read from",
        compute="_compute_read_fields",
        store=True,
    )
    to_check = fields.Char(
        string="Fields to check",
        compute="_compute_read_fields",
        store=True,
        help="Fields read with a low confidence or not found in the PDF.",
    )
    document_warning = fields.Selection(
        [("credit_note", "Credit note"), ("already_paid", "Already paid")],
        compute="_compute_read_fields",
        store=True,
        help="What the document says that forbids a payment link.",
    )
    issuer_name = fields.Char(
        string="Issuer", compute="_compute_read_fields", store=True
    )
    issuer_vat = fields.Char(compute="_compute_read_fields", store=True)
    issuer_registry = fields.Char(compute="_compute_read_fields", store=True)
    issuer_iban = fields.Char(compute="_compute_read_fields", store=True)
    document_language = fields.Char(compute="_compute_read_fields", store=True)
    customer_country_code = fields.Char(compute="_compute_read_fields", store=True)

    # --- reading the file ----------------------------------------------------------

    @api.depends("pdf_file", "pdf_name")
    def _compute_read_fields(self):
        for reader in self:
            if reader.pdf_file:
                reader.update(reader._values_from_pdf(reader._read_pdf()))
            elif reader.pdf_name:
                # an empty file comes without content, but with its name
                raise UserError(self.env._("The file is empty."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("pdf_name") and not vals.get("pdf_file"):
                raise UserError(self.env._("The file is empty."))
        readers = super(PayLinkInvoiceReader, self._keeping_upload()).create(vals_list)
        return readers.with_env(self.env)

    def write(self, vals):
        return super(PayLinkInvoiceReader, self._keeping_upload()).write(vals)

    def _keeping_upload(self):
        """These readers, their upload stored byte for byte: without Odoo's
        post-processing of image attachments, which would re-encode a photo
        as a smaller JPEG (the OCR and the customer get the original) and
        decode a decompression bomb before the reader refuses it."""
        return self.with_context(image_no_postprocess=True)

    def _read_pdf(self):
        content = base64.b64decode(self.with_context(bin_size=False).pdf_file)
        try:
            return read_invoice(content, self.pdf_name, READER_LIMITS)
        except InvoiceReadError as error:
            raise UserError(self._read_error_message(error)) from error

    def _read_error_message(self, error):
        params = error.params
        limits = READER_LIMITS
        if error.code == "not_pdf" and params.get("kind"):
            return self.env._(
                "This file is named .pdf but it is a %(kind)s image: rename it "
                "(.jpg or .png) to read it as a photo, or upload the invoice PDF.",
                kind=params["kind"],
            )
        messages = {
            "empty": self.env._("The file is empty."),
            "too_large": self.env._(
                "The file is larger than %(limit)s MB.", limit=limits.max_bytes // 2**20
            ),
            "not_pdf": self.env._(
                "This file is neither a PDF nor a photo (JPEG, PNG); please upload "
                "the invoice as a PDF file."
            ),
            "damaged": self.env._(
                "This file is damaged or incomplete; please export it again."
            ),
            "encrypted": self.env._(
                "This PDF is encrypted; please upload an unprotected copy."
            ),
            "too_many_pages": self.env._(
                "This PDF has %(pages)s pages; at most %(limit)s are accepted.",
                pages=params.get("pages"),
                limit=limits.max_pages,
            ),
            "unreadable_page": self.env._(
                "Page %(page)s of this file has no readable text, even by character "
                "recognition; please upload a clearer copy.",
                page=params.get("page"),
            ),
            "not_an_invoice": self.env._(
                "No amount, invoice reference or customer was found in this file: "
                "it does not look like an invoice."
            ),
            "page_too_large": self.env._(
                "Page %(page)s of this PDF is too large to be read (more than "
                "%(limit)s million pixels); please upload the invoice at its "
                "usual size.",
                page=params.get("page"),
                limit=params.get("limit"),
            ),
            "image_too_large": self.env._(
                "This image is too large to be read (more than %(limit)s million "
                "pixels); please upload a smaller photo.",
                limit=params.get("limit"),
            ),
            "timeout": self.env._(
                "Reading this file took too long (more than %(seconds)s seconds) "
                "and was stopped; please upload a lighter file, or the invoice "
                "PDF itself rather than a scan.",
                seconds=params.get("seconds"),
            ),
            "too_complex": self.env._(
                "This PDF is too complex or too large to be read safely (too many "
                "objects, or contents too large once uncompressed); please export "
                "or print the invoice again as a plain PDF."
            ),
            "bad_page_size": self.env._(
                "Page %(page)s of this PDF has no usable size (its page box or "
                "unit is zero, negative or invalid); please export the invoice "
                "again.",
                page=params.get("page"),
            ),
        }
        return messages[error.code]

    def _values_from_pdf(self, read):
        registry = read.siret or read.siren
        return {
            "amount": read.amount and float(read.amount),
            "currency_id": self._currency(read.currency).id,
            "reference": read.reference,
            "invoice_date": read.date,
            "due_date": read.due_date,
            "customer_name": read.name,
            "customer_type": read.customer_type
            or ("company" if registry else "individual"),
            "email": read.email,
            "phone": read.phone_e164 or read.phone,
            "vat": read.vat,
            "company_registry": registry,
            "read_source": read.source,
            "to_check": ", ".join(self._fields_to_check(read)),
            "document_warning": (read.warnings or [False])[0],
            "issuer_name": read.issuer,
            "issuer_vat": read.issuer_vat,
            "issuer_registry": read.issuer_siret or read.issuer_siren,
            "issuer_iban": read.iban,
            "document_language": read.language,
            "customer_country_code": read.country,
        }

    def _currency(self, code):
        if not code:
            return self.company_id.currency_id
        currencies = self.env["res.currency"].with_context(active_test=False)
        return currencies.search([("name", "=", code)], limit=1)

    def _fields_to_check(self, read):
        """Labels of the fields not found or read with a low confidence."""
        checked = dict(CHECKED_FIELDS)
        if (read.customer_type or "company") == "company":
            checked["company_registry"] = COMPANY_ID_FIELDS
        return [
            self._fields[name]._description_string(self.env)
            for name, keys in checked.items()
            if max(read.confidence.get(key, 0.0) for key in keys) < LOW_CONFIDENCE
        ]

    # --- on to the send form ---------------------------------------------------------

    def action_continue(self):
        """Open the send form: the invoice's when it is in Odoo, else pre-filled
        with the fields read and corrected here."""
        self.ensure_one()
        self._check_payable()
        if self.move_id:
            return self.move_id.action_send_pay_link()
        if not (self.partner_id or self.create_partner):
            raise UserError(
                self.env._("Choose the customer, or tick “Create this customer”.")
            )
        attachment = self._pdf_attachment()
        attachment.write(self._document_file(attachment.raw))
        return self.env["pay.link.send"]._open_with_values(self._send_values())

    def _document_file(self, content):
        """The name and mimetype (ir.attachment values) the customer gets the
        upload ``content`` under: those of what it is (a PDF, a JPEG or PNG
        photo), whatever the name it came with says."""
        kind = file_kind(content, None, READER_LIMITS)
        stem, extension = os.path.splitext(self.pdf_name or "")
        if extension.lower() not in EXTENSIONS[kind]:
            stem = stem or self.reference or self.env._("Invoice")
            extension = EXTENSIONS[kind][0]
        return {"name": stem + extension, "mimetype": MIMETYPES[kind]}

    def _check_payable(self):
        """What the document says, or who issued it, forbids a link."""
        if self.document_warning == "credit_note":
            raise UserError(self._credit_note_message())
        if self.document_warning == "already_paid":
            raise UserError(self._already_paid_message())
        if self.issuer_mismatch and not self.issuer_confirmed:
            raise UserError(
                self.env._(
                    "This invoice seems to be issued by another company (%(issuer)s). "
                    "Tick “This invoice is ours” to send a link for it anyway.",
                    issuer=self.issuer_name or self.issuer_mismatch,
                )
            )

    def _credit_note_message(self):
        return self.env._(
            "This document is a credit note: a credit note cannot be paid by link."
        )

    def _already_paid_message(self):
        return self.env._(
            "This document says it is already paid: there is nothing left to pay."
        )

    def _send_values(self):
        """The send form's values for a link paying this PDF."""
        self.ensure_one()
        return {
            "source_attachment_id": self._pdf_attachment().id,
            "partner_id": self.partner_id.id,
            "create_partner": self.create_partner and not self.partner_id,
            "currency_id": self.currency_id.id,
            "amount": self.amount,
            "reference": self.reference,
            "invoice_date": self.invoice_date,
            "invoice_date_due": self.due_date,
            "customer_lang": self.partner_lang,
            "customer_country_id": self.partner_country_id.id,
            "customer_type": self.customer_type,
            "recipient_name": self.customer_name or self.partner_id.name,
            "recipient_email": self.email or self.partner_id.email,
            "recipient_phone": self.phone
            or self.partner_id.mobile
            or self.partner_id.phone,
            "company_identifier": self.vat or self.company_registry,
        }

    def _pdf_attachment(self):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", "pdf_file"),
            ],
            limit=1,
        )
