"""网站巡检 pages: what the crawler saw on a unit's website, and its archived files."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kaohe.errors import KaoheError
from kaohe.views.crawl import crawl_file, unit_crawl
from kaohe.web.deps import Me, render, state
from kaohe.web.pages import attachment
from kaohe.web.security import not_found, require_unit_scope

__all__ = ["router"]

router = APIRouter()


@router.get("/units/{unit}/crawl", response_class=HTMLResponse)
def crawl_page(request: Request, p: Me, unit: str, year: int | None = None) -> Response:
    """The latest crawl of the unit's site: every URL visited, with its archive."""
    require_unit_scope(p, unit)
    st = state(request)
    u = next((x for x in st.ctx.units if x.code == unit), None)
    if u is None:
        raise not_found()
    y = year if year is not None else st.settings.year
    return render(request, "crawl.html", p, year=y, unit=u, crawl=unit_crawl(st.ctx, y, unit))


def _file(request: Request, p: Me, unit: str, page_id: int, what: str) -> tuple[bytes, str]:
    require_unit_scope(p, unit)
    try:
        return crawl_file(state(request).ctx, unit, page_id, what)
    except KaoheError:
        raise not_found() from None


@router.get("/units/{unit}/crawl/{page_id}.warc.gz")
def crawl_warc(request: Request, p: Me, unit: str, page_id: int) -> Response:
    """The WARC record (request and response, as fetched) of a crawled page."""
    data, name = _file(request, p, unit, page_id, "warc")
    return attachment(data, name, "application/warc")


@router.get("/units/{unit}/crawl/{page_id}.png")
def crawl_screenshot(request: Request, p: Me, unit: str, page_id: int) -> Response:
    """The screenshot of a page rendered with Chromium."""
    data, _name = _file(request, p, unit, page_id, "shot")
    return Response(
        data,
        media_type="image/png",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )
