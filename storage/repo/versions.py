"""Submissions as listed in the store: one row per (store, key, etag, version id)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, select, update
from sqlalchemy.orm import Session

from storage.layout import MAX_YEAR, MIN_YEAR, KeyInfo, Rejection
from storage.models import Blob, ObjectVersion, utcnow
from storage.objectstore import ObjectInfo
from storage.repo._sql import CHUNK, insert_ignore, insert_ignore_many

__all__ = [
    "current",
    "documents_per_unit",
    "known_version_ids",
    "known_versions",
    "mark_deleted",
    "register_version",
    "register_versions",
    "rejected_versions",
    "touch_seen",
]


def _year_of(key: str) -> int | None:
    """The year folder of a (possibly rejected) key, when it is one."""
    head = key.split("/", 1)[0]
    if len(head) == 4 and head.isascii() and head.isdigit() and MIN_YEAR <= int(head) <= MAX_YEAR:
        return int(head)
    return None


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


def known_version_ids(s: Session, store: str) -> dict[tuple[str, str, str], int]:
    """:func:`known_versions` as ids only: no ORM objects (a no-change run over 50,000
    objects loads this once)."""
    rows = s.execute(
        select(
            ObjectVersion.key, ObjectVersion.etag, ObjectVersion.version_id, ObjectVersion.id
        ).where(ObjectVersion.store == store, ObjectVersion.rejected_reason.is_(None))
    )
    return {(k, e, v): i for k, e, v, i in rows}


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
        insert_ignore(
            s,
            Blob,
            {"sha256": sha256, "size": info.size, "format": fmt, "first_seen": now},
            ["sha256"],
        )
    classification = _classification(info, key_info, sha256)
    vid = info.version_id or ""
    new_id = insert_ignore(
        s,
        ObjectVersion,
        _new_row(store, info, run_id, now, classification),
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


#: one registration for :func:`register_versions`: listed object, classification, digest, format
Registration = tuple[ObjectInfo, KeyInfo | Rejection, str | None, str | None]


def register_versions(
    s: Session, *, store: str, entries: Sequence[Registration], run_id: str | None
) -> int:
    """:func:`register_version` for a batch of listed objects (distinct keys), in a few
    statements instead of several per object; returns how many versions are new.

    Same effects: a new version supersedes its key's other current versions; an existing one
    gets its classification refreshed (a digest kept when this registration has none) and is
    marked seen and present.
    """
    if not entries:
        return 0
    now = utcnow()
    insert_ignore_many(
        s,
        Blob,
        list(
            {
                sha: {"sha256": sha, "size": info.size, "format": fmt, "first_seen": now}
                for info, _k, sha, fmt in entries
                if sha is not None
            }.values()
        ),
        ["sha256"],
    )
    keys = list({info.key for info, *_ in entries})
    on_key: dict[str, list[tuple[int, str, str, bool]]] = {}
    for i in range(0, len(keys), CHUNK):
        for row in s.execute(
            select(
                ObjectVersion.id,
                ObjectVersion.key,
                ObjectVersion.etag,
                ObjectVersion.version_id,
                ObjectVersion.deleted_at.is_(None),
            ).where(ObjectVersion.store == store, ObjectVersion.key.in_(keys[i : i + CHUNK]))
        ):
            on_key.setdefault(row[1], []).append((row[0], row[2], row[3], bool(row[4])))
    new_rows: list[dict[str, Any]] = []
    refresh: list[dict[str, Any]] = []
    supersede: list[int] = []
    for info, key_info, sha, _fmt in entries:
        vid = info.version_id or ""
        cls = _classification(info, key_info, sha)
        rows = on_key.get(info.key, [])
        same = [r[0] for r in rows if (r[1], r[2]) == (info.etag, vid)]
        if same:
            refresh.append({"b_id": same[0], **{f"b_{k}": v for k, v in cls.items()}})
            continue
        supersede.extend(r[0] for r in rows if r[3])
        new_rows.append(_new_row(store, info, run_id, now, cls))
    for i in range(0, len(supersede), CHUNK):
        s.execute(
            update(ObjectVersion)
            .where(ObjectVersion.id.in_(supersede[i : i + CHUNK]))
            .values(deleted_at=now)
            .execution_options(synchronize_session=False)
        )
    insert_ignore_many(s, ObjectVersion, new_rows, ["store", "key", "etag", "version_id"])
    if refresh:
        t = cast(Table, ObjectVersion.__table__)
        s.connection().execute(
            update(t)
            .where(t.c.id == bindparam("b_id"))
            .values(
                year=bindparam("b_year"),
                unit_code=bindparam("b_unit_code"),
                rejected_reason=bindparam("b_rejected_reason"),
                sha256=func.coalesce(bindparam("b_sha256"), t.c.sha256),
                last_seen_run_id=run_id,
                last_seen_at=now,
                deleted_at=None,
            ),
            refresh,
        )
    s.expire_all()
    return len(new_rows)


def touch_seen(s: Session, ids: Iterable[int], run_id: str | None) -> None:
    """Mark versions as seen by ``run_id`` (and present: clears ``deleted_at``)."""
    id_list = list(ids)
    now = utcnow()
    for i in range(0, len(id_list), CHUNK):
        s.execute(
            update(ObjectVersion)
            .where(ObjectVersion.id.in_(id_list[i : i + CHUNK]))
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
    for i in range(0, len(gone), CHUNK):
        s.execute(
            update(ObjectVersion)
            .where(ObjectVersion.id.in_(gone[i : i + CHUNK]))
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


def documents_per_unit(s: Session, *, store: str, year: int) -> dict[str, int]:
    """How many current versions each unit has for ``year`` (units with none are absent)."""
    stmt = (
        select(ObjectVersion.unit_code, func.count())
        .where(current(store, year))
        .group_by(ObjectVersion.unit_code)
    )
    return {code: n for code, n in s.execute(stmt) if code is not None}


def current(store: str, year: int) -> Any:
    return and_(
        ObjectVersion.store == store,
        ObjectVersion.year == year,
        ObjectVersion.deleted_at.is_(None),
        ObjectVersion.rejected_reason.is_(None),
        ObjectVersion.sha256.is_not(None),
    )


def _classification(
    info: ObjectInfo, key_info: KeyInfo | Rejection, sha256: str | None
) -> dict[str, Any]:
    """The columns a listing decides: year, unit, rejection reason, content digest."""
    if isinstance(key_info, KeyInfo):
        return {
            "year": key_info.year,
            "unit_code": key_info.unit_code,
            "rejected_reason": None,
            "sha256": sha256,
        }
    return {
        "year": _year_of(info.key),
        "unit_code": None,
        "rejected_reason": key_info.reason,
        "sha256": sha256,
    }


def _new_row(
    store: str, info: ObjectInfo, run_id: str | None, now: datetime, cls: dict[str, Any]
) -> dict[str, Any]:
    """An ``object_versions`` row for a version first seen now (one-by-one and batch paths)."""
    return {
        "store": store,
        "key": info.key,
        "etag": info.etag,
        "version_id": info.version_id or "",
        "size": info.size,
        "last_modified": info.last_modified,
        "first_seen_run_id": run_id,
        "last_seen_run_id": run_id,
        "first_seen_at": now,
        "last_seen_at": now,
        "deleted_at": None,
        **cls,
    }
