"""What every document-type extractor shares: the rules it reads, its result, dated elements.

Every extractor takes the parsed document, the extraction rules and the common elements
(issuer/document_date/document_number) and returns ``(elements, findings)``; every element
carries evidence whose quote is a verbatim span of the collapsed text of the cited block.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any, Protocol

from extractors.model import Element, Finding
from extractors.text.spans import Flat, dates_in, search

__all__ = [
    "LEADER_TITLES",
    "PERSON_NAME",
    "Result",
    "RulesLike",
    "common_date",
    "date_element",
    "labelled_date",
    "last_date",
    "next_cell",
    "section_value",
]


#: titles that precede a leader's name (批示、发言人)
LEADER_TITLES = (
    "书记|副书记|县长|副县长|区长|副区长|市长|副市长|局长|副局长|主任|副主任|部长|主席|厅长|"
    "处长|镇长|乡长|秘书长|常委|党组书记|负责人"
)
#: a Chinese personal name
PERSON_NAME = r"[\u4e00-\u9fa5]{2,3}"


class RulesLike(Protocol):
    """The part of :class:`extractors.rules.ExtractionRules` the extractors use."""

    def section(self, name: str) -> Mapping[str, Any]: ...

    def message(self, code: str, **fmt: Any) -> str: ...


Result = tuple[dict[str, Element], list[Finding]]


def section_value(rules: RulesLike, section: str, key: str, default: Any) -> Any:
    """``rules.section(section)[key]`` or ``default`` when the rules do not set it."""
    value = rules.section(section).get(key)
    return default if value is None else value


def date_element(f: Flat, found: tuple[datetime.date, int, int]) -> Element:
    value, start, end = found
    return Element(value.isoformat(), (f.evidence(start, end),))


def labelled_date(flats: list[Flat], labels: str) -> Element | None:
    """The first date right after one of ``labels`` (regex alternation) and a colon."""
    pattern = re.compile(rf"(?:{labels})[:：]?")
    for f, m in search(flats, pattern):
        found = dates_in(f, m.end(), min(len(f.flat), m.end() + 20))
        if found and found[0][1] <= m.end() + 1:
            return date_element(f, found[0])
        nxt = next_cell(flats, f, m)
        if nxt is not None:
            found = dates_in(nxt, 0, 20)
            if found and found[0][1] == 0:
                return date_element(nxt, found[0])
    return None


def next_cell(flats: list[Flat], f: Flat, m: re.Match[str]) -> Flat | None:
    """The block after ``f`` when the label ``m`` is all of ``f`` (a form's label cell)."""
    if m.start() != 0 or m.end() != len(f.flat):
        return None
    at = next((i for i, g in enumerate(flats) if g is f), -1)
    return flats[at + 1] if 0 <= at < len(flats) - 1 else None


def common_date(common: Mapping[str, Element]) -> Element | None:
    el = common.get("document_date")
    return el if el is not None and el.value else None


def last_date(flats: list[Flat]) -> Element | None:
    for f in reversed(flats):
        found = dates_in(f)
        if found:
            return date_element(f, found[-1])
    return None
