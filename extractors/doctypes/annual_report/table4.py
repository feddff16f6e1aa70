"""表四 政府信息公开行政复议、行政诉讼情况: the three groups, their results and totals."""

from __future__ import annotations

from extractors.doctypes.annual_report.table3 import TABLE4_MARK, cell_evidence, int_cell, squeezed
from extractors.doctypes.base import RulesLike
from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.text.spans import Flat, locate
from extractors.vocabulary import (
    REVIEW_GROUP_ZH,
    REVIEW_GROUPS,
    REVIEW_RESULT_KEYS,
)

__all__ = ["check_table4", "read_table4"]


_GROUPS = REVIEW_GROUPS
_GROUP_LABELS = REVIEW_GROUP_ZH
_RESULTS4 = REVIEW_RESULT_KEYS


# ----------------------------------------------------------------------------- table 四


def read_table4(
    doc: ParsedDocument, flats: list[Flat], rules: RulesLike
) -> tuple[Element, list[Finding]] | None:
    for table in doc.tables:
        text = "".join(squeezed(c) for row in table.rows for c in row)
        if not (TABLE4_MARK.search(text) and "行政诉讼" in text):
            continue
        cells_ev = cell_evidence(table, flats)
        for r, row in enumerate(table.rows):
            nums = [(c, int_cell(cell)) for c, cell in enumerate(row) if squeezed(cell)]
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
            return Element(value, tuple(evidence)), check_table4(rules, value, group_ev, label_ev)
    return None


def check_table4(
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
