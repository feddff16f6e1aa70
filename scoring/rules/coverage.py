"""``coverage``: the items (columns, functions, steps) a document lists, each worth its points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, UnitFacts
from scoring.rules.facts import (
    doc_name,
    element_of,
    make_draft,
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
    fmt_points,
)
from scoring.rules.require import (
    check_year,
    first_unmet,
    requirements_zh,
    year_criteria,
    year_ok,
)
from scoring.rules.survey import Survey, absent_draft

__all__ = ["SPEC"]


def _check_coverage(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(
        raw,
        (
            *COMMON,
            "label",
            "element",
            "items",
            "missing_finding",
            "require",
            "year_basis",
            "year_offset",
            "undated",
            "date_elements",
        ),
    )
    items_raw = raw.get("items")
    if not isinstance(items_raw, Mapping) or not items_raw:
        raise ParamError(
            ("items",) if items_raw is not None else (), "items 应为 {项目名称: 分值} 映射"
        )
    items: dict[str, float] = {}
    ip = Params(items_raw, [str(k) for k in items_raw])
    for name in items_raw:
        try:
            items[str(name)] = ip.number(str(name))
        except ParamError as e:
            raise ParamError(("items", *e.loc), e.message) from None
    if abs(sum(items.values()) - points) > 1e-6:
        raise ParamError(
            ("items",),
            f"各项目分值合计 {fmt_points(sum(items.values()))} 分，应等于本项（部分）分值 "
            f"{fmt_points(points)} 分（缺一项扣该项分值）",
        )
    out = {
        "label": p.string("label"),
        "element": p.string("element"),
        "items": items,
        "missing_finding": p.string("missing_finding", ""),
        "require": check_require(raw.get("require")),
        **check_year(p, raw, ["document_date"]),
        **check_common(p, points, [], []),
    }
    return out


def _apply_coverage(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    label, items = p["label"], p["items"]
    survey = Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[DocumentFacts, dt.date | None, str]] = []
    for doc in survey.candidates():
        day, _el, rejected, note = year_ok(doc, facts, p, label)
        rejected = rejected or first_unmet(doc, p["require"])
        if rejected is not None:
            listed.append(rejected)
            continue
        counted.append((doc, day, note))
    req = requirements_zh(p["require"])
    criteria = "，".join(x for x in (year_criteria(p, facts), req) if x)
    if not counted:
        return absent_draft(ind, facts, survey, criteria, listed)

    def present(doc: DocumentFacts) -> list[str]:
        v = value_of(doc, p["element"])
        return [str(x) for x in v] if isinstance(v, list) else []

    def got(doc: DocumentFacts) -> float:
        have = present(doc)
        return sum(w for name, w in items.items() if name in have)

    # The most complete document decides; the newest breaks a tie (a later snapshot is current).
    counted.sort(key=lambda t: (-got(t[0]), -(t[1] or dt.date.min).toordinal(), t[0].key))
    best, day, note = counted[0]
    have = present(best)
    quotes = element_of(best, p["element"]).get("evidence")
    quotes = quotes if isinstance(quotes, list) else []
    finding = next(
        (
            f
            for f in best.findings
            if isinstance(f, Mapping) and f.get("code") == p["missing_finding"]
        ),
        None,
    )
    evidence: list[EvidenceRef] = []
    lost = 0.0
    missing: list[str] = []
    for name, w in items.items():
        if name in have:
            i = have.index(name)
            where = quotes[i] if i < len(quotes) and isinstance(quotes[i], Mapping) else None
            evidence.append(
                ref_to(best, f"{doc_name(best)}：具备“{name}”", element=p["element"], where=where)
            )
            continue
        missing.append(name)
        lost += w
        if finding is not None:
            ev = finding.get("evidence")
            where = ev[0] if isinstance(ev, list) and ev and isinstance(ev[0], Mapping) else None
            evidence.append(
                ref_to(
                    best,
                    f"{doc_name(best)}：缺少“{name}”，扣{fmt_points(w)}分（{finding.get('message')}）",
                    finding=str(finding.get("code")),
                    where=where,
                    points=-w,
                )
            )
        else:
            evidence.append(
                ref_to(
                    best,
                    f"{doc_name(best)}：未找到“{name}”，扣{fmt_points(w)}分",
                    element=p["element"],
                    points=-w,
                )
            )
    pts = max(ind.points - lost, 0.0)
    when = f"（{zh_date(day)}）" if day is not None else note
    text = (
        f"依据{doc_name(best)}{when}核对{label}应具备的{len(items)}项："
        f"具备{len(items) - len(missing)}项"
    )
    if missing:
        text += f"，缺少{len(missing)}项（{'、'.join(missing)}），扣{fmt_points(lost)}分"
    text += f"，得{fmt_points(pts)}分（{scope_word(ind)}满分{fmt_points(ind.points)}分）。"
    for doc, d2, _ in counted[1:]:
        when2 = f"（{zh_date(d2)}）" if d2 is not None else ""
        evidence.append(
            ref_to(doc, f"{doc_name(doc)}{when2}：另一份{label}材料，未采用（按最完整的一份计分）")
        )
    if len(counted) > 1:
        text += f"另有{len(counted) - 1}份同类材料，按最完整的一份计分。"
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份材料不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return make_draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


# ----------------------------------------------------------------------- composite rule


SPEC = RuleSpec(
    "coverage",
    _check_coverage,
    _apply_coverage,
    "材料列明的项目（栏目、功能、环节）逐项计分，缺一项扣该项分值",
)
