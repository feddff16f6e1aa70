"""Bytes → :class:`ParsedDocument`, with guards, never raising for bad input.

Every failure becomes ``ParsedDocument(status="error", error=<Chinese reason>,
error_code=<tag>)``: guards raise :class:`kaohe.errors.DocumentError` internally and library
exceptions (zipfile, lxml, openpyxl, pdfium, pdfminer) are translated here, at the boundary.
The per-file timeout is the caller's (a worker process); parsing here is bounded by
:class:`ParseLimits` (file size, pages, unzipped size, compression ratio, OCR pages).

Optional helpers, each used when present and asked for: OCR of scanned PDFs and images
(:mod:`extractors.parsing.ocr`, the ``kaohe[ocr]`` extra; several seconds a page) and LibreOffice
conversion of legacy .doc/.wps (:mod:`extractors.parsing.convert`, ~1.2 s a file).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from extractors.model import Format, ParsedDocument
from extractors.parsing.convert import convert_to_docx, soffice_path
from extractors.parsing.docx_reader import parse_docx
from extractors.parsing.formats import ParseLimits, sniff_format
from extractors.parsing.ocr import apply_ocr, ocr_available
from extractors.parsing.other_readers import parse_html, parse_txt, parse_xlsx
from extractors.parsing.pdf_reader import TablesWanted, parse_pdf
from kaohe.errors import DocumentError

__all__ = [
    "PARSER_VERSION",
    "TABLE_CUES",
    "ParseLimits",
    "TablesWanted",
    "parse_bytes",
    "parse_file",
    "parser_version",
    "sniff_format",
    "table_cue",
]

#: bump when parse output changes for the same bytes (it keys the parse cache)
_BASE_VERSION = "3"  # 3: table cell positions (blocks/boxes), html tables, lazy pdf tables

#: Words whose presence makes a PDF's tables worth reading (pdfplumber's table finder is ~3/4
#: of extract time): the document types that read tables — 年度报告 (表三/表四), 培训签到表,
#: 会议纪要 form tables, 考核/评分 tables of 制度. Fixed words, not the classifier's rules, so a
#: cached parse stays valid when the rules change.
TABLE_CUES = re.compile(
    r"年度报告|年报|本年新收|上年结转|签到|培训|会议纪要|会议记录|主持人|会议时间|评分|分值|得分|考核"
)


def table_cue(doc: ParsedDocument) -> bool:
    """True when ``doc``'s text names a kind of document that reads tables (see TABLE_CUES)."""
    return any(TABLE_CUES.search("".join(b.text.split())) for b in doc.blocks)


def parser_version(*, ocr: bool = True, convert: bool = True) -> str:
    """The parse-cache key of this parser as configured here: ``"2"``, ``"2+ocr"``,
    ``"2+ocr+lo"``…, so documents parsed before the OCR extra or LibreOffice was installed
    are parsed again once it is."""
    version = _BASE_VERSION
    if ocr and ocr_available():
        version += "+ocr"
    if convert and soffice_path():
        version += "+lo"
    return version


#: :func:`parser_version` with both helpers enabled (the default of :func:`parse_bytes`)
PARSER_VERSION = parser_version()

_MIB = 1024 * 1024
#: bytes read from an oversized file to name its format in the refusal
_SNIFF_BYTES = _MIB

_CORRUPT: dict[str, str] = {
    "docx": "Word 文件已损坏，无法打开",
    "xlsx": "Excel 文件已损坏，无法打开",
    "pdf": "PDF 文件已损坏，无法打开",
    "html": "网页文件无法解析",
    "image": "图片文件已损坏，无法打开",
    "txt": "文本文件无法读取",
}


def parse_bytes(
    data: bytes,
    name: str = "",
    *,
    limits: ParseLimits | None = None,
    ocr: bool = True,
    convert: bool = True,
    tables: TablesWanted | None = None,
) -> ParsedDocument:
    """Parse one file's bytes; ``name`` (the submitted file name) only breaks format ties.

    ``tables`` (PDF): True/False, or a predicate on the text-only parse; None = :func:`table_cue`.
    docx, html and xlsx tables come with their text at no extra cost and are always read.

    ``ocr``: OCR scanned PDF pages and images when the extra is installed (no-op without it).
    ``convert``: convert .doc/.wps with LibreOffice when it is installed (else a clear error).
    """
    limits = limits or ParseLimits()
    fmt: Format = "unknown"
    try:
        if not data:
            raise DocumentError("empty", "文件为空")
        fmt = sniff_format(data, name)
        if len(data) > limits.max_file_bytes:
            raise _too_large(limits)
        if fmt == "doc" and convert and soffice_path():
            return _converted(data, name, limits)
        if fmt == "pdf":
            doc = parse_pdf(data, limits, tables=table_cue if tables is None else tables)
        else:
            doc = _PARSERS[fmt](data, name, limits)
        if ocr and fmt in ("pdf", "image"):
            doc = apply_ocr(doc, data, limits)
        return doc
    except DocumentError as e:
        return _error(fmt, e)
    except Exception as e:  # any library failure on hostile or damaged bytes
        reason = _CORRUPT.get(fmt, "文件已损坏，无法读取")
        return _error(fmt, DocumentError("corrupt", reason, detail=f"{type(e).__name__}: {e}"))


def parse_file(
    path: str | Path,
    *,
    limits: ParseLimits | None = None,
    ocr: bool = True,
    convert: bool = True,
    tables: TablesWanted | None = None,
) -> ParsedDocument:
    """Parse the file at ``path``; an oversized file is refused without reading it whole."""
    limits = limits or ParseLimits()
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise IsADirectoryError(str(p))
        if size > limits.max_file_bytes:
            with p.open("rb") as f:
                head = f.read(_SNIFF_BYTES)
            return _error(sniff_format(head, p.name), _too_large(limits))
        data = p.read_bytes()
    except OSError as e:
        return _error(
            "unknown", DocumentError("missing", "文件不存在或无法读取", detail=f"{p}: {e}")
        )
    return parse_bytes(data, p.name, limits=limits, ocr=ocr, convert=convert, tables=tables)


def _too_large(limits: ParseLimits) -> DocumentError:
    n = limits.max_file_bytes
    label = f"{round(n / _MIB, 1):g} MB" if n >= _MIB else f"{max(1, round(n / 1024))} KB"
    return DocumentError("too_large", f"文件超过大小上限（{label}）")


def _error(fmt: Format, e: DocumentError) -> ParsedDocument:
    # Reasons are one line by contract.
    return ParsedDocument(
        format=fmt, status="error", error=" ".join(e.reason.split()), error_code=e.code
    )


def _ole2(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    """An OLE2 file sniffed as docx/xlsx is an encrypted OOXML package."""
    raise DocumentError("encrypted", "文件已加密（设有打开密码），无法读取，请提交未加密的版本")


def _docx(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        return _ole2(data, name, limits)
    return parse_docx(data, limits)


def _xlsx(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        return _ole2(data, name, limits)
    return parse_xlsx(data, limits)


def _doc(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    if name.lower().endswith(".wps"):
        reason = "WPS 文字（.wps）格式，请另存为 .docx 或 PDF 后重新提交"
    else:
        reason = "旧版 Word（.doc）格式，请另存为 .docx 或 PDF 后重新提交"
    raise DocumentError("legacy_format", reason)


def _converted(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    """A .doc/.wps through LibreOffice, parsed as the docx it becomes; ``format`` stays doc."""
    kind = "wps" if name.lower().endswith(".wps") else "doc"
    docx = convert_to_docx(data, f".{kind}", limits.convert_timeout_s)
    doc = _docx(docx, name, limits)
    return dataclasses.replace(doc, format="doc", meta={**doc.meta, "converted_from": kind})


def _image(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    return ParsedDocument(
        format="image", status="no_text", error="图片文件无文字层，需 OCR 或人工审核"
    )


def _unknown(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        reason = "旧版 Office 格式（如 .xls），不支持，请提交 docx 或 PDF"
    else:
        reason = "不支持的文件格式，请提交 docx 或 PDF"
    raise DocumentError("unsupported", reason)


_PARSERS: dict[str, Callable[[bytes, str, ParseLimits], ParsedDocument]] = {
    "docx": _docx,
    "xlsx": _xlsx,
    "pdf": lambda data, name, limits: parse_pdf(data, limits),
    "doc": _doc,
    "html": lambda data, name, limits: parse_html(data),
    "txt": lambda data, name, limits: parse_txt(data),
    "image": _image,
    "unknown": _unknown,
}
