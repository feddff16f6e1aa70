"""The review queue (待审核) and the 复核 requests, as the workspace and the CLI read them.

A finding needs an assessor's eye when :func:`needs_review` says so (the one place that
decides it); every automatic deduction is in the queue too. A decision is keyed by the document
version's sha256 and the finding code, so it holds across re-runs while both stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kaohe.context import Context
from storage.models import FindingReview, ReviewRequest, ReviewWindow
from storage.repo import scores

__all__ = [
    "QueueItem",
    "ReviewDecision",
    "needs_review",
    "open_review_indicators",
    "review_queue",
    "review_requests",
    "review_window_open",
]


def needs_review(finding: dict[str, Any]) -> bool:
    """True when a finding is one kaohe is unsure of: ``certainty: "review"`` or a code
    ending in ``_needs_review`` (findings recorded before ``certainty`` existed)."""
    if finding.get("certainty") == "review":
        return True
    return str(finding.get("code") or "").endswith("_needs_review")


@dataclass(frozen=True)
class ReviewDecision:
    verdict: str
    reason: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class QueueItem:
    """A deduction or an unsure finding of the current table, with its decision if any."""

    unit: str
    indicator: str
    indicator_name: str
    sha256: str
    code: str
    note: str
    points: float | None
    quote: str | None
    key: str | None
    kind: str  # "deduction" | "review"
    decision: ReviewDecision | None


def _decisions(s: Any, year: int) -> dict[tuple[str, str], ReviewDecision]:
    out = {}
    for r in s.scalars(
        select(FindingReview).where(FindingReview.year == year).order_by(FindingReview.id)
    ):
        out[(r.sha256, r.finding_code)] = ReviewDecision(
            r.verdict, r.reason, r.author, r.created_at
        )
    return out


def review_queue(ctx: Context, year: int, unit: str | None = None) -> list[QueueItem]:
    """Every automatic deduction and every unsure finding of the current table of ``year``."""
    with ctx.session() as s:
        ss = scores.latest_score_set(s, year)
        if ss is None:
            return []
        decisions = _decisions(s, year)
        items: list[QueueItem] = []
        seen: set[tuple[str, str, str, str]] = set()
        for sc, ev, ov in scores.score_set_evidence(s, ss.id):
            if unit is not None and sc.unit_code != unit:
                continue
            if sc.status != "auto" and sc.status != "manual":
                continue
            sha = ov.sha256 if ov is not None and ov.sha256 else ""
            code = ev.finding_code or ev.element or "deduction"
            unsure = bool(ev.finding_code) and needs_review(
                {"code": ev.finding_code, "certainty": None}
            )
            deduction = ev.points is not None and ev.points < 0
            if not (deduction or unsure):
                continue
            k = (sc.unit_code, sc.indicator, sha, code)
            if k in seen:
                continue
            seen.add(k)
            items.append(
                QueueItem(
                    sc.unit_code,
                    sc.indicator,
                    sc.indicator_name,
                    sha,
                    code,
                    ev.note,
                    ev.points,
                    ev.quote,
                    ov.key if ov is not None else None,
                    "deduction" if deduction else "review",
                    decisions.get((sha, code)),
                )
            )
    return items


def review_window_open(ctx: Context, year: int) -> bool:
    """The 复核 window of ``year``: the latest office decision, open when there is none."""
    with ctx.session() as s:
        w = s.scalars(
            select(ReviewWindow).where(ReviewWindow.year == year).order_by(ReviewWindow.id.desc())
        ).first()
        return True if w is None else w.is_open


def review_requests(
    ctx: Context, year: int, unit: str | None = None, state: str | None = None
) -> list[ReviewRequest]:
    """复核 requests of ``year`` (one unit's, or all), oldest first."""
    with ctx.session() as s:
        stmt = select(ReviewRequest).where(ReviewRequest.year == year)
        if unit is not None:
            stmt = stmt.where(ReviewRequest.unit_code == unit)
        if state is not None:
            stmt = stmt.where(ReviewRequest.state == state)
        return list(s.scalars(stmt.order_by(ReviewRequest.id)))


def open_review_indicators(ctx: Context, year: int) -> set[tuple[str, str]]:
    """(unit, indicator) with an undecided 复核 request: the 待复核 mark of the table."""
    return {(r.unit_code, r.indicator) for r in review_requests(ctx, year, state="open")}
