from datetime import timedelta

from odoo import api, fields, models

# Signed webhooks older than a few minutes are refused anyway: a week is plenty.
RETENTION = timedelta(days=7)


class PayLinkWebhookEvent(models.Model):
    _name = "pay.link.webhook.event"
    _description = "Provider notification already processed"
    _order = "id desc"

    provider_code = fields.Char(required=True, readonly=True)
    key = fields.Char(
        required=True,
        readonly=True,
        help="Signed request id of the notification, or the digest of its body.",
    )
    transaction_id = fields.Many2one(
        "payment.transaction", readonly=True, ondelete="cascade"
    )

    _sql_constraints = [
        (
            "key_unique",
            "UNIQUE(provider_code, key)",
            "A notification is processed once.",
        ),
    ]

    @api.model
    def _record_once(self, transaction, key):
        """Record a notification; False when it was recorded before (a replay).

        A concurrent twin waits for the first one's commit, then gets False.
        """
        self.env.cr.execute(
            """INSERT INTO pay_link_webhook_event
                   (provider_code, key, transaction_id, create_uid, create_date,
                    write_uid, write_date)
               VALUES (%s, %s, %s, %s, now() at time zone 'UTC',
                       %s, now() at time zone 'UTC')
               ON CONFLICT (provider_code, key) DO NOTHING
               RETURNING id""",
            [
                transaction.provider_code,
                key,
                transaction.id,
                self.env.uid,
                self.env.uid,
            ],
        )
        return bool(self.env.cr.fetchone())

    @api.autovacuum
    def _gc_old_events(self):
        self.search([("create_date", "<", fields.Datetime.now() - RETENTION)]).unlink()
