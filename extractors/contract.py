"""The machine-readable face of extraction (docs/spec: extraction-output.md, v1).

:func:`to_contract` builds the exact JSON object of ``kaohe extract --json`` (and of the stored
extraction), keys in contract order; :func:`extract_path` reads one file for the CLI.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors.doctypes.classify import classify
from extractors.extract import extract
from extractors.model import ExtractionResult, ParsedDocument, certainty_of
from extractors.parsing.dispatch import parse_bytes, table_cue
from extractors.parsing.formats import ParseLimits, sniff_format
from extractors.parsing.pdf_reader import quote_boxes
from extractors.rules import ExtractionRules

__all__ = [
    "TABLE_DOC_TYPES",
    "add_pdf_boxes",
    "certainty_of",
    "error_contract",
    "extract_path",
    "tables_wanted",
    "to_contract",
]

#: the document types whose extractors read tables (the others never look at them)
TABLE_DOC_TYPES = frozenset(
    {"annual_report", "training_record", "meeting_minutes", "system_document"}
)


def tables_wanted(rules: ExtractionRules) -> Callable[[ParsedDocument], bool]:
    """Predicate for :func:`parse_bytes`: read a PDF's tables when its text names a table
    document (:func:`table_cue`) or the classifier, on the text alone, gives such a type."""

    def wanted(doc: ParsedDocument) -> bool:
        return table_cue(doc) or classify(doc, rules)[0] in TABLE_DOC_TYPES

    return wanted


_CHUNK = 1024 * 1024
_SNIFF_BYTES = 1024 * 1024


def to_contract(
    source: str, sha256: str | None, doc: ParsedDocument, result: ExtractionResult
) -> dict[str, Any]:
    """The contract object: source, sha256, format, status, error, doc_type, elements, findings.

    Only an ``ok`` document carries a type, elements and findings; ``error`` is the one-line
    Chinese reason of an ``error`` or ``no_text`` document and null otherwise. Every finding
    carries ``certainty`` (:func:`certainty_of` its code: ``review`` for ``*_needs_review``).
    """
    ok = doc.status == "ok"
    return {
        "source": source,
        "sha256": sha256,
        "format": doc.format,
        "status": doc.status,
        "error": None if ok else (doc.error or _DEFAULT_REASON[doc.status]),
        "doc_type": result.doc_type if ok else None,
        "elements": (
            {name: _json_safe(el.to_dict()) for name, el in result.elements.items()} if ok else {}
        ),
        "findings": (
            [
                _json_safe({**f.to_dict(), "certainty": certainty_of(f.code)})
                for f in result.findings
            ]
            if ok
            else []
        ),
    }


_DEFAULT_REASON = {"error": "文件无法读取", "no_text": "文件没有可读取的文字"}


def error_contract(
    source: str,
    sha256: str | None,
    fmt: str,
    reason: str,
    *,
    error_code: str | None = None,
    detail: str | None = None,
) -> dict[str, Any]:
    """The contract object of a document that could not be read or extracted.

    ``reason`` is the one-line Chinese ``error``; ``detail`` (English, e.g. the exception
    class of an extractor failure) is added as ``error_detail`` when given. ``error_code`` is
    not part of the contract and is accepted for symmetry with :class:`ParsedDocument`.
    """
    obj: dict[str, Any] = {
        "source": source,
        "sha256": sha256,
        "format": fmt,
        "status": "error",
        "error": reason,
        "doc_type": None,
        "elements": {},
        "findings": [],
    }
    if detail:
        obj["error_detail"] = detail
    return obj


def extract_path(
    path: str, rules: ExtractionRules, *, limits: ParseLimits | None = None
) -> dict[str, Any]:
    """Read, parse and extract the file at ``path``; never raises for a bad file.

    A missing or unreadable file is answered with ``status: "error"`` and ``sha256`` null; an
    oversized one is hashed by streaming and refused without being loaded.
    """
    limits = limits or ParseLimits()
    p = Path(path)
    try:
        if not p.is_file():
            reason = "路径是目录，不是文件" if p.is_dir() else "文件不存在"
            return _unreadable(path, reason)
        size = p.stat().st_size
        if size > limits.max_file_bytes:
            digest, head = _stream_hash(p)
            doc = ParsedDocument(
                format=sniff_format(head, p.name),
                status="error",
                error=f"文件超过大小上限（{limits.max_file_bytes / _CHUNK:g} MB）",
                error_code="too_large",
            )
            return to_contract(path, digest, doc, ExtractionResult(doc_type=None))
        data = p.read_bytes()
    except OSError:
        return _unreadable(path, "文件无法读取（权限不足或读取出错）")
    sha = hashlib.sha256(data).hexdigest()
    doc = parse_bytes(data, p.name, limits=limits, tables=tables_wanted(rules))
    obj = to_contract(path, sha, doc, extract(doc, rules))
    return add_pdf_boxes(obj, data) if doc.format == "pdf" and doc.status == "ok" else obj


def add_pdf_boxes(obj: dict[str, Any], data: bytes) -> dict[str, Any]:
    """Give every PDF quote without a box the box of its characters on its page (pypdfium2):
    ``box`` = the first line's, and ``boxes`` = one per line when the quote wraps. A quote
    read by OCR, or not found among the page's characters, keeps no box. Returns ``obj``."""
    evs = [
        ev
        for part in (*obj["elements"].values(), *obj["findings"])
        for ev in part["evidence"]
        if isinstance(ev.get("page"), int) and "box" not in ev and not ev.get("ocr")
    ]
    if not evs:
        return obj
    # a PDF quote's paragraph, where set, is its line on the page (flattened table cells)
    lines = [ev.get("paragraph") if isinstance(ev.get("paragraph"), int) else None for ev in evs]
    found = quote_boxes(data, [(ev["page"], ev["quote"]) for ev in evs], lines)
    for ev, boxes in zip(evs, found, strict=True):
        if boxes:
            ev["box"] = list(boxes[0])
            if len(boxes) > 1:
                ev["boxes"] = [list(b) for b in boxes]
    return obj


def _unreadable(path: str, reason: str) -> dict[str, Any]:
    doc = ParsedDocument(format="unknown", status="error", error=reason, error_code="missing")
    return to_contract(path, None, doc, ExtractionResult(doc_type=None))


def _stream_hash(p: Path) -> tuple[str, bytes]:
    digest = hashlib.sha256()
    head = b""
    with p.open("rb") as f:
        while chunk := f.read(_CHUNK):
            if len(head) < _SNIFF_BYTES:
                head += chunk[: _SNIFF_BYTES - len(head)]
            digest.update(chunk)
    return digest.hexdigest(), head


def _json_safe(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists: what ``json.dumps`` writes unchanged."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
