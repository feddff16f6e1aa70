"""Pages and forms that change state: upload, 复核, 待审核, manual scores, runs, reports, users.
Every change is a POST with the session's CSRF token and one audit row."""

from __future__ import annotations

import tempfile
import threading
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kaohe.errors import KaoheError
from kaohe.office.accounts import add_user, audit, disable_user, list_users
from kaohe.office.manual import METHODS, add_entry, rescore, validate_entry
from kaohe.office.reviews import decide_finding, decide_review, request_review, set_review_window
from kaohe.views.review import review_queue, review_requests, review_window_open
from kaohe.views.runs import latest_changes, run_history
from kaohe.views.scores import score_rows
from kaohe.web.deps import Me, WebState, render, state
from kaohe.web.pages import attachment
from kaohe.web.security import check_csrf, client_address, not_found, require
from kaohe.web.uploads import ALLOWED, store_upload

__all__ = ["router"]

router = APIRouter()
FormStr = Annotated[str, Form()]
OptStr = Annotated[str, Form()]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _back(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


# ------------------------------------------------------------------------------- upload


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, p: Me) -> Response:
    require(p, "upload")
    st = state(request)
    return render(
        request,
        "upload.html",
        p,
        allowed=sorted(ALLOWED),
        max_mb=st.settings.web.upload_max_bytes // 1048576,
    )


@router.post("/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    p: Me,
    csrf: FormStr = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    require(p, "upload")
    check_csrf(p, csrf)
    st = state(request)
    unit = p.account.unit_code
    assert unit is not None
    limit = st.settings.web.upload_max_bytes
    receipts = []
    for f in files or []:
        data = await f.read(limit + 1)
        r = store_upload(st.ctx, st.settings.year, unit, f.filename or "", data, limit)
        receipts.append(r)
        if r.ok:
            audit(
                st.ctx,
                p.account.name,
                "upload",
                r.key,
                {"sha256": r.sha256, "size": r.size, "duplicate_of": r.duplicate_of},
                client_address(request),
            )
    if not receipts:
        receipts = []
    return render(
        request,
        "upload.html",
        p,
        allowed=sorted(ALLOWED),
        receipts=receipts,
        max_mb=limit // 1048576,
        nothing=not files,
    )


# ------------------------------------------------------------------------------- 复核


@router.post("/units/{unit}/indicators/{indicator}/review")
def review_request(
    request: Request, p: Me, unit: str, indicator: str, csrf: FormStr = "", reason: FormStr = ""
) -> Response:
    require(p, "request_review")
    if unit != p.account.unit_code:
        raise not_found()
    check_csrf(p, csrf)
    st = state(request)
    request_review(
        st.ctx,
        st.settings.year,
        p.account,
        indicator=indicator,
        reason=reason,
        address=client_address(request),
    )
    return _back(f"/units/{unit}#review")


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, p: Me) -> Response:
    require(p, "decide_review")
    st = state(request)
    y = st.settings.year
    names = {u.code: u.name for u in st.ctx.units}
    return render(
        request,
        "reviews.html",
        p,
        requests=review_requests(st.ctx, y),
        names=names,
        window_open=review_window_open(st.ctx, y),
        methods=METHODS,
    )


@router.post("/reviews/window")
def review_window(request: Request, p: Me, csrf: FormStr = "", open: FormStr = "") -> Response:
    require(p, "review_window")
    check_csrf(p, csrf)
    st = state(request)
    set_review_window(st.ctx, st.settings.year, p.account, open == "1", client_address(request))
    return _back("/reviews")


@router.post("/reviews/{request_id}/decide")
def review_decide(
    request: Request,
    p: Me,
    request_id: int,
    csrf: FormStr = "",
    verdict: FormStr = "",
    decision: FormStr = "",
    points: OptStr = "",
    method: OptStr = "资料审查",
) -> Response:
    require(p, "decide_review")
    check_csrf(p, csrf)
    decide_review(
        state(request).ctx,
        p.account,
        request_id,
        accept=verdict == "accept",
        decision=decision,
        points=points,
        method=method,
        address=client_address(request),
    )
    return _back("/reviews")


# ------------------------------------------------------------------------------- 待审核


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, p: Me) -> Response:
    require(p, "review_findings")
    st = state(request)
    names = {u.code: u.name for u in st.ctx.units}
    items = review_queue(st.ctx, st.settings.year)
    return render(request, "queue.html", p, items=items, names=names)


@router.post("/queue/decide")
def queue_decide(
    request: Request,
    p: Me,
    csrf: FormStr = "",
    unit: FormStr = "",
    indicator: FormStr = "",
    sha256: FormStr = "",
    code: FormStr = "",
    verdict: FormStr = "",
    reason: FormStr = "",
) -> Response:
    require(p, "review_findings")
    check_csrf(p, csrf)
    st = state(request)
    decide_finding(
        st.ctx,
        st.settings.year,
        p.account,
        unit=unit,
        indicator=indicator,
        sha256=sha256,
        code=code,
        verdict=verdict,
        reason=reason,
        address=client_address(request),
    )
    return _back("/queue")


# ------------------------------------------------------------------------------- manual


@router.get("/manual", response_class=HTMLResponse)
def manual_page(request: Request, p: Me) -> Response:
    require(p, "manual_score")
    st = state(request)
    pending = [r for r in score_rows(st.ctx, st.settings.year) if r.status == "pending_manual"]
    return render(request, "manual.html", p, pending=pending, methods=METHODS)


@router.post("/manual")
def manual_add(
    request: Request,
    p: Me,
    csrf: FormStr = "",
    unit: FormStr = "",
    indicator: FormStr = "",
    points: FormStr = "",
    method: FormStr = "",
    reason: FormStr = "",
    evidence: OptStr = "",
) -> Response:
    require(p, "manual_score")
    check_csrf(p, csrf)
    st = state(request)
    full_reason = reason.strip() + (f"（证据：{evidence.strip()}）" if evidence.strip() else "")
    entry = validate_entry(
        st.ctx,
        year=st.settings.year,
        unit=unit,
        indicator=indicator,
        mode="score",
        points=points,
        method=method,
        reason=full_reason,
        author=p.account.name,
    )
    entry_id, _ = add_entry(st.ctx, entry, source=f"web:{uuid.uuid4().hex}")
    audit(
        st.ctx,
        p.account.name,
        "manual.score",
        f"{entry.unit.code}/{indicator}",
        {"id": entry_id, "points": entry.points, "method": entry.method},
        client_address(request),
    )
    rescore(st.ctx, st.settings.year)
    return _back("/manual")


# ------------------------------------------------------------------------------- runs


def _run_in_background(st: WebState, year: int) -> None:
    from flows import run_flow
    from flows.pipeline import pipeline_flow

    try:
        run_flow(pipeline_flow, year=year, settings=st.settings.public())
        st.last_run_error = None
    except Exception as e:  # the run records its own failure; the page shows this line
        st.last_run_error = f"运行失败：{type(e).__name__}"
    finally:
        st.run_lock.release()


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, p: Me, message: str = "") -> Response:
    require(p, "view_all")
    st = state(request)
    y = st.settings.year
    names = {u.code: u.name for u in st.ctx.units}
    return render(
        request,
        "runs.html",
        p,
        runs=run_history(st.ctx, y),
        changes=latest_changes(st.ctx, y),
        names=names,
        running=st.run_lock.locked(),
        error=st.last_run_error,
        message=message,
    )


@router.post("/runs")
def start_run(request: Request, p: Me, csrf: FormStr = "") -> Response:
    require(p, "start_run")
    check_csrf(p, csrf)
    st = state(request)
    if not st.run_lock.acquire(blocking=False):
        return render(
            request,
            "runs.html",
            p,
            409,
            runs=run_history(st.ctx, st.settings.year),
            changes=[],
            names={},
            running=True,
            error=None,
            message="已有一次评分运行正在进行，请等它结束后再启动",
        )
    audit(st.ctx, p.account.name, "run.start", str(st.settings.year), None, client_address(request))
    st.run_thread = threading.Thread(
        target=_run_in_background, args=(st, st.settings.year), daemon=True
    )
    st.run_thread.start()
    return _back("/runs?message=已启动评分运行")


# ------------------------------------------------------------------------------- reports


@router.get("/reports/workbook.xlsx")
def workbook(request: Request, p: Me) -> Response:
    from kaohe.reports.data import collect
    from kaohe.reports.workbook import write_workbook

    require(p, "reports")
    st = state(request)
    y = st.settings.year
    with tempfile.TemporaryDirectory() as d:
        path = write_workbook(collect(st.ctx, y), Path(d) / f"{y}年度政务公开考核结果.xlsx")
        return attachment(path.read_bytes(), path.name, XLSX)


@router.get("/reports/rectification/{unit}.docx")
def rectification(request: Request, p: Me, unit: str) -> Response:
    from kaohe.reports.data import collect
    from kaohe.reports.rectification import write_rectification

    require(p, "reports")
    st = state(request)
    y = st.settings.year
    data = collect(st.ctx, y)
    u = next(((c, n) for c, n, _ in data.units if c == unit), None)
    if u is None:
        raise not_found()
    with tempfile.TemporaryDirectory() as d:
        path = write_rectification(
            data,
            unit,
            Path(d) / f"{u[1]}{y}年度整改清单.docx",
            issuer=st.settings.report.issuer,
            deadline=st.settings.report.rectification_deadline,
        )
        return attachment(path.read_bytes(), path.name, DOCX)


# ------------------------------------------------------------------------------- users


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, p: Me, error: str = "") -> Response:
    require(p, "manage_users")
    st = state(request)
    return render(
        request, "users.html", p, users=list_users(st.ctx), units=st.ctx.units, error=error
    )


@router.post("/users")
def users_add(
    request: Request,
    p: Me,
    csrf: FormStr = "",
    name: FormStr = "",
    role: FormStr = "",
    unit: OptStr = "",
    password: FormStr = "",
) -> Response:
    require(p, "manage_users")
    check_csrf(p, csrf)
    st = state(request)
    try:
        add_user(st.ctx, name, role, password, unit or None, actor=p.account.name)
    except KaoheError as e:
        return render(
            request,
            "users.html",
            p,
            400,
            users=list_users(st.ctx),
            units=st.ctx.units,
            error=e.reason,
        )
    return _back("/users")


@router.post("/users/disable")
def users_disable(request: Request, p: Me, csrf: FormStr = "", name: FormStr = "") -> Response:
    require(p, "manage_users")
    check_csrf(p, csrf)
    disable_user(state(request).ctx, name, actor=p.account.name, address=client_address(request))
    return _back("/users")
