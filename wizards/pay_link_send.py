from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from ..lib.identifiers import (
    InvalidCompanyIdError,
    InvalidPhoneError,
    normalize_phone,
    parse_company_id,
)
from ..models.const import CUSTOMER_TYPES


class PayLinkSend(models.TransientModel):
    _name = "pay.link.send"
    _description = "Send a payment link"

    move_ids = fields.Many2many("account.move", string="Invoices")
    move_id = fields.Many2one("account.move", compute="_compute_move_id")
    is_batch = fields.Boolean(compute="_compute_move_id")
    pay_link_id = fields.Many2one("pay.link", string="Existing link")
    company_id = fields.Many2one("res.company", compute="_compute_move_id")
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, readonly=False
    )
    # A link paying an invoice PDF made outside Odoo (see pay.link.invoice.reader)
    source_attachment_id = fields.Many2one("ir.attachment", string="Invoice PDF")
    invoice_date = fields.Date()
    invoice_date_due = fields.Date(string="Due Date")
    partner_id = fields.Many2one("res.partner", string="Customer")
    create_partner = fields.Boolean(string="Create this customer")
    allow_partial = fields.Boolean(related="company_id.pay_link_allow_partial")
    channel = fields.Selection(
        selection="_selection_channel",
        required=True,
        default="email",
    )
    amount_due = fields.Monetary(compute="_compute_move_id")
    amount = fields.Monetary()
    reference = fields.Char(string="Transfer label")
    customer_type = fields.Selection(CUSTOMER_TYPES, default="company")
    recipient_name = fields.Char(string="Name")
    recipient_email = fields.Char(string="Email")
    recipient_phone = fields.Char(string="Phone")
    phone_e164 = fields.Char(compute="_compute_phone")
    phone_can_receive_sms = fields.Boolean(compute="_compute_phone")
    phone_warning = fields.Char(compute="_compute_phone")
    company_identifier = fields.Char(string="SIREN / SIRET / VAT")
    company_identifier_kind = fields.Char(compute="_compute_company_identifier_kind")
    token = fields.Char(default=lambda self: self.env["pay.link"]._new_token())
    url = fields.Char(string="Link", compute="_compute_url")
    reuses_link = fields.Boolean(compute="_compute_url")
    subject = fields.Char()
    body = fields.Html(sanitize_style=True)
    sms_body = fields.Text(string="SMS text")
    batch_report = fields.Text(compute="_compute_batch_report")

    @api.model
    def _selection_channel(self):
        channels = [
            ("email", self.env._("Email")),
            ("sms", self.env._("SMS")),
            ("link", self.env._("Copy the link")),
        ]
        provider = (
            self.env["payment.provider"]
            .sudo()
            ._pay_link_request_to_pay_provider(self.env.company)
        )
        if provider:
            channels.append(
                (
                    "request_to_pay",
                    self.env._("%(provider)s request to pay", provider=provider.name),
                )
            )
        return channels

    # --- opening the form -------------------------------------------------------

    @api.model
    def _open_for_moves(self, moves, new_link=False):
        """The action opening this form for one invoice or a selection; with
        ``new_link``, a fresh link replacing the current ones."""
        return self._form_action(
            {"pay_link_move_ids": moves.ids, "pay_link_new": new_link}
        )

    @api.model
    def _open_for_link(self, link):
        """The action opening this form on an existing link, to copy it or
        send it again."""
        return self._form_action(
            {"pay_link_move_ids": link.move_id.ids, "pay_link_id": link.id}
        )

    @api.model
    def _open_with_values(self, values):
        """The action opening this form filled with ``values`` (field name:
        value), for a link paying an invoice PDF made outside Odoo."""
        return self._form_action({f"default_{name}": v for name, v in values.items()})

    @api.model
    def _form_action(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send payment link"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        moves = self.env["account.move"].browse(context.get("pay_link_move_ids", []))
        link = self.env["pay.link"].browse(context.get("pay_link_id"))
        if moves:
            values["move_ids"] = [fields.Command.set(moves.ids)]
        if link:
            values.update(self._defaults_from_link(link))
        elif len(moves) == 1:
            values.update(self._defaults_from_invoice(moves))
        return values

    def _defaults_from_invoice(self, move):
        link = not self.env.context.get("pay_link_new") and move._pay_link_live()
        if link:
            return self._defaults_from_link(link)
        partner = move.partner_id
        commercial = partner.commercial_partner_id
        return {
            "amount": move._pay_link_default_amount(),
            "reference": move.payment_reference or move.name,
            "customer_type": self.env["pay.link"]._customer_type_of(partner),
            "recipient_name": partner.name,
            "recipient_email": partner.email,
            "recipient_phone": partner.mobile or partner.phone,
            "company_identifier": commercial.vat or commercial.company_registry,
        }

    def _defaults_from_link(self, link):
        values = {
            "pay_link_id": link.id,
            "channel": link.channel if link.channel != "qr" else "email",
            "amount": link.amount,
            "reference": link.reference,
            "customer_type": link.customer_type,
            "recipient_name": link.recipient_name,
            "recipient_email": link.recipient_email,
            "recipient_phone": link.recipient_phone,
            "company_identifier": link.company_identifier,
        }
        if link._is_payable():
            values["token"] = link.token
        if not link.move_id:
            values.update(
                {
                    "source_attachment_id": link.source_attachment_id.id,
                    "invoice_date": link.invoice_date,
                    "invoice_date_due": link.invoice_date_due,
                    "partner_id": link.partner_id.id,
                    "currency_id": link.currency_id.id,
                }
            )
        return values

    @api.depends("move_ids")
    def _compute_move_id(self):
        for wizard in self:
            single = (
                wizard.move_ids if len(wizard.move_ids) == 1 else wizard.move_ids[:0]
            )
            wizard.move_id = single
            wizard.is_batch = len(wizard.move_ids) > 1
            wizard.company_id = wizard.move_ids[:1].company_id or self.env.company
            wizard.amount_due = single._pay_link_amount_due() if single else 0.0

    @api.depends("move_ids")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = (
                wizard.move_id.currency_id
                or wizard.currency_id
                or wizard.company_id.currency_id
            )

    @api.depends("token", "pay_link_id")
    def _compute_url(self):
        links = self.env["pay.link"]
        base_url = links.get_base_url()
        for wizard in self:
            wizard.reuses_link = wizard._reuses_link()
            if wizard.reuses_link:
                wizard.url = wizard.pay_link_id.url
            else:
                wizard.url = base_url + links._pay_page_path_of(wizard.token)

    @api.depends("recipient_phone", "move_id", "channel")
    def _compute_phone(self):
        for wizard in self:
            wizard.phone_e164 = wizard.phone_warning = False
            wizard.phone_can_receive_sms = False
            if not wizard.recipient_phone:
                continue
            region = wizard._phone_region()
            try:
                phone = normalize_phone(wizard.recipient_phone, region)
            except InvalidPhoneError:
                wizard.phone_warning = self.env._("This phone number is not valid.")
                continue
            wizard.phone_e164 = phone.e164
            wizard.phone_can_receive_sms = phone.can_receive_sms
            if wizard.channel == "sms" and not phone.can_receive_sms:
                wizard.phone_warning = self._landline_message(phone.e164)
            elif phone.region_assumed:
                wizard.phone_warning = self.env._(
                    "No country prefix: %(region)s was assumed (%(number)s).",
                    region=region,
                    number=phone.e164,
                )

    def _landline_message(self, number):
        return self.env._(
            "%(number)s cannot receive SMS (a landline): enter a mobile number "
            "or choose another channel.",
            number=number,
        )

    def _phone_region(self):
        partner_country = (self.move_id.partner_id or self.partner_id).country_id
        return (partner_country or self.company_id.country_id).code or "FR"

    @api.depends("company_identifier")
    def _compute_company_identifier_kind(self):
        for wizard in self:
            try:
                kind = parse_company_id(wizard.company_identifier).kind
            except InvalidCompanyIdError:
                kind = False
            wizard.company_identifier_kind = (
                kind.upper()
                if kind
                else wizard.company_identifier and self.env._("invalid")
            )

    @api.depends("move_ids", "channel")
    def _compute_batch_report(self):
        for wizard in self:
            lines = []
            for move in wizard.move_ids if wizard.is_batch else []:
                errors = move._pay_link_eligibility_errors(channel=wizard.channel)
                if errors:
                    lines.append(f"{move.display_name}: {' '.join(errors)}")
            wizard.batch_report = "\n".join(lines)

    @api.onchange("channel", "amount", "move_ids")
    def _onchange_render_message(self):
        if self.move_id and not self.is_batch:
            self.subject, self.body, self.sms_body = self._render_messages(
                self.move_id, self.url
            )
        elif self.source_attachment_id:
            link = self.env["pay.link"].new(self._document_link_values())
            self.subject, self.body, self.sms_body = self._render_link_messages(link)

    def _render_messages(self, move, url):
        """Subject, email body and SMS text from the templates the admin edits."""
        move = move._origin
        amount = format_amount(
            self.env, self.amount or move._pay_link_default_amount(), move.currency_id
        )
        ctx = {"pay_link_url": url, "pay_link_amount": amount}
        template = move.company_id.pay_link_email_template_id or self.env.ref(
            "pay_by_link.mail_template_pay_link"
        )
        template = template.with_context(**ctx)
        subject = template._render_field("subject", move.ids)[move.id]
        body = template._render_field("body_html", move.ids)[move.id]
        sms_template = self.env.ref("pay_by_link.sms_template_pay_link").with_context(
            **ctx
        )
        sms_body = sms_template._render_field("body", move.ids)[move.id]
        return subject, body, sms_body

    def _render_link_messages(self, link):
        """Subject, email body and SMS text of ``link``, with or without an
        Odoo invoice."""
        if link.move_id:
            return self._render_messages(link.move_id, link.url)
        template = link._email_template()
        sms_template = self.env.ref("pay_by_link.sms_template_pay_link_document")
        res_ids = [link.id]  # a new record too, to show the messages before sending
        return (
            template._render_field("subject", res_ids)[link.id],
            template._render_field("body_html", res_ids)[link.id],
            sms_template._render_field("body", res_ids)[link.id],
        )

    # --- sending -----------------------------------------------------------------

    def action_send(self):
        self.ensure_one()
        if self.is_batch:
            return self._send_batch()
        link = self._send_single()
        if self.channel == "link":
            return self._open_for_link(link)
        return {"type": "ir.actions.act_window_close"}

    def _send_single(self):
        move = self.move_id
        self._check_recipient()
        if self._reuses_link():
            link = self.pay_link_id
            link.write(self._recipient_values())
        elif not move:
            link = self._create_document_link()
            self.pay_link_id.filtered(lambda old: old.state != "paid")._supersede(link)
        else:
            move._pay_link_check_eligibility(
                channel=self.channel,
                amount=self.amount,
                email=self.recipient_email,
                phone=self.phone_e164,
            )
            link = move._pay_link_create(**self._link_values())
        subject, body, sms_body = self.subject, self.body, self.sms_body
        if not body:
            subject, body, sms_body = self._render_link_messages(link)
        link._deliver(subject, body, sms_body)
        return link

    def _reuses_link(self):
        """Sending keeps the existing link while the customer can still pay it."""
        return bool(self.pay_link_id) and self.pay_link_id._is_payable()

    def _check_recipient(self):
        if self.channel == "sms" and not self.phone_e164:
            raise UserError(
                self.env._("Enter a valid mobile number to send the link by SMS.")
            )
        if self.channel == "sms" and not self.phone_can_receive_sms:
            raise UserError(self._landline_message(self.phone_e164))
        if self.channel in ("email", "request_to_pay") and not self.recipient_email:
            raise UserError(
                self.env._("Enter an email address to send the link by email.")
            )
        if self.company_identifier and not self.company_identifier_kind.isupper():
            raise UserError(
                self.env._(
                    "%(number)s is not a valid SIREN, SIRET or EU VAT number.",
                    number=self.company_identifier,
                )
            )

    def _recipient_values(self):
        return {
            "channel": self.channel,
            "recipient_name": self.recipient_name,
            "recipient_email": self.recipient_email,
            "recipient_phone": self.phone_e164,
            "customer_type": self.customer_type,
            "company_identifier": self.company_identifier
            and parse_company_id(self.company_identifier).value,
        }

    def _link_values(self):
        return {
            **self._recipient_values(),
            "amount": self.amount,
            "reference": self.reference,
            "token": self.token,
        }

    def _create_document_link(self):
        """A link paying the uploaded invoice PDF, which it keeps; the customer
        is created now when asked for."""
        links = self.env["pay.link"]
        links._raise_eligibility_errors(
            self.reference or self.source_attachment_id.name,
            links._eligibility_errors(
                self.company_id,
                self.currency_id,
                self.amount,
                channel=self.channel,
                email=self.recipient_email,
                phone=self.phone_e164,
                partner=self.partner_id,
            ),
        )
        values = self._document_link_values()
        values["partner_id"] = self.partner_id.id or self._create_partner().id
        link = links._create_internal(values)
        link.source_attachment_id = self.source_attachment_id.copy(
            {"res_model": link._name, "res_id": link.id, "res_field": False}
        )
        return link

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
                **identifier,
            }
        )

    def _send_batch(self):
        """One link per eligible invoice; each invoice succeeds or fails
        alone, and the refused ones are listed with their reasons."""
        sent, refused = self.env["pay.link"], []
        for move in self.move_ids:
            errors = move._pay_link_eligibility_errors(channel=self.channel)
            phone = False
            if self.channel == "sms" and not errors:
                phone, error = self._batch_mobile_number(move.partner_id)
                errors += [error] if error else []
            if not errors:
                try:
                    with self.env.cr.savepoint():
                        link = move._pay_link_create(
                            channel=self.channel, recipient_phone=phone
                        )
                        link._deliver(*self._render_messages(move, link.url))
                    sent |= link
                except UserError as error:
                    errors.append(error.args[0])
            if errors:
                refused.append(f"{move.display_name}: {' '.join(errors)}")
        return self._batch_notification(sent, refused)

    def _batch_mobile_number(self, partner):
        """The customer's number that can receive SMS (E.164), or False and
        why not."""
        region = partner.country_id.code or self.company_id.country_id.code or "FR"
        landline = None
        for raw in filter(None, (partner.mobile, partner.phone)):
            try:
                phone = normalize_phone(raw, region)
            except InvalidPhoneError:
                continue
            if phone.can_receive_sms:
                return phone.e164, None
            landline = phone.e164
        if landline:
            return False, self._landline_message(landline)
        return False, self.env._("The customer's phone number is not valid.")

    def _batch_notification(self, sent, refused):
        message = self.env._("%(count)s payment link(s) sent.", count=len(sent))
        if refused:
            message = "\n".join([message, self.env._("Not sent:"), *refused])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Payment links"),
                "message": message,
                "type": "warning" if refused else "success",
                "sticky": bool(refused),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
