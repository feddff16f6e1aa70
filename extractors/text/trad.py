"""A simplified-character view of a document written in traditional characters.

The extractors match simplified Chinese. A document in traditional characters (a 繁體 page of a
Hong Kong, Macao or Taiwan-facing site, a converted 公報) is read through a *view*: the same
blocks and tables with each traditional character replaced by its simplified form, one character
for one, so every offset of the view is an offset of the original. What the extractors find on
the view is then mapped back (:func:`restore`): each quote is sliced from the original text at
the same offsets, and so is each string value that was read from a quote, so quotes stay verbatim
and names and numbers are reported as written (鐘旭輝, 國辦發〔2022〕8號).

The view is built only for a text that is detectably traditional (:func:`is_traditional`): a
simplified text is handed to the extractors unchanged.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.model import Element, Evidence, ExtractionResult, ParsedDocument, Table
from extractors.text.normalize import collapse_ws
from extractors.text.trad_data import PAIRS

__all__ = ["TRAD_TO_SIMP", "is_traditional", "restore", "simplified_view", "to_simplified"]

_PAIRS = dict((p[0], p[1]) for p in PAIRS.split())
#: ``str.translate`` table: traditional character → simplified character (same length)
TRAD_TO_SIMP = str.maketrans(_PAIRS)


def _gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


#: characters that only traditional text uses (not in the GB 2312 simplified set)
_MARKERS = frozenset(k for k in _PAIRS if not _gb2312(k))
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: at least this many marker characters, and this share of the Han characters
MIN_MARKERS = 3
MIN_SHARE = 0.05


def is_traditional(text: str) -> bool:
    """True when ``text`` is written in traditional characters.

    A simplified text may hold the odd traditional character (a name such as 鍾, a quoted
    title); a traditional one has many: at least :data:`MIN_MARKERS` traditional-only characters
    making up at least :data:`MIN_SHARE` of its Han characters.
    """
    markers = sum(1 for ch in text if ch in _MARKERS)
    if markers < MIN_MARKERS:
        return False
    return markers >= MIN_SHARE * len(_HAN.findall(text))


def to_simplified(text: str) -> str:
    """``text`` with each listed traditional character simplified (same length, same offsets)."""
    return text.translate(TRAD_TO_SIMP)


def simplified_view(doc: ParsedDocument) -> ParsedDocument | None:
    """The simplified view of a traditional-character ``doc``, or None for any other text."""
    if doc.status != "ok" or not is_traditional(doc.text):
        return None
    blocks = tuple(replace(b, text=to_simplified(b.text)) for b in doc.blocks)
    tables = tuple(
        replace(
            t,
            rows=tuple(
                tuple(None if c is None else to_simplified(c) for c in row) for row in t.rows
            ),
        )
        for t in doc.tables
    )
    return replace(doc, blocks=blocks, tables=tables)


def _locate(view: str, needle: str) -> tuple[int, int, bool] | None:
    """The span of ``needle`` in ``view`` and whether it matched exactly (else whitespace-free)."""
    if not needle:
        return None
    at = view.find(needle)
    if at >= 0:
        return at, at + len(needle), True
    pos = [i for i, ch in enumerate(view) if not ch.isspace()]
    want = "".join(needle.split())
    at = "".join(view[i] for i in pos).find(want) if want else -1
    if at < 0:
        return None
    return pos[at], pos[at + len(want) - 1] + 1, False


def _cell_text(t: Table, row: int, col: int) -> str | None:
    if row >= len(t.rows) or col >= len(t.rows[row]):
        return None
    return t.rows[row][col]


class _Restorer:
    """Maps quotes and values read on the view back to the original document."""

    def __init__(self, doc: ParsedDocument, view: ParsedDocument) -> None:
        self.blocks = [
            (v, collapse_ws(v.text), collapse_ws(o.text))
            for v, o in zip(view.blocks, doc.blocks, strict=True)
        ]
        self.tables = list(zip(view.tables, doc.tables, strict=True))
        self.cells = [
            (vc, oc)
            for vt, ot in self.tables
            for vr, orow in zip(vt.rows, ot.rows, strict=True)
            for vc, oc in zip(vr, orow, strict=True)
            if vc is not None and oc is not None
        ]

    def _haystacks(self, ev: Evidence) -> list[tuple[str, str]]:
        """(view, original) texts to look for a quote in: its block, its cell, then the rest."""
        cited = [
            (v, o) for b, v, o in self.blocks if (b.page, b.paragraph) == (ev.page, ev.paragraph)
        ]
        if ev.table is not None and ev.table[0] < len(self.tables):
            index, row, col = ev.table
            vt, ot = self.tables[index]
            vc, oc = _cell_text(vt, row, col), _cell_text(ot, row, col)
            if vc is not None and oc is not None:
                cited.append((vc, oc))
        return cited + [(v, o) for _, v, o in self.blocks] + self.cells

    def evidence(self, ev: Evidence) -> Evidence:
        for view, orig in self._haystacks(ev):
            span = _locate(view, ev.quote)
            if span is not None:
                return replace(ev, quote=orig[span[0] : span[1]])
        return ev

    def element(self, el: Element) -> Element:
        evidence = tuple(self.evidence(e) for e in el.evidence)
        value = el.value
        if isinstance(value, str) and _HAN.search(value):
            for e, r in zip(el.evidence, evidence, strict=True):
                found = _value_back(value, e.quote, r.quote)
                if found is not None:
                    value = found
                    break
        return Element(value, evidence)


def _value_back(value: str, view_quote: str, orig_quote: str) -> str | None:
    """The original of ``value`` read from ``view_quote`` (whose original is ``orig_quote``)."""
    if len(view_quote) == len(orig_quote):
        at = view_quote.find(value)
        if at >= 0:
            return orig_quote[at : at + len(value)]
    view, orig, want = ("".join(t.split()) for t in (view_quote, orig_quote, value))
    at = view.find(want) if want else -1
    if at < 0 or len(view) != len(orig):
        return None
    return orig[at : at + len(want)]


def restore(
    result: ExtractionResult, doc: ParsedDocument, view: ParsedDocument
) -> ExtractionResult:
    """``result`` (read on ``view``) with quotes and as-written values taken from ``doc``.

    A quote or value not found on the view (a value the extractor rebuilt) is kept as it is.
    """
    r = _Restorer(doc, view)
    elements = {k: r.element(el) for k, el in result.elements.items()}
    findings = tuple(
        replace(f, evidence=tuple(r.evidence(e) for e in f.evidence)) for f in result.findings
    )
    return replace(result, elements=elements, findings=findings)
