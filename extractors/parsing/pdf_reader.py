"""PDF → one block per page (pypdfium2 text, pdfplumber tables on ruled pages only).

Why pypdfium2 for text: 533–2,483 pages/s against 26–31 for pdfplumber ``extract_text``
(measured here, Chinese text), with the same characters once whitespace is collapsed.

Line order: pdfium returns text in content-stream order, pdfplumber in position order. They
agree on body text, but generators that draw the running header/footer before the body
(reportlab ``onPage``, many Word exporters) make pdfium return the footer ("— 1 —") as the
second line of the page, where it would sit between the 文号 and the body. Measured on
kaohe.demo.docgen PDFs (4 pages, header + footer): pdfium gave "header, footer, body…" on every
page; pdfplumber "header, body…, footer". A full position sort would also interleave
multi-column text and multi-line table cells, which pdfium gets right, so we only move lines
lying in the top or bottom 8 % of the page (where running headers and page numbers sit and a
body line of an A4 page with ≥ 2 cm margins never does) to the start or end of the page text,
keeping pdfium's order otherwise. With that, the squeezed text equals pdfplumber's on every
docgen page (asserted in tests/extractors/test_parse.py).
"""

from __future__ import annotations

import ctypes
import dataclasses
import io
import re
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.model import Block, ParsedDocument, Table
from extractors.parsing.formats import ParseLimits
from extractors.parsing.pdf_words import word_tables
from kaohe.errors import DocumentError

__all__ = ["TablesWanted", "page_texts", "parse_pdf", "pdf_tables", "quote_boxes"]

#: whether to read tables: always, never, or decided from the text-only parse
TablesWanted = bool | Callable[[ParsedDocument], bool]
#: an unruled page is read with pdfplumber's text strategy only when it holds these words
#: (the rows of 年报 表三/表四); other unruled text is prose
_UNRULED_CUE = re.compile(r"本年新收|上年结转|结转下年度|结果维持|尚未审结")

_BAND = 0.08
#: a table needs at least a few ruling lines; one path is the red line under a 红头 title
_MIN_TABLE_PATHS = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FPDF_ERR_PASSWORD = 4


def parse_pdf(data: bytes, limits: ParseLimits, *, tables: TablesWanted = True) -> ParsedDocument:
    """Page blocks (``page`` 1-based, ``paragraph`` None) and tables; raises DocumentError.

    ``tables``: True reads the tables of ruled pages (and of unruled pages holding 年报 table
    rows), False none; a callable is asked with the text-only document (``tables=()``) and
    the tables are read only when it answers True — pdfplumber's table finder is most of the
    cost of a PDF, and only a few document types read tables (issue 9). The result's
    ``meta["tables"]`` says which: ``"read"`` or ``"skipped"``.
    """
    doc = _open(data)
    try:
        count = len(doc)
        if count == 0:
            raise DocumentError("corrupt", "PDF 文件已损坏，无法打开", detail="no pages")
        if count > limits.max_pages:
            raise DocumentError(
                "too_many_pages", f"PDF 页数超过上限（{count} 页，上限 {limits.max_pages} 页）"
            )
        blocks: list[Block] = []
        empty_pages: list[int] = []
        ruled: list[int] = []
        images = 0
        for i in range(count):
            page = doc[i]
            try:
                text = _page_text(page)
                n_images, n_paths = _count_objects(page)
            finally:
                page.close()
            images += n_images
            if text.strip():
                blocks.append(Block(text=text, page=i + 1, paragraph=None, kind="page"))
            else:
                empty_pages.append(i + 1)
            if n_paths >= _MIN_TABLE_PATHS:
                ruled.append(i)
    finally:
        doc.close()
    if not blocks:
        return ParsedDocument(
            format="pdf",
            status="no_text",
            error="PDF 无文字层（疑似扫描件），需 OCR 或人工审核",
            page_count=count,
            meta={"images": images},
        )
    meta: dict[str, object] = {"images": images}
    if empty_pages:
        meta["pages_without_text"] = empty_pages
    doc_text = ParsedDocument(
        format="pdf",
        status="ok",
        blocks=tuple(blocks),
        page_count=count,
        meta=meta,
    )
    wanted = tables(doc_text) if callable(tables) else tables
    if not wanted:
        return dataclasses.replace(doc_text, meta={**meta, "tables": "skipped"})
    cue = [
        b.page - 1 for b in blocks if b.page is not None and _UNRULED_CUE.search(_squeeze(b.text))
    ]
    # the page after one holding 年报 rows may continue its table without repeating them
    unruled = sorted({p for i in cue for p in (i, i + 1) if p < count and p not in ruled})
    found, failed = pdf_tables(data, ruled, unruled)
    meta = {**meta, "tables": "read"}
    if failed:
        meta["tables_error"] = True
    return dataclasses.replace(doc_text, tables=found, meta=meta)


def _char_boxes(page: object) -> Callable[[tuple[float, ...]], tuple[float, float, float, float]]:
    """For a cell's box, the smallest box around the characters inside it (the cell when empty)."""
    import bisect

    chars = sorted(
        (
            (float(c["top"]) + float(c["bottom"])) / 2,
            (float(c["x0"]) + float(c["x1"])) / 2,
            (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"])),
        )
        for c in page.chars  # type: ignore[attr-defined]
        if str(c.get("text", "")).strip()
    )
    keys = [c[0] for c in chars]

    def tight(cell: tuple[float, ...]) -> tuple[float, float, float, float]:
        x0, top, x1, bottom = (float(v) for v in cell)
        lo, hi = bisect.bisect_left(keys, top), bisect.bisect_right(keys, bottom)
        inside = [box for _, cx, box in chars[lo:hi] if x0 <= cx <= x1]
        if not inside:
            return (x0, top, x1, bottom)
        return (
            min(b[0] for b in inside),
            min(b[1] for b in inside),
            max(b[2] for b in inside),
            max(b[3] for b in inside),
        )

    return tight


def _squeeze(text: str) -> str:
    return "".join(text.split())


def page_texts(data: bytes) -> list[str]:
    """The text of every page, as :func:`parse_pdf` reads it (for benchmarks and checks)."""
    doc = _open(data)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            try:
                out.append(_page_text(page))
            finally:
                page.close()
        return out
    finally:
        doc.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == _FPDF_ERR_PASSWORD:
            raise DocumentError(
                "encrypted", "PDF 文件已加密（设有打开密码），无法读取，请提交未加密的版本"
            ) from e
        raise DocumentError("corrupt", "PDF 文件已损坏，无法打开", detail=str(e)) from e


def _page_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        lines = raw.split("\r\n")
        # Char indexes equal text indexes unless pdfium excluded/inserted chars; then we
        # cannot locate lines and keep pdfium's order.
        if len(lines) > 1 and len(raw) == textpage.count_chars():
            lines = _move_running_lines(textpage, lines, page.get_height())
    finally:
        textpage.close()
    text = "\n".join(lines).replace("\r", "\n")
    return _CONTROL.sub("", text).strip("\n")


def _move_running_lines(textpage: pdfium.PdfTextPage, lines: list[str], height: float) -> list[str]:
    """Move lines in the top/bottom band to the start/end, keeping order within each group.

    A line stands where its first character's baseline does: the origin comes from the PDF
    alone, while a character's box is its glyph's and so depends on the font pdfium found
    for a non-embedded font (none in the parser processes, ``kaohe.phases.pdfium_fonts``)."""
    top: list[str] = []
    body: list[str] = []
    bottom: list[str] = []
    index = 0
    x, y_ = ctypes.c_double(), ctypes.c_double()
    for line in lines:
        stripped = len(line) - len(line.lstrip())
        if line.strip():
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index + stripped, x, y_)
            y = y_.value
            if y > height * (1 - _BAND):
                top.append(line)
            elif y < height * _BAND:
                bottom.append(line)
            else:
                body.append(line)
        index += len(line) + 2  # the "\r\n" pdfium generated
    return top + body + bottom


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int]:
    """(image objects, path objects) at the top level of the page: cheap, no Python wrappers."""
    images = paths = 0
    for j in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, j))
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
    return images, paths


def pdf_tables(
    data: bytes, ruled: list[int], unruled: list[int] | None = None
) -> tuple[tuple[Table, ...], bool]:
    """Tables of ``ruled`` pages (pdfplumber's ruling lines) and ``unruled`` pages (年报 tables
    placed from word positions, :mod:`extractors.parsing.pdf_words`), 0-based, in page order,
    each cell with its box; a failure drops tables, not text."""
    import pdfplumber

    out: list[Table] = []
    text_pages = set(unruled or ())
    carry: list[float] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in sorted({*ruled, *text_pages}):
                page = pdf.pages[i]
                try:
                    if i in text_pages:
                        placed, carry = word_tables(page, carry)
                        out += placed
                        continue
                    tight = _char_boxes(page)
                    for found in page.find_tables():
                        rows = found.extract()
                        # A single framed box (a border, a stamp frame) is not a table.
                        if len(rows) < 2 or max(len(r) for r in rows) < 2:
                            continue
                        boxes = tuple(
                            tuple(tight(b) if b else None for b in row.cells) for row in found.rows
                        )
                        out.append(
                            Table(
                                rows=tuple(tuple(c for c in r) for r in rows),
                                page=i + 1,
                                paragraph=None,
                                boxes=boxes if len(boxes) == len(rows) else None,
                            )
                        )
                finally:
                    page.close()
    except Exception:  # pdfminer raises many unrelated types on odd files
        return tuple(out), True
    return tuple(out), False


Box = tuple[float, float, float, float]


def quote_boxes(
    data: bytes, quotes: list[tuple[int, str]], lines: list[int | None] | None = None
) -> list[list[Box]]:
    """For each (1-based page, quote): the boxes of the quote's characters on that page, one per
    line it spans (PDF points, origin top-left), found by matching the quote with whitespace
    removed against the page's characters; ``[]`` where it is not found. Never raises.

    A quote that occurs more than once must be told apart, or it gets no box (a highlight on
    the wrong cell misleads more than none): a number is matched only as a whole number (the
    "3" of a cell is not the 3 of "2023"), then by ``lines[k]``, the quote's 1-based line on
    its page, when given; a longer text repeated on the page takes its first occurrence."""
    out: list[list[Box]] = [[] for _ in quotes]
    hints = lines if lines is not None else [None] * len(quotes)
    try:
        doc = _open(data)
    except DocumentError:
        return out
    try:
        by_page: dict[int, list[int]] = {}
        for k, (page_no, _) in enumerate(quotes):
            by_page.setdefault(page_no, []).append(k)
        for page_no, ks in by_page.items():
            if not 1 <= page_no <= len(doc):
                continue
            page = doc[page_no - 1]
            textpage = page.get_textpage()
            try:
                height = page.get_height()
                raw = textpage.get_text_range()
                if len(raw) != textpage.count_chars():
                    continue  # char indexes differ from text indexes: cannot map
                keep = [i for i, ch in enumerate(raw) if not ch.isspace()]
                flat = "".join(raw[i] for i in keep)
                for k in ks:
                    needle = "".join(quotes[k][1].split())
                    at = _occurrence(raw, keep, flat, needle, hints[k])
                    if at < 0:
                        continue
                    out[k] = _line_boxes(
                        [textpage.get_charbox(keep[j]) for j in range(at, at + len(needle))],
                        height,
                    )
            finally:
                textpage.close()
                page.close()
    except Exception:  # a damaged page: no boxes, the evidence stands without them
        return out
    finally:
        doc.close()
    return out


_SHORT = 4


def _occurrence(raw: str, keep: list[int], flat: str, needle: str, line: int | None) -> int:
    """The flat index of the one occurrence of ``needle`` meant, or -1 (see quote_boxes)."""
    if not needle:
        return -1
    found = []
    at = flat.find(needle)
    while at >= 0:
        found.append(at)
        at = flat.find(needle, at + 1)
    # whole numbers only, judged on the page text with its spaces ("821 35 2 1 859")
    if needle[0].isdigit():
        found = [a for a in found if keep[a] == 0 or not raw[keep[a] - 1].isdigit()]
    if needle[-1].isdigit():
        last = len(needle) - 1
        found = [
            a
            for a in found
            if keep[a + last] + 1 >= len(raw) or not raw[keep[a + last] + 1].isdigit()
        ]
    if len(found) > 1 and line is not None:
        on_line = [a for a in found if raw.count("\n", 0, keep[a]) + 1 == line]
        if on_line:
            found = on_line
    if len(found) == 1:
        return found[0]
    if found and len(needle) >= _SHORT and not needle.isdigit():
        return found[0]
    return -1


def _line_boxes(chars: list[tuple[float, float, float, float]], height: float) -> list[Box]:
    """pdfium char boxes (left, bottom, right, top; origin bottom-left) → one top-left-origin
    box per line (a new line where a character starts left of the previous one)."""
    lines: list[list[tuple[float, float, float, float]]] = []
    for c in chars:
        if lines and c[0] >= lines[-1][-1][0] - 1:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [
        (
            round(min(c[0] for c in line), 2),
            round(height - max(c[3] for c in line), 2),
            round(max(c[2] for c in line), 2),
            round(height - min(c[1] for c in line), 2),
        )
        for line in lines
    ]
