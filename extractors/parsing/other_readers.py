"""xlsx, html and plain-text parsers (the less common submission formats)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from html.parser import HTMLParser

from extractors.model import Block, ParsedDocument, Table
from extractors.parsing.formats import ParseLimits, check_zip
from kaohe.errors import DocumentError

__all__ = ["decode_text", "parse_html", "parse_txt", "parse_xlsx"]

#: rows read per workbook; beyond this the workbook is a data dump, not evidence
_MAX_XLSX_ROWS = 100_000


# ----------------------------------------------------------------------------- xlsx


def parse_xlsx(data: bytes, limits: ParseLimits) -> ParsedDocument:
    """Every worksheet a Table (``page`` = sheet number); one block per non-empty row.

    Block text is the row's cells joined by ``\\t``; ``paragraph`` runs across sheets.
    """
    import openpyxl

    check_zip(data, limits).close()
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    blocks: list[Block] = []
    tables: list[Table] = []
    truncated = False
    try:
        for sheet_no, ws in enumerate(wb.worksheets, start=1):
            rows: list[tuple[str | None, ...]] = []
            first: int | None = None
            for values in ws.iter_rows(values_only=True):
                if len(blocks) >= _MAX_XLSX_ROWS:
                    truncated = True
                    break
                cells = [_cell(v) for v in values]
                while cells and cells[-1] is None:
                    cells.pop()
                rows.append(tuple(cells))
                text = "\t".join(c or "" for c in cells).strip()
                if text:
                    index = len(blocks) + 1
                    first = first or index
                    blocks.append(Block(text=text, page=sheet_no, paragraph=index, kind="table"))
            while rows and not any(rows[-1]):
                rows.pop()
            if rows:
                tables.append(Table(rows=tuple(rows), page=sheet_no, paragraph=first))
            if truncated:
                break
    finally:
        wb.close()
    meta: dict[str, object] = {"sheets": len(wb.worksheets)}
    if truncated:
        meta["truncated"] = True
    return ParsedDocument(
        format="xlsx",
        status="ok" if blocks else "no_text",
        blocks=tuple(blocks),
        tables=tuple(tables),
        error=None if blocks else "Excel 文件中没有内容",
        page_count=len(wb.worksheets),
        meta=meta,
    )


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


# ----------------------------------------------------------------------------- text


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode by BOM, then ``declared`` (GB2312/GBK read as GB18030), UTF-8, GB18030."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    candidates = []
    if declared:
        declared = declared.lower()
        # Pages labelled gb2312/gbk routinely contain GBK/GB18030-only characters.
        candidates.append(
            "gb18030" if declared in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else declared
        )
    candidates += ["utf-8", "gb18030"]
    for codec in candidates:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", "replace")


def parse_txt(data: bytes) -> ParsedDocument:
    """One block per non-empty line (``paragraph`` = index among non-empty lines)."""
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    blocks = _numbered(text.split("\n"), "body")
    return ParsedDocument(
        format="txt",
        status="ok" if blocks else "no_text",
        blocks=blocks,
        error=None if blocks else "文本文件中没有文字",
    )


def _numbered(texts: list[str], kind: str) -> tuple[Block, ...]:
    out: list[Block] = []
    for t in texts:
        t = t.strip()
        if t:
            out.append(Block(text=t, page=None, paragraph=len(out) + 1, kind=kind))
    return tuple(out)


# ----------------------------------------------------------------------------- html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section",
        "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "select", "svg"})
#: inside these, a link is part of running prose; elsewhere it is an item of a list
_PROSE_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr"})
_HTML_WS = re.compile(r"[ \t\n\r\f\xa0\u3000]+")


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.buf: list[str] = []
        self.stack: list[str] = []
        self.skip = 0
        #: finished tables in document order (outer before nested) and the open ones
        self.tables: list[_TableBuild] = []
        self.open: list[_TableBuild] = []

    def flush(self) -> None:
        lines = (_HTML_WS.sub(" ", line).strip() for line in "".join(self.buf).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            self.texts.append(text)
        self.buf = []
        if self.open and self.open[-1].cell is not None and text:
            self.open[-1].cell[0].append(len(self.texts))

    def _in_cell(self) -> bool:
        return bool(self.open) and self.open[-1].cell is not None

    def _table_tag(self, tag: str, attrs: list[tuple[str, str | None]] | None) -> None:
        """Track table structure: start (attrs given) or end (attrs None) of a table tag."""
        if tag == "table":
            if attrs is not None:
                build = _TableBuild()
                self.tables.append(build)
                self.open.append(build)
            elif self.open:
                self.open[-1].close_cell()
                self.open.pop()
            return
        if not self.open:
            return
        top = self.open[-1]
        if tag == "tr":
            top.close_cell()
            if attrs is not None:
                top.rows.append([])
        elif tag in ("td", "th"):
            top.close_cell()
            if attrs is not None:
                a = dict(attrs)
                if not top.rows:
                    top.rows.append([])
                top.cell = ([], _span(a.get("rowspan")), _span(a.get("colspan")))

    def _link_is_item(self) -> bool:
        for tag in reversed(self.stack):
            if tag in _PROSE_TAGS:
                return False
            if tag in _BLOCK_TAGS:
                return True
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self.buf.append("\n")
        elif tag in ("table", "tr", "td", "th"):
            self.flush()
            self._table_tag(tag, attrs)
        elif self._in_cell() and tag in _BLOCK_TAGS:
            self.buf.append("\n")  # a cell is one block: its paragraphs are its lines
        elif tag in _BLOCK_TAGS or (tag == "a" and self._link_is_item()):
            self.flush()
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in self.stack:
            # Close everything up to the matching tag (tolerates unclosed <li>, <p>, <td>).
            while self.stack:
                top = self.stack.pop()
                if top == tag:
                    break
        if tag in ("table", "tr", "td", "th"):
            self.flush()
            self._table_tag(tag, None)
        elif self._in_cell() and tag in _BLOCK_TAGS:
            self.buf.append("\n")
        elif tag in _BLOCK_TAGS or (tag == "a" and self._link_is_item()):
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)


def parse_html(data: bytes) -> ParsedDocument:
    """Block-level elements (and links of 栏目 lists) → blocks in document order.

    ``<title>`` comes first; ``script``/``style``/``head`` content is skipped; a link is its own
    block unless it sits inside running prose (``p``, ``h1``–``h6``).
    """
    match = _META_CHARSET.search(data[:4096])
    text = decode_text(data, match.group(1).decode("ascii") if match else None)
    parser = _Blocks()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as e:  # malformed markup deep inside html.parser
        raise DocumentError("corrupt", "网页文件无法解析", detail=str(e)) from e
    parser.flush()
    blocks = _numbered(parser.texts, "body")
    tables = tuple(t for t in (b.table(parser.texts) for b in parser.tables) if t is not None)
    return ParsedDocument(
        format="html",
        status="ok" if blocks else "no_text",
        blocks=blocks,
        tables=tables,
        error=None if blocks else "网页中没有文字",
    )


#: rowspan/colspan above this is hostile markup, not a table
_MAX_SPAN = 64


def _span(value: str | None) -> int:
    try:
        return min(max(int(str(value).strip()), 1), _MAX_SPAN)
    except ValueError:
        return 1


class _TableBuild:
    """An HTML table being read: rows of (block indexes, rowspan, colspan) cells."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[list[int], int, int]]] = []
        self.cell: tuple[list[int], int, int] | None = None

    def close_cell(self) -> None:
        if self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None

    def table(self, texts: list[str]) -> Table | None:
        """The grid (rowspan/colspan placed at the top-left cell, None elsewhere)."""
        self.close_cell()
        grid: dict[tuple[int, int], tuple[str, int] | None] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for blocks, rowspan, colspan in row:
                while (r, c) in grid:
                    c += 1
                text = "\n".join(texts[i - 1] for i in blocks)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[r + dr, c + dc] = None
                # a cell spread over several blocks cannot be quoted as one: keep its text only
                grid[r, c] = (text, blocks[0] if len(blocks) == 1 else 0) if text else None
                c += colspan
        if not grid:
            return None
        height = len(self.rows)
        width = max(c for _, c in grid) + 1
        rows = []
        where = []
        for r in range(height):
            cells = [grid.get((r, c)) for c in range(width)]
            rows.append(tuple(x[0] if x else None for x in cells))
            where.append(tuple(x[1] or None if x else None for x in cells))
        first = next((b for row in where for b in row if b), None)
        return Table(rows=tuple(rows), page=None, paragraph=first, blocks=tuple(where))
