"""复核 with supplementary files (stored like uploads, seen and downloaded by the office, read
by the next run) and a decision that re-scores by a run (重新评分); the manual-score sheet
downloaded pre-filled and uploaded back; a disabled account re-enabled from the admin page.
Uses units and indicators no other web test changes (youyi 1.3.1, a pending row's last)."""

from __future__ import annotations

import hashlib
import io
import re

from fastapi import FastAPI
from sqlalchemy import select

from kaohe.office.accounts import add_user
from kaohe.views.materials import unit_materials
from kaohe.views.review import review_files
from kaohe.views.runs import run_history
from kaohe.views.scores import score_rows
from kaohe.web.deps import WebState
from storage.models import AuditEntry, ManualScore, ReviewRequest
from tests.web.conftest import PASSWORD, YEAR, Client, World, docx_bytes, login

SUPPLEMENT = "1.3.1复核补充材料.docx"


def _audit(world: World, action: str) -> list[AuditEntry]:
    with world.ctx.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_review_with_files_then_rerun(web_world: World, youyi: Client, office: Client) -> None:
    data = docx_bytes("关于1.3.1的补充说明", "本单位已于2024年按期公开政府信息公开工作年度报告。")
    url = "/units/youyi/indicators/1.3.1/review"
    # a bad file refuses the whole request, and nothing is stored
    r = youyi.post(
        url,
        data={"csrf": youyi.csrf, "reason": "已补充"},
        files=[("files", (SUPPLEMENT, data)), ("files", ("说明.html", b"<script>x</script>"))],
    )
    assert r.status_code == 400 and "复核申请未提交" in r.text and "说明.html" in r.text
    assert not [i for i in web_world.ctx.store.list(f"{YEAR}/youyi/") if SUPPLEMENT in i.key]
    r = youyi.post(
        url,
        data={"csrf": youyi.csrf, "reason": "年度报告已按期公开，见补充材料"},
        files=[("files", (SUPPLEMENT, data))],
    )
    assert r.status_code == 200 and "待处理" in r.text and SUPPLEMENT in r.text
    key = f"{YEAR}/youyi/{SUPPLEMENT}"
    assert web_world.ctx.store.get(key) == data  # stored like any submission
    with web_world.ctx.session() as s:
        req = s.scalars(
            select(ReviewRequest).where(
                ReviewRequest.unit_code == "youyi", ReviewRequest.indicator == "1.3.1"
            )
        ).one()
        rid = req.id
    (f,) = review_files(web_world.ctx, YEAR, "youyi")[rid]
    assert (f.key, f.sha256) == (key, hashlib.sha256(data).hexdigest())
    assert [a.target for a in _audit(web_world, "review.file")].count(key) == 1

    # the office sees the file and downloads the exact bytes, as an attachment
    page = office.get("/reviews").text
    assert f'href="/reviews/{rid}/files/0"' in page and SUPPLEMENT in page
    dl = office.get(f"/reviews/{rid}/files/0")
    assert dl.status_code == 200 and dl.content == data
    assert dl.headers["content-disposition"].startswith("attachment")
    assert dl.headers["x-content-type-options"] == "nosniff"
    assert youyi.get(f"/reviews/{rid}/files/0").content == data
    assert office.get(f"/reviews/{rid}/files/1").status_code == 404

    # 重新评分: the decision is recorded, a run starts, reads the file and re-scores
    runs_before = len(run_history(web_world.ctx, YEAR))
    r = office.post(
        f"/reviews/{rid}/decide",
        data={"csrf": office.csrf, "verdict": "rerun", "decision": "按补充材料重新评分"},
    )
    assert r.status_code == 200 and "已记录决定并启动重新评分运行" in r.text
    st: WebState = office.app.state.web  # type: ignore[attr-defined]
    assert st.run_thread is not None
    st.run_thread.join(300)
    assert not st.run_lock.locked() and st.last_run_error is None
    runs = run_history(web_world.ctx, YEAR)
    assert len(runs) > runs_before and {r.status for r in runs} == {"completed"}
    assert key in {d.key for d in unit_materials(web_world.ctx, YEAR, "youyi").documents} | {
        p.key for p in unit_materials(web_world.ctx, YEAR, "youyi").rejected
    }
    html = youyi.get("/units/youyi").text
    assert "已同意，重新评分" in html and "按补充材料重新评分" in html
    (start,) = [a for a in _audit(web_world, "run.start") if (a.detail or {}).get("review") == rid]
    assert start.actor == "office1"
    (dec,) = [a for a in _audit(web_world, "review.decide") if (a.detail or {})["id"] == rid]
    assert (dec.detail or {})["verdict"] == "rerun"


def test_rerun_refused_while_a_run_is_going(web_world: World, youyi: Client, office: Client):
    r = youyi.post(
        "/units/youyi/indicators/1.3.2/review",
        data={"csrf": youyi.csrf, "reason": "请复核"},
    )
    assert r.status_code == 200
    page = office.get("/reviews").text
    rid = max(int(x) for x in re.findall(r'action="/reviews/(\d+)/decide"', page))
    st: WebState = office.app.state.web  # type: ignore[attr-defined]
    assert st.run_lock.acquire(blocking=False)  # as if a run were going
    try:
        r = office.post(
            f"/reviews/{rid}/decide",
            data={"csrf": office.csrf, "verdict": "rerun", "decision": "重新评分"},
        )
    finally:
        st.run_lock.release()
    assert r.status_code == 409 and "已有一次评分运行正在进行" in r.text
    with web_world.ctx.session() as s:
        req = s.get(ReviewRequest, rid)
        assert req is not None and req.state == "open"  # nothing recorded
    r = office.post(
        f"/reviews/{rid}/decide",
        data={"csrf": office.csrf, "verdict": "reject", "decision": "理由不成立"},
    )
    assert r.status_code == 200


def test_manual_sheet_download_and_upload(web_world: World, assessor: Client) -> None:
    from openpyxl import load_workbook

    r = assessor.get("/manual/template.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "attachment" in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["人工评分"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    current = {(x.unit, x.indicator): x for x in score_rows(web_world.ctx, YEAR)}
    pending = {k for k, x in current.items() if x.status == "pending_manual"}
    manual = {k for k, x in current.items() if x.status == "manual"}
    assert {(x["单位代码"], x["指标"]) for x in rows} == pending | manual  # only these
    target = next(
        (i, x)
        for i, x in reversed(list(enumerate(rows, start=2)))
        if x["当前状态"] == "待人工评分" and x["单位代码"] not in ("youyi", "jixian")
    )
    rowno, row = target
    col = {h: i + 1 for i, h in enumerate(head)}
    ws.cell(rowno, col["模式"], "评分")
    ws.cell(rowno, col["分值"], 0.5)
    ws.cell(rowno, col["考核方式"], "资料审查")
    ws.cell(rowno, col["理由"], "表格导入测试")
    bad = rowno - 1 if rowno > 2 else rowno + 1
    ws.cell(bad, col["模式"], "评分")
    ws.cell(bad, col["分值"], 999)
    ws.cell(bad, col["考核方式"], "资料审查")
    ws.cell(bad, col["理由"], "超出满分")
    buf = io.BytesIO()
    wb.save(buf)
    sheet = buf.getvalue()

    r = assessor.post(
        "/manual/import", data={"csrf": assessor.csrf}, files={"sheet": ("评分表.xlsx", sheet)}
    )
    assert r.status_code == 200, r.text
    assert "已导入 1 条" in r.text and f"第 {bad} 行" in r.text and "评分应在" in r.text
    after = next(
        x
        for x in score_rows(web_world.ctx, YEAR)
        if (x.unit, x.indicator) == (row["单位代码"], row["指标"])
    )
    assert (after.points, after.status) == (0.5, "manual")
    with web_world.ctx.session() as s:
        m = s.scalars(select(ManualScore).where(ManualScore.reason == "表格导入测试")).one()
        assert (m.author, m.method) == ("assessor1", "资料审查")  # empty 评分人: who uploaded
    # the same sheet again adds nothing
    r = assessor.post(
        "/manual/import", data={"csrf": assessor.csrf}, files={"sheet": ("评分表.xlsx", sheet)}
    )
    assert "已导入 0 条" in r.text and "1 条此前已导入" in r.text
    (first, second) = _audit(web_world, "manual.import")[-2:]
    assert (len((first.detail or {})["added"]), (second.detail or {})["duplicates"]) == (1, 1)
    # not a workbook
    r = assessor.post(
        "/manual/import", data={"csrf": assessor.csrf}, files={"sheet": ("x.xlsx", b"%PDF-1.4")}
    )
    assert r.status_code == 400 and "只接受 .xlsx" in r.text


def test_disable_and_enable_from_the_admin_page(
    web_world: World, app: FastAPI, office: Client
) -> None:
    add_user(web_world.ctx, "temp_unit", "unit", PASSWORD, "raohe", actor="test")
    login(app, "temp_unit")
    r = office.post("/users/disable", data={"csrf": office.csrf, "name": "temp_unit"})
    assert r.status_code == 200 and "重新启用" in r.text
    bad = Client(app, base_url="http://127.0.0.1")
    r = bad.post("/login", data={"username": "temp_unit", "password": PASSWORD})
    assert r.status_code == 401
    r = office.post("/users/enable", data={"csrf": office.csrf, "name": "temp_unit"})
    assert r.status_code == 200
    login(app, "temp_unit")
    # own account: no disable button, and refused
    r = office.post("/users/disable", data={"csrf": office.csrf, "name": "office1"})
    assert r.status_code == 400 and "不能停用自己" in r.text
    enabled = [a for a in _audit(web_world, "user.enable") if a.target == "temp_unit"]
    assert len(enabled) == 1 and enabled[0].actor == "office1" and enabled[0].address
    assert office.post("/users/enable", data={"csrf": "x", "name": "temp_unit"}).status_code == 403


def test_enable_twice_is_a_no_op(web_world: World, office: Client) -> None:
    n = len(_audit(web_world, "user.enable"))
    r = office.post("/users/enable", data={"csrf": office.csrf, "name": "assessor1"})
    assert r.status_code == 200 and len(_audit(web_world, "user.enable")) == n
