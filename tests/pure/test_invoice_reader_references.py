import pytest

from lib.invoice_reader.layout import split_lines
from lib.invoice_reader.references import find_reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Facture n° FA-2024-0457", "FA-2024-0457"),
        ("FACTURE — Facture n° MCRA-F-2404-0193", "MCRA-F-2404-0193"),
        ("Facture n°562044387 du 02 Juillet 2015", "562044387"),
        ("Invoice no. INV-10293", "INV-10293"),
        ("Invoice # RE-20201121/508 issued at 2020-11-21", "RE-20201121/508"),
        ("Invoice Number:          42183017", "42183017"),
        ("Rechnungsnummer: 2014-03", "2014-03"),
        ("Factuurnummer F-2024-0088", "F-2024-0088"),
        ("Facture 2024/0347", "2024/0347"),
        ("Invoice VT/2022/0001", "VT/2022/0001"),
        ("FACTURA\nINV/2024/00005", "INV/2024/00005"),
    ],
)
def test_find_reference(text, expected):
    assert find_reference(split_lines(text))[0] == expected


def test_order_and_customer_numbers_are_not_the_reference():
    text = """
N° client :        CLI-00458
Bon de commande :  BC-2024-0117
Facture à régler par virement
Facture n° FA-2024-0457
"""
    assert find_reference(split_lines(text))[0] == "FA-2024-0457"


def test_no_reference():
    assert find_reference(split_lines("This is an empty invoice for tests.")) == (
        None,
        0.0,
    )
