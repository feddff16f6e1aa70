"""被纠错情况 (1.4.3/2.4.3): 复议决定书/判决书 of the unit and its annual report's table 四.

A correction is a ``review_decision`` whose ``decision`` is 撤销, 确认违法 or 责令履行/重新答复
(:data:`extractors.vocabulary.CORRECTING_DECISIONS`), dated in the year looked at. Only the
unit's own documents count (``UnitFacts`` holds one unit's documents): one unit's document never
changes another unit's score. A correction is deducted once: the same cases appear in a decision
and in the report's table 四 (``review_litigation`` → ``corrected``), so the number deducted is
the larger of the two counts, never their sum.

Configured under the ``reply_letters`` rule's ``annual_report`` as ``corrected_case`` (points per
case) and optionally ``review_decisions: {doc_types: [review_decision]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from extractors.vocabulary import CORRECTING_DECISIONS, REVIEW_DECISION_ZH
from scoring.model import DocumentFacts, EvidenceRef, UnitFacts
from scoring.rules.facts import count_of, date_of, doc_name, quote_of, ref_to, value_of
from scoring.rules.params import fmt_points

__all__ = ["Corrections", "correcting_decisions", "corrections", "table_corrected"]


@dataclass
class Corrections:
    """What was deducted for 纠错, the references that show it and a sentence saying so."""

    deducted: float = 0.0
    refs: list[EvidenceRef] = field(default_factory=list)
    text: str = ""


def correcting_decisions(
    facts: UnitFacts, year: int, doc_types: tuple[str, ...] = ("review_decision",)
) -> list[DocumentFacts]:
    """The unit's decisions (one per distinct file) that corrected its act, dated in ``year``."""
    seen: set[str] = set()
    out: list[DocumentFacts] = []
    for doc in sorted(facts.documents, key=lambda d: d.key):
        if doc.status != "ok" or doc.doc_type not in doc_types or doc.sha256 in seen:
            continue
        seen.add(doc.sha256)
        if value_of(doc, "decision") not in CORRECTING_DECISIONS:
            continue
        day, _ = date_of(doc, "decision_date", "document_date")
        if day is not None and day.year == year:
            out.append(doc)
    return out


def table_corrected(report: DocumentFacts | None) -> int | None:
    """The report's table 四 ``corrected`` total over its groups (None when not read)."""
    if report is None:
        return None
    review = value_of(report, "review_litigation")
    if not isinstance(review, Mapping):
        return None
    return sum(count_of(g.get("corrected")) or 0 for g in review.values() if isinstance(g, Mapping))


def corrections(
    cfg: Mapping[str, Any], facts: UnitFacts, year: int, report: DocumentFacts | None
) -> Corrections:
    """Deduct ``corrected_case`` per correction, counting each case once (see module)."""
    out = Corrections()
    rate = float(cfg.get("corrected_case", 0) or 0)
    doc_types = tuple(cfg.get("review_decision_types") or ("review_decision",))
    decisions = correcting_decisions(facts, year, doc_types)
    in_table = table_corrected(report)
    cases = max(len(decisions), in_table or 0)
    if cases == 0:
        if in_table is None and report is not None:
            out.text = f"{doc_name(report)}未读出行政复议、行政诉讼情况表，被纠错情况需人工核定"
        else:
            out.text = "行政复议、行政诉讼无被纠错"
        return out
    w_each = rate
    # Deduct on the decisions first (each is its own evidence), the rest on the table.
    for doc in decisions:
        decision = str(value_of(doc, "decision"))
        zh = REVIEW_DECISION_ZH.get(decision, decision)
        note = f"{doc_name(doc)}：{year}年行政复议/诉讼决定{zh}（被纠错），扣{fmt_points(w_each)}分"
        out.refs.append(
            ref_to(doc, note, element="decision", where=quote_of(doc, "decision"), points=-w_each)
        )
    rest = cases - len(decisions)
    if report is not None and in_table:
        w_rest = w_each * rest
        note = f"{doc_name(report)}：{year}年度政府信息公开行政复议、行政诉讼结果被纠正{in_table}件"
        if decisions:
            note += f"（其中{min(len(decisions), in_table)}件已按决定书计扣，不重复扣分）"
        note += f"，扣{fmt_points(w_rest)}分"
        out.refs.append(
            ref_to(
                report,
                note,
                element="review_litigation",
                where=quote_of(report, "review_litigation"),
                points=-w_rest,
            )
        )
    out.deducted = round(w_each * cases, 2)
    out.text = f"行政复议、行政诉讼被纠错{cases}件，扣{fmt_points(out.deducted)}分"
    if decisions:
        out.text = (
            f"行政复议、行政诉讼被纠错{cases}件（复议决定书/判决书{len(decisions)}份"
            + (f"，年报表四{in_table}件" if in_table else "")
            + f"，同一案件只计一次），扣{fmt_points(out.deducted)}分"
        )
    return out
