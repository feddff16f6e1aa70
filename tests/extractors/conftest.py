"""Shared fixtures of the extractor tests: the shipped rules, docgen documents, evidence checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.parsing.dispatch import parse_file
from extractors.rules import ExtractionRules, load_extraction_rules
from extractors.text import collapse_ws
from kaohe.demo.docgen import DocSpec, write_docx, write_pdf

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
FORMATS = ("docx", "pdf")


def assert_evidence_in_doc(
    doc: ParsedDocument, items: Element | Finding | Evidence | Iterable[Any] | dict[str, Any]
) -> int:
    """Every evidence quote is a non-empty substring of the collapsed text of the block it cites.

    Accepts an Element, Finding, Evidence, a dict of elements or any iterable of these; returns
    how many quotes were checked (so a caller can also assert that there was evidence at all).
    """
    checked = 0
    for ev in _evidence(items):
        assert ev.quote, f"empty quote: {ev}"
        assert ev.quote == collapse_ws(ev.quote), f"quote not whitespace-collapsed: {ev.quote!r}"
        blocks = [
            b
            for b in doc.blocks
            if (doc.format == "pdf" and b.page == ev.page)
            or (doc.format != "pdf" and b.paragraph == ev.paragraph and b.page == ev.page)
        ]
        assert blocks, f"evidence cites no block of the document: {ev}"
        assert any(ev.quote in collapse_ws(b.text) for b in blocks), (
            f"quote {ev.quote!r} is not in block page={ev.page} paragraph={ev.paragraph}: "
            f"{[collapse_ws(b.text)[:200] for b in blocks]}"
        )
        checked += 1
    return checked


def _evidence(items: Any) -> Iterable[Evidence]:
    if isinstance(items, Evidence):
        yield items
    elif isinstance(items, Element | Finding):
        yield from items.evidence
    elif isinstance(items, dict):
        for v in items.values():
            yield from _evidence(v)
    else:
        for v in items:
            yield from _evidence(v)


@pytest.fixture(scope="session")
def rules() -> ExtractionRules:
    """The shipped default rules (config/extraction.yaml + holidays.yaml)."""
    return load_extraction_rules(CONFIG_DIR)


MakeDoc = Callable[..., ParsedDocument]


@pytest.fixture
def make_doc(tmp_path: Path) -> MakeDoc:
    """``make_doc(spec, fmt, name="doc")`` writes ``spec`` with kaohe.demo.docgen and parses it."""
    counter = iter(range(10_000))

    def make(spec: DocSpec, fmt: str, name: str = "doc") -> ParsedDocument:
        path = tmp_path / f"{name}-{next(counter)}.{fmt}"
        if fmt == "docx":
            write_docx(spec, path)
        elif fmt == "pdf":
            write_pdf(spec, path)
        else:
            raise ValueError(fmt)
        doc = parse_file(path)
        assert doc.status == "ok", doc.error
        return doc

    return make


@pytest.fixture
def check_evidence() -> Callable[..., int]:
    """:func:`assert_evidence_in_doc` as a fixture (conftest is not importable by tests)."""
    return assert_evidence_in_doc
