import pytest

from lib.identifiers import (
    CompanyId,
    InvalidCompanyIdError,
    InvalidPhoneError,
    NormalizedPhone,
    normalize_phone,
    parse_company_id,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06.12.34.56.78", NormalizedPhone("+33612345678", True, True)),
        ("04-78-12-34-56", NormalizedPhone("+33478123456", True, False)),
        ("01 42 68 53 00", NormalizedPhone("+33142685300", True, False)),
        ("+33 (0)1 44 55 66 77", NormalizedPhone("+33144556677", False, False)),
        ("0033 5 56 78 90 12", NormalizedPhone("+33556789012", False, False)),
        ("+33 7 81 23 45 67", NormalizedPhone("+33781234567", False, True)),
        ("+49 (0)221 3456789", NormalizedPhone("+492213456789", False, False)),
        ("+49 151 23456789", NormalizedPhone("+4915123456789", False, True)),
        ("+1 (707) 555-0132", NormalizedPhone("+17075550132", False, True)),
    ],
)
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


def test_normalize_phone_other_default_region():
    assert normalize_phone("07911 123456", "GB") == NormalizedPhone(
        "+447911123456", True, True
    )


@pytest.mark.parametrize("raw", ["", "hello", "12", "07700 900123", "01 02"])
def test_normalize_phone_rejects(raw):
    with pytest.raises(InvalidPhoneError):
        normalize_phone(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("775 609 878", CompanyId("siren", "775609878")),
        ("532 871 902 00187", CompanyId("siret", "53287190200187")),
        ("FR 28 498765437", CompanyId("vat", "FR28498765437")),
        ("fr40532871902", CompanyId("vat", "FR40532871902")),
        ("BE 0123.456.749", CompanyId("vat", "BE0123456749")),
        ("DE199952957", CompanyId("vat", "DE199952957")),
    ],
)
def test_parse_company_id(raw, expected):
    assert parse_company_id(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["987654321", "98765432100029", "FR05987654321", "DE123", "", "not an id"],
)
def test_parse_company_id_rejects_bad_check_digits(raw):
    with pytest.raises(InvalidCompanyIdError):
        parse_company_id(raw)
