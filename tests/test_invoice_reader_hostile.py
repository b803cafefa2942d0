import base64
import io
import re
import struct
import zlib
from pathlib import Path

from lxml import html
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import NameObject, RectangleObject

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from .common import PayLinkCommon

FIXTURES = Path(__file__).parent / "fixtures" / "invoices"
HEIC_HEADER = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"  # an iPhone photo's start
PHOTO = "photo_en_gb.jpg"  # 1587 x 2151: Odoo would shrink it to 1920 px high


def blank_pdf(mediabox=None, user_unit=None):
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if mediabox:
        page[NameObject("/MediaBox")] = RectangleObject(mediabox)
    if user_unit:
        page[NameObject("/UserUnit")] = NameObject(user_unit)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bomb(side):
    """A PNG of a few hundred bytes announcing `side` x `side` pixels."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (side + 1) * 10)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", rows),
            chunk(b"IEND", b""),
        ]
    )


def tiff(frames):
    buffer = io.BytesIO()
    images = [Image.new("L", (1000, 1000), 255) for _ in range(frames)]
    images[0].save(
        buffer, "TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw"
    )
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestInvoiceReaderHostileUploads(PayLinkCommon):
    """Files made to crash the printer, blow up its memory or lie about what
    they are: a precise message, nothing created, the upload kept as it is."""

    def counts(self):
        models = ["pay.link.invoice.reader", "pay.link", "res.partner", "ir.attachment"]
        return {model: self.env[model].search_count([]) for model in models}

    def hostile_files(self):
        """(file name, content, what the message says)"""
        too_big = "too large to be read (more than 60 million pixels)"
        not_invoice = "neither a PDF nor a photo"
        no_size = "has no usable size"
        return [
            # pypdf's LimitReachedError: far more objects announced than held
            (
                "objects.pdf",
                re.sub(rb"xref\n0 \d+", b"xref\n0 99999999", blank_pdf()),
                "too complex or too large to be read safely",
            ),
            ("zero_box.pdf", blank_pdf(mediabox=(0, 0, 0, 0)), no_size),
            ("user_unit.pdf", blank_pdf(user_unit="/Huge"), no_size),
            # past PIL's own bomb limit, and under it but over ours
            ("bomb.png", png_bomb(20_000), too_big),
            ("bomb_under_pil_limit.png", png_bomb(9_000), too_big),
            ("frames.tiff", tiff(40), not_invoice),
            ("photo.heic", HEIC_HEADER + bytes(64), not_invoice),
        ]

    def test_hostile_files_give_a_precise_error_and_create_nothing(self):
        counts = self.counts()
        for name, content, message in self.hostile_files():
            with self.subTest(name):
                data = base64.b64encode(content)
                with self.assertRaisesRegex(UserError, re.escape(message)):
                    Form(self.env["pay.link.invoice.reader"]).pdf_file = data
                # saved without an onchange first: Odoo stores the attachment
                # (and would post-process an image) before the reader runs
                with (
                    self.assertRaisesRegex(UserError, re.escape(message)),
                    self.env.cr.savepoint(),
                ):
                    self.env["pay.link.invoice.reader"].web_save(
                        {"pdf_file": data, "pdf_name": name}, {"amount": {}}
                    )
                self.env.clear()  # as the failed request's rollback does
        self.assertEqual(self.counts(), counts)

    def test_a_hostile_file_replacing_an_upload_is_refused(self):
        form = Form(self.env["pay.link.invoice.reader"])
        form.pdf_file = base64.b64encode((FIXTURES / PHOTO).read_bytes())
        reader = form.save()
        with self.assertRaisesRegex(UserError, "more than 60 million pixels"):
            with self.env.cr.savepoint():
                reader.web_save(
                    {"pdf_file": base64.b64encode(png_bomb(20_000))}, {"amount": {}}
                )
        self.env.clear()  # as the failed request's rollback does
        self.assertEqual(reader._pdf_attachment().raw, (FIXTURES / PHOTO).read_bytes())


@tagged("post_install", "-at_install")
class TestInvoiceReaderPhotoDocument(PayLinkCommon, HttpCase):
    """A link made from a photo gives the customer that photo, as a photo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accept_eur()

    def link_from(self, content, name):
        # what the web client saves when a file is dropped: content and name
        reader = self.env["pay.link.invoice.reader"].web_save(
            {"pdf_file": base64.b64encode(content), "pdf_name": name}, {}
        )
        reader = self.env["pay.link.invoice.reader"].browse(reader[0]["id"])
        self.assertTrue(reader.amount, "read when saved")
        reader.currency_id = self.env.ref("base.EUR")
        self.assertEqual(reader._pdf_attachment().raw, content, "stored as uploaded")
        action = reader.action_continue()
        send = Form(self.env[action["res_model"]].with_context(**action["context"]))
        send.channel = "email"
        send.recipient_email = "accounts@example.com"
        send.save().action_send()
        return self.env["pay.link"].search([], order="id desc", limit=1)

    def test_a_photo_is_stored_read_and_served_as_uploaded(self):
        photo = (FIXTURES / PHOTO).read_bytes()
        link = self.link_from(photo, "IMG_2041.JPG")
        self.assertEqual(link.reference, "TPW-3318", "read from the photo")
        document = link._invoice_attachments()
        self.assertEqual(document.raw, photo, "not re-encoded by Odoo")
        self.assertEqual(
            (document.name, document.mimetype), ("IMG_2041.JPG", "image/jpeg")
        )
        mail = self.env["mail.mail"].search([("email_to", "=", "accounts@example.com")])
        self.assertEqual(mail.attachment_ids.mapped("name"), ["IMG_2041.JPG"])

        response = self.url_open(link._pay_page_path("invoice.pdf"))
        self.assertEqual(response.content, photo)
        self.assertEqual(response.headers["Content-Type"], "image/jpeg")
        self.assertIn("IMG_2041.JPG", response.headers["Content-Disposition"])
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        page = html.fromstring(self.url_open(link._pay_page_path()).content)
        label = page.xpath('//a[contains(@class, "o_pay_link_invoice_pdf")]')
        self.assertEqual(
            label[0].text_content().strip(), "Download the invoice (photo)"
        )

    def test_a_file_lying_about_its_extension_gets_its_true_one(self):
        pdf = (FIXTURES / "text_fr_deposit.pdf").read_bytes()
        link = self.link_from(pdf, "scan.jpg")
        document = link._invoice_attachments()
        self.assertEqual(
            (document.name, document.mimetype), ("scan.pdf", "application/pdf")
        )
        response = self.url_open(link._pay_page_path("invoice.pdf"))
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("scan.pdf", response.headers["Content-Disposition"])
