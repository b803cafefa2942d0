"""Helpers over layout text: lines split into column segments."""

import re
from dataclasses import dataclass

# pdftotext and the OCR layout both separate columns by two spaces or more
_SEGMENT_RE = re.compile(r"\S+(?: \S+)*")


@dataclass(frozen=True)
class Segment:
    line: int
    column: int
    text: str

    @property
    def end(self) -> int:
        return self.column + len(self.text)


_BLANKS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\t": " ", "\r": " "})


def split_lines(text: str) -> list[str]:
    """Lines with no-break spaces, tabs and stray carriage returns (some
    producers put them between table cells) made plain spaces."""
    return [line.translate(_BLANKS).rstrip() for line in text.split("\n")]


def segments(lines: list[str], index: int) -> list[Segment]:
    if not 0 <= index < len(lines):
        return []
    return [
        Segment(index, match.start(), match.group())
        for match in _SEGMENT_RE.finditer(lines[index])
    ]


def segment_at(lines: list[str], index: int, column: int, slack: int = 6):
    """The segment of line `index` starting within `slack` columns of `column`,
    or containing `column`."""
    for segment in segments(lines, index):
        if abs(segment.column - column) <= slack or (
            segment.column <= column < segment.end
        ):
            return segment
    return None


def value_below(lines: list[str], index: int, column: int, pattern: re.Pattern):
    """First match of `pattern` in the next two lines, in the column of a label
    that sits above its value."""
    for below in (index + 1, index + 2):
        segment = segment_at(lines, below, column, slack=8)
        match = pattern.search(segment.text) if segment else None
        if match:
            return match
    return None
