"""Scoring rules: small functions from one unit's persisted extractions to one :class:`ScoreDraft`.

A rule is registered in :data:`RULES` under the name a rubric declares (``rule: reply_letters``)
with two functions: ``check(params, points)`` validates the rubric params (raising
:class:`ParamError` with the offending sub-path) and returns them with defaults filled in;
``apply(indicator, facts)`` scores. Rules read only ``DocumentFacts`` (the contract JSON of each
current document version) and never do IO.

Principles shared by every rule:

* nothing is silently zero: when the evidence is missing the rubric's ``absent`` decides
  (``pending_manual`` with null points by default), and the draft carries a ``searched``
  EvidenceRef saying what was looked for and in how many documents;
* documents that could not be read (``error``/``no_text``) or are not extracted yet (``pending``)
  are counted in every explanation; when their file name suggests they are this indicator's
  material (``key_hints``) they are named, and a verdict they could change is left to a person;
* the same bytes uploaded under two keys count once;
* every point added or deducted is an EvidenceRef with the document version, element or finding
  and its quote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from extractors.classify import DOC_TYPES  # the output contract's doc types
from scoring.model import DocumentFacts, EvidenceRef, ScoreDraft, ScoreStatus, UnitFacts

if TYPE_CHECKING:
    from scoring.rubric import Indicator

__all__ = [
    "DOC_TYPES",
    "REPLY_FINDING_CODES",
    "RULES",
    "SCORING_VERSION",
    "ParamError",
    "RuleSpec",
    "fmt_points",
]

#: Bumped whenever a rule's behaviour changes: part of every score set's ``rules_hash``.
SCORING_VERSION = "2"


#: Reply-letter finding codes a rubric may weigh (contract v1, plus ``calendar_unknown``).
REPLY_FINDING_CODES = (
    "late_reply",
    "missing_received_date",
    "missing_legal_basis",
    "cites_repealed_provision",
    "missing_remedy",
    "remedy_one_channel",
    "remedy_litigation_period_outdated",
    "remedy_wrong_reconsideration_body",
    "calendar_unknown",
)

_UNREADABLE_REASON = {
    "no_text": "无文字层（扫描件或图片），未能识别文字",
    "pending": "尚未完成抽取",
}


class ParamError(Exception):
    """Invalid rule params; ``loc`` is the path inside ``params`` (for the line number)."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: params validation and the scoring function."""

    name: str
    check: Callable[[Mapping[str, Any], float], dict[str, Any]]
    apply: Callable[[Indicator, UnitFacts], ScoreDraft]
    #: one-line Chinese description, for documentation and error messages
    summary: str = ""


def fmt_points(x: float) -> str:
    """``4.0`` → ``4``, ``1.5`` → ``1.5``."""
    return f"{round(x, 2):g}"


# ------------------------------------------------------------------------- params checks

_MISSING: Any = object()


class _Params:
    """Typed access to a params mapping; every problem raises ParamError with its path."""

    def __init__(self, raw: Mapping[str, Any], allowed: Iterable[str]) -> None:
        self.raw = raw
        allowed = set(allowed)
        for key in raw:
            if key not in allowed:
                raise ParamError(
                    (str(key),), f"未知参数 {key}（允许：{'、'.join(sorted(allowed))}）"
                )

    def number(self, key: str, default: Any = _MISSING, *, hi: float | None = None) -> float:
        if key not in self.raw:
            if default is _MISSING:
                raise ParamError((), f"缺少参数 {key}")
            return float(default)
        v = self.raw[key]
        if isinstance(v, bool) or not isinstance(v, int | float) or v != v or v < 0:
            raise ParamError((key,), f"{key} 应为不小于 0 的数，实为 {v!r}")
        if hi is not None and v > hi:
            raise ParamError((key,), f"{key} 为 {v:g}，超过本项分值 {hi:g}")
        return float(v)

    def string(self, key: str, default: Any = _MISSING) -> str:
        if key not in self.raw:
            if default is _MISSING:
                raise ParamError((), f"缺少参数 {key}")
            return str(default)
        v = self.raw[key]
        if not isinstance(v, str) or not v.strip():
            raise ParamError((key,), f"{key} 应为非空文字")
        return v.strip()

    def boolean(self, key: str, default: bool) -> bool:
        v = self.raw.get(key, default)
        if not isinstance(v, bool):
            raise ParamError((key,), f"{key} 应为 true 或 false，实为 {v!r}")
        return v

    def strings(self, key: str, default: Sequence[str]) -> list[str]:
        v = self.raw.get(key, list(default))
        if not isinstance(v, list) or not all(isinstance(s, str) and s.strip() for s in v):
            raise ParamError((key,), f"{key} 应为文字列表")
        return [s.strip() for s in v]

    def doc_types(self, default: Sequence[str]) -> list[str]:
        types = self.strings("doc_types", default)
        for i, t in enumerate(types):
            if t not in DOC_TYPES:
                raise ParamError(
                    ("doc_types", i), f"未知的文档类型 {t}（可用：{'、'.join(DOC_TYPES)}）"
                )
        if not types:
            raise ParamError(("doc_types",), "doc_types 不能为空")
        return types

    def absent(self, points: float) -> dict[str, Any]:
        v = self.raw.get("absent")
        if v is None:
            raise ParamError((), "缺少参数 absent（未找到材料时的处理：status 与 explanation）")
        if not isinstance(v, Mapping):
            raise ParamError(("absent",), "absent 应为映射 {status, explanation[, points]}")
        for key in v:
            if key not in ("status", "explanation", "points"):
                raise ParamError(("absent", str(key)), f"absent 中未知的键 {key}")
        status = v.get("status")
        if status not in ("pending_manual", "auto"):
            raise ParamError(
                ("absent", "status"), f"absent.status 应为 pending_manual 或 auto，实为 {status!r}"
            )
        text = v.get("explanation")
        if not isinstance(text, str) or not text.strip():
            raise ParamError(("absent", "explanation"), "absent.explanation 应为非空文字")
        out: dict[str, Any] = {"status": status, "explanation": text.strip()}
        if status == "auto":
            sub = _Params(v, ("status", "explanation", "points"))
            try:
                out["points"] = sub.number("points", 0, hi=points)
            except ParamError as e:
                raise ParamError(("absent", *e.loc), e.message) from None
        elif "points" in v:
            raise ParamError(
                ("absent", "points"), "absent.status 为 pending_manual 时不应设 points"
            )
        return out


_COMMON = ("doc_types", "key_hints", "absent", "not_covered")


def _check_common(
    p: _Params, points: float, doc_types: Sequence[str], hints: Sequence[str]
) -> dict[str, Any]:
    return {
        "doc_types": p.doc_types(doc_types),
        "key_hints": p.strings("key_hints", hints),
        "absent": p.absent(points),
        "not_covered": p.string("not_covered", ""),
    }


def _check_minutes(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = _Params(raw, (*_COMMON, "points_if_found"))
    return {
        "points_if_found": p.number("points_if_found", hi=points),
        **_check_common(p, points, ["meeting_minutes"], ["纪要", "会议"]),
    }


def _check_training(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = _Params(raw, (*_COMMON, "points_if_held", "participant_tiers"))
    held = p.number("points_if_held", hi=points)
    tiers_raw = raw.get("participant_tiers", [])
    if not isinstance(tiers_raw, list):
        raise ParamError(("participant_tiers",), "participant_tiers 应为列表 [{min, points}]")
    tiers: list[dict[str, Any]] = []
    for i, t in enumerate(tiers_raw):
        if not isinstance(t, Mapping):
            raise ParamError(("participant_tiers", i), "每档应为 {min: 人数, points: 加分}")
        tp = _Params(t, ("min", "points"))
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
        **_check_common(p, points, ["training_record"], ["培训", "签到"]),
    }


def _check_replies(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = _Params(
        raw, (*_COMMON, "deductions", "max_per_letter", "count_outside_year", "annual_report")
    )
    ded_raw = raw.get("deductions")
    if not isinstance(ded_raw, Mapping) or not ded_raw:
        raise ParamError(
            ("deductions",) if ded_raw is not None else (), "deductions 应为 {问题代码: 扣分} 映射"
        )
    deductions = {}
    try:
        dp = _Params(ded_raw, REPLY_FINDING_CODES)
        for code in ded_raw:
            deductions[str(code)] = dp.number(str(code))
    except ParamError as e:
        raise ParamError(("deductions", *e.loc), e.message) from None
    out = {
        "deductions": deductions,
        "count_outside_year": p.boolean("count_outside_year", False),
        **_check_common(p, points, ["reply_letter"], ["答复", "告知书"]),
    }
    if "annual_report" in raw:
        try:
            out["annual_report"] = _check_crosscheck(raw["annual_report"])
        except ParamError as e:
            raise ParamError(("annual_report", *e.loc), e.message) from None
    if "max_per_letter" in raw:
        out["max_per_letter"] = p.number("max_per_letter")
    return out


def _check_manual(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = _Params(raw, ("reason",))
    return {"reason": p.string("reason", "本项暂无自动评分规则")}


# ------------------------------------------------------------------------ fact helpers


def _element(doc: DocumentFacts, name: str) -> Mapping[str, Any]:
    el = doc.elements.get(name)
    return el if isinstance(el, Mapping) else {}


def _value(doc: DocumentFacts, name: str) -> Any:
    return _element(doc, name).get("value")


def _quote(doc: DocumentFacts, name: str) -> Mapping[str, Any] | None:
    ev = _element(doc, name).get("evidence")
    if isinstance(ev, list) and ev and isinstance(ev[0], Mapping):
        return ev[0]
    return None


def _date(doc: DocumentFacts, *names: str) -> tuple[dt.date | None, str | None]:
    """The first of ``names`` holding an ISO date, and which one it was."""
    for name in names:
        v = _value(doc, name)
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v[:10]), name
            except ValueError:
                continue
    return None, None


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None


def _zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _name(doc: DocumentFacts) -> str:
    return doc.key.rstrip("/").rsplit("/", 1)[-1] or doc.key


def _ref(
    doc: DocumentFacts,
    note: str,
    *,
    element: str | None = None,
    finding: str | None = None,
    where: Mapping[str, Any] | None = None,
    points: float | None = None,
) -> EvidenceRef:
    where = where or {}
    page, para, quote = where.get("page"), where.get("paragraph"), where.get("quote")
    return EvidenceRef(
        note=note,
        object_version_id=doc.object_version_id,
        extraction_id=doc.extraction_id,
        element=element,
        finding_code=finding,
        quote=quote if isinstance(quote, str) else None,
        page=page if isinstance(page, int) else None,
        paragraph=para if isinstance(para, int) else None,
        points=None if points is None else round(points, 2),
    )


@dataclass
class _Survey:
    """One unit's documents as a rule sees them (deduplicated by content)."""

    facts: UnitFacts
    params: Mapping[str, Any]
    readable: list[DocumentFacts] = field(default_factory=list)
    unreadable: list[DocumentFacts] = field(default_factory=list)

    @classmethod
    def of(cls, facts: UnitFacts, params: Mapping[str, Any]) -> _Survey:
        s = cls(facts, params)
        seen: set[str] = set()
        for doc in sorted(facts.documents, key=lambda d: d.key):
            if doc.sha256 and doc.sha256 in seen:
                continue  # the same bytes under a second key are one document
            if doc.sha256:
                seen.add(doc.sha256)
            (s.readable if doc.status == "ok" else s.unreadable).append(doc)
        return s

    @property
    def doc_types(self) -> list[str]:
        return list(self.params["doc_types"])

    def _hinted(self, doc: DocumentFacts) -> bool:
        # the file name only: a folder such as 依申请公开/ also holds 申请表 and the like
        return any(h in _name(doc) for h in self.params["key_hints"])

    def candidates(self) -> list[DocumentFacts]:
        return [d for d in self.readable if d.doc_type in self.doc_types]

    def unreadable_candidates(self) -> list[DocumentFacts]:
        """Unreadable documents that may be this indicator's material (type or file name)."""
        return [
            d
            for d in self.unreadable
            if d.doc_type in self.doc_types or (d.doc_type in (None, "other") and self._hinted(d))
        ]

    def unrecognised(self) -> list[DocumentFacts]:
        """Readable documents typed ``other`` whose file name suggests this material."""
        return [d for d in self.readable if d.doc_type == "other" and self._hinted(d)]

    def searched(self, note: str, criteria: str) -> EvidenceRef:
        f = self.facts
        return EvidenceRef(
            note=note,
            searched={
                "prefix": f"{f.year}/{f.unit_code}/",
                "doc_types": self.doc_types,
                "documents_examined": len(self.readable) + len(self.unreadable),
                "documents_of_type": len(self.candidates()),
                "unreadable": [d.key for d in self.unreadable],
                "criteria": criteria,
            },
        )

    def side_refs(self) -> list[EvidenceRef]:
        """Refs for the documents this indicator could not use."""
        refs = []
        for d in self.unreadable_candidates():
            if d.extraction_id is not None:
                refs.append(_ref(d, f"{_name(d)}：{_unreadable_reason(d)}，无法读取，未计分"))
        for d in self.unrecognised():
            refs.append(
                _ref(d, f"{_name(d)}：文件名显示可能为本项材料，但未识别为{self._label()}，未计分")
            )
        return refs

    def side_notes(self) -> str:
        """Explanation sentences for unreadable and unrecognised documents ('' if none)."""
        out = []
        if self.unreadable:
            cands = self.unreadable_candidates()
            s = f"本单位另有{len(self.unreadable)}份文件无法读取或尚未抽取"
            if cands:
                names = "、".join(f"{_name(d)}（{_unreadable_reason(d)}）" for d in cands)
                s += f"，其中{len(cands)}份按文件名或类型判断可能为本项材料，未计分：{names}"
            out.append(s + "。")
        if unrec := self.unrecognised():
            names = "、".join(_name(d) for d in unrec)
            out.append(
                f"另有{len(unrec)}份文件名显示可能为本项材料但未识别为{self._label()}，未计分：{names}。"
            )
        return "".join(out)

    def _label(self) -> str:
        return "、".join(_TYPE_ZH.get(t, t) for t in self.doc_types)


_TYPE_ZH = {
    "reply_letter": "答复书",
    "meeting_minutes": "会议纪要",
    "training_record": "培训记录",
    "work_plan": "工作要点",
    "implementation_plan": "实施方案",
    "annual_report": "年度报告",
    "leader_instruction": "领导批示",
    "policy_interpretation": "政策解读",
    "system_document": "制度文件",
    "press_conference": "新闻发布会记录",
    "website_snapshot": "网站截图",
    "other": "其他材料",
}


def _unreadable_reason(doc: DocumentFacts) -> str:
    if doc.status == "error":
        return f"读取失败：{doc.error}" if doc.error else "读取失败"
    return _UNREADABLE_REASON.get(doc.status, f"状态 {doc.status}")


def _draft(
    ind: Indicator,
    facts: UnitFacts,
    points: float | None,
    status: ScoreStatus,
    explanation: str,
    evidence: Sequence[EvidenceRef],
) -> ScoreDraft:
    return ScoreDraft(
        unit_code=facts.unit_code,
        indicator=ind.code,
        indicator_name=ind.name,
        points=None if points is None else round(points, 2),
        max_points=ind.points,
        status=status,
        rule=ind.rule,
        explanation=explanation,
        evidence=tuple(evidence),
    )


def _absent(
    ind: Indicator,
    facts: UnitFacts,
    survey: _Survey,
    criteria: str,
    listed: Sequence[EvidenceRef],
) -> ScoreDraft:
    """The rubric's ``absent`` verdict, with what was searched and what could not be used."""
    absent = ind.params["absent"]
    cands = survey.unreadable_candidates()
    text = absent["explanation"]
    status: ScoreStatus = absent["status"]
    points: float | None = absent.get("points") if status == "auto" else None
    if status == "auto" and cands:
        # an auto zero would be a silent verdict on a file nobody could read
        status, points = "pending_manual", None
        text += "（有可能相关的文件无法读取，改为待人工评分）"
    elif status == "auto" and ind.params["not_covered"]:
        text = _sentence(text) + f"另：{ind.params['not_covered']}。"
    if listed:
        text = _sentence(text) + f"已审查但不符合条件的材料{len(listed)}项，见依据明细。"
    if notes := survey.side_notes():
        text = _sentence(text) + notes
    searched = survey.searched(f"未找到符合条件的{survey._label()}：{criteria}", criteria)
    return _draft(ind, facts, points, status, text, [*listed, *survey.side_refs(), searched])


# ----------------------------------------------------------------------- the rules


def _in_year(
    doc: DocumentFacts, year: int, date_elements: Sequence[str], what: str
) -> tuple[dt.date | None, str | None, EvidenceRef | None]:
    """The document's date if in ``year``, else a 'not counted' ref quoting the date."""
    day, el = _date(doc, *date_elements)
    if day is None:
        return (
            None,
            None,
            _ref(doc, f"{_name(doc)}：未识别出{what}，无法确认是否为{year}年度，未计分"),
        )
    if day.year != year:
        return (
            None,
            el,
            _ref(
                doc,
                f"{_name(doc)}：{what}{_zh(day)}不在{year}年度，不计分",
                element=el,
                where=_quote(doc, el or ""),
            ),
        )
    return day, el, None


def _apply_minutes(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    survey = _Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[dt.date, str, DocumentFacts]] = []
    for doc in survey.candidates():
        day, el, rejected = _in_year(doc, facts.year, ("meeting_date", "document_date"), "会议日期")
        if rejected is not None or day is None or el is None:
            listed.append(rejected or _ref(doc, f"{_name(doc)}：未计分"))
            continue
        if _value(doc, "discusses_disclosure") is not True:
            listed.append(
                _ref(
                    doc,
                    f"{_name(doc)}：{_zh(day)}会议的议题和决定中未见政务公开工作，不计分",
                    element="discusses_disclosure",
                    where=_quote(doc, "discusses_disclosure"),
                )
            )
            continue
        counted.append((day, el, doc))
    criteria = f"会议日期在{facts.year}年内且议题或决定涉及政务公开（政府信息公开）工作"
    if not counted:
        return _absent(ind, facts, survey, criteria, listed)

    counted.sort(key=lambda t: (t[0], t[2].key))
    evidence: list[EvidenceRef] = []
    for i, (day, el, doc) in enumerate(counted):
        fallback = "（纪要未写明会议日期，按落款日期）" if el == "document_date" else ""
        evidence.append(
            _ref(
                doc,
                f"{_name(doc)}：{_zh(day)}{fallback}会议研究政务公开工作"
                + ("" if i == 0 else "（佐证，不重复计分）"),
                element="discusses_disclosure",
                where=_quote(doc, "discusses_disclosure"),
                points=p["points_if_found"] if i == 0 else None,
            )
        )
        evidence.append(_ref(doc, f"{_name(doc)}：会议日期", element=el, where=_quote(doc, el)))
    pts = p["points_if_found"]
    first_day, _, first = counted[0]
    text = (
        f"找到{len(counted)}份{facts.year}年度研究政务公开工作的会议纪要"
        f"（最早为{_name(first)}，{_zh(first_day)}），会议纪要部分得{fmt_points(pts)}分"
        f"（{_scope(ind)}满分{fmt_points(ind.points)}分）。"
    )
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份会议纪要不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return _draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


def _apply_training(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    survey = _Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[dt.date, DocumentFacts]] = []
    for doc in survey.candidates():
        day, _el, rejected = _in_year(
            doc, facts.year, ("training_date", "document_date"), "培训日期"
        )
        if rejected is not None or day is None:
            listed.append(rejected or _ref(doc, f"{_name(doc)}：未计分"))
            continue
        if _value(doc, "covers_disclosure") is not True:
            listed.append(
                _ref(
                    doc,
                    f"{_name(doc)}：{_zh(day)}培训内容未涉及政务公开（政府信息公开），不计分",
                    element="covers_disclosure",
                    where=_quote(doc, "covers_disclosure"),
                )
            )
            continue
        counted.append((day, doc))
    criteria = f"培训日期在{facts.year}年内且培训内容包括政务公开（政府信息公开）"
    if not counted:
        return _absent(ind, facts, survey, criteria, listed)

    counted.sort(key=lambda t: (t[0], t[1].key))
    # A notice and a sign-in sheet of one training are two documents of one event: one
    # training per date, its attendance the largest count any of its documents states.
    per_day: dict[dt.date, tuple[int | None, DocumentFacts]] = {}
    evidence: list[EvidenceRef] = []
    for i, (day, doc) in enumerate(counted):
        n = _int(_value(doc, "participant_count"))
        prev = per_day.get(day)
        if prev is None or (n is not None and (prev[0] is None or n > prev[0])):
            per_day[day] = (n, doc)
        people = f"，参训{n}人" if n is not None else "，未识别出参训人数"
        evidence.append(
            _ref(
                doc,
                f"{_name(doc)}：{_zh(day)}举办政务公开业务培训{people}",
                element="covers_disclosure",
                where=_quote(doc, "covers_disclosure"),
                points=p["points_if_held"] if i == 0 else None,
            )
        )
        if n is not None:
            evidence.append(
                _ref(
                    doc,
                    f"{_name(doc)}：参训人数{n}人",
                    element="participant_count",
                    where=_quote(doc, "participant_count"),
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
                _ref(
                    top_doc,
                    f"参训合计{total}人，达到{tier['min']}人档",
                    element="participant_count",
                    where=_quote(top_doc, "participant_count"),
                    points=tier["points"],
                )
            )
        else:
            text += f"，未达到{p['participant_tiers'][0]['min']}人档，不加分"
    pts = min(pts, ind.points)
    text += f"，合计{fmt_points(pts)}分（{_scope(ind)}满分{fmt_points(ind.points)}分）。"
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份培训材料不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return _draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


def _apply_replies(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    survey = _Survey.of(facts, p)
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
            day, el = _date(doc, "reply_date", "document_date")
            if day is not None and day.year != facts.year:
                listed.append(
                    _ref(
                        doc,
                        f"{_name(doc)}：答复日期{_zh(day)}不在{facts.year}年度，不计分",
                        element=el,
                        where=_quote(doc, el or ""),
                    )
                )
                continue
        letters += 1
        findings = [f for f in doc.findings if isinstance(f, Mapping)]
        if not findings:
            anchor = next(
                (e for e in ("document_number", "reply_date", "document_date") if _quote(doc, e)),
                None,
            )
            evidence.append(
                _ref(
                    doc,
                    f"{_name(doc)}：未发现问题",
                    element=anchor,
                    where=_quote(doc, anchor) if anchor else None,
                    points=0.0,
                )
            )
            continue
        letter_sum = 0.0
        for f in findings:
            code = str(f.get("code", ""))
            w = weights.get(code)
            message = str(f.get("message") or code)
            note = f"{_name(doc)}：{message}"
            if w is None:
                note += "（本细则未设定该问题的扣分，不扣分）"
            ev = f.get("evidence")
            where = ev[0] if isinstance(ev, list) and ev and isinstance(ev[0], Mapping) else None
            evidence.append(_ref(doc, note, finding=code, where=where, points=-(w or 0.0)))
            letter_sum += w or 0.0
            problems += 1
        if cap_letter is not None and letter_sum > cap_letter:
            capped_letters.append(
                f"{_name(doc)}（{fmt_points(letter_sum)}分计{fmt_points(cap_letter)}分）"
            )
            letter_sum = cap_letter
        deducted += letter_sum
    criteria = "全部答复书（含告知书）" + (
        "" if p["count_outside_year"] else f"，答复日期在{facts.year}年内"
    )
    if letters == 0:
        return _absent(ind, facts, survey, criteria, listed)

    deducted = round(deducted, 2)
    report = (
        _crosscheck(p["annual_report"], facts, survey.candidates())
        if p.get("annual_report")
        else _Check()
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
    return _draft(ind, facts, points, status, text, refs)


# ------------------------------------------------------------- declared items of evidence

#: Chinese names of elements a rubric may ``require``, for explanations
_ELEMENT_ZH = {
    "on_disclosure": "批示内容涉及政务公开",
    "system_kind": "制度类型",
    "has_indicators_and_weights": "列明考核指标及分值权重",
    "form": "解读形式",
    "discusses_disclosure": "会议研究政务公开工作",
    "covers_disclosure": "培训内容涉及政务公开",
    "issued_by_deadline": "按期印发",
    "published_by_deadline": "按期发布",
    "topic": "发布会主题",
    "policy": "所解读的政策",
}
_VALUE_ZH = {
    "disclosure_system": "政府信息公开制度",
    "application_procedure": "依申请公开工作程序",
    "assessment_method": "考核办法",
    "other": "其他制度",
    True: "是",
    False: "否",
    None: "未识别",
}
_SCALAR = (str, int, float, bool)


def _zh_value(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return _VALUE_ZH[v]
    return str(_VALUE_ZH.get(v, v)) if isinstance(v, str) else str(v)


def _check_require(raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ParamError(("require",), "require 应为 {要素名: 要求的值} 映射")
    out: dict[str, Any] = {}
    for key, want in raw.items():
        loc: tuple[str | int, ...] = ("require", str(key))
        if isinstance(want, Mapping):
            pattern = want.get("pattern")
            if set(want) != {"pattern"} or not isinstance(pattern, str) or not pattern:
                raise ParamError(loc, "要求为映射时应写作 {pattern: 正则表达式}")
            try:
                re.compile(pattern)
            except re.error as e:
                raise ParamError(loc, f"正则表达式有误：{e}") from None
            out[str(key)] = {"pattern": pattern}
        elif isinstance(want, list):
            if not want or not all(isinstance(x, _SCALAR) for x in want):
                raise ParamError(loc, "要求的值列表应为非空的文字、数字或 true/false")
            out[str(key)] = list(want)
        elif isinstance(want, _SCALAR):
            out[str(key)] = want
        else:
            raise ParamError(
                loc, f"要求的值应为文字、数字、true/false、列表或 {{pattern}}：{want!r}"
            )
    return out


def _same(v: Any, want: Any) -> bool:
    # True == 1 in Python: a boolean requirement wants a boolean
    if isinstance(want, bool) or isinstance(v, bool):
        return v is want
    return bool(v == want)


def _meets(v: Any, want: Any) -> bool:
    if isinstance(want, Mapping):
        return isinstance(v, str) and re.search(want["pattern"], v) is not None
    if isinstance(want, list):
        return any(_same(v, w) for w in want)
    return _same(v, want)


def _want_zh(want: Any) -> str:
    if isinstance(want, Mapping):
        return f"符合“{want['pattern']}”"
    if isinstance(want, list):
        return "或".join(_zh_value(w) for w in want)
    return _zh_value(want)


def _unmet(doc: DocumentFacts, require: Mapping[str, Any]) -> EvidenceRef | None:
    """A 'not counted' ref for the first requirement ``doc`` does not meet, else None."""
    for name, want in require.items():
        v = _value(doc, name)
        if not _meets(v, want):
            label = _ELEMENT_ZH.get(name, name)
            return _ref(
                doc,
                f"{_name(doc)}：{label}为“{_zh_value(v)}”，要求为“{_want_zh(want)}”，不计分",
                element=name,
                where=_quote(doc, name),
            )
    return None


def _check_year(p: _Params, raw: Mapping[str, Any], date_default: Sequence[str]) -> dict[str, Any]:
    basis = raw.get("year_basis", "date")
    if basis not in ("date", "year_element", "any"):
        raise ParamError(
            ("year_basis",), f"year_basis 应为 date、year_element 或 any，实为 {basis!r}"
        )
    offset = raw.get("year_offset", 0)
    if isinstance(offset, bool) or not isinstance(offset, int) or not -5 <= offset <= 5:
        raise ParamError(("year_offset",), f"year_offset 应为 -5 到 5 的整数，实为 {offset!r}")
    if offset and basis == "any":
        raise ParamError(("year_offset",), "year_basis 为 any 时不应设 year_offset")
    undated = raw.get("undated", "list")
    if undated not in ("list", "count"):
        raise ParamError(("undated",), f"undated 应为 list 或 count，实为 {undated!r}")
    return {
        "year_basis": basis,
        "year_offset": offset,
        "undated": undated,
        "date_elements": p.strings("date_elements", date_default),
    }


def _year_ok(
    doc: DocumentFacts, facts: UnitFacts, p: Mapping[str, Any], what: str
) -> tuple[dt.date | None, str | None, EvidenceRef | None, str]:
    """(date, its element, a 'not counted' ref or None, a note for the counted document)."""
    day, el = _date(doc, *p["date_elements"])
    target = facts.year + p["year_offset"]
    if p["year_basis"] == "any":
        return day, el, None, ""
    if p["year_basis"] == "year_element":
        y = _int(_value(doc, "year"))
        if y is None:
            return (
                day,
                el,
                _ref(
                    doc, f"{_name(doc)}：未识别出所属年度，无法确认是否为{target}年度{what}，不计分"
                ),
                "",
            )
        if y != target:
            return (
                day,
                el,
                _ref(
                    doc,
                    f"{_name(doc)}：为{y}年度{what}，本项按{target}年度{what}计分，不计分",
                    element="year",
                    where=_quote(doc, "year"),
                ),
                "",
            )
        return day, el, None, ""
    if day is None:
        if p["undated"] == "count":
            return None, None, None, f"（未识别出日期，按{facts.year}年度提交材料计）"
        return (
            None,
            None,
            _ref(doc, f"{_name(doc)}：未识别出日期，无法确认是否为{target}年度，不计分"),
            "",
        )
    if day.year != target:
        return (
            day,
            el,
            _ref(
                doc,
                f"{_name(doc)}：日期{_zh(day)}不在{target}年度，不计分",
                element=el,
                where=_quote(doc, el or ""),
            ),
            "",
        )
    return day, el, None, ""


def _year_criteria(p: Mapping[str, Any], facts: UnitFacts) -> str:
    target = facts.year + p["year_offset"]
    if p["year_basis"] == "any":
        return "不限年度（现行有效）"
    if p["year_basis"] == "year_element":
        return f"所属年度为{target}年"
    return f"日期在{target}年内"


def _check_found(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = _Params(
        raw,
        (
            *_COMMON,
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
        tp = _Params(t, ("min", "points"))
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
        bp = _Params(b, ("element", "equals", "points", "label"))
        try:
            item = {
                "element": bp.string("element"),
                "equals": _check_require({"equals": b.get("equals", True)})["equals"],
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
        "deductions": _check_weights(raw.get("deductions"), "deductions"),
        "require": _check_require(raw.get("require")),
        **_check_year(p, raw, ["document_date"]),
        **_check_common(p, points, [], []),
    }


def _check_weights(raw: Any, key: str) -> dict[str, float]:
    """``{finding_code: points}``: any code (more are added per doc type), points ≥ 0."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ParamError((key,), f"{key} 应为 {{问题代码: 扣分}} 映射")
    out: dict[str, float] = {}
    for code, w in raw.items():
        if not isinstance(code, str) or not re.fullmatch(r"[a-z][a-z0-9_.]*", code):
            raise ParamError((key, str(code)), f"问题代码 {code!r} 应为小写英文代码")
        if isinstance(w, bool) or not isinstance(w, int | float) or w != w or w < 0:
            raise ParamError((key, code), f"{code} 的扣分应为不小于 0 的数，实为 {w!r}")
        out[code] = float(w)
    return out


def _anchor(doc: DocumentFacts, names: Sequence[str | None]) -> str | None:
    return next((n for n in names if n and _quote(doc, n)), None)


def _finding_refs(
    doc: DocumentFacts, weights: Mapping[str, float], only: Iterable[str] | None = None
) -> tuple[list[EvidenceRef], float]:
    """One ref per finding of ``doc`` (declared weights deduct), and the total deducted."""
    refs: list[EvidenceRef] = []
    total = 0.0
    keep = set(only) if only is not None else None
    for f in doc.findings:
        if not isinstance(f, Mapping):
            continue
        code = str(f.get("code", ""))
        if keep is not None and code not in keep:
            continue
        w = weights.get(code)
        note = f"{_name(doc)}：{f.get('message') or code}"
        if w is None:
            note += "（本细则未设定该问题的扣分，不扣分）"
        ev = f.get("evidence")
        where = ev[0] if isinstance(ev, list) and ev and isinstance(ev[0], Mapping) else None
        refs.append(_ref(doc, note, finding=code, where=where, points=-(w or 0.0)))
        total += w or 0.0
    return refs, total


def _apply_found(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    label = p["label"]
    survey = _Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[DocumentFacts, dt.date | None, str | None, str]] = []
    for doc in survey.candidates():
        day, el, rejected, note = _year_ok(doc, facts, p, label)
        rejected = rejected or _unmet(doc, p["require"])
        if rejected is not None:
            listed.append(rejected)
            continue
        counted.append((doc, day, el, note))
    req = "，".join(f"{_ELEMENT_ZH.get(k, k)}为“{_want_zh(w)}”" for k, w in p["require"].items())
    criteria = p["criteria"] or "，".join(x for x in (_year_criteria(p, facts), req) if x)
    if not counted:
        return _absent(ind, facts, survey, criteria, listed)

    def net(doc: DocumentFacts) -> float:
        gain = sum(
            b["points"] for b in p["bonus"] if _meets(_value(doc, b["element"]), b["equals"])
        )
        lost = sum(
            p["deductions"].get(str(f.get("code")), 0.0)
            for f in doc.findings
            if isinstance(f, Mapping)
        )
        return gain - lost

    # The best document decides (a second copy or an earlier draft cannot lower the score).
    counted.sort(key=lambda t: (-net(t[0]), t[1] or dt.date.max, t[0].key))
    best, day, el, note = counted[0]
    pts = p["points_if_found"]
    anchor = _anchor(best, [*p["require"], el, "document_number", "document_date", "issuer"])
    when = f"（{_zh(day)}）" if day is not None else ""
    evidence = [
        _ref(
            best,
            f"{_name(best)}{when}：符合条件的{label}{note}",
            element=anchor,
            where=_quote(best, anchor) if anchor else None,
            points=pts,
        )
    ]
    if el is not None and el != anchor:
        evidence.append(_ref(best, f"{_name(best)}：日期", element=el, where=_quote(best, el)))
    parts = [
        f"找到{len(counted)}份符合条件的{label}（{criteria}），据{_name(best)}得{fmt_points(pts)}分"
    ]
    tier = next((t for t in reversed(p["count_tiers"]) if len(counted) >= t["min"]), None)
    if tier is not None:
        pts += tier["points"]
        evidence.append(
            _ref(
                best,
                f"符合条件的{label}共{len(counted)}份，达到{tier['min']}份档",
                points=tier["points"],
            )
        )
        parts.append(f"共{len(counted)}份，达到{tier['min']}份档，加{fmt_points(tier['points'])}分")
    elif p["count_tiers"]:
        parts.append(f"共{len(counted)}份，未达到{p['count_tiers'][0]['min']}份档，不加分")
    for b in p["bonus"]:
        v = _value(best, b["element"])
        if _meets(v, b["equals"]):
            pts += b["points"]
            evidence.append(
                _ref(
                    best,
                    f"{_name(best)}：{b['label']}",
                    element=b["element"],
                    where=_quote(best, b["element"]),
                    points=b["points"],
                )
            )
            parts.append(f"{b['label']}，加{fmt_points(b['points'])}分")
        else:
            evidence.append(
                _ref(
                    best,
                    f"{_name(best)}：未能确认{b['label']}（识别结果：{_zh_value(v)}），该项{fmt_points(b['points'])}分不得分",
                    element=b["element"],
                    where=_quote(best, b["element"]),
                    points=0.0,
                )
            )
            parts.append(f"未能确认{b['label']}，该项{fmt_points(b['points'])}分不得分")
    frefs, lost = _finding_refs(best, p["deductions"])
    evidence += frefs
    if lost:
        parts.append(f"发现问题{len([r for r in frefs if r.points])}处，扣{fmt_points(lost)}分")
    raw_pts = pts - lost
    pts = min(max(raw_pts, 0.0), ind.points)
    for doc, d2, _, _ in counted[1:]:
        when2 = f"（{_zh(d2)}）" if d2 is not None else ""
        evidence.append(_ref(doc, f"{_name(doc)}{when2}：符合条件的{label}（佐证，不重复计分）"))
    text = (
        "，".join(parts)
        + f"，得{fmt_points(pts)}分（{_scope(ind)}满分{fmt_points(ind.points)}分）。"
    )
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份材料不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return _draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


def _check_coverage(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = _Params(
        raw,
        (
            *_COMMON,
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
    ip = _Params(items_raw, [str(k) for k in items_raw])
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
        "require": _check_require(raw.get("require")),
        **_check_year(p, raw, ["document_date"]),
        **_check_common(p, points, [], []),
    }
    return out


def _apply_coverage(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    label, items = p["label"], p["items"]
    survey = _Survey.of(facts, p)
    listed: list[EvidenceRef] = []
    counted: list[tuple[DocumentFacts, dt.date | None, str]] = []
    for doc in survey.candidates():
        day, _el, rejected, note = _year_ok(doc, facts, p, label)
        rejected = rejected or _unmet(doc, p["require"])
        if rejected is not None:
            listed.append(rejected)
            continue
        counted.append((doc, day, note))
    req = "，".join(f"{_ELEMENT_ZH.get(k, k)}为“{_want_zh(w)}”" for k, w in p["require"].items())
    criteria = "，".join(x for x in (_year_criteria(p, facts), req) if x)
    if not counted:
        return _absent(ind, facts, survey, criteria, listed)

    def present(doc: DocumentFacts) -> list[str]:
        v = _value(doc, p["element"])
        return [str(x) for x in v] if isinstance(v, list) else []

    def got(doc: DocumentFacts) -> float:
        have = present(doc)
        return sum(w for name, w in items.items() if name in have)

    # The most complete document decides; the newest breaks a tie (a later snapshot is current).
    counted.sort(key=lambda t: (-got(t[0]), -(t[1] or dt.date.min).toordinal(), t[0].key))
    best, day, note = counted[0]
    have = present(best)
    quotes = _element(best, p["element"]).get("evidence")
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
                _ref(best, f"{_name(best)}：具备“{name}”", element=p["element"], where=where)
            )
            continue
        missing.append(name)
        lost += w
        if finding is not None:
            ev = finding.get("evidence")
            where = ev[0] if isinstance(ev, list) and ev and isinstance(ev[0], Mapping) else None
            evidence.append(
                _ref(
                    best,
                    f"{_name(best)}：缺少“{name}”，扣{fmt_points(w)}分（{finding.get('message')}）",
                    finding=str(finding.get("code")),
                    where=where,
                    points=-w,
                )
            )
        else:
            evidence.append(
                _ref(
                    best,
                    f"{_name(best)}：未找到“{name}”，扣{fmt_points(w)}分",
                    element=p["element"],
                    points=-w,
                )
            )
    pts = max(ind.points - lost, 0.0)
    when = f"（{_zh(day)}）" if day is not None else note
    text = (
        f"依据{_name(best)}{when}核对{label}应具备的{len(items)}项："
        f"具备{len(items) - len(missing)}项"
    )
    if missing:
        text += f"，缺少{len(missing)}项（{'、'.join(missing)}），扣{fmt_points(lost)}分"
    text += f"，得{fmt_points(pts)}分（{_scope(ind)}满分{fmt_points(ind.points)}分）。"
    for doc, d2, _ in counted[1:]:
        when2 = f"（{_zh(d2)}）" if d2 is not None else ""
        evidence.append(
            _ref(doc, f"{_name(doc)}{when2}：另一份{label}材料，未采用（按最完整的一份计分）")
        )
    if len(counted) > 1:
        text += f"另有{len(counted) - 1}份同类材料，按最完整的一份计分。"
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份材料不符合条件，未计分，见依据明细。"
    text += survey.side_notes()
    return _draft(ind, facts, pts, "auto", text, [*evidence, *listed, *survey.side_refs()])


# ----------------------------------------------------------------------- composite rule


def _check_parts(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = _Params(raw, ("parts", "not_covered"))
    parts_raw = raw.get("parts")
    if not isinstance(parts_raw, list) or not parts_raw:
        raise ParamError(("parts",) if parts_raw is not None else (), "parts 应为非空列表")
    parts: list[dict[str, Any]] = []
    for i, part in enumerate(parts_raw):
        if not isinstance(part, Mapping):
            raise ParamError(("parts", i), "每个部分应为 {label, points, rule, params}")
        pp = _Params(part, ("label", "points", "rule", "params"))
        try:
            plabel = pp.string("label")
            ppoints = pp.number("points", hi=points)
        except ParamError as e:
            raise ParamError(("parts", i, *e.loc), e.message) from None
        rule = str(part.get("rule"))
        if rule not in RULES or rule in ("parts", "manual"):
            usable = "、".join(sorted(r for r in RULES if r not in ("parts", "manual")))
            raise ParamError(
                ("parts", i, "rule"), f"部分规则 {part.get('rule')!r} 不可用（可用：{usable}）"
            )
        sub = part.get("params") or {}
        if not isinstance(sub, Mapping):
            raise ParamError(("parts", i, "params"), "params 应为映射")
        try:
            checked = RULES[rule].check(sub, ppoints)
        except ParamError as e:
            # the part's own points are the bound its params are checked against
            message = e.message.replace("本项分值", f"本部分（{plabel}）分值")
            raise ParamError(("parts", i, "params", *e.loc), message) from None
        parts.append({"label": plabel, "points": ppoints, "rule": rule, "params": checked})
    auto = sum(part["points"] for part in parts)
    if auto > points + 1e-9:
        raise ParamError(
            ("parts",),
            f"各部分分值合计 {fmt_points(auto)} 分，超过本项分值 {fmt_points(points)} 分",
        )
    not_covered = p.string("not_covered", "")
    if auto < points - 1e-9 and not not_covered:
        raise ParamError(
            (),
            f"各部分合计 {fmt_points(auto)} 分，少于本项分值 {fmt_points(points)} 分："
            "请用 not_covered 写明其余部分由人工核定的内容",
        )
    return {"parts": parts, "not_covered": not_covered}


def _apply_parts(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    drafts = []
    for part in p["parts"]:
        sub = replace(
            ind,
            name=part["label"],
            points=part["points"],
            rule=part["rule"],
            params=MappingProxyType(part["params"]),
            part=True,
        )
        drafts.append((part, RULES[part["rule"]].apply(sub, facts)))
    evidence = [e for _, d in drafts for e in d.evidence]
    texts = [
        f"【{part['label']}，{fmt_points(part['points'])}分】{d.explanation}"
        + ("" if d.explanation.endswith(("。", "）")) else "。")
        for part, d in drafts
    ]
    auto_max = sum(part["points"] for part in p["parts"])
    manual_max = round(ind.points - auto_max, 2)
    pending = [part["label"] for part, d in drafts if d.status != "auto" or d.points is None]
    text = "".join(texts)
    if pending:
        done = [(part, d) for part, d in drafts if d.status == "auto" and d.points is not None]
        got = "、".join(f"{part['label']}{fmt_points(d.points or 0)}分" for part, d in done)
        text = (
            f"本项待人工评分：{'、'.join(pending)}部分需人工核定"
            + (f"（可自动评分的部分：{got}）" if got else "")
            + "。"
            + text
        )
        if manual_max > 0:
            text += f"其余{fmt_points(manual_max)}分：{p['not_covered']}。"
        points: float | None = None
        status: ScoreStatus = "pending_manual"
    else:
        points = min(sum(d.points or 0.0 for _, d in drafts), ind.points)
        status = "auto"
        text += f"自动评分部分合计{fmt_points(points)}分（满分{fmt_points(auto_max)}分）"
        text += (
            f"；其余{fmt_points(manual_max)}分：{p['not_covered']}。" if manual_max > 0 else "。"
        )
    return _draft(ind, facts, points, status, text, evidence)


# -------------------------------------------------------- annual report × reply letters

#: reply-letter outcome → the annual report's 办理结果 category it is counted under
#: (国办公开办函〔2021〕30号 template); outcomes not listed are not compared
_DEFAULT_OUTCOME_MAP = {
    "disclosed": "disclosed",
    "already_public": "disclosed",
    "partially_disclosed": "partially_disclosed",
    "not_disclosed": "not_disclosed",
    "not_exist": "unable_to_provide",
    "duplicate_request": "not_processed",
}
_RESULT_KEYS = (
    "disclosed",
    "partially_disclosed",
    "not_disclosed",
    "unable_to_provide",
    "not_processed",
    "other",
)
_RESULT_ZH = {
    "disclosed": "（一）予以公开",
    "partially_disclosed": "（二）部分公开",
    "not_disclosed": "（三）不予公开",
    "unable_to_provide": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
    "total": "（七）总计",
}
#: outcomes of letters that are not a final reply (补正、延期告知): never counted
_NOT_FINAL = ("supplement_requested", "other")
_OUTCOMES = (
    "disclosed",
    "partially_disclosed",
    "not_disclosed",
    "not_exist",
    "not_our_jurisdiction",
    "already_public",
    "duplicate_request",
    "not_government_info",
)


def _check_crosscheck(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ParamError(
            (), "annual_report 应为映射 {count_mismatch, corrected_case, deductions, …}"
        )
    p = _Params(raw, ("doc_types", "count_mismatch", "corrected_case", "deductions", "outcome_map"))
    omap_raw = raw.get("outcome_map", _DEFAULT_OUTCOME_MAP)
    if not isinstance(omap_raw, Mapping):
        raise ParamError(("outcome_map",), "outcome_map 应为 {答复结果: 年报办理结果类别} 映射")
    omap: dict[str, str] = {}
    for k, v in omap_raw.items():
        if k not in _OUTCOMES:
            raise ParamError(
                ("outcome_map", str(k)), f"未知的答复结果 {k}（可用：{'、'.join(_OUTCOMES)}）"
            )
        if v not in _RESULT_KEYS:
            raise ParamError(
                ("outcome_map", str(k)),
                f"未知的年报办理结果类别 {v}（可用：{'、'.join(_RESULT_KEYS)}）",
            )
        omap[str(k)] = str(v)
    return {
        "doc_types": p.doc_types(["annual_report"]),
        "count_mismatch": p.number("count_mismatch", 0),
        "corrected_case": p.number("corrected_case", 0),
        "deductions": _check_weights(raw.get("deductions"), "deductions"),
        "outcome_map": omap,
    }


@dataclass
class _Check:
    deducted: float = 0.0
    refs: list[EvidenceRef] = field(default_factory=list)
    text: str = ""


def _row_quote(doc: DocumentFacts, element: str, label: str) -> Mapping[str, Any] | None:
    """The quote of ``element`` whose text holds ``label`` (a table row), else the first."""
    ev = _element(doc, element).get("evidence")
    if not isinstance(ev, list):
        return None
    bare = re.sub(r"[（）()]|[一二三四五六七]", "", label)
    for e in ev:
        if isinstance(e, Mapping) and bare and bare in "".join(str(e.get("quote", "")).split()):
            return e
    return _quote(doc, element)


def _crosscheck(
    cfg: Mapping[str, Any], facts: UnitFacts, letters: Sequence[DocumentFacts]
) -> _Check:
    """Annual report × reply letters, for 1.4.3/2.4.3.

    The report used is the one *for* the assessment year when the unit submitted it (the office
    assesses year Y early in Y+1), else the one for Y-1 (due by 31 Jan/31 Mar of Y, the one
    normally in the Y folder). Its 办理结果 counts are compared with the final reply letters
    *dated in the report's year*: each category of the letters that outnumbers the report's
    figure (and a letter total above （七）总计) is a mismatch — letters are a sample, so fewer
    letters than the report counts is not. Its 表三/表四 findings deduct per ``deductions``;
    every 复议/诉讼 case 纠错 (``corrected``) deducts ``corrected_case``.
    """
    out = _Check()
    seen: set[str] = set()
    reports: dict[int, DocumentFacts] = {}
    for doc in sorted(facts.documents, key=lambda d: d.key):
        if doc.status != "ok" or doc.doc_type not in cfg["doc_types"] or doc.sha256 in seen:
            continue
        seen.add(doc.sha256)
        y = _int(_value(doc, "year"))
        if y is not None and y in (facts.year, facts.year - 1):
            reports.setdefault(y, doc)
    report = reports.get(facts.year) or reports.get(facts.year - 1)
    if report is None:
        out.refs.append(
            EvidenceRef(
                note=(
                    f"未找到{facts.year}年度或{facts.year - 1}年度的政府信息公开工作年度报告，"
                    "未能核对"
                ),
                searched={
                    "prefix": f"{facts.year}/{facts.unit_code}/",
                    "doc_types": list(cfg["doc_types"]),
                    "documents_examined": len(facts.documents),
                    "criteria": f"所属年度为{facts.year}年或{facts.year - 1}年的年度报告",
                },
            )
        )
        out.text = (
            f"未找到{facts.year}年度或{facts.year - 1}年度的政府信息公开工作年度报告，"
            "依申请公开数量核对及行政复议、行政诉讼被纠错情况需人工核定。"
        )
        return out
    ry = int(_value(report, "year"))
    name = _name(report)
    said: list[str] = []
    counts = _value(report, "application_counts")
    results = counts.get("results") if isinstance(counts, Mapping) else None
    mine = []
    for d in letters:
        day, _ = _date(d, "reply_date", "document_date")
        if day is not None and day.year == ry and _value(d, "outcome") not in _NOT_FINAL:
            mine.append(d)
    if not isinstance(results, Mapping):
        said.append(f"{name}未读出“收到和处理政府信息公开申请情况”表格，未能核对答复数量")
    elif not mine:
        said.append(f"未提交{ry}年度的答复书（答复日期在{ry}年内），未能与{name}核对数量")
    else:
        by_key: dict[str, list[DocumentFacts]] = {}
        for d in mine:
            key = cfg["outcome_map"].get(str(_value(d, "outcome")))
            if key is not None:
                by_key.setdefault(key, []).append(d)
        checks = [(k, by_key[k]) for k in _RESULT_KEYS if k in by_key]
        checks.append(("total", mine))
        bad = 0
        for key, docs in checks:
            stated = _int(results.get(key))
            if stated is None or len(docs) <= stated:
                continue
            bad += 1
            w = cfg["count_mismatch"]
            names = "、".join(_name(d) for d in docs)
            out.refs.append(
                _ref(
                    report,
                    f"{name}：“{_RESULT_ZH[key]}”填报{stated}件，而提交的{ry}年度答复书中属于此项的有"
                    f"{len(docs)}份（{names}），年报数字少于实际答复，扣{fmt_points(w)}分",
                    element="application_counts",
                    where=_row_quote(report, "application_counts", _RESULT_ZH[key]),
                    points=-w,
                )
            )
            out.deducted += w
        said.append(
            f"将{name}的办理结果与{len(mine)}份{ry}年度答复书核对，"
            + (f"{bad}处不符" if bad else "未发现年报数字少于实际答复")
        )
    frefs, lost = _finding_refs(report, cfg["deductions"], only=cfg["deductions"])
    out.refs += frefs
    out.deducted += lost
    if frefs:
        said.append(f"{name}表格勾稽或合计有误{len(frefs)}处，扣{fmt_points(lost)}分")
    review = _value(report, "review_litigation")
    if isinstance(review, Mapping):
        corrected = sum(
            _int(g.get("corrected")) or 0 for g in review.values() if isinstance(g, Mapping)
        )
        if corrected:
            w = cfg["corrected_case"] * corrected
            out.refs.append(
                _ref(
                    report,
                    f"{name}：{ry}年度政府信息公开行政复议、行政诉讼结果被纠正{corrected}件，扣{fmt_points(w)}分",
                    element="review_litigation",
                    where=_quote(report, "review_litigation"),
                    points=-w,
                )
            )
            out.deducted += w
            said.append(f"行政复议、行政诉讼被纠错{corrected}件，扣{fmt_points(w)}分")
        else:
            said.append("行政复议、行政诉讼无被纠错")
    else:
        said.append(f"{name}未读出行政复议、行政诉讼情况表，被纠错情况需人工核定")
    out.deducted = round(out.deducted, 2)
    out.text = f"核对{ry}年度报告：{'；'.join(said)}。"
    return out


def _sentence(text: str) -> str:
    """``text`` ending a sentence, so that another can follow."""
    return text if not text or text.endswith(("。", "）", "！")) else text + "。"


def _scope(ind: Indicator) -> str:
    return "本部分" if getattr(ind, "part", False) else "本项"


def _apply_manual(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    return _draft(ind, facts, None, "pending_manual", f"待人工评分：{ind.params['reason']}", ())


RULES: Mapping[str, RuleSpec] = {
    spec.name: spec
    for spec in (
        RuleSpec(
            "minutes_discussed",
            _check_minutes,
            _apply_minutes,
            "本年度会议纪要研究政务公开工作 → points_if_found",
        ),
        RuleSpec(
            "training_held",
            _check_training,
            _apply_training,
            "本年度举办政务公开业务培训 → points_if_held，参训人数按档加分",
        ),
        RuleSpec(
            "reply_letters",
            _check_replies,
            _apply_replies,
            "逐份答复书按问题代码扣分（deductions），以本项分值封顶",
        ),
        RuleSpec(
            "documents_found",
            _check_found,
            _apply_found,
            "找到符合条件（年度、要素）的材料 → points_if_found，份数按档加分，要素达标加分，"
            "问题代码扣分",
        ),
        RuleSpec(
            "coverage",
            _check_coverage,
            _apply_coverage,
            "材料列明的项目（栏目、功能、环节）逐项计分，缺一项扣该项分值",
        ),
        RuleSpec(
            "parts",
            _check_parts,
            _apply_parts,
            "本项分为几部分，各部分按所列规则评分后相加，其余部分人工核定",
        ),
        RuleSpec("manual", _check_manual, _apply_manual, "待人工评分"),
    )
}
