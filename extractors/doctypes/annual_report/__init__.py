"""政府信息公开工作年度报告: structured counts from tables 三 and 四, and their 勾稽 checks.

Reads the 国办公开办函〔2021〕30号 template (and the 2019 variant, whose （六）其他处理 is one
row) from the parsed tables: docx tables come whole; pdfplumber tables come per page (a table
split across pages repeats its header row), with merged cells as None or "" and labels broken
across lines. Rows are matched by label keywords, never by position; the number columns start
at the "自然人" header (else they are the last seven), and 总计 is the last column. A web table
copied with its rows left-aligned, or flattened into one cell per paragraph, is read too, but
never confirms a defect (:mod:`.table3`, :mod:`.flattened`).

Checks (finding codes, messages in ``config/extraction.yaml``):

* ``annual_report_balance_mismatch``: 新收 + 上年结转 ≠ 办理结果总计 + 结转下年度 (总计 column);
* ``annual_report_total_mismatch``: a row's 总计 ≠ the sum of its columns; the （七）总计 ≠ the sum
  of （一）…（六） (a category with sub-items counts as the sum of its sub-items, once); a 复议/诉讼
  group's 总计 ≠ the sum of its four results;
* ``annual_report_missing_table``: table 三 (or 四) not found, naming what was searched;
* ``annual_report_late``: published after the deadline (部门 1月31日, 本级政府 3月31日 of year+1).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from extractors.doctypes.annual_report.flattened import text_lines
from extractors.doctypes.annual_report.table3 import (
    RESULT_KEYS,
    check_counts,
    read_table3,
    review_finding,
)
from extractors.doctypes.annual_report.table4 import read_table4
from extractors.doctypes.annual_report.table4_text import read_table4_lines
from extractors.doctypes.base import RulesLike, section_value
from extractors.model import Element, Finding, ParsedDocument
from extractors.text.numerals import chinese_number
from extractors.text.spans import Flat, dates_in, flatten, search, title_flats

__all__ = ["RESULT_KEYS", "extract_annual_report"]


Result = tuple[dict[str, Element], list[Finding]]


def extract_annual_report(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """Elements ``year``, ``publish_date``, ``reporting_body``, ``reporting_body_kind``,
    ``deadline``, ``published_by_deadline`` (always), ``application_counts`` and
    ``review_litigation``, with the findings listed in the module docstring."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []

    year_el = _year(flats)
    if year_el is not None:
        out["year"] = year_el
    year = year_el.value if year_el is not None else None

    pub = _publish_date(flats, common, year)
    if pub is not None:
        out["publish_date"] = pub
    body = _reporting_body(flats, common)
    if body is not None:
        out["reporting_body"] = body
        pattern = str(
            section_value(
                rules,
                "annual_report",
                "government_name_pattern",
                r"(?:人民政府|[县区市旗州盟乡镇])$",
            )
        )
        kind = "government" if re.search(pattern, body.value) else "department"
        out["reporting_body_kind"] = Element(kind, body.evidence)
        findings += _deadline_check(rules, out, kind, year, pub)
    if "published_by_deadline" not in out:
        out["published_by_deadline"] = Element(None)

    t3 = read_table3(doc, flats)
    text = "".join(f.flat for f in flats)
    if t3 is None:
        findings.append(
            _unread_table(
                rules,
                "三、收到和处理政府信息公开申请情况",
                f"在{len(doc.tables)}个表格中查找含“本年新收”“上年结转”“本年度办理结果”“结转下年度”的行",
                _TABLE3_TEXT.search(text) is not None,
            )
        )
    else:
        counts, count_findings = check_counts(t3, rules)
        out["application_counts"] = counts
        findings += count_findings

    t4 = read_table4(doc, flats, rules) or read_table4_lines(flats, rules)
    if t4 is None:
        findings.append(
            _unread_table(
                rules,
                "四、政府信息公开行政复议、行政诉讼情况",
                f"在{len(doc.tables)}个表格中查找含“行政复议”“行政诉讼”及“结果维持”等栏目的表格",
                _TABLE4_TEXT.search(text) is not None,
            )
        )
    else:
        out["review_litigation"], more = t4
        findings += more
    return out, findings


#: the table's own row/column labels in the text: the table is there, only not read as one
_TABLE3_TEXT = re.compile(r"本年新收政府信息公开申请|结转下年度继续办理")
_TABLE4_TEXT = re.compile(r"未经复议直接起诉|复议后起诉|尚未审结")


def _unread_table(rules: RulesLike, table: str, searched: str, in_text: bool) -> Finding:
    """``annual_report_missing_table``, or — when the table's labels are in the text but no
    table could be read from the layout — ``annual_report_needs_review``."""
    if in_text:
        return review_finding(
            rules, f"正文中有“{table}”表格的栏目文字，但未能按表格读取（{searched}）", []
        )
    return Finding(
        "annual_report_missing_table",
        rules.message("annual_report_missing_table", table=table, searched=searched),
    )


# ----------------------------------------------------------------------------- year, date, body

_YEAR = r"(\d{4}|[〇○零Ｏ一二三四五六七八九]{4})"
_TITLE_YEAR = re.compile(_YEAR + r"年度?")
_REPORT_TITLE = re.compile(r"政府信息公开(?:工作)?年度?报告|政务公开(?:工作)?年度?报告")


def _title_year(flats: list[Flat]) -> tuple[Flat, re.Match[str], int] | None:
    """The year in the report's title: just before "政府信息公开工作年度报告" (within the
    title's own lines), or right after it as in "…年度报告（2023年度）"."""
    for f in title_flats(flats, 8):
        for t in _REPORT_TITLE.finditer(f.flat):
            line = max((i for i in (0, *f.line_starts) if i <= t.start()), default=0)
            # a title broken over two lines: allow the line before as well
            prev = max((i for i in (0, *f.line_starts) if i < line), default=0)
            lo = max(prev, t.start() - 40)
            years = [m for m in _TITLE_YEAR.finditer(f.flat, lo, t.start())]
            after = _TITLE_YEAR.search(f.flat, t.end(), t.end() + 12)
            for m in [*reversed(years), *([after] if after else [])]:
                y = chinese_number(m.group(1))
                if y is not None and 1990 < y < 2100:
                    return f, m, y
    return None


#: the body's own statements of the year, as the plans' year reader has them (kept in step)
_BODY_YEAR = (
    re.compile(r"统计期限(?:为|自|从)?" + _YEAR + r"年"),
    re.compile(_YEAR + r"年度?(?:政府信息公开|政务公开)工作年度报告"),
    re.compile(r"本(?:年度)?报告[^。]{0,40}?" + _YEAR + r"年"),
)
_OVERVIEW = re.compile(r"^[一1][、.．]总体情况$")
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,2}[)）][^。，,；;]{0,15}$")
#: "2019年我局政府信息公开工作运行良好", "2019年，我乡…": not a date, not "2019年以来"
_OPENING_YEAR = re.compile(
    _YEAR + r"年度?(?![0-9０-９一二三四五六七八九十]{1,2}月|以来|起|至|[—－~-])[，,、]?"
)


def _year(flats: list[Flat]) -> Element | None:
    """The title's year, else the body's statement (统计期限…), else the year that opens the
    first paragraph of 一、总体情况 when that sentence is about 公开 (a report excerpted
    without its title: "一、总体情况 / 2019年我局政府信息公开工作运行良好")."""
    found = _title_year(flats)
    if found is not None:
        f, m, y = found
        return Element(y, (f.evidence(m.start(), m.end()),))
    for pattern in _BODY_YEAR:
        for f, m in search(flats, pattern):
            value = chinese_number(m.group(1))
            if value is not None and 1990 < value < 2100:
                return Element(value, (f.evidence(m.start(), m.end()),))
    return _overview_year(flats)


def _overview_year(flats: list[Flat]) -> Element | None:
    lines = list(text_lines(flats))
    for i, (f, a, b, _) in enumerate(lines):
        if not _OVERVIEW.match(f.flat[a:b]):
            continue
        for g, c, d, _ in lines[i + 1 : i + 4]:
            line = g.flat[c:d]
            if _SUBHEADING.match(line):
                continue
            m = _OPENING_YEAR.match(line)
            end = g.flat.find("。", c)
            sentence = g.flat[c : end if end >= 0 else len(g.flat)]
            if m is None or "公开" not in sentence:
                return None
            value = chinese_number(m.group(1))
            if value is None or not 1990 < value < 2100:
                return None
            return Element(value, (g.evidence(c + m.start(1), c + m.end(1) + 1),))
        return None
    return None


_PUBLISHED = re.compile(r"(?:发布|公开|成文)(?:日期|时间)[:：]?|发布于")


def _publish_date(
    flats: list[Flat], common: Mapping[str, Element], year: int | None
) -> Element | None:
    """A web snapshot's 发布日期, else the 落款 date, else the last date after the report year."""
    for f, m in search(flats, _PUBLISHED):
        found = [d for d in dates_in(f, m.end(), min(len(f.flat), m.end() + 20)) if d[1] == m.end()]
        if found:
            value, start, end = found[0]
            return Element(value.isoformat(), (f.evidence(m.start(), end),))
    el = common.get("document_date")
    if el is not None and el.value:
        return el
    for f in reversed(flats):
        for value, start, end in reversed(dates_in(f)):
            if year is None or value > datetime.date(year, 12, 31):
                return Element(value.isoformat(), (f.evidence(start, end),))
    return None


_ORG_SUFFIX = (
    r"(?:人民政府|管理委员会|管委会|办公室|委员会|局|委|办|厅|署|院|中心|所|站|会"
    r"|[县区市旗州盟乡镇])"
)


def _reporting_body(flats: list[Flat], common: Mapping[str, Element]) -> Element | None:
    """Whose report it is: the name before the year in the title, else the 落款 issuer."""
    found = _title_year(flats)
    if found is not None:
        f, m, _ = found
        line = max((i for i in (0, *f.line_starts) if i <= m.start()), default=0)
        start = max(line, m.start() - 30)
        name = re.search(
            r"[\u4e00-\u9fa5]{2,30}?" + _ORG_SUFFIX + r"(?=(?:关于)?$)", f.flat[start : m.start()]
        )
        if name:
            return Element(name.group(0), (f.evidence(start + name.start(), start + name.end()),))
    el = common.get("issuer")
    return el if el is not None and el.value else None


def _month_day(value: Any) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", str(value))
    if not m:
        from kaohe.errors import ConfigError

        raise ConfigError(f"extraction.yaml 的 annual_report.deadlines 应为 MM-DD：{value!r}")
    return int(m.group(1)), int(m.group(2))


def _deadline_check(
    rules: RulesLike,
    out: dict[str, Element],
    kind: str,
    year: int | None,
    pub: Element | None,
) -> list[Finding]:
    if year is None:
        return []
    deadlines = {"department": "01-31", "government": "03-31"}
    deadlines.update(section_value(rules, "annual_report", "deadlines", {}))
    month, day = _month_day(deadlines[kind])
    deadline = datetime.date(year + 1, month, day)
    out["deadline"] = Element(deadline.isoformat(), out["reporting_body"].evidence)
    if pub is None:
        return []
    published = datetime.date.fromisoformat(str(pub.value))
    on_time = published <= deadline
    out["published_by_deadline"] = Element(on_time, pub.evidence)
    if on_time:
        return []
    return [
        Finding(
            "annual_report_late",
            rules.message(
                "annual_report_late",
                date=published.isoformat(),
                deadline=deadline.isoformat(),
                kind="本级人民政府" if kind == "government" else "政府部门",
            ),
            pub.evidence + out["reporting_body"].evidence,
        )
    ]
