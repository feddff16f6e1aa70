"""Manual scores and adjustments (第六条): validate, record, revoke, list, re-score.

The ``manual_scores`` table is an append-only log (:mod:`storage.repo.manual`): ``score``
entries replace the automatic points of an indicator, ``adjust`` entries add to them, and a
revocation is a new entry naming its target. What is in force is computed from the whole log
(:mod:`scoring.manual`), and scoring reads it as an input, so manual entries survive reruns and
rubric changes; after every change the year is re-scored at once (:func:`rescore`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kaohe.context import Context
from kaohe.errors import ManualInputError
from kaohe.phases.score import score_recorded
from kaohe.units import Unit
from kaohe.views.changes import ScoreChange, diff_score_sets
from kaohe.views.scores import current_score_set_id
from scoring.manual import manual_states, revoke_target
from storage.models import ManualScore
from storage.repo import manual

__all__ = [
    "METHODS",
    "LogEntry",
    "ManualEntry",
    "add_entry",
    "clean_text",
    "log_entries",
    "parse_points",
    "rescore",
    "revoke_entry",
    "unapplied_entries",
    "validate_entry",
]


#: 第六条: how a manual result was obtained.
METHODS = ("日常监督", "实地检查", "第三方评估", "年底综合评测", "资料审查")


#: what the office may write in the 模式 column (after NFKC and lower-casing)
_MODE_ALIASES = {
    "score": "score",
    "评分": "score",
    "人工评分": "score",
    "替换": "score",
    "adjust": "adjust",
    "调整": "adjust",
    "加减分": "adjust",
    "人工调整": "adjust",
}


@dataclass(frozen=True)
class ManualEntry:
    """A validated manual score (``mode="score"``) or adjustment (``"adjust"``)."""

    year: int
    unit: Unit
    indicator: str
    indicator_name: str
    max_points: float
    mode: str
    points: float
    method: str
    reason: str
    author: str


def clean_text(v: Any) -> str:
    return "" if v is None else unicodedata.normalize("NFKC", str(v)).strip()


def parse_points(v: Any) -> float | None:
    """A number from a cell or an option: ``5``, ``"-0.5"``, ``"＋１"``, ``"2分"``."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v) if v == v else None
    s = clean_text(v).replace("−", "-").removesuffix("分").strip()
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?", s):
        return None
    return float(s)


def validate_entry(
    ctx: Context,
    *,
    year: int,
    unit: str,
    indicator: str,
    mode: str,
    points: Any,
    method: str,
    reason: str,
    author: str,
) -> ManualEntry:
    """Check one entry against the units and the rubric of the unit's kind.

    A score lies in ``[0, max]``; an adjustment is non-zero with ``|points| <= max``; the
    method is one of :data:`METHODS`; reason and author are required. Raises
    :class:`ManualInputError` with a Chinese reason.
    """
    u = ctx.unit(clean_text(unit))
    if u is None:
        raise ManualInputError(f"未知单位“{clean_text(unit)}”（请填写单位代码或全称）")
    rubric = ctx.rubrics.get(u.kind)
    code = clean_text(indicator)
    ind = rubric.indicator(code) if rubric is not None else None
    if ind is None:
        raise ManualInputError(f"指标“{code}”不属于{u.name}适用的评分细则")
    m = _MODE_ALIASES.get(clean_text(mode).lower())
    if m is None:
        raise ManualInputError(f"模式应为“评分”（替换自动得分）或“调整”（加减分），实为“{mode}”")
    pts = parse_points(points)
    if pts is None:
        raise ManualInputError(f"分值“{clean_text(points)}”不是数字")
    if m == "score" and not 0 <= pts <= ind.points:
        raise ManualInputError(f"评分应在 0–{ind.points:g} 分之间，实为 {pts:g}")
    if m == "adjust" and (pts == 0 or abs(pts) > ind.points):
        raise ManualInputError(f"调整分值应为非零且绝对值不超过 {ind.points:g} 分，实为 {pts:g}")
    meth = clean_text(method)
    if meth not in METHODS:
        raise ManualInputError(
            f"考核方式应为{'、'.join(METHODS)}之一，实为“{meth}”" if meth else "缺少考核方式"
        )
    if not clean_text(reason):
        raise ManualInputError("缺少理由")
    if not clean_text(author):
        raise ManualInputError("缺少评分人")
    return ManualEntry(
        year=year,
        unit=u,
        indicator=code,
        indicator_name=ind.name,
        max_points=ind.points,
        mode=m,
        points=pts,
        method=meth,
        reason=clean_text(reason),
        author=clean_text(author),
    )


def add_entry(ctx: Context, entry: ManualEntry, source: str | None = None) -> tuple[int, bool]:
    """Append ``entry`` to the log; ``(id, created)`` — not created when ``source`` exists."""
    with ctx.session() as s:
        return manual.add_manual_score(
            s,
            year=entry.year,
            unit_code=entry.unit.code,
            indicator=entry.indicator,
            mode=entry.mode,
            points=entry.points,
            reason=entry.reason,
            author=entry.author,
            method=entry.method,
            source=source,
        )


def revoke_entry(ctx: Context, entry_id: int, *, reason: str, author: str) -> tuple[int, int]:
    """Append a revocation of entry ``entry_id``; returns ``(revocation id, year)``."""
    if not clean_text(reason):
        raise ManualInputError("撤销须说明理由")
    if not clean_text(author):
        raise ManualInputError("撤销须填写操作人")
    with ctx.session() as s:
        # RecordNotFound / RecordConflict (no such entry, already revoked) reach the caller
        new_id = manual.add_manual_revocation(
            s, target_id=entry_id, reason=clean_text(reason), author=clean_text(author)
        )
        target = s.get(ManualScore, entry_id)
        assert target is not None  # add_manual_revocation found it
        return new_id, int(target.year)


@dataclass(frozen=True)
class LogEntry:
    """One row of the manual log with its state, for display."""

    id: int
    created_at: datetime
    year: int
    unit_code: str
    unit_name: str
    indicator: str
    mode: str
    points: float
    method: str | None
    reason: str
    author: str
    source: str
    #: Chinese: 生效 / 已撤销（#n） / 已被 #n 取代 / 撤销 #n
    state: str
    in_force: bool


def log_entries(
    ctx: Context, year: int | None = None, unit: str | None = None, indicator: str | None = None
) -> list[LogEntry]:
    """The append-only log (oldest first), each entry with its state computed from the log."""
    unit_code = None
    if unit is not None:
        u = ctx.unit(unit)
        if u is None:
            raise ManualInputError(f"未知单位“{unit}”")
        unit_code = u.code
    names = {u.code: u.name for u in ctx.units}
    with ctx.session() as s:
        # states need the whole unit × indicator history, so filter after computing them
        log = manual.manual_log(s, year=year, unit_code=unit_code)
        states = manual_states(log)
        out = []
        for m in log:
            if indicator is not None and m.indicator != indicator:
                continue
            st = states[m.id]
            if m.mode == "revoke":
                text = f"撤销 #{revoke_target(m)}"
            elif st.revoked_by is not None:
                text = f"已撤销（#{st.revoked_by}）"
            elif st.superseded_by is not None:
                text = f"已被 #{st.superseded_by} 取代"
            else:
                text = "生效"
            out.append(
                LogEntry(
                    id=m.id,
                    created_at=m.created_at,
                    year=m.year,
                    unit_code=m.unit_code,
                    unit_name=names.get(m.unit_code, m.unit_code),
                    indicator=m.indicator,
                    mode=m.mode,
                    points=m.points,
                    method=m.method,
                    reason=m.reason,
                    author=m.author,
                    source=m.source,
                    state=text,
                    in_force=st.in_force,
                )
            )
    return out


def unapplied_entries(ctx: Context, year: int) -> int:
    """Manual log entries of ``year`` recorded after its last completed score run started.

    They are in the log but not in the score table yet (``manual add --no-rescore``): a report
    made now would silently leave them out, so the faces warn and say to re-score.
    """
    from sqlalchemy import func, select

    from storage.models import ManualScore, Run

    with ctx.session() as s:
        last = s.scalar(
            select(func.max(Run.started_at)).where(
                Run.year == year, Run.kind == "score", Run.status == "completed"
            )
        )
        stmt = select(func.count()).select_from(ManualScore).where(ManualScore.year == year)
        if last is not None:
            stmt = stmt.where(ManualScore.created_at > last)
        return int(s.scalar(stmt) or 0)


def rescore(ctx: Context, year: int) -> list[ScoreChange]:
    """Re-score ``year`` now (a recorded score run); the rows that changed (old → new)."""
    before = current_score_set_id(ctx, year)
    result = score_recorded(ctx, year)
    return diff_score_sets(ctx, before, int(result["score_set_id"]))
