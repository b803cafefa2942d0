"""Rebuild the invoice reader's test fixtures in tests/fixtures/invoices/:

    python3 scripts/reader_fixtures

Each fixture is a PDF (or a JPEG) with a JSON truth beside it: the 14 fields
of bench/reader_accuracy.py, plus `warnings` and `language` where the reader
must find them. The output only changes when this code (or poppler's
rendering) does; commit it with the code."""

import json
import sys
from pathlib import Path

from freezegun import freeze_time

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bad_files
import facturx_xml
import images
import pdf_render
import specs

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "invoices"
TRUTH_KEYS = (
    "amount", "currency", "reference", "date", "due_date", "name", "customer_type",
    "email", "phone", "vat", "siren", "siret", "iban", "issuer",
)  # fmt: skip


# the libraries stamp files with the time they are made: a fixed one
@freeze_time("2024-06-01 12:00:00")
def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pdfs = {}
    for spec in specs.INVOICES:
        pdf = pdf_render.render(spec)
        if spec.get("facturx"):
            pdf = facturx_xml.embed(pdf, spec)
        pdfs[spec["key"]] = pdf
        _write(spec["key"], ".pdf", pdf, spec.get("truth"))
    by_key = {spec["key"]: spec for spec in specs.INVOICES}
    scan = images.mild_scan(images.rasterise(pdfs["text_fr_deposit"], 200), seed=1)
    _write("scan_fr", ".pdf", images.image_pdf(images.jpeg_bytes(scan, 50), 200),
           by_key["text_fr_deposit"]["truth"])  # fmt: skip
    office = images.office_scan(images.rasterise(pdfs["text_de_window"], 150), seed=2)
    office_pdf = images.image_pdf(images.jpeg_bytes(office, 45), 150)
    _write("scan_office_de", ".pdf", office_pdf,
           by_key["text_de_window"]["truth"])  # fmt: skip
    photo = images.phone_photo(images.rasterise(pdfs["text_en_gb"], 200), seed=3)
    photo_jpeg = images.jpeg_bytes(photo, 75)
    _write("photo_en_gb", ".jpg", photo_jpeg, by_key["text_en_gb"]["truth"])
    _write("photo_en_gb", ".pdf", images.image_pdf(photo_jpeg, 160), None)
    bad = OUT / "bad"
    bad.mkdir(exist_ok=True)
    for name, (content, code) in bad_files.bad_files(
        pdfs["text_fr_deposit"], photo_jpeg
    ).items():
        (bad / f"{name}.pdf").write_bytes(content)
        _json(bad / f"{name}.json", {"expected_error": code})
    print(f"fixtures written to {OUT}")


def _write(key: str, suffix: str, content: bytes, truth: dict | None) -> None:
    (OUT / f"{key}{suffix}").write_bytes(content)
    if truth is not None:
        full = {field: truth.get(field) for field in TRUTH_KEYS}
        full.update({k: v for k, v in truth.items() if k not in TRUTH_KEYS})
        _json(OUT / f"{key}.json", full)


def _json(path: Path, data: dict) -> None:
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
