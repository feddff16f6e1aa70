"""``training_held``: disclosure training held in the assessment year, bonus by attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, UnitFacts
from scoring.rules.facts import (
    count_of,
    doc_name,
    in_year,
    make_draft,
    quote_of,
    ref_to,
    scope_word,
    value_of,
    zh_date,
)
from scoring.rules.params import COMMON, ParamError, Params, RuleSpec, check_common, fmt_points
from scoring.rules.survey import Survey, absent_draft

__all__ = ["SPEC"]


def _check_training(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(raw, (*COMMON, "points_if_held", "participant_tiers"))
    held = p.number("points_if_held", hi=points)
    tiers_raw = raw.get("participant_tiers", [])
    if not isinstance(tiers_raw, list):
        raise ParamError(("participant_tiers",), "participant_tiers 应为列表 [{min, points}]")
    tiers: list[dict[str, Any]] = []
    for i, t in enumerate(tiers_raw):
        if not isinstance(t, Mapping):
            raise ParamError(("participant_tiers", i), "每档应为 {min: 人数, points: 加分}")
        tp = Params(t, ("min", "points"))
        try:
            low = tp.number("min")
            bonus = tp.number("points")
        except ParamError as e:
            raise ParamError(("participant_tiers", i, *e.loc), e.message) from None
        if low != int(low) or low < 1:
            raise ParamError(("participant_tiers", i, "min"), "min 应为正整数（参训人数）")
        if tiers and low <= tiers[-1]["min"]:
            raise ParamError(("participant_tiers", i, "min"), "各档 min 应按人数从少到多排列")
        tiers.append({"min": int(low), "points": bonus})
    best = max((t["points"] for t in tiers), default=0.0)
    if held + best > points + 1e-9:
        raise ParamError(
            ("participant_tiers",) if tiers else ("points_if_held",),
            f"points_if_held 与最高一档加分之和 {fmt_points(held + best)} "
            f"超过本项分值 {fmt_points(points)}",
        )
    return {
        "points_if_held": held,
        "participant_tiers": tiers,
        **check_common(p, points, ["training_record"], ["培训", "签到"]),
    }


def _apply_training(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    survey = Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[dt.date, DocumentFacts]] = []
    for doc in survey.candidates():
        day, _el, rejected = in_year(
            doc, facts.year, ("training_date", "document_date"), "培训日期"
        )
        if rejected is not None or day is None:
            listed.append(rejected or ref_to(doc, f"{doc_name(doc)}：未计分"))
            continue
        if value_of(doc, "covers_disclosure") is not True:
            listed.append(
                ref_to(
                    doc,
                    f"{doc_name(doc)}：{zh_date(day)}培训内容未涉及政务公开（政府信息公开），不计分",
                    element="covers_disclosure",
                    where=quote_of(doc, "covers_disclosure"),
                )
            )
            continue
        counted.append((day, doc))
    criteria = f"培训日期在{facts.year}年内且培训内容包括政务公开（政府信息公开）"
    if not counted:
        return absent_draft(ind, facts, survey, criteria, listed)

    counted.sort(key=lambda t: (t[0], t[1].key))
    # A notice and a sign-in sheet of one training are two documents of one event: one
    # training per date, its attendance the largest count any of its documents states.
    per_day: dict[dt.date, tuple[int | None, DocumentFacts]] = {}
    evidence: list[EvidenceRef] = []
    for i, (day, doc) in enumerate(counted):
        n = count_of(value_of(doc, "participant_count"))
        prev = per_day.get(day)
        if prev is None or (n is not None and (prev[0] is None or n > prev[0])):
            per_day[day] = (n, doc)
        people = f"，参训{n}人" if n is not None else "，未识别出参训人数"
        evidence.append(
            ref_to(
                doc,
                f"{doc_name(doc)}：{zh_date(day)}举办政务公开业务培训{people}",
                element="covers_disclosure",
                where=quote_of(doc, "covers_disclosure"),
                points=p["points_if_held"] if i == 0 else None,
            )
        )
        if n is not None:
            evidence.append(
                ref_to(
                    doc,
                    f"{doc_name(doc)}：参训人数{n}人",
                    element="participant_count",
                    where=quote_of(doc, "participant_count"),
                )
            )
    total = sum(n or 0 for n, _ in per_day.values())
    tier = next((t for t in reversed(p["participant_tiers"]) if total >= t["min"]), None)
    pts = p["points_if_held"]
    text = (
        f"{facts.year}年度举办政务公开业务培训{len(per_day)}次（{len(counted)}份材料），"
        f"举办培训得{fmt_points(pts)}分"
    )
    if p["participant_tiers"]:
        text += f"；参训合计{total}人（同一日期的多份材料按人数最多者计一次）"
        if tier is not None:
            pts += tier["points"]
            text += f"，达到{tier['min']}人档，加{fmt_points(tier['points'])}分"
            _, top_doc = max(per_day.values(), key=lambda t: t[0] or 0)
            evidence.append(
                ref_to(
                    top_doc,
                    f"参训合计{total}人，达到{tier['min']}人档",
                    element="participant_count",
                    where=quote_of(top_doc, "participant_count"),
                    points=tier["points"],
                )
            )
        else:
            text += f"，未达到{p['participant_tiers'][0]['min']}人档，不加分"
    pts = min(pts, ind.points)
    text += f"，合计{fmt_points(pts)}分（{scope_word(ind)}满分{fmt_points(ind.points)}分）。"
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份培训材料不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return make_draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


SPEC = RuleSpec(
    "training_held",
    _check_training,
    _apply_training,
    "本年度举办政务公开业务培训 → points_if_held，参训人数按档加分",
)
