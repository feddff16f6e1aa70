"""The year a 工作要点 / 实施方案 / 年度报告 is **for** (not the year it was issued).

"2024年政务公开工作要点" → 2024; "2023年政府信息公开工作年度报告" → 2023 even when dated
2024. The title decides (the year nearest before the document kind, so a 文号's 〔2024〕 or a
date never counts); without a year in the title, the body's own statement: "为做好2024年政务公开
工作", "2024年政务公开工作要点", or a report's "统计期限自2023年1月1日起". No guess from the
document date: an absent year is omitted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.doctypes.classify import find_title
from extractors.model import Element, Evidence, ParsedDocument
from extractors.rules import ExtractionRules
from extractors.text.numerals import chinese_number
from extractors.text.spans import flatten, search

__all__ = ["PLAN_TYPES", "extract_year"]

PLAN_TYPES = frozenset({"work_plan", "implementation_plan", "annual_report"})

_YEAR = r"((?:19|20)\d{2}|[〇○零Ｏ一二][〇○零Ｏ一二三四五六七八九]{3})"
# A year, not the start of a full date ("2024年3月") nor a range's first year ("2021—2025年").
_TITLE_YEAR = re.compile(_YEAR + r"\s*年(?:度)?(?!\s*[\d一二三四五六七八九十]{1,2}\s*月)")
_BODY_YEAR: Mapping[str, tuple[re.Pattern[str], ...]] = {
    "work_plan": (
        # "2024年政务公开工作要点", "《2017年定陶区政务公开工作要点》" (a place name between)
        re.compile(
            _YEAR
            + r"年(?:度)?(?:全[县市区省]|[\u4e00-\u9fff]{1,8}?)?(?:政务公开|政府信息公开)工作要点"
        ),
        re.compile(r"(?:做好|抓好|推进)" + _YEAR + r"年(?:度)?(?:全[县市区省])?政务公开"),
    ),
    "implementation_plan": (
        re.compile(r"(?:做好|抓好|推进|完成)" + _YEAR + r"年(?:度)?"),
        re.compile(_YEAR + r"年(?:度)?[^。；]{0,20}(?:工作要点|实施方案|工作安排)"),
    ),
    "annual_report": (
        re.compile(r"统计期限(?:为|自|从)?" + _YEAR + r"年"),
        re.compile(_YEAR + r"年(?:度)?(?:政府信息公开|政务公开)工作年度报告"),
        re.compile(r"本(?:年度)?报告[^。]{0,40}?" + _YEAR + r"年"),
    ),
}


def extract_year(
    doc: ParsedDocument, doc_type: str, common: Mapping[str, object], rules: ExtractionRules
) -> dict[str, Element]:
    """``{"year": Element(int)}`` for a plan or annual report whose year is stated, else ``{}``."""
    if doc_type not in PLAN_TYPES:
        return {}
    title = find_title(doc, rules)
    if title is not None:
        year = _title_year(title)
        if year is not None:
            return {"year": year}
    flats = flatten(doc)
    for pattern in _BODY_YEAR.get(doc_type, ()):
        for f, m in search(flats, pattern):
            y = _int_year(m.group(1))
            if y is not None:
                return {"year": Element(y, (f.evidence(m.start(), m.end()),))}
    return {}


def _title_year(title: Evidence) -> Element | None:
    found = [(m, y) for m in _TITLE_YEAR.finditer(title.quote) if (y := _int_year(m.group(1)))]
    if not found:
        return None
    # The last stated year before the kind ("2023年度…2024年工作要点" is the 2024 plan).
    _, year = found[-1]
    return Element(year, (title,))


def _int_year(text: str) -> int | None:
    y = chinese_number(text)
    return y if y is not None and 1990 <= y <= 2100 else None
