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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
SCORING_VERSION = "1"

#: ``doc_type`` values of the output contract.
DOC_TYPES = (
    "reply_letter",
    "meeting_minutes",
    "training_record",
    "work_plan",
    "implementation_plan",
    "annual_report",
    "leader_instruction",
    "policy_interpretation",
    "system_document",
    "press_conference",
    "website_snapshot",
    "other",
)

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
    p = _Params(raw, (*_COMMON, "deductions", "max_per_letter", "count_outside_year"))
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
        text += f"另：{ind.params['not_covered']}。"
    if listed:
        text += f"已审查但不符合条件的材料{len(listed)}项，见依据明细。"
    text += survey.side_notes()
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
        f"（本项满分{fmt_points(ind.points)}分）。"
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
    text += f"，合计{fmt_points(pts)}分（本项满分{fmt_points(ind.points)}分）。"
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
    pts = max(0.0, ind.points - deducted)
    text = f"审查{letters}份答复书，发现问题{problems}处"
    if capped_letters:
        text += (
            f"（单份答复书扣分以{fmt_points(cap_letter or 0)}分为限：{'、'.join(capped_letters)}）"
        )
    text += f"，扣{fmt_points(deducted)}分"
    if deducted > ind.points:
        text += f"，超过本项满分，按{fmt_points(ind.points)}分封顶"
    text += f"，得{fmt_points(pts)}分。"
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    if listed:
        text += f"另有{len(listed)}份答复书不在本考核年度，未计分。"
    cands = survey.unreadable_candidates()
    status: ScoreStatus = "auto"
    points: float | None = pts
    refs = [*evidence, *listed, *survey.side_refs()]
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
        RuleSpec("manual", _check_manual, _apply_manual, "待人工评分"),
    )
}
