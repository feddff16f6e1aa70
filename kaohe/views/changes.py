"""Score changes between two score sets (a rule change, a manual entry, a re-run)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kaohe.context import Context
from storage.repo import scores

__all__ = ["ScoreChange", "diff_score_sets"]


@dataclass(frozen=True)
class ScoreChange:
    """One unit × indicator whose points or status differ between two score sets."""

    unit_code: str
    indicator: str
    indicator_name: str
    old_points: float | None
    new_points: float | None
    old_status: str | None
    new_status: str


def diff_score_sets(ctx: Context, old_id: int | None, new_id: int) -> list[ScoreChange]:
    """Scores that changed from set ``old_id`` to set ``new_id`` (all of them if no old set)."""
    if old_id == new_id:
        return []
    with ctx.session() as s:
        old = (
            {(r.unit_code, r.indicator): r for r in scores.scores_of_set(s, old_id)}
            if old_id
            else {}
        )
        changes = []
        for r in scores.scores_of_set(s, new_id):
            prev: Any = old.get((r.unit_code, r.indicator))
            if prev is None or (prev.points, prev.status) != (r.points, r.status):
                changes.append(
                    ScoreChange(
                        r.unit_code,
                        r.indicator,
                        r.indicator_name,
                        prev.points if prev else None,
                        r.points,
                        prev.status if prev else None,
                        r.status,
                    )
                )
    return changes
