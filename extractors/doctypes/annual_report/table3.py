"""表三 收到和处理政府信息公开申请情况: rows by label, the number columns, and the 勾稽 checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractors.doctypes.base import RulesLike
from extractors.model import Element, Evidence, Finding, ParsedDocument, Table
from extractors.text.numerals import chinese_number
from extractors.text.spans import Flat, locate
from extractors.vocabulary import (
    ANNUAL_RESULT_KEYS,
    ANNUAL_RESULT_ZH,
)

__all__ = [
    "RESULT_KEYS",
    "TABLE4_MARK",
    "Row",
    "Table3",
    "cell_evidence",
    "check_counts",
    "int_cell",
    "read_table3",
    "squeezed",
]


RESULT_KEYS = ANNUAL_RESULT_KEYS
_CATEGORY_LABELS = ANNUAL_RESULT_ZH
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
#: 表四's mark: a table that holds it is not 表三
TABLE4_MARK = re.compile(r"行政复议")
_TABLE3_MARK = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度")


_NUMBER_COLUMNS = 7  # 自然人, five kinds of 法人或其他组织, 总计


@dataclass
class Row:
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
class Table3:
    rows: dict[str, Row] = field(default_factory=dict)
    subs: dict[str, list[Row]] = field(default_factory=dict)
    all_rows: list[Row] = field(default_factory=list)


# ----------------------------------------------------------------------------- table 三


def squeezed(cell: str | None) -> str:
    return "".join((cell or "").split())


def int_cell(cell: str | None) -> int | None:
    s = squeezed(cell)
    if s in ("", "-", "—", "/", "－"):
        return None
    return chinese_number(s)


def read_table3(doc: ParsedDocument, flats: list[Flat]) -> Table3 | None:
    found = Table3()
    category: str | None = None
    start_col: int | None = None
    for table in doc.tables:
        text = "".join(squeezed(c) for row in table.rows for c in row)
        if not _TABLE3_MARK.search(text) or TABLE4_MARK.search(text):
            continue
        width = max(len(r) for r in table.rows)
        header_col = _header_column(table)
        if header_col is not None:
            start_col = header_col
        elif start_col is None or start_col >= width:
            start_col = max(1, width - _NUMBER_COLUMNS)
        cells_ev = cell_evidence(table, flats)
        for r, row in enumerate(table.rows):
            labels = [c for c in row[:start_col] if c and squeezed(c)]
            numbers = [int_cell(c) for c in row[start_col:]]
            if not labels or all(n is None for n in numbers):
                continue
            key: str | None = None
            sub = False
            for cell in labels:
                s = squeezed(cell)
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
            item = Row(
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
            if squeezed(cell) == "自然人":
                return c
    return None


def cell_evidence(table: Table, flats: list[Flat]) -> dict[tuple[int, int], Evidence]:
    """docx: each non-empty cell is its own block, in row order from ``table.paragraph``."""
    out: dict[tuple[int, int], Evidence] = {}
    if table.paragraph is None:
        return out
    by_index = {f.block.paragraph: f for f in flats if f.block.paragraph is not None}
    index = table.paragraph
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if not squeezed(cell):
                continue
            f = by_index.get(index)
            if f is None or f.flat != squeezed(cell):
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
    label_cols = [c for c in range(min(start_col, len(row))) if squeezed(row[c])]
    last = len(row) - 1
    if all((r, c) in cells_ev for c in label_cols) and (r, last) in cells_ev:
        return (*(cells_ev[r, c] for c in label_cols), cells_ev[r, last])
    evidence: list[Evidence] = []
    numbers = " ".join(squeezed(c) for c in row[start_col:] if squeezed(c))
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


def check_counts(t3: Table3, rules: RulesLike) -> tuple[Element, list[Finding]]:
    findings: list[Finding] = []
    evidence: list[Evidence] = []

    def add_ev(row: Row) -> None:
        for ev in row.evidence:
            if ev not in evidence:
                evidence.append(ev)

    def mismatch(what: str, stated: int, computed: int, rows: list[Row]) -> None:
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
    category_rows: dict[str, list[Row]] = {}
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
