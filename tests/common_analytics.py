from datetime import date, datetime, timedelta

from freezegun import freeze_time

from .common import PayLinkCommon

# When the March requests are sent (a Monday, UTC).
SENT_AT = datetime(2025, 3, 3, 9, 0)


class AnalyticsCommon(PayLinkCommon):
    """Payment requests with known dates and outcomes, made through the
    links' own methods at frozen times.

    ``cls.requests`` maps a letter to the latest link of each request sent on
    SENT_AT (hours after it in brackets):

    ===  =======  ==========================================================
    A    email    opened (0.5), paid (0.75)
    B    sms      opened (2), paid (5)
    C    link     opened (24), payment failed (25): interrupted
    D    qr       opened (3)
    E    link     never opened
    F    link     valid 7 days: expired on day 8
    G    email    opened (1), cancelled by the user (2)
    H    email    valid 7 days: expired and replaced by a reminder on day 8
                  (2 links, 1 reminder), the new link opened (193), paid (240)
    I    link     paid (48) without the pay page being opened
    ===  =======  ==========================================================

    ``cls.paid_other_way`` holds invoices paid by a registered payment,
    ``cls.invoice_days`` the expected days from invoice date to payment.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # These invoices are in the company's own currency, which the admin
        # accepts for links besides the euro.
        cls.company.write(
            {
                "pay_link_validity_days": 30,
                "pay_link_reminder_days": "7,15,30",
                "pay_link_currency_ids": [(4, cls.company.currency_id.id)],
            }
        )
        cls.requests = cls.make_march_requests()
        cls.paid_other_way = {
            "K": cls.pay_other_way(date(2025, 2, 20), date(2025, 3, 10)),
            "L": cls.pay_other_way(date(2025, 3, 1), date(2025, 3, 31)),
            "M": cls.pay_other_way(date(2025, 3, 2), date(2025, 3, 6)),
        }
        cls.invoice_days = {
            "link": {"A": 2, "B": 4, "H": 12, "I": 4},
            "other": {"K": 18, "L": 30, "M": 4},
        }

    @classmethod
    def make_march_requests(cls):
        send = cls.send_request
        march = date(2025, 3, 1)
        links = {
            "A": send("email", march, 100),
            "B": send("sms", date(2025, 2, 27), 200),
            "C": send("link", march, 300),
            "D": send("qr", march, 400),
            "E": send("link", march, 500),
            "F": send("link", march, 600, validity=7),
            "G": send("email", march, 700),
            "H": send("email", march, 800, validity=7),
            "I": send("link", march, 900),
        }
        for letter, hours in (("A", 0.5), ("B", 2), ("C", 24), ("D", 3), ("G", 1)):
            cls.open_link(links[letter], hours)
        cls.pay(links["A"], 0.75)
        cls.pay(links["B"], 5)
        cls.attempt(links["C"], 25)._set_error("Card declined")
        with freeze_time(SENT_AT + timedelta(hours=2)):
            links["G"].action_cancel()
        cls.pay(links["I"], 48)
        with freeze_time(SENT_AT + timedelta(days=8)):
            cls.env["pay.link"]._cron_expire_links()
            cls.env["pay.link"]._cron_send_reminders()
        links["H"] = links["H"]._latest_successor()
        cls.open_link(links["H"], 193)
        cls.pay(links["H"], 240)
        cls.env.invalidate_all()
        return links

    # --- helpers, at SENT_AT + ``hours`` ---------------------------------------

    @classmethod
    def send_request(cls, channel, invoice_date, amount, validity=30, sent_at=SENT_AT):
        """Post an invoice of ``amount`` (before taxes) dated ``invoice_date``
        and send it a link valid ``validity`` days."""
        with freeze_time(sent_at):
            cls.company.pay_link_validity_days = validity
            invoice = cls.init_invoice(
                "out_invoice",
                partner=cls.customer,
                invoice_date=invoice_date,
                amounts=[amount],
                post=True,
            )
            link = cls.make_link(invoice=invoice, channel=channel)
            cls.company.pay_link_validity_days = 30
            return link

    @classmethod
    def open_link(cls, link, hours, start=SENT_AT):
        with freeze_time(start + timedelta(hours=hours)):
            link._mark_opened()

    @classmethod
    def attempt(cls, link, hours, start=SENT_AT):
        """A payment attempt with the demo provider. Its ``create_date`` comes
        from the database clock, which freezegun does not move: it is set to
        the frozen time with SQL."""
        moment = start + timedelta(hours=hours)
        with freeze_time(moment):
            tx = link._start_attempt(cls.demo_provider)
        tx.flush_recordset()
        cls.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
            [moment, tx.id],
        )
        tx.invalidate_recordset(["create_date"])
        return tx

    @classmethod
    def pay(cls, link, hours, start=SENT_AT):
        """Pay ``link`` at the demo provider; the payment is posted and
        reconciled with the invoice."""
        tx = cls.attempt(link, hours, start)
        with freeze_time(start + timedelta(hours=hours)):
            tx._set_done()
            tx._post_process()
        return tx

    @classmethod
    def pay_other_way(cls, invoice_date, payment_date):
        """An invoice dated ``invoice_date``, paid by a payment registered on
        ``payment_date``."""
        invoice = cls.init_invoice(
            "out_invoice",
            partner=cls.customer,
            invoice_date=invoice_date,
            amounts=[1000.0],
            post=True,
        )
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": payment_date})._create_payments()
        return invoice

    def amounts(self, letters):
        return sum(self.requests[letter].amount for letter in letters)
