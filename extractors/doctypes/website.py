"""Website snapshot (1.2.2/2.2.2): the 政府信息公开专栏 columns and the 依申请公开 functions.

Works on a saved HTML page (one block per link or block element) and on a column list in a
spreadsheet or Word file (one block per row or paragraph). A column counts as present when a
block names it; short blocks (link texts, list rows) are searched before running text, so a
column title wins over a sentence that merely mentions the topic; in html and xlsx only short
blocks count at all.

Patterns are data: ``website.columns`` and ``website.application_functions`` in
``config/extraction.yaml`` (name → list of regular expressions) replace the defaults below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from extractors.doctypes.base import RulesLike
from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.text.spans import Flat, dates_in, flatten, search

__all__ = ["DEFAULT_APPLICATION_FUNCTIONS", "DEFAULT_COLUMNS", "extract_website"]

#: required 专栏 columns (seed 1.2.2/2.2.2) → title patterns. ``(?<!申请)`` keeps the
#: 依申请公开 column's own 指南/制度 from standing in for the 专栏's.
DEFAULT_COLUMNS: dict[str, list[str]] = {
    "制度": [r"(?<!申请)(?:政府)?信息公开(?:工作)?制度", r"(?<!申请)公开制度"],
    "目录": [r"(?<!申请)(?:政府)?信息公开目录", r"(?<!申请)公开目录"],
    "指南": [r"(?<!申请)(?:政府)?信息公开指南", r"(?<!申请)公开指南"],
    "年报": [
        r"(?:政府)?信息公开(?:工作)?年(?:度)?报(?:告)?",
        r"(?<!申请)公开年报",
    ],
    "财务预决算": [r"财[政务]预决算", r"(?:部门)?预决算(?:公开)?"],
    "社会监督评议": [r"社会监督评议", r"监督评议", r"社会评议"],
    "依申请公开": [r"依申请公开"],
}
#: functions the 依申请公开 column must offer → patterns
DEFAULT_APPLICATION_FUNCTIONS: dict[str, list[str]] = {
    "流程图": [r"流程图", r"(?:办理|申请)流程"],
    "须知/指南": [r"(?:依申请公开|申请)(?:须知|指南)", r"须知"],
    "进度查询": [r"进度查询", r"(?:办理|申请)进度", r"(?:申请|办理)?结果查询", r"查询进度"],
    "在线填报": [r"在线(?:填报|申请|提交)", r"网上(?:申请|填报)"],
    "申请表下载": [r"申请表.{0,4}下载", r"下载.{0,4}申请表", r"表格下载"],
}
#: what a reviewer is told was searched for each default name
_SEARCHED: dict[str, str] = {
    "制度": "政府信息公开制度、信息公开制度、公开制度",
    "目录": "政府信息公开目录、信息公开目录、公开目录",
    "指南": "政府信息公开指南、信息公开指南、公开指南（不含依申请公开指南）",
    "年报": "政府信息公开年报、政府信息公开工作年度报告、公开年报",
    "财务预决算": "财政预决算、财务预决算、部门预决算、预决算公开",
    "社会监督评议": "社会监督评议、监督评议、社会评议",
    "依申请公开": "依申请公开",
    "流程图": "流程图、办理流程、申请流程",
    "须知/指南": "依申请公开须知、依申请公开指南、申请须知、申请指南、须知",
    "进度查询": "进度查询、办理进度、申请进度、结果查询、查询进度",
    "在线填报": "在线填报、在线申请、在线提交、网上申请、网上填报",
    "申请表下载": "申请表下载、下载申请表、表格下载",
}
_SNAPSHOT_DATE = re.compile(r"(?:保存|截图|截屏|抓取|快照|访问|采集)(?:时间|日期)[:：]?")
_SHORT = 30  # a link text or a list row, not running text

Result = tuple[dict[str, Element], list[Finding]]


def extract_website(doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]) -> Result:
    """``columns_present``/``columns_missing``, ``application_functions_present``/``_missing``
    (always present; each present name has one quote, in the same order) and ``publish_date``
    (保存时间/截图时间) when shown; findings ``website_missing_column`` and
    ``website_missing_application_function`` name what is missing and what was searched."""
    flats = flatten(doc)
    section = rules.section("website")
    out: dict[str, Element] = {}
    findings: list[Finding] = []
    for kind, defaults, code in (
        ("columns", DEFAULT_COLUMNS, "website_missing_column"),
        (
            "application_functions",
            DEFAULT_APPLICATION_FUNCTIONS,
            "website_missing_application_function",
        ),
    ):
        configured = section.get(kind)
        table = _patterns(configured, defaults)
        present: list[str] = []
        evidence: list[Evidence] = []
        for name, patterns in table.items():
            ev = _find(flats, patterns, links_only=doc.format in ("html", "xlsx"))
            if ev is not None:
                present.append(name)
                evidence.append(ev)
        missing = [name for name in table if name not in present]
        out[f"{kind}_present"] = Element(present, tuple(evidence))
        out[f"{kind}_missing"] = Element(missing)
        if missing:
            searched = "；".join(
                f"{name}（{_searched(name, table[name], bool(configured))}）" for name in missing
            )
            findings.append(
                Finding(
                    code,
                    rules.message(
                        code, missing="、".join(missing), searched=searched, blocks=len(flats)
                    ),
                )
            )
    for f, m in search(flats, _SNAPSHOT_DATE):
        found = [d for d in dates_in(f, m.end(), min(len(f.flat), m.end() + 20)) if d[1] == m.end()]
        if found:
            value, _, end = found[0]
            out["publish_date"] = Element(value.isoformat(), (f.evidence(m.start(), end),))
            break
    return out, findings


def _patterns(configured: Any, defaults: dict[str, list[str]]) -> dict[str, list[re.Pattern[str]]]:
    source = configured if isinstance(configured, Mapping) and configured else defaults
    out: dict[str, list[re.Pattern[str]]] = {}
    for name, patterns in source.items():
        items = [patterns] if isinstance(patterns, str) else list(patterns)
        out[str(name)] = [re.compile(str(p)) for p in items]
    return out


def _find(
    flats: Sequence[Flat], patterns: list[re.Pattern[str]], *, links_only: bool
) -> Evidence | None:
    """The first short block matching a pattern (patterns in order), else any block.

    In a web page or a spreadsheet a column is a link text or a list row: a sentence that
    mentions 预决算 is not a column, so only short blocks count there. A docx/pdf list may put
    several titles in one paragraph (and a pdf page is one block), so any block counts there.
    """
    short = [f for f in flats if len(f.flat) <= _SHORT]
    for scope in (short,) if links_only else (short, flats):
        for pattern in patterns:
            hit = next(search(scope, pattern), None)
            if hit is not None:
                f, m = hit
                return f.evidence(m.start(), m.end())
    return None


def _searched(name: str, patterns: list[re.Pattern[str]], configured: bool) -> str:
    if not configured and name in _SEARCHED:
        return _SEARCHED[name]
    return "、".join(p.pattern for p in patterns)
