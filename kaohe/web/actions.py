"""Pages and forms that change state: upload, 待审核, runs, reports (复核 in
:mod:`kaohe.web.review_routes`, manual scores in :mod:`kaohe.web.manual_routes`, users in
:mod:`kaohe.web.admin`). Every change is a POST with the session's CSRF token (checked by
:func:`kaohe.web.deps.guard`) and one audit row."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kaohe.office.reviews import decide_finding
from kaohe.views.review import review_queue
from kaohe.views.runs import latest_changes, run_history
from kaohe.web.deps import Me, guard, render, start_background_run, state
from kaohe.web.pages import attachment
from kaohe.web.security import client_address, not_found, require
from kaohe.web.uploads import ALLOWED, read_files, save_files

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
    st = guard(request, p, "upload", csrf)
    unit = p.account.unit_code
    assert unit is not None
    limit = st.settings.web.upload_max_bytes
    items = await read_files(files, limit)
    receipts = save_files(
        st.ctx,
        st.settings.year,
        unit,
        items,
        limit,
        actor=p.account.name,
        address=client_address(request),
    )
    return render(
        request,
        "upload.html",
        p,
        allowed=sorted(ALLOWED),
        receipts=receipts,
        max_mb=limit // 1048576,
        nothing=not items,
    )


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
    st = guard(request, p, "review_findings", csrf)
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


# ------------------------------------------------------------------------------- runs


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
    st = guard(request, p, "start_run", csrf)
    if not start_background_run(st, p.account.name, client_address(request)):
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
