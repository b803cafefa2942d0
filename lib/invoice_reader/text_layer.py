"""The PDF's own text layer, laid out like the printed page."""

from .limits import Budget
from .processes import ToolFailed, ToolTimeout, run_tool
from .upload import damaged

# Below this many letters or digits a page is treated as having no text layer.
MIN_PAGE_CHARS = 20


def page_texts(pdf_bytes: bytes, budget: Budget) -> list[str]:
    """One layout-preserving text per page (pdftotext -layout: exact and fast,
    and it keeps columns apart)."""
    try:
        stdout = run_tool(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-q", "-", "-"],
            pdf_bytes,
            budget.seconds_left(),
        )
    except ToolTimeout:
        raise budget.timeout() from None
    except ToolFailed as exc:
        raise damaged() from exc
    pages = stdout.decode("utf-8", "replace").split("\f")
    # pdftotext ends every page with a form feed, so the last chunk is empty
    return pages[:-1] if len(pages) > 1 else pages


def has_text(page_text: str) -> bool:
    return sum(char.isalnum() for char in page_text) >= MIN_PAGE_CHARS
