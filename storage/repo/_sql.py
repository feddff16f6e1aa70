"""SQL helpers shared by the repository modules (dialect-aware idempotent inserts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Text, bindparam, cast
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

__all__ = ["CHUNK", "insert_ignore", "insert_ignore_many", "insert_json_rows"]

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


def insert_json_rows(
    s: Session,
    model: type[Any],
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: Sequence[str] = (),
    json_text: Sequence[str] = (),
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (same keys each) in one executemany, in ``conflict``-key order (see
    :func:`insert_ignore_many`), skipping rows whose ``conflict`` columns collide.

    The JSON columns named in ``json_text`` arrive as JSON text, serialized where the values
    were computed, and are stored as they are (not decoded and encoded again). Returns the
    ``returning`` columns of the rows inserted (none for the skipped ones), in no set order.
    """
    if not rows:
        return []
    table = model.__table__
    postgres = s.get_bind().dialect.name == "postgresql"
    values: dict[str, Any] = {}
    for name in rows[0]:
        col = table.c[name]
        if name in json_text:
            param = bindparam(f"p_{name}", type_=Text())
            # PostgreSQL needs the cast; SQLite keeps JSON as TEXT (a CAST there would mangle it)
            values[name] = cast(param, col.type) if postgres else param
        else:
            values[name] = bindparam(f"p_{name}", type_=col.type)
    stmt: Any = _insert(s, table).values(values)
    if conflict:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(conflict))
        rows = sorted(rows, key=lambda r: tuple(str(r[c]) for c in conflict))
    if postgres and not conflict and not returning:
        _copy_rows(s, table.name, rows)
        return []
    if returning:
        stmt = stmt.returning(*(table.c[c] for c in returning))
    result = s.execute(stmt, [{f"p_{k}": v for k, v in r.items()} for r in rows])
    return [tuple(r) for r in result] if returning else []


def _copy_rows(s: Session, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """``COPY … FROM STDIN`` of plain rows (PostgreSQL, in the session's transaction): a
    per-row executemany, or multi-row VALUES that psycopg must parse, cost several times more
    for the many small element and finding rows (measured)."""
    columns = list(rows[0])
    raw = s.connection().connection.driver_connection
    assert raw is not None
    names = ", ".join(f'"{c}"' for c in columns)
    with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for r in rows:
            copy.write_row([r[c] for c in columns])
