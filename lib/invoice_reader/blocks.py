"""Address blocks: the lines of one column that belong together (a party's
name, address and contact details)."""

import re

from .layout import Segment, segments

MAX_BLOCK_LINES = 10
_TABLE_HEADER = re.compile(
    r"^(?:d[ée]signation|description|bezeichnung|omschrijving|descripci[óo]n|descrizione"
    r"|pos\b|art(?:ikel|icle)?\b|qt[éey]|menge)",
    re.I,
)
# FR/DE/BE/ES/IT/NL "69001 Lyon", "1012 AB Amsterdam", US "PA 18503",
# UK "BA1 5JT", India "560001"
POSTCODE = re.compile(
    r"\b\d{4,5}\s+[A-Za-zÀ-ÿ]|\b\d{4}\s?[A-Z]{2}\s+[A-Z]|\b[A-Z]{2}\s\d{5}\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b\d{6}\b"
)
# the page's top part, where parties' addresses are printed
ADDRESS_AREA_LINES = 40


def collect_block(lines: list[str], start: int, column: int) -> list[Segment]:
    """The segments starting in `column` (give or take a few characters) from
    line `start` down, until two blank lines, a table header or
    MAX_BLOCK_LINES."""
    block: list[Segment] = []
    gaps = 0
    for index in range(start, min(start + MAX_BLOCK_LINES + 2, len(lines))):
        segment = segment_starting_at(lines, index, column)
        if segment and _TABLE_HEADER.match(segment.text):
            break
        if segment is None:
            gaps += 1
            if gaps >= 2 and block:
                break
            continue
        gaps = 0
        block.append(segment)
        if len(block) >= MAX_BLOCK_LINES:
            break
    return block


def segment_starting_at(lines, index, column, slack=4) -> Segment | None:
    for segment in segments(lines, index):
        if abs(segment.column - column) <= slack:
            return segment
    return None


def address_blocks(lines: list[str]) -> list[list[Segment]]:
    """Blocks of the page's top part that hold a postal address (a postcode
    and town line within their first lines), top to bottom."""
    blocks, seen = [], set()
    for index in range(min(len(lines), ADDRESS_AREA_LINES)):
        for segment in segments(lines, index):
            if not POSTCODE.search(segment.text):
                continue
            start = _block_start(lines, index, segment.column)
            key = (start, segment.column // 6)
            if key in seen:
                continue
            seen.add(key)
            block = collect_block(lines, start, segment.column)
            if len(block) >= 2:
                blocks.append(block)
    return sorted(blocks, key=lambda block: (block[0].line, block[0].column))


def _block_start(lines: list[str], index: int, column: int) -> int:
    """The first line of the block holding line `index`: at most 5 lines up,
    over single blank lines (OCR spreads a block's lines)."""
    start = index
    for above in range(index - 1, max(index - 6, -1), -1):
        if segment_starting_at(lines, above, column):
            start = above
        elif not segment_starting_at(lines, above - 1, column):
            break
    return start
