from decimal import Decimal

import pytest

from lib.invoice_reader.amounts import find_amount_due, find_currency
from lib.invoice_reader.layout import split_lines


def _due(text):
    found = find_amount_due(split_lines(text))
    return found and found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56 €", "1234.56"),
        ("1\u00a0234,56 €", "1234.56"),
        ("1\u202f234,56 €", "1234.56"),
        ("1.234,56 EUR", "1234.56"),
        ("EUR 1,234.56", "1234.56"),
        ("€2,450.00", "2450.00"),
        ("£1,020.00", "1020.00"),
        ("12 500,00 USD", "12500.00"),
        ("2048,89 €", "2048.89"),
        ("-233,47 €", "-233.47"),
        ("29.99", "29.99"),
    ],
)
def test_amount_formats(text, expected):
    assert _due(f"Total à payer   {text}") == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["le 17.06.2024", "87 452 km", "TVA 20 %", "no amount"]
)
def test_dates_and_plain_numbers_are_no_amount(text):
    assert _due(f"Total à payer   {text}") is None


def test_remaining_amount_beats_total_and_deposit():
    text = """
        Total HT          4.350,00 EUR
        TVA 20 %            870,00 EUR
        Montant TTC       5.220,00 EUR
        Acompte versé le 12/02/2024   1.500,00 EUR
        Reste à payer     3.720,00 EUR
    """
    assert _due(text) == Decimal("3720.00")


def test_gross_total_when_no_balance_line():
    text = """
        Total HT     1 234,90 €
        TVA 10 %       117,25 €
        Montant TTC  1 364,63 €
    """
    assert _due(text) == Decimal("1364.63")


def test_bare_total_skips_subtotal_and_tax_lines():
    text = """
        Subtotal       $ 262.90
        Tax 15% on $ 112.90      $ 16.94
        Total          $ 279.84
    """
    assert _due(text) == Decimal("279.84")


def test_amount_mentioned_as_included_is_not_the_total():
    text = """
        Rechnungsbetrag      669,97 EUR
        Im Rechnungsbetrag enthaltene Lohnkosten: 525,00 EUR (netto).
    """
    assert _due(text) == Decimal("669.97")


@pytest.mark.parametrize(
    ("label", "amount"),
    [
        ("Net à payer", "3 636,00 €"),
        ("Solde dû", "1.155,55 €"),
        ("Balance due", "£1,020.00"),
        ("Zahlbetrag", "3.935,81 €"),
        ("Te betalen", "€ 2.618,20"),
        ("Saldo adeudado", "1721.00"),
    ],
)
def test_amount_due_labels_in_several_languages(label, amount):
    text = f"Total HT   99,00\n{label}     {amount}"
    assert _due(text) == _due(f"Total à payer   {amount}")


def test_amount_printed_under_its_label():
    text = "   Montant du prélèvement\n      29.99 €"
    assert _due(text) == Decimal("29.99")


def test_no_amount():
    assert find_amount_due(split_lines("This is not an invoice.")) is None


def test_currency_printed_with_the_amount_due():
    lines = split_lines("Prices in EUR\nTotal due   $ 10.00")
    assert find_currency(lines, 1) == ("USD", 0.95)


def test_currency_absent():
    assert find_currency(split_lines("Saldo adeudado  1721.00"), 0) == (None, 0.0)
