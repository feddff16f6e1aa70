"""表四 政府信息公开行政复议、行政诉讼情况: the three groups, their results and totals.

The number row is the row under the headers whose cells are numbers or blank; its last 15
columns are 行政复议, 未经复议直接起诉, 复议后起诉 × (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
A blank cell is None (not filled). A row with unreadable cells, or with fewer than 15 columns,
is reported for review with the cells read — never as a mismatch.
"""

from __future__ import annotations

import re

from extractors.doctypes.annual_report.table3 import (
    TABLE4_MARK,
    cell_at,
    read_number,
    review_finding,
    squeezed,
)
from extractors.doctypes.base import RulesLike
from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.text.spans import Flat
from extractors.vocabulary import REVIEW_GROUP_ZH, REVIEW_GROUPS, REVIEW_RESULT_KEYS

__all__ = ["check_table4", "read_table4"]


_GROUPS = REVIEW_GROUPS
_GROUP_LABELS = REVIEW_GROUP_ZH
_RESULTS4 = REVIEW_RESULT_KEYS
_COLUMNS = 15
#: the result headers of 表四 (prose mentioning 行政复议 and 行政诉讼 is no table)
_TABLE4_HEAD = re.compile(r"结果维持|结果纠正|尚未审结")
_HEADER_WORD = re.compile(r"结果维持|结果纠正|其他结果|尚未审结|总计|行政复议|行政诉讼|起诉")
_NUMBERISH = re.compile(r"[0-9０-９〇零一二三四五六七八九十]*")


def read_table4(
    doc: ParsedDocument, flats: list[Flat], rules: RulesLike
) -> tuple[Element, list[Finding]] | None:
    """``review_litigation`` and its findings, or None when there is no 表四."""
    for t, table in enumerate(doc.tables):
        text = "".join(squeezed(c) for row in table.rows for c in row)
        if not (TABLE4_MARK.search(text) and "行政诉讼" in text and _TABLE4_HEAD.search(text)):
            continue
        header_end = max(
            (
                r
                for r, row in enumerate(table.rows)
                if any(_HEADER_WORD.search(squeezed(c)) for c in row)
            ),
            default=-1,
        )
        data = [
            r
            for r, row in enumerate(table.rows)
            if r > header_end
            and any(squeezed(c) for c in row)
            and all(
                _NUMBERISH.fullmatch(squeezed(c)) or squeezed(c) in ("-", "—", "/") for c in row
            )
        ]
        label_ev = next(
            (
                ev
                for r, row in enumerate(table.rows[: header_end + 1])
                for c, cell in enumerate(row)
                if squeezed(cell) == "行政复议" and (ev := cell_at(doc, t, r, c, flats)) is not None
            ),
            None,
        )
        if not data:
            # headers only: every cell blank (nothing filled), still the table
            r = header_end + 1 if header_end + 1 < len(table.rows) else None
            return _from_row(doc, t, r, [None] * _COLUMNS, flats, rules, label_ev)
        r = data[0]
        row = table.rows[r]
        width = len(row)
        cols: list[int | None] = list(range(width - _COLUMNS, width)) if width >= _COLUMNS else []
        if not cols:
            # fewer columns than the template: blank cells were lost (unruled PDF)
            read = [cell_at(doc, t, r, c, flats) for c in range(width)]
            cells_ev = [e for e in read if e is not None]
            quotes = "、".join(e.quote for e in cells_ev)
            finding = review_finding(
                rules, f"表四：数字行读出{width}列（应为15列），无法对应到各栏：{quotes}", cells_ev
            )
            return Element(None, tuple(cells_ev)), [finding]
        return _from_row(doc, t, r, cols, flats, rules, label_ev)
    return None


def _from_row(
    doc: ParsedDocument,
    t: int,
    r: int | None,
    cols: list[int | None],
    flats: list[Flat],
    rules: RulesLike,
    label_ev: Evidence | None,
) -> tuple[Element, list[Finding]]:
    table = doc.tables[t]
    value: dict[str, dict[str, int | None]] = {}
    group_ev: dict[str, list[Evidence]] = {}
    evidence: list[Evidence] = [label_ev] if label_ev is not None else []
    unreadable: list[str] = []
    for g, group in enumerate(_GROUPS):
        value[group] = {}
        group_ev[group] = []
        for k, col in zip(_RESULTS4, cols[g * 5 : g * 5 + 5], strict=True):
            cell = table.rows[r][col] if r is not None and col is not None else None
            number, ok = read_number(cell, ruled=table.ruled)
            value[group][k] = number
            ev = cell_at(doc, t, r, col, flats) if r is not None and col is not None else None
            if ev is not None:
                group_ev[group].append(ev)
                evidence.append(ev)
            if not ok:
                unreadable.append(squeezed(cell))
    findings: list[Finding] = []
    if unreadable:
        findings.append(
            review_finding(
                rules, f"表四：有无法识别为数字的单元格“{'、'.join(unreadable)}”", evidence
            )
        )
    else:
        findings += check_table4(rules, value, group_ev, label_ev, ruled=table.ruled)
    return Element(value, tuple(evidence)), findings


def check_table4(
    rules: RulesLike,
    value: dict[str, dict[str, int | None]],
    group_ev: dict[str, list[Evidence]],
    label_ev: Evidence | None,
    *,
    ruled: bool = True,
) -> list[Finding]:
    """A group's 总计 against its four results: confirmed when all five are filled (or the
    filled ones already exceed it) in a ruled table, for review otherwise."""
    findings = []
    for group in _GROUPS:
        v = value[group]
        parts = [v["maintained"], v["corrected"], v["other"], v["pending"]]
        filled = [p for p in parts if p is not None]
        total = v["total"]
        if total is None or not filled or sum(filled) == total:
            continue
        computed = sum(filled)
        ev = ([label_ev] if label_ev is not None else []) + group_ev[group]
        what = f"{_GROUP_LABELS[group]}的总计"
        if ruled and (len(filled) == len(parts) or computed > total):
            findings.append(
                Finding(
                    "annual_report_total_mismatch",
                    rules.message(
                        "annual_report_total_mismatch", what=what, stated=total, computed=computed
                    ),
                    tuple(ev),
                )
            )
        else:
            findings.append(
                review_finding(
                    rules,
                    f"表四：{what}填写为{total}，已填各项相加为{computed}"
                    + ("（有空白单元格）" if ruled else "（表格无框线，按文字位置读取）"),
                    ev,
                )
            )
    return findings
