"""Labels, currencies and layouts of invoices in the languages the reader
knows, on text fixtures written for each case."""

from decimal import Decimal

import pytest

from lib.invoice_reader.amounts import find_amount_due, find_currency
from lib.invoice_reader.customer import find_customer
from lib.invoice_reader.document_kind import is_credit_note, is_settled
from lib.invoice_reader.language import detect_language, tesseract_languages
from lib.invoice_reader.layout import split_lines
from lib.invoice_reader.references import find_reference
from lib.invoice_reader.seller import find_seller, seller_block_test
from lib.invoice_reader.text_fields import fields_from_text
from lib.invoice_reader.vocabulary import is_customer_label


def _due(text: str, ocr: bool = False):
    found = find_amount_due(split_lines(text), ocr)
    return found and found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Totale da pagare          5.490,00 EUR", "5490.00"),  # it
        ("Importe a pagar:   1.250,40 €", "1250.40"),  # es
        ("Totaal te betalen   € 2.618,20", "2618.20"),  # nl
        ("Zu zahlender Betrag   1.010,91 EUR", "1010.91"),  # de
        ("Total amount payable   Rs. 1,86,000.00", "186000.00"),  # en-IN
        ("Amount due   A$1,320.00", "1320.00"),  # en-AU
        ("Montant dû       2 125,75 €", "2125.75"),  # fr
    ],
)
def test_amount_due_labels_per_language(text, expected):
    assert _due(f"Imponibile / Net   99,00\n{text}") == Decimal(expected)


def test_indian_digit_grouping():
    assert _due("Total amount payable   ₹1,50,000.00") == Decimal("150000.00")
    assert _due("Balance due   12,34,567.89") == Decimal("1234567.89")


@pytest.mark.parametrize(
    ("line", "currency"),
    [
        ("Total payable  ₹1,86,000.00", "INR"),
        ("Total payable  Rs. 1,86,000.00", "INR"),
        ("Balance due  £372.80", "GBP"),
        ("Zu zahlen  CHF 1'234.50", "CHF"),
        ("Totale  5.490,00 EUR", "EUR"),
        ("Amount due  A$1,320.00", "AUD"),
    ],
)
def test_currency_symbols_and_words(line, currency):
    assert find_currency([line], 0)[0] == currency


def test_amount_due_in_running_text_wrapped_to_the_next_line():
    text = """\
L'onorario ammonta a 4.500,00 EUR imponibile, più IVA al 22% pari a 990,00 EUR,
per un totale da pagare di
5.490,00 EUR, entro il 17/04/2024.
"""
    assert _due(text) == Decimal("5490.00")


def test_invoice_number_in_running_text():
    line = "Vi trasmettiamo la fattura n. 2024/031 del 18/03/2024 relativa ai lavori."
    assert find_reference([line])[0] == "2024/031"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Numero fattura: FT-118", "FT-118"),
        ("Factura nº A-2024-77", "A-2024-77"),
        ("Factuurnummer: 2024-0088", "2024-0088"),
        ("Rechnungs-Nr. RE-9", "RE-9"),
        ("Tax Invoice No: NSS/2024-25/117", "NSS/2024-25/117"),
    ],
)
def test_invoice_number_labels_per_language(text, expected):
    assert find_reference(split_lines(text))[0] == expected


def test_amount_labels_garbled_by_ocr_are_a_fallback():
    text = "Total HT   1 902,50 €\nMontant dé   2 125,75 €"
    assert _due(text) is None
    assert _due(text, ocr=True) == Decimal("2125.75")


@pytest.mark.parametrize(
    ("label", "garbled", "expected"),
    [
        ("Facturer à", False, True),
        ("Spett.le", False, True),
        ("Rechnungsempfänger", False, True),
        ("Faciurer à", True, True),  # OCR
        ("Bilto", True, True),
        ("Faciurer à", False, False),  # a text layer is taken as printed
        ("Customer ID", True, False),
        ("Invoice Date", True, False),
        ("FACTURE", True, False),
    ],
)
def test_customer_labels(label, garbled, expected):
    assert is_customer_label(label, garbled=garbled) is expected


def test_credit_note_title():
    assert is_credit_note(["AVOIR", "Avoir n° AV-7"])
    assert is_credit_note(["Nota di credito n. 12"])
    assert not is_credit_note(["FACTURE", "Date de l'avoir :"])


def test_settled_document():
    assert is_settled(["FACTURE ACQUITTÉE", "Total TTC  98,90 €"])
    assert is_settled(["Total  98,90 €", "Balance   0.00"])
    assert not is_settled(["Total  98,90 €", "Acompte payé le 01/03   50,00 €"])


def test_settled_and_credit_note_amounts_and_warnings():
    paid = fields_from_text(split_lines("Facture n° T-1\nPAID\nTotal 98,90 €"), {})
    assert (paid.amount, paid.warnings) == (Decimal(0), ["already_paid"])
    credit_note = "AVOIR\nAvoir n° AV-7\nTotal TTC 240,00 €"
    credit = fields_from_text(split_lines(credit_note), {})
    assert (credit.amount, credit.warnings) == (Decimal("-240.00"), ["credit_note"])


@pytest.mark.parametrize(
    ("text", "language", "models"),
    [
        ("RECHNUNG  Rechnungsdatum  Betrag  MwSt", "de", "deu+eng"),
        ("FACTUUR  Factuurdatum  Te betalen  BTW", "nl", "nld+eng"),
        ("FACTURA  Fecha  Importe  IVA  Cliente", "es", "spa+eng"),
        ("FATTURA  Data  Importo  Scadenza", "it", "ita+eng"),
        ("INVOICE  Amount due  Bill to", "en", "fra+eng"),
        ("FACTURE  Montant  Net à payer", "fr", "fra+eng"),
    ],
)
def test_language_and_its_ocr_models(text, language, models):
    assert detect_language(text) == language
    assert tesseract_languages(language) == models


UNLABELLED = """\
Studio Rossi Architetti S.r.l.
Via dei Mille 24, 20121 Milano
P. IVA IT07654320014


                                                  Molino Bianchi S.p.A.
                                                  Via Emilia 301
                                                  40126 Bologna

Bonifico su IBAN IT60 X054 2811 1010 0000 0123 456


        Studio Rossi Architetti S.r.l. - P. IVA IT07654320014
"""


def test_unlabelled_customer_block_is_not_the_sellers():
    lines = split_lines(UNLABELLED)
    customer = find_customer(lines, is_seller=seller_block_test(lines))
    assert customer.name == "Molino Bianchi S.p.A."
    seller = find_seller(lines, customer.block)
    assert seller.name == "Studio Rossi Architetti S.r.l."
    assert seller.ids["vat"].value == "IT07654320014"
    assert seller.iban == "IT60X0542811101000000123456"


def test_customer_vat_beside_the_address_differs_from_the_sellers():
    text = """\
Klein GmbH • Hafenstraße 8 • 20457 Hamburg
Bäckerei Sommer OHG                               Kundennummer: K-4471
Lindenallee 17                                    USt-IdNr.: DE273645199
22301 Hamburg










Klein GmbH - USt-IdNr. DE815247031
"""
    fields = fields_from_text(split_lines(text), {})
    assert (fields.name, fields.vat) == ("Bäckerei Sommer OHG", "DE273645199")
    assert fields.issuer_vat == "DE815247031"
