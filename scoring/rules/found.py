"""``documents_found``: a qualifying document earns points; tiers, bonuses and deductions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from extractors.model import REVIEW_SUFFIX
from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, UnitFacts
from scoring.rules.facts import (
    doc_name,
    finding_refs,
    first_quoted,
    make_draft,
    quote_of,
    ref_to,
    scope_word,
    value_of,
    zh_date,
)
from scoring.rules.params import (
    COMMON,
    ParamError,
    Params,
    RuleSpec,
    check_common,
    check_require,
    check_weights,
    fmt_points,
)
from scoring.rules.require import (
    check_year,
    first_unmet,
    meets,
    requirements_zh,
    year_criteria,
    year_ok,
    zh_value,
)
from scoring.rules.survey import Survey, absent_draft

__all__ = ["SPEC"]


def _check_found(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(
        raw,
        (
            *COMMON,
            "label",
            "criteria",
            "points_if_found",
            "count_tiers",
            "bonus",
            "deductions",
            "require",
            "year_basis",
            "year_offset",
            "undated",
            "date_elements",
        ),
    )
    found = p.number("points_if_found", hi=points)
    tiers: list[dict[str, Any]] = []
    tiers_raw = raw.get("count_tiers", [])
    if not isinstance(tiers_raw, list):
        raise ParamError(("count_tiers",), "count_tiers 应为列表 [{min: 份数, points: 加分}]")
    for i, t in enumerate(tiers_raw):
        if not isinstance(t, Mapping):
            raise ParamError(("count_tiers", i), "每档应为 {min: 份数, points: 加分}")
        tp = Params(t, ("min", "points"))
        try:
            low, bonus = tp.number("min"), tp.number("points")
        except ParamError as e:
            raise ParamError(("count_tiers", i, *e.loc), e.message) from None
        if low != int(low) or low < 2:
            raise ParamError(("count_tiers", i, "min"), "min 应为不小于 2 的整数（份数）")
        if tiers and (low <= tiers[-1]["min"] or bonus < tiers[-1]["points"]):
            raise ParamError(("count_tiers", i), "各档应按份数从少到多、加分不减排列")
        tiers.append({"min": int(low), "points": bonus})
    bonuses: list[dict[str, Any]] = []
    b_raw = raw.get("bonus", [])
    if not isinstance(b_raw, list):
        raise ParamError(("bonus",), "bonus 应为列表 [{element, equals, points, label}]")
    for i, b in enumerate(b_raw):
        if not isinstance(b, Mapping):
            raise ParamError(("bonus", i), "每项应为 {element, equals, points, label}")
        bp = Params(b, ("element", "equals", "points", "label"))
        try:
            item = {
                "element": bp.string("element"),
                "equals": check_require({"equals": b.get("equals", True)})["equals"],
                "points": bp.number("points", hi=points),
                "label": bp.string("label"),
            }
        except ParamError as e:
            raise ParamError(("bonus", i, *e.loc[-1:]), e.message) from None
        bonuses.append(item)
    most = found + (tiers[-1]["points"] if tiers else 0) + sum(b["points"] for b in bonuses)
    if most > points + 1e-9:
        raise ParamError(
            ("bonus", len(bonuses) - 1)
            if bonuses
            else ("count_tiers", len(tiers) - 1)
            if tiers
            else ("points_if_found",),
            f"points_if_found、count_tiers 最高档与 bonus 之和 {fmt_points(most)} "
            f"超过本项分值 {fmt_points(points)}",
        )
    return {
        "label": p.string("label"),
        "criteria": p.string("criteria", ""),
        "points_if_found": found,
        "count_tiers": tiers,
        "bonus": bonuses,
        "deductions": check_weights(raw.get("deductions"), "deductions"),
        "require": check_require(raw.get("require")),
        **check_year(p, raw, ["document_date"]),
        **check_common(p, points, [], []),
    }


def _apply_found(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    label = p["label"]
    survey = Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[DocumentFacts, dt.date | None, str | None, str]] = []
    for doc in survey.candidates():
        day, el, rejected, note = year_ok(doc, facts, p, label)
        rejected = rejected or first_unmet(doc, p["require"])
        if rejected is not None:
            listed.append(rejected)
            continue
        counted.append((doc, day, el, note))
    req = requirements_zh(p["require"])
    criteria = p["criteria"] or "，".join(x for x in (year_criteria(p, facts), req) if x)
    if not counted:
        return absent_draft(ind, facts, survey, criteria, listed)

    def net(doc: DocumentFacts) -> float:
        gain = sum(
            b["points"] for b in p["bonus"] if meets(value_of(doc, b["element"]), b["equals"])
        )
        lost = sum(
            p["deductions"].get(str(f.get("code")), 0.0)
            for f in doc.findings
            if isinstance(f, Mapping) and not str(f.get("code")).endswith(REVIEW_SUFFIX)
        )
        return gain - lost

    # The best document decides (a second copy or an earlier draft cannot lower the score).
    counted.sort(key=lambda t: (-net(t[0]), t[1] or dt.date.max, t[0].key))
    best, day, el, note = counted[0]
    pts = p["points_if_found"]
    anchor = first_quoted(best, [*p["require"], el, "document_number", "document_date", "issuer"])
    when = f"（{zh_date(day)}）" if day is not None else ""
    evidence = [
        ref_to(
            best,
            f"{doc_name(best)}{when}：符合条件的{label}{note}",
            element=anchor,
            where=quote_of(best, anchor) if anchor else None,
            points=pts,
        )
    ]
    if el is not None and el != anchor:
        evidence.append(
            ref_to(best, f"{doc_name(best)}：日期", element=el, where=quote_of(best, el))
        )
    parts = [
        f"找到{len(counted)}份符合条件的{label}（{criteria}），据{doc_name(best)}得{fmt_points(pts)}分"
    ]
    tier = next((t for t in reversed(p["count_tiers"]) if len(counted) >= t["min"]), None)
    if tier is not None:
        pts += tier["points"]
        evidence.append(
            ref_to(
                best,
                f"符合条件的{label}共{len(counted)}份，达到{tier['min']}份档",
                points=tier["points"],
            )
        )
        parts.append(f"共{len(counted)}份，达到{tier['min']}份档，加{fmt_points(tier['points'])}分")
    elif p["count_tiers"]:
        parts.append(f"共{len(counted)}份，未达到{p['count_tiers'][0]['min']}份档，不加分")
    for b in p["bonus"]:
        v = value_of(best, b["element"])
        if meets(v, b["equals"]):
            pts += b["points"]
            evidence.append(
                ref_to(
                    best,
                    f"{doc_name(best)}：{b['label']}",
                    element=b["element"],
                    where=quote_of(best, b["element"]),
                    points=b["points"],
                )
            )
            parts.append(f"{b['label']}，加{fmt_points(b['points'])}分")
        else:
            evidence.append(
                ref_to(
                    best,
                    f"{doc_name(best)}：未能确认{b['label']}（识别结果：{zh_value(v)}），该项{fmt_points(b['points'])}分不得分",
                    element=b["element"],
                    where=quote_of(best, b["element"]),
                    points=0.0,
                )
            )
            parts.append(f"未能确认{b['label']}，该项{fmt_points(b['points'])}分不得分")
    frefs, lost = finding_refs(best, p["deductions"])
    evidence += frefs
    if lost:
        parts.append(f"发现问题{len([r for r in frefs if r.points])}处，扣{fmt_points(lost)}分")
    raw_pts = pts - lost
    pts = min(max(raw_pts, 0.0), ind.points)
    for doc, d2, _, _ in counted[1:]:
        when2 = f"（{zh_date(d2)}）" if d2 is not None else ""
        evidence.append(
            ref_to(doc, f"{doc_name(doc)}{when2}：符合条件的{label}（佐证，不重复计分）")
        )
    text = (
        "，".join(parts)
        + f"，得{fmt_points(pts)}分（{scope_word(ind)}满分{fmt_points(ind.points)}分）。"
    )
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份材料不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return make_draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


SPEC = RuleSpec(
    "documents_found",
    _check_found,
    _apply_found,
    "找到符合条件（年度、要素）的材料 → points_if_found，份数按档加分，要素达标加分，问题代码扣分",
)
