"""Spans over a block's text: match on the whitespace-free form, quote the collapsed form.

:class:`Flat` holds a block's collapsed text, its whitespace-free form and the map between them,
so that a phrase a PDF broke across lines still matches and the quote stays a verbatim span of
the collapsed text of the cited block (the contract's rule for evidence).
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from extractors.model import Block, Evidence, ParsedDocument
from extractors.text.dates import find_dates
from extractors.text.normalize import collapse_ws

__all__ = ["Flat", "dates_in", "flatten", "locate", "search", "title_flats"]


@dataclass(frozen=True, slots=True)
class Flat:
    """A block's collapsed text, its whitespace-free form and the map between them."""

    block: Block
    text: str
    flat: str
    pos: tuple[int, ...]
    #: flat indexes that start a line of the raw text (pdf lines, docx soft breaks)
    line_starts: tuple[int, ...] = ()

    def quote(self, start: int, end: int) -> str:
        """The collapsed-text span of ``flat[start:end]`` (verbatim, inner spaces kept)."""
        if end <= start:
            return ""
        return self.text[self.pos[start] : self.pos[end - 1] + 1]

    def evidence(self, start: int = 0, end: int | None = None) -> Evidence:
        end = len(self.flat) if end is None else end
        return Evidence(
            quote=self.quote(start, end), page=self.block.page, paragraph=self.block.paragraph
        )

    def line_end(self, i: int) -> int:
        """The flat index where the raw-text line holding flat index ``i`` ends."""
        at = bisect_right(self.line_starts, i)
        return self.line_starts[at] if at < len(self.line_starts) else len(self.flat)

    def find(self, needle: str, start: int = 0) -> Evidence | None:
        """Evidence for ``needle`` (whitespace ignored) in this block, or None."""
        squeezed = _squeeze(needle)
        at = self.flat.find(squeezed, start) if squeezed else -1
        return None if at < 0 else self.evidence(at, at + len(squeezed))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _flat(block: Block) -> Flat:
    text = collapse_ws(block.text)
    pos = tuple(i for i, ch in enumerate(text) if not ch.isspace())
    # collapse_ws only rewrites whitespace, so the raw text's non-space characters are the flat
    # text's, in order: a newline before the n-th of them makes n a line start.
    starts: list[int] = []
    n, newline = 0, False
    for ch in block.text:
        if ch == "\n":
            newline = True
        elif not ch.isspace():
            if newline and n:
                starts.append(n)
            newline = False
            n += 1
    return Flat(block, text, "".join(text[i] for i in pos), pos, tuple(starts))


def flatten(doc: ParsedDocument) -> list[Flat]:
    """One :class:`Flat` per block, in reading order."""
    return [_flat(b) for b in doc.blocks]


def search(flats: Iterable[Flat], pattern: re.Pattern[str]) -> Iterator[tuple[Flat, re.Match[str]]]:
    """Every match of ``pattern`` on the whitespace-free text of each block."""
    for f in flats:
        for m in pattern.finditer(f.flat):
            yield f, m


def locate(
    flats: Iterable[Flat],
    needles: Iterable[str | None],
    *,
    page: int | None = None,
    min_paragraph: int | None = None,
) -> Evidence | None:
    """Evidence for the first needle found, trying needles in order, blocks in order.

    ``page`` limits the search to one pdf page; ``min_paragraph`` to docx blocks from that
    index on (the cells of a table follow its first cell block).
    """
    candidates = [f for f in flats if page is None or f.block.page == page]
    if min_paragraph is not None:
        candidates = [
            f for f in candidates if f.block.paragraph is None or f.block.paragraph >= min_paragraph
        ]
    for needle in needles:
        if not needle or not _squeeze(needle):
            continue
        for f in candidates:
            ev = f.find(needle)
            if ev is not None:
                return ev
    return None


def dates_in(
    f: Flat, start: int = 0, end: int | None = None
) -> list[tuple[datetime.date, int, int]]:
    """Full dates (with a year) in ``f.flat[start:end]`` as (value, flat start, flat end).

    The dates are read from the collapsed text (so "2024-02-02 09:30" keeps its space) and their
    positions mapped to the whitespace-free text.
    """
    end = len(f.flat) if end is None else min(end, len(f.flat))
    if start >= end:
        return []
    cstart, cend = f.pos[start], f.pos[end - 1] + 1
    out = []
    for d in find_dates(f.text[cstart:cend]):
        if d.has_year:
            a = bisect_left(f.pos, cstart + d.start)
            b = bisect_left(f.pos, cstart + d.end)
            out.append((d.value, a, b))
    return out


def title_flats(flats: list[Flat], limit: int = 6) -> list[Flat]:
    """The first few body/table blocks (where a title is), skipping page headers."""
    return [f for f in flats if f.block.kind not in ("header", "footer") and f.flat][:limit]
