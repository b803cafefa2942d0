"""OCR of image-only pages, rebuilt into the same column layout as pdftotext."""

import os
import statistics

import pytesseract
from pdf2image import convert_from_bytes

OCR_DPI = 300
OCR_LANG = "fra+eng"
# invoices are dark on light: skipping the inverted-text pass saves ~20 %
OCR_CONFIG = "-c tessedit_do_invert=0"
MIN_WORD_CONFIDENCE = 20
# a wider gap between two words of one tesseract line starts a new column
PHRASE_GAP_CHARS = 2.5

# tesseract's OpenMP threads make one page 3-4 times slower on 2 cores
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def ocr_page(pdf_bytes: bytes, page_number: int) -> str:
    """Layout text of the 1-based page `page_number` read by tesseract."""
    image = convert_from_bytes(
        pdf_bytes,
        dpi=OCR_DPI,
        first_page=page_number,
        last_page=page_number,
        grayscale=True,
    )[0]
    data = pytesseract.image_to_data(
        image, lang=OCR_LANG, config=OCR_CONFIG, output_type=pytesseract.Output.DICT
    )
    return layout_words(_words(data))


def _words(data: dict) -> list[dict]:
    words = []
    for index, text in enumerate(data["text"]):
        text = text.strip()
        if not text or float(data["conf"][index]) < MIN_WORD_CONFIDENCE:
            continue
        words.append(
            {
                "text": text,
                "x": data["left"][index],
                "y": data["top"][index] + data["height"][index] / 2,
                "width": data["width"][index],
                "height": data["height"][index],
                "line": (
                    data["block_num"][index],
                    data["par_num"][index],
                    data["line_num"][index],
                ),
            }
        )
    return words


def layout_words(words: list[dict]) -> str:
    """Place words on text rows and columns, as `pdftotext -layout` would."""
    if not words:
        return ""
    slope = _skew_slope(words)
    for word in words:
        # undo the scan's skew so that words of one printed row share a row
        word["row_y"] = word["y"] - slope * word["x"]
    char_width = statistics.median(w["width"] / len(w["text"]) for w in words)
    row_height = statistics.median(w["height"] for w in words)
    return "\n".join(
        _render_row(row, char_width) for row in _rows(words, row_height * 0.6)
    )


def _skew_slope(words: list[dict]) -> float:
    lines: dict[tuple, list[dict]] = {}
    for word in words:
        lines.setdefault(word["line"], []).append(word)
    slopes = []
    for line in lines.values():
        first, last = line[0], line[-1]
        if len(line) >= 3 and last["x"] - first["x"] > 200:
            slopes.append((last["y"] - first["y"]) / (last["x"] - first["x"]))
    return statistics.median(slopes) if slopes else 0.0


def _rows(words: list[dict], tolerance: float) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["row_y"]):
        if rows and abs(word["row_y"] - rows[-1][-1]["row_y"]) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x"]) for row in rows]


def _render_row(row: list[dict], char_width: float) -> str:
    text = ""
    previous = None
    for word in row:
        if previous and _same_phrase(previous, word, char_width):
            text += " " + word["text"]
        else:
            # a new column keeps the two-space gap the parsers split on
            column = int(word["x"] / char_width)
            text += " " * max(column - len(text), 2 if text else 0) + word["text"]
        previous = word
    return text


def _same_phrase(previous: dict, word: dict, char_width: float) -> bool:
    gap = word["x"] - (previous["x"] + previous["width"])
    return word["line"] == previous["line"] and gap < PHRASE_GAP_CHARS * char_width
