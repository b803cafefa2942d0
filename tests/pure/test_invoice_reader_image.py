"""Image preparation before OCR, each step on an image made for it."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from lib.invoice_reader import Limits
from lib.invoice_reader.image_input import decode_image
from lib.invoice_reader.ocr_repair import repair_iban, repair_line
from lib.invoice_reader.page_finder import find_outline, flatten_page
from lib.invoice_reader.scan_cleanup import (
    deskew,
    invert_dark_fills,
    normalise_background,
    skew_angle,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "invoices"


def _text_page(width=1200, height=1600, paper=255, ink=0) -> np.ndarray:
    page = np.full((height, width), paper, np.uint8)
    for row in range(150, height - 150, 60):
        cv2.putText(page, "Facture 2024 total 1 234,56", (80, row),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.2, ink, 2)  # fmt: skip
    return page


def test_the_sheet_of_a_phone_photo_is_found_and_straightened():
    photo = decode_image((FIXTURES / "photo_en_gb.jpg").read_bytes(), Limits())
    corners = find_outline(photo)
    assert corners is not None
    top_left, top_right = corners[:2]
    # the sheet's top edge runs down to the right, as photographed
    assert top_right[1] > top_left[1]
    page, sheet_width = flatten_page(photo)
    assert sheet_width == pytest.approx(np.linalg.norm(top_right - top_left), rel=0.1)
    assert page.ndim == 2


def test_a_scan_is_left_as_it_is():
    page, sheet_width = flatten_page(_text_page())
    assert sheet_width is None
    assert page.shape == (1600, 1200)


def test_uneven_grey_paper_becomes_white_and_ink_stays_dark():
    page = _text_page()
    columns = np.linspace(140, 230, page.shape[1])  # grey, darker on the left
    grey = np.where(page < 128, 40, columns[None, :]).astype(np.uint8)
    cleaned = normalise_background(grey, dpi=150)
    paper = cleaned[page == 255]
    assert paper.mean() > 240 and paper.std() < 10
    assert cleaned[page == 0].mean() < 90


def test_light_text_on_a_dark_banner_is_turned_dark_on_light():
    page = np.full((1600, 1200), 230, np.uint8)
    page[100:220, 50:1150] = 50  # the banner
    cv2.putText(page, "INVOICE 2024", (100, 185), cv2.FONT_HERSHEY_SIMPLEX, 2, 240, 4)
    turned = invert_dark_fills(page, dpi=150)
    assert turned[105:115, 60:1140].mean() > 180  # the banner is light
    assert turned[150:200, 100:500].min() < 40  # its text is dark


def test_dark_text_on_paper_is_not_turned():
    page = _text_page(paper=230, ink=30)
    assert np.array_equal(invert_dark_fills(page, dpi=150), page)


def test_a_skewed_page_is_straightened():
    page = _text_page()
    matrix = cv2.getRotationMatrix2D((600, 800), -2.0, 1.0)
    skewed = cv2.warpAffine(page, matrix, (1200, 1600), borderValue=255)
    assert skew_angle(skewed) == pytest.approx(2.0, abs=0.2)
    assert abs(skew_angle(deskew(skewed))) < 0.3


def test_email_addresses_spread_by_ocr_are_put_back_together():
    assert repair_line("julien. roux@example.org") == "julien.roux@example.org"
    assert repair_line("compta@ petitfournil. fr") == "compta@petitfournil.fr"
    assert repair_line("contact@example fr  Tél. 04") == "contact@example.fr  Tél. 04"


def test_an_iban_with_one_misread_character_is_corrected_by_its_check_digits():
    assert repair_iban("FR7615589297018456789012348") == "FR7615589297010456789012348"
    assert repair_iban("1E29AIBK93115212345678") == "IE29AIBK93115212345678"
    assert repair_line("IBAN DEB9 3704 0044") == "IBAN DE89 3704 0044"
    # two misread characters: no unique correction, nothing is made up
    assert repair_iban("FR7617966000619876543210082") is None
