"""Declared requirements on elements (``require``, ``bonus``) and the assessment-year checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from scoring.model import DocumentFacts, EvidenceRef, UnitFacts
from scoring.rules.facts import count_of, date_of, doc_name, quote_of, ref_to, value_of, zh_date
from scoring.rules.params import ParamError, Params

__all__ = [
    "ELEMENT_ZH",
    "check_year",
    "first_unmet",
    "meets",
    "requirements_zh",
    "want_zh",
    "year_criteria",
    "year_ok",
    "zh_value",
]

#: Chinese names of elements a rubric may ``require``, for explanations
ELEMENT_ZH = {
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


def zh_value(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return _VALUE_ZH[v]
    return str(_VALUE_ZH.get(v, v)) if isinstance(v, str) else str(v)


def _same(v: Any, want: Any) -> bool:
    # True == 1 in Python: a boolean requirement wants a boolean
    if isinstance(want, bool) or isinstance(v, bool):
        return v is want
    return bool(v == want)


def meets(v: Any, want: Any) -> bool:
    if isinstance(want, Mapping):
        return isinstance(v, str) and re.search(want["pattern"], v) is not None
    if isinstance(want, list):
        return any(_same(v, w) for w in want)
    return _same(v, want)


#: a pattern that is only a list of alternative words (图|视频|H5): said as words, not as regex
_WORDS = re.compile(r"[\w\u4e00-\u9fff]+(?:\|[\w\u4e00-\u9fff]+)*")


def want_zh(want: Any) -> str:
    """A requirement as a reader says it: ``图|视频|H5`` → ``图、视频或H5``."""
    if isinstance(want, Mapping):
        pattern = str(want["pattern"])
        if _WORDS.fullmatch(pattern):
            words = pattern.split("|")
            return words[0] if len(words) == 1 else "、".join(words[:-1]) + "或" + words[-1]
        return f"符合规则“{pattern}”"
    if isinstance(want, list):
        return "或".join(zh_value(w) for w in want)
    return zh_value(want)


def requirements_zh(require: Mapping[str, Any]) -> str:
    """The declared requirements as one phrase: ``批示内容涉及政务公开，制度类型为“考核办法”``."""
    parts = []
    for name, want in require.items():
        label = ELEMENT_ZH.get(name, name)
        parts.append(label if want is True else f"{label}为“{want_zh(want)}”")
    return "，".join(parts)


def first_unmet(doc: DocumentFacts, require: Mapping[str, Any]) -> EvidenceRef | None:
    """A 'not counted' ref for the first requirement ``doc`` does not meet, else None."""
    for name, want in require.items():
        v = value_of(doc, name)
        if not meets(v, want):
            label = ELEMENT_ZH.get(name, name)
            return ref_to(
                doc,
                f"{doc_name(doc)}：{label}为“{zh_value(v)}”，要求为“{want_zh(want)}”，不计分",
                element=name,
                where=quote_of(doc, name),
            )
    return None


def check_year(p: Params, raw: Mapping[str, Any], date_default: Sequence[str]) -> dict[str, Any]:
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


def year_ok(
    doc: DocumentFacts, facts: UnitFacts, p: Mapping[str, Any], what: str
) -> tuple[dt.date | None, str | None, EvidenceRef | None, str]:
    """(date, its element, a 'not counted' ref or None, a note for the counted document)."""
    day, el = date_of(doc, *p["date_elements"])
    target = facts.year + p["year_offset"]
    if p["year_basis"] == "any":
        return day, el, None, ""
    if p["year_basis"] == "year_element":
        y = count_of(value_of(doc, "year"))
        if y is None:
            return (
                day,
                el,
                ref_to(
                    doc,
                    f"{doc_name(doc)}：未识别出所属年度，无法确认是否为{target}年度{what}，不计分",
                ),
                "",
            )
        if y != target:
            return (
                day,
                el,
                ref_to(
                    doc,
                    f"{doc_name(doc)}：为{y}年度{what}，本项按{target}年度{what}计分，不计分",
                    element="year",
                    where=quote_of(doc, "year"),
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
            ref_to(doc, f"{doc_name(doc)}：未识别出日期，无法确认是否为{target}年度，不计分"),
            "",
        )
    if day.year != target:
        return (
            day,
            el,
            ref_to(
                doc,
                f"{doc_name(doc)}：日期{zh_date(day)}不在{target}年度，不计分",
                element=el,
                where=quote_of(doc, el or ""),
            ),
            "",
        )
    return day, el, None, ""


def year_criteria(p: Mapping[str, Any], facts: UnitFacts) -> str:
    target = facts.year + p["year_offset"]
    if p["year_basis"] == "any":
        return "不限年度（现行有效）"
    if p["year_basis"] == "year_element":
        return f"所属年度为{target}年"
    return f"日期在{target}年内"
