"""领导批示: who instructed, when, and whether the instruction is about 政务公开."""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.doctypes.base import (
    LEADER_TITLES,
    PERSON_NAME,
    Result,
    RulesLike,
    common_date,
    date_element,
    labelled_date,
    last_date,
    next_cell,
)
from extractors.model import Element, Finding, ParsedDocument
from extractors.text.spans import Flat, dates_in, flatten, search

__all__ = ["extract_leader_instruction"]


_INSTRUCT_VERB = r"(?:批示|阅示|签批|圈阅)"
_INSTRUCTOR_LABEL = re.compile(r"(?:批示人|批示领导|签批人|签批领导|阅示人|领导姓名)[:：]?")
_INSTRUCTOR_TITLED = re.compile(
    rf"([\u4e00-\u9fa5]{{0,8}}?(?:{LEADER_TITLES}))({PERSON_NAME}?)(?:同志)?"
    rf"(?:于[^。；;]{{1,16}}?)?(?:在[^。；;]{{1,40}}?上)?(?:作出|做出|作|做)?(?:重要)?{_INSTRUCT_VERB}"
)
_DISCLOSURE = re.compile(r"政务公开|政府信息公开|信息公开|五公开|公开专栏")


def extract_leader_instruction(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``instruction_date``, ``instructor`` (who, as written), ``on_disclosure`` (always)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    who = _instructor(flats)
    if who is not None:
        out["instructor"] = who[0]
    date_el = labelled_date(flats, r"批示(?:时间|日期)|签批(?:时间|日期)|阅示(?:时间|日期)")
    if date_el is None and who is not None:
        # "2024年3月5日，县长王某某在…上批示": the date in the instructor's own sentence
        f, start = who[1], who[2]
        near = [d for d in dates_in(f) if abs(d[1] - start) <= 40]
        if near:
            date_el = date_element(f, near[0])
    if date_el is None:
        date_el = common_date(common) or last_date(flats)
    if date_el is not None:
        out["instruction_date"] = date_el
    hits = [f.evidence(m.start(), m.end()) for f, m in search(flats, _DISCLOSURE)]
    out["on_disclosure"] = Element(bool(hits), tuple(hits[:3]))
    findings: list[Finding] = []
    if not hits:
        findings.append(
            Finding(
                "instruction_not_on_disclosure",
                rules.message("instruction_not_on_disclosure"),
            )
        )
    return out, findings


def _instructor(flats: list[Flat]) -> tuple[Element, Flat, int] | None:
    for f, m in search(flats, _INSTRUCTOR_LABEL):
        name = re.match(PERSON_NAME, f.flat[m.end() : f.line_end(m.end())])
        if name and m.end() < len(f.flat):
            end = m.end() + name.end()
            return Element(name.group(0), (f.evidence(m.start(), end),)), f, m.start()
        nxt = next_cell(flats, f, m)
        if nxt is not None and re.fullmatch(PERSON_NAME, nxt.flat):
            return Element(nxt.flat, (nxt.evidence(),)), nxt, 0
    for f, m in search(flats, _INSTRUCTOR_TITLED):
        if not m.group(2):
            continue
        who = m.group(1) + m.group(2)
        return Element(who, (f.evidence(m.start(1), m.end(2)),)), f, m.start()
    # A 批示单: the instruction text, then the leader's name alone on a line, then a date.
    for i, f in enumerate(flats[:-1]):
        nxt = flats[i + 1]
        if (
            re.fullmatch(PERSON_NAME, f.flat)
            and dates_in(nxt)
            and any(
                _DISCLOSURE.search(g.flat) or "批示" in g.flat for g in flats[max(0, i - 3) : i]
            )
        ):
            return Element(f.flat, (f.evidence(),)), f, 0
    return None
