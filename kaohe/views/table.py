"""The 评分总表 of a year and kind: units × indicators, totals and ranks (暂定 while anything
is still 待人工评分), the run it came from. The CLI reports and the workspace share it."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kaohe.context import Context
from kaohe.views.scores import ScoreRow
from storage.models import Run, Score, ScoreSet

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
    #: unit → (indicator code, its row or None, the points as shown) in column order: what
    #: the page draws, laid out once per score set (the template does no lookups per cell)
    grid: dict[str, list[tuple[str, ScoreRow | None, str]]] = field(default_factory=dict)
    totals: dict[str, UnitTotal] = field(default_factory=dict)
    run_id: str | None = None
    run_at: datetime | None = None
    rules_hash: str | None = None


#: score sets are never changed in place (a re-score records a new one), so a table built
#: from one stays right: per context, the tables of its latest set (one query when warm)
_TABLES: dict[int, tuple[weakref.ref[Context], dict[tuple[int, str | None], ScoreTable]]] = {}
_LOCK = threading.Lock()


def _latest_set(ctx: Context, year: int) -> tuple[int, str, str] | None:
    """(id, run id, rules hash) of the set :func:`storage.repo.scores.latest_score_set` names."""
    stmt = (
        select(ScoreSet.id, ScoreSet.run_id, ScoreSet.rules_hash)
        .join(Run, Run.score_set_id == ScoreSet.id)
        .where(Run.year == year, Run.status == "completed", ScoreSet.year == year)
        .order_by(Run.finished_at.desc(), Run.started_at.desc())
        .limit(1)
    )
    with ctx.session() as s:
        row = s.execute(stmt).first()
    return (row[0], row[1], row[2]) if row is not None else None


def _set_rows(ctx: Context, set_id: int, run_id: str) -> tuple[list[Any], datetime | None]:
    """The rows of score set ``set_id`` as plain column tuples (no ORM objects), and when its
    run finished."""
    stmt = select(
        Score.unit_code,
        Score.indicator,
        Score.indicator_name,
        Score.points,
        Score.max_points,
        Score.status,
        Score.explanation,
        Score.id,
    ).where(Score.score_set_id == set_id)
    with ctx.session() as s:
        rows = list(s.execute(stmt))
        finished = s.scalar(select(Run.finished_at).where(Run.id == run_id))
    return rows, finished


def score_table(ctx: Context, year: int, kind: str | None = None) -> ScoreTable:
    """The current table of ``year`` for units of ``kind`` (default: the first kind present).

    Same rows as :func:`kaohe.views.scores.score_rows` (units in units-file order, indicators
    in rubric order). Built once per score set and kind, then shared: treat it as read-only.
    """
    latest = _latest_set(ctx, year)
    if latest is None:
        return ScoreTable(year, "", [])
    with _LOCK:
        held = _TABLES.get(id(ctx))
        if held is not None and held[0]() is ctx:
            cached = held[1].get((latest[0], kind))
            if cached is not None:
                return cached
    t = _build(ctx, year, kind, *latest)
    with _LOCK:
        held = _TABLES.get(id(ctx))
        if held is None or held[0]() is not ctx:
            # the entry goes with its context (ids are reused after a context is collected)
            key = id(ctx)
            held = _TABLES[key] = (weakref.ref(ctx, lambda _r: _TABLES.pop(key, None)), {})
        per_ctx = held[1]
        if any(k[0] != latest[0] for k in per_ctx):
            per_ctx.clear()  # a newer set: the old tables are never asked for again
        per_ctx[(latest[0], kind)] = t
    return t


def _build(
    ctx: Context, year: int, kind: str | None, set_id: int, run_id: str, rules_hash: str
) -> ScoreTable:
    raw, finished = _set_rows(ctx, set_id, run_id)
    units = {u.code: (i, u) for i, u in enumerate(ctx.units)}
    order = {
        ind.code: (i, ind.group)
        for rubric in ctx.rubrics.values()
        for i, ind in enumerate(rubric.indicators)
    }
    nowhere = (len(units), None)
    raw.sort(key=lambda r: (units.get(r.unit_code, nowhere)[0], order.get(r.indicator, (999,))[0]))
    kinds = list(
        dict.fromkeys((u.kind if (u := units.get(r.unit_code, nowhere)[1]) else "") for r in raw)
    )
    k = kind if kind in kinds else (kinds[0] if kinds else "")
    t = ScoreTable(year, k, kinds)
    by_unit: dict[str, list[ScoreRow]] = {}
    heads: dict[str, IndicatorHead] = {}
    for r in raw:
        unit = units.get(r.unit_code, nowhere)[1]
        if (unit.kind if unit else "") != k:
            continue
        row = ScoreRow(
            year=year,
            unit=r.unit_code,
            unit_name=unit.name if unit else r.unit_code,
            kind=k,
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
        by_unit.setdefault(row.unit, []).append(row)
        t.cells[(row.unit, row.indicator)] = row
        heads.setdefault(
            row.indicator, IndicatorHead(row.indicator, row.indicator_name, row.max_points)
        )
    t.run_id, t.rules_hash, t.run_at = run_id, rules_hash, finished
    t.indicators = list(heads.values())
    t.units = [(u.code, u.name) for u in ctx.units if u.code in by_unit]
    for code, _ in t.units:
        line = t.grid[code] = []
        for h in t.indicators:
            c = t.cells.get((code, h.code))
            shown = "" if c is None else ("待评" if c.points is None else f"{c.points:g}")
            line.append((h.code, c, shown))
    t.totals = {x.code: x for x in rank_totals(t.units, lambda c: by_unit.get(c, []))}
    return t
