from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .const import (
    REMINDER_BATCH_SIZE,
    REMINDER_CHANNELS,
    REMINDER_STATES,
    SETTLED_PAYMENT_STATES,
)


class PayLink(models.Model):
    """Reminders: unpaid links sent by email or SMS are reminded on the
    company's reminder days, counted from the first sending."""

    _inherit = "pay.link"

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
                    ("move_id.payment_state", "not in", SETTLED_PAYMENT_STATES),
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
        self._follow_amount_due()
        reminded = self.browse()
        for link, day in days.items():
            target = link._reminder_target()
            if target:
                target._write_internal(
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
        Empty when it ended meanwhile, or (and reminders stopped) when no fresh
        link can be issued."""
        if self.state in ("cancelled", "paid"):
            return self.browse()
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
                links.ids, email_layout_xmlid="pay_by_link.mail_notification_invoice"
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
