"""The score table: the current score set of a year as rows for every face."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kaohe.context import Context
from storage.repo import scores

__all__ = ["ScoreRow", "current_score_set_id", "score_rows"]


@dataclass(frozen=True)
class ScoreRow:
    """One unit × indicator of the current table."""

    year: int
    unit: str
    unit_name: str
    kind: str
    indicator: str
    indicator_name: str
    points: float | None
    max_points: float
    status: str
    run: str
    rules_hash: str
    explanation: str
    score_id: int
    group: str = ""

    def contract(self) -> dict[str, Any]:
        """The ``kaohe scores --json`` object (output contract v1)."""
        return {
            "year": self.year,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "kind": self.kind,
            "indicator": self.indicator,
            "indicator_name": self.indicator_name,
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "run": self.run,
            "rules_hash": self.rules_hash,
        }


def current_score_set_id(ctx: Context, year: int) -> int | None:
    with ctx.session() as s:
        ss = scores.latest_score_set(s, year)
        return ss.id if ss is not None else None


def score_rows(ctx: Context, year: int) -> list[ScoreRow]:
    """The current table of ``year``: units in units-file order, indicators in rubric order."""
    with ctx.session() as s:
        ss = scores.latest_score_set(s, year)
        if ss is None:
            return []
        rows_of_set = scores.scores_of_set(s, ss.id)
        run_id, rules_hash = ss.run_id, ss.rules_hash
    units = {u.code: (i, u) for i, u in enumerate(ctx.units)}
    order = {
        ind.code: (i, ind.group)
        for rubric in ctx.rubrics.values()
        for i, ind in enumerate(rubric.indicators)
    }
    rows = []
    for r in rows_of_set:
        _, unit = units.get(r.unit_code, (len(units), None))
        rows.append(
            ScoreRow(
                year=year,
                unit=r.unit_code,
                unit_name=unit.name if unit else r.unit_code,
                kind=unit.kind if unit else "",
                indicator=r.indicator,
                indicator_name=r.indicator_name,
                points=r.points,
                max_points=r.max_points,
                status=r.status,
                run=run_id,
                rules_hash=rules_hash,
                explanation=r.explanation,
                score_id=r.id,
                group=order.get(r.indicator, (0, ""))[1],
            )
        )
    rows.sort(
        key=lambda r: (units.get(r.unit, (len(units),))[0], order.get(r.indicator, (999,))[0])
    )
    return rows
