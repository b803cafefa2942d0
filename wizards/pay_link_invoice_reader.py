import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import escape_psql

from ..lib.invoice_reader import MAX_BYTES, MAX_PAGES, InvoiceReadError, read_invoice

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


class PayLinkInvoiceReader(models.TransientModel):
    """The printer: an invoice PDF made outside Odoo in, a payment link out."""

    _name = "pay.link.invoice.reader"
    _description = "Payment link from an invoice PDF"

    pdf_file = fields.Binary(string="Invoice PDF", required=True)
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
        [("text", "Text"), ("ocr", "Scanned page (OCR)"), ("facturx", "Factur-X data")],
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
    partner_id = fields.Many2one(
        "res.partner",
        string="Odoo customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    create_partner = fields.Boolean(
        string="Create this customer",
        compute="_compute_create_partner",
        store=True,
        readonly=False,
        help="Create the customer with the details read, when the link is sent.",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Odoo invoice",
        compute="_compute_move_id",
        help="A posted invoice of this customer with the same reference: "
        "the link is attached to it.",
    )

    # --- reading the PDF ---------------------------------------------------------

    @api.depends("pdf_file")
    def _compute_read_fields(self):
        for reader in self:
            if reader.pdf_file:
                reader.update(reader._values_from_pdf(reader._read_pdf()))

    def _read_pdf(self):
        content = base64.b64decode(self.with_context(bin_size=False).pdf_file)
        try:
            return read_invoice(content)
        except InvoiceReadError as error:
            raise UserError(self._read_error_message(error)) from error

    def _read_error_message(self, error):
        params = error.params
        messages = {
            "empty": self.env._("The file is empty."),
            "too_large": self.env._(
                "The file is larger than %(limit)s MB.", limit=MAX_BYTES // 2**20
            ),
            "not_pdf": self.env._(
                "This file is not a PDF; please upload the invoice as a PDF file."
            ),
            "damaged": self.env._(
                "This PDF is damaged or incomplete; please export it again."
            ),
            "encrypted": self.env._(
                "This PDF is encrypted; please upload an unprotected copy."
            ),
            "too_many_pages": self.env._(
                "This PDF has %(pages)s pages; at most %(limit)s are accepted.",
                pages=params.get("pages"),
                limit=MAX_PAGES,
            ),
            "unreadable_page": self.env._(
                "Page %(page)s of this PDF has no readable text, even by character "
                "recognition; please upload a clearer copy.",
                page=params.get("page"),
            ),
            "not_an_invoice": self.env._(
                "No amount, invoice reference or customer was found in this PDF: "
                "it does not look like an invoice."
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

    # --- matching Odoo records -------------------------------------------------------

    @api.depends("vat", "company_registry", "email", "customer_name")
    def _compute_partner_id(self):
        for reader in self:
            reader.partner_id = reader._matching_partner()

    def _matching_partner(self):
        """The customer with the same VAT or registry number, else email, else name."""
        partners = self.env["res.partner"]
        scope = [("company_id", "in", [False, self.company_id.id])]
        for domain in self._partner_domains():
            partner = partners.search(scope + domain, limit=1)
            if partner:
                return partner
        return partners

    def _partner_domains(self):
        registries = {self.company_registry, (self.company_registry or "")[:9]}
        candidates = [
            (self.vat, [("vat", "=ilike", escape_psql(self.vat or ""))]),
            (self.company_registry, [("company_registry", "in", list(registries))]),
            (self.email, [("email", "=ilike", escape_psql(self.email or ""))]),
            (
                self.customer_name,
                [("name", "=ilike", escape_psql(self.customer_name or ""))],
            ),
        ]
        return [domain for value, domain in candidates if value]

    @api.depends("partner_id")
    def _compute_create_partner(self):
        for reader in self:
            reader.create_partner = not reader.partner_id

    @api.depends("partner_id", "reference")
    def _compute_move_id(self):
        for reader in self:
            reader.move_id = reader._matching_invoice()

    def _matching_invoice(self):
        """The posted invoice of the customer with the same reference, if any."""
        if not (self.partner_id and self.reference):
            return self.env["account.move"]
        return self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("company_id", "=", self.company_id.id),
                (
                    "commercial_partner_id",
                    "=",
                    self.partner_id.commercial_partner_id.id,
                ),
                "|",
                "|",
                ("name", "=", self.reference),
                ("ref", "=", self.reference),
                ("payment_reference", "=", self.reference),
            ],
            order="id desc",
            limit=1,
        )

    # --- on to the send form ---------------------------------------------------------

    def action_continue(self):
        """Open the send form: the invoice's when it is in Odoo, else pre-filled
        with the fields read and corrected here."""
        self.ensure_one()
        if self.move_id:
            return self.move_id.action_send_pay_link()
        if not (self.partner_id or self.create_partner):
            raise UserError(
                self.env._("Choose the customer, or tick “Create this customer”.")
            )
        self._pdf_attachment().name = self.pdf_name or f"{self.reference}.pdf"
        return self.env["pay.link.send"]._open_with_values(self._send_values())

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
