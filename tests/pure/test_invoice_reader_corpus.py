"""End-to-end tests over the shared invoice corpus (<repo>/../shared/corpus,
or $PAY_BY_LINK_CORPUS). A missing corpus is a failure, not a skip."""

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lib import invoice_reader
from lib.invoice_reader import InvoiceReadError, read_invoice

REPO = Path(invoice_reader.__file__).resolve().parents[2]
# the corpus' suggested error kinds, and the reader's codes for them
EXPECTED_CODES = {
    "not_pdf": "not_pdf",
    "corrupt_pdf": "damaged",
    "encrypted_pdf": "encrypted",
    "empty_file": "empty",
    "file_too_large": "too_large",
    "no_text": "unreadable_page",
    "not_an_invoice": "not_an_invoice",
}
BAD_FILES = (
    "empty",
    "encrypted",
    "image_renamed",
    "no_text_blank",
    "not_a_pdf",
    "not_an_invoice",
    "too_large",
    "truncated",
)


@pytest.fixture(scope="module")
def corpus() -> Path:
    folder = Path(
        os.environ.get("PAY_BY_LINK_CORPUS") or REPO.parent / "shared" / "corpus"
    )
    if not (folder / "README.md").is_file():
        pytest.fail(
            f"invoice corpus not found at {folder}: put it beside the repository "
            "(shared/corpus) or set PAY_BY_LINK_CORPUS"
        )
    return folder


def _read(corpus: Path, relative: str):
    return read_invoice((corpus / relative).read_bytes())


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_rejected_with_its_code(corpus, name):
    expected = json.loads((corpus / "bad" / f"{name}.json").read_text())
    with pytest.raises(InvoiceReadError) as error:
        _read(corpus, f"bad/{name}.pdf")
    assert error.value.code == EXPECTED_CODES[expected["expected_error"]]


def test_bad_folder_has_no_untested_file(corpus):
    assert {path.stem for path in (corpus / "bad").glob("*.pdf")} == set(BAD_FILES)


def test_text_invoice_with_deposit_and_decoys(corpus):
    fields = _read(corpus, "generated/g03_fr_b2b_acompte_lo.pdf")
    assert fields.source == "text"
    assert fields.amount == Decimal("3720.00")
    assert (fields.reference, fields.currency) == ("BEL-24-0031", "EUR")
    assert fields.date == datetime.date(2024, 3, 20)
    assert fields.due_date == datetime.date(2024, 4, 19)
    assert fields.name == "Cabinet Lefèvre Avocats SELARL"
    assert fields.customer_type == "company"
    assert fields.phone == "+33 (0)1 44 55 66 77"
    assert (fields.phone_e164, fields.phone_region_assumed) == ("+33144556677", False)
    assert fields.vat == "FR28498765437"
    assert fields.siret is None  # the seller's SIRET is in the footer
    assert fields.iban == "FR7614445004040800123456794"


def test_text_invoice_seller_and_customer_ids(corpus):
    fields = _read(corpus, "generated/g19_fr_esn_identifiants.pdf")
    assert (fields.siren, fields.siret, fields.vat) == (
        "775609878",
        "77560987800456",
        "FR48775609878",
    )


def test_facturx_invoice(corpus):
    fields = _read(corpus, "generated/g05_fr_facturx_solde.pdf")
    assert fields.source == "facturx"
    assert fields.amount == Decimal("2615.20")
    assert fields.confidence["amount"] > 0.95
    assert fields.siret == "31245678300124"
    assert fields.phone == "0033 5 56 78 90 12"


def test_facturx_without_buyer_phone_falls_back_to_the_text(corpus):
    fields = _read(corpus, "generated/g06_fr_facturx_b2c_ticket.pdf")
    assert fields.source == "facturx"
    assert (fields.phone, fields.phone_e164) == ("+33612345678", "+33612345678")
    assert fields.customer_type == "individual"


def test_printed_amount_wins_over_a_differing_xml(corpus):
    fields = _read(corpus, "real/mustang_weclapp_de.pdf")
    assert fields.amount == Decimal("963.12")


def test_placeholder_xml_is_ignored(corpus):
    fields = _read(corpus, "real/zugferd_acme_de.pdf")
    assert fields.source == "text"
    assert (fields.amount, fields.reference) == (Decimal("1589.80"), "42")


def test_credit_note_amount_is_negative(corpus):
    assert _read(corpus, "real/fnfe_avoir_fr_381.pdf").amount == Decimal("-233.47")


def test_scanned_invoice_is_read_by_ocr(corpus):
    fields = _read(corpus, "scanned/g01_fr_b2b_classic_scan.pdf")
    assert fields.source == "ocr"
    assert fields.amount == Decimal("3636.00")
    assert fields.reference == "FA-2024-0457"
    assert fields.name == "Boulangerie Petit Fournil SARL"
    assert fields.iban == "FR7630004012340001234567862"


def test_cli_prints_json(corpus):
    result = _cli(corpus / "generated/g01_fr_b2b_classic.pdf")
    assert result.returncode == 0
    printed = json.loads(result.stdout)
    assert printed["amount"] == 3636.0
    assert printed["date"] == "2024-03-08"
    assert printed["source"] == "text"
    assert set(printed["confidence"]) >= {"amount", "reference", "name"}


def test_cli_rejects_with_exit_code_2(corpus):
    result = _cli(corpus / "bad/truncated.pdf")
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
