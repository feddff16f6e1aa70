"""What the website inspection saw, for one unit and year: the latest crawl and its pages.

The web workspace (and anyone auditing a 网站巡检 score) lists every URL the crawler visited —
status, fetch time, whether the page changed, why it failed — and opens the archived WARC
record and, for pages rendered with Chromium, the screenshot. Files are read only from the
unit's own ``_crawl/{year}/{unit}/`` prefix, and only for pages of that unit's crawls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaohe.context import Context
from kaohe.errors import ObjectNotFound
from kaohe.views.timefmt import beijing_text as _beijing
from storage.models import CrawlPage
from storage.repo import crawl as crawl_repo

__all__ = ["CrawlPageView", "CrawlView", "crawl_file", "unit_crawl"]


@dataclass(frozen=True)
class CrawlPageView:
    id: int
    url: str
    final_url: str
    status: int
    content_type: str
    depth: int
    #: Beijing time of this visit and of the archived record it points to
    fetched_at: str
    archived_at: str
    #: 新页面 / 未变化（沿用某次存档） / 未取得
    state: str
    note: str | None
    has_archive: bool
    has_screenshot: bool


@dataclass(frozen=True)
class CrawlView:
    year: int
    unit_code: str
    entry_url: str
    started_at: str
    finished_at: str
    status: str
    reachable: bool
    truncated: bool
    counts: dict[str, int]
    pages: list[CrawlPageView] = field(default_factory=list)


def _state(p: CrawlPage) -> str:
    if p.archive_key is None:
        return "未取得"
    return "新页面" if p.new_version else "未变化（沿用此前存档）"


def unit_crawl(ctx: Context, year: int, unit_code: str) -> CrawlView | None:
    """The latest crawl of ``unit_code`` for ``year`` with its pages (None: never crawled)."""
    with ctx.session() as s:
        run = crawl_repo.latest_crawl(s, year, unit_code)
        if run is None:
            return None
        pages = [
            CrawlPageView(
                id=p.id,
                url=p.url,
                final_url=p.final_url,
                status=p.status_code,
                content_type=p.content_type,
                depth=p.depth,
                fetched_at=_beijing(p.fetched_at),
                archived_at=_beijing(p.archived_at),
                state=_state(p),
                note=p.note,
                has_archive=p.archive_key is not None,
                has_screenshot=p.screenshot_key is not None,
            )
            for p in crawl_repo.pages_of(s, run.id)
        ]
        return CrawlView(
            year=run.year,
            unit_code=run.unit_code,
            entry_url=run.entry_url,
            started_at=_beijing(run.started_at),
            finished_at=_beijing(run.finished_at),
            status=run.status,
            reachable=run.reachable,
            truncated=run.truncated,
            counts={k: int(v) for k, v in (run.counts or {}).items()},
            pages=pages,
        )


def crawl_file(ctx: Context, unit_code: str, page_id: int, what: str) -> tuple[bytes, str]:
    """``(bytes, file name)`` of a crawled page's archived WARC (``what="warc"``) or its
    screenshot (``"shot"``); :class:`~kaohe.errors.ObjectNotFound` unless the page belongs to
    ``unit_code`` and the file lies under that unit's crawl prefix."""
    with ctx.session() as s:
        page = s.get(CrawlPage, page_id)
        if page is None or page.unit_code != unit_code:
            raise ObjectNotFound("没有该巡检页面")
        key = page.archive_key if what == "warc" else page.screenshot_key
    if key is None or not key.startswith("_crawl/") or key.split("/")[2] != unit_code:
        raise ObjectNotFound("该页面没有此存档")
    return ctx.store.get(key), key.rsplit("/", 1)[-1]
