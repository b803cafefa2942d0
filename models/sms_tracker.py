from odoo import models

from .pay_link_delivery import SMS_FAILURE_STATUSES


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    def _update_sms_notifications(
        self, notification_status, failure_type=False, failure_reason=False
    ):
        """Every SMS failure, at sending (IAP answer) or later (delivery
        report), goes through here: for payment links, log it and ask the
        sender to reach the customer another way."""
        failing = self.env["sms.tracker"]
        if notification_status in SMS_FAILURE_STATUSES:
            failing = self.filtered(
                lambda tracker: (
                    tracker.mail_notification_id.mail_message_id.model == "pay.link"
                    and tracker.mail_notification_id.notification_status
                    != notification_status
                )
            )
        result = super()._update_sms_notifications(
            notification_status,
            failure_type=failure_type,
            failure_reason=failure_reason,
        )
        failing._pay_link_log_failure()
        return result

    def _pay_link_log_failure(self):
        for tracker in self:
            notification = tracker.mail_notification_id
            link = self.env["pay.link"].browse(notification.mail_message_id.res_id)
            link._warn_sms_not_delivered(
                notification.sms_number, notification.format_failure_reason()
            )
