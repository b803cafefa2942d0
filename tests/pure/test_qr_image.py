import io
from decimal import Decimal

import pytest
from PIL import Image

from lib.epc_qr import epc_payload
from lib.qr_image import qr_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def open_png(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_png_is_a_valid_square_png():
    png = qr_png("https://example.com/pay/abc")
    image = open_png(png)
    assert png.startswith(PNG_SIGNATURE)
    assert image.format == "PNG"
    assert image.width == image.height


def test_png_size_follows_box_size_and_border():
    # "hello" fits a version 1 code: 21 modules, plus the border on each side.
    image = open_png(qr_png("hello", box_size=3, border=2))
    assert image.size == ((21 + 2 * 2) * 3,) * 2


def test_png_grows_with_data():
    small = open_png(qr_png("x"))
    large = open_png(qr_png("x" * 200))
    assert large.width > small.width


def test_png_grows_with_error_correction():
    data = "https://example.com/pay/" + "a" * 40
    low = open_png(qr_png(data, error_correction="L"))
    high = open_png(qr_png(data, error_correction="H"))
    assert high.width > low.width


def test_png_is_black_on_white():
    image = open_png(qr_png("hello")).convert("L")
    assert set(image.getdata()) == {0, 255}


def test_largest_epc_payload_fits_qr_version_13():
    payload = epc_payload(
        "DE89370400440532013000",
        "é" * 70,
        Decimal("999999999.99"),
        bic="COBADEFFXXX",
        text="é" * 140,
        info="é" * 70,
    )
    image = open_png(qr_png(payload, box_size=1, border=0))
    assert len(payload.encode()) >= 330
    assert image.width <= 17 + 4 * 13


def test_unknown_error_correction_is_refused():
    with pytest.raises(ValueError, match="error correction"):
        qr_png("hello", error_correction="X")
