"""Reading one document's contract JSON, and building evidence refs and drafts from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from extractors.model import REVIEW_SUFFIX
from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, ScoreStatus, UnitFacts

__all__ = [
    "count_of",
    "date_of",
    "doc_name",
    "element_of",
    "end_sentence",
    "finding_refs",
    "first_quoted",
    "in_year",
    "make_draft",
    "quote_of",
    "ref_to",
    "scope_word",
    "value_of",
    "zh_date",
]


def element_of(doc: DocumentFacts, name: str) -> Mapping[str, Any]:
    el = doc.elements.get(name)
    return el if isinstance(el, Mapping) else {}


def value_of(doc: DocumentFacts, name: str) -> Any:
    return element_of(doc, name).get("value")


def quote_of(doc: DocumentFacts, name: str) -> Mapping[str, Any] | None:
    ev = element_of(doc, name).get("evidence")
    if isinstance(ev, list) and ev and isinstance(ev[0], Mapping):
        return ev[0]
    return None


def date_of(doc: DocumentFacts, *names: str) -> tuple[dt.date | None, str | None]:
    """The first of ``names`` holding an ISO date, and which one it was."""
    for name in names:
        v = value_of(doc, name)
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v[:10]), name
            except ValueError:
                continue
    return None, None


def count_of(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None


def zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def doc_name(doc: DocumentFacts) -> str:
    return doc.key.rstrip("/").rsplit("/", 1)[-1] or doc.key


def ref_to(
    doc: DocumentFacts,
    note: str,
    *,
    element: str | None = None,
    finding: str | None = None,
    where: Mapping[str, Any] | None = None,
    points: float | None = None,
) -> EvidenceRef:
    where = where or {}
    page, para, quote = where.get("page"), where.get("paragraph"), where.get("quote")
    return EvidenceRef(
        note=note,
        object_version_id=doc.object_version_id,
        extraction_id=doc.extraction_id,
        element=element,
        finding_code=finding,
        quote=quote if isinstance(quote, str) else None,
        page=page if isinstance(page, int) else None,
        paragraph=para if isinstance(para, int) else None,
        points=None if points is None else round(points, 2),
    )


def make_draft(
    ind: Indicator,
    facts: UnitFacts,
    points: float | None,
    status: ScoreStatus,
    explanation: str,
    evidence: Sequence[EvidenceRef],
) -> ScoreDraft:
    return ScoreDraft(
        unit_code=facts.unit_code,
        indicator=ind.code,
        indicator_name=ind.name,
        points=None if points is None else round(points, 2),
        max_points=ind.points,
        status=status,
        rule=ind.rule,
        explanation=explanation,
        evidence=tuple(evidence),
    )


def in_year(
    doc: DocumentFacts, year: int, date_elements: Sequence[str], what: str
) -> tuple[dt.date | None, str | None, EvidenceRef | None]:
    """The document's date if in ``year``, else a 'not counted' ref quoting the date."""
    day, el = date_of(doc, *date_elements)
    if day is None:
        return (
            None,
            None,
            ref_to(doc, f"{doc_name(doc)}：未识别出{what}，无法确认是否为{year}年度，未计分"),
        )
    if day.year != year:
        return (
            None,
            el,
            ref_to(
                doc,
                f"{doc_name(doc)}：{what}{zh_date(day)}不在{year}年度，不计分",
                element=el,
                where=quote_of(doc, el or ""),
            ),
        )
    return day, el, None


def first_quoted(doc: DocumentFacts, names: Sequence[str | None]) -> str | None:
    return next((n for n in names if n and quote_of(doc, n)), None)


def finding_refs(
    doc: DocumentFacts, weights: Mapping[str, float], only: Iterable[str] | None = None
) -> tuple[list[EvidenceRef], float]:
    """One ref per finding of ``doc`` (declared weights deduct), and the total deducted."""
    refs: list[EvidenceRef] = []
    total = 0.0
    keep = set(only) if only is not None else None
    for f in doc.findings:
        if not isinstance(f, Mapping):
            continue
        code = str(f.get("code", ""))
        if keep is not None and code not in keep:
            continue
        # a *_needs_review code is a doubt for the assessors, never a deduction
        review = code.endswith(REVIEW_SUFFIX)
        w = None if review else weights.get(code)
        note = f"{doc_name(doc)}：{f.get('message') or code}"
        if review:
            note += "（待人工复核，不扣分）"
        elif w is None:
            note += "（本细则未设定该问题的扣分，不扣分）"
        ev = f.get("evidence")
        where = ev[0] if isinstance(ev, list) and ev and isinstance(ev[0], Mapping) else None
        refs.append(ref_to(doc, note, finding=code, where=where, points=-(w or 0.0)))
        total += w or 0.0
    return refs, total


def end_sentence(text: str) -> str:
    """``text`` ending a sentence, so that another can follow."""
    return text if not text or text.endswith(("。", "）", "！")) else text + "。"


def scope_word(ind: Indicator) -> str:
    return "本部分" if getattr(ind, "part", False) else "本项"
