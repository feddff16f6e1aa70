"""表三 收到和处理政府信息公开申请情况: rows by label, the number columns, and the 勾稽 checks.

Reading (国办公开办函〔2021〕30号 template and the 2019 format, docx / html / pdf):

* rows are matched by label keywords, never by position; a category label that shares its cell
  with the first sub-item ("（四）无法提供 2.没有现成信息需要另行制作" or the label on one line and
  "1.…" on the next) is the category *and* a sub-row; a vertically merged category label reaches
  the following sub-rows;
* the number columns start at the "自然人" header (else they are the last seven), 总计 last;
  a table spread over pages continues with the previous part's columns, repeated headers skipped,
  and a next-page part without any header or category label is recognised by its row labels;
* a row whose labels reach into the number columns (a web table copied with each row's cells
  left-aligned, whatever the merged cells above) is read on its own: its labels, then the next
  seven cells; with no table at all, the rows of a table flattened into text lines
  (:mod:`.flattened`). Neither is aligned by column, so neither confirms a defect;
* a blank cell is ``None`` (not filled), never 0; a cell holding text that is not a number is
  *unreadable* and makes every check it takes part in a review, never a finding.

Checks: a confirmed ``annual_report_total_mismatch`` / ``annual_report_balance_mismatch`` only
when every cell involved was read unambiguously and no blank cell could explain the difference;
otherwise ``annual_report_needs_review`` with the cells read (``certainty: review``, no deduction).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from extractors.doctypes.annual_report.cells import (
    RawRow,
    cell_at,
    int_cell,
    read_number,
    squeezed,
)
from extractors.doctypes.annual_report.flattened import flattened_rows
from extractors.doctypes.base import RulesLike
from extractors.model import Element, Evidence, Finding, ParsedDocument, Table
from extractors.text.spans import Flat
from extractors.vocabulary import ANNUAL_RESULT_KEYS, ANNUAL_RESULT_ZH

__all__ = [
    "RESULT_KEYS",
    "REVIEW_CODE",
    "TABLE4_MARK",
    "Cell",
    "RawRow",
    "Row",
    "Table3",
    "cell_at",
    "check_counts",
    "int_cell",
    "read_number",
    "read_table3",
    "review_finding",
    "squeezed",
]


RESULT_KEYS = ANNUAL_RESULT_KEYS
REVIEW_CODE = "annual_report_needs_review"
_CATEGORY_LABELS = ANNUAL_RESULT_ZH
#: (row key, pattern on a whitespace-free label cell); the last pattern found in a cell wins
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
#: categories and the sub-items each has (2021 template; the 2019 format's （六） has none)
_CATEGORY_PATTERN = {k: p for k, p in _ROW_KEYS if k in _CATEGORY_LABELS}
_EXPECTED_SUBS = {"not_disclosed": (8,), "unable_to_provide": (3,), "not_processed": (5,)}
_SUB_ITEM = re.compile(r"^[0-9０-９]{1,2}[.．、]")
#: a sub-item number after a category label in the same cell ("（四）无法提供2.没有现成…")
_SUB_AFTER = re.compile(r"(?:无法提供|不予公开|不予处理|其他处理)([0-9０-９]{1,2})[.．、]")
#: 表四's mark: a table that holds it is not 表三
TABLE4_MARK = re.compile(r"行政复议")
_TABLE3_MARK = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|予以公开|不予处理")
_HEADER = re.compile(r"自然人|法人或其他组织|申请人情况")
_NUMBER_COLUMNS = 7  # 自然人, five kinds of 法人或其他组织, 总计


@dataclass(frozen=True)
class Cell:
    """One number cell: value None when blank; ``ok`` False when it holds text not a number."""

    value: int | None
    ok: bool
    evidence: Evidence | None


@dataclass
class Row:
    key: str
    labels: list[str]
    cells: list[Cell]
    label_evidence: tuple[Evidence, ...]
    sub: bool = False
    #: False when read from a table placed from word positions (no ruling lines)
    ruled: bool = True
    #: False when the cells were not placed by column (left-aligned or flattened table)
    aligned: bool = True

    @property
    def numbers(self) -> list[int | None]:
        return [c.value for c in self.cells]

    @property
    def total(self) -> int | None:
        return self.cells[-1].value if self.cells else None

    @property
    def total_cell(self) -> Cell | None:
        return self.cells[-1] if self.cells else None

    @property
    def clean(self) -> bool:
        return (
            self.ruled
            and self.aligned
            and len(self.cells) == _NUMBER_COLUMNS
            and all(c.ok for c in self.cells)
        )

    @property
    def name(self) -> str:
        return "".join("".join(t.split()) for t in self.labels)

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The label cells and the 总计 cell: what the row's value rests on."""
        total = self.total_cell
        extra = (total.evidence,) if total is not None and total.evidence is not None else ()
        return self.label_evidence + extra


@dataclass
class Table3:
    rows: dict[str, Row] = field(default_factory=dict)
    subs: dict[str, list[Row]] = field(default_factory=dict)
    all_rows: list[Row] = field(default_factory=list)
    #: reasons the table may have been misread (Chinese), for the review finding
    doubts: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- table 三


def _is_table3(table: Table) -> bool:
    text = "".join(squeezed(c) for row in table.rows for c in row)
    return bool(_TABLE3_MARK.search(text)) and not TABLE4_MARK.search(text)


def read_table3(doc: ParsedDocument, flats: list[Flat]) -> Table3 | None:
    """Rows of every part of 表三 (see the module docstring), or None when there is none.

    The table's rows come from ``doc.tables``; when no table holds 表三, from the text lines
    of a table flattened into paragraphs (:mod:`.flattened`)."""
    found = Table3()
    state: dict[str, str | None] = {"category": None}
    for raw in _table_rows(doc, flats):
        _ingest(found, state, raw)
    if not found.all_rows:
        state["category"] = None
        for raw in flattened_rows(flats):
            _ingest(found, state, raw)
    if not found.all_rows:
        return None
    _regroup(found)
    for key, counts in _EXPECTED_SUBS.items():
        n = len(found.subs.get(key, []))
        if n and n not in counts:
            found.doubts.append(f"“{_CATEGORY_LABELS[key]}”读出{n}个分项（模板为{counts[0]}个）")
    for key in ("new", "carried_over", "total", "carried_forward"):
        if key not in found.rows:
            found.doubts.append(f"未读到“{_ROW_NAMES[key]}”一行")
    return found


def _is_label(cell: str | None) -> bool:
    """A cell holding text that is not a number (nor a blank mark)."""
    s = squeezed(cell)
    return bool(s) and read_number(s)[1] is False


def _continues(doc: ParsedDocument, previous: int | None, t: int) -> bool:
    """Table ``t`` is the next page's part of the 表三 read just before it: the table right
    after it, on a later page, not 表四, whose rows are labelled as 表三's rows are, while the
    part before has not reached the last row (结转下年度)."""
    if previous is None or t != previous + 1:
        return False
    before, table = doc.tables[previous], doc.tables[t]
    if before.page is None or table.page is None or table.page <= before.page:
        return False
    text = "".join(squeezed(c) for row in table.rows for c in row)
    if TABLE4_MARK.search(text) or any("结转下年度" in squeezed(c) for r in before.rows for c in r):
        return False  # 表四, or 表三 already ended on the page before
    labels = [squeezed(c) for row in table.rows for c in row if _is_label(c)]
    return any(_row_label(s) for s in labels)


def _row_label(s: str) -> bool:
    """A whitespace-free cell that names a row of 表三 (a row key or a sub-item)."""
    return _label_key(s)[0] is not None or bool(_SUB_ITEM.match(s))


def _table_rows(doc: ParsedDocument, flats: list[Flat]) -> list[RawRow]:
    """The rows of the parsed tables holding 表三.

    The number columns start at the "自然人" header; a row whose labels are not all left of
    that column (a table published with its rows left-aligned: each row's cells one after the
    other whatever the merged cells above) is read on its own: its labels, then the next seven
    cells — not aligned, so it never confirms a defect."""
    out: list[RawRow] = []
    start_col: int | None = None
    previous: int | None = None
    for t, table in enumerate(doc.tables):
        if not (_is_table3(table) or _continues(doc, previous, t)):
            continue
        previous = t
        width = max(len(r) for r in table.rows)
        header_col = _header_column(table)
        if header_col is not None:
            start_col = header_col
        elif start_col is None or start_col >= width:
            start_col = max(1, width - _NUMBER_COLUMNS)
        for r, row in enumerate(table.rows):
            if any(_HEADER.fullmatch(squeezed(c)) for c in row):
                continue  # the column headers (their "总计" is no row)
            texts = [c for c in range(len(row)) if _is_label(row[c])]
            keyed = [c for c in texts if c >= start_col and _row_label(squeezed(row[c]))]
            aligned = not keyed and (not texts or min(texts) < start_col)
            if aligned:
                label_cols = [c for c in range(min(start_col, len(row))) if squeezed(row[c])]
                first = start_col
            else:
                last = max(keyed or texts)
                label_cols = [c for c in range(last + 1) if squeezed(row[c])]
                first = last + 1
            end = max(len(row), first + _NUMBER_COLUMNS) if aligned else first + _NUMBER_COLUMNS
            raw = RawRow(
                labels=[(str(row[c]), cell_at(doc, t, r, c, flats)) for c in label_cols],
                values=[
                    (row[c] if c < len(row) else None, cell_at(doc, t, r, c, flats))
                    for c in range(first, end)
                ],
                ruled=table.ruled,
                aligned=aligned,
            )
            if not raw.aligned and any(squeezed(x) for x in row[end:]):
                raw.doubts.append("多于7个数字列")
            out.append(raw)
    return out


def _ingest(found: Table3, state: dict[str, str | None], raw: RawRow) -> None:
    """Match one row's labels to a row key and add it to ``found`` (or skip a header row)."""
    category = state["category"]
    labels = [text for text, _ in raw.labels]
    # a label row with every number cell blank still counts (blank ≠ 0)
    if not labels or (
        not any(squeezed(x) for x, _ in raw.values)
        and not any(
            _label_key(squeezed(x))[0] or (category and _SUB_ITEM.match(squeezed(x)))
            for x in labels
        )
    ):
        return
    key: str | None = None
    sub = False
    for text in labels:
        s = squeezed(text)
        k, shared_sub = _label_key(s)
        if k is not None:
            key = k
            if k in _CATEGORY_LABELS:
                category = k
            if shared_sub:
                sub = True
        elif _SUB_ITEM.match(s):
            sub = True
    if key is None and sub:
        key = category
        if key is None and any(squeezed(x) for x, _ in raw.values):
            found.doubts.append(f"分项“{squeezed(labels[-1])}”未能对应到办理结果类别")
    if key is None:
        state["category"] = category
        return
    if key not in _CATEGORY_LABELS and key != "total":
        category = None
    state["category"] = category
    cells = []
    for cell_text, ev in raw.values:
        value, ok = read_number(cell_text, ruled=raw.ruled)
        cells.append(Cell(value, ok, ev))
    label_ev = tuple(ev for _, ev in raw.labels if ev is not None)
    item = Row(
        key,
        labels,
        cells,
        label_ev,
        sub=sub and key in _CATEGORY_LABELS,
        ruled=raw.ruled,
        aligned=raw.aligned,
    )
    for doubt in raw.doubts:
        found.doubts.append(f"“{item.name}”一行{doubt}")
    if len(cells) != _NUMBER_COLUMNS:
        found.doubts.append(f"“{item.name}”一行读出{len(cells)}个数字列（应为7个）")
    for cell in cells:
        if not cell.ok:
            quote = cell.evidence.quote if cell.evidence else "?"
            found.doubts.append(f"“{item.name}”一行有无法识别为数字的单元格“{quote}”")
    found.all_rows.append(item)
    if item.sub and key not in (*_EXPECTED_SUBS, "other"):
        found.doubts.append(f"“{item.name}”被读作“{_CATEGORY_LABELS[key]}”的分项（该类无分项）")
    if item.sub:
        found.subs.setdefault(key, []).append(item)
    elif key in found.rows:
        found.doubts.append(f"“{item.name}”一行出现多次")
    else:
        found.rows[key] = item


_ROW_NAMES = {
    "new": "本年新收政府信息公开申请数量",
    "carried_over": "上年结转政府信息公开申请数量",
    "total": "（七）总计",
    "carried_forward": "结转下年度继续办理",
}


def _sub_number(row: Row) -> int | None:
    for label in row.labels:
        m = re.search(r"(?:^|[^0-9０-９])([0-9０-９]{1,2})[.．、]", squeezed(label))
        if m:
            return int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return None


def _regroup(found: Table3) -> None:
    """A category label printed in the middle of its merged cell (PDF, vertically centred)
    reaches the rows above it too: sub-rows renumbered from 1 under the previous category
    before the label are moved to the category whose own sub-rows then start above 1."""
    order = [k for k in RESULT_KEYS[:-1] if k in found.subs]
    for prev, nxt in itertools.pairwise(order):
        subs, after = found.subs[prev], found.subs[nxt]
        numbers = [_sub_number(r) for r in subs]
        first_next = _sub_number(after[0])
        restart = next((i for i in range(1, len(numbers)) if numbers[i] == 1), None)
        if restart is None or first_next is None or first_next == 1:
            continue
        moved = subs[restart:]
        if [_sub_number(r) for r in moved] != list(range(1, first_next)):
            continue
        found.subs[prev] = subs[:restart]
        found.subs[nxt] = [*moved, *after]
        for r in moved:
            r.key = nxt


def _label_key(s: str) -> tuple[str | None, bool]:
    """(row key of a whitespace-free label cell, whether it also holds a sub-item number)."""
    key: str | None = None
    for k, pattern in _ROW_KEYS:
        if pattern.search(s):
            key = k
    if key is None:
        return None, False
    return key, key in _CATEGORY_LABELS and bool(_SUB_AFTER.search(s))


def _header_column(table: Table) -> int | None:
    for row in table.rows[:4]:
        for c, cell in enumerate(row):
            if squeezed(cell) == "自然人":
                return c
    return None


# ----------------------------------------------------------------------------- checks


def review_finding(rules: RulesLike, what: str, evidence: list[Evidence]) -> Finding:
    """``annual_report_needs_review``: ``what`` could not be confirmed; the cells it read."""
    return Finding(REVIEW_CODE, rules.message(REVIEW_CODE, what=what), tuple(_dedup(evidence)))


def _dedup(evs: list[Evidence]) -> list[Evidence]:
    out: list[Evidence] = []
    for e in evs:
        if e not in out:
            out.append(e)
    return out


def _sum(values: list[int | None]) -> int | None:
    filled = [v for v in values if v is not None]
    return sum(filled) if filled else None


def check_counts(t3: Table3, rules: RulesLike) -> tuple[Element, list[Finding]]:
    """``application_counts`` and its 勾稽 findings (confirmed only on a clean reading)."""
    findings: list[Finding] = []
    reviews: list[str] = list(t3.doubts)
    review_ev: list[Evidence] = []
    doubtful = bool(t3.doubts)

    def compare(
        what: str, stated: int | None, parts: list[int | None], rows: list[Row], code: str
    ) -> None:
        """A confirmed mismatch needs every cell read and no blank that could hold the gap."""
        filled = [p for p in parts if p is not None]
        if stated is None or not filled:
            return
        computed = sum(filled)
        if computed == stated:
            return
        ev = [e for row in rows for e in row.evidence]
        clean = not doubtful and all(row.clean for row in rows)
        blanks = len(filled) != len(parts)
        if clean and (not blanks or computed > stated):
            findings.append(
                Finding(
                    code,
                    rules.message(code, what=what, stated=stated, computed=computed),
                    tuple(_dedup(ev)),
                )
            )
        else:
            reason = "（有空白单元格）" if blanks else "（表格读取可能有误）"
            reviews.append(f"{what}填写为{stated}，读出的各项相加为{computed}{reason}")
            review_ev.extend(ev)

    for row in t3.all_rows:
        if len(row.cells) == _NUMBER_COLUMNS:
            compare(
                f"“{row.name}”一行的总计",
                row.total,
                row.numbers[:-1],
                [row],
                "annual_report_total_mismatch",
            )

    results: dict[str, int | None] = {}
    details: dict[str, list[int | None]] = {}
    used: dict[str, list[Row]] = {}
    for key in RESULT_KEYS[:-1]:
        explicit = t3.rows.get(key)
        subs = t3.subs.get(key, [])
        if subs:
            details[key] = [s.total for s in subs]
        if explicit is not None and subs:
            compare(
                f"“{_CATEGORY_LABELS[key]}”的小计",
                explicit.total,
                [s.total for s in subs],
                [explicit, *subs],
                "annual_report_total_mismatch",
            )
        if explicit is not None and explicit.total is not None:
            results[key] = explicit.total
            used[key] = [explicit]
        elif subs:
            results[key] = _sum([s.total for s in subs])
            used[key] = subs
        else:
            results[key] = None
            used[key] = [explicit] if explicit is not None else []
    total_row = t3.rows.get("total")
    results["total"] = total_row.total if total_row is not None else None
    if total_row is not None:
        compare(
            "“（七）总计”",
            total_row.total,
            [results[k] for k in RESULT_KEYS[:-1] if used[k]],
            [total_row, *(r for k in RESULT_KEYS[:-1] for r in used[k])],
            "annual_report_total_mismatch",
        )

    value: dict[str, Any] = {
        "new": _total_of(t3, "new"),
        "carried_over": _total_of(t3, "carried_over"),
        "results": results,
        "carried_forward": _total_of(t3, "carried_forward"),
        "details": details,
    }
    evidence: list[Evidence] = []
    for key in ("new", "carried_over"):
        if key in t3.rows:
            evidence += t3.rows[key].evidence
    for key in RESULT_KEYS[:-1]:
        for row in used[key]:
            evidence += row.evidence
    for key in ("total", "carried_forward"):
        if key in t3.rows:
            evidence += t3.rows[key].evidence

    four = [value["new"], value["carried_over"], results["total"], value["carried_forward"]]
    balance_rows = [
        t3.rows[k] for k in ("new", "carried_over", "total", "carried_forward") if k in t3.rows
    ]
    if len(balance_rows) == 4 and four[0] is not None and four[2] is not None:
        left = four[0] + (four[1] or 0)
        right = four[2] + (four[3] or 0)
        if left != right:
            ev = [e for row in balance_rows for e in row.evidence]
            blanks = four[1] is None or four[3] is None
            clean = not doubtful and all(row.clean for row in balance_rows)
            if clean and not blanks:
                findings.append(
                    Finding(
                        "annual_report_balance_mismatch",
                        rules.message(
                            "annual_report_balance_mismatch",
                            new=four[0],
                            carried_over=four[1],
                            total=four[2],
                            carried_forward=four[3],
                            left=left,
                            right=right,
                        ),
                        tuple(_dedup(ev)),
                    )
                )
            else:
                reviews.append(
                    f"本年新收＋上年结转＝{left}，办理结果总计＋结转下年度＝{right}"
                    + ("（有空白单元格）" if blanks else "（表格读取可能有误）")
                )
                review_ev.extend(ev)
    if reviews:
        findings.append(review_finding(rules, "表三：" + "；".join(reviews), review_ev or evidence))
    return Element(value, tuple(_dedup(evidence))), findings


def _total_of(t3: Table3, key: str) -> int | None:
    row = t3.rows.get(key)
    return row.total if row is not None else None
