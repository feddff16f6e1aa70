"""复核: a unit's request (with supplementary files), the office's queue and decision (a new
score, 重新评分 by a run, or a refusal), the window, and the files as downloads."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kaohe.errors import InputError, RecordConflict
from kaohe.office.manual import METHODS
from kaohe.office.reviews import (
    AttachedFile,
    check_review_request,
    decide_review,
    request_review,
    set_review_window,
)
from kaohe.views.review import review_files, review_requests, review_window_open
from kaohe.web.deps import Me, guard, render, start_background_run, state
from kaohe.web.pages import attachment
from kaohe.web.security import client_address, not_found, require, require_unit_scope
from kaohe.web.uploads import check_upload, read_files, save_files

__all__ = ["router"]

router = APIRouter()
FormStr = Annotated[str, Form()]

#: the notes a redirect may ask the 复核 page to show (never text from the URL itself)
MESSAGES = {
    "rerun_started": "已记录决定并启动重新评分运行；运行结束后评分总表与单位页随之更新",
    "rerun_waiting": "已记录决定；另一评分运行正在进行，请在其结束后到“运行记录”启动评分",
}


@router.post("/units/{unit}/indicators/{indicator}/review")
async def review_request(
    request: Request,
    p: Me,
    unit: str,
    indicator: str,
    csrf: FormStr = "",
    reason: FormStr = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """The request is checked first, then every file: a refusal of either stores nothing."""
    require(p, "request_review")
    if unit != p.account.unit_code:
        raise not_found()
    st = guard(request, p, "request_review", csrf)
    y = st.settings.year
    check_review_request(st.ctx, y, p.account, indicator=indicator, reason=reason)
    limit = st.settings.web.upload_max_bytes
    items = await read_files(files, limit)
    refused = [r for name, data in items if (r := check_upload(name, data, limit)) is not None]
    if refused:
        raise InputError(
            "补充材料未能接收，复核申请未提交："
            + "；".join(f"{r.name}：{r.message}" for r in refused)
        )
    addr = client_address(request)
    receipts = save_files(
        st.ctx, y, unit, items, limit, actor=p.account.name, address=addr, action="review.file"
    )
    attached = [
        AttachedFile(r.key, r.name, r.sha256, r.size, r.version_id)
        for r in receipts
        if r.ok and r.key and r.sha256
    ]
    request_review(
        st.ctx, y, p.account, indicator=indicator, reason=reason, address=addr, files=attached
    )
    return RedirectResponse(f"/units/{unit}#review", status_code=303)


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, p: Me, message: str = "") -> Response:
    require(p, "decide_review")
    st = state(request)
    y = st.settings.year
    return render(
        request,
        "reviews.html",
        p,
        requests=review_requests(st.ctx, y),
        files=review_files(st.ctx, y),
        names={u.code: u.name for u in st.ctx.units},
        window_open=review_window_open(st.ctx, y),
        methods=METHODS,
        running=st.run_lock.locked(),
        message=MESSAGES.get(message, ""),
    )


@router.post("/reviews/window")
def review_window(request: Request, p: Me, csrf: FormStr = "", open: FormStr = "") -> Response:
    st = guard(request, p, "review_window", csrf)
    set_review_window(st.ctx, st.settings.year, p.account, open == "1", client_address(request))
    return RedirectResponse("/reviews", status_code=303)


@router.post("/reviews/{request_id}/decide")
def review_decide(
    request: Request,
    p: Me,
    request_id: int,
    csrf: FormStr = "",
    verdict: FormStr = "",
    decision: FormStr = "",
    points: FormStr = "",
    method: FormStr = "资料审查",
) -> Response:
    """``rerun`` records the decision only when a run can start now (else 409, nothing
    recorded), then starts it: the run reads the unit's supplementary files and re-scores."""
    st = guard(request, p, "decide_review", csrf)
    addr = client_address(request)
    if verdict == "rerun" and not st.run_lock.acquire(blocking=False):
        raise RecordConflict("已有一次评分运行正在进行，请等它结束后再决定重新评分")
    if verdict == "rerun":
        st.run_lock.release()  # held only to ask; start_background_run takes it again
    decide_review(
        st.ctx,
        p.account,
        request_id,
        verdict=verdict,
        decision=decision,
        points=points,
        method=method,
        address=addr,
    )
    url = "/reviews"
    if verdict == "rerun":
        started = start_background_run(st, p.account.name, addr, {"review": request_id})
        url += "?message=" + ("rerun_started" if started else "rerun_waiting")
    return RedirectResponse(url, status_code=303)


@router.get("/reviews/{request_id}/files/{n}")
def review_file(request: Request, p: Me, request_id: int, n: int) -> Response:
    """Supplementary file ``n`` of a 复核 request, as an attachment: the office and assessors,
    and the requesting unit; the exact bytes recorded (sha256 checked)."""
    st = state(request)
    y = st.settings.year
    req = next((r for r in review_requests(st.ctx, y) if r.id == request_id), None)
    require_unit_scope(p, req.unit_code if req is not None else None)
    if req is None:
        raise not_found()
    files = review_files(st.ctx, y, req.unit_code).get(request_id, [])
    if not 0 <= n < len(files):
        raise not_found()
    f = files[n]
    try:
        data = st.ctx.store.get(f.key, f.version_id)
    except Exception:  # missing object or store error: never which one
        raise not_found() from None
    if hashlib.sha256(data).hexdigest() != f.sha256:
        raise not_found()
    return attachment(data, f.name)
