"""One document's work, pure: parse, extract, and the rows to write (:mod:`storage.rows`).

It runs in a parser process (:mod:`kaohe.phases.pool`), so the process that writes the rows
only writes them: the contract and the parse cache row travel back as JSON text, never the
parsed document. Imports no database code.
"""

from __future__ import annotations

import logging
from typing import Any

from extractors.contract import error_contract, to_contract
from extractors.extract import extract
from extractors.model import ParsedDocument
from extractors.rules import ExtractionRules
from storage.rows import ExtractionRow, ParsedRow, PreparedDocument, dumps

__all__ = ["EXTRACTOR_CRASH_REASON", "extract_guarded", "prepare_document"]

EXTRACTOR_CRASH_REASON = "提取要素时程序出错，已记录；本文件暂未计分，修复后重新运行即可重新提取"

log = logging.getLogger(__name__)


def extract_guarded(
    source: str, sha256: str | None, doc: ParsedDocument, rules: ExtractionRules
) -> dict[str, Any]:
    """The contract object of one parsed document; never raises.

    A document whose parser crashed, or whose extraction raises, is answered with an ``error``
    object naming the exception class in ``error_detail``.
    """
    if doc.status == "error" and doc.meta.get("error_detail"):
        return error_contract(
            source, sha256, doc.format, doc.error or "", detail=str(doc.meta["error_detail"])
        )
    try:
        return to_contract(source, sha256, doc, extract(doc, rules))
    except Exception as e:
        log.exception("extractor crashed on %s (%s)", source, sha256)
        return error_contract(
            source, sha256, doc.format, EXTRACTOR_CRASH_REASON, detail=f"{type(e).__name__}: {e}"
        )


def prepare_document(
    source: str, sha256: str, doc: ParsedDocument, rules: ExtractionRules, *, cache: bool
) -> PreparedDocument:
    """Extract ``doc`` (guarded) and serialize what is written for it: its parse cache row
    when ``cache`` (a fresh parse), its extraction (the contract without ``source``), and the
    queryable copies of its elements and findings. Never raises for a bad document."""
    parsed: ParsedRow | None = None
    if cache:
        content = doc.to_dict()
        parsed = {
            "sha256": sha256,
            "status": content["status"],
            "format": content["format"],
            "error": content.get("error"),
            "error_code": content.get("error_code"),
            "page_count": content.get("page_count"),
            "content": dumps(content),
        }
    contract = extract_guarded(source, sha256, doc, rules)
    del doc
    result = {k: v for k, v in contract.items() if k != "source"}
    extraction: ExtractionRow = {
        "sha256": sha256,
        "status": contract["status"],
        "error": contract.get("error"),
        "format": contract.get("format") or "unknown",
        "doc_type": contract.get("doc_type"),
        "result": dumps(result),
    }
    elements = tuple(
        (name, dumps(el.get("value")), dumps(el.get("evidence") or []))
        for name, el in (contract.get("elements") or {}).items()
    )
    findings = tuple(
        (f["code"], f.get("message") or "", dumps(f.get("evidence") or []))
        for f in contract.get("findings") or []
    )
    return PreparedDocument(parsed, extraction, elements, findings)
