from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.misc import hmac

from ..models.const import CUSTOMER_TYPES, ISSUED_OPEN_STATES


class PayLinkSend(models.TransientModel):
    """The send form of one link: for an invoice, for an invoice PDF made
    outside Odoo, or for an existing link (to copy it or send it again). The
    form for a selection of invoices is in pay_link_send_batch.py."""

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
    # The token of the link to create, and the link's URL; the form shows it
    # (live_url) only once the link works, so that no one copies a dead link.
    token = fields.Char()
    # The server's signature of the token: a token sent by the browser
    # becomes a link only when the server made it.
    token_signature = fields.Char()
    url = fields.Char(compute="_compute_reuses_link")
    live_url = fields.Char(string="Link", compute="_compute_reuses_link")
    reuses_link = fields.Boolean(compute="_compute_reuses_link")
    replaced_link_id = fields.Many2one("pay.link", compute="_compute_reuses_link")
    errors = fields.Text(compute="_compute_errors")
    transfer_only_warning = fields.Text(compute="_compute_transfer_only_warning")
    confirm_transfer_only = fields.Boolean(
        string="Send it for a transfer only",
        help="Send the link although only a bank transfer can pay it.",
    )
    cc_partner_ids = fields.Many2many("res.partner", string="Cc")
    attach_pdf = fields.Boolean(string="Attach the invoice PDF", default=True)
    pdf_name = fields.Char(string="Attachment", compute="_compute_pdf_name")
    subject = fields.Char()
    body = fields.Html(sanitize_style=True)
    sms_body = fields.Text(string="SMS text")
    message_lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Language",
        readonly=True,
    )

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
        # Made here, whatever the context says; signed below.
        values["token"] = self.env["pay.link"]._new_token()
        context = self.env.context
        moves = self.env["account.move"].browse(context.get("pay_link_move_ids", []))
        link = self.env["pay.link"].browse(context.get("pay_link_id"))
        if moves:
            values["move_ids"] = [fields.Command.set(moves.ids)]
        if link:
            values.update(self._defaults_from_link(link))
        elif len(moves) == 1:
            values.update(self._defaults_from_invoice(moves))
        if values.get("token"):
            values["token_signature"] = self._token_signature(values["token"])
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
        """The link's own values; the recipient details it lacks (a link sent
        by email has no phone) are the customer's, as for a new link."""
        partner = link.partner_id
        commercial = partner.commercial_partner_id
        values = {
            "pay_link_id": link.id,
            "channel": link.channel if link.channel != "qr" else "email",
            "amount": link.amount,
            "reference": link.reference,
            "customer_type": link.customer_type,
            "recipient_name": link.recipient_name or partner.name,
            "recipient_email": link.recipient_email or partner.email,
            "recipient_phone": link.recipient_phone or partner.mobile or partner.phone,
            "company_identifier": link.company_identifier
            or commercial.vat
            or commercial.company_registry,
        }
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

    # --- what the form shows --------------------------------------------------------

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

    @api.depends("pay_link_id", "move_ids", "token")
    def _compute_reuses_link(self):
        """Sending keeps the existing link while the customer can still pay
        it; otherwise a new link replaces the live one, if any."""
        links = self.env["pay.link"]
        base_url = links.get_base_url()
        for wizard in self:
            link = wizard.pay_link_id
            wizard.reuses_link = bool(link) and link._is_payable()
            wizard.live_url = wizard.reuses_link and link.url
            wizard.url = wizard.live_url or base_url + links._pay_page_path_of(
                wizard.token
            )
            wizard.replaced_link_id = not wizard.reuses_link and (
                wizard.move_id._pay_link_live()
                or link.filtered(
                    lambda lk: lk.state in ISSUED_OPEN_STATES and lk._is_live()
                )
            )

    @api.depends(
        "move_ids",
        "source_attachment_id",
        "partner_id",
        "channel",
        "amount",
        "currency_id",
        "recipient_email",
        "recipient_phone",
        "reuses_link",
    )
    def _compute_errors(self):
        """Every reason why the form cannot send, shown at once."""
        for wizard in self:
            errors = []
            if not wizard.company_id.pay_link_enabled:
                errors = [wizard.company_id._pay_link_disabled_message()]
            elif wizard.move_id and not wizard.reuses_link:
                errors = wizard.move_id._pay_link_eligibility_errors(
                    channel=wizard.channel,
                    amount=wizard.amount,
                    email=wizard.recipient_email,
                    phone=wizard.phone_e164,
                )
            elif wizard.source_attachment_id and not wizard.reuses_link:
                errors = wizard._document_link_errors()
            wizard.errors = "\n".join(errors)

    @api.depends("move_ids", "amount", "currency_id", "partner_id", "reuses_link")
    def _compute_transfer_only_warning(self):
        """Say it when only a bank transfer could pay the new link."""
        links = self.env["pay.link"]
        for wizard in self:
            move = wizard.move_id
            wizard.transfer_only_warning = (
                not wizard.is_batch
                and not wizard.reuses_link
                and (move or wizard.source_attachment_id)
                and links._transfer_only_warning(
                    wizard.company_id,
                    move.partner_id or wizard.partner_id,
                    wizard.amount,
                    wizard.currency_id,
                    move,
                )
            )

    @api.depends("move_ids", "source_attachment_id")
    def _compute_pdf_name(self):
        for wizard in self:
            move = wizard.move_id
            wizard.pdf_name = (
                wizard.source_attachment_id.name
                or move.invoice_pdf_report_id.name
                or (move and move._get_invoice_report_filename())
            )

    @api.onchange("channel", "amount", "move_ids")
    def _onchange_render_message(self):
        """Show the messages as the customer will get them, in their
        language."""
        if self.is_batch or not (self.move_id or self.source_attachment_id):
            return
        messages = self._link_to_send()._messages(customer_lang=self.customer_lang)
        self.subject = messages["subject"]
        self.body = messages["body"]
        self.sms_body = messages["sms_body"]
        self.message_lang = messages["lang"]

    def _link_to_send(self):
        """The link sending will deliver: the existing one it keeps, else the
        new one, not created yet (a new record)."""
        if self.reuses_link:
            return self.pay_link_id
        if self.move_id:
            return self.env["pay.link"].new(
                {
                    "move_id": self.move_id._origin.id,
                    "partner_id": self.move_id.partner_id.id,
                    "company_id": self.move_id.company_id.id,
                    "currency_id": self.move_id.currency_id.id,
                    **self._link_values(),
                }
            )
        return self.env["pay.link"].new(self._document_link_values())

    # --- sending -----------------------------------------------------------------

    def action_send(self):
        """Send the link(s), then tell the user.

        :raise UserError: when payment links are disabled for the company, or
            the link cannot be sent
        """
        self.ensure_one()
        (self.move_ids.company_id | self.company_id)._pay_link_check_enabled()
        if self.is_batch:
            return self._send_batch()
        link, warning = self._send_single()
        if self.channel == "link":
            return self._open_for_link(link)
        if warning:
            return self._notification(warning, "danger", links=link._open_links())
        return self._notification(
            self.env._(
                "Payment link %(link)s sent to %(recipient)s by %(channel)s.",
                link=link.name,
                recipient=link._recipient_address(),
                channel=link._channel_label(),
            ),
            "success",
            links=link._open_links(),
        )

    def _notification(self, message, level, links=()):
        """Tell the user ``message`` (``level``: success, warning, danger)
        and close the form.

        :param links: (label, url) pairs shown after the message, apart
            (e.g. "… by Email. Open the pay page · Open PL/2025/00001")
        """
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Payment links"),
                "message": " ".join([message, " · ".join(["%s"] * len(links))]).strip(),
                "links": [{"label": label, "url": url} for label, url in links],
                "type": level,
                "sticky": level != "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _send_single(self):
        """Deliver the link, issued or kept.

        :return: (pay.link, why the customer did not get it or None)
        """
        self._check_recipient()
        link = self._issue_link()
        messages = {
            "subject": self.subject,
            "body": self.body,
            "sms_body": self.sms_body,
        }
        if not self.body:  # a form filled by code, without its onchange
            messages = link._messages()
        warning = link._deliver(
            messages["subject"],
            messages["body"],
            messages["sms_body"],
            email_cc=",".join(self.cc_partner_ids.mapped("email_formatted")),
            attachments=None if self.attach_pdf else self.env["ir.attachment"],
        )
        return link, warning

    def _issue_link(self):
        """The link to deliver: the valid one, else a new one replacing it.

        :raise UserError: for a link only a transfer can pay, unless confirmed
        """
        if self.reuses_link:
            self.pay_link_id._write_internal(self._recipient_values())
            return self.pay_link_id
        if self.transfer_only_warning and not self.confirm_transfer_only:
            raise UserError(self.transfer_only_warning)
        if not self.move_id:
            link = self._create_document_link()
            self.pay_link_id.filtered(lambda old: old.state != "paid")._supersede(link)
            return link
        self.move_id._pay_link_check_eligibility(
            channel=self.channel,
            amount=self.amount,
            email=self.recipient_email,
            phone=self.phone_e164,
        )
        return self.move_id._pay_link_create(**self._link_values())

    def _link_values(self):
        return {
            **self._recipient_values(),
            "amount": self.amount,
            "reference": self.reference,
            "token": self._checked_token(),
        }

    def _token_signature(self, token):
        return hmac(self.env(su=True), "pay_by_link.send_token", token)

    def _checked_token(self):
        """The token of the new link, if this server made it.

        :raise UserError: for a token the browser made up
        """
        if not self.token or not consteq(
            self.token_signature or "", self._token_signature(self.token)
        ):
            raise UserError(self.env._("This form is out of date: open it again."))
        return self.token
