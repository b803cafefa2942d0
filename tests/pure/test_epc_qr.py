from decimal import Decimal

import pytest

from lib.epc_qr import EpcQrError, epc_payload

IBAN = "DE89370400440532013000"
HEADER = "BCD\n002\n1\nSCT\n"


def payload_lines(**kwargs):
    arguments = {"iban": IBAN, "beneficiary_name": "Muster GmbH"}
    arguments["amount"] = Decimal("10")
    arguments.update(kwargs)
    return epc_payload(**arguments).split("\n")


def test_full_payload_with_unstructured_text():
    payload = epc_payload(
        "de89 3704 0044 0532 0130 00",
        "Muster GmbH",
        Decimal("12.30"),
        bic="cobadeffxxx",
        text="Invoice INV/2025/0001",
        purpose="gdds",
        info="Thank you",
    )
    assert payload == (
        HEADER + "COBADEFFXXX\nMuster GmbH\nDE89370400440532013000\nEUR12.3\n"
        "GDDS\n\nInvoice INV/2025/0001\nThank you"
    )


def test_structured_reference_is_compacted_and_uppercased():
    payload = epc_payload(
        IBAN, "Muster GmbH", Decimal("5"), structured_reference="rf18 5390 0754 7034"
    )
    assert payload == (HEADER + "\nMuster GmbH\n" + IBAN + "\nEUR5\n\nRF18539007547034")


def test_trailing_empty_lines_are_dropped():
    payload = epc_payload(IBAN, "Muster GmbH", Decimal("1"))
    assert payload == HEADER + "\nMuster GmbH\n" + IBAN + "\nEUR1"


def test_info_alone_keeps_the_empty_lines_before_it():
    assert payload_lines(info="Hi")[8:] == ["", "", "", "Hi"]


def test_name_of_70_characters_is_kept():
    assert payload_lines(beneficiary_name="N" * 70)[5] == "N" * 70


def test_name_of_71_characters_is_cut_to_exactly_70():
    assert payload_lines(beneficiary_name="N" * 70 + "X")[5] == "N" * 70


def test_text_and_info_are_cut_to_exactly_their_limit():
    lines = payload_lines(text="T" * 141, info="I" * 71)
    assert (lines[10], lines[11]) == ("T" * 140, "I" * 70)


def test_line_breaks_in_free_texts_become_spaces():
    lines = payload_lines(beneficiary_name=" Muster\nGmbH ", text="a\r\nb\tc")
    assert (lines[5], lines[10]) == ("Muster GmbH", "a b c")


def test_accented_letter_counts_as_one_character():
    name = "é" * 71
    assert payload_lines(beneficiary_name=name)[5] == "é" * 70


def test_byte_limit_shortens_info_then_text():
    payload = epc_payload(
        IBAN, "é" * 70, Decimal("1"), bic="COBADEFFXXX", text="é" * 140, info="€" * 70
    )
    assert payload == (
        HEADER + "COBADEFFXXX\n" + "é" * 70 + "\n" + IBAN + "\nEUR1\n\n\n" + "é" * 67
    )
    assert len(payload.encode()) == 331


def test_byte_limit_shortens_info_only_when_that_is_enough():
    lines = payload_lines(text="T" * 140, info="€" * 70)
    assert lines[10] == "T" * 140
    assert len("\n".join(lines).encode()) == 331
    assert lines[11] == "€" * len(lines[11])


def test_byte_limit_shortens_name_as_last_resort():
    payload = epc_payload(
        IBAN,
        "😀" * 70,
        Decimal("999999999.99"),
        bic="COBADEFFXXX",
        purpose="GDDS",
        structured_reference="RF18539007547034",
    )
    name = payload.split("\n")[5]
    assert 331 - 3 <= len(payload.encode()) <= 331
    assert name == "😀" * len(name)
    assert payload.endswith("\nGDDS\nRF18539007547034")


def test_maximum_amount():
    assert payload_lines(amount=Decimal("999999999.99"))[7] == "EUR999999999.99"


def test_minimum_amount():
    assert payload_lines(amount=Decimal("0.01"))[7] == "EUR0.01"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("12.30"), "EUR12.3"),
        (Decimal("12.300"), "EUR12.3"),
        (Decimal("0.10"), "EUR0.1"),
        (Decimal("20.00"), "EUR20"),
        (Decimal("1000"), "EUR1000"),
        (Decimal("1E+3"), "EUR1000"),
        (7, "EUR7"),
        ("7.50", "EUR7.5"),
    ],
)
def test_amount_uses_shortest_exact_form(amount, expected):
    assert payload_lines(amount=amount)[7] == expected


@pytest.mark.parametrize(
    "amount",
    ["0", "0.00", "0.009", "-1", "1000000000", "999999999.991", "12.345"],
)
def test_amount_out_of_range_or_too_precise_is_refused(amount):
    with pytest.raises(EpcQrError, match="Amount"):
        payload_lines(amount=Decimal(amount))


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), "abc"])
def test_amount_that_is_not_a_finite_number_is_refused(amount):
    with pytest.raises(EpcQrError, match="Amount"):
        payload_lines(amount=amount)


def test_non_eur_currency_is_refused():
    with pytest.raises(EpcQrError, match="only support EUR"):
        payload_lines(currency="USD")


def test_structured_and_unstructured_together_are_refused():
    with pytest.raises(EpcQrError, match="not both"):
        payload_lines(structured_reference="RF18539007547034", text="Invoice 1")


@pytest.mark.parametrize(
    "iban", ["DE89370400440532013001", "DE8937040044053201300", "XX00", "", None]
)
def test_invalid_iban_is_refused(iban):
    with pytest.raises(EpcQrError, match="Invalid IBAN"):
        payload_lines(iban=iban)


@pytest.mark.parametrize("reference", ["RF19539007547034", "RF18 5390 0754 7034 X"])
def test_invalid_rf_reference_is_refused(reference):
    with pytest.raises(EpcQrError, match="Invalid RF creditor reference"):
        payload_lines(structured_reference=reference)


def test_invalid_bic_is_refused():
    with pytest.raises(EpcQrError, match="Invalid BIC"):
        payload_lines(bic="COBADE")


@pytest.mark.parametrize("purpose", ["GDDSX", "GD-S"])
def test_invalid_purpose_is_refused(purpose):
    with pytest.raises(EpcQrError, match="purpose"):
        payload_lines(purpose=purpose)


@pytest.mark.parametrize("name", ["", "  \n ", None])
def test_missing_beneficiary_name_is_refused(name):
    with pytest.raises(EpcQrError, match="beneficiary name"):
        payload_lines(beneficiary_name=name)


def test_error_is_a_value_error():
    assert issubclass(EpcQrError, ValueError)
