"""Read pages: 评分总表, unit page, indicator explanation (quotes in context), downloads."""

from __future__ import annotations

from urllib.parse import quote as urlquote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kaohe.errors import KaoheError
from kaohe.views.evidence import document_bytes
from kaohe.views.explain import Explanation, explain_score
from kaohe.views.materials import unit_materials, version_unit
from kaohe.views.quotes import find_boxes, paragraph_context, quote_box, render_page
from kaohe.views.review import (
    open_review_indicators,
    review_files,
    review_requests,
    review_window_open,
)
from kaohe.views.scores import score_rows
from kaohe.views.table import score_table
from kaohe.web.deps import Me, render, state
from kaohe.web.security import Principal, not_found, require, require_unit_scope

__all__ = ["attachment", "router"]

router = APIRouter()

STATUS_ZH = {"auto": "自动评分", "manual": "人工评分", "pending_manual": "待人工评分"}


def _year(request: Request, year: int | None) -> int:
    return year if year is not None else state(request).settings.year


@router.get("/table", response_class=HTMLResponse)
def table_page(
    request: Request,
    p: Me,
    year: int | None = None,
    kind: str | None = None,
    status: str = "",
    q: str = "",
) -> Response:
    require(p, "view_all")
    y = _year(request, year)
    ctx = state(request).ctx
    t = score_table(ctx, y, kind)
    marks = open_review_indicators(ctx, y)
    units = t.units
    if q.strip():
        units = [u for u in units if q.strip() in u[1] or q.strip() == u[0]]
    if status == "review":
        units = [u for u in units if any((u[0], i.code) in marks for i in t.indicators)]
    elif status in STATUS_ZH:
        units = [
            u
            for u in units
            if any(
                (c := t.cells.get((u[0], i.code))) is not None and c.status == status
                for i in t.indicators
            )
        ]
    ranked = sorted(units, key=lambda u: (t.totals[u[0]].rank is None, t.totals[u[0]].rank or 0))
    return render(
        request,
        "table.html",
        p,
        year=y,
        t=t,
        units=ranked,
        marks=marks,
        status=status,
        q=q,
        STATUS_ZH=STATUS_ZH,
    )


@router.get("/units/{unit}", response_class=HTMLResponse)
def unit_page(request: Request, p: Me, unit: str, year: int | None = None) -> Response:
    require_unit_scope(p, unit)
    y = _year(request, year)
    ctx = state(request).ctx
    u = next((x for x in ctx.units if x.code == unit), None)
    if u is None:
        raise not_found()
    rows = [r for r in score_rows(ctx, y) if r.unit == unit]
    total = round(sum(r.points or 0 for r in rows), 2)
    pending = [r for r in rows if r.status == "pending_manual"]
    return render(
        request,
        "unit.html",
        p,
        year=y,
        unit=u,
        rows=rows,
        total=total,
        pending=pending,
        materials=unit_materials(ctx, y, unit),
        requests=review_requests(ctx, y, unit),
        files=review_files(ctx, y, unit),
        window_open=review_window_open(ctx, y),
        marks=open_review_indicators(ctx, y),
        STATUS_ZH=STATUS_ZH,
    )


def _explanation(request: Request, p: Principal, unit: str, indicator: str, y: int) -> Explanation:
    require_unit_scope(p, unit)
    ex = explain_score(state(request).ctx, y, unit, indicator)
    if ex is None:
        raise not_found()
    return ex


@router.get("/units/{unit}/indicators/{indicator}", response_class=HTMLResponse)
def explain_page(
    request: Request,
    p: Me,
    unit: str,
    indicator: str,
    year: int | None = None,
) -> Response:
    y = _year(request, year)
    ex = _explanation(request, p, unit, indicator, y)
    ctx = state(request).ctx
    items = []
    docs: dict[int, object] = {}
    for n, ev in enumerate(ex.evidence):
        context = []
        if ev.sha256 and ev.quote and ev.page is None:
            context = paragraph_context(ctx, ev.sha256, ev.paragraph, ev.quote)
        is_pdf = bool(ev.key and ev.key.lower().endswith(".pdf") and ev.page)
        items.append({"n": n, "ev": ev, "context": context, "pdf": is_pdf})
        if ev.object_version_id is not None:
            docs.setdefault(ev.object_version_id, ev)
    return render(
        request,
        "explain.html",
        p,
        year=y,
        ex=ex,
        items=items,
        docs=list(docs.values()),
        unit=next((u for u in ctx.units if u.code == unit), None),
        STATUS_ZH=STATUS_ZH,
        window_open=review_window_open(ctx, y),
    )


@router.get("/units/{unit}/indicators/{indicator}/evidence/{n}.png")
def evidence_image(
    request: Request,
    p: Me,
    unit: str,
    indicator: str,
    n: int,
    year: int | None = None,
) -> Response:
    """The PDF page of evidence ``n`` with its quote highlighted."""
    y = _year(request, year)
    ex = _explanation(request, p, unit, indicator, y)
    if not 0 <= n < len(ex.evidence):
        raise not_found()
    ev = ex.evidence[n]
    if ev.object_version_id is None or not ev.page:
        raise not_found()
    try:
        doc = document_bytes(state(request).ctx, ev.object_version_id)
    except KaoheError:
        raise not_found() from None
    boxes = quote_box(ex.documents.get(ev.extraction_id or -1), ev.quote or "", ev.page)
    if not boxes and ev.quote:
        boxes = find_boxes(doc.data, ev.page, ev.quote)
    png = render_page(doc.data, ev.page, boxes)
    return Response(
        png,
        media_type="image/png",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


def attachment(
    data: bytes, file_name: str, media_type: str = "application/octet-stream"
) -> Response:
    """Bytes as a download, never rendered inline on the workspace's origin."""
    ascii_name = "".join(
        c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in file_name
    )
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{urlquote(file_name)}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/documents/{object_version_id}")
def download(request: Request, object_version_id: int, p: Me) -> Response:
    """The exact version that was scored, as an attachment."""
    ctx = state(request).ctx
    unit = version_unit(ctx, object_version_id)
    require_unit_scope(p, unit)
    if unit is None:
        raise not_found()
    try:
        doc = document_bytes(ctx, object_version_id)
    except KaoheError:
        raise not_found() from None
    return attachment(doc.data, doc.file_name)
