"""Clause and sentence spans of a letter's text units, and the hits that quote them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from extractors.doctypes.common import Unit
from extractors.model import Evidence

__all__ = ["Hit", "as_date", "clause_hit", "clause_span", "mask_quotes", "sentence_span"]


#: a blanked-out form option ("＿") and a check box also bound a clause
_CLAUSE_END = "，,；;。！？!?：:＿□☐☑■√✓✔☒▣"
_SENTENCE_END = "。；;！？!?"


# ------------------------------------------------------------------------------ helpers


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Expand ``[start, end)`` to the clause around it (between ，；。： delimiters)."""
    a = start
    while a > 0 and text[a - 1] not in _CLAUSE_END:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _CLAUSE_END:
        b += 1
    # A clause introduced by "或者" quotes from what follows it ("或者在6个月内…" → "在6个月内…").
    m = re.match(r"或者|或", text[a:start])
    if m:
        a += m.end()
    return a, b


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    a = pos
    while a > 0 and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = pos
    while b < len(text) and text[b] not in _SENTENCE_END:
        b += 1
    return a, b


def mask_quotes(text: str) -> str:
    """Blank out quoted request content (“…”) so the applicant's words never decide the outcome."""
    return re.sub(r"“[^”]{0,300}”|「[^」]{0,300}」", lambda m: "＿" * len(m.group()), text)


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class Hit:
    unit: Unit
    start: int
    end: int

    def evidence(self) -> Evidence:
        return self.unit.evidence(self.start, self.end)

    def evidences(self) -> tuple[Evidence, ...]:
        """One quote per block (a hit in hard-wrapped docx paragraphs spans several)."""
        return self.unit.evidences(self.start, self.end)


def clause_hit(unit: Unit, start: int, end: int) -> Hit:
    a, b = clause_span(unit.text, start, end)
    return Hit(unit, a, b)
