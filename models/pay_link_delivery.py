from odoo import fields, models
from odoo.exceptions import UserError

from .const import RECIPIENT_FIELDS


class PayLink(models.Model):
    """Delivery: the link reaches the customer through its channel.

    A channel ``<code>`` of `const.CHANNELS` is sent by ``_deliver_by_<code>``;
    a channel without such a method (a QR code shown in person, a link shared
    by hand) sends nothing.
    """

    _inherit = "pay.link"

    def _deliver(self, subject, body, sms_body):
        """Send the link through its channel (the subject and body of its
        email, the text of its SMS), then record it as sent."""
        self.ensure_one()
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
        send = getattr(self, f"_deliver_by_{self.channel}", None)
        if send:
            send(subject, body, sms_body)

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

    def _deliver_by_email(self, subject, body, _sms_body):
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

    def _deliver_by_sms(self, _subject, _body, sms_body):
        self._message_sms(sms_body, sms_numbers=[self.recipient_phone])

    def _deliver_by_request_to_pay(self, _subject, _body, _sms_body):
        """The provider sends the customer the request to pay itself."""
        provider = (
            self.env["payment.provider"]
            .sudo()
            ._pay_link_request_to_pay_provider(self.company_id)
        )
        if not provider:
            raise UserError(
                self.env._("Enable a payment provider that sends requests to pay.")
            )
        self._start_attempt(provider)._pay_link_send_request_to_pay()

    def _email_template(self):
        """The template of the sending email: on the invoice, or on the link
        when it pays a PDF made outside Odoo."""
        if not self.move_id:
            return self.env.ref("pay_by_link.mail_template_pay_link_document")
        return self.company_id.pay_link_email_template_id or self.env.ref(
            "pay_by_link.mail_template_pay_link"
        )

    def _invoice_attachments(self):
        """The invoice PDF the customer gets (ir.attachment): the uploaded
        PDF, the invoice's stored PDF, or the invoice rendered now."""
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
        """Where the link went: the email or phone of its channel, else the
        customer's name."""
        field = RECIPIENT_FIELDS.get(self.channel)
        return (field and self[field]) or self.recipient_name or self.partner_id.name

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env))[
            self.channel
        ]
