"""Typed values shared by the parsers and the extractors.

A :class:`ParsedDocument` is a list of :class:`Block` in reading order. Its positions are the
evidence positions of the output contract:

* docx: one block per non-empty text block (body paragraphs and table cells in reading order,
  a merged cell once, then header and footer blocks); ``page`` is None and ``paragraph`` is the
  1-based block index.
* pdf: one block per page; ``page`` is 1-based, ``paragraph`` is None, and ``text`` is the page
  text with ``\\n`` between lines.

Every quote an extractor emits must be a verbatim substring of the text of the block it cites
(whitespace may be collapsed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "REVIEW_SUFFIX",
    "Block",
    "Element",
    "Evidence",
    "ExtractionResult",
    "Finding",
    "Format",
    "ParseStatus",
    "ParsedDocument",
    "Table",
    "certainty_of",
]

#: a finding code with this suffix is a doubt for a person to settle, never a confirmed defect
REVIEW_SUFFIX = "_needs_review"


def certainty_of(code: str) -> str:
    """``"review"`` for a ``*_needs_review`` code, ``"confirmed"`` for every other one.

    The one place the contract's ``certainty`` is decided (stored findings keep only the code).
    """
    return "review" if str(code).endswith(REVIEW_SUFFIX) else "confirmed"


Format = Literal["docx", "pdf", "doc", "xlsx", "html", "txt", "image", "unknown"]
ParseStatus = Literal["ok", "no_text", "error"]


@dataclass(frozen=True, slots=True)
class Block:
    """One addressable piece of text."""

    text: str
    page: int | None = None
    paragraph: int | None = None
    #: ``body`` | ``table`` | ``header`` | ``footer`` | ``page`` (pdf) | ``ocr``
    kind: str = "body"


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cell strings (None for an empty/merged-away cell).

    ``blocks`` (docx, html): per cell, the ``paragraph`` of the block holding that cell's text
    (None for an empty or merged-away cell). ``boxes`` (pdf): per cell, its box
    (x0, top, x1, bottom) in PDF points, origin top-left. Both, when given, have the shape of
    ``rows``.
    """

    rows: tuple[tuple[str | None, ...], ...]
    page: int | None = None
    #: for docx: the paragraph index of the table's first cell block, if any
    paragraph: int | None = None
    blocks: tuple[tuple[int | None, ...], ...] | None = None
    boxes: tuple[tuple[tuple[float, float, float, float] | None, ...], ...] | None = None
    #: False when the cells were placed from word positions (a PDF table without ruling
    #: lines): its columns may be misaligned, so its numbers never confirm a defect
    ruled: bool = True

    def block_of(self, r: int, c: int) -> int | None:
        """The block index of cell (r, c), or None."""
        if self.blocks is None or r >= len(self.blocks) or c >= len(self.blocks[r]):
            return None
        return self.blocks[r][c]

    def box_of(self, r: int, c: int) -> tuple[float, float, float, float] | None:
        """The PDF box of cell (r, c), or None."""
        if self.boxes is None or r >= len(self.boxes) or c >= len(self.boxes[r]):
            return None
        return self.boxes[r][c]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rows": [list(r) for r in self.rows],
            "page": self.page,
            "paragraph": self.paragraph,
        }
        if self.blocks is not None:
            d["blocks"] = [list(r) for r in self.blocks]
        if self.boxes is not None:
            d["boxes"] = [[list(b) if b else None for b in r] for r in self.boxes]
        if not self.ruled:
            d["ruled"] = False
        return d

    @classmethod
    def from_dict(cls, t: dict[str, Any]) -> Table:
        blocks = t.get("blocks")
        boxes = t.get("boxes")
        return cls(
            rows=tuple(tuple(r) for r in t["rows"]),
            page=t.get("page"),
            paragraph=t.get("paragraph"),
            blocks=tuple(tuple(r) for r in blocks) if blocks is not None else None,
            boxes=(
                tuple(tuple((b[0], b[1], b[2], b[3]) if b else None for b in r) for r in boxes)
                if boxes is not None
                else None
            ),
            ruled=bool(t.get("ruled", True)),
        )


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """The text of one document version, or why there is none."""

    format: Format
    status: ParseStatus
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    #: one-line Chinese reason when ``status`` is ``error`` (or ``no_text``)
    error: str | None = None
    #: stable tag of the error (see :class:`kaohe.errors.DocumentError`)
    error_code: str | None = None
    page_count: int | None = None
    #: free metadata: {"ocr": true, "ocr_confidence": 0.93, "converted_from": "doc", ...}
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All block texts joined by newlines (for classification and search)."""
        return "\n".join(b.text for b in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, used by the parse cache."""
        return {
            "format": self.format,
            "status": self.status,
            "error": self.error,
            "error_code": self.error_code,
            "page_count": self.page_count,
            "meta": self.meta,
            "blocks": [[b.text, b.page, b.paragraph, b.kind] for b in self.blocks],
            "tables": [t.to_dict() for t in self.tables],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedDocument:
        """Inverse of :meth:`to_dict`."""
        return cls(
            format=data["format"],
            status=data["status"],
            error=data.get("error"),
            error_code=data.get("error_code"),
            page_count=data.get("page_count"),
            meta=dict(data.get("meta") or {}),
            blocks=tuple(Block(t, p, g, k) for t, p, g, k in data.get("blocks", [])),
            tables=tuple(Table.from_dict(t) for t in data.get("tables", [])),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a value was read: ``quote`` is verbatim text of that block.

    ``table`` = (index, row, col), 0-based, when the quote is one table cell (the cell's whole
    text); ``box`` = (x0, top, x1, bottom) in PDF points, origin top-left, around the quote.
    """

    quote: str
    page: int | None = None
    paragraph: int | None = None
    #: True when the text came from OCR (issue 3); confidence in [0, 1] when known
    ocr: bool = False
    confidence: float | None = None
    table: tuple[int, int, int] | None = None
    box: tuple[float, float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"page": self.page, "paragraph": self.paragraph, "quote": self.quote}
        if self.ocr:
            d["ocr"] = True
            d["confidence"] = self.confidence
        if self.table is not None:
            index, row, col = self.table
            d["table"] = {"index": index, "row": row, "col": col}
        if self.box is not None:
            d["box"] = [round(v, 2) for v in self.box]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        t = d.get("table")
        box = d.get("box")
        return cls(
            quote=d["quote"],
            page=d.get("page"),
            paragraph=d.get("paragraph"),
            ocr=bool(d.get("ocr", False)),
            confidence=d.get("confidence"),
            table=(int(t["index"]), int(t["row"]), int(t["col"])) if t else None,
            box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])) if box else None,
        )


@dataclass(frozen=True, slots=True)
class Element:
    """An extracted value (JSON-safe: str, int, float, bool, None, list, dict) and its evidence."""

    value: Any
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class Finding:
    """A defect found by the rules in force: stable ``code``, Chinese ``message``."""

    code: str
    message: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "certainty": certainty_of(self.code),
        }

    @property
    def certainty(self) -> str:
        """``review`` or ``confirmed`` (see :func:`certainty_of`)."""
        return certainty_of(self.code)


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """What the extractors found in one parsed document."""

    doc_type: str | None
    elements: dict[str, Element] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
