"""``reply_letters``: deductions per finding of each reply letter; optional annual-report check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from extractors.vocabulary import REPLY_FINDING_CODES
from scoring.model import EvidenceRef, Indicator, ScoreDraft, ScoreStatus, UnitFacts
from scoring.rules.crosscheck import CrossCheck, check_crosscheck, crosscheck
from scoring.rules.facts import date_of, doc_name, make_draft, quote_of, ref_to, zh_date
from scoring.rules.params import COMMON, ParamError, Params, RuleSpec, check_common, fmt_points
from scoring.rules.survey import Survey, absent_draft

__all__ = ["SPEC"]


def _check_replies(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(
        raw, (*COMMON, "deductions", "max_per_letter", "count_outside_year", "annual_report")
    )
    ded_raw = raw.get("deductions")
    if not isinstance(ded_raw, Mapping) or not ded_raw:
        raise ParamError(
            ("deductions",) if ded_raw is not None else (), "deductions 应为 {问题代码: 扣分} 映射"
        )
    deductions = {}
    try:
        dp = Params(ded_raw, REPLY_FINDING_CODES)
        for code in ded_raw:
            deductions[str(code)] = dp.number(str(code))
    except ParamError as e:
        raise ParamError(("deductions", *e.loc), e.message) from None
    out = {
        "deductions": deductions,
        "count_outside_year": p.boolean("count_outside_year", False),
        **check_common(p, points, ["reply_letter"], ["答复", "告知书"]),
    }
    if "annual_report" in raw:
        try:
            out["annual_report"] = check_crosscheck(raw["annual_report"])
        except ParamError as e:
            raise ParamError(("annual_report", *e.loc), e.message) from None
    if "max_per_letter" in raw:
        out["max_per_letter"] = p.number("max_per_letter")
    return out


def _apply_replies(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    survey = Survey.of(facts, p)
    weights: Mapping[str, float] = p["deductions"]
    cap_letter: float | None = p.get("max_per_letter")
    listed: list[EvidenceRef] = []
    evidence: list[EvidenceRef] = []
    letters = 0
    problems = 0
    deducted = 0.0
    capped_letters: list[str] = []
    for doc in survey.candidates():
        if not p["count_outside_year"]:
            day, el = date_of(doc, "reply_date", "document_date")
            if day is not None and day.year != facts.year:
                listed.append(
                    ref_to(
                        doc,
                        f"{doc_name(doc)}：答复日期{zh_date(day)}不在{facts.year}年度，不计分",
                        element=el,
                        where=quote_of(doc, el or ""),
                    )
                )
                continue
        letters += 1
        findings = [f for f in doc.findings if isinstance(f, Mapping)]
        if not findings:
            anchor = next(
                (e for e in ("document_number", "reply_date", "document_date") if quote_of(doc, e)),
                None,
            )
            evidence.append(
                ref_to(
                    doc,
                    f"{doc_name(doc)}：未发现问题",
                    element=anchor,
                    where=quote_of(doc, anchor) if anchor else None,
                    points=0.0,
                )
            )
            continue
        letter_sum = 0.0
        for f in findings:
            code = str(f.get("code", ""))
            w = weights.get(code)
            message = str(f.get("message") or code)
            note = f"{doc_name(doc)}：{message}"
            if w is None:
                note += "（本细则未设定该问题的扣分，不扣分）"
            ev = f.get("evidence")
            where = ev[0] if isinstance(ev, list) and ev and isinstance(ev[0], Mapping) else None
            evidence.append(ref_to(doc, note, finding=code, where=where, points=-(w or 0.0)))
            letter_sum += w or 0.0
            problems += 1
        if cap_letter is not None and letter_sum > cap_letter:
            capped_letters.append(
                f"{doc_name(doc)}（{fmt_points(letter_sum)}分计{fmt_points(cap_letter)}分）"
            )
            letter_sum = cap_letter
        deducted += letter_sum
    criteria = "全部答复书（含告知书）" + (
        "" if p["count_outside_year"] else f"，答复日期在{facts.year}年内"
    )
    if letters == 0:
        return absent_draft(ind, facts, survey, criteria, listed)

    deducted = round(deducted, 2)
    report = (
        crosscheck(p["annual_report"], facts, survey.candidates())
        if p.get("annual_report")
        else CrossCheck()
    )
    total = round(deducted + report.deducted, 2)
    pts = max(0.0, ind.points - total)
    text = f"审查{letters}份答复书，发现问题{problems}处"
    if capped_letters:
        text += (
            f"（单份答复书扣分以{fmt_points(cap_letter or 0)}分为限：{'、'.join(capped_letters)}）"
        )
    text += f"，扣{fmt_points(deducted)}分"
    if report.deducted:
        text += f"；核对年度报告扣{fmt_points(report.deducted)}分，合计扣{fmt_points(total)}分"
    if total > ind.points:
        text += f"，超过本项满分，按{fmt_points(ind.points)}分封顶"
    text += f"，得{fmt_points(pts)}分。"
    text += report.text
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份答复书不在本考核年度，未计分。"
    cands = survey.unreadable_candidates()
    status: ScoreStatus = "auto"
    points: float | None = pts
    refs = [*evidence, *listed, *report.refs, *survey.side_refs()]
    if cands:
        # Any unread letter can only deduct: the automatic total is an upper bound, not a score.
        status, points = "pending_manual", None
        text = (
            f"可读取的答复书自动计分为{fmt_points(pts)}分，但有{len(cands)}份可能为答复书的文件"
            f"无法读取，需人工核定后评分。" + text
        )
        refs.append(survey.searched("可能为答复书但无法读取的文件", criteria))
    text += survey.side_notes()
    return make_draft(ind, facts, points, status, text, refs)


# ------------------------------------------------------------- declared items of evidence


SPEC = RuleSpec(
    "reply_letters",
    _check_replies,
    _apply_replies,
    "逐份答复书按问题代码扣分（deductions），以本项分值封顶",
)
