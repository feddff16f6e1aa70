"""年报 table cells: blank, number or unreadable; the cell's own evidence; one row as read.

Shared by 表三 and 表四 (:mod:`.table3`, :mod:`.table4`) and the flattened-text reader
(:mod:`.flattened`). A blank cell is ``None`` (not filled), never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.model import Evidence, ParsedDocument
from extractors.text.numerals import chinese_number
from extractors.text.spans import Flat, locate

__all__ = ["RawRow", "cell_at", "int_cell", "read_number", "squeezed"]

_BLANK = ("", "-", "—", "/", "－", "／", "——", "无")


def squeezed(cell: str | None) -> str:
    return "".join((cell or "").split())


def read_number(cell: str | None, *, ruled: bool = True) -> tuple[int | None, bool]:
    """(value, readable): blank → (None, True); "12" → (12, True); "abc" → (None, False).

    In a ruled cell "1 2" is 12 (pdfplumber spaces out tracked digits); in a cell placed from
    word positions it may be two numbers run together: unreadable.
    """
    if not ruled and re.search(r"\S\s+\S", (cell or "").strip()):
        return None, False
    s = squeezed(cell)
    if s in _BLANK:
        return None, True
    if re.fullmatch(r"[0-9０-９]+", s):
        return int(s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))), True
    if re.fullmatch(r"[〇零一二三四五六七八九十百千]+", s):
        value = chinese_number(s)
        return value, value is not None
    return None, False


def int_cell(cell: str | None) -> int | None:
    """The integer of a number cell, None when blank or unreadable."""
    return read_number(cell)[0]


def cell_at(
    doc: ParsedDocument, t: int, r: int, c: int, flats: list[Flat] | None = None
) -> Evidence | None:
    """Evidence of cell (r, c) of ``doc.tables[t]``: the cell's own text as the quote, with its
    block (docx/html), page and box (pdf) and ``table`` position; None for an empty cell."""
    table = doc.tables[t]
    if r >= len(table.rows) or c >= len(table.rows[r]):
        return None
    text = table.rows[r][c]
    if not squeezed(text):
        return None
    block = table.block_of(r, c)
    if block is not None:
        found = next((b for b in doc.blocks if b.paragraph == block), None)
        if found is not None and squeezed(found.text) == squeezed(text):
            return Evidence(
                quote=" ".join(found.text.split()),
                page=found.page,
                paragraph=block,
                table=(t, r, c),
            )
    quote = " ".join(str(text).split())
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if table.page is not None:
        if len(lines) > 1:
            # a PDF cell wrapped over lines interleaves with its neighbours in position-ordered
            # page text (pdfplumber's): its first line is the quote — that cell's text, verbatim
            quote = lines[0]
        return Evidence(quote=quote, page=table.page, table=(t, r, c), box=table.box_of(r, c))
    if flats is not None:
        ev = locate(flats, [quote], min_paragraph=table.paragraph)
        if ev is not None:
            return Evidence(quote=ev.quote, page=ev.page, paragraph=ev.paragraph, table=(t, r, c))
    return None


@dataclass
class RawRow:
    """One row as read, before its label is matched: label texts and the number cells.

    ``values`` are the number cells in column order (text, evidence); ``aligned`` is False
    when the cells were not placed by column (a left-aligned or flattened table), so the row
    never confirms a defect; ``doubts`` are reasons found while reading it.
    """

    labels: list[tuple[str, Evidence | None]]
    values: list[tuple[str | None, Evidence | None]]
    ruled: bool = True
    aligned: bool = True
    doubts: list[str] = field(default_factory=list)
