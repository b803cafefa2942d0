"""Text PDFs of the fixture invoices, drawn with reportlab (invariant output:
no timestamp, no random id, so the bytes only change when the code does)."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
pdfmetrics.registerFont(TTFont("Sans", f"{FONT_DIR}/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("Sans-Bold", f"{FONT_DIR}/DejaVuSans-Bold.ttf"))
WIDTH, HEIGHT = A4
LEFT, RIGHT = 50, WIDTH - 50


def render(spec: dict) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(spec["key"])
    LAYOUTS[spec["layout"]](pdf, spec)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _lines(pdf, x, y, lines, size=9.5, bold_first=False, leading=13):
    for index, text in enumerate(lines):
        pdf.setFont("Sans-Bold" if bold_first and index == 0 else "Sans", size)
        pdf.drawString(x, y, text)
        y -= leading
    return y


def _pairs(pdf, x, y, pairs, value_x):
    for label, value in pairs:
        pdf.setFont("Sans-Bold", 9.5)
        pdf.drawString(x, y, label)
        pdf.setFont("Sans", 9.5)
        pdf.drawString(value_x, y, value)
        y -= 14
    return y


def _table(pdf, y, header, items):
    columns = (LEFT + 4, 330, 420, RIGHT - 4)
    pdf.setFillGray(0.25)
    pdf.rect(LEFT, y - 5, RIGHT - LEFT, 18, stroke=0, fill=1)
    pdf.setFillGray(1)
    pdf.setFont("Sans-Bold", 9.5)
    for index, text in enumerate(header):
        _cell(pdf, columns, index, y, text)
    pdf.setFillGray(0)
    pdf.setFont("Sans", 9.5)
    for row in items:
        y -= 20
        for index, text in enumerate(row):
            _cell(pdf, columns, index, y, text)
    return y - 30


def _cell(pdf, columns, index, y, text):
    if index == 0:
        pdf.drawString(columns[0], y, text)
    else:
        pdf.drawRightString(columns[index], y, text)


def _totals(pdf, y, totals):
    for index, (label, value) in enumerate(totals):
        last = index == len(totals) - 1
        pdf.setFont("Sans-Bold" if last else "Sans", 11 if last else 9.5)
        pdf.drawRightString(430, y, label)
        pdf.drawRightString(RIGHT - 4, y, value)
        y -= 18
    return y - 20


def _footer(pdf, lines):
    y = 60
    for text in lines:
        pdf.setFont("Sans", 7.5)
        pdf.drawCentredString(WIDTH / 2, y, text)
        y -= 11


def classic(pdf, spec):
    seller = spec["seller"]
    _lines(pdf, LEFT, HEIGHT - 60, seller["lines"], bold_first=True)
    pdf.setFont("Sans-Bold", 20)
    pdf.drawRightString(RIGHT, HEIGHT - 60, spec["title"])
    pdf.setFont("Sans-Bold", 11)
    pdf.drawRightString(RIGHT, HEIGHT - 80, spec["number_line"])
    _pairs(pdf, LEFT, HEIGHT - 200, spec["meta"], LEFT + 115)
    pdf.setFont("Sans-Bold", 8.5)
    pdf.drawString(320, HEIGHT - 180, spec["customer_label"])
    _lines(pdf, 320, HEIGHT - 196, spec["customer"], bold_first=True)
    y = _table(pdf, HEIGHT - 340, spec["items_header"], spec["items"])
    y = _totals(pdf, y, spec["totals"])
    _lines(pdf, LEFT, y, seller.get("payment", []))
    _footer(pdf, seller.get("footer", []))


def window(pdf, spec):
    """A letterhead, the customer's address in the envelope window (no label)
    under a one-line sender address, the seller's ids and bank in the footer."""
    seller = spec["seller"]
    _lines(pdf, LEFT, HEIGHT - 55, seller["lines"], size=9, bold_first=True)
    pdf.setFont("Sans", 6.5)
    pdf.drawString(LEFT, HEIGHT - 150, seller["sender_line"])
    _lines(pdf, LEFT, HEIGHT - 166, spec["customer"], size=10)
    pdf.setFont("Sans-Bold", 18)
    pdf.drawString(LEFT, HEIGHT - 270, spec["title"])
    _pairs(pdf, 320, HEIGHT - 166, spec["meta"], 440)
    _lines(pdf, LEFT, HEIGHT - 292, spec.get("customer_contact", []))
    y = _table(pdf, HEIGHT - 350, spec["items_header"], spec["items"])
    y = _totals(pdf, y, spec["totals"])
    _lines(pdf, LEFT, y, spec.get("payment", []))
    _footer(pdf, seller.get("footer", []))


def letter(pdf, spec):
    """A business letter: the amount and the invoice number in running text."""
    seller = spec["seller"]
    _lines(pdf, LEFT, HEIGHT - 55, seller["lines"], bold_first=True)
    _lines(pdf, 330, HEIGHT - 150, spec["customer"], size=10)
    pdf.setFont("Sans", 10)
    pdf.drawString(330, HEIGHT - 230, spec["place_date"])
    y = HEIGHT - 280
    for paragraph in spec["paragraphs"]:
        y = _paragraph(pdf, y, paragraph) - 8
    _lines(pdf, LEFT, y - 10, spec.get("customer_contact", []), size=8.5)
    _footer(pdf, seller.get("footer", []))


def _paragraph(pdf, y, text, width=RIGHT - LEFT):
    pdf.setFont("Sans", 10)
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(candidate, "Sans", 10) > width:
            pdf.drawString(LEFT, y, line)
            y, line = y - 14, word
        else:
            line = candidate
    pdf.drawString(LEFT, y, line)
    return y - 14


def receipt(pdf, spec):
    """A shop's paid invoice on a narrow strip."""
    x, right = 170, 425
    y = HEIGHT - 60
    for text in spec["seller"]["lines"]:
        pdf.setFont("Sans-Bold" if y == HEIGHT - 60 else "Sans", 10)
        pdf.drawCentredString(WIDTH / 2, y, text)
        y -= 14
    pdf.setFont("Sans-Bold", 12)
    pdf.drawCentredString(WIDTH / 2, y - 12, spec["title"])
    y = _pairs(pdf, x, y - 40, spec["meta"], x + 90)
    y = _lines(pdf, x, y - 6, spec["customer"]) - 10
    pdf.setFont("Sans", 10)
    for label, value in spec["items"] + spec["totals"]:
        pdf.drawString(x, y, label)
        pdf.drawRightString(right, y, value)
        y -= 15


def prose(pdf, spec):
    y = HEIGHT - 80
    for paragraph in spec["paragraphs"]:
        y = _paragraph(pdf, y, paragraph) - 10


LAYOUTS = {
    "classic": classic,
    "window": window,
    "letter": letter,
    "receipt": receipt,
    "prose": prose,
}
