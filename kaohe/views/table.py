"""The 评分总表 of a year and kind: units × indicators, totals and ranks (暂定 while anything
is still 待人工评分), the run it came from. The CLI reports and the workspace share it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kaohe.context import Context
from kaohe.views.scores import ScoreRow, score_rows
from storage.models import Run

__all__ = ["IndicatorHead", "ScoreTable", "UnitTotal", "rank_totals", "score_table"]


@dataclass(frozen=True)
class UnitTotal:
    code: str
    name: str
    total: float
    #: None for a unit none of whose indicators is scored yet: it is not ranked at all
    rank: int | None
    pending: tuple[str, ...]  # indicator codes still pending_manual

    @property
    def provisional(self) -> bool:
        return bool(self.pending)


def rank_totals(
    units: Sequence[tuple[str, str]], rows_of: Callable[[str], Sequence[ScoreRow]]
) -> list[UnitTotal]:
    """``units`` (code, name) by total, best first; equal totals share a rank (1, 2, 2, 4).

    A unit with no scored indicator at all (everything 待人工评分) has nothing to rank by: it
    gets ``rank=None`` and comes last, instead of a rank earned by zeros it was never given.
    """
    totals, unranked = [], []
    for code, name in units:
        rows = rows_of(code)
        total = round(sum(r.points or 0.0 for r in rows), 2)
        pending = tuple(r.indicator for r in rows if r.status == "pending_manual")
        if rows and len(pending) == len(rows):
            unranked.append(UnitTotal(code, name, total, None, pending))
        else:
            totals.append((code, name, total, pending))
    totals.sort(key=lambda t: -t[2])  # stable: units-file order among equals
    out: list[UnitTotal] = []
    for i, (code, name, total, pending) in enumerate(totals):
        rank = out[-1].rank if out and out[-1].total == total else i + 1
        out.append(UnitTotal(code, name, total, rank, pending))
    return out + unranked


@dataclass(frozen=True)
class IndicatorHead:
    code: str
    name: str
    max_points: float


@dataclass
class ScoreTable:
    year: int
    kind: str
    kinds: list[str]
    indicators: list[IndicatorHead] = field(default_factory=list)
    #: (code, full name) in units-file order
    units: list[tuple[str, str]] = field(default_factory=list)
    cells: dict[tuple[str, str], ScoreRow] = field(default_factory=dict)
    totals: dict[str, UnitTotal] = field(default_factory=dict)
    run_id: str | None = None
    run_at: datetime | None = None
    rules_hash: str | None = None


def score_table(ctx: Context, year: int, kind: str | None = None) -> ScoreTable:
    """The current table of ``year`` for units of ``kind`` (default: the first kind present)."""
    rows = score_rows(ctx, year)
    kinds = list(dict.fromkeys(r.kind for r in rows))
    k = kind if kind in kinds else (kinds[0] if kinds else "")
    t = ScoreTable(year, k, kinds)
    by_unit: dict[str, list[ScoreRow]] = {}
    heads: dict[str, IndicatorHead] = {}
    for r in rows:
        if r.kind != k:
            continue
        by_unit.setdefault(r.unit, []).append(r)
        t.cells[(r.unit, r.indicator)] = r
        heads.setdefault(r.indicator, IndicatorHead(r.indicator, r.indicator_name, r.max_points))
        t.run_id, t.rules_hash = r.run, r.rules_hash
    t.indicators = list(heads.values())
    t.units = [(u.code, u.name) for u in ctx.units if u.code in by_unit]
    t.totals = {x.code: x for x in rank_totals(t.units, lambda c: by_unit.get(c, []))}
    if t.run_id:
        with ctx.session() as s:
            run = s.get(Run, t.run_id)
            t.run_at = run.finished_at if run is not None else None
    return t
