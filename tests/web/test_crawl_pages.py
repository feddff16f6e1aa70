"""The 网站巡检 pages on a real crawl of the fixture sites (a JS-only page rendered by Debian's
chromium): every visited URL listed, its WARC record and screenshot opened from the workspace,
nothing of it reachable by another unit."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from kaohe.context import build_context
from kaohe.office.accounts import add_user
from kaohe.phases.crawl import crawl_recorded
from kaohe.phases.extract import extract_batch, pending_documents
from kaohe.phases.runs import recorded_run
from kaohe.phases.score import score_recorded
from kaohe.settings import load_settings
from kaohe.web.app import create_app
from storage.models import CrawlPage
from tests.crawler.sites import serve_sites
from tests.web.conftest import PASSWORD, login

pytestmark = [
    pytest.mark.s3,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is missing"),
]


def test_crawl_page_lists_archives_and_screenshots_per_unit(
    kaohe_env: object, config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_file = config_dir / "settings.yaml"
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(text.replace("render_js: false", "render_js: true"), encoding="utf-8")
    with serve_sites() as (servers, _states, _log):
        dept, county = servers["dept"].host, servers["county"].host
        units = {
            "units": [
                {"code": "zrzyj", "name": "双鸭山市自然资源局", "kind": "department",
                 "website": f"http://{dept}/col/col100/index.html"},
                {"code": "jixian", "name": "集贤县人民政府", "kind": "county",
                 "website": f"http://{county}/xxgk/index.html"},
            ]
        }  # fmt: skip
        path = tmp_path / "units.yaml"
        path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("KAOHE_UNITS", str(path))
        monkeypatch.setenv("KAOHE_CRAWL_RATE", "25")
        monkeypatch.setenv("KAOHE_CRAWL_MAX_PAGES", "15")
        settings = load_settings()
        ctx = build_context(settings, create=True)
        try:
            assert crawl_recorded(ctx, 2024)["units"] == 2
            with recorded_run(ctx, "extract", 2024) as rec:
                extract_batch(ctx, pending_documents(ctx, 2024), rec.run_id)
            score_recorded(ctx, 2024)
            for name, role, unit in (
                ("office1", "office", None),
                ("zrzyj1", "unit", "zrzyj"),
                ("jixian1", "unit", "jixian"),
            ):
                add_user(ctx, name, role, PASSWORD, unit, actor="test")
            with ctx.session() as s:
                mine = list(s.scalars(select(CrawlPage).where(CrawlPage.unit_code == "zrzyj")))
                other = s.scalars(
                    select(CrawlPage).where(
                        CrawlPage.unit_code == "jixian", CrawlPage.archive_key.is_not(None)
                    )
                ).first()
            assert other is not None and len(mine) >= 5
            shot = next(p for p in mine if p.screenshot_key)
            app = create_app(settings)

            office = login(app, "office1")
            page = office.get("/units/zrzyj/crawl?year=2024")
            assert page.status_code == 200
            assert f"http://{dept}/col/col100/index.html" in page.text
            assert page.text.count('href="/units/zrzyj/crawl/') == (
                sum(p.archive_key is not None for p in mine) + 1  # one screenshot
            )
            assert "页面截图" in page.text and "新页面" in page.text
            warc = office.get(f"/units/zrzyj/crawl/{shot.id}.warc.gz")
            assert warc.status_code == 200 and "attachment" in warc.headers["content-disposition"]
            uris = [
                r.rec_headers.get_header("WARC-Target-URI")
                for r in ArchiveIterator(io.BytesIO(warc.content))
                if r.rec_type == "response"
            ]
            assert uris == [shot.url]
            png = office.get(f"/units/zrzyj/crawl/{shot.id}.png")
            assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"

            # a 网站巡检 piece of evidence names its page in Beijing time and links the crawl
            explain = office.get("/units/zrzyj/indicators/2.2.2?year=2024").text
            assert "来源：网站巡检" in explain and "（北京时间）" in explain
            assert 'href="/units/zrzyj/crawl?year=2024"' in explain

            own = login(app, "zrzyj1")
            assert "网站巡检记录" in own.get("/units/zrzyj").text
            assert own.get(f"/units/zrzyj/crawl/{shot.id}.png").status_code == 200
            # another unit: not its page, not its files, not through its own unit's path
            stranger = login(app, "jixian1")
            for url in (
                "/units/zrzyj/crawl",
                f"/units/zrzyj/crawl/{shot.id}.warc.gz",
                f"/units/jixian/crawl/{shot.id}.warc.gz",
                f"/units/jixian/crawl/{shot.id}.png",
            ):
                r = stranger.get(url)
                assert r.status_code == 404, url
                assert "自然资源局" not in r.text and dept not in r.text, url
            assert stranger.get(f"/units/jixian/crawl/{other.id}.warc.gz").status_code == 200
        finally:
            ctx.engine.dispose()
