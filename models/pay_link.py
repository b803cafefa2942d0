import contextvars
import logging
import re
import secrets
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from ..lib.identifiers import InvalidCompanyIdError, parse_company_id
from .const import (
    ALLOWED_TRANSITIONS,
    CANCEL_REASONS,
    CHANNELS,
    CREATE_FIELDS,
    CUSTOMER_TYPES,
    EXPIRABLE_STATES,
    ISSUED_OPEN_STATES,
    OPEN_STATES,
    PAYABLE_STATES,
    PROTECTED_FIELDS,
    STATES,
    TOKEN_BYTES,
    TOKEN_PATTERN,
)

_logger = logging.getLogger(__name__)

# Set while the link's own methods write PROTECTED_FIELDS. A context variable,
# not an Odoo context key, so that no RPC call can set it.
_internal_write = contextvars.ContextVar("pay_link_internal_write", default=False)


class PayLink(models.Model):
    """A payment link: what the customer pays, for which invoice, and where the
    link stands. Its payments, delivery, renewal, reminders and QR codes
    extend it in the pay_link_*.py files."""

    _name = "pay.link"
    _description = "Payment link"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    invoice_date = fields.Date(help="The date of the invoice PDF made outside Odoo.")
    invoice_date_due = fields.Date(
        string="Due Date", help="The due date of the invoice PDF made outside Odoo."
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one("res.currency", required=True)
    reference = fields.Char(
        string="Transfer label", help="The payment reference the customer's bank shows."
    )
    channel = fields.Selection(CHANNELS, required=True, default="email")
    recipient_name = fields.Char()
    recipient_email = fields.Char()
    recipient_phone = fields.Char(help="In international format (E.164).")
    customer_type = fields.Selection(CUSTOMER_TYPES, default="company")
    company_identifier = fields.Char(
        help="SIREN, SIRET or EU VAT number of the customer."
    )
    token = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: self._new_token()
    )
    url = fields.Char(string="Link", compute="_compute_url")
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    sent_date = fields.Datetime(readonly=True, copy=False)
    opened_date = fields.Datetime(readonly=True, copy=False)
    paid_date = fields.Datetime(readonly=True, copy=False)
    expiry_date = fields.Datetime(readonly=True, copy=False, index=True)
    sent_by_id = fields.Many2one(
        "res.users", string="Sent by", readonly=True, copy=False
    )
    amount_to_collect = fields.Monetary(
        string="To collect",
        compute="_compute_amount_to_collect",
        store=True,
        help="The amount while the customer can still pay the link; zero once "
        "it is paid, expired or cancelled.",
    )
    superseded_by_id = fields.Many2one("pay.link", readonly=True, copy=False)
    cancel_reason = fields.Selection(CANCEL_REASONS, readonly=True, copy=False)

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

    @api.model
    def _customer_type_of(self, partner):
        """ "company" or "individual", as `CUSTOMER_TYPES` says of ``partner``."""
        return "company" if partner.commercial_partner_id.is_company else "individual"

    @api.model_create_multi
    def create(self, vals_list):
        """Override of `base`: a new link is a draft; its state, token, dates
        and schedule are the link's own business (see `_create_internal`).
        Its chatter starts with its first event (issued, sent), not with
        "created"."""
        for vals in vals_list:
            self._check_protected_fields(vals, PROTECTED_FIELDS - CREATE_FIELDS)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("pay.link") or "/"
        return super(PayLink, self.with_context(mail_create_nolog=True)).create(
            vals_list
        )

    def write(self, vals):
        """Override of `base`: PROTECTED_FIELDS change only through the link's
        methods (see `_write_internal`).

        :raise UserError: when a plain write touches them
        """
        self._check_protected_fields(vals, PROTECTED_FIELDS)
        return super().write(vals)

    def _check_protected_fields(self, vals, protected):
        touched = protected & set(vals)
        if touched and not _internal_write.get():
            raise UserError(
                self.env._(
                    "The status, amount and dates of a payment link change only "
                    "through its buttons (%(fields)s).",
                    fields=", ".join(sorted(touched)),
                )
            )

    @contextmanager
    def _internal(self):
        """Let the link's own methods write PROTECTED_FIELDS in this block."""
        token = _internal_write.set(True)
        try:
            yield
        finally:
            _internal_write.reset(token)

    def _write_internal(self, vals):
        with self._internal():
            return self.write(vals)

    @api.model
    def _create_internal(self, vals):
        """Create a link with values of PROTECTED_FIELDS (its token, a
        replaced link's schedule)."""
        with self._internal():
            return self.create(vals)

    @api.depends("state", "amount")
    def _compute_amount_to_collect(self):
        for link in self:
            live = link.state in ISSUED_OPEN_STATES
            link.amount_to_collect = link.amount if live else 0.0

    @api.depends("token")
    def _compute_url(self):
        for link in self:
            link.url = link.get_base_url() + link._pay_page_path()

    def _pay_page_path(self, suffix=""):
        """The path of the link's public pages: "/pay/<token>", or below it
        with ``suffix`` (e.g. "invoice.pdf")."""
        self.ensure_one()
        return self._pay_page_path_of(self.token, suffix)

    @api.model
    def _pay_page_path_of(self, token, suffix=""):
        """The one place that builds a pay-page path, from a link's token."""
        path = f"/pay/{token}"
        return f"{path}/{suffix}" if suffix else path

    @api.constrains("token")
    def _check_token(self):
        """A token is the one credential of a link: only `_new_token`'s."""
        for link in self:
            if not re.fullmatch(TOKEN_PATTERN, link.token or ""):
                raise ValidationError(self.env._("A payment link token is malformed."))

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

    def _transition(self, new_state, message, author=None, on_invoice=True, **values):
        """Move to ``new_state``, write ``values`` and log ``message`` (see
        `_log_event`). The chatter says it once: the state is not tracked.

        :raise UserError: when the state machine forbids the move
        """
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
        self._write_internal({"state": new_state, **values})
        self._log_event(message, author=author, on_invoice=on_invoice)

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _log_event(self, message, author=None, on_invoice=True):
        """Log ``message`` on each link and, unless ``on_invoice`` is False
        (the invoice's chatter already shows the event, e.g. the email sent),
        on its invoice.

        :param author: res.partner, by default the user who acted (OdooBot
            for what comes from outside: a provider, a public page)
        """
        author = author or self._event_author()
        for link in self:
            link.sudo()._message_log(body=message, author_id=author.id)
            if link.move_id and on_invoice:
                body = Markup("%s: %s") % (link.name, message)
                link.move_id.sudo()._message_log(body=body, author_id=author.id)

    def _event_author(self):
        user = self.env.user
        return (
            self.env.ref("base.partner_root") if user._is_public() else user.partner_id
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

    def _mark_issued(self, message, sent_by, on_invoice=True):
        """Make this draft link payable from now on, for the company's
        validity, whether or not it is sent."""
        self.ensure_one()
        now = fields.Datetime.now()
        self._transition(
            "sent",
            message,
            on_invoice=on_invoice,
            sent_date=now,
            expiry_date=now + timedelta(days=self.company_id.pay_link_validity_days),
            sent_by_id=sent_by.id,
        )

    def _mark_opened(self):
        """First visit of the pay page by the customer."""
        for link in self.filtered(lambda lk: lk.state == "sent"):
            link._transition(
                "opened",
                self.env._("Payment link opened by the customer."),
                author=link.partner_id,
                opened_date=fields.Datetime.now(),
            )

    def _lock_row(self):
        """Wait for any other transaction working on this link, then read it
        afresh. A concurrent one that changed it makes this one fail to
        serialize, which Odoo retries (an expected failure: not logged)."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT id FROM pay_link WHERE id = %s FOR UPDATE",
            [self.id],
            log_exceptions=False,
        )
        self.invalidate_recordset()

    def _is_live(self):
        self.ensure_one()
        return not (self.expiry_date and self.expiry_date <= fields.Datetime.now())

    def _is_payable(self):
        self.ensure_one()
        return self.state in PAYABLE_STATES and self._is_live()

    # --- the end of a link -------------------------------------------------

    def _expire_if_due(self):
        """Expire the links whose validity has passed and that are not paid,
        closing their provider sessions first. A link whose payment is on its
        way (the provider says so) is left to finish.

        :return: the links expired (pay.link)
        """
        now = fields.Datetime.now()
        due = self.filtered(
            lambda lk: (
                lk.state in EXPIRABLE_STATES
                and lk.expiry_date
                and lk.expiry_date <= now
                and not lk._has_money_on_its_way()
            )
        )
        due._close_provider_sessions()
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

    def _supersede(self, new_link):
        """Retire these links in favour of ``new_link``, closing their provider
        sessions first.

        :raise UserError: while a provider says money is on its way for one
        """
        self._close_provider_sessions(raise_if_paid=True)
        message = self.env._(
            "Superseded by the new payment link %(link)s.", link=new_link.name
        )
        self._write_internal({"superseded_by_id": new_link.id})
        self._cancel(message, "superseded")
        self.filtered(lambda lk: lk.state == "expired")._log_event(message)

    def _cancel(self, message, reason):
        """Cancel the open links among these, logging ``message``.

        :param str reason: a code of `const.CANCEL_REASONS`
        """
        self.filtered(lambda lk: lk.state in OPEN_STATES)._transition(
            "cancelled", message, cancel_reason=reason
        )

    def _latest_successor(self):
        """The link that replaced this one last, or this one."""
        link = self
        while link.superseded_by_id:
            link = link.superseded_by_id
        return link

    # --- user actions ----------------------------------------------------------

    def action_cancel(self):
        """Cancel the link for good: neither paid nor renewed by the customer
        (an expired one too).

        :raise UserError: while a provider says money is on its way
        """
        self._close_provider_sessions(raise_if_paid=True)
        self.filtered(lambda lk: lk.state in (*OPEN_STATES, "expired"))._transition(
            "cancelled",
            self.env._("Payment link cancelled by %(user)s.", user=self.env.user.name),
            cancel_reason="user",
        )

    def action_open_send_wizard(self):
        """Open the send form again for this link (copy or resend it).

        :raise UserError: when payment links are disabled for its company
        """
        self.ensure_one()
        self.company_id._pay_link_check_enabled()
        return self.env["pay.link.send"]._open_for_link(self)

    def action_open_pay_page(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.url, "target": "new"}

    def _open_links(self):
        """What a user follows to open this link: its pay page and its record
        in the backend.

        :return: list of (label, URL) pairs
        """
        self.ensure_one()
        return [
            (self.env._("Open the pay page"), self.url),
            (self.env._("Open %(link)s", link=self.name), f"/odoo/pay.link/{self.id}"),
        ]

    def _amount_label(self):
        return format_amount(self.env, self.amount, self.currency_id)

    def _pay_button_label(self):
        """The label of every Pay button of the pay page, the page's own and
        that of Odoo's card form (e.g. "Pay 120.00 €")."""
        return self.env._("Pay %(amount)s", amount=self._amount_label())
