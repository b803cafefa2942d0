import base64

from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_list

from .const import RECIPIENT_FIELDS

SMS_FAILURE_STATUSES = ("exception", "bounce")
SMS_NOT_DELIVERED_ACTIVITY = "pay_by_link.mail_activity_type_sms_not_delivered"


class PayLink(models.Model):
    """Delivery: the link reaches the customer through its channel, in the
    customer's language.

    A channel ``<code>`` of `const.CHANNELS` is sent by ``_deliver_by_<code>``;
    a channel without such a method (a QR code shown in person, a link shared
    by hand) sends nothing.
    """

    _inherit = "pay.link"

    # --- the messages ------------------------------------------------------------

    def _messages(self, customer_lang=None):
        """The subject, email body and SMS text of this link (a new record
        too, to show them before sending), rendered from the templates the
        admin edits, in the customer's language as Odoo's composer does (an
        installed one, see `mail.render.mixin._render_lang`).

        :param str customer_lang: the language of a customer not created yet
            (read from the invoice PDF), when the templates give none
        :return: dict with "subject", "body", "sms_body" (str) and "lang"
            (the language code they are in)
        """
        self.ensure_one()
        template = self._email_template().with_context(pay_link_message=True)
        sms_template = self._sms_template().with_context(pay_link_message=True)
        # A new link has no id yet: render on its NewId (see `_render_field`).
        res_id = (self.move_id or self).id
        lang = template._render_lang([res_id])[res_id] or customer_lang or self.env.lang
        sms_lang = sms_template._render_lang([res_id])[res_id] or lang
        template = template.with_context(lang=lang, **self._message_values(lang))
        sms_template = sms_template.with_context(
            lang=sms_lang, **self._message_values(sms_lang)
        )
        return {
            "subject": template._render_field("subject", [res_id])[res_id],
            "body": template._render_field("body_html", [res_id])[res_id],
            "sms_body": sms_template._render_field("body", [res_id])[res_id],
            "lang": lang,
        }

    def _message_values(self, lang):
        """What the templates read from ``ctx``: the link, its amount and the
        ways to pay it, in ``lang``."""
        link = self.with_context(lang=lang)
        return {
            "pay_link_url": self.url,
            "pay_link_amount": format_amount(
                self.env, self.amount, self.currency_id, lang_code=lang
            ),
            "pay_link_methods": link._payment_methods_label(),
        }

    def _payment_methods_label(self):
        """The ways the pay page offers to pay this link, as words in the
        context's language ("Card or Instant bank transfer"); empty when it
        offers none."""
        names = self._payment_methods(self._payment_providers()).mapped("name")
        if self._offers_transfer():
            names.append(self.env._("Bank transfer"))
        return format_list(self.env, list(dict.fromkeys(names)), style="or")

    def _email_template(self):
        """The template of the sending email: on the invoice, or on the link
        when it pays a PDF made outside Odoo."""
        if not self.move_id:
            return self.env.ref("pay_by_link.mail_template_pay_link_document")
        return self.company_id.pay_link_email_template_id or self.env.ref(
            "pay_by_link.mail_template_pay_link"
        )

    def _sms_template(self):
        if not self.move_id:
            return self.env.ref("pay_by_link.sms_template_pay_link_document")
        return self.env.ref("pay_by_link.sms_template_pay_link")

    # --- sending -------------------------------------------------------------------

    def _deliver(self, subject, body, sms_body, email_cc=None, attachments=None):
        """Send the link through its channel (the subject and body of its
        email, the text of its SMS), then record it as sent.

        :param str email_cc: addresses in copy of the email, comma-separated
        :param attachments: ir.attachment of the email, by default the
            invoice PDF (see `_invoice_attachments`)
        :return: why the customer did not get it (str, translated), or None
        """
        self.ensure_one()
        # The email shows in the invoice's chatter: the invoice needs no note.
        on_invoice = self.channel != "email"
        if self.state == "draft":
            self._mark_sent(on_invoice=on_invoice)
        else:
            self._log_event(
                self.env._(
                    "Payment link sent again to %(recipient)s by %(channel)s.",
                    recipient=self._recipient_address(),
                    channel=self._channel_label(),
                ),
                on_invoice=on_invoice,
            )
        send = getattr(self, f"_deliver_by_{self.channel}", None)
        if send:
            return send(
                subject, body, sms_body, email_cc=email_cc, attachments=attachments
            )
        return None

    def _mark_sent(self, on_invoice=True):
        for link in self:
            if hasattr(link, f"_deliver_by_{link.channel}"):
                message = self.env._(
                    "Payment link sent to %(recipient)s by %(channel)s.",
                    recipient=link._recipient_address(),
                    channel=link._channel_label(),
                )
            else:
                message = self.env._("Payment link activated, to be shared by hand.")
            link._mark_issued(message, self.env.user, on_invoice=on_invoice)

    def _deliver_by_email(
        self, subject, body, _sms_body, email_cc=None, attachments=None
    ):
        if attachments is None:
            attachments = self._invoice_attachments()
        record = self.move_id or self
        self._email_template().with_context(pay_link_message=True).send_mail(
            record.id,
            email_layout_xmlid="pay_by_link.mail_notification_invoice",
            email_values={
                "subject": subject,
                "body_html": body,
                "email_to": self.recipient_email,
                "email_cc": email_cc or False,
                "recipient_ids": [],
                # The email gets its own copies, as with Odoo's Send: removing
                # one from the chatter leaves the invoice's PDF alone.
                "attachment_ids": [],
                "attachments": [
                    (attachment.name, base64.b64encode(attachment.raw))
                    for attachment in attachments
                ],
            },
        )
        self.move_id._pay_link_mark_sent()
        return None

    def _deliver_by_sms(self, _subject, _body, sms_body, **_options):
        message = self._message_sms(sms_body, sms_numbers=[self.recipient_phone])
        failed = message.sudo().notification_ids.filtered(
            lambda notification: (
                notification.notification_status in SMS_FAILURE_STATUSES
            )
        )[:1]
        if not failed:
            return None
        return self.env._(
            "The SMS to %(number)s could not be sent: %(reason)s. The link is "
            "active: send it by email or copy it.",
            number=self.recipient_phone,
            reason=failed.format_failure_reason(),
        )

    def _deliver_by_request_to_pay(self, *_messages, **_options):
        """The provider sends the customer the request to pay itself."""
        provider = (
            self.env["payment.provider"]
            .sudo()
            ._pay_link_request_to_pay_provider(self.company_id, self.currency_id)
        )
        if not provider:
            raise UserError(
                self.env._("Enable a payment provider that sends requests to pay.")
            )
        self._start_attempt(provider)._pay_link_send_request_to_pay()
        return None

    def _invoice_attachments(self):
        """The invoice PDF the customer gets (ir.attachment): the uploaded PDF
        of a link without invoice, else the invoice's own PDF, made once and
        stored the way Odoo's Send does (see
        `account.move._pay_link_invoice_pdf`).

        :raise UserError: when Odoo cannot make the invoice's PDF
        """
        if not self.move_id:
            return self.source_attachment_id.filtered(
                lambda file: (file.res_model, file.res_id) == (self._name, self.id)
            )
        return self.move_id.sudo()._pay_link_invoice_pdf()

    def _warn_sms_not_delivered(self, number, reason):
        """Log that the SMS of this link to ``number`` did not reach the
        customer (``reason``), and ask the user who sent it to reach the
        customer another way: an activity on the invoice (else on the link)."""
        self.ensure_one()
        message = self.env._(
            "The SMS to %(number)s could not be delivered: %(reason)s",
            number=number,
            reason=reason,
        )
        self._log_event(message)
        (self.move_id or self).sudo().activity_schedule(
            SMS_NOT_DELIVERED_ACTIVITY,
            summary=self.env._("Payment link SMS not delivered"),
            note=Markup("%s<br/>%s")
            % (
                message,
                self.env._(
                    "Send the payment link %(link)s by email, or call the customer.",
                    link=self.name,
                ),
            ),
            user_id=self._sender().id,
        )

    def _close_sms_warnings(self):
        """Mark done the "SMS not delivered" activities of these links (on
        their invoices, else on them): the customer was reached after all."""
        for link in self:
            (link.move_id or link).sudo().activity_feedback(
                [SMS_NOT_DELIVERED_ACTIVITY],
                feedback=self.env._("Payment link %(link)s paid.", link=link.name),
            )

    def _sender(self):
        """The user who sent the link now (not OdooBot nor a public page), else
        the one who first sent it, the salesperson, the administrator."""
        user = self.env.user
        if user._is_public() or user._is_superuser():
            user = (
                self.sent_by_id
                or self.move_id.invoice_user_id
                or self.env.ref("base.user_admin")
            )
        return user

    def _recipient_address(self):
        """Where the link went: the email or phone of its channel, else the
        customer's name."""
        field = RECIPIENT_FIELDS.get(self.channel)
        return (field and self[field]) or self.recipient_name or self.partner_id.name

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env))[
            self.channel
        ]
