import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from ..lib.identifiers import InvalidCompanyIdError, parse_company_id

# Which state may follow which. Money that arrives is always recorded, so
# "paid" may follow any state but "paid" itself.
ALLOWED_TRANSITIONS = {
    "draft": {"sent", "cancelled"},
    "sent": {"opened", "in_progress", "expired", "cancelled", "paid"},
    "opened": {"in_progress", "expired", "cancelled", "paid"},
    "in_progress": {"interrupted", "expired", "cancelled", "paid"},
    "interrupted": {"in_progress", "expired", "cancelled", "paid"},
    "expired": {"paid"},
    "cancelled": {"paid"},
    "paid": set(),
}
OPEN_STATES = ("draft", "sent", "opened", "in_progress", "interrupted")
PAYABLE_STATES = ("sent", "opened", "interrupted")
TOKEN_BYTES = 24  # 192 random bits


class PayLink(models.Model):
    _name = "pay.link"
    _description = "Payment link"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        index=True,
        check_company=True,
        domain=[("move_type", "=", "out_invoice")],
        ondelete="cascade",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    amount = fields.Monetary(required=True, tracking=True)
    currency_id = fields.Many2one("res.currency", required=True)
    reference = fields.Char(
        string="Transfer label", help="The payment reference the customer's bank shows."
    )
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("sms", "SMS"),
            ("qr", "QR code in person"),
            ("link", "Link shared by hand"),
            ("fintecture_rtp", "Fintecture request to pay"),
        ],
        required=True,
        default="email",
    )
    recipient_name = fields.Char()
    recipient_email = fields.Char()
    recipient_phone = fields.Char(help="In international format (E.164).")
    customer_type = fields.Selection(
        [("individual", "Individual"), ("company", "Company")], default="company"
    )
    company_identifier = fields.Char(help="SIREN, SIRET or EU VAT number of the customer.")
    token = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: self._new_token()
    )
    url = fields.Char(string="Link", compute="_compute_url")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Not opened"),
            ("opened", "Opened"),
            ("in_progress", "Payment in progress"),
            ("interrupted", "Payment interrupted"),
            ("paid", "Paid"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    sent_date = fields.Datetime(readonly=True, copy=False)
    opened_date = fields.Datetime(readonly=True, copy=False)
    paid_date = fields.Datetime(readonly=True, copy=False)
    expiry_date = fields.Datetime(readonly=True, copy=False, index=True)
    sent_by_id = fields.Many2one("res.users", string="Sent by", readonly=True, copy=False)
    superseded_by_id = fields.Many2one("pay.link", readonly=True, copy=False)
    transaction_ids = fields.One2many(
        "payment.transaction", "pay_link_id", string="Payment attempts", readonly=True
    )
    provider_reference = fields.Char(
        string="Payment ID", compute="_compute_provider_reference", store=True
    )

    _sql_constraints = [
        ("token_unique", "UNIQUE(token)", "A payment link token must be unique."),
        ("amount_positive", "CHECK(amount > 0)", "A payment link needs a positive amount."),
    ]

    @api.model
    def _new_token(self):
        return secrets.token_urlsafe(TOKEN_BYTES)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("pay.link") or "/"
        return super().create(vals_list)

    @api.depends("token")
    def _compute_url(self):
        for link in self:
            link.url = f"{link.get_base_url()}/pay/{link.token}"

    @api.depends("transaction_ids.provider_reference", "transaction_ids.state")
    def _compute_provider_reference(self):
        for link in self:
            attempts = link.transaction_ids.sorted("id", reverse=True)
            done = attempts.filtered(lambda tx: tx.state == "done")
            link.provider_reference = (done or attempts)[:1].provider_reference

    @api.constrains("company_identifier")
    def _check_company_identifier(self):
        for link in self.filtered("company_identifier"):
            try:
                parse_company_id(link.company_identifier)
            except InvalidCompanyIdError as error:
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid SIREN, SIRET or EU VAT number.",
                        number=link.company_identifier,
                    )
                ) from error

    # --- state machine -------------------------------------------------------

    def _transition(self, new_state, message, author=None, **values):
        """Move to ``new_state`` and log ``message`` on the link and the invoice."""
        for link in self:
            if new_state not in ALLOWED_TRANSITIONS[link.state]:
                raise UserError(
                    self.env._(
                        "Payment link %(link)s cannot go from “%(old)s” to “%(new)s”.",
                        link=link.name,
                        old=link._state_label(link.state),
                        new=link._state_label(new_state),
                    )
                )
        self.write({"state": new_state, **values})
        self._log_event(message, author=author)

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _log_event(self, message, author=None):
        author_id = author.id if author else None
        for link in self:
            link.sudo()._message_log(body=message, author_id=author_id)
            if link.move_id:
                body = Markup("%s: %s") % (link.name, message)
                link.move_id.sudo()._message_log(body=body, author_id=author_id)

    def _mark_sent(self):
        now = fields.Datetime.now()
        for link in self:
            validity = link.company_id.pay_link_validity_days
            recipient = link._recipient_address()
            link._transition(
                "sent",
                self.env._("Payment link sent to %(recipient)s by %(channel)s.",
                           recipient=recipient, channel=link._channel_label()),
                sent_date=now,
                expiry_date=now + timedelta(days=validity),
                sent_by_id=self.env.user.id,
            )

    def _deliver(self, subject, body, sms_body):
        """Send the link through its channel, then record it as sent."""
        self.ensure_one()
        if self.channel == "email":
            self._deliver_email(subject, body)
        elif self.channel == "sms":
            self._message_sms(sms_body, sms_numbers=[self.recipient_phone])
        if self.state == "draft":
            self._mark_sent()
        else:
            self._log_event(
                self.env._("Payment link sent again to %(recipient)s by %(channel)s.",
                           recipient=self._recipient_address(), channel=self._channel_label())
            )
        if self.channel == "fintecture_rtp":
            self.env["payment.transaction"]._fintecture_send_request_to_pay(self)

    def _deliver_email(self, subject, body):
        template = self.company_id.pay_link_email_template_id or self.env.ref(
            "pay_by_link.mail_template_pay_link"
        )
        attachments = self._invoice_attachments()
        template.send_mail(
            self.move_id.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values={
                "subject": subject,
                "body_html": body,
                "email_to": self.recipient_email,
                "recipient_ids": [],
                "attachment_ids": [fields.Command.set(attachments.ids)],
            },
        )

    def _invoice_attachments(self):
        move = self.move_id
        if not move:
            return self.env["ir.attachment"]
        if move.invoice_pdf_report_id:
            return move.invoice_pdf_report_id
        content, _report_type = self.env["ir.actions.report"]._render(
            "account.account_invoices", move.ids
        )
        return self.env["ir.attachment"].create({
            "name": f"{move._get_report_base_filename()}.pdf",
            "raw": content,
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/pdf",
        })

    def _recipient_address(self):
        if self.channel == "sms":
            return self.recipient_phone
        if self.channel in ("email", "fintecture_rtp"):
            return self.recipient_email
        return self.recipient_name or self.partner_id.name

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env))[self.channel]

    def _mark_opened(self):
        """First visit of the pay page by the customer."""
        for link in self.filtered(lambda lk: lk.state == "sent"):
            link._transition(
                "opened",
                self.env._("Payment link opened by the customer."),
                author=link.partner_id,
                opened_date=fields.Datetime.now(),
            )

    def _expire_if_due(self):
        """Expire the links whose validity has passed and that are not paid."""
        now = fields.Datetime.now()
        due = self.filtered(
            lambda lk: lk.state in ("sent", "opened", "interrupted")
            and lk.expiry_date
            and lk.expiry_date <= now
        )
        due._transition("expired", self.env._("Payment link expired."))
        return due

    @api.model
    def _cron_expire_links(self):
        links = self.search(
            [
                ("state", "in", ("sent", "opened", "interrupted")),
                ("expiry_date", "<=", fields.Datetime.now()),
            ]
        )
        links._expire_if_due()

    def _is_live(self):
        self.ensure_one()
        return not (self.expiry_date and self.expiry_date <= fields.Datetime.now())

    def _is_payable(self):
        self.ensure_one()
        return self.state in PAYABLE_STATES and self._is_live()

    def _supersede(self, new_link):
        """Retire these links in favour of ``new_link``."""
        message = self.env._("Superseded by the new payment link %(link)s.", link=new_link.name)
        self.write({"superseded_by_id": new_link.id})
        self.filtered(lambda lk: lk.state in OPEN_STATES)._transition("cancelled", message)
        self.filtered(lambda lk: lk.state == "expired")._log_event(message)

    def _lock_for_payment(self):
        """Lock the link row until the end of the transaction and check it can
        be paid. A second request for the same link waits here, then sees the
        state the first one left and is refused."""
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM pay_link WHERE id = %s FOR UPDATE", [self.id])
        self.invalidate_recordset(["state", "expiry_date"])
        if self.state in ("in_progress", "paid"):
            raise UserError(
                self.env._("A payment is already in progress or done for this link.")
            )
        if not self._is_payable():
            raise UserError(
                self.env._(
                    "This payment link is no longer valid. Please contact %(company)s.",
                    company=self.company_id.name,
                )
            )

    def _on_transaction_created(self, transaction):
        self._transition(
            "in_progress",
            self.env._("Payment attempt via %(provider)s started.",
                       provider=transaction.provider_id.name),
            author=self.partner_id,
        )

    def _on_transaction_state(self, transaction):
        """Follow the state of a payment attempt made through the link."""
        provider = transaction.provider_id.name
        if transaction.state == "done" and self.state != "paid":
            self._transition(
                "paid",
                self.env._("Paid via %(provider)s (%(reference)s).", provider=provider,
                           reference=transaction.provider_reference or transaction.reference),
                paid_date=fields.Datetime.now(),
            )
            self._send_confirmation_email()
        elif transaction.state == "pending" and self.state in PAYABLE_STATES:
            self._transition(
                "in_progress",
                self.env._("Payment attempt via %(provider)s: pending.", provider=provider),
            )
        elif transaction.state == "pending":
            self._log_event(
                self.env._("Payment attempt via %(provider)s: pending.", provider=provider)
            )
        elif transaction.state in ("error", "cancel") and self.state == "in_progress":
            self._transition(
                "interrupted",
                self.env._("Payment attempt via %(provider)s failed: %(reason)s",
                           provider=provider,
                           reason=transaction.state_message or transaction.state),
            )

    def _send_confirmation_email(self):
        template = self.env.ref(
            "pay_by_link.mail_template_pay_link_paid", raise_if_not_found=False
        )
        for link in self.filtered(lambda lk: lk.company_id.pay_link_confirmation_email):
            if template and link.recipient_email:
                template.sudo().send_mail(link.id, email_layout_xmlid="mail.mail_notification_light")

    def _cancel(self, reason):
        self.filtered(lambda lk: lk.state in OPEN_STATES)._transition("cancelled", reason)

    # --- user actions ----------------------------------------------------------

    def action_cancel(self):
        self.transaction_ids._pay_link_cancel_at_provider()
        self._cancel(self.env._("Payment link cancelled by %(user)s.", user=self.env.user.name))

    def action_open_send_wizard(self):
        """Open the send form again for this link (copy or resend it)."""
        self.ensure_one()
        return self.move_id.with_context(pay_link_id=self.id).action_send_pay_link()

    def action_open_pay_page(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.url, "target": "new"}

    def _pay_page_path(self):
        return f"/pay/{self.token}"

    def _amount_label(self):
        return format_amount(self.env, self.amount, self.currency_id)
