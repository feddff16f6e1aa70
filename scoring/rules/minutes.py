"""``minutes_discussed``: a meeting of the assessment year discussed disclosure work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, UnitFacts
from scoring.rules.facts import (
    doc_name,
    in_year,
    make_draft,
    quote_of,
    ref_to,
    scope_word,
    value_of,
    zh_date,
)
from scoring.rules.params import COMMON, Params, RuleSpec, check_common, fmt_points
from scoring.rules.survey import Survey, absent_draft

__all__ = ["SPEC"]


def _check_minutes(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(raw, (*COMMON, "points_if_found"))
    return {
        "points_if_found": p.number("points_if_found", hi=points),
        **check_common(p, points, ["meeting_minutes"], ["纪要", "会议"]),
    }


def _apply_minutes(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    survey = Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[dt.date, str, DocumentFacts]] = []
    for doc in survey.candidates():
        day, el, rejected = in_year(doc, facts.year, ("meeting_date", "document_date"), "会议日期")
        if rejected is not None or day is None or el is None:
            listed.append(rejected or ref_to(doc, f"{doc_name(doc)}：未计分"))
            continue
        if value_of(doc, "discusses_disclosure") is not True:
            listed.append(
                ref_to(
                    doc,
                    f"{doc_name(doc)}：{zh_date(day)}会议的议题和决定中未见政务公开工作，不计分",
                    element="discusses_disclosure",
                    where=quote_of(doc, "discusses_disclosure"),
                )
            )
            continue
        counted.append((day, el, doc))
    criteria = f"会议日期在{facts.year}年内且议题或决定涉及政务公开（政府信息公开）工作"
    if not counted:
        return absent_draft(ind, facts, survey, criteria, listed)

    counted.sort(key=lambda t: (t[0], t[2].key))
    evidence: list[EvidenceRef] = []
    for i, (day, el, doc) in enumerate(counted):
        fallback = "（纪要未写明会议日期，按落款日期）" if el == "document_date" else ""
        evidence.append(
            ref_to(
                doc,
                f"{doc_name(doc)}：{zh_date(day)}{fallback}会议研究政务公开工作"
                + ("" if i == 0 else "（佐证，不重复计分）"),
                element="discusses_disclosure",
                where=quote_of(doc, "discusses_disclosure"),
                points=p["points_if_found"] if i == 0 else None,
            )
        )
        evidence.append(
            ref_to(doc, f"{doc_name(doc)}：会议日期", element=el, where=quote_of(doc, el))
        )
    pts = p["points_if_found"]
    first_day, _, first = counted[0]
    text = (
        f"找到{len(counted)}份{facts.year}年度研究政务公开工作的会议纪要"
        f"（最早为{doc_name(first)}，{zh_date(first_day)}），会议纪要部分得{fmt_points(pts)}分"
        f"（{scope_word(ind)}满分{fmt_points(ind.points)}分）。"
    )
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份会议纪要不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return make_draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


SPEC = RuleSpec(
    "minutes_discussed",
    _check_minutes,
    _apply_minutes,
    "本年度会议纪要研究政务公开工作 → points_if_found",
)
