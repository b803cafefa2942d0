"""Hostile uploads: files made to crash the reader, blow up its memory or
leave processes behind end with the reader's own error, within bounds."""

import io
import os
import re
import signal
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
)

from lib.invoice_reader import DEFAULT_LIMITS, InvoiceReadError, Limits, read_invoice
from lib.invoice_reader.limits import MAX_IMAGE_PIXELS, Budget
from lib.invoice_reader.page_ocr import ocr_image
from lib.invoice_reader.processes import TOOL_MEMORY_BYTES, run_tool
from lib.invoice_reader.scan_cleanup import MAX_OCR_PIXELS, upscale

REPO = Path(__file__).resolve().parents[2]


def _error(data: bytes, filename=None) -> InvoiceReadError:
    with pytest.raises(InvoiceReadError) as error:
        read_invoice(data, filename, DEFAULT_LIMITS)
    return error.value


def _pdf(pages=1, mediabox=None, user_unit=None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        if mediabox is not None:
            page[NameObject("/MediaBox")] = RectangleObject(mediabox)
        if user_unit is not None:
            page[NameObject("/UserUnit")] = user_unit
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _png_bomb(width: int, height: int) -> bytes:
    """A PNG of a few KB announcing `width` x `height` black pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    data = b"".join(pixels.compress(row) for _ in range(min(height, 50)))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data + pixels.flush())
        + chunk(b"IEND", b"")
    )


def _peak_memory_mb(code: str) -> float:
    """Growth of the peak memory (MB) of a fresh python running `code` after
    the reader is imported."""
    script = textwrap.dedent(
        """
        import resource, sys
        from lib.invoice_reader import InvoiceReadError, read_invoice
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            {code}
        except InvoiceReadError as error:
            print(error.code, file=sys.stderr)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print((after - before) / 1024)
        """
    ).format(code=code)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, check=True
    )
    return float(done.stdout)


# --- PDF structure ------------------------------------------------------------------


def test_a_pdf_past_pypdfs_safety_limits_is_too_complex():
    """pypdf raises LimitReachedError (here: an xref table announcing far
    more objects than the file can hold)."""
    pdf = re.sub(rb"xref\n0 \d+", b"xref\n0 99999999", _pdf())
    assert _error(pdf).code == "too_complex"


def test_a_pdf_with_a_decompression_bomb_is_too_complex():
    """A cross-reference stream of 78 KB that inflates to 80 MB: pypdf stops
    at its limit (LimitReachedError, rewrapped as a PdfReadError)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ]
    pdf = b"%PDF-1.5\n" + b"".join(
        b"%d 0 obj\n%s\nendobj\n" % (number, body)
        for number, body in enumerate(objects, 1)
    )
    bomb = zlib.compress(bytes(80_000_000), 9)
    xref = len(pdf)
    pdf += (
        b"4 0 obj\n<</Type/XRef/Size 5/W[1 4 2]/Root 1 0 R/Filter/FlateDecode"
        b"/Length %d>>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
        % (len(bomb), bomb, xref)
    )
    assert _error(pdf).code == "too_complex"


def test_a_pdf_nested_too_deep_is_refused():
    """900 arrays one in another: pypdf gives up reading (a read error, or a
    RecursionError it lets through: too_complex), the reader does not crash."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    nested = ArrayObject()
    for _ in range(900):
        nested = ArrayObject([nested])
    page[NameObject("/Nested")] = nested
    buffer = io.BytesIO()
    writer.write(buffer)
    assert _error(buffer.getvalue()).code in ("damaged", "too_complex")


def test_thousands_of_pages_are_refused_before_any_tool_runs():
    started = time.monotonic()
    error = _error(_pdf(pages=3000))
    assert error.code == "too_many_pages"
    assert error.params == {"pages": 3000, "limit": 20}
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "mediabox", [(0, 0, 0, 0), (0, 0, 595, 0), (0, 0, 10, 10)], ids=str
)
def test_a_page_without_a_usable_size_is_refused(mediabox):
    error = _error(_pdf(mediabox=mediabox))
    assert (error.code, error.params) == ("bad_page_size", {"page": 1})


def test_a_page_drawn_upside_down_is_read_like_any_other():
    """A reversed MediaBox is legal: the page is rendered, here blank."""
    assert _error(_pdf(mediabox=(0, 0, -595, -842))).code == "unreadable_page"


@pytest.mark.parametrize(
    "user_unit",
    [NumberObject(0), NumberObject(-2), NameObject("/Big")],
    ids=["zero", "negative", "not_a_number"],
)
def test_an_absurd_user_unit_is_refused(user_unit):
    error = _error(_pdf(user_unit=user_unit))
    assert (error.code, error.params) == ("bad_page_size", {"page": 1})


def test_a_huge_user_unit_is_a_page_too_large():
    error = _error(_pdf(user_unit=FloatObject(1_000_000)))
    assert error.code == "page_too_large"


def test_an_image_opencv_cannot_work_on_is_an_unreadable_page():
    strip = np.zeros((1, 5000), np.uint8)
    with pytest.raises(InvoiceReadError) as error:
        ocr_image(strip, 300, 1, Budget(Limits()))
    assert (error.value.code, error.value.params) == ("unreadable_page", {"page": 1})


# --- photos -------------------------------------------------------------------------


def test_the_pixel_cap_is_one_constant():
    assert Limits().max_image_pixels == MAX_IMAGE_PIXELS == 60_000_000


@pytest.mark.parametrize("side", [20_000, 9_000], ids=["pil_bomb", "under_pil_limit"])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(side):
    """20000 x 20000 is past PIL's own bomb limit; 9000 x 9000 (81 Mpx) is
    under it, but over ours: neither is decoded."""
    assert _error(_png_bomb(side, side), "bomb.png").code == "image_too_large"
    grown = _peak_memory_mb(
        f"read_invoice(open('{_write(_png_bomb(side, side))}', 'rb').read())"
    )
    assert grown < 30


def test_a_strip_shaped_photo_is_not_blown_up_for_ocr():
    """A narrow strip's width is taken for an A4 page's: upscaling it to
    300 dpi would make 600 million pixels."""
    strip = np.full((30_000, 200), 255, np.uint8)
    assert upscale(strip, dpi=200 / 8.27).size <= MAX_OCR_PIXELS


@pytest.mark.parametrize("size", [(1, 1), (60, 4000)], ids=str)
def test_a_photo_too_small_to_hold_text_is_refused(size):
    buffer = io.BytesIO()
    Image.new("L", size, 255).save(buffer, "PNG")
    assert _error(buffer.getvalue(), "tiny.png").code == "damaged"


def _tiff(frames: int) -> bytes:
    buffer = io.BytesIO()
    images = [Image.new("L", (300, 300), 255) for _ in range(frames)]
    images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        _tiff(50),
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 100,
        b"GIF89a" + b"\0" * 100,
        b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 100,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
    ids=["tiff_50_frames", "heic", "gif", "webp", "svg"],
)
@pytest.mark.parametrize("filename", ["invoice.jpg", "invoice.pdf", None])
def test_other_kinds_of_files_are_refused_whatever_their_name(content, filename):
    error = _error(content, filename)
    assert (error.code, error.params) == ("not_pdf", {})


def test_a_pdf_named_like_a_photo_is_read_as_a_pdf():
    """The content decides, not the name: a blank PDF named .jpg."""
    assert _error(_pdf(), "invoice.jpg").code == "unreadable_page"


# --- tools --------------------------------------------------------------------------


def test_a_tool_dies_with_the_process_that_started_it(tmp_path):
    """A reader killed with SIGKILL (an Odoo worker past its limits) leaves
    no tool running: the kernel kills the tool with it."""
    pid_file = tmp_path / "tool.pid"
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from lib.invoice_reader.processes import run_tool\n"
            f"run_tool(['sh', '-c', 'echo $$ > {pid_file}; exec sleep 60'], b'', 60)",
        ],
        cwd=REPO,
    )
    tool = _wait_for_pid(pid_file)
    assert _alive(tool)
    reader.send_signal(signal.SIGKILL)
    reader.wait()
    deadline = time.monotonic() + 5
    while _alive(tool) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(tool)


def test_a_tool_runs_under_a_memory_cap():
    limit = run_tool(["sh", "-c", "ulimit -v"], b"", 5.0)
    assert int(limit) * 1024 == TOOL_MEMORY_BYTES


def _write(content: bytes) -> str:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"hostile-{os.getpid()}.png"
    path.write_bytes(content)
    return str(path)


def _wait_for_pid(pid_file: Path) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if pid_file.exists() and pid_file.read_text().strip():
            return int(pid_file.read_text())
        time.sleep(0.05)
    raise AssertionError("the tool did not start")


def _alive(pid: int) -> bool:
    """Running (a zombie left to a parent that does not reap is dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
