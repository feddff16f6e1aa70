"""政府信息公开工作年度报告: structured counts from tables 三 and 四, and their 勾稽 checks.

Reads the 国办公开办函〔2021〕30号 template (and the 2019 variant, whose （六）其他处理 is one
row) from the parsed tables: docx tables come whole; pdfplumber tables come per page (a table
split across pages repeats its header row), with merged cells as None or "" and labels broken
across lines. Rows are matched by label keywords, never by position; the number columns start
at the "自然人" header (else they are the last seven), and 总计 is the last column.

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
from dataclasses import dataclass, field
from typing import Any

from extractors.doctypes.other_types import (
    Flat,
    RulesLike,
    cn_int,
    dates_in,
    flatten,
    locate,
    search,
    section_value,
    title_flats,
)
from extractors.model import Element, Evidence, Finding, ParsedDocument, Table

__all__ = ["RESULT_KEYS", "extract_annual_report"]

#: keys of ``application_counts.results`` in template order (（一）…（六）, （七）总计)
RESULT_KEYS = (
    "disclosed",
    "partially_disclosed",
    "not_disclosed",
    "unable_to_provide",
    "not_processed",
    "other",
    "total",
)
_CATEGORY_LABELS = {
    "disclosed": "（一）予以公开",
    "partially_disclosed": "（二）部分公开",
    "not_disclosed": "（三）不予公开",
    "unable_to_provide": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
    "total": "（七）总计",
}
#: (row key, pattern on a whitespace-free label cell); first match wins
_ROW_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("new", re.compile(r"本年新收")),
    ("carried_over", re.compile(r"上年结转")),
    ("carried_forward", re.compile(r"结转下年度")),
    ("disclosed", re.compile(r"予以公开")),
    ("partially_disclosed", re.compile(r"部分公开")),
    ("not_disclosed", re.compile(r"不予公开")),
    ("unable_to_provide", re.compile(r"无法提供")),
    ("not_processed", re.compile(r"不予处理")),
    ("other", re.compile(r"其他处理")),
    ("total", re.compile(r"^(?:[（(]七[)）])?总计$")),
)
_SUB_ITEM = re.compile(r"^[0-9０-９]{1,2}[.．、]")
_TABLE3_MARK = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度")
_TABLE4_MARK = re.compile(r"行政复议")
_GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
_GROUP_LABELS = {
    "reconsideration": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_reconsideration": "行政诉讼（复议后起诉）",
}
_RESULTS4 = ("maintained", "corrected", "other", "pending", "total")
_NUMBER_COLUMNS = 7  # 自然人, five kinds of 法人或其他组织, 总计

Result = tuple[dict[str, Element], list[Finding]]


@dataclass
class _Row:
    key: str
    labels: list[str]
    numbers: list[int | None]
    evidence: tuple[Evidence, ...]

    @property
    def total(self) -> int | None:
        return self.numbers[-1] if self.numbers else None

    @property
    def name(self) -> str:
        return "".join("".join(t.split()) for t in self.labels)


@dataclass
class _Table3:
    rows: dict[str, _Row] = field(default_factory=dict)
    subs: dict[str, list[_Row]] = field(default_factory=dict)
    all_rows: list[_Row] = field(default_factory=list)


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

    t3 = _read_table3(doc, flats)
    if t3 is None:
        findings.append(
            Finding(
                "annual_report_missing_table",
                rules.message(
                    "annual_report_missing_table",
                    table="三、收到和处理政府信息公开申请情况",
                    searched=f"在{len(doc.tables)}个表格中查找含“本年新收”“上年结转”“本年度办理结果”“结转下年度”的行",
                ),
            )
        )
    else:
        counts, count_findings = _counts(t3, rules)
        out["application_counts"] = counts
        findings += count_findings

    t4 = _read_table4(doc, flats, rules)
    if t4 is None:
        findings.append(
            Finding(
                "annual_report_missing_table",
                rules.message(
                    "annual_report_missing_table",
                    table="四、政府信息公开行政复议、行政诉讼情况",
                    searched=f"在{len(doc.tables)}个表格中查找含“行政复议”且有15个数字列的表格",
                ),
            )
        )
    else:
        out["review_litigation"], more = t4
        findings += more
    return out, findings


# ----------------------------------------------------------------------------- year, date, body

_YEAR = r"(\d{4}|[〇○零Ｏ一二三四五六七八九]{4})"
_TITLE_YEAR = re.compile(_YEAR + r"年度?")
_PERIOD_YEAR = re.compile(r"统计期限自" + _YEAR + r"年")
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
                y = cn_int(m.group(1))
                if y is not None and 1990 < y < 2100:
                    return f, m, y
    return None


def _year(flats: list[Flat]) -> Element | None:
    found = _title_year(flats)
    if found is not None:
        f, m, y = found
        return Element(y, (f.evidence(m.start(), m.end()),))
    for f, m in search(flats, _PERIOD_YEAR):
        value = cn_int(m.group(1))
        if value is not None:
            return Element(value, (f.evidence(m.start(), m.end()),))
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


# ----------------------------------------------------------------------------- table 三


def _squeezed(cell: str | None) -> str:
    return "".join((cell or "").split())


def _int_cell(cell: str | None) -> int | None:
    s = _squeezed(cell)
    if s in ("", "-", "—", "/", "－"):
        return None
    return cn_int(s)


def _read_table3(doc: ParsedDocument, flats: list[Flat]) -> _Table3 | None:
    found = _Table3()
    category: str | None = None
    start_col: int | None = None
    for table in doc.tables:
        text = "".join(_squeezed(c) for row in table.rows for c in row)
        if not _TABLE3_MARK.search(text) or _TABLE4_MARK.search(text):
            continue
        width = max(len(r) for r in table.rows)
        header_col = _header_column(table)
        if header_col is not None:
            start_col = header_col
        elif start_col is None or start_col >= width:
            start_col = max(1, width - _NUMBER_COLUMNS)
        cells_ev = _cell_evidence(table, flats)
        for r, row in enumerate(table.rows):
            labels = [c for c in row[:start_col] if c and _squeezed(c)]
            numbers = [_int_cell(c) for c in row[start_col:]]
            if not labels or all(n is None for n in numbers):
                continue
            key: str | None = None
            sub = False
            for cell in labels:
                s = _squeezed(cell)
                if _SUB_ITEM.match(s):
                    sub = True
                    continue
                for k, pattern in _ROW_KEYS:
                    if pattern.search(s):
                        key = k
                if key is not None and key in _CATEGORY_LABELS:
                    category = key
            if key is None and sub:
                key = category
            if key is None:
                continue
            item = _Row(
                key, labels, numbers, _row_evidence(table, r, row, start_col, cells_ev, flats)
            )
            found.all_rows.append(item)
            if sub and key == category and key in _CATEGORY_LABELS:
                found.subs.setdefault(key, []).append(item)
            elif key not in found.rows:
                found.rows[key] = item
    return found if found.all_rows else None


def _header_column(table: Table) -> int | None:
    for row in table.rows[:4]:
        for c, cell in enumerate(row):
            if _squeezed(cell) == "自然人":
                return c
    return None


def _cell_evidence(table: Table, flats: list[Flat]) -> dict[tuple[int, int], Evidence]:
    """docx: each non-empty cell is its own block, in row order from ``table.paragraph``."""
    out: dict[tuple[int, int], Evidence] = {}
    if table.paragraph is None:
        return out
    by_index = {f.block.paragraph: f for f in flats if f.block.paragraph is not None}
    index = table.paragraph
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if not _squeezed(cell):
                continue
            f = by_index.get(index)
            if f is None or f.flat != _squeezed(cell):
                return out  # nested table or unexpected layout: fall back to searching
            out[(r, c)] = f.evidence()
            index += 1
    return out


def _row_evidence(
    table: Table,
    r: int,
    row: tuple[str | None, ...],
    start_col: int,
    cells_ev: dict[tuple[int, int], Evidence],
    flats: list[Flat],
) -> tuple[Evidence, ...]:
    """The row's label cells and its 总计 cell (docx), or label and number line (pdf)."""
    label_cols = [c for c in range(min(start_col, len(row))) if _squeezed(row[c])]
    last = len(row) - 1
    if all((r, c) in cells_ev for c in label_cols) and (r, last) in cells_ev:
        return (*(cells_ev[r, c] for c in label_cols), cells_ev[r, last])
    evidence: list[Evidence] = []
    numbers = " ".join(_squeezed(c) for c in row[start_col:] if _squeezed(c))
    for c in label_cols:
        text = str(row[c])
        lines = [ln for ln in text.splitlines() if ln.strip()]
        ev = locate(
            flats,
            [text, lines[0] if lines else None],
            page=table.page,
            min_paragraph=table.paragraph,
        )
        if ev is not None:
            evidence.append(ev)
    lines = [ln for ln in str(row[label_cols[-1]]).splitlines() if ln.strip()] if label_cols else []
    tail = lines[-1] if lines else ""
    ev = locate(
        flats,
        [f"{tail} {numbers}", numbers],
        page=table.page,
        min_paragraph=table.paragraph,
    )
    if ev is not None and ev not in evidence:
        evidence.append(ev)
    return tuple(evidence)


def _counts(t3: _Table3, rules: RulesLike) -> tuple[Element, list[Finding]]:
    findings: list[Finding] = []
    evidence: list[Evidence] = []

    def add_ev(row: _Row) -> None:
        for ev in row.evidence:
            if ev not in evidence:
                evidence.append(ev)

    def mismatch(what: str, stated: int, computed: int, rows: list[_Row]) -> None:
        ev: list[Evidence] = []
        for row in rows:
            ev += [e for e in row.evidence if e not in ev]
        findings.append(
            Finding(
                "annual_report_total_mismatch",
                rules.message(
                    "annual_report_total_mismatch", what=what, stated=stated, computed=computed
                ),
                tuple(ev),
            )
        )

    # Row totals: 总计 = 自然人 + the five kinds of 法人或其他组织.
    for row in t3.all_rows:
        parts = [n for n in row.numbers[:-1] if n is not None]
        if row.total is not None and parts and sum(parts) != row.total:
            mismatch(f"“{row.name}”一行的总计", row.total, sum(parts), [row])

    results: dict[str, int | None] = {}
    details: dict[str, list[int | None]] = {}
    category_rows: dict[str, list[_Row]] = {}
    for key in RESULT_KEYS[:-1]:
        explicit = t3.rows.get(key)
        subs = t3.subs.get(key, [])
        if subs:
            details[key] = [s.total for s in subs]
        sub_sum = sum(s.total or 0 for s in subs)
        if explicit is not None and explicit.total is not None:
            results[key] = explicit.total
            category_rows[key] = [explicit]
            if subs and sub_sum != explicit.total:
                mismatch(
                    f"“{_CATEGORY_LABELS[key]}”的小计", explicit.total, sub_sum, [explicit, *subs]
                )
        elif subs:
            results[key] = sub_sum
            category_rows[key] = subs
        else:
            results[key] = None
        for row in category_rows.get(key, []):
            add_ev(row)
    total_row = t3.rows.get("total")
    results["total"] = total_row.total if total_row is not None else None
    if total_row is not None and total_row.total is not None:
        add_ev(total_row)
        present = [k for k in RESULT_KEYS[:-1] if results[k] is not None]
        computed = sum(results[k] or 0 for k in present)
        if present and computed != total_row.total:
            rows = [total_row] + [r for k in present for r in category_rows[k]]
            mismatch("“（七）总计”", total_row.total, computed, rows)

    value: dict[str, Any] = {}
    for key in ("new", "carried_over"):
        got = t3.rows.get(key)
        value[key] = got.total if got is not None else None
        if got is not None:
            add_ev(got)
    value["results"] = results
    forward = t3.rows.get("carried_forward")
    value["carried_forward"] = forward.total if forward is not None else None
    if forward is not None:
        add_ev(forward)
    value["details"] = details

    new, old, done, forward_n = (
        value["new"],
        value["carried_over"],
        results["total"],
        value["carried_forward"],
    )
    if new is not None and old is not None and done is not None and forward_n is not None:
        left = new + old
        right = done + forward_n
        if left != right:
            rows = [t3.rows[k] for k in ("new", "carried_over", "total", "carried_forward")]
            ev: list[Evidence] = []
            for row in rows:
                ev += [e for e in row.evidence if e not in ev]
            findings.append(
                Finding(
                    "annual_report_balance_mismatch",
                    rules.message(
                        "annual_report_balance_mismatch",
                        new=value["new"],
                        carried_over=value["carried_over"],
                        total=results["total"],
                        carried_forward=value["carried_forward"],
                        left=left,
                        right=right,
                    ),
                    tuple(ev),
                )
            )
    return Element(value, tuple(evidence)), findings


# ----------------------------------------------------------------------------- table 四


def _read_table4(
    doc: ParsedDocument, flats: list[Flat], rules: RulesLike
) -> tuple[Element, list[Finding]] | None:
    for table in doc.tables:
        text = "".join(_squeezed(c) for row in table.rows for c in row)
        if not (_TABLE4_MARK.search(text) and "行政诉讼" in text):
            continue
        cells_ev = _cell_evidence(table, flats)
        for r, row in enumerate(table.rows):
            nums = [(c, _int_cell(cell)) for c, cell in enumerate(row) if _squeezed(cell)]
            if len(nums) < 15 or any(n is None for _, n in nums[-15:]):
                continue
            picked = nums[-15:]
            value: dict[str, dict[str, int]] = {}
            evidence: list[Evidence] = []
            label_ev = locate(flats, ["行政复议"], page=table.page, min_paragraph=table.paragraph)
            if label_ev is not None:
                evidence.append(label_ev)
            numbers_ev = None
            if not cells_ev:
                numbers_ev = locate(
                    flats,
                    [" ".join(str(n) for _, n in picked)],
                    page=table.page,
                    min_paragraph=table.paragraph,
                )
                if numbers_ev is not None:
                    evidence.append(numbers_ev)
            group_ev: dict[str, list[Evidence]] = {}
            for g, group in enumerate(_GROUPS):
                cells = picked[g * 5 : g * 5 + 5]
                value[group] = {k: int(n or 0) for k, (_, n) in zip(_RESULTS4, cells, strict=True)}
                evs = [cells_ev[(r, c)] for c, _ in cells if (r, c) in cells_ev]
                group_ev[group] = evs or ([numbers_ev] if numbers_ev else [])
                evidence += [e for e in evs if e not in evidence]
            return Element(value, tuple(evidence)), _check_table4(rules, value, group_ev, label_ev)
    return None


def _check_table4(
    rules: RulesLike,
    value: dict[str, dict[str, int]],
    group_ev: dict[str, list[Evidence]],
    label_ev: Evidence | None,
) -> list[Finding]:
    findings = []
    for group in _GROUPS:
        v = value[group]
        computed = v["maintained"] + v["corrected"] + v["other"] + v["pending"]
        if computed != v["total"]:
            ev = ([label_ev] if label_ev is not None else []) + group_ev[group]
            findings.append(
                Finding(
                    "annual_report_total_mismatch",
                    rules.message(
                        "annual_report_total_mismatch",
                        what=f"{_GROUP_LABELS[group]}的总计",
                        stated=v["total"],
                        computed=computed,
                    ),
                    tuple(ev),
                )
            )
    return findings
