"""Pure extractors: bytes → :class:`ParsedDocument` → :class:`ExtractionResult`.

Nothing here touches the object store, the database or Prefect: every function takes its
inputs as arguments and returns typed values that carry evidence spans.
"""

from __future__ import annotations

from extractors.model import (
    Block,
    Element,
    Evidence,
    ExtractionResult,
    Finding,
    ParsedDocument,
    Table,
)

__all__ = [
    "Block",
    "Element",
    "Evidence",
    "ExtractionResult",
    "Finding",
    "ParsedDocument",
    "Table",
]
