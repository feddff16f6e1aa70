"""Repository functions: every read and write the phases make, as plain functions on a Session.

Callers own the transaction (commit/rollback). Every write is idempotent: unique constraints
plus ``INSERT … ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL) make a repeated or concurrent
call write nothing new and return the existing row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy import insert as sa_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from kaohe.settings import Unit
from scoring.model import DocumentFacts, ScoreDraft, UnitFacts
from storage.layout import MAX_YEAR, MIN_YEAR, KeyInfo, Rejection
from storage.models import (
    Blob,
    Element,
    Extraction,
    Finding,
    ManualScore,
    ObjectVersion,
    ParsedText,
    Run,
    Score,
    ScoreEvidence,
    ScoreSet,
    UnitRow,
    utcnow,
)
from storage.objectstore import ObjectInfo

__all__ = [
    "RUN_KINDS",
    "RUN_STATUSES",
    "ManualState",
    "add_manual_revocation",
    "add_manual_score",
    "finish_run",
    "get_parsed",
    "known_versions",
    "latest_score_set",
    "manual_in_force",
    "manual_log",
    "manual_states",
    "mark_deleted",
    "pending_extractions",
    "put_parsed",
    "register_version",
    "rejected_versions",
    "revoke_target",
    "save_extraction",
    "save_score_set",
    "score_digest",
    "score_evidence",
    "score_set_evidence",
    "scores_of_set",
    "start_run",
    "sync_units",
    "touch_seen",
    "unit_facts",
]

RUN_KINDS = frozenset({"ingest", "extract", "score", "pipeline", "rerun"})
RUN_STATUSES = frozenset({"running", "completed", "failed"})

#: ids per UPDATE … WHERE id IN (…): below SQLite's bound-parameter limit
_CHUNK = 500


# ------------------------------------------------------------------------------- helpers


def _insert(s: Session, model: type[Any]) -> Insert:
    """``INSERT`` of the session's dialect, so ``on_conflict_do_nothing`` is available."""
    name = s.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model)
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(model)
    raise NotImplementedError(f"unsupported database dialect: {name}")


def _insert_ignore(
    s: Session, model: type[Any], values: dict[str, Any], conflict: Sequence[str]
) -> Any | None:
    """Insert one row unless ``conflict`` columns collide; the new primary key, or None."""
    pk = model.__mapper__.primary_key[0]
    stmt = (
        _insert(s, model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict))  # type: ignore[attr-defined]
        .returning(pk)
    )
    return s.execute(stmt).scalar_one_or_none()


def _year_of(key: str) -> int | None:
    """The year folder of a (possibly rejected) key, when it is one."""
    head = key.split("/", 1)[0]
    if len(head) == 4 and head.isascii() and head.isdigit() and MIN_YEAR <= int(head) <= MAX_YEAR:
        return int(head)
    return None


# --------------------------------------------------------------------------------- units


def sync_units(s: Session, units: Sequence[Unit]) -> None:
    """Insert new units and update changed names/kinds; units no longer listed are kept."""
    existing = {u.code: u for u in s.scalars(select(UnitRow))}
    for unit in units:
        row = existing.get(unit.code)
        if row is None:
            _insert_ignore(
                s, UnitRow, {"code": unit.code, "name": unit.name, "kind": unit.kind}, ["code"]
            )
        elif (row.name, row.kind) != (unit.name, unit.kind):
            row.name, row.kind = unit.name, unit.kind
    s.flush()


# ------------------------------------------------------------------------------ versions


def known_versions(s: Session, store: str) -> dict[tuple[str, str, str], ObjectVersion]:
    """``(key, etag, version_id)`` → row of every accepted version registered for ``store``.

    Rejected versions are left out on purpose: they are classified again on every ingest, so a
    unit added to the units file later (or a fixed layout rule) accepts them.
    """
    rows = s.scalars(
        select(ObjectVersion).where(
            ObjectVersion.store == store, ObjectVersion.rejected_reason.is_(None)
        )
    )
    return {(r.key, r.etag, r.version_id): r for r in rows}


def register_version(
    s: Session,
    *,
    store: str,
    info: ObjectInfo,
    key_info: KeyInfo | Rejection,
    sha256: str | None,
    fmt: str | None,
    run_id: str | None,
) -> tuple[ObjectVersion, bool]:
    """Record one listed object version; ``(row, created)``.

    A new version of a key supersedes the key's other current versions (they get
    ``deleted_at``). Registering an existing version again refreshes its classification and
    marks it seen (and present again).
    """
    now = utcnow()
    if sha256 is not None:
        _insert_ignore(
            s,
            Blob,
            {"sha256": sha256, "size": info.size, "format": fmt, "first_seen": now},
            ["sha256"],
        )
    accepted = isinstance(key_info, KeyInfo)
    classification: dict[str, Any] = {
        "year": key_info.year if isinstance(key_info, KeyInfo) else _year_of(info.key),
        "unit_code": key_info.unit_code if isinstance(key_info, KeyInfo) else None,
        "rejected_reason": None if accepted else key_info.reason,  # type: ignore[union-attr]
        "sha256": sha256,
    }
    vid = info.version_id or ""
    new_id = _insert_ignore(
        s,
        ObjectVersion,
        {
            "store": store,
            "key": info.key,
            "etag": info.etag,
            "version_id": vid,
            "size": info.size,
            "last_modified": info.last_modified,
            "first_seen_run_id": run_id,
            "last_seen_run_id": run_id,
            "first_seen_at": now,
            "last_seen_at": now,
            "deleted_at": None,
            **classification,
        },
        ["store", "key", "etag", "version_id"],
    )
    same_key = and_(
        ObjectVersion.store == store,
        ObjectVersion.key == info.key,
        ObjectVersion.deleted_at.is_(None),
    )
    if new_id is not None:
        s.execute(
            update(ObjectVersion)
            .where(same_key, ObjectVersion.id != new_id)
            .values(deleted_at=now)
            .execution_options(synchronize_session=False)
        )
        row = s.get(ObjectVersion, new_id, populate_existing=True)
        assert row is not None
        return row, True
    row = s.scalars(
        select(ObjectVersion).where(
            ObjectVersion.store == store,
            ObjectVersion.key == info.key,
            ObjectVersion.etag == info.etag,
            ObjectVersion.version_id == vid,
        )
    ).one()
    if sha256 is None and row.sha256 is not None:
        classification["sha256"] = row.sha256  # a re-registration that did not hash keeps it
    for name, value in classification.items():
        setattr(row, name, value)
    row.last_seen_run_id, row.last_seen_at, row.deleted_at = run_id, now, None
    s.flush()
    return row, False


def touch_seen(s: Session, ids: Iterable[int], run_id: str | None) -> None:
    """Mark versions as seen by ``run_id`` (and present: clears ``deleted_at``)."""
    id_list = list(ids)
    now = utcnow()
    for i in range(0, len(id_list), _CHUNK):
        s.execute(
            update(ObjectVersion)
            .where(ObjectVersion.id.in_(id_list[i : i + _CHUNK]))
            .values(last_seen_run_id=run_id, last_seen_at=now, deleted_at=None)
            .execution_options(synchronize_session=False)
        )
    s.expire_all()


def mark_deleted(
    s: Session,
    store: str,
    present: set[tuple[str, str, str]],
    prefix_year: int | None,
    run_id: str | None,
) -> int:
    """Set ``deleted_at`` on current versions of ``store`` missing from ``present``.

    ``present`` holds ``(key, etag, version_id or "")`` of a full listing; with ``prefix_year``
    the listing was of ``{year}/`` only, so only keys under it are considered. Returns how many
    versions were marked. ``run_id`` is accepted for symmetry (the row keeps its last seen run).
    """
    stmt = select(
        ObjectVersion.id, ObjectVersion.key, ObjectVersion.etag, ObjectVersion.version_id
    ).where(ObjectVersion.store == store, ObjectVersion.deleted_at.is_(None))
    if prefix_year is not None:
        stmt = stmt.where(ObjectVersion.key.startswith(f"{prefix_year}/", autoescape=True))
    gone = [row.id for row in s.execute(stmt) if (row.key, row.etag, row.version_id) not in present]
    now = utcnow()
    for i in range(0, len(gone), _CHUNK):
        s.execute(
            update(ObjectVersion)
            .where(ObjectVersion.id.in_(gone[i : i + _CHUNK]))
            .values(deleted_at=now)
            .execution_options(synchronize_session=False)
        )
    s.expire_all()
    return len(gone)


def rejected_versions(s: Session, year: int | None = None) -> list[ObjectVersion]:
    """Current versions whose key was rejected (with the Chinese reason), by key."""
    stmt = select(ObjectVersion).where(
        ObjectVersion.rejected_reason.is_not(None), ObjectVersion.deleted_at.is_(None)
    )
    if year is not None:
        stmt = stmt.where(ObjectVersion.key.startswith(f"{year}/", autoescape=True))
    return list(s.scalars(stmt.order_by(ObjectVersion.store, ObjectVersion.key)))


def _current(store: str, year: int) -> Any:
    return and_(
        ObjectVersion.store == store,
        ObjectVersion.year == year,
        ObjectVersion.deleted_at.is_(None),
        ObjectVersion.rejected_reason.is_(None),
        ObjectVersion.sha256.is_not(None),
    )


def pending_extractions(
    s: Session, *, year: int, extractor_version: str, rules_hash: str, store: str
) -> list[tuple[str, str, str]]:
    """``(sha256, key, version_id)`` of current documents with no extraction under
    ``extractor_version``/``rules_hash``: one (the first registered) key per sha256."""
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
        .where(_current(store, year), Extraction.id.is_(None))
        .order_by(ObjectVersion.id)
    )
    out: dict[str, tuple[str, str, str]] = {}
    for sha, key, vid in s.execute(stmt):
        if sha is not None:  # excluded by the query; narrows the type
            out.setdefault(sha, (sha, key, vid))
    return list(out.values())


# ------------------------------------------------------------------------- parse/extract


def get_parsed(s: Session, sha256: str, parser_version: str) -> dict[str, Any] | None:
    """The cached ``ParsedDocument.to_dict()`` of a blob, or None."""
    return s.scalar(
        select(ParsedText.content).where(
            ParsedText.sha256 == sha256, ParsedText.parser_version == parser_version
        )
    )


def put_parsed(s: Session, sha256: str, parser_version: str, parsed: dict[str, Any]) -> None:
    """Cache a parse result; a second put of the same (sha256, version) is a no-op."""
    _insert_ignore(
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
    new_id = _insert_ignore(
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


# -------------------------------------------------------------------------------- facts


def unit_facts(
    s: Session,
    *,
    year: int,
    units: Sequence[Unit],
    extractor_version: str,
    rules_hash: str,
    store: str,
) -> list[UnitFacts]:
    """What scoring may read of each unit (in ``units`` order) for ``year``.

    Documents: current, accepted versions of ``store`` under ``{year}/{unit}/``, by key, each
    sha256 once per unit (the first key kept), with their extraction under
    ``extractor_version``/``rules_hash`` (status ``pending`` when there is none). Manual: the
    entries in force, oldest first.
    """
    stmt = (
        select(ObjectVersion, Extraction, Blob.format)
        .join(Blob, Blob.sha256 == ObjectVersion.sha256)
        .outerjoin(
            Extraction,
            and_(
                Extraction.sha256 == ObjectVersion.sha256,
                Extraction.extractor_version == extractor_version,
                Extraction.rules_hash == rules_hash,
            ),
        )
        .where(_current(store, year))
        .order_by(ObjectVersion.unit_code, ObjectVersion.key, ObjectVersion.id)
    )
    docs: dict[str, list[DocumentFacts]] = {}
    seen: set[tuple[str, str]] = set()
    for ov, ex, blob_format in s.execute(stmt):
        assert ov.unit_code is not None and ov.sha256 is not None
        if (ov.unit_code, ov.sha256) in seen:
            continue
        seen.add((ov.unit_code, ov.sha256))
        result = ex.result if ex is not None else {}
        docs.setdefault(ov.unit_code, []).append(
            DocumentFacts(
                object_version_id=ov.id,
                key=ov.key,
                version_id=ov.version_id or None,
                etag=ov.etag,
                sha256=ov.sha256,
                extraction_id=ex.id if ex is not None else None,
                status=ex.status if ex is not None else "pending",
                error=ex.error if ex is not None else None,
                format=(ex.format if ex is not None else None) or blob_format or "unknown",
                doc_type=ex.doc_type if ex is not None else None,
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


# -------------------------------------------------------------------------------- manual


def add_manual_score(
    s: Session,
    *,
    year: int,
    unit_code: str,
    indicator: str,
    mode: str,
    points: float,
    reason: str,
    author: str,
    method: str | None = None,
    source: str | None = None,
) -> tuple[int, bool]:
    """Append a manual score (``mode="score"``) or adjustment (``"adjust"``); ``(id, created)``.

    ``source`` identifies the entry's origin and is unique (``xlsx:<row digest>`` makes a
    re-imported sheet a no-op); default ``cli:<uuid>``. The log is append-only: what is in force
    is computed from the whole log (:func:`manual_in_force`), no row is ever updated.
    """
    if mode not in ("score", "adjust"):
        raise ValueError(f"mode must be 'score' or 'adjust', not {mode!r}")
    source = source or f"cli:{uuid.uuid4().hex}"
    new_id = _insert_ignore(
        s,
        ManualScore,
        {
            "year": year,
            "unit_code": unit_code,
            "indicator": indicator,
            "mode": mode,
            "points": float(points),
            "method": method,
            "reason": reason,
            "author": author,
            "created_at": utcnow(),
            "source": source,
            "revoked": False,
        },
        ["source"],
    )
    if new_id is None:
        existing = s.scalar(select(ManualScore.id).where(ManualScore.source == source))
        assert existing is not None
        return int(existing), False
    return int(new_id), True


def manual_in_force(s: Session, year: int, unit_code: str | None = None) -> list[ManualScore]:
    """Manual entries of ``year`` in force, oldest first, computed from the whole log.

    The log is append-only: a ``revoke`` entry cancels its target; of each unit × indicator the
    newest remaining ``score`` and the ``adjust`` entries after it are in force (an adjustment
    made before a newer score was made against a score that no longer stands). The legacy
    ``revoked``/``superseded_by`` columns are not read.
    """
    log = manual_log(s, year=year, unit_code=unit_code)
    states = manual_states(log)
    return [m for m in log if states[m.id].in_force]


# ---------------------------------------------------------------------------------- runs


def start_run(
    s: Session,
    *,
    kind: str,
    year: int,
    rules_hash: str | None = None,
    extraction_rules_hash: str | None = None,
    extractor_version: str | None = None,
    flow_run_id: str | None = None,
) -> str:
    """Record a running phase; returns its id (uuid4 hex)."""
    if kind not in RUN_KINDS:
        raise ValueError(f"unknown run kind {kind!r}")
    run_id = uuid.uuid4().hex
    s.add(
        Run(
            id=run_id,
            kind=kind,
            year=year,
            flow_run_id=flow_run_id,
            rules_hash=rules_hash,
            extraction_rules_hash=extraction_rules_hash,
            extractor_version=extractor_version,
            status="running",
            counts={},
            started_at=utcnow(),
        )
    )
    s.flush()
    return run_id


def finish_run(
    s: Session,
    run_id: str,
    *,
    status: str,
    counts: dict[str, Any],
    score_set_id: int | None = None,
    error: str | None = None,
) -> None:
    """Close a run with its outcome and counts."""
    if status not in RUN_STATUSES - {"running"}:
        raise ValueError(f"a run finishes 'completed' or 'failed', not {status!r}")
    run = s.get(Run, run_id)
    if run is None:
        raise LookupError(f"no run {run_id}")
    run.status = status
    run.counts = {str(k): v for k, v in counts.items()}
    run.score_set_id = score_set_id
    run.error = error
    run.finished_at = utcnow()
    s.flush()


# -------------------------------------------------------------------------------- scores


def score_digest(
    *,
    year: int,
    rules_hash: str,
    extraction_rules_hash: str,
    extractor_version: str,
    drafts: Sequence[ScoreDraft],
) -> str:
    """sha256 of a canonical JSON of the drafts (order-independent) and the hashes in force."""
    payload = {
        "year": year,
        "rules_hash": rules_hash,
        "extraction_rules_hash": extraction_rules_hash,
        "extractor_version": extractor_version,
        "drafts": sorted(
            (dataclasses.asdict(d) for d in drafts),
            key=lambda d: (d["unit_code"], d["indicator"]),
        ),
    }
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def save_score_set(
    s: Session,
    *,
    year: int,
    run_id: str,
    rules_hash: str,
    extraction_rules_hash: str,
    extractor_version: str,
    drafts: Sequence[ScoreDraft],
) -> tuple[int, bool]:
    """Persist the drafts as a new immutable score set; ``(id, created)``.

    When a set with the same content digest exists for ``year``, its id is returned with
    ``created=False`` and nothing is written.
    """
    digest = score_digest(
        year=year,
        rules_hash=rules_hash,
        extraction_rules_hash=extraction_rules_hash,
        extractor_version=extractor_version,
        drafts=drafts,
    )
    existing = s.scalar(select(ScoreSet.id).where(ScoreSet.year == year, ScoreSet.digest == digest))
    if existing is not None:
        return int(existing), False
    set_id = _insert_ignore(
        s,
        ScoreSet,
        {
            "year": year,
            "run_id": run_id,
            "rules_hash": rules_hash,
            "extraction_rules_hash": extraction_rules_hash,
            "extractor_version": extractor_version,
            "digest": digest,
            "created_at": utcnow(),
        },
        ["year", "digest"],
    )
    if set_id is None:  # a concurrent writer stored the same table first
        existing = s.scalar(
            select(ScoreSet.id).where(ScoreSet.year == year, ScoreSet.digest == digest)
        )
        assert existing is not None
        return int(existing), False
    if not drafts:
        return int(set_id), True
    score_ids = s.scalars(
        sa_insert(Score).returning(Score.id, sort_by_parameter_order=True),
        [
            {
                "score_set_id": set_id,
                "unit_code": d.unit_code,
                "indicator": d.indicator,
                "indicator_name": d.indicator_name,
                "points": d.points,
                "max_points": d.max_points,
                "status": d.status,
                "rule": d.rule,
                "explanation": d.explanation,
                "auto_points": d.auto_points,
            }
            for d in drafts
        ],
    ).all()
    evidence = [
        {
            "score_id": score_id,
            "seq": seq,
            "object_version_id": ev.object_version_id,
            "extraction_id": ev.extraction_id,
            "element": ev.element,
            "finding_code": ev.finding_code,
            "quote": ev.quote,
            "page": ev.page,
            "paragraph": ev.paragraph,
            "searched": ev.searched,
            "note": ev.note,
            "points": ev.points,
        }
        for score_id, d in zip(score_ids, drafts, strict=True)
        for seq, ev in enumerate(d.evidence, 1)
    ]
    if evidence:
        s.execute(sa_insert(ScoreEvidence), evidence)
    return int(set_id), True


def latest_score_set(s: Session, year: int) -> ScoreSet | None:
    """The score set recorded by the most recently finished completed run of ``year``."""
    stmt = (
        select(ScoreSet)
        .join(Run, Run.score_set_id == ScoreSet.id)
        .where(Run.year == year, Run.status == "completed", ScoreSet.year == year)
        .order_by(Run.finished_at.desc(), Run.started_at.desc())
        .limit(1)
    )
    return s.scalars(stmt).first()


def scores_of_set(s: Session, score_set_id: int) -> list[Score]:
    """The rows of a score set, in the order they were computed."""
    return list(
        s.scalars(select(Score).where(Score.score_set_id == score_set_id).order_by(Score.id))
    )


def score_evidence(s: Session, score_id: int) -> list[ScoreEvidence]:
    """The evidence of one score, in ``seq`` order."""
    return list(
        s.scalars(
            select(ScoreEvidence)
            .where(ScoreEvidence.score_id == score_id)
            .order_by(ScoreEvidence.seq)
        )
    )


# ------------------------------------------------------------------- manual log (issue 3)

#: ``source`` prefix of a revocation: ``revoke:<target id>:<uuid hex>``
_REVOKE_PREFIX = "revoke:"


@dataclasses.dataclass(frozen=True)
class ManualState:
    """What the log says of one entry: in force, or why not (the entry that ended it)."""

    in_force: bool
    revoked_by: int | None = None
    superseded_by: int | None = None


def revoke_target(entry: ManualScore) -> int | None:
    """The id a ``revoke`` entry cancels (from its ``source``), else None."""
    if entry.mode != "revoke" or not entry.source.startswith(_REVOKE_PREFIX):
        return None
    head = entry.source[len(_REVOKE_PREFIX) :].split(":", 1)[0]
    return int(head) if head.isdigit() else None


def manual_log(
    s: Session,
    *,
    year: int | None = None,
    unit_code: str | None = None,
    indicator: str | None = None,
) -> list[ManualScore]:
    """Every manual entry (scores, adjustments, revocations), oldest first."""
    stmt = select(ManualScore)
    if year is not None:
        stmt = stmt.where(ManualScore.year == year)
    if unit_code is not None:
        stmt = stmt.where(ManualScore.unit_code == unit_code)
    if indicator is not None:
        stmt = stmt.where(ManualScore.indicator == indicator)
    return list(s.scalars(stmt.order_by(ManualScore.created_at, ManualScore.id)))


def manual_states(log: Sequence[ManualScore]) -> dict[int, ManualState]:
    """The state of every entry of ``log`` (oldest first, as :func:`manual_log` returns it).

    A revocation is never in force itself; revoking a revocation has no effect. Entries of a
    unit × indicator before its newest unrevoked ``score`` are superseded by that score.
    """
    by_id = {m.id: m for m in log}
    revoked_by: dict[int, int] = {}
    for m in log:
        target = revoke_target(m)
        if target is not None and target in by_id and by_id[target].mode != "revoke":
            revoked_by.setdefault(target, m.id)
    live: dict[tuple[int, str, str], list[ManualScore]] = {}
    for m in log:
        if m.mode in ("score", "adjust") and m.id not in revoked_by:
            live.setdefault((m.year, m.unit_code, m.indicator), []).append(m)
    superseded_by: dict[int, int] = {}
    for entries in live.values():
        last = max((i for i, m in enumerate(entries) if m.mode == "score"), default=None)
        if last is not None:
            for m in entries[:last]:
                superseded_by[m.id] = entries[last].id
    states = {}
    for m in log:
        if m.id in revoked_by:
            states[m.id] = ManualState(False, revoked_by=revoked_by[m.id])
        elif m.id in superseded_by:
            states[m.id] = ManualState(False, superseded_by=superseded_by[m.id])
        else:
            states[m.id] = ManualState(m.mode in ("score", "adjust"))
    return states


def add_manual_revocation(s: Session, *, target_id: int, reason: str, author: str) -> int:
    """Append a ``revoke`` entry cancelling entry ``target_id``; returns its id.

    Nothing is updated: the revocation is a new row whose ``source`` names the target. Raises
    LookupError if there is no such entry, ValueError if it is a revocation or already revoked.
    """
    target = s.get(ManualScore, target_id)
    if target is None:
        raise LookupError(f"no manual entry {target_id}")
    if target.mode == "revoke":
        raise ValueError(f"entry {target_id} is a revocation")
    log = manual_log(s, year=target.year, unit_code=target.unit_code, indicator=target.indicator)
    if manual_states(log)[target_id].revoked_by is not None:
        raise ValueError(f"entry {target_id} is already revoked")
    new_id = _insert_ignore(
        s,
        ManualScore,
        {
            "year": target.year,
            "unit_code": target.unit_code,
            "indicator": target.indicator,
            "mode": "revoke",
            "points": 0.0,
            "method": None,
            "reason": reason,
            "author": author,
            "created_at": utcnow(),
            "source": f"{_REVOKE_PREFIX}{target_id}:{uuid.uuid4().hex}",
            "revoked": False,
        },
        ["source"],
    )
    assert new_id is not None  # the source holds a fresh uuid
    return int(new_id)


def score_set_evidence(
    s: Session, score_set_id: int
) -> list[tuple[Score, ScoreEvidence, ObjectVersion | None]]:
    """Every evidence row of a score set with its score and document version, in order."""
    stmt = (
        select(Score, ScoreEvidence, ObjectVersion)
        .join(ScoreEvidence, ScoreEvidence.score_id == Score.id)
        .outerjoin(ObjectVersion, ObjectVersion.id == ScoreEvidence.object_version_id)
        .where(Score.score_set_id == score_set_id)
        .order_by(Score.id, ScoreEvidence.seq)
    )
    return [(sc, ev, ov) for sc, ev, ov in s.execute(stmt)]
