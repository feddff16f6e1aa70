"""Score one unit: every indicator of its rubric by its rule, then recorded manual scores.

Manual scores (``UnitFacts.manual``, newest last) decide over the rule:

* ``mode: score`` replaces the points; the newest such record wins and supersedes every record
  before it (an earlier adjustment was made against a score that no longer stands);
* ``mode: adjust`` adds its (signed) points to the base — the newest manual score, else the
  automatic points; an adjustment with no base (a ``pending_manual`` indicator) cannot apply
  and leaves the row pending, saying so.

The result is clamped to ``[0, max_points]`` (and says so); the row's status is ``manual`` and
``auto_points`` keeps the rule's verdict. Every record is listed as an EvidenceRef note with its
method, reason, author and time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from kaohe.errors import ConfigError
from scoring.model import EvidenceRef, ScoreDraft, UnitFacts
from scoring.rubric import Rubric
from scoring.rules import RULES, fmt_points

__all__ = ["apply_manual", "score_unit"]


def score_unit(facts: UnitFacts, rubric: Rubric) -> list[ScoreDraft]:
    """One draft per indicator of the unit's kind, in rubric order."""
    if facts.kind != rubric.kind:
        raise ConfigError(
            f"单位 {facts.unit_code} 的类型为 {facts.kind}，不能按 {rubric.kind} 评分细则评分"
        )
    manual: dict[str, list[Mapping[str, Any]]] = {}
    for entry in facts.manual:
        manual.setdefault(str(entry.get("indicator")), []).append(entry)
    drafts = []
    for ind in rubric.indicators:
        draft = RULES[ind.rule].apply(ind, facts)
        drafts.append(apply_manual(draft, manual.get(ind.code, ())))
    return drafts


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float) or v != v:
        return None
    return float(v)


def _describe(entry: Mapping[str, Any]) -> str:
    parts = [
        f"{label}：{entry[key]}"
        for key, label in (
            ("method", "方式"),
            ("reason", "理由"),
            ("author", "评分人"),
            ("created_at", "记录时间"),
        )
        if entry.get(key) not in (None, "")
    ]
    return f"（{'；'.join(parts)}）" if parts else ""


def apply_manual(draft: ScoreDraft, entries: Sequence[Mapping[str, Any]]) -> ScoreDraft:
    """``draft`` with the manual records of its indicator applied (unchanged if none)."""
    valid: list[tuple[str, float, Mapping[str, Any]]] = []
    notes: list[EvidenceRef] = []
    for e in entries:
        mode, pts = e.get("mode"), _number(e.get("points"))
        if mode not in ("score", "adjust") or pts is None:
            notes.append(
                EvidenceRef(note=f"无效的人工评分记录（编号{e.get('id')}），已忽略{_describe(e)}")
            )
            continue
        valid.append((str(mode), pts, e))
    if not valid:
        return replace(draft, evidence=(*draft.evidence, *notes)) if notes else draft

    last_score = max((i for i, (m, _, _) in enumerate(valid) if m == "score"), default=None)
    base = valid[last_score][1] if last_score is not None else draft.points
    said: list[str] = []
    total_adjust = 0.0
    for i, (mode, pts, e) in enumerate(valid):
        desc = _describe(e)
        if last_score is not None and i < last_score:
            what = f"人工评分{fmt_points(pts)}分" if mode == "score" else f"人工调整{pts:+g}分"
            notes.append(EvidenceRef(note=f"{what}{desc}：已被之后的人工评分取代"))
        elif mode == "score":
            notes.append(EvidenceRef(note=f"人工评分：{fmt_points(pts)}分{desc}", points=pts))
            said.append(f"人工评分{fmt_points(pts)}分{desc}")
        else:
            total_adjust += pts
            notes.append(EvidenceRef(note=f"人工调整：{pts:+g}分{desc}", points=pts))
            said.append(f"人工调整{pts:+g}分{desc}")

    auto = draft.points
    auto_text = f"{fmt_points(auto)}分" if auto is not None else "待人工评分"
    if base is None:
        return replace(
            draft,
            explanation=(
                f"已记录{'；'.join(said)}，但本项尚无可调整的分数（自动评分：{auto_text}），"
                f"请先录入人工评分（mode=score）。{draft.explanation}"
            ),
            evidence=(*draft.evidence, *notes),
        )
    raw = base + total_adjust
    final = round(min(max(raw, 0.0), draft.max_points), 2)
    text = f"{'；'.join(said)}，最终得{fmt_points(final)}分"
    if abs(final - raw) > 1e-9:
        text += (
            f"（计算值{fmt_points(raw)}分超出0–{fmt_points(draft.max_points)}分范围，"
            f"按{fmt_points(final)}分计）"
        )
    text += f"。自动评分：{auto_text}。自动评分说明：{draft.explanation}"
    return replace(
        draft,
        points=final,
        status="manual",
        auto_points=auto,
        explanation=text,
        evidence=(*draft.evidence, *notes),
    )
