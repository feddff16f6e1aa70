"""The database schema: every table of kaohe, as typed SQLAlchemy 2 models.

Design rules: history is never overwritten (a changed object is a new ``object_versions`` row, a
new score table is a new ``score_sets`` row); unique constraints make every write idempotent;
timestamps are timezone-aware UTC on every backend. The Alembic migrations in
``storage/migrations`` are generated from this module and must agree with it (a test checks).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "AuditEntry",
    "Base",
    "Blob",
    "CrawlPage",
    "CrawlRun",
    "Element",
    "EvidenceCopy",
    "Extraction",
    "Finding",
    "FindingReview",
    "ManualScore",
    "ObjectVersion",
    "ParsedText",
    "ReviewRequest",
    "ReviewWindow",
    "Run",
    "Score",
    "ScoreEvidence",
    "ScoreSet",
    "UTCDateTime",
    "UnitRow",
    "WebSession",
    "WebUser",
    "utcnow",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A ``DateTime(timezone=True)`` that always returns aware UTC datetimes.

    SQLite stores no offset, so values are normalised to UTC on the way in and tagged UTC on
    the way out; naive inputs are refused (they are bugs).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class UnitRow(Base):
    """An assessed unit, synced from the units file (rows are never deleted: history)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Blob(Base):
    """Content identity: the same bytes under two keys are one blob."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str | None] = mapped_column(String(16))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)


class EvidenceCopy(Base):
    """A blob's bytes kept in an evidence locker (``locker`` is the locker's location, ``key``
    its content-addressed key there). Rows are only ever added: evidence is never lost."""

    __tablename__ = "evidence_copies"
    __table_args__ = (UniqueConstraint("sha256", "locker"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    locker: Mapped[str] = mapped_column(String(512))
    key: Mapped[str] = mapped_column(String(512))
    size: Mapped[int] = mapped_column(BigInteger)
    kept_at: Mapped[datetime] = mapped_column(default=utcnow)


class ObjectVersion(Base):
    """One version of one key in one store, as seen by ingest.

    ``version_id`` is ``""`` when the store keeps no versions (so the unique constraint holds on
    every backend). A changed object is a new row; a key gone from the listing gets
    ``deleted_at`` (cleared when it reappears). ``sha256`` is null for a rejected key.
    """

    __tablename__ = "object_versions"
    __table_args__ = (
        UniqueConstraint("store", "key", "etag", "version_id"),
        Index(None, "store", "year", "unit_code"),
        Index(None, "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store: Mapped[str] = mapped_column(String(512))
    key: Mapped[str] = mapped_column(String(1024))
    etag: Mapped[str] = mapped_column(String(128))
    version_id: Mapped[str] = mapped_column(String(256), default="")
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    last_modified: Mapped[datetime]
    year: Mapped[int | None]
    unit_code: Mapped[str | None] = mapped_column(String(64))
    rejected_reason: Mapped[str | None] = mapped_column(Text)
    first_seen_run_id: Mapped[str | None] = mapped_column(ForeignKey("runs.id"))
    last_seen_run_id: Mapped[str | None] = mapped_column(ForeignKey("runs.id"))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class ParsedText(Base):
    """Parse cache: ``content`` is ``ParsedDocument.to_dict()`` of the blob's bytes."""

    __tablename__ = "parsed_texts"
    __table_args__ = (UniqueConstraint("sha256", "parser_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    parser_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(32))
    page_count: Mapped[int | None]
    content: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Extraction(Base):
    """One extraction of a blob under an extractor version and extraction-rules hash.

    ``result`` is the contract object (extraction-output.md) without ``source``: the same bytes
    under several keys share it.
    """

    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("sha256", "extractor_version", "rules_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(32))
    rules_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    doc_type: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_id: Mapped[str | None] = mapped_column(ForeignKey("runs.id"))


class Element(Base):
    """One element of an extraction (queryable copy of ``result["elements"][name]``)."""

    __tablename__ = "elements"
    __table_args__ = (UniqueConstraint("extraction_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(128))
    value: Mapped[Any] = mapped_column(JSON)
    evidence: Mapped[list[Any]]


class Finding(Base):
    """One finding of an extraction, ``seq`` 1-based in contract order."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("extraction_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id", ondelete="CASCADE"))
    seq: Mapped[int]
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]]


class Run(Base):
    """One phase run (ingest, extract, score, pipeline, rerun).

    ``score_set_id`` has no foreign key: ``score_sets.run_id`` points back here, and a cycle
    of constraints would complicate every backend for no gain.
    """

    __tablename__ = "runs"
    __table_args__ = (Index(None, "year", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    year: Mapped[int]
    flow_run_id: Mapped[str | None] = mapped_column(String(64))
    rules_hash: Mapped[str | None] = mapped_column(String(64))
    extraction_rules_hash: Mapped[str | None] = mapped_column(String(64))
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score_set_id: Mapped[int | None]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class ScoreSet(Base):
    """An immutable score table of a year; ``digest`` identifies its content."""

    __tablename__ = "score_sets"
    __table_args__ = (UniqueConstraint("year", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id"))
    rules_hash: Mapped[str] = mapped_column(String(64))
    extraction_rules_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Score(Base):
    """One unit × indicator of a score set; never updated in place."""

    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("score_set_id", "unit_code", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    score_set_id: Mapped[int] = mapped_column(ForeignKey("score_sets.id", ondelete="CASCADE"))
    unit_code: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str] = mapped_column(String(32))
    indicator_name: Mapped[str] = mapped_column(String(200))
    points: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(64))
    explanation: Mapped[str] = mapped_column(Text)
    auto_points: Mapped[float | None] = mapped_column(Float)


class ScoreEvidence(Base):
    """One piece of evidence of a score (``scoring.model.EvidenceRef``), ``seq`` 1-based."""

    __tablename__ = "score_evidence"
    __table_args__ = (UniqueConstraint("score_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("scores.id", ondelete="CASCADE"))
    seq: Mapped[int]
    object_version_id: Mapped[int | None] = mapped_column(ForeignKey("object_versions.id"))
    extraction_id: Mapped[int | None] = mapped_column(ForeignKey("extractions.id"))
    element: Mapped[str | None] = mapped_column(String(128))
    finding_code: Mapped[str | None] = mapped_column(String(64))
    quote: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None]
    paragraph: Mapped[int | None]
    searched: Mapped[dict[str, Any] | None]
    note: Mapped[str] = mapped_column(Text)
    points: Mapped[float | None] = mapped_column(Float)


class ManualScore(Base):
    """Append-only log of manual scores and adjustments.

    ``source`` is unique: ``xlsx:<sha256>:<row>`` makes a re-imported sheet a no-op; CLI entries
    use ``cli:<uuid>``. An entry is in force unless ``revoked`` or ``superseded_by`` is set.
    """

    __tablename__ = "manual_scores"
    __table_args__ = (
        UniqueConstraint("source"),
        Index(None, "year", "unit_code", "indicator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    unit_code: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(8))
    points: Mapped[float] = mapped_column(Float)
    method: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(200))
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("manual_scores.id"))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


# ---------------------------------------------------------------- issue 7: the web workspace


class WebUser(Base):
    """A local account of the workspace: ``office``, ``assessor`` or ``unit`` (one unit)."""

    __tablename__ = "web_users"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(Base):
    """A server-side session: the cookie carries a random token, the table its sha256."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    address: Mapped[str | None] = mapped_column(String(64))


class AuditEntry(Base):
    """Append-only log of every write made through the workspace or the user commands."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(512))
    detail: Mapped[dict[str, Any] | None]
    address: Mapped[str | None] = mapped_column(String(64))


class FindingReview(Base):
    """An assessor's verdict on one finding of one document version (append-only)."""

    __tablename__ = "finding_reviews"
    __table_args__ = (Index(None, "sha256", "finding_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    unit_code: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    finding_code: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    manual_score_id: Mapped[int | None] = mapped_column(ForeignKey("manual_scores.id"))


class ReviewRequest(Base):
    """A unit's 复核 request on one indicator, and the office's decision."""

    __tablename__ = "review_requests"
    __table_args__ = (Index(None, "year", "unit_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    unit_code: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="open")
    decision: Mapped[str | None] = mapped_column(Text)
    new_points: Mapped[float | None] = mapped_column(Float)
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None]
    manual_score_id: Mapped[int | None] = mapped_column(ForeignKey("manual_scores.id"))


class ReviewWindow(Base):
    """The 复核 window of a year: append-only, the latest row is in force (none: open)."""

    __tablename__ = "review_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    is_open: Mapped[bool] = mapped_column(Boolean)
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---------------------------------------------------------------- issue 11: website inspection


class CrawlRun(Base):
    """One crawl of one unit's website (网站巡检); ``record_key`` is its crawl record."""

    __tablename__ = "crawl_runs"
    __table_args__ = (Index(None, "year", "unit_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int]
    unit_code: Mapped[str] = mapped_column(String(64))
    entry_url: Mapped[str] = mapped_column(String(2048))
    status: Mapped[str] = mapped_column(String(16))
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    record_key: Mapped[str | None] = mapped_column(String(1024))
    record_sha256: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class CrawlPage(Base):
    """One URL visited by a crawl. ``archive_key`` is the WARC record of its body; a page seen
    unchanged points to the earlier record (``new_version`` false): a re-visit adds no object."""

    __tablename__ = "crawl_pages"
    __table_args__ = (Index(None, "unit_code", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_run_id: Mapped[str] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"))
    unit_code: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str] = mapped_column(String(2048))
    status_code: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(128))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: fetch time of the archived record (this visit's, or the first unchanged one's)
    archived_at: Mapped[datetime | None]
    depth: Mapped[int]
    digest: Mapped[str | None] = mapped_column(String(64))
    archive_key: Mapped[str | None] = mapped_column(String(1024))
    screenshot_key: Mapped[str | None] = mapped_column(String(1024))
    new_version: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
