"""Decisions of the workspace: findings confirmed or rejected, 复核 requested and decided, the
复核 window. Score changes go through the manual-score log (:mod:`kaohe.office.manual`): the
automatic verdict stays beside them, nothing is updated in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kaohe.context import Context
from kaohe.errors import InputError, RecordConflict, RecordNotFound
from kaohe.office.accounts import Account, audit
from kaohe.office.manual import add_entry, clean_text, parse_points, rescore, validate_entry
from kaohe.views.review import review_queue, review_window_open
from storage.models import FindingReview, ReviewRequest, ReviewWindow, utcnow

__all__ = [
    "REVIEW_VERDICTS",
    "AttachedFile",
    "check_review_request",
    "decide_finding",
    "decide_review",
    "request_review",
    "set_review_window",
]

VERDICTS = {"confirm": "确认", "reject": "驳回"}
#: 复核 decision → the request's new state
REVIEW_STATES = {"accept": "accepted", "rerun": "rerun", "reject": "rejected"}
REVIEW_VERDICTS = tuple(REVIEW_STATES)


def decide_finding(
    ctx: Context,
    year: int,
    who: Account,
    *,
    unit: str,
    indicator: str,
    sha256: str,
    code: str,
    verdict: str,
    reason: str,
    address: str | None,
) -> int:
    """Record a verdict on a queue item; a rejected deduction is given back as a manual
    adjustment (then the year is re-scored). The id of the decision."""
    if verdict not in VERDICTS:
        raise InputError("结论应为“确认”或“驳回”")
    reason = clean_text(reason)
    if not reason:
        raise InputError("请填写理由")
    item = next(
        (
            i
            for i in review_queue(ctx, year, unit)
            if (i.indicator, i.sha256, i.code) == (indicator, sha256, code)
        ),
        None,
    )
    if item is None:
        raise RecordNotFound("没有这条待审核记录")
    manual_id = None
    if verdict == "reject" and item.points is not None and item.points < 0:
        entry = validate_entry(
            ctx,
            year=year,
            unit=unit,
            indicator=indicator,
            mode="adjust",
            points=-item.points,
            method="资料审查",
            reason=f"驳回自动扣分（{item.code}）：{reason}",
            author=who.name,
        )
        manual_id, _ = add_entry(ctx, entry, source=f"web:finding:{sha256}:{code}:{utcnow()}")
    with ctx.session() as s:
        r = FindingReview(
            year=year,
            unit_code=unit,
            indicator=indicator,
            sha256=sha256,
            finding_code=code,
            verdict=verdict,
            reason=reason,
            author=who.name,
            manual_score_id=manual_id,
        )
        s.add(r)
        s.flush()
        rid = r.id
    audit(
        ctx,
        who.name,
        f"finding.{verdict}",
        f"{unit}/{indicator}/{code}",
        {"sha256": sha256, "reason": reason, "manual_score_id": manual_id},
        address,
    )
    if manual_id is not None:
        rescore(ctx, year)
    return rid


def set_review_window(
    ctx: Context, year: int, who: Account, is_open: bool, address: str | None
) -> None:
    with ctx.session() as s:
        s.add(ReviewWindow(year=year, is_open=is_open, changed_by=who.name))
    audit(ctx, who.name, "review.window", str(year), {"open": is_open}, address)


@dataclass(frozen=True)
class AttachedFile:
    """A supplementary file of a 复核 request, as stored under the unit's prefix."""

    key: str
    name: str
    sha256: str
    size: int
    version_id: str | None = None

    def detail(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "sha256": self.sha256,
            "size": self.size,
            "version_id": self.version_id,
        }


def check_review_request(
    ctx: Context, year: int, who: Account, *, indicator: str, reason: str
) -> str:
    """Raise (Chinese reason) unless ``who`` may ask for 复核 of ``indicator`` now; the cleaned
    reason. Called before supplementary files are stored, so a refused request stores none."""
    assert who.unit_code is not None
    if not review_window_open(ctx, year):
        raise InputError("复核申请期已结束，不能再提交复核申请")
    reason = clean_text(reason)
    if not reason:
        raise InputError("请填写申请复核的理由")
    u = ctx.unit(who.unit_code)
    rubric = ctx.rubrics.get(u.kind) if u is not None else None
    if rubric is None or rubric.indicator(indicator) is None:
        raise RecordNotFound("没有这个指标")
    with ctx.session() as s:
        dup = s.scalar(
            select(ReviewRequest.id).where(
                ReviewRequest.year == year,
                ReviewRequest.unit_code == who.unit_code,
                ReviewRequest.indicator == indicator,
                ReviewRequest.state == "open",
            )
        )
    if dup is not None:
        raise RecordConflict("该指标已有一条待处理的复核申请")
    return reason


def request_review(
    ctx: Context,
    year: int,
    who: Account,
    *,
    indicator: str,
    reason: str,
    address: str | None,
    files: Sequence[AttachedFile] = (),
) -> int:
    """A unit's 复核 request on one of its indicators (window open, one open request each).

    ``files`` are supplementary files already stored under ``{year}/{unit}/`` (the next run
    reads them like any submission); they are recorded in the request's audit row, which is
    where :func:`kaohe.views.review.review_files` finds them.
    """
    reason = check_review_request(ctx, year, who, indicator=indicator, reason=reason)
    assert who.unit_code is not None
    prefix = f"{year}/{who.unit_code}/"
    if any(not f.key.startswith(prefix) for f in files):
        raise InputError("补充材料须存放在本单位的目录下")
    with ctx.session() as s:
        r = ReviewRequest(
            year=year,
            unit_code=who.unit_code,
            indicator=indicator,
            reason=reason,
            requested_by=who.name,
        )
        s.add(r)
        s.flush()
        rid = r.id
    audit(
        ctx,
        who.name,
        "review.request",
        f"{who.unit_code}/{indicator}",
        {"id": rid, "reason": reason, "files": [f.detail() for f in files]},
        address,
    )
    return rid


def decide_review(
    ctx: Context,
    who: Account,
    request_id: int,
    *,
    verdict: str,
    decision: str,
    points: str | None,
    method: str = "资料审查",
    address: str | None,
) -> str:
    """The office's decision, one of :data:`REVIEW_VERDICTS`: ``accept`` with a new score (a
    manual score, re-scored now), ``rerun`` (accepted; the caller starts a run, which reads
    the unit's supplementary files and re-scores — 重新评分) or ``reject``. The new state."""
    if verdict not in REVIEW_VERDICTS:
        raise InputError("处理结论应为“同意并给出新得分”“重新评分”或“驳回”")
    accept = verdict == "accept"
    decision = clean_text(decision)
    if not decision:
        raise InputError("请填写处理意见")
    with ctx.session() as s:
        r = s.get(ReviewRequest, request_id)
        if r is None:
            raise RecordNotFound("没有这条复核申请")
        if r.state != "open":
            raise RecordConflict("这条复核申请已处理")
        year, unit, indicator = r.year, r.unit_code, r.indicator
    manual_id = None
    new_points = None
    if accept:
        new_points = parse_points(points)
        if new_points is None:
            raise InputError("同意复核须填写新的得分")
        entry = validate_entry(
            ctx,
            year=year,
            unit=unit,
            indicator=indicator,
            mode="score",
            points=new_points,
            method=method,
            reason=f"复核（#{request_id}）：{decision}",
            author=who.name,
        )
        manual_id, _ = add_entry(ctx, entry, source=f"web:review:{request_id}")
    with ctx.session() as s:
        r = s.get(ReviewRequest, request_id)
        assert r is not None
        r.state = REVIEW_STATES[verdict]
        r.decision, r.new_points, r.manual_score_id = decision, new_points, manual_id
        r.decided_by, r.decided_at = who.name, utcnow()
    audit(
        ctx,
        who.name,
        "review.decide",
        f"{unit}/{indicator}",
        {"id": request_id, "verdict": verdict, "points": new_points, "decision": decision},
        address,
    )
    if manual_id is not None:
        rescore(ctx, year)
    return REVIEW_STATES[verdict]
