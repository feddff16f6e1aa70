"""Run history of a year, newest first, and what the latest score change did (old → new)."""

from __future__ import annotations

from sqlalchemy import select

from kaohe.context import Context
from kaohe.views.changes import ScoreChange, diff_score_sets
from storage.models import Run

__all__ = ["latest_changes", "run_history"]


def run_history(ctx: Context, year: int, limit: int = 50) -> list[Run]:
    with ctx.session() as s:
        return list(
            s.scalars(
                select(Run).where(Run.year == year).order_by(Run.started_at.desc()).limit(limit)
            )
        )


def latest_changes(ctx: Context, year: int) -> list[ScoreChange]:
    """Scores that changed between the two latest completed score sets of ``year``."""
    with ctx.session() as s:
        ids = [
            i
            for i in s.scalars(
                select(Run.score_set_id)
                .where(Run.year == year, Run.status == "completed", Run.score_set_id.is_not(None))
                .order_by(Run.finished_at.desc())
            )
            if i is not None
        ]
    distinct = list(dict.fromkeys(ids))
    if len(distinct) < 2:
        return []
    return diff_score_sets(ctx, distinct[1], distinct[0])
