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
from extractors.doctypes.common import body_lines, evidence, is_org_name
from extractors.model import Element, Finding, ParsedDocument
from extractors.text.dates import find_dates
from extractors.text.spans import flatten
from kaohe.errors import ConfigError

__all__ = ["extract_work_plan_extra", "forwarding_issuer"]

# The forwarding sentence of an issuing notice ("…，现印发给你们，请…", "…，现予印发。").
_FORWARDS = re.compile(r"印发|转发|发布|公布")
#: the issuing notice's sign-off stands within this many lines of the start
_NOTICE_LINES = 12


def extract_work_plan_extra(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element], year: int | None
) -> Result:
    """``issue_date`` (成文日期) and ``issued_by_deadline`` (always; null without a date or
    year); the issuing notice's ``issuer`` when the common sign-off has none; finding
    ``work_plan_late`` when issued after the deadline (default 06-30 of ``year``,
    ``other_types.work_plan_deadline`` in the rules)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []
    if "issuer" not in common:
        issuer = forwarding_issuer(doc)
        if issuer is not None:
            out["issuer"] = issuer
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


def forwarding_issuer(doc: ParsedDocument) -> Element | None:
    """The issuer of the notice a document is published under, signed off near the start.

    "各区人民政府…：" / "《…工作要点》已经市政府同意，现印发给你们…。" / "北京市人民政府办公厅" /
    "2018年5月11日": the organisation line right above the first date line that follows the
    forwarding sentence (the plan itself, with no sign-off of its own, comes after).
    """
    lines = body_lines(doc)[:_NOTICE_LINES]
    forwarded = False
    for i, ln in enumerate(lines):
        flat = "".join(ln.text.split())
        if not forwarded:
            forwarded = bool(_FORWARDS.search(flat))
            continue
        found = find_dates(flat)
        if len(found) == 1 and found[0].has_year and found[0].start == 0:
            if found[0].end != len(flat) or i == 0:
                return None
            above = lines[i - 1]
            name = "".join(above.text.split())
            if not is_org_name(name):
                return None
            start = above.start + len(above.text) - len(above.text.lstrip())
            end = above.start + len(above.text.rstrip())
            return Element(name, (evidence(above.block, start, end),))
    return None
