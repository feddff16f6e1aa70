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
from storage.models import AuditEntry, FindingReview, ReviewRequest, ReviewWindow
from storage.repo import scores

__all__ = [
    "REVIEW_STATE_ZH",
    "QueueItem",
    "ReviewDecision",
    "ReviewFile",
    "needs_review",
    "open_review_indicators",
    "review_files",
    "review_queue",
    "review_requests",
    "review_window_open",
]

#: a 复核 request's state as the pages name it
REVIEW_STATE_ZH = {
    "open": "待处理",
    "accepted": "已同意",
    "rerun": "已同意，重新评分",
    "rejected": "已驳回",
}


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


@dataclass(frozen=True)
class ReviewFile:
    """A supplementary file of a 复核 request (stored under the unit's prefix)."""

    n: int
    key: str
    name: str
    sha256: str
    size: int
    version_id: str | None


def review_files(ctx: Context, year: int, unit: str | None = None) -> dict[int, list[ReviewFile]]:
    """Request id → its supplementary files, as recorded in the request's audit row (one
    unit's requests, or all of ``year``'s)."""
    ids = {r.id: r.unit_code for r in review_requests(ctx, year, unit)}
    if not ids:
        return {}
    stmt = select(AuditEntry).where(AuditEntry.action == "review.request")
    if unit is not None:
        stmt = stmt.where(AuditEntry.target.startswith(f"{unit}/", autoescape=True))
    out: dict[int, list[ReviewFile]] = {}
    with ctx.session() as s:
        for a in s.scalars(stmt.order_by(AuditEntry.id)):
            d = a.detail or {}
            rid = d.get("id")
            if rid not in ids or not (a.target or "").startswith(f"{ids[rid]}/"):
                continue
            prefix = f"{year}/{ids[rid]}/"
            out[rid] = [
                ReviewFile(n, f["key"], f["name"], f["sha256"], int(f["size"]), f.get("version_id"))
                for n, f in enumerate(d.get("files") or [])
                if str(f.get("key", "")).startswith(prefix)
            ]
    return out
