"""表四 read from text lines: a PDF without ruling lines, or a page copied as text.

Such a table arrives as its heading ("四、政府信息公开行政复议、行政诉讼情况"), header lines
split character by character ("结 结 其 尚" / "果 果 他 未"), and one line of numbers separated
by spaces. The template fixes the 15 columns (行政复议, 未经复议直接起诉, 复议后起诉 × 结果维持,
结果纠正, 其他结果, 尚未审结, 总计), so a line of exactly 15 whole numbers under the heading,
before the next section, is read by position, each number quoted on its own. Any other count
of numbers is reported for review with the numbers read. Read from text, never from ruled
cells: a total that does not add up is a doubt (``annual_report_needs_review``), not a defect.
"""

from __future__ import annotations

import re

from extractors.doctypes.annual_report.flattened import text_lines
from extractors.doctypes.annual_report.table3 import review_finding
from extractors.doctypes.annual_report.table4 import check_table4
from extractors.doctypes.base import RulesLike
from extractors.model import Element, Evidence, Finding
from extractors.text.spans import Flat
from extractors.vocabulary import REVIEW_GROUPS, REVIEW_RESULT_KEYS

__all__ = ["read_table4_lines"]

_COLUMNS = 15
_HEADING = re.compile(r"政府信息公开行政复议[、，,]?行政诉讼情况")
#: the next section's heading ends the table
_NEXT_SECTION = re.compile(r"^[五六七八九十]+、")
_NUMBERS = re.compile(r"[0-9０-９]+(?: [0-9０-９]+)+")
#: lines searched below the heading
_WINDOW = 30


def read_table4_lines(flats: list[Flat], rules: RulesLike) -> tuple[Element, list[Finding]] | None:
    """``review_litigation`` from the text lines under the 表四 heading, or None."""
    lines = list(text_lines(flats))
    for i, (f, a, b, _n) in enumerate(lines):
        if not _HEADING.search(f.flat[a:b]):
            continue
        label = _line_evidence(f, a, b, _n)
        for g, c, d, n in lines[i + 1 : i + 1 + _WINDOW]:
            if _NEXT_SECTION.match(g.flat[c:d]):
                break
            if not _NUMBERS.fullmatch(g.quote(c, d).strip()):
                continue
            tokens = _tokens(g, c, d, n)
            if len(tokens) != _COLUMNS:
                quotes = "、".join(e.quote for _, e in tokens)
                finding = review_finding(
                    rules,
                    f"表四：数字行读出{len(tokens)}个数（应为15个），无法对应到各栏：{quotes}",
                    [label, *(e for _, e in tokens)],
                )
                return Element(None, tuple(e for _, e in tokens)), [finding]
            return _element(tokens, label, rules)
    return None


def _line_evidence(f: Flat, a: int, b: int, n: int) -> Evidence:
    ev = f.evidence(a, b)
    return Evidence(quote=ev.quote, page=ev.page, paragraph=n) if f.block.page is not None else ev


def _tokens(f: Flat, a: int, b: int, n: int) -> list[tuple[int, Evidence]]:
    """(value, evidence) of each number of the line: its digits are consecutive in ``flat``."""
    out = []
    at = a
    for word in f.quote(a, b).split():
        end = at + len(word)
        out.append((int(word), _line_evidence(f, at, end, n)))
        at = end
    return out


def _element(
    tokens: list[tuple[int, Evidence]], label: Evidence, rules: RulesLike
) -> tuple[Element, list[Finding]]:
    value: dict[str, dict[str, int | None]] = {}
    group_ev: dict[str, list[Evidence]] = {}
    for g, group in enumerate(REVIEW_GROUPS):
        part = tokens[g * 5 : g * 5 + 5]
        value[group] = {k: v for k, (v, _) in zip(REVIEW_RESULT_KEYS, part, strict=True)}
        group_ev[group] = [e for _, e in part]
    findings = check_table4(rules, value, group_ev, label, ruled=False)
    evidence = (label, *(e for _, e in tokens))
    return Element(value, evidence), findings
