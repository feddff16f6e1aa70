"""A page that shows its list only through JavaScript, rendered with Debian's chromium through
the crawler's own polite fetcher: its items count, its screenshot is archived."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from kaohe.context import build_context
from kaohe.phases.crawl import crawl_recorded
from kaohe.settings import load_settings
from storage.models import CrawlPage
from tests.crawler.sites import serve_sites

pytestmark = [
    pytest.mark.s3,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is missing"),
]


def test_js_only_page_is_rendered_and_screenshotted(
    kaohe_env: object, config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_file = config_dir / "settings.yaml"
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(text.replace("render_js: false", "render_js: true"), encoding="utf-8")
    with serve_sites() as (servers, _states, log):
        site = servers["dept"]
        units = {"units": [{"code": "zrzyj", "name": "双鸭山市自然资源局", "kind": "department",
                            "website": f"http://{site.host}/col/col100/index.html"}]}  # fmt: skip
        path = tmp_path / "units.yaml"
        path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("KAOHE_UNITS", str(path))
        monkeypatch.setenv("KAOHE_CRAWL_RATE", "25")
        ctx = build_context(load_settings(), create=True)
        try:
            counts = crawl_recorded(ctx, 2024)
            assert counts["pages_rendered"] == 1
            # the browser's own requests went through the fetcher: same host, GET, kaohe's UA
            js = [e for e in log if e[3] == "/js/list.js"]
            assert len(js) == 1 and js[0][2] == "GET" and "kaohe" in js[0][4]
            assert {e[1] for e in log} == {site.host}
            with ctx.session() as s:
                page = s.scalars(
                    select(CrawlPage).where(CrawlPage.url.endswith("/col/col103/index.html"))
                ).one()
            assert page.note is not None and "已用 Chromium 渲染" in page.note
            assert page.screenshot_key is not None
            assert ctx.store.get(page.screenshot_key)[:8] == b"\x89PNG\r\n\x1a\n"
            [record] = [o.key for o in ctx.store.list("_crawl/2024/zrzyj/") if "巡检记录" in o.key]
            body = ctx.store.get(record).decode("utf-8")
            assert "文本\t关于《双鸭山市不动产登记办法》的政策解读 2024-08-01" in body
        finally:
            ctx.engine.dispose()
