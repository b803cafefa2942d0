from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .const import ISSUED_OPEN_STATES, OPEN_STATES, SETTLED_PAYMENT_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    pay_link_ids = fields.One2many("pay.link", "move_id", string="Payment links")
    pay_link_count = fields.Integer(compute="_compute_pay_link_count")
    pay_link_state = fields.Selection(
        selection=lambda self: (
            self.env["pay.link"]._fields["state"]._description_selection(self.env)
        ),
        string="Payment link",
        compute="_compute_pay_link_state",
        store=True,
        help="Status of the latest payment link of the invoice.",
    )
    pay_link_provider_reference = fields.Char(
        string="Payment ID", compute="_compute_pay_link_state", store=True
    )
    pay_link_enabled = fields.Boolean(
        related="company_id.pay_link_enabled", string="Payment Links Enabled"
    )
    pay_link_errors = fields.Text(
        string="Why no payment link",
        compute="_compute_pay_link_errors",
        help="Why this posted invoice cannot get a payment link now, whatever "
        "the channel; empty when it can.",
    )

    @api.depends("pay_link_ids")
    def _compute_pay_link_count(self):
        for move in self:
            move.pay_link_count = len(move.pay_link_ids)

    @api.depends("pay_link_ids.state", "pay_link_ids.provider_reference")
    def _compute_pay_link_state(self):
        for move in self:
            latest = move.pay_link_ids.sorted("id", reverse=True)[:1]
            move.pay_link_state = latest.state
            move.pay_link_provider_reference = latest.provider_reference

    def _compute_pay_link_errors(self):
        for move in self:
            posted_invoice = move.state == "posted" and move.move_type == "out_invoice"
            errors = move._pay_link_eligibility_errors() if posted_invoice else []
            move.pay_link_errors = "\n".join(errors)

    # --- what is due -------------------------------------------------------------

    def _pay_link_amount_due(self, excluded_tx=None):
        """What the customer owes now, as Odoo's portal says it (the residual,
        or the discounted amount within an early payment discount), less what
        links received and Odoo has not recorded on the invoice yet.

        :param excluded_tx: a payment.transaction not to count as received
        """
        self.ensure_one()
        values = self._get_invoice_next_payment_values()
        due = values["amount_due"] if values else self.amount_residual
        return max(due - self._pay_link_unrecorded_receipts(excluded_tx), 0.0)

    def _pay_link_unrecorded_receipts(self, excluded_tx=None):
        """The amount of this invoice's link payments that are done at their
        provider but not posted on the invoice yet (Odoo's post-processing
        runs a moment later)."""
        receipts = self.pay_link_ids.transaction_ids.filtered(
            lambda tx: (
                tx.state == "done"
                and tx.operation != "refund"
                and not tx.is_post_processed
                and tx != excluded_tx
            )
        )
        return sum(receipts.mapped("amount"))

    def _pay_link_default_amount(self):
        """The amount a new link asks for: the installment due when the
        company allows partial payments, else all that is due now."""
        self.ensure_one()
        values = self._get_invoice_next_payment_values()
        if self.company_id.pay_link_allow_partial and values.get(
            "installment_state"
        ) in ("next", "overdue"):
            return values["next_amount_to_pay"]
        return self._pay_link_amount_due()

    def _pay_link_settled_reason(self, excluded_tx=None):
        """Why nothing can be collected on this invoice any more, as a code of
        `const.CANCEL_REASONS`, or None while it owes something (see
        `_pay_link_amount_due` for ``excluded_tx``)."""
        self.ensure_one()
        if self.state == "cancel":
            return "invoice_cancelled"
        if self.state == "draft":
            return "invoice_draft"
        if self.payment_state == "reversed":
            return "invoice_reversed"
        if self.payment_state in SETTLED_PAYMENT_STATES or self.currency_id.is_zero(
            self._pay_link_amount_due(excluded_tx)
        ):
            return "invoice_paid"
        return None

    # --- eligibility -----------------------------------------------------------

    def _pay_link_eligibility_errors(
        self, channel=None, amount=None, email=None, phone=None
    ):
        """Every reason why this invoice cannot get a payment link now; only
        the first when it is not a posted invoice that owes something."""
        self.ensure_one()
        if self.move_type != "out_invoice":
            return [self.env._("Only customer invoices can be paid by link.")]
        settled = self._pay_link_settled_reason()
        if settled:
            return [self._pay_link_settled_error(settled)]
        amount = self._pay_link_default_amount() if amount is None else amount
        errors = self.env["pay.link"]._eligibility_errors(
            self.company_id,
            self.currency_id,
            amount,
            channel=channel,
            email=email,
            phone=phone,
            partner=self.partner_id,
        )
        errors += self._pay_link_amount_errors(amount)
        open_installments = self.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
        )
        if len(open_installments) > 1 and not self.company_id.pay_link_allow_partial:
            errors.append(
                self.env._(
                    "The invoice has several open installments and partial payment "
                    "is not allowed."
                )
            )
        return errors

    def _pay_link_settled_error(self, reason):
        messages = {
            "invoice_paid": self.env._("The invoice is already paid."),
            "invoice_reversed": self.env._(
                "The invoice was credited in full: nothing is left to pay."
            ),
            "invoice_cancelled": self.env._("The invoice is cancelled."),
            "invoice_draft": self.env._(
                "Only posted customer invoices can be paid by link."
            ),
        }
        return messages[reason]

    def _pay_link_amount_errors(self, amount):
        """The rules an amount must follow against what is due: never more
        than the residual, and all that is due unless partial payments are
        allowed."""
        errors = []
        if self.currency_id.compare_amounts(amount, self.amount_residual) > 0:
            errors.append(self.env._("The amount cannot exceed the amount due."))
        if (
            self.currency_id.compare_amounts(amount, self._pay_link_amount_due()) < 0
            and not self.company_id.pay_link_allow_partial
        ):
            errors.append(
                self.env._(
                    "Partial payment is not allowed: ask for the full amount due."
                )
            )
        return errors

    def _pay_link_check_eligibility(self, **kwargs):
        self.env["pay.link"]._raise_eligibility_errors(
            self.display_name, self._pay_link_eligibility_errors(**kwargs)
        )

    # --- actions -----------------------------------------------------------------

    def action_send_pay_link(self):
        """Open the pre-filled send form, for one invoice or a selection.

        :raise UserError: when payment links are disabled for their company
        """
        self.company_id._pay_link_check_enabled()
        return self.env["pay.link.send"]._open_for_moves(self)

    def action_new_pay_link(self):
        """Prepare a fresh link; sending it supersedes the current ones."""
        self.ensure_one()
        self.company_id._pay_link_check_enabled()
        return self.env["pay.link.send"]._open_for_moves(self, new_link=True)

    def _pay_link_live(self):
        """The link the customer can still use, if any."""
        return self.pay_link_ids.filtered(
            lambda link: link.state in ISSUED_OPEN_STATES and link._is_live()
        ).sorted("id", reverse=True)[:1]

    def _pay_link_for_portal(self):
        """The link the portal's pay buttons lead to: the invoice's live link,
        if any (sudo), so that the invoice is paid one way, once."""
        self.ensure_one()
        return self.sudo()._pay_link_live()

    def _pay_link_check_portal_payment(self):
        """:raise ValidationError: when one of these invoices has a live
        payment link, to be paid through it rather than the portal"""
        for move in self:
            link = move._pay_link_for_portal()
            if link:
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s is to be paid through its payment "
                        "link: %(url)s",
                        invoice=move.name,
                        url=link.url,
                    )
                )

    def action_pay_link_counter(self):
        """Show the customer at the counter, full screen, the QR code of the
        invoice's link they can pay now, or of a fresh one replacing the
        others (see `_pay_link_create`); the page turns to "Paid" by itself
        once the payment is done."""
        self.ensure_one()
        self.company_id._pay_link_check_enabled()
        message = self.env._("QR code shown to the customer in person.")
        link = self._pay_link_live().filtered(lambda lk: lk._is_payable())
        if link:
            link._log_event(message)
        else:
            self._pay_link_check_eligibility(channel="qr")
            link = self._pay_link_create(channel="qr")
            link._mark_issued(message, self.env.user)
        return {
            "type": "ir.actions.act_url",
            "url": link._pay_page_path("counter"),
            "target": "new",
        }

    def _pay_link_for_pdf(self):
        """The link to print on the invoice PDF: the valid one or, when the
        setting asks for it, a new one; empty when none should be printed."""
        self.ensure_one()
        company = self.company_id
        if not company.pay_link_on_pdf:
            return self.env["pay.link"]
        link = self._pay_link_live()
        if (
            link
            or not company.pay_link_create_on_pdf
            or self._pay_link_eligibility_errors(channel="link")
        ):
            return link
        link = self._pay_link_create(channel="link")
        link._mark_issued(
            self.env._("Payment link added to the invoice PDF."), self.env.user
        )
        return link

    def _pay_link_create(self, **values):
        """A draft link for the amount due, replacing the current ones;
        ``values`` override the defaults taken from the invoice.

        :raise UserError: while money is on its way through a current link
        """
        self.ensure_one()
        partner = self.partner_id
        previous = self.pay_link_ids.filtered(
            lambda link: (
                link.state not in ("paid", "cancelled") and not link.superseded_by_id
            )
        )
        previous._close_provider_sessions(raise_if_paid=True)
        link = self.env["pay.link"]._create_internal(
            {
                "move_id": self.id,
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "amount": self._pay_link_default_amount(),
                "reference": self.payment_reference or self.name,
                "recipient_name": partner.name,
                "recipient_email": partner.email,
                "customer_type": self.env["pay.link"]._customer_type_of(partner),
                **values,
            }
        )
        previous._supersede(link)
        return link

    def action_view_pay_links(self):
        """The invoice's payment links: the form of its only link, else the list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "pay_by_link.action_pay_link"
        )
        action["context"] = {"default_move_id": self.id}
        if len(self.pay_link_ids) == 1:
            action["view_mode"] = "form"
            action["views"] = [(False, "form")]
            action["res_id"] = self.pay_link_ids.id
        else:
            action["domain"] = [("move_id", "=", self.id)]
        return action

    # --- the invoice's PDF -------------------------------------------------------

    def _pay_link_invoice_pdf(self):
        """The invoice's PDF (ir.attachment), made and stored the first time
        the way Odoo's Send does (account.move.send): it becomes the invoice's
        own PDF (`invoice_pdf_report_id`), the one file the email, the portal
        and the pay page serve, and the invoice counts as sent.

        :raise UserError: when Odoo cannot make it (e.g. an error in the
            electronic invoice embedded in the PDF, or the customer's
            language, which Odoo prints it in, is not installed)
        """
        self.ensure_one()
        if not self.invoice_pdf_report_id:
            self._pay_link_check_pdf_lang()
            move_send = self.env["account.move.send"]
            move = self.with_context(mail_notrack=True)
            invoices_data = {
                move: move_send._get_default_sending_settings(
                    move, sending_methods={"manual"}
                )
            }
            move_send._generate_invoice_documents(invoices_data)
            error = invoices_data[move].get("error")
            if error:
                raise UserError(move_send._format_error_text(error))
        return self.invoice_pdf_report_id

    def _pay_link_check_pdf_lang(self):
        """:raise UserError: when the customer's language, which Odoo's
        invoice PDF is printed in, is not installed"""
        lang = self.partner_id.lang
        if lang and lang not in dict(self.env["res.lang"].get_installed()):
            raise UserError(
                self.env._(
                    "The language of %(customer)s (%(lang)s) is not installed: "
                    "Odoo cannot print the invoice PDF in it. Install it in the "
                    "settings, or send the link without the PDF.",
                    customer=self.partner_id.display_name,
                    lang=lang,
                )
            )

    def _pay_link_mark_sent(self):
        """Invoices emailed with their payment link count as sent, as with
        Odoo's Send (the email itself shows in the chatter)."""
        self.filtered(lambda move: not move.is_move_sent).sudo().with_context(
            mail_notrack=True
        ).write({"is_move_sent": True})

    # --- the invoice is settled another way --------------------------------

    def _invoice_paid_hook(self):
        """Override of `account`: the open links of a paid invoice end."""
        result = super()._invoice_paid_hook()
        self.pay_link_ids._follow_amount_due()
        return result

    def button_cancel(self):
        """Override of `account`: first, so that the links say the invoice was
        cancelled (Odoo resets a posted invoice to draft on the way).

        :raise UserError: while a payment by link is on its way
        """
        self._pay_link_end_links("invoice_cancelled")
        return super().button_cancel()

    def button_draft(self):
        """Override of `account`: the links of an invoice reset to draft end.

        :raise UserError: while a payment by link is on its way
        """
        self._pay_link_end_links("invoice_draft")
        return super().button_draft()

    def _pay_link_end_links(self, reason):
        links = self.pay_link_ids.filtered(lambda link: link.state in OPEN_STATES)
        links._close_provider_sessions(raise_if_paid=True)
        for link in links:
            link._cancel(link._settled_message(reason), reason)
