from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.identifiers import InvalidPhoneError, normalize_phone


class PayLinkSend(models.TransientModel):
    """The send form for a selection of invoices: one link per invoice to
    its customer. An invoice's valid link is sent again, not replaced; the
    invoices that will get nothing are listed, with their reasons, before
    sending."""

    _inherit = "pay.link.send"

    batch_report = fields.Text(compute="_compute_batch_report")
    batch_notice = fields.Text(compute="_compute_batch_report")
    batch_transfer_only = fields.Boolean(compute="_compute_batch_report")

    @api.depends("move_ids", "channel", "confirm_transfer_only")
    def _compute_batch_report(self):
        for wizard in self:
            refused, reused = [], []
            wizard.batch_transfer_only = False
            for move in wizard.move_ids if wizard.is_batch else []:
                wizard.batch_transfer_only |= bool(wizard._batch_transfer_only(move))
                errors = wizard._batch_errors(move)
                link = wizard._batch_reused_link(move)
                if errors:
                    refused.append(self._batch_line(move, " ".join(errors)))
                elif link:
                    reused.append(
                        self.env._(
                            "%(invoice)s: its valid link %(link)s is sent again.",
                            invoice=move.display_name,
                            link=link.name,
                        )
                    )
            wizard.batch_report = "\n".join(refused)
            wizard.batch_notice = "\n".join(reused)

    def _batch_errors(self, move):
        """Why ``move`` gets no link from this form: its eligibility, a
        payment in progress on its link, a number that cannot receive SMS.

        :return: translated sentences (list of str)
        """
        errors = move._pay_link_eligibility_errors(channel=self.channel)
        live = move._pay_link_live()
        if live.state == "in_progress":
            errors.append(
                self.env._(
                    "A payment is in progress on its link %(link)s.", link=live.name
                )
            )
        if self.channel == "sms" and not errors:
            _number, error = self._batch_mobile_number(move.partner_id)
            errors += [error] if error else []
        if not errors and not self.confirm_transfer_only and not live:
            if self._batch_transfer_only(move):
                errors.append(
                    self.env._(
                        "Only a bank transfer can pay it (no payment provider "
                        "takes it): tick “Send it for a transfer only”."
                    )
                )
        return errors

    def _batch_transfer_only(self, move):
        """The warning when only a bank transfer could pay a new link of
        ``move`` (see `pay.link._transfer_only_warning`), else None."""
        return self.env["pay.link"]._transfer_only_warning(
            move.company_id,
            move.partner_id,
            move._pay_link_default_amount(),
            move.currency_id,
            move,
        )

    def _batch_line(self, move, text):
        return self.env._("%(invoice)s: %(text)s", invoice=move.display_name, text=text)

    def _batch_reused_link(self, move):
        """The valid link of ``move`` that sending keeps, if any."""
        return move._pay_link_live().filtered(lambda link: link._is_payable())

    def _send_batch(self):
        """One link per eligible invoice; each invoice succeeds or fails
        alone, and the refused ones are listed with their reasons."""
        sent, refused, undelivered = self.env["pay.link"], [], []
        reused = self.move_ids.filtered(self._batch_reused_link)
        for move in self.move_ids:
            errors = self._batch_errors(move)
            if not errors:
                try:
                    with self.env.cr.savepoint():
                        link = self._batch_link(move)
                        messages = link._messages()
                        warning = link._deliver(
                            messages["subject"],
                            messages["body"],
                            messages["sms_body"],
                        )
                    sent |= link
                    if warning:
                        undelivered.append(self._batch_line(move, warning))
                except UserError as error:
                    errors.append(error.args[0])
            if errors:
                refused.append(self._batch_line(move, " ".join(errors)))
        return self._batch_notification(
            sent, reused & sent.move_id, refused, undelivered
        )

    def _batch_link(self, move):
        """The link to send for ``move``: its valid one, else a new one."""
        values = {"channel": self.channel}
        if self.channel == "sms":
            values["recipient_phone"] = self._batch_mobile_number(move.partner_id)[0]
        link = self._batch_reused_link(move)
        if link:
            link._write_internal(values)
            return link
        return move._pay_link_create(**values)

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

    def _batch_notification(self, sent, reused, refused, undelivered):
        lines = [self.env._("%(count)s payment link(s) sent.", count=len(sent))]
        if reused:
            lines.append(
                self.env._(
                    "Valid links sent again, unchanged: %(invoices)s",
                    invoices=", ".join(reused.mapped("display_name")),
                )
            )
        if refused:
            lines += [self.env._("Not sent:"), *refused]
        if undelivered:
            lines += [self.env._("Not delivered:"), *undelivered]
        level = "warning" if refused or undelivered else "success"
        return self._notification("\n".join(lines), level)
