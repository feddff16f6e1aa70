"""Rows prepared outside the database process: one document's parse cache and extraction.

A parser process parses and extracts a document and hands back these rows, its JSON columns
already serialized (:func:`dumps`, exactly what the database layer would write), so the
process that writes them neither decodes nor re-encodes the parsed text (measured: it was most
of the writer's time). Plain, picklable values; no SQLAlchemy here, so a parser process need
not import it.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple, TypedDict

__all__ = ["ExtractionRow", "ParsedRow", "PreparedDocument", "dumps"]


def dumps(value: Any) -> str:
    """JSON text of ``value`` as SQLAlchemy's JSON type writes it (``json.dumps`` defaults)."""
    return json.dumps(value)


class ParsedRow(TypedDict):
    """A ``parsed_texts`` row without its parser version and time; ``content`` is JSON text."""

    sha256: str
    status: str
    format: str
    error: str | None
    error_code: str | None
    page_count: int | None
    content: str


class ExtractionRow(TypedDict):
    """An ``extractions`` row without its keys and run; ``result`` is JSON text."""

    sha256: str
    status: str
    error: str | None
    format: str
    doc_type: str | None
    result: str


class PreparedDocument(NamedTuple):
    """What is written for one document: its parse cache row (None when it came from the
    cache), its extraction, and the queryable copies of its elements and findings."""

    parsed: ParsedRow | None
    extraction: ExtractionRow
    #: ``(name, value JSON, evidence JSON)`` in contract order
    elements: tuple[tuple[str, str, str], ...]
    #: ``(code, message, evidence JSON)`` in contract order (``seq`` = position + 1)
    findings: tuple[tuple[str, str, str], ...]
