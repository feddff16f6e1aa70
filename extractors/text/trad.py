"""A simplified-character view of a document written in traditional characters.

The extractors match simplified Chinese. A document in traditional characters (a 繁體 page of a
Hong Kong, Macao or Taiwan-facing site, a converted 公報) is read through a *view*: the same
blocks and tables with each traditional character replaced by its simplified form, one character
for one. Pages produced by a conversion service may also carry the pinyin of a character after it
("公開(kāi)"); the view leaves those annotations out. Each view block keeps the offset in the
original of every view character, so what the extractors find on the view is mapped back
(:func:`restore`): each quote is the original span of the view span quoted, and each string value
read from a quote is the original characters it was read from, so quotes stay verbatim and names
and numbers are reported as written (鐘旭輝, 國辦發〔2022〕8號).

The view is built only for a text that is detectably traditional (:func:`is_traditional`): a
simplified text is handed to the extractors unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.model import Element, Evidence, ExtractionResult, ParsedDocument
from extractors.text.normalize import collapse_ws
from extractors.text.trad_data import PAIRS

__all__ = [
    "TRAD_TO_SIMP",
    "View",
    "is_traditional",
    "restore",
    "simplified_view",
    "to_simplified",
]

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


#: the pinyin of the character before it, as a conversion service prints it: "開(kāi)"
_PINYIN = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（][a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}[)）]"
)


def _view_text(text: str) -> tuple[str, tuple[int, ...]]:
    """The simplified text without pinyin annotations, and the original offset of each char."""
    drop = {i for m in _PINYIN.finditer(text) for i in range(m.start(), m.end())}
    keep = tuple(i for i in range(len(text)) if i not in drop)
    return to_simplified("".join(text[i] for i in keep)), keep


@dataclass(frozen=True, slots=True)
class View:
    """The simplified view of a document and, per view block / table cell, the original
    offset of each of its characters."""

    doc: ParsedDocument
    blocks: tuple[tuple[int, ...], ...]
    cells: dict[tuple[int, int, int], tuple[int, ...]]


def simplified_view(doc: ParsedDocument) -> View | None:
    """The simplified view of a traditional-character ``doc``, or None for any other text."""
    if doc.status != "ok" or not is_traditional(doc.text):
        return None
    blocks, maps = [], []
    for b in doc.blocks:
        text, keep = _view_text(b.text)
        blocks.append(replace(b, text=text))
        maps.append(keep)
    tables, cells = [], {}
    for t, table in enumerate(doc.tables):
        rows = []
        for r, row in enumerate(table.rows):
            out: list[str | None] = []
            for c, cell in enumerate(row):
                if cell is None:
                    out.append(None)
                    continue
                text, keep = _view_text(cell)
                out.append(text)
                cells[(t, r, c)] = keep
            rows.append(tuple(out))
        tables.append(replace(table, rows=tuple(rows)))
    view = replace(doc, blocks=tuple(blocks), tables=tuple(tables))
    return View(view, tuple(maps), cells)


@dataclass(frozen=True, slots=True)
class _Hay:
    """A view text without whitespace, its original text and the original offset of each char."""

    flat: str
    orig: str
    index: tuple[int, ...]

    @classmethod
    def of(cls, view: str, orig: str, keep: tuple[int, ...]) -> _Hay:
        at = [i for i, ch in enumerate(view) if not ch.isspace()]
        return cls("".join(view[i] for i in at), orig, tuple(keep[i] for i in at))

    def find(self, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        want = "".join(needle.split())
        at = self.flat.find(want, start, len(self.flat) if end is None else end) if want else -1
        return None if at < 0 else (at, at + len(want))

    def quote(self, a: int, b: int) -> str:
        """The original text spanned by view characters ``flat[a:b]``, whitespace collapsed."""
        return collapse_ws(self.orig[self.index[a] : self.index[b - 1] + 1])

    def chars(self, a: int, b: int) -> str:
        """The original characters of view characters ``flat[a:b]`` (annotations left out)."""
        return "".join(self.orig[i] for i in self.index[a:b])


class _Restorer:
    """Maps quotes and values read on the view back to the original document."""

    def __init__(self, doc: ParsedDocument, view: View) -> None:
        self.blocks = [
            ((v.page, v.paragraph), _Hay.of(v.text, o.text, keep))
            for v, o, keep in zip(view.doc.blocks, doc.blocks, view.blocks, strict=True)
        ]
        self.cells: dict[tuple[int, int, int], _Hay] = {}
        for (t, r, c), keep in view.cells.items():
            v, o = view.doc.tables[t].rows[r][c], doc.tables[t].rows[r][c]
            if v is not None and o is not None:
                self.cells[(t, r, c)] = _Hay.of(v, o, keep)

    def _hays(self, ev: Evidence) -> list[_Hay]:
        """Where to look for a quote: its block, its table cell, then every block and cell."""
        cited = [h for at, h in self.blocks if at == (ev.page, ev.paragraph)]
        if ev.table is not None and ev.table in self.cells:
            cited.append(self.cells[ev.table])
        return cited + [h for _, h in self.blocks] + list(self.cells.values())

    def _locate(self, ev: Evidence) -> tuple[_Hay, int, int] | None:
        for hay in self._hays(ev):
            span = hay.find(ev.quote)
            if span is not None:
                return hay, span[0], span[1]
        return None

    def evidence(self, ev: Evidence) -> Evidence:
        found = self._locate(ev)
        return ev if found is None else replace(ev, quote=found[0].quote(found[1], found[2]))

    def element(self, el: Element) -> Element:
        value = el.value
        if isinstance(value, str) and _HAN.search(value):
            for ev in el.evidence:
                found = self._locate(ev)
                span = found[0].find(value, found[1], found[2]) if found else None
                if found is not None and span is not None:
                    value = found[0].chars(*span)
                    break
        return Element(value, tuple(self.evidence(e) for e in el.evidence))


def restore(result: ExtractionResult, doc: ParsedDocument, view: View) -> ExtractionResult:
    """``result`` (read on ``view``) with quotes and as-written values taken from ``doc``.

    A quote or value not found on the view (a value the extractor rebuilt) is kept as it is.
    """
    r = _Restorer(doc, view)
    elements = {k: r.element(el) for k, el in result.elements.items()}
    findings = tuple(
        replace(f, evidence=tuple(r.evidence(e) for e in f.evidence)) for f in result.findings
    )
    return replace(result, elements=elements, findings=findings)
