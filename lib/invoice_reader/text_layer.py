"""The PDF's own text layer, laid out like the printed page."""

import subprocess

from .errors import InvoiceReadError

# Below this many letters or digits a page is treated as having no text layer.
MIN_PAGE_CHARS = 20
PDFTOTEXT_TIMEOUT = 30


def page_texts(pdf_bytes: bytes) -> list[str]:
    """One layout-preserving text per page (pdftotext -layout: exact and fast,
    and it keeps columns apart)."""
    try:
        result = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-q", "-", "-"],
            input=pdf_bytes,
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT,
            check=True,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise InvoiceReadError("damaged", "The PDF text could not be read.") from exc
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    # pdftotext ends every page with a form feed, so the last chunk is empty
    return pages[:-1] if len(pages) > 1 else pages


def has_text(page_text: str) -> bool:
    return sum(char.isalnum() for char in page_text) >= MIN_PAGE_CHARS
