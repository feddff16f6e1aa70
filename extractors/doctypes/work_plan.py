"""工作要点: whether the year's plan was issued by the deadline the rules set."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from extractors.doctypes.base import (
    Result,
    RulesLike,
    common_date,
    labelled_date,
    section_value,
)
from extractors.model import Element, Finding, ParsedDocument
from extractors.text.spans import flatten
from kaohe.errors import ConfigError

__all__ = ["extract_work_plan_extra"]


def extract_work_plan_extra(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element], year: int | None
) -> Result:
    """``issue_date`` (成文日期) and ``issued_by_deadline`` (always; null without a date or
    year); finding ``work_plan_late`` when issued after the deadline (default 06-30 of ``year``,
    ``other_types.work_plan_deadline`` in the rules)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []
    date_el = common_date(common) or labelled_date(flats, r"成文日期|印发日期|发文日期")
    if date_el is not None:
        out["issue_date"] = date_el
    deadline = None
    if year is not None:
        month, day = _month_day(section_value(rules, "other_types", "work_plan_deadline", "06-30"))
        deadline = datetime.date(year, month, day)
    if date_el is None or deadline is None:
        out["issued_by_deadline"] = Element(None)
        return out, findings
    issued = datetime.date.fromisoformat(str(date_el.value))
    on_time = issued <= deadline
    out["issued_by_deadline"] = Element(on_time, date_el.evidence)
    if not on_time:
        findings.append(
            Finding(
                "work_plan_late",
                rules.message(
                    "work_plan_late", date=issued.isoformat(), deadline=deadline.isoformat()
                ),
                date_el.evidence,
            )
        )
    return out, findings


def _month_day(value: Any) -> tuple[int, int]:
    """ "MM-DD" from the rules (YAML may have read it as a string or an int-like)."""
    m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", str(value))
    if not m:
        raise ConfigError(
            f"extraction.yaml 的 other_types.work_plan_deadline 应为 MM-DD：{value!r}"
        )
    return int(m.group(1)), int(m.group(2))
