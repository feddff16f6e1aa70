"""The manual-score log (第六条): append-only rows; what is in force is computed from the log.

No row of ``manual_scores`` is ever updated: a revocation is a new row whose ``source`` names its
target. The semantics (revoked, superseded, in force) are :mod:`scoring.manual`'s; this module
only reads and appends rows.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kaohe.errors import RecordConflict, RecordNotFound
from scoring.manual import REVOKE_PREFIX, ManualRecord, in_force, manual_states
from storage.models import ManualScore, utcnow
from storage.repo._sql import insert_ignore

__all__ = [
    "MANUAL_MODES",
    "add_manual_revocation",
    "add_manual_score",
    "manual_in_force",
    "manual_log",
    "record_of",
]

#: the modes a score entry may have (``revoke`` entries are written by add_manual_revocation)
MANUAL_MODES = ("score", "adjust")


def record_of(row: ManualScore) -> ManualRecord:
    """The pure record of a ``manual_scores`` row."""
    return ManualRecord(
        id=row.id,
        year=row.year,
        unit_code=row.unit_code,
        indicator=row.indicator,
        mode=row.mode,
        points=row.points,
        method=row.method,
        reason=row.reason,
        author=row.author,
        created_at=row.created_at,
        source=row.source,
    )


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
    re-imported sheet a no-op); default ``cli:<uuid>``. Callers validate ``mode`` (a wrong one
    is a bug: ValueError).
    """
    if mode not in MANUAL_MODES:
        raise ValueError(f"mode must be 'score' or 'adjust', not {mode!r}")
    source = source or f"cli:{uuid.uuid4().hex}"
    new_id = insert_ignore(
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


def manual_log(
    s: Session,
    *,
    year: int | None = None,
    unit_code: str | None = None,
    indicator: str | None = None,
) -> list[ManualRecord]:
    """Every manual entry (scores, adjustments, revocations), oldest first."""
    stmt = select(ManualScore)
    if year is not None:
        stmt = stmt.where(ManualScore.year == year)
    if unit_code is not None:
        stmt = stmt.where(ManualScore.unit_code == unit_code)
    if indicator is not None:
        stmt = stmt.where(ManualScore.indicator == indicator)
    return [record_of(m) for m in s.scalars(stmt.order_by(ManualScore.created_at, ManualScore.id))]


def manual_in_force(s: Session, year: int, unit_code: str | None = None) -> list[ManualRecord]:
    """Manual entries of ``year`` in force, oldest first, computed from the whole log."""
    return in_force(manual_log(s, year=year, unit_code=unit_code))


def add_manual_revocation(s: Session, *, target_id: int, reason: str, author: str) -> int:
    """Append a ``revoke`` entry cancelling entry ``target_id``; returns its id.

    Raises :class:`~kaohe.errors.RecordNotFound` if there is no such entry and
    :class:`~kaohe.errors.RecordConflict` if it is a revocation or already revoked.
    """
    target = s.get(ManualScore, target_id)
    if target is None:
        raise RecordNotFound(f"没有编号为 {target_id} 的人工评分记录")
    if target.mode == "revoke":
        raise RecordConflict(f"编号 {target_id}：撤销记录不能再被撤销")
    log = manual_log(s, year=target.year, unit_code=target.unit_code, indicator=target.indicator)
    if manual_states(log)[target_id].revoked_by is not None:
        raise RecordConflict(f"编号 {target_id}：该记录已被撤销")
    new_id = insert_ignore(
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
            "source": f"{REVOKE_PREFIX}{target_id}:{uuid.uuid4().hex}",
            "revoked": False,
        },
        ["source"],
    )
    assert new_id is not None  # the source holds a fresh uuid
    return int(new_id)
