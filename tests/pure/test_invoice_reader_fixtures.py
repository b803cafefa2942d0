"""End to end over the repository's own fixtures (tests/fixtures/invoices,
made by scripts/reader_fixtures): every field of each invoice, the errors of
the bad files, the command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lib.invoice_reader import InvoiceReadError, read_invoice

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "invoices"
FIELDS = (
    "amount", "currency", "reference", "date", "due_date", "name", "customer_type",
    "email", "phone", "vat", "siren", "siret", "iban", "issuer",
)  # fmt: skip
SOURCES = {
    "text_fr_deposit.pdf": "text",
    "facturx_fr.pdf": "facturx",
    "text_de_window.pdf": "text",
    "text_en_gb.pdf": "text",
    "text_en_in.pdf": "text",
    "text_it_letter.pdf": "text",
    "receipt_paid_fr.pdf": "text",
    "credit_note_fr.pdf": "text",
    "scan_fr.pdf": "ocr",
    "scan_office_de.pdf": "ocr",
    "photo_en_gb.jpg": "photo",
    "photo_en_gb.pdf": "ocr",
}
BAD_FILES = sorted(path.stem for path in (FIXTURES / "bad").glob("*.pdf"))


def _truth(name: str) -> dict:
    stem = name.rsplit(".", 1)[0]
    return json.loads((FIXTURES / f"{stem}.json").read_text())


def _comparable(field: str, value):
    if value is None or field in ("date", "due_date"):
        return value
    if field == "amount":
        return round(float(value), 2)
    return " ".join(str(value).split()).lower()


def _accepted(field: str, truth: dict) -> set:
    values = [truth[field], *truth.get("alternatives", {}).get(field, [])]
    return {_comparable(field, value) for value in values}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_field_of_each_fixture(name):
    truth = _truth(name)
    read = read_invoice((FIXTURES / name).read_bytes(), name).to_dict()
    wrong = {
        field: (read[field], truth[field])
        for field in FIELDS
        if _comparable(field, read[field]) not in _accepted(field, truth)
    }
    assert wrong == {}
    assert read["source"] == SOURCES[name]
    assert read["warnings"] == truth.get("warnings", [])
    assert read["language"] == truth["language"]


def test_the_same_photo_as_jpeg_and_as_pdf_reads_the_same():
    jpeg = read_invoice((FIXTURES / "photo_en_gb.jpg").read_bytes()).to_dict()
    pdf = read_invoice((FIXTURES / "photo_en_gb.pdf").read_bytes()).to_dict()
    assert {field: jpeg[field] for field in FIELDS} == {
        field: pdf[field] for field in FIELDS
    }


def test_a_document_without_invoice_data_is_refused():
    with pytest.raises(InvoiceReadError) as error:
        read_invoice((FIXTURES / "not_invoice.pdf").read_bytes())
    assert error.value.code == "not_an_invoice"


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_refused_with_its_code(name):
    expected = json.loads((FIXTURES / "bad" / f"{name}.json").read_text())
    with pytest.raises(InvoiceReadError) as error:
        read_invoice((FIXTURES / "bad" / f"{name}.pdf").read_bytes(), f"{name}.pdf")
    assert error.value.code == expected["expected_error"]


def test_the_bad_files_cover_each_kind():
    assert set(BAD_FILES) == {
        "blank_page", "empty", "encrypted", "huge_page", "image_renamed",
        "not_a_pdf", "truncated",
    }  # fmt: skip


def test_cli_prints_json():
    result = _cli(FIXTURES / "text_fr_deposit.pdf")
    assert result.returncode == 0
    printed = json.loads(result.stdout)
    assert printed["amount"] == 2684.0
    assert printed["date"] == "2024-03-12"
    assert printed["source"] == "text"
    assert set(printed["confidence"]) >= {"amount", "reference", "name"}


def test_cli_reads_a_photo():
    printed = json.loads(_cli(FIXTURES / "photo_en_gb.jpg").stdout)
    assert (printed["amount"], printed["currency"]) == (372.8, "GBP")


def test_cli_rejects_with_exit_code_2():
    result = _cli(FIXTURES / "bad" / "truncated.pdf")
    assert result.returncode == 2
    assert "damaged" in result.stderr
    assert result.stdout == ""


def _cli(path: Path):
    return subprocess.run(
        [sys.executable, "-m", "lib.invoice_reader", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
