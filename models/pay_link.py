import base64
import logging
import secrets
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup
from stdnum import iban, iso11649

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_amount
from odoo.tools.float_utils import float_repr
from odoo.tools.image import image_data_uri

from ..lib.epc_qr import EpcQrError, epc_payload
from ..lib.identifiers import InvalidCompanyIdError, parse_company_id
from ..lib.qr_image import qr_png

_logger = logging.getLogger(__name__)

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
EXPIRABLE_STATES = ("sent", "opened", "in_progress", "interrupted")
ABANDONED_AFTER = timedelta(minutes=30)
TOKEN_BYTES = 24  # 192 random bits
REMINDER_CHANNELS = ("email", "sms")
REMINDER_STATES = ("sent", "opened", "interrupted", "expired")
REMINDER_BATCH_SIZE = 1000


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
    source_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Invoice PDF",
        readonly=True,
        help="The invoice PDF, made outside Odoo, that this link pays.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
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
    company_identifier = fields.Char(
        help="SIREN, SIRET or EU VAT number of the customer."
    )
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
    sent_by_id = fields.Many2one(
        "res.users", string="Sent by", readonly=True, copy=False
    )
    superseded_by_id = fields.Many2one("pay.link", readonly=True, copy=False)
    transaction_ids = fields.One2many(
        "payment.transaction", "pay_link_id", string="Payment attempts", readonly=True
    )
    provider_reference = fields.Char(
        string="Payment ID", compute="_compute_provider_reference", store=True
    )
    reminders_stopped = fields.Boolean(
        string="Stop reminders",
        copy=False,
        tracking=True,
        help="No more reminders for this link.",
    )
    reminder_count = fields.Integer(string="Reminders sent", readonly=True, copy=False)
    reminder_last_offset = fields.Integer(
        string="Last reminder day",
        readonly=True,
        copy=False,
        help="Day of the last reminder sent, counted from the first sending.",
    )
    reminder_start_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="First sending of the links this one replaces; reminders count from it.",
    )

    _sql_constraints = [
        ("token_unique", "UNIQUE(token)", "A payment link token must be unique."),
        (
            "amount_positive",
            "CHECK(amount > 0)",
            "A payment link needs a positive amount.",
        ),
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

    # --- eligibility -----------------------------------------------------------

    @api.model
    def _eligibility_errors(
        self,
        company,
        currency,
        amount,
        channel=None,
        email=None,
        phone=None,
        partner=None,
    ):
        """Every reason why a link for these values cannot be sent, with or
        without an Odoo invoice behind it."""
        partner = partner or self.env["res.partner"]
        errors = []
        if not company.pay_link_enabled:
            errors.append(self.env._("Payment links are disabled in the settings."))
        if currency not in company.pay_link_currency_ids:
            errors.append(
                self.env._(
                    "The currency %(currency)s is not accepted for payment links.",
                    currency=currency.name,
                )
            )
        if not company.pay_link_min_amount <= amount <= company.pay_link_max_amount:
            errors.append(
                self.env._(
                    "The amount must be between %(min)s and %(max)s to pay online.",
                    min=company.pay_link_min_amount,
                    max=company.pay_link_max_amount,
                )
            )
        if channel == "email" and not (email or partner.email):
            errors.append(self.env._("The customer has no email address."))
        if channel == "sms" and not (phone or partner.phone or partner.mobile):
            errors.append(self.env._("The customer has no phone number."))
        return errors

    @api.model
    def _raise_eligibility_errors(self, label, errors):
        if errors:
            raise UserError(
                self.env._(
                    "No payment link for %(invoice)s:\n%(reasons)s",
                    invoice=label,
                    reasons="\n".join(f"- {error}" for error in errors),
                )
            )

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
        for link in self:
            link._mark_issued(
                self.env._(
                    "Payment link sent to %(recipient)s by %(channel)s.",
                    recipient=link._recipient_address(),
                    channel=link._channel_label(),
                ),
                self.env.user,
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
                self.env._(
                    "Payment link sent again to %(recipient)s by %(channel)s.",
                    recipient=self._recipient_address(),
                    channel=self._channel_label(),
                )
            )
        if self.channel == "fintecture_rtp":
            self.env["payment.transaction"]._fintecture_send_request_to_pay(self)

    def _deliver_email(self, subject, body):
        template = self._email_template()
        attachments = self._invoice_attachments()
        template.send_mail(
            self.move_id.id or self.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values={
                "subject": subject,
                "body_html": body,
                "email_to": self.recipient_email,
                "recipient_ids": [],
                "attachment_ids": [fields.Command.set(attachments.ids)],
            },
        )

    def _email_template(self):
        """The template of the sending email: on the invoice, or on the link
        when it pays a PDF made outside Odoo."""
        if not self.move_id:
            return self.env.ref("pay_by_link.mail_template_pay_link_document")
        return self.company_id.pay_link_email_template_id or self.env.ref(
            "pay_by_link.mail_template_pay_link"
        )

    def _invoice_attachments(self):
        move = self.move_id
        if not move:
            return self.source_attachment_id
        if move.invoice_pdf_report_id:
            return move.invoice_pdf_report_id
        content, _report_type = self.env["ir.actions.report"]._render(
            "account.account_invoices", move.ids
        )
        return self.env["ir.attachment"].create(
            {
                "name": f"{move._get_report_base_filename()}.pdf",
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )

    def _recipient_address(self):
        if self.channel == "sms":
            return self.recipient_phone
        if self.channel in ("email", "fintecture_rtp"):
            return self.recipient_email
        return self.recipient_name or self.partner_id.name

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env))[
            self.channel
        ]

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
        """Expire the links whose validity has passed and that are not paid,
        closing their provider sessions first. A link whose payment the bank
        is processing (pending) is left to finish."""
        now = fields.Datetime.now()
        due = self.filtered(
            lambda lk: (
                lk.state in EXPIRABLE_STATES
                and lk.expiry_date
                and lk.expiry_date <= now
                and not lk.transaction_ids.filtered(
                    lambda tx: tx.state in ("pending", "authorized", "done")
                )
            )
        )
        due._cancel_provider_session()
        due = due.filtered(lambda lk: lk.state in EXPIRABLE_STATES)
        due._transition("expired", self.env._("Payment link expired."))
        return due

    @api.model
    def _cron_expire_links(self):
        links = self.search(
            [
                ("state", "in", EXPIRABLE_STATES),
                ("expiry_date", "<=", fields.Datetime.now()),
            ]
        )
        expired = links._expire_if_due()
        _logger.info("Payment links: %s link(s) expired.", len(expired))

    def _cancel_provider_session(self):
        """Close the payment sessions still open at the providers for these
        links (Fintecture, Payplug). A session the provider reports as paid,
        or a provider that does not answer, is left to the status sync."""
        for link in self:
            try:
                link.transaction_ids._pay_link_cancel_at_provider()
            except UserError as error:
                _logger.info(
                    "Payment link %s: provider session left open: %s", link.name, error
                )

    def _release_abandoned_attempt(self):
        """A customer who left the provider's page without paying may retry:
        an attempt still waiting for the provider after ABANDONED_AFTER is
        closed at the provider and the link becomes interrupted."""
        attempts = self.transaction_ids
        latest = attempts.sorted("create_date")[-1:]
        if (
            self.state != "in_progress"
            or not latest
            or any(tx.state != "draft" for tx in attempts)
            or latest.create_date > fields.Datetime.now() - ABANDONED_AFTER
        ):
            return
        attempts._pay_link_cancel_at_provider()
        # The link follows its attempt: it becomes interrupted.
        attempts._set_canceled(self.env._("Abandoned by the customer."))

    def _is_live(self):
        self.ensure_one()
        return not (self.expiry_date and self.expiry_date <= fields.Datetime.now())

    def _is_payable(self):
        self.ensure_one()
        return self.state in PAYABLE_STATES and self._is_live()

    def _supersede(self, new_link):
        """Retire these links in favour of ``new_link``."""
        message = self.env._(
            "Superseded by the new payment link %(link)s.", link=new_link.name
        )
        self.write({"superseded_by_id": new_link.id})
        self.filtered(lambda lk: lk.state in OPEN_STATES)._transition(
            "cancelled", message
        )
        self.filtered(lambda lk: lk.state == "expired")._log_event(message)

    def _lock_for_payment(self):
        """Lock the link row until the end of the transaction and check it can
        be paid. A second request for the same link waits here, then sees the
        state the first one left and is refused."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT id FROM pay_link WHERE id = %s FOR UPDATE", [self.id]
        )
        self.invalidate_recordset(["state", "expiry_date"])
        self._release_abandoned_attempt()
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

    def _start_attempt(self, provider):
        """A payment attempt with ``provider`` outside the pay page (the
        request-to-pay channel): locked and checked like one from the page."""
        self.ensure_one()
        self._lock_for_payment()
        transactions = self.env["payment.transaction"].sudo()
        tx = transactions.create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "reference": transactions._compute_reference(
                    provider.code, prefix=self.reference
                ),
                "amount": self.amount,
                "currency_id": self.currency_id.id,
                "partner_id": self.partner_id.id,
                "operation": "online_redirect",
                "pay_link_id": self.id,
                "invoice_ids": [fields.Command.set(self.move_id.ids)],
            }
        )
        self._on_transaction_created(tx)
        return tx

    def _on_transaction_created(self, transaction):
        self._transition(
            "in_progress",
            self.env._(
                "Payment attempt via %(provider)s started.",
                provider=transaction.provider_id.name,
            ),
            author=self.partner_id,
        )

    def _on_transaction_state(self, transaction):
        """Follow the state of a payment attempt made through the link."""
        provider = transaction.provider_id.name
        if transaction.state == "done" and self.state != "paid":
            self._transition(
                "paid",
                self.env._(
                    "Paid via %(provider)s (%(reference)s).",
                    provider=provider,
                    reference=transaction.provider_reference or transaction.reference,
                ),
                paid_date=fields.Datetime.now(),
            )
            self._send_confirmation_email()
        elif transaction.state == "pending" and self.state in PAYABLE_STATES:
            self._transition(
                "in_progress",
                self.env._(
                    "Payment attempt via %(provider)s: pending.", provider=provider
                ),
            )
        elif transaction.state == "pending":
            self._log_event(
                self.env._(
                    "Payment attempt via %(provider)s: pending.", provider=provider
                )
            )
        elif transaction.state in ("error", "cancel") and self.state == "in_progress":
            self._transition(
                "interrupted",
                self.env._(
                    "Payment attempt via %(provider)s failed: %(reason)s",
                    provider=provider,
                    reason=transaction.state_message or transaction.state,
                ),
            )

    def _send_confirmation_email(self):
        template = self.env.ref(
            "pay_by_link.mail_template_pay_link_paid", raise_if_not_found=False
        )
        for link in self.filtered(lambda lk: lk.company_id.pay_link_confirmation_email):
            if template and link.recipient_email:
                template.sudo().send_mail(
                    link.id, email_layout_xmlid="mail.mail_notification_light"
                )

    def _mark_issued(self, message, sent_by):
        """Make this draft link payable from now on, without sending it."""
        self.ensure_one()
        now = fields.Datetime.now()
        self._transition(
            "sent",
            message,
            sent_date=now,
            expiry_date=now + timedelta(days=self.company_id.pay_link_validity_days),
            sent_by_id=sent_by.id,
        )

    def _renew(self, message):
        """Issue a fresh link replacing this one: same customer, channel and
        sender; the reminder schedule goes on where it was."""
        self.ensure_one()
        amount = self._renewal_amount()
        self._raise_eligibility_errors(
            self.move_id.display_name or self.reference or self.name,
            self._renewal_errors(),
        )
        new_link = self.copy(
            {
                "amount": amount,
                "reminder_start_date": self.reminder_start_date or self.sent_date,
                "reminder_count": self.reminder_count,
                "reminder_last_offset": self.reminder_last_offset,
            }
        )
        replaces = self.env._("It replaces %(link)s.", link=self.name)
        new_link._mark_issued(f"{message} {replaces}", self.sent_by_id or self.env.user)
        self._supersede(new_link)
        return new_link

    def _renewal_amount(self):
        if not self.move_id:
            return self.amount
        return min(self.amount, self.move_id.amount_residual)

    def _renewal_eligibility_args(self):
        return {
            "channel": self.channel,
            "amount": self._renewal_amount(),
            "email": self.recipient_email,
            "phone": self.recipient_phone,
        }

    def _latest_successor(self):
        """The link that replaced this one last, or this one."""
        link = self
        while link.superseded_by_id:
            link = link.superseded_by_id
        return link

    def _can_customer_renew(self):
        """Whether the pay page may offer the customer a fresh link."""
        self.ensure_one()
        dead = self.state == "expired" or (
            self.state == "cancelled" and self.superseded_by_id
        )
        return bool(
            dead
            and self.company_id.pay_link_customer_renew
            and not self._renewal_errors()
        )

    def _renewal_errors(self):
        """Every reason why this link cannot be issued again now: the rules of
        its invoice, or those of a link without invoice."""
        args = self._renewal_eligibility_args()
        if self.move_id:
            return self.move_id._pay_link_eligibility_errors(**args)
        return self._eligibility_errors(
            self.company_id, self.currency_id, partner=self.partner_id, **args
        )

    def _renew_by_customer(self):
        """The link the customer of this dead link should see now: the link
        that already replaced it (payable, in progress or paid), else a fresh
        one."""
        self.ensure_one()
        successor = self._latest_successor()
        if successor.state in ("in_progress", "paid") or successor._is_payable():
            return successor
        return successor._renew(
            self.env._("New payment link requested by the customer.")
        )

    # --- channels: QR codes --------------------------------------------------------

    def _qr_image_data_uri(self):
        """The QR code of the link, inline (for PDFs, which cannot fetch it)."""
        self.ensure_one()
        return image_data_uri(base64.b64encode(qr_png(self.url)))

    def _epc_bank_account(self):
        """The company's IBAN account the customer can transfer to."""
        accounts = self.move_id.partner_bank_id | self.company_id.partner_id.bank_ids
        return accounts.filtered(lambda account: iban.is_valid(account.acc_number))[:1]

    def _epc_payload(self):
        """The EPC069-12 (SEPA QR) payload to pay this link from a banking app,
        or None: only for EUR links of a company with an IBAN."""
        self.ensure_one()
        account = self._epc_bank_account()
        if self.currency_id.name != "EUR" or not account:
            return None
        reference = (self.reference or "").replace(" ", "").upper()
        is_rf = iso11649.is_valid(reference)
        try:
            return epc_payload(
                iban=account.acc_number,
                beneficiary_name=account.partner_id.name or self.company_id.name,
                amount=float_repr(self.amount, 2),
                bic=account.bank_bic or None,
                structured_reference=reference if is_rf else None,
                text=None if is_rf else self.reference,
            )
        except EpcQrError as error:
            _logger.warning("Payment link %s: no EPC QR code: %s", self.name, error)
            return None

    def _counter_status(self):
        """What the counter page shows while it waits for the payment."""
        self.ensure_one()
        messages = {
            "paid": self.env._("Paid"),
            "in_progress": self.env._("Payment in progress…"),
            "interrupted": self.env._("The payment did not go through: scan again."),
            "expired": self.env._("This QR code has expired."),
            "cancelled": self.env._("This QR code is no longer valid."),
        }
        return {
            "state": self.state,
            "message": messages.get(
                self.state, self.env._("Scan the code with your phone to pay.")
            ),
        }

    # --- reminders -------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self, batch_size=REMINDER_BATCH_SIZE):
        """Daily: remind the customers of their unpaid links, ``batch_size``
        links per call; the cron runner calls again while some remain."""
        due = self._reminders_due()
        batch = due[:batch_size]
        batch._send_reminders()
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(due) - len(batch)
        )

    @api.model
    def _reminders_due(self):
        """The links whose next reminder is due, found with one search and
        batched reads (no query per link)."""
        now = fields.Datetime.now()
        offsets = self._reminder_offsets_by_company()
        links = self.search_fetch(
            self._reminder_domain(offsets, now),
            ["company_id", "sent_date", "reminder_start_date", "reminder_last_offset"],
            order="id",
        )
        return links.filtered(lambda link: link._reminder_offset(offsets, now))

    @api.model
    def _reminder_offsets_by_company(self):
        companies = (
            self.env["res.company"].sudo().search([("pay_link_enabled", "=", True)])
        )
        offsets = {c: c._pay_link_reminder_offsets() for c in companies}
        return {company: days for company, days in offsets.items() if days}

    @api.model
    def _reminder_domain(self, offsets, now):
        per_company = [
            [
                ("company_id", "=", company.id),
                ("reminder_last_offset", "<", days[-1]),
                "|",
                ("reminder_start_date", "<=", now - timedelta(days=days[0])),
                "&",
                ("reminder_start_date", "=", False),
                ("sent_date", "<=", now - timedelta(days=days[0])),
            ]
            for company, days in offsets.items()
        ]
        return expression.AND(
            [
                [
                    ("channel", "in", REMINDER_CHANNELS),
                    ("state", "in", REMINDER_STATES),
                    ("reminders_stopped", "=", False),
                    ("superseded_by_id", "=", False),
                    "|",
                    ("move_id", "=", False),
                    (
                        "move_id.payment_state",
                        "not in",
                        ("paid", "in_payment", "reversed"),
                    ),
                ],
                expression.OR(per_company) if per_company else [(0, "=", 1)],
            ]
        )

    def _reminder_offset(self, offsets, now):
        """The latest reminder day passed and not reminded yet, or None."""
        start = self.reminder_start_date or self.sent_date
        passed = [
            day
            for day in offsets.get(self.company_id, [])
            if day > self.reminder_last_offset and start + timedelta(days=day) <= now
        ]
        return passed[-1] if passed else None

    def _send_reminders(self):
        """Remind these due links through their channel; an expired link is
        replaced by a fresh one first, so a reminder never carries a dead link."""
        now = fields.Datetime.now()
        offsets = self._reminder_offsets_by_company()
        days = {link: link._reminder_offset(offsets, now) for link in self}
        self._expire_if_due()
        reminded = self.browse()
        for link, day in days.items():
            target = link._reminder_target()
            if target:
                target.write(
                    {
                        "reminder_count": link.reminder_count + 1,
                        "reminder_last_offset": day,
                    }
                )
                reminded |= target
        reminded.filtered(lambda link: link.channel == "email")._send_reminder_emails()
        reminded.filtered(lambda link: link.channel == "sms")._send_reminder_sms()
        reminded._log_reminders()

    def _reminder_target(self):
        """The link to remind: this one, or its fresh replacement if it expired.
        Empty (and reminders stopped) when no fresh link can be issued."""
        if self.state != "expired":
            return self
        try:
            return self._renew(self.env._("New payment link issued for a reminder."))
        except UserError as error:
            self.reminders_stopped = True
            self._log_event(
                self.env._(
                    "Reminders stopped: no new link can be issued. %(reason)s",
                    reason=error.args[0],
                )
            )
            return self.browse()

    def _send_reminder_emails(self):
        fallback = self.env.ref("pay_by_link.mail_template_pay_link_reminder")
        for company, links in self.grouped("company_id").items():
            template = company.pay_link_reminder_email_template_id or fallback
            template.sudo().send_mail_batch(
                links.ids, email_layout_xmlid="mail.mail_notification_light"
            )

    def _send_reminder_sms(self):
        fallback = self.env.ref("pay_by_link.sms_template_pay_link_reminder")
        for company, links in self.grouped("company_id").items():
            template = company.pay_link_reminder_sms_template_id or fallback
            bodies = template._render_field("body", links.ids, compute_lang=True)
            for link in links:
                link._message_sms(
                    bodies[link.id],
                    sms_numbers=[link.recipient_phone],
                    put_in_queue=True,
                )
        if self:
            self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()

    def _log_reminders(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        self._log_events(
            {
                link.id: self.env._(
                    "Reminder %(count)s (day %(day)s) sent to %(recipient)s "
                    "by %(channel)s.",
                    count=link.reminder_count,
                    day=link.reminder_last_offset,
                    recipient=link._recipient_address(),
                    channel=channels[link.channel],
                )
                for link in self
            }
        )

    def _log_events(self, bodies):
        """Log ``bodies`` ({link id: message}) on the links and their invoices
        with a few queries for the whole batch."""
        self._message_log_batch(bodies)
        move_bodies = defaultdict(list)
        for link in self.filtered("move_id"):
            body = Markup("%s: %s") % (link.name, bodies[link.id])
            move_bodies[link.move_id.id].append(body)
        self.move_id._message_log_batch(
            {move: Markup("<br/>").join(lines) for move, lines in move_bodies.items()}
        )

    def _cancel(self, reason):
        self.filtered(lambda lk: lk.state in OPEN_STATES)._transition(
            "cancelled", reason
        )

    # --- user actions ----------------------------------------------------------

    def action_cancel(self):
        self.transaction_ids._pay_link_cancel_at_provider()
        self._cancel(
            self.env._("Payment link cancelled by %(user)s.", user=self.env.user.name)
        )

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
