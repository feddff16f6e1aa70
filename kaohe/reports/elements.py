"""Extracted elements and search records as a person reads them: Chinese names and values.

``remedy.reconsideration = False`` becomes ``告知可申请行政复议：否``, ``2024-08-02`` becomes
``2024年8月2日``, a cited provision becomes ``《…条例》第三十六条第（二）项``.
Every face (CLI, reports, web) prints elements through :func:`element_zh`; an element this module
does not know keeps its contract name, so nothing is ever hidden.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from extractors.vocabulary import (
    ANNUAL_RESULT_ZH,
    DOC_TYPE_ZH,
    OUTCOME_ZH,
    REVIEW_GROUP_ZH,
    REVIEW_RESULT_ZH,
)

__all__ = ["ELEMENT_ZH", "cn_numeral", "element_zh", "searched_zh", "value_zh"]

#: contract element name → the label a reader sees
ELEMENT_ZH: Mapping[str, str] = MappingProxyType(
    {
        "issuer": "发文机关",
        "document_date": "成文日期",
        "document_number": "文号",
        "year": "所属年度",
        "applicant": "申请人",
        "received_date": "收到申请日期",
        "reply_date": "答复日期",
        "extension_notified": "已告知延期答复",
        "working_days_taken": "办理用时",
        "within_deadline": "在法定期限内答复",
        "outcome": "答复结果",
        "legal_basis": "法律依据",
        "remedy.reconsideration": "告知可申请行政复议",
        "remedy.litigation": "告知可提起行政诉讼",
        "remedy.reconsideration_days": "告知的复议期限",
        "remedy.litigation_months": "告知的诉讼期限",
        "remedy.reconsideration_body": "告知的复议机关",
        "remedy.court": "告知的管辖法院",
        "meeting_date": "会议日期",
        "chair": "主持人",
        "discusses_disclosure": "会议研究政务公开工作",
        "training_date": "培训日期",
        "participant_count": "参训人数",
        "covers_disclosure": "培训内容涉及政务公开",
        "issue_date": "印发日期",
        "issued_by_deadline": "按期印发",
        "deadline": "期限",
        "publish_date": "发布日期",
        "published_by_deadline": "按期发布",
        "reporting_body_kind": "报告主体",
        "application_counts": "政府信息公开申请办理情况（表三）",
        "review_litigation": "行政复议、行政诉讼情况（表四）",
        "instructor": "批示领导",
        "on_disclosure": "批示内容涉及政务公开",
        "system_kind": "制度类型",
        "covers_steps": "涵盖的工作环节",
        "has_indicators_and_weights": "列明考核指标及分值",
        "indicators": "考核指标",
        "form": "解读形式",
        "policy": "所解读的政策",
        "topic": "发布会主题",
        "spokesperson": "发布人",
        "columns": "栏目",
    }
)

_VALUE_ZH: Mapping[str, str] = MappingProxyType(
    {
        **OUTCOME_ZH,
        "disclosure_system": "政府信息公开制度",
        "application_procedure": "依申请公开工作程序",
        "assessment_method": "考核办法",
        "government": "本级人民政府",
        "department": "政府部门",
    }
)
#: units after a number, by element
_UNIT = MappingProxyType(
    {
        "working_days_taken": "个工作日",
        "participant_count": "人",
        "remedy.reconsideration_days": "日",
        "remedy.litigation_months": "个月",
        "year": "年",
    }
)
_ROWS_ZH = {
    "new": "本年新收",
    "carried_over": "上年结转",
    "carried_forward": "结转下年度继续办理",
    "results": "办理结果",
    "name": "名称",
    "points": "分值",
}
#: the labels of a structured value's keys, by element (表三 and 表四 both have a ``total``)
_SUB_ZH: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "application_counts": {**_ROWS_ZH, **ANNUAL_RESULT_ZH},
        "review_litigation": {**_ROWS_ZH, **REVIEW_GROUP_ZH, **REVIEW_RESULT_ZH},
    }
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1–9999 in Chinese numerals as documents write article numbers (36 → 三十六)."""
    if n <= 0 or n >= 10_000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            out += ("" if (unit == "十" and d == 1 and not out) else _DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _provision(p: Mapping[str, Any]) -> str:
    text = f"《{p.get('law') or '未识别的法律'}》"
    for key, fmt in (("article", "第{}条"), ("clause", "第{}款"), ("item", "第（{}）项")):
        v = p.get(key)
        if isinstance(v, int) and not isinstance(v, bool):
            text += fmt.format(cn_numeral(v))
    return text


def value_zh(value: Any, name: str = "") -> str:
    """One element value as written for a reader (see the module docstring)."""
    if value is None:
        return "未识别"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return f"{value:g}{_UNIT.get(name, '')}"
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            d = dt.date.fromisoformat(value)
            return f"{d.year}年{d.month}月{d.day}日"
        return _VALUE_ZH.get(value, DOC_TYPE_ZH.get(value, value)) if name else value
    if isinstance(value, list):
        if not value:
            return "无"
        if all(isinstance(v, Mapping) and "law" in v for v in value):
            return "；".join(_provision(v) for v in value)
        return "、".join(value_zh(v, name) for v in value)
    if isinstance(value, Mapping):
        parts = []
        for k, v in value.items():
            label = _SUB_ZH.get(name, _ROWS_ZH).get(str(k), str(k))
            parts.append(f"{label}：{value_zh(v, name) if not isinstance(v, int) else v}")
        return "；".join(parts)
    return str(value)


def element_zh(name: str, value: Any) -> str:
    """``label：value`` for one element, e.g. ``答复日期：2024年8月2日``."""
    return f"{ELEMENT_ZH.get(name, name)}：{value_zh(value, name)}"


def searched_zh(s: Mapping[str, Any]) -> str:
    """A search record (``EvidenceRef.searched``) as one sentence."""
    types = "、".join(DOC_TYPE_ZH.get(t, t) for t in s.get("doc_types") or ())
    text = f"在“{s.get('prefix', '')}”下查找{types or '材料'}"
    if "documents_examined" in s:
        text += f"：共审查{s['documents_examined']}份文件"
        if "documents_of_type" in s:
            text += f"，其中{types or '该类材料'}{s['documents_of_type']}份"
    if s.get("criteria"):
        text += f"；条件：{s['criteria']}"
    if s.get("unreadable"):
        text += f"；无法读取的文件：{'、'.join(map(str, s['unreadable']))}"
    return text + "。"
