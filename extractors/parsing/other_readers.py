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

    def flush(self) -> None:
        lines = (_HTML_WS.sub(" ", line).strip() for line in "".join(self.buf).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            self.texts.append(text)
        self.buf = []

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
        if tag in _BLOCK_TAGS or (tag == "a" and self._link_is_item()):
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
    return ParsedDocument(
        format="html",
        status="ok" if blocks else "no_text",
        blocks=blocks,
        error=None if blocks else "网页中没有文字",
    )
