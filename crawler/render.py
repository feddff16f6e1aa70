"""Rendering a page that needs JavaScript with headless Chromium (Playwright, Debian's chromium).

Every request the browser makes goes through the crawler's :class:`~crawler.fetch.Fetcher`
(``page.route``): robots.txt, the per-host rate, the allowed hosts and GET/HEAD only hold for
the browser too; anything else is aborted. Returns the rendered HTML and a PNG screenshot, or
None when no chromium is installed or rendering fails (the page stays flagged as JS-only).
"""

from __future__ import annotations

import logging
import shutil
from typing import Any

from crawler.fetch import Fetcher

__all__ = ["chromium_path", "render_page"]

log = logging.getLogger(__name__)

#: no proxy, no background traffic: the browser reaches nothing but what the route allows
_ARGS = [
    "--no-sandbox",
    "--proxy-server=http://127.0.0.1:9",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which("chromium")


def render_page(
    fetcher: Fetcher, url: str, *, timeout_s: float = 15.0
) -> tuple[bytes, bytes] | None:
    """``(rendered_html, screenshot_png)`` of ``url``, every request via ``fetcher``."""
    exe = chromium_path()
    if exe is None:
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    def route(r: Any) -> None:
        req = r.request
        if req.method not in ("GET", "HEAD") or not fetcher.allowed_host(req.url):
            r.abort()
            return
        got = fetcher.fetch(req.url, req.method)
        if got.status == 0:
            r.abort()
            return
        headers = {
            k: v for k, v in got.headers if k.lower() not in ("content-length", "transfer-encoding")
        }
        r.fulfill(status=got.status, headers=headers, body=got.body)

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(timeout_s * 1000)
                page.route("**/*", route)
                page.goto(url, wait_until="networkidle")
                html = page.content().encode("utf-8")
                png = page.screenshot(full_page=True)
            finally:
                browser.close()
    except Exception:  # a browser failure leaves the page flagged, never stops the crawl
        log.exception("rendering %s failed", url)
        return None
    return html, png
