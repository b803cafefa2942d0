"""Tesseract on a prepared page image, its words rebuilt into the same column
layout as `pdftotext -layout`."""

import csv
import io
import statistics

import cv2
import numpy as np

from .processes import run_tool

# sparse text (psm 11): an invoice is scattered fields and boxed tables,
# which the block layout analysis of psm 3 loses whole lines of; light text
# on dark fills is already inverted (scan_cleanup), so no inverted pass
TESSERACT_OPTIONS = ["--psm", "11", "-c", "tessedit_do_invert=0"]
MIN_WORD_CONFIDENCE = 20
# a wider gap between two words of one tesseract line starts a new column
PHRASE_GAP_CHARS = 2.5


def ocr_words(
    image: np.ndarray, languages: str, dpi: int, seconds: float
) -> list[dict]:
    """Words tesseract reads in the grey `image` with the `languages` models
    ("fra+eng"): text, box, line id and confidence (0-100). Raises
    ToolTimeout / ToolFailed."""
    ok, pgm = cv2.imencode(".pgm", image)
    if not ok:
        raise ValueError("image could not be encoded")
    tsv = run_tool(
        ["tesseract", "stdin", "stdout", "-l", languages, "--dpi", str(dpi),
         *TESSERACT_OPTIONS, "tsv"],
        pgm.tobytes(),
        seconds,
    )  # fmt: skip
    return _words(tsv.decode("utf-8", "replace"))


def _words(tsv: str) -> list[dict]:
    words = []
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        text = (row.get("text") or "").strip()
        if not text or float(row["conf"]) < MIN_WORD_CONFIDENCE:
            continue
        left, top = int(row["left"]), int(row["top"])
        width, height = int(row["width"]), int(row["height"])
        words.append(
            {
                "text": text,
                "x": left,
                "y": top + height / 2,
                "width": width,
                "height": height,
                "line": (row["block_num"], row["par_num"], row["line_num"]),
                "confidence": float(row["conf"]),
            }
        )
    return words


def layout_words(words: list[dict]) -> str:
    """Place words on text rows and columns, as `pdftotext -layout` would."""
    if not words:
        return ""
    slope = _skew_slope(words)
    for word in words:
        # undo what is left of the skew so that words of one printed row share a row
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
