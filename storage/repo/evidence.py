"""Evidence copies: which blobs' bytes are kept in which locker (rows are only added)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from storage.models import EvidenceCopy, ObjectVersion, utcnow
from storage.repo._sql import insert_ignore, insert_ignore_many
from storage.repo.versions import current

__all__ = ["evidence_copy", "kept_digests", "record_copies", "record_copy", "unkept_versions"]


def kept_digests(s: Session, locker: str) -> set[str]:
    """Digests whose bytes are kept in ``locker``."""
    return set(s.scalars(select(EvidenceCopy.sha256).where(EvidenceCopy.locker == locker)))


def record_copy(s: Session, *, sha256: str, locker: str, key: str, size: int) -> None:
    """Record that ``sha256`` is kept at ``key`` of ``locker`` (a repeat is a no-op)."""
    insert_ignore(
        s,
        EvidenceCopy,
        {"sha256": sha256, "locker": locker, "key": key, "size": size, "kept_at": utcnow()},
        ["sha256", "locker"],
    )


def record_copies(s: Session, *, locker: str, copies: Sequence[tuple[str, str, int]]) -> None:
    """:func:`record_copy` for ``(sha256, key, size)`` of a batch, in one statement."""
    now = utcnow()
    insert_ignore_many(
        s,
        EvidenceCopy,
        [
            {"sha256": sha, "locker": locker, "key": key, "size": size, "kept_at": now}
            for sha, key, size in copies
        ],
        ["sha256", "locker"],
    )


def evidence_copy(s: Session, sha256: str, locker: str) -> EvidenceCopy | None:
    return s.scalar(
        select(EvidenceCopy).where(EvidenceCopy.sha256 == sha256, EvidenceCopy.locker == locker)
    )


def unkept_versions(
    s: Session, *, store: str, year: int, locker: str
) -> list[tuple[str, str, str]]:
    """``(sha256, key, version_id)`` of current documents of ``year`` whose bytes are not in
    ``locker`` yet, one per digest (documents registered before the locker existed)."""
    stmt = (
        select(ObjectVersion.sha256, ObjectVersion.key, ObjectVersion.version_id)
        .outerjoin(
            EvidenceCopy,
            and_(EvidenceCopy.sha256 == ObjectVersion.sha256, EvidenceCopy.locker == locker),
        )
        .where(current(store, year), EvidenceCopy.id.is_(None))
        .order_by(ObjectVersion.id)
    )
    out: dict[str, tuple[str, str, str]] = {}
    for sha, key, vid in s.execute(stmt):
        if sha is not None:
            out.setdefault(sha, (sha, key, vid))
    return list(out.values())
