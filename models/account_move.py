from odoo import api, fields, models
from odoo.exceptions import UserError

from .pay_link import OPEN_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    pay_link_ids = fields.One2many("pay.link", "move_id", string="Payment links")
    pay_link_count = fields.Integer(compute="_compute_pay_link_count")
    pay_link_state = fields.Selection(
        selection=lambda self: self.env["pay.link"]._fields["state"].selection,
        string="Payment link",
        compute="_compute_pay_link_state",
        store=True,
        help="Status of the latest payment link of the invoice.",
    )
    pay_link_provider_reference = fields.Char(
        string="Payment ID", compute="_compute_pay_link_state", store=True
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

    # --- eligibility -----------------------------------------------------------

    def _pay_link_eligibility_errors(self, channel=None, amount=None, email=None, phone=None):
        """Every reason why this invoice cannot get a payment link now."""
        self.ensure_one()
        company = self.company_id
        _ = self.env._
        errors = []
        if not company.pay_link_enabled:
            errors.append(_("Payment links are disabled in the settings."))
        if self.move_type != "out_invoice" or self.state != "posted":
            errors.append(_("Only posted customer invoices can be paid by link."))
        if self.payment_state in ("paid", "in_payment", "reversed"):
            errors.append(_("The invoice is already paid."))
        if self.currency_id not in company.pay_link_currency_ids:
            errors.append(
                _("The currency %(currency)s is not accepted for payment links.",
                  currency=self.currency_id.name)
            )
        errors += self._pay_link_amount_errors(amount)
        if channel == "email" and not (email or self.partner_id.email):
            errors.append(_("The customer has no email address."))
        if channel == "sms" and not (phone or self.partner_id.phone or self.partner_id.mobile):
            errors.append(_("The customer has no phone number."))
        open_installments = self.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
        )
        if len(open_installments) > 1 and not company.pay_link_allow_partial:
            errors.append(
                _("The invoice has several open installments and partial payment is not allowed.")
            )
        return errors

    def _pay_link_amount_errors(self, amount):
        company = self.company_id
        due = self.amount_residual
        amount = due if amount is None else amount
        _ = self.env._
        errors = []
        if not company.pay_link_min_amount <= amount <= company.pay_link_max_amount:
            errors.append(
                _("The amount must be between %(min)s and %(max)s for online payment.",
                  min=company.pay_link_min_amount, max=company.pay_link_max_amount)
            )
        if self.currency_id.compare_amounts(amount, due) > 0:
            errors.append(_("The amount cannot exceed the amount due."))
        if self.currency_id.compare_amounts(amount, due) < 0 and not company.pay_link_allow_partial:
            errors.append(_("Partial payment is not allowed: the link must ask for the amount due."))
        return errors

    def _pay_link_check_eligibility(self, **kwargs):
        errors = self._pay_link_eligibility_errors(**kwargs)
        if errors:
            raise UserError(
                self.env._("No payment link for %(invoice)s:\n%(reasons)s",
                           invoice=self.display_name,
                           reasons="\n".join(f"- {error}" for error in errors))
            )

    # --- actions -----------------------------------------------------------------

    def action_send_pay_link(self):
        """Open the pre-filled send form, for one invoice or a selection."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send payment link"),
            "res_model": "pay.link.send",
            "view_mode": "form",
            "target": "new",
            "context": {
                **self.env.context,
                "active_model": "account.move",
                "active_ids": self.ids,
            },
        }

    def action_new_pay_link(self):
        """Prepare a fresh link; sending it supersedes the current ones."""
        self.ensure_one()
        return self.with_context(pay_link_new=True).action_send_pay_link()

    def _pay_link_live(self):
        """The link the customer can still use, if any."""
        return self.pay_link_ids.filtered(
            lambda link: link.state in ("sent", "opened", "in_progress", "interrupted")
            and link._is_live()
        ).sorted("id", reverse=True)[:1]

    def action_view_pay_links(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("pay_by_link.action_pay_link")
        action["domain"] = [("move_id", "=", self.id)]
        action["context"] = {"default_move_id": self.id}
        return action

    # --- the invoice is settled another way --------------------------------

    def _invoice_paid_hook(self):
        super()._invoice_paid_hook()
        self._pay_link_cancel_open(self.env._("The invoice was paid."))

    def button_cancel(self):
        result = super().button_cancel()
        self._pay_link_cancel_open(self.env._("The invoice was cancelled."))
        return result

    def button_draft(self):
        result = super().button_draft()
        self._pay_link_cancel_open(self.env._("The invoice was reset to draft."))
        return result

    def _pay_link_cancel_open(self, reason):
        links = self.pay_link_ids.filtered(lambda link: link.state in OPEN_STATES)
        links._cancel(reason)
