"""Parse cache, extraction results, and the facts scoring reads from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, null, select
from sqlalchemy import insert as sa_insert
from sqlalchemy.orm import Session

from kaohe.units import Unit
from scoring.model import DocumentFacts, UnitFacts
from storage.models import Blob, Element, Extraction, Finding, ObjectVersion, ParsedText, utcnow
from storage.repo._sql import CHUNK, insert_ignore, insert_json_rows
from storage.repo.manual import manual_in_force
from storage.repo.versions import current
from storage.rows import PreparedDocument

__all__ = [
    "get_parsed",
    "get_parsed_many",
    "pending_extractions",
    "put_parsed",
    "save_extraction",
    "save_prepared",
    "unit_facts",
]


def pending_extractions(
    s: Session,
    *,
    year: int,
    extractor_version: str,
    rules_hash: str,
    store: str,
    keys: Sequence[str] | None = None,
) -> list[tuple[str, str, str]]:
    """``(sha256, key, version_id)`` of current documents with no extraction under
    ``extractor_version``/``rules_hash``: one (the first registered) key per sha256; only
    those of ``keys`` when given (at most a batch of them)."""
    stmt = (
        select(ObjectVersion.sha256, ObjectVersion.key, ObjectVersion.version_id)
        .outerjoin(
            Extraction,
            and_(
                Extraction.sha256 == ObjectVersion.sha256,
                Extraction.extractor_version == extractor_version,
                Extraction.rules_hash == rules_hash,
            ),
        )
        .where(current(store, year), Extraction.id.is_(None))
        .order_by(ObjectVersion.id)
    )
    if keys is not None:
        stmt = stmt.where(ObjectVersion.key.in_(list(keys)))
    out: dict[str, tuple[str, str, str]] = {}
    for sha, key, vid in s.execute(stmt):
        if sha is not None:  # excluded by the query; narrows the type
            out.setdefault(sha, (sha, key, vid))
    return list(out.values())


def get_parsed(s: Session, sha256: str, parser_version: str) -> dict[str, Any] | None:
    """The cached ``ParsedDocument.to_dict()`` of a blob, or None."""
    return s.scalar(
        select(ParsedText.content).where(
            ParsedText.sha256 == sha256, ParsedText.parser_version == parser_version
        )
    )


def get_parsed_many(
    s: Session, sha256s: Sequence[str], parser_version: str
) -> dict[str, dict[str, Any]]:
    """The cached ``ParsedDocument.to_dict()`` of each of ``sha256s`` that has one."""
    out: dict[str, dict[str, Any]] = {}
    wanted = list(dict.fromkeys(sha256s))
    for i in range(0, len(wanted), CHUNK):
        rows = s.execute(
            select(ParsedText.sha256, ParsedText.content).where(
                ParsedText.sha256.in_(wanted[i : i + CHUNK]),
                ParsedText.parser_version == parser_version,
            )
        )
        out.update({sha: content for sha, content in rows})
    return out


def put_parsed(s: Session, sha256: str, parser_version: str, parsed: dict[str, Any]) -> None:
    """Cache a parse result; a second put of the same (sha256, version) is a no-op."""
    insert_ignore(
        s,
        ParsedText,
        {
            "sha256": sha256,
            "parser_version": parser_version,
            "status": parsed["status"],
            "format": parsed["format"],
            "error": parsed.get("error"),
            "error_code": parsed.get("error_code"),
            "page_count": parsed.get("page_count"),
            "content": parsed,
            "created_at": utcnow(),
        },
        ["sha256", "parser_version"],
    )


def save_extraction(
    s: Session,
    *,
    sha256: str,
    extractor_version: str,
    rules_hash: str,
    contract: dict[str, Any],
    run_id: str | None,
) -> int:
    """Persist a contract object (extraction-output.md) with its elements and findings.

    Idempotent: if this (sha256, extractor_version, rules_hash) exists, its id is returned and
    nothing is written. ``source`` is not stored (the same bytes may sit under several keys).
    """
    result = {k: v for k, v in contract.items() if k != "source"}
    new_id = insert_ignore(
        s,
        Extraction,
        {
            "sha256": sha256,
            "extractor_version": extractor_version,
            "rules_hash": rules_hash,
            "status": contract["status"],
            "error": contract.get("error"),
            "format": contract.get("format") or "unknown",
            "doc_type": contract.get("doc_type"),
            "result": result,
            "created_at": utcnow(),
            "run_id": run_id,
        },
        ["sha256", "extractor_version", "rules_hash"],
    )
    if new_id is None:
        existing = s.scalar(
            select(Extraction.id).where(
                Extraction.sha256 == sha256,
                Extraction.extractor_version == extractor_version,
                Extraction.rules_hash == rules_hash,
            )
        )
        assert existing is not None
        return int(existing)
    elements = [
        {
            "extraction_id": new_id,
            "name": name,
            "value": el.get("value"),
            "evidence": el.get("evidence") or [],
        }
        for name, el in (contract.get("elements") or {}).items()
    ]
    if elements:
        s.execute(sa_insert(Element), elements)
    findings = [
        {
            "extraction_id": new_id,
            "seq": seq,
            "code": f["code"],
            "message": f.get("message") or "",
            "evidence": f.get("evidence") or [],
        }
        for seq, f in enumerate(contract.get("findings") or [], 1)
    ]
    if findings:
        s.execute(sa_insert(Finding), findings)
    return int(new_id)


def save_prepared(
    s: Session,
    docs: Sequence[PreparedDocument],
    *,
    parser_version: str,
    extractor_version: str,
    rules_hash: str,
    run_id: str | None,
) -> None:
    """Write the parse cache rows and extractions of ``docs`` in bulk (a few executemany
    statements): what :func:`put_parsed` and :func:`save_extraction` write one by one.

    Idempotent like them: an existing parse or extraction is kept and nothing of it is
    written again (elements and findings go only with the extractions inserted here). Rows go
    in key order, table by table (parse cache, then extractions), so two transactions writing
    overlapping documents take the unique-index locks in one order and cannot deadlock.
    """
    now = utcnow()
    parsed = [
        {**d.parsed, "parser_version": parser_version, "created_at": now}
        for d in docs
        if d.parsed is not None
    ]
    insert_json_rows(
        s, ParsedText, parsed, conflict=["sha256", "parser_version"], json_text=["content"]
    )
    by_sha = {d.extraction["sha256"]: d for d in docs}
    inserted = insert_json_rows(
        s,
        Extraction,
        [
            {
                **d.extraction,
                "extractor_version": extractor_version,
                "rules_hash": rules_hash,
                "created_at": now,
                "run_id": run_id,
            }
            for d in by_sha.values()
        ],
        conflict=["sha256", "extractor_version", "rules_hash"],
        json_text=["result"],
        returning=["id", "sha256"],
    )
    elements: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for ex_id, sha in sorted(inserted, key=lambda r: str(r[1])):
        d = by_sha[sha]
        elements.extend(
            {"extraction_id": ex_id, "name": name, "value": value, "evidence": evidence}
            for name, value, evidence in d.elements
        )
        findings.extend(
            {
                "extraction_id": ex_id,
                "seq": seq,
                "code": code,
                "message": message,
                "evidence": evidence,
            }
            for seq, (code, message, evidence) in enumerate(d.findings, 1)
        )
    insert_json_rows(s, Element, elements, json_text=["value", "evidence"])
    insert_json_rows(s, Finding, findings, json_text=["evidence"])


def unit_facts(
    s: Session,
    *,
    year: int,
    units: Sequence[Unit],
    extractor_version: str,
    rules_hash: str,
    store: str,
    with_results: bool = True,
) -> list[UnitFacts]:
    """What scoring may read of each unit (in ``units`` order) for ``year``.

    Documents: current, accepted versions of ``store`` under ``{year}/{unit}/``, by key, each
    sha256 once per unit (the first key kept), with their extraction under
    ``extractor_version``/``rules_hash`` (status ``pending`` when there is none). Manual: the
    entries in force, oldest first. ``with_results=False`` leaves ``elements``/``findings``
    empty (status and error only: the run summary and the materials list need no more, and the
    result JSON is most of what this reads).
    """
    # columns, not ORM entities: no identity map for 2 × N rows (measured: a quarter of it)
    stmt = (
        select(
            ObjectVersion.id,
            ObjectVersion.key,
            ObjectVersion.version_id,
            ObjectVersion.etag,
            ObjectVersion.sha256,
            ObjectVersion.unit_code,
            Extraction.id,
            Extraction.status,
            Extraction.error,
            Extraction.format,
            Extraction.doc_type,
            Extraction.result if with_results else null(),
            # a subquery, not a join: the planner hashed all of blobs for each read (measured)
            select(Blob.format).where(Blob.sha256 == ObjectVersion.sha256).scalar_subquery(),
        )
        .outerjoin(
            Extraction,
            and_(
                Extraction.sha256 == ObjectVersion.sha256,
                Extraction.extractor_version == extractor_version,
                Extraction.rules_hash == rules_hash,
            ),
        )
        .where(current(store, year), ObjectVersion.unit_code.in_([u.code for u in units]))
        .order_by(ObjectVersion.unit_code, ObjectVersion.key, ObjectVersion.id)
    )
    docs: dict[str, list[DocumentFacts]] = {}
    seen: set[tuple[str, str]] = set()
    for (
        ov_id,
        key,
        version_id,
        etag,
        sha,
        unit_code,
        ex_id,
        status,
        error,
        ex_format,
        doc_type,
        result,
        blob_format,
    ) in s.execute(stmt):
        assert unit_code is not None and sha is not None
        if (unit_code, sha) in seen:
            continue
        seen.add((unit_code, sha))
        result = (result if ex_id is not None else None) or {}
        docs.setdefault(unit_code, []).append(
            DocumentFacts(
                object_version_id=ov_id,
                key=key,
                version_id=version_id or None,
                etag=etag,
                sha256=sha,
                extraction_id=ex_id,
                status=status if ex_id is not None else "pending",
                error=error if ex_id is not None else None,
                format=(ex_format if ex_id is not None else None) or blob_format or "unknown",
                doc_type=doc_type if ex_id is not None else None,
                elements=dict(result.get("elements") or {}),
                findings=list(result.get("findings") or []),
                year=year,
            )
        )
    manual: dict[str, list[dict[str, Any]]] = {}
    for m in manual_in_force(s, year):
        manual.setdefault(m.unit_code, []).append(
            {
                "id": m.id,
                "indicator": m.indicator,
                "mode": m.mode,
                "points": m.points,
                "method": m.method,
                "reason": m.reason,
                "author": m.author,
                "created_at": m.created_at.isoformat(timespec="seconds"),
            }
        )
    return [
        UnitFacts(
            unit_code=u.code,
            unit_name=u.name,
            kind=u.kind,
            year=year,
            documents=tuple(docs.get(u.code, ())),
            manual=tuple(manual.get(u.code, ())),
        )
        for u in units
    ]
