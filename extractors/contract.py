"""The machine-readable face of extraction (docs/spec: extraction-output.md, v1).

:func:`to_contract` builds the exact JSON object of ``kaohe extract --json`` (and of the stored
extraction), keys in contract order; :func:`add_pdf_boxes` adds the PDF quotes' boxes. Reading
a file is IO, kept out of here: ``kaohe.phases.extract.extract_file`` (the CLI's).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from extractors.doctypes.classify import classify
from extractors.model import ExtractionResult, ParsedDocument, certainty_of
from extractors.parsing.dispatch import table_cue
from extractors.parsing.pdf_reader import quote_boxes
from extractors.rules import ExtractionRules

__all__ = [
    "TABLE_DOC_TYPES",
    "add_pdf_boxes",
    "certainty_of",
    "error_contract",
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


def _json_safe(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists: what ``json.dumps`` writes unchanged."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
