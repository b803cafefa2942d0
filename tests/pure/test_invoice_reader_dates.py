import datetime

import pytest

from lib.invoice_reader.dates import find_dates, parse_date
from lib.invoice_reader.layout import split_lines

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08/03/2024", D(2024, 3, 8)),
        ("30-09-2024", D(2024, 9, 30)),
        ("03.06.2024", D(2024, 6, 3)),
        ("26.10.22", D(2022, 10, 26)),
        ("2024-05-02", D(2024, 5, 2)),
        ("14 March 2024", D(2024, 3, 14)),
        ("3 juillet 2024", D(2024, 7, 3)),
        ("02 Juillet 2015", D(2015, 7, 2)),
        ("15 april 2024", D(2024, 4, 15)),
        ("11. Juli 2014", D(2014, 7, 11)),
        ("1er février 2024", D(2024, 2, 1)),
        ("August 3 , 2014", D(2014, 8, 3)),
    ],
)
def test_parse_date_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["04-78-12-34-56", "01.23.45.67.89", "31/02/2024"])
def test_phone_numbers_and_impossible_dates_are_not_dates(text):
    assert parse_date(text) is None


def _dates(text):
    (date, _), (due, _) = find_dates(split_lines(text))
    return date, due


def test_labelled_invoice_and_due_dates():
    text = """
Date de facture :   08/03/2024        Facturer à
Date d'échéance :   07/04/2024        Boulangerie
Date de livraison : 04/03/2024
"""
    assert _dates(text) == (D(2024, 3, 8), D(2024, 4, 7))


def test_us_order_detected_from_an_unambiguous_date():
    text = """
Invoice Date:         Due Date:
03/20/2023            04/04/2023
"""
    assert _dates(text) == (D(2023, 3, 20), D(2023, 4, 4))


def test_payment_term_instead_of_due_date():
    text = """
Date de facture   15/02/2024
Date d'échéance   Paiement à réception de facture
Devis accepté D-2024-031 du 12/01/2024
"""
    assert _dates(text) == (D(2024, 2, 15), None)


def test_german_labels():
    text = "Rechnungsdatum :  03.06.2024\nZahlbar bis :  17.06.2024"
    assert _dates(text) == (D(2024, 6, 3), D(2024, 6, 17))
