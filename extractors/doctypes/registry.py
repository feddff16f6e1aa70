"""The doc-type registry: ``doc_type`` → the extractor of that type's elements and findings.

An extractor is ``(doc, rules, common) -> (elements, findings)`` (see
:mod:`extractors.doctypes.base`). The built-in types are registered by :mod:`extractors.extract`;
a new type is added the same way — :func:`register` here and a ``classifier.types`` entry in
``config/extraction.yaml`` — and :func:`unregister` removes it again (tests use this to add a
type whose extractor fails). A leaf of the package: it imports no extractor.
"""

from __future__ import annotations

from collections.abc import Callable

from extractors.model import Element, Finding, ParsedDocument
from extractors.rules import ExtractionRules
from kaohe.errors import ConfigError

__all__ = ["Extractor", "extractor_for", "register", "registered_types", "unregister"]

Extractor = Callable[
    [ParsedDocument, ExtractionRules, dict[str, Element]],
    tuple[dict[str, Element], list[Finding]],
]

_EXTRACTORS: dict[str, Extractor] = {}


def register(doc_type: str, extractor: Extractor) -> None:
    """Serve ``doc_type`` with ``extractor``; registering the same pair again is a no-op."""
    have = _EXTRACTORS.get(doc_type)
    if have is not None and have is not extractor:
        raise ConfigError(f"文档类型 {doc_type} 已注册了另一个抽取器")
    _EXTRACTORS[doc_type] = extractor


def unregister(doc_type: str) -> None:
    """Forget ``doc_type``'s extractor (no-op when none is registered)."""
    _EXTRACTORS.pop(doc_type, None)


def extractor_for(doc_type: str) -> Extractor | None:
    """The extractor registered for ``doc_type``, or None (its common elements only)."""
    return _EXTRACTORS.get(doc_type)


def registered_types() -> tuple[str, ...]:
    """Every doc type with a registered extractor, in registration order."""
    return tuple(_EXTRACTORS)
