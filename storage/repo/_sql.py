"""SQL helpers shared by the repository modules (dialect-aware idempotent inserts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

__all__ = ["CHUNK", "insert_ignore", "insert_ignore_many"]

#: ids per ``UPDATE … WHERE id IN (…)``: below SQLite's bound-parameter limit
CHUNK = 500


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


def insert_ignore(
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


def insert_ignore_many(
    s: Session, model: type[Any], rows: Sequence[Mapping[str, Any]], conflict: Sequence[str]
) -> None:
    """Insert ``rows`` (same keys each) in one executemany, skipping those whose ``conflict``
    columns collide. Core, not ORM: the ORM's per-row value coercion dominated (measured).

    Rows go in ``conflict``-key order, so two transactions inserting overlapping rows take the
    unique-index locks in one order and cannot deadlock each other (PostgreSQL)."""
    if not rows:
        return
    stmt = _insert(s, model.__table__).on_conflict_do_nothing(  # type: ignore[attr-defined]
        index_elements=list(conflict)
    )
    ordered = sorted(rows, key=lambda r: tuple(str(r[c]) for c in conflict))
    s.execute(stmt, [dict(r) for r in ordered])
