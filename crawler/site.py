"""Walking one unit's site: breadth-first from the start pages, within hosts, depth and budget.

Contract: :func:`crawl_site` returns every page it tried (fetched, failed, forbidden by
robots.txt) in visiting order; it never raises for a bad site. Links within the allowed hosts
are followed up to ``depth`` levels (a 下一页/page-number link of a list stays on its list's
level); links elsewhere are listed by the page that has them, never fetched. At most
``max_pages`` fetches are made; when pages were left, ``truncated`` says so (counts become
"at least N").
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from crawler.fetch import Fetcher, FetchResult
from crawler.page import PageText, is_pagination, read_page

__all__ = ["CrawledPage", "SiteCrawl", "crawl_site"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class CrawledPage:
    """One visited URL: the fetch, what was read from it, how it was reached."""

    fetch: FetchResult
    depth: int
    #: the page that linked here (None for a start page) and whether as pagination
    parent: str | None = None
    via_pagination: bool = False
    text: PageText | None = None
    #: ``(html, png)`` when a JS-only page was rendered with Chromium
    rendered: tuple[bytes, bytes] | None = None

    @property
    def url(self) -> str:
        return self.fetch.url


@dataclass
class SiteCrawl:
    pages: list[CrawledPage] = field(default_factory=list)
    truncated: bool = False
    #: URLs found but not fetched because the budget ran out
    left: int = 0


def _is_html(result: FetchResult) -> bool:
    ctype = result.content_type
    return ctype in _HTML_TYPES or ctype.endswith("html")


def crawl_site(
    fetcher: Fetcher, start_urls: Sequence[str], *, depth: int, max_pages: int
) -> SiteCrawl:
    """Visit the site from ``start_urls`` (see the module docstring)."""
    out = SiteCrawl()
    queue: deque[tuple[str, int, str | None, bool]] = deque()
    seen: set[str] = set()
    for url in start_urls:
        if url not in seen:
            seen.add(url)
            queue.append((url, 0, None, False))
    while queue:
        if len(out.pages) >= max_pages:
            out.truncated, out.left = True, len(queue)
            break
        url, level, parent, paginated = queue.popleft()
        result = fetcher.fetch(url)
        page = CrawledPage(result, level, parent, paginated)
        out.pages.append(page)
        if not result.ok or not _is_html(result):
            continue
        page.text = read_page(result.body, result.final_url)
        for link in page.text.links:
            if link.url in seen or not fetcher.allowed_host(link.url):
                continue
            pag = is_pagination(link)
            next_level = level if pag else level + 1
            if next_level > depth:
                continue
            seen.add(link.url)
            queue.append((link.url, next_level, url, pag))
    return out
