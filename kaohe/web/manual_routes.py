"""Manual scores (人工评分): the form per 待人工评分 indicator, and the xlsx template the
office fills in offline — downloaded pre-filled, uploaded back (:mod:`kaohe.office.sheets`,
the same sheet ``kaohe manual template|import`` writes and reads)."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kaohe.errors import KaoheError
from kaohe.office.accounts import audit
from kaohe.office.manual import METHODS, add_entry, rescore, validate_entry
from kaohe.office.sheets import ImportResult, import_sheet, write_template
from kaohe.views.scores import score_rows
from kaohe.web.actions import XLSX
from kaohe.web.deps import Me, guard, render, state
from kaohe.web.pages import attachment
from kaohe.web.security import Principal, client_address, require

__all__ = ["router"]

router = APIRouter()
FormStr = Annotated[str, Form()]
#: the rows of the downloaded template: what is still to score by hand, and what was
TEMPLATE_STATUSES = ("pending_manual", "manual")


def _page(
    request: Request,
    p: Principal,
    status: int = 200,
    result: ImportResult | None = None,
    error: str = "",
) -> Response:
    st = state(request)
    pending = [r for r in score_rows(st.ctx, st.settings.year) if r.status == "pending_manual"]
    return render(
        request,
        "manual.html",
        p,
        status,
        pending=pending,
        methods=METHODS,
        result=result,
        error=error,
    )


@router.get("/manual", response_class=HTMLResponse)
def manual_page(request: Request, p: Me) -> Response:
    require(p, "manual_score")
    return _page(request, p)


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
    evidence: FormStr = "",
) -> Response:
    st = guard(request, p, "manual_score", csrf)
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
    return RedirectResponse("/manual", status_code=303)


@router.get("/manual/template.xlsx")
def manual_template(request: Request, p: Me) -> Response:
    """The sheet pre-filled with every unit × indicator that is 待人工评分 or manual."""
    require(p, "manual_score")
    st = state(request)
    y = st.settings.year
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"{y}年度人工评分表.xlsx"
        write_template(st.ctx, path, y, TEMPLATE_STATUSES)
        return attachment(path.read_bytes(), path.name, XLSX)


@router.post("/manual/import", response_class=HTMLResponse)
async def manual_import(
    request: Request,
    p: Me,
    csrf: FormStr = "",
    sheet: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Record the filled rows of an uploaded template (empty 评分人: the signed-in user), then
    re-score; rows with errors are listed by row number, the others imported."""
    st = guard(request, p, "manual_score", csrf)
    limit = st.settings.web.upload_max_bytes
    data = await sheet.read(limit + 1) if sheet is not None else b""
    if not data:
        return _page(request, p, 400, error="请选择填好的人工评分表（.xlsx）")
    if len(data) > limit or not data.startswith(b"PK\x03\x04"):
        return _page(request, p, 400, error="只接受 .xlsx 格式的人工评分表，且不超过上传大小上限")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "import.xlsx"
        path.write_bytes(data)
        try:
            result = import_sheet(st.ctx, path, st.settings.year, default_author=p.account.name)
        except KaoheError as e:
            return _page(request, p, 400, error=e.reason.replace(str(path.name), "上传的文件"))
    audit(
        st.ctx,
        p.account.name,
        "manual.import",
        (sheet.filename or "")[:200] if sheet is not None else None,
        {
            "sha256": result.sha256,
            "added": result.added,
            "duplicates": result.duplicates,
            "errors": len(result.errors),
        },
        client_address(request),
    )
    for y in sorted(result.years):
        rescore(st.ctx, y)
    return _page(request, p, 400 if result.errors and not result.added else 200, result)
