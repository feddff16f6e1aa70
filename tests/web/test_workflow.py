"""Writes through the workspace on the scored demo year: 复核 asked and decided, a deduction
rejected from the review queue, a manual score; each applied through the manual-score log,
each in the audit log. Units other than the ones test_pages reads are used where scores change.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from kaohe.views.review import needs_review, review_queue
from kaohe.views.scores import score_rows
from storage.models import AuditEntry, ManualScore, ReviewRequest
from tests.web.conftest import YEAR, Client, World


def _row(world: World, unit: str, indicator: str):
    return next(
        r for r in score_rows(world.ctx, YEAR) if (r.unit, r.indicator) == (unit, indicator)
    )


def test_needs_review_is_one_test() -> None:
    assert needs_review({"code": "annual_report_needs_review"})
    assert needs_review({"code": "x", "certainty": "review"})
    assert not needs_review({"code": "remedy_body_wrong", "certainty": "confirmed"})


def test_review_request_accept_and_window(web_world: World, jixian: Client, office: Client) -> None:
    unit = jixian
    before = _row(web_world, "jixian", "1.4.3")
    r = unit.post(
        "/units/jixian/indicators/1.4.3/review",
        data={"csrf": unit.csrf, "reason": "答复书已按期送达请复核"},
    )
    assert r.status_code == 200 and "待处理" in r.text
    assert "⚑" in office.get("/table?kind=county").text
    page = office.get("/reviews").text
    assert "集贤县人民政府" in page and "答复书已按期送达请复核" in page
    with web_world.ctx.session() as s:
        rid = s.scalars(
            select(ReviewRequest.id).where(
                ReviewRequest.unit_code == "jixian", ReviewRequest.state == "open"
            )
        ).one()
    assert f'action="/reviews/{rid}/decide"' in page
    new = before.max_points
    r = office.post(
        f"/reviews/{rid}/decide",
        data={
            "csrf": office.csrf,
            "verdict": "accept",
            "points": str(new),
            "decision": "补充材料属实",
            "method": "资料审查",
        },
    )
    assert r.status_code == 200
    after = _row(web_world, "jixian", "1.4.3")
    assert (after.points, after.status) == (new, "manual")
    # the table was read (and kept) before the decision: it shows the new score set's value
    cell = rf'/units/jixian/indicators/1\.4\.3\?year={YEAR}" title="人工评分">{new:g}<'
    assert re.search(cell, office.get("/table?kind=county").text)
    html = unit.get("/units/jixian").text
    assert "已同意" in html and "补充材料属实" in html and f"新得分 {new:g}" in html
    with web_world.ctx.session() as s:
        m = s.scalars(select(ManualScore).where(ManualScore.source == f"web:review:{rid}")).one()
        assert (m.mode, m.points, m.author) == ("score", new, "office1")
    # closed window: requests refused
    office.post("/reviews/window", data={"csrf": office.csrf, "open": "0"})
    r = unit.post(
        "/units/jixian/indicators/1.4.1/review", data={"csrf": unit.csrf, "reason": "再次申请"}
    )
    assert r.status_code == 400 and "复核申请期已结束" in r.text
    office.post("/reviews/window", data={"csrf": office.csrf, "open": "1"})
    with web_world.ctx.session() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry))]
    assert {"review.request", "review.decide", "review.window"} <= set(actions)


def test_rejecting_a_deduction_gives_the_points_back(web_world: World, assessor: Client) -> None:
    c = assessor
    items = [
        i
        for i in review_queue(web_world.ctx, YEAR)
        if i.kind == "deduction" and i.unit not in ("youyi", "jixian") and i.decision is None
    ]
    assert items, "the demo year has automatic deductions"
    it = items[0]
    assert it.quote is None or it.quote in c.get("/queue").text
    before = _row(web_world, it.unit, it.indicator)
    r = c.post(
        "/queue/decide",
        data={
            "csrf": c.csrf,
            "unit": it.unit,
            "indicator": it.indicator,
            "sha256": it.sha256,
            "code": it.code,
            "verdict": "reject",
            "reason": "该处表述符合要求",
        },
    )
    assert r.status_code == 200 and "已驳回：该处表述符合要求" in r.text
    after = _row(web_world, it.unit, it.indicator)
    assert after.points == min(before.max_points, (before.points or 0) - (it.points or 0))
    decided = next(
        i
        for i in review_queue(web_world.ctx, YEAR)
        if (i.unit, i.sha256, i.code) == (it.unit, it.sha256, it.code)
    )
    assert decided.decision is not None and decided.decision.verdict == "reject"


def test_manual_score_for_a_pending_indicator(web_world: World, assessor: Client) -> None:
    c = assessor
    pending = [
        r
        for r in score_rows(web_world.ctx, YEAR)
        if r.status == "pending_manual" and r.unit not in ("jixian", "youyi")
    ]
    assert pending
    row = pending[0]
    html = c.get("/manual").text
    assert row.unit_name in html
    r = c.post(
        "/manual",
        data={
            "csrf": c.csrf,
            "unit": row.unit,
            "indicator": row.indicator,
            "points": "1",
            "method": "实地检查",
            "reason": "现场核查",
            "evidence": "照片3张",
        },
    )
    assert r.status_code == 200
    after = _row(web_world, row.unit, row.indicator)
    assert (after.points, after.status) == (1, "manual")
    bad = c.post(
        "/manual",
        data={
            "csrf": c.csrf,
            "unit": row.unit,
            "indicator": row.indicator,
            "points": "1",
            "method": "电话",
            "reason": "x",
        },
    )
    assert bad.status_code == 400 and "考核方式应为" in bad.text


def test_reports_download(assessor: Client) -> None:
    c = assessor
    r = c.get("/reports/workbook.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "attachment" in r.headers["content-disposition"]
    r = c.get("/reports/rectification/raohe.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert c.get("/reports/rectification/nosuch.docx").status_code == 404
