"""docx → blocks in reading order (lxml over the guarded zip; see :func:`parse_docx`).

We read the WordprocessingML parts with lxml straight from the zip whose declared sizes
:func:`extractors.parsing.formats.check_zip` vetted, each part we read inflated once in bounded
chunks (:func:`~extractors.parsing.formats.read_member`; parts we never read — images, fonts,
themes — are never inflated), instead of going through
``docx.Document``: python-docx re-opens and loads every part of the package, refuses
macro-enabled (.docm) and template content types that hold the same XML, and its object
graph is freed only by the cycle collector (113 → 195 MB over 5,000 files). The traversal
below is what python-docx would give us plus what it misses (text boxes, content controls,
tracked insertions, nested tables).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree

from extractors.model import Block, ParsedDocument, Table
from extractors.parsing.formats import ParseLimits, check_zip, read_member
from kaohe.errors import DocumentError

__all__ = ["parse_docx"]

_W_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 strict
)
_R_ID = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MC_ALT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_MC_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

#: No DTDs, no entities, no network: the XML comes from untrusted uploads.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

#: inline elements whose text is not the paragraph's visible text
_SKIP_INLINE = frozenset({"rPr", "pPr", "delText", "instrText", "moveFrom", "del", "fldData"})
#: block wrappers whose children are blocks of the same level
_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml"})
#: Word allows 63 columns; a larger span/grid skip is hostile input, not a table.
_MAX_GRID = 64


def _wname(el: etree._Element) -> str | None:
    """Local name of a WordprocessingML element, None for anything else."""
    tag = el.tag
    if not isinstance(tag, str) or tag[0] != "{":
        return None
    ns, _, local = tag[1:].partition("}")
    return local if ns in _W_NS else None


class _Out:
    """Collects numbered non-empty blocks and body tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables: list[Table | None] = []

    def add(self, text: str, kind: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        index = len(self.blocks) + 1
        self.blocks.append(Block(text=text, page=None, paragraph=index, kind=kind))
        return index


def parse_docx(data: bytes, limits: ParseLimits) -> ParsedDocument:
    """Blocks: body paragraphs and table cells in document order, then headers, then footers.

    ``paragraph`` is the 1-based index among non-empty blocks; a merged cell appears once
    (horizontal spans are one ``w:tc``; vertical continuations are skipped). Text boxes and
    content controls are read where they are anchored. Raises :class:`DocumentError`.
    """
    with check_zip(data, limits, inflate=False) as zf:
        main = _main_part(zf)
        root = _read_xml(zf, main)
        body = next((c for c in root if _wname(c) == "body"), None)
        if body is None:
            raise DocumentError("corrupt", "Word 文件已损坏（缺少正文），无法打开")
        out = _Out()
        _walk(body, "body", out)
        rels = _rels(zf, main)
        for kind in ("header", "footer"):
            seen_parts: set[str] = set()
            seen_texts: list[list[str]] = []
            for part in _header_footer_parts(body, kind, rels):
                if part in seen_parts or part not in zf.NameToInfo:
                    continue
                seen_parts.add(part)
                sub = _Out()
                _walk(_read_xml(zf, part), kind, sub)
                texts = [b.text for b in sub.blocks]
                # First-page and default headers often repeat the same text: keep it once.
                if not texts or texts in seen_texts:
                    continue
                seen_texts.append(texts)
                for text in texts:
                    out.add(text, kind)
    return ParsedDocument(
        format="docx",
        status="ok" if out.blocks else "no_text",
        blocks=tuple(out.blocks),
        tables=tuple(t for t in out.tables if t is not None),
        error=None if out.blocks else "Word 文件中没有文字",
    )


def _read_xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        raw = read_member(zf, name)
    except KeyError as e:
        raise DocumentError("corrupt", "Word 文件已损坏（缺少文档部件），无法打开") from e
    return etree.fromstring(raw, _PARSER)


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    if "_rels/.rels" in zf.NameToInfo:
        for rel in etree.fromstring(read_member(zf, "_rels/.rels"), _PARSER).iter(_PKG_RELS):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → zip member name for ``part`` (external targets dropped)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    out: dict[str, str] = {}
    for rel in etree.fromstring(read_member(zf, rels_name), _PARSER).iter(_PKG_RELS):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            out[rel.get("Id", "")] = target.lstrip("/")
        else:
            out[rel.get("Id", "")] = posixpath.normpath(posixpath.join(folder, target))
    return out


def _header_footer_parts(body: etree._Element, kind: str, rels: dict[str, str]) -> Iterator[str]:
    """Header (or footer) parts of every section, in section order."""
    ref = kind + "Reference"
    for sect in body.iter(*(f"{{{ns}}}sectPr" for ns in _W_NS)):
        title_page = any(
            _wname(c) == "titlePg" and c.get(_attr(c, "val")) not in ("0", "false") for c in sect
        )
        for child in sect:
            if _wname(child) != ref:
                continue
            # A "first" header is shown only when the section has a distinct title page.
            if child.get(_attr(child, "type")) == "first" and not title_page:
                continue
            rid = next((child.get(a) for a in _R_ID if child.get(a)), None)
            if rid and rid in rels:
                yield rels[rid]


def _attr(el: etree._Element, local: str) -> str:
    """The qualified name of a w: attribute in the element's own namespace."""
    ns = el.tag[1:].partition("}")[0]
    return f"{{{ns}}}{local}"


def _walk(container: etree._Element, kind: str, out: _Out) -> None:
    """Emit the block-level children of ``container`` (body, cell, header, text box) in order."""
    for child in container:
        name = _wname(child)
        if name == "p":
            text, boxes = _paragraph(child)
            out.add(text, kind)
            for box in boxes:
                _walk(box, kind, out)
        elif name == "tbl":
            _table(child, kind, out)
        elif name in _WRAPPERS:
            _walk(child, kind, out)
        elif child.tag == _MC_ALT:
            choice = next((c for c in child if c.tag == _MC_CHOICE), None)
            if choice is not None:
                _walk(choice, kind, out)


def _paragraph(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """The visible text of a paragraph and the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[etree._Element] = []

    def visit(el: etree._Element) -> None:
        for c in el:
            name = _wname(c)
            if name == "t":
                parts.append(c.text or "")
            elif name in ("tab", "ptab"):
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "txbxContent":
                boxes.append(c)
            elif name in _SKIP_INLINE or c.tag == _MC_FALLBACK:
                # mc:Fallback repeats the mc:Choice content (VML copy of a DrawingML text box).
                continue
            elif len(c):
                visit(c)

    visit(p)
    return "".join(parts), boxes


def _children(el: etree._Element, want: str) -> Iterator[etree._Element]:
    """Children named ``want``, looking through content-control and custom-XML wrappers."""
    for c in el:
        name = _wname(c)
        if name == want:
            yield c
        elif name in _WRAPPERS:
            yield from _children(c, want)


def _table(tbl: etree._Element, kind: str, out: _Out) -> None:
    cell_kind = "table" if kind == "body" else kind
    slot = len(out.tables)
    out.tables.append(None)  # keep the outer table before its nested tables
    rows: list[tuple[str | None, ...]] = []
    where: list[tuple[int | None, ...]] = []
    first: int | None = None
    for tr in _children(tbl, "tr"):
        row: list[str | None] = []
        at: list[int | None] = []
        before = _grid_skip(tr, "gridBefore")
        row.extend([None] * before)
        at.extend([None] * before)
        for tc in _children(tr, "tc"):
            span, continued = _cell_props(tc)
            if continued:
                row.extend([None] * span)
                at.extend([None] * span)
                continue
            texts: list[str] = []
            nested: list[etree._Element] = []
            _cell_content(tc, texts, nested)
            text = "\n".join(t.strip() for t in texts if t.strip())
            index = out.add(text, cell_kind)
            if first is None:
                first = index
            row.append(text or None)
            row.extend([None] * (span - 1))
            at.append(index)
            at.extend([None] * (span - 1))
            for inner in nested:
                _table(inner, kind, out)
        after = _grid_skip(tr, "gridAfter")
        row.extend([None] * after)
        at.extend([None] * after)
        rows.append(tuple(row))
        where.append(tuple(at))
    if kind == "body":
        out.tables[slot] = Table(rows=tuple(rows), page=None, paragraph=first, blocks=tuple(where))


def _cell_content(el: etree._Element, texts: list[str], nested: list[etree._Element]) -> None:
    for c in el:
        name = _wname(c)
        if name == "p":
            text, boxes = _paragraph(c)
            texts.append(text)
            for box in boxes:
                _cell_content(box, texts, nested)
        elif name == "tbl":
            nested.append(c)
        elif name in _WRAPPERS:
            _cell_content(c, texts, nested)


def _cell_props(tc: etree._Element) -> tuple[int, bool]:
    """(grid columns spanned, is a vertical-merge continuation)."""
    span, continued = 1, False
    for pr in tc:
        if _wname(pr) != "tcPr":
            continue
        for c in pr:
            name = _wname(c)
            if name == "gridSpan":
                span = _int(c.get(_attr(c, "val")), 1)
            elif name == "vMerge":
                continued = c.get(_attr(c, "val")) != "restart"
    return min(max(span, 1), _MAX_GRID), continued


def _grid_skip(tr: etree._Element, which: str) -> int:
    for pr in tr:
        if _wname(pr) == "trPr":
            for c in pr:
                if _wname(c) == which:
                    return min(max(_int(c.get(_attr(c, "val")), 0), 0), _MAX_GRID)
    return 0


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
