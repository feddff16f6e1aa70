"""Several sites at once, each host paced as one: read from the fixture servers' request log.

Four units are crawled with ``crawl.concurrency`` 4: three on their own hosts and a fourth whose
site is a second entry on the county's host. Different hosts are visited at the same time; on
the shared host the two units take turns, never faster than the configured rate in total.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from crawler.fetch import Fetcher, HostPacer
from crawler.site import crawl_site
from kaohe.context import Context, build_context
from kaohe.phases.crawl import crawl_units
from kaohe.settings import load_settings
from storage.models import CrawlPage
from tests.crawler.sites import SiteServer, serve_sites

YEAR = 2024
RATE = 5  # requests per second per host: 0.2 s apart at least
GAP = 1 / RATE - 0.01

Sites = tuple[dict[str, SiteServer], dict[str, dict[str, object]], list[Any]]


@pytest.fixture
def sites() -> Iterator[Sites]:
    with serve_sites() as served:
        yield served


def _gaps(log: list[Any], host: str) -> list[float]:
    times = sorted(e[0] for e in log if e[1] == host)
    return [b - a for a, b in itertools.pairwise(times)]


def test_one_pacer_keeps_two_fetchers_on_one_host_at_the_rate(sites: Sites) -> None:
    servers, _states, log = sites
    county = servers["county"]
    pacer = HostPacer(1 / RATE)
    entries = [f"http://{county.host}/{p}" for p in ("xxgk/index.html", "xxgk/ysqgk/index.html")]

    def walk(url: str) -> None:
        with Fetcher([county.host], timeout=2, pacer=pacer) as f:
            crawl_site(f, [url], depth=1, max_pages=6)

    threads = [threading.Thread(target=walk, args=(u,)) for u in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    gaps = _gaps(log, county.host)
    assert len(gaps) >= 8
    assert min(gaps) >= GAP, gaps


@pytest.fixture
def four_units(
    kaohe_env: object, sites: Sites, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Context]:
    servers = sites[0]
    county, dept, portal = (servers[k].host for k in ("county", "dept", "portal"))
    units = {
        "units": [
            {"code": "jixian", "name": "集贤县人民政府", "kind": "county",
             "website": f"http://{county}/xxgk/index.html"},
            {"code": "zrzyj", "name": "双鸭山市自然资源局", "kind": "department",
             "website": f"http://{dept}/col/col100/index.html"},
            {"code": "baoqing", "name": "宝清县人民政府", "kind": "county",
             "website": f"http://{portal}/gk/"},
            {"code": "sjj", "name": "双鸭山市审计局", "kind": "department",
             "website": f"http://{county}/xxgk/ysqgk/index.html"},
        ]
    }  # fmt: skip
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("KAOHE_UNITS", str(path))
    monkeypatch.setenv("KAOHE_CRAWL_RATE", str(RATE))
    monkeypatch.setenv("KAOHE_CRAWL_MAX_PAGES", "12")
    monkeypatch.setenv("KAOHE_CRAWL_CONCURRENCY", "4")
    ctx = build_context(load_settings(), create=True)
    yield ctx
    ctx.engine.dispose()


@pytest.mark.s3
def test_sites_are_crawled_at_once_and_a_shared_host_at_the_rate(
    four_units: Context, sites: Sites
) -> None:
    servers, _states, log = sites
    counts = crawl_units(four_units, YEAR)
    assert counts["units"] == 4 and counts.get("units_failed", 0) == 0
    county = servers["county"].host
    # the county host served both of its units, never faster than RATE in total
    with four_units.session() as s:
        pages = Counter(s.scalars(select(CrawlPage.unit_code)))
    assert pages["jixian"] == 12 and pages["sjj"] >= 5, pages
    gaps = _gaps(log, county)
    assert len(gaps) >= pages["jixian"] + pages["sjj"] - 1, gaps
    assert min(gaps) >= GAP, gaps
    # different hosts were visited at the same time: their busy spans overlap
    spans = {
        host: (min(e[0] for e in log if e[1] == host), max(e[0] for e in log if e[1] == host))
        for host in {servers[k].host for k in ("county", "dept", "portal")}
    }
    (a0, a1), (b0, b1) = spans[county], spans[servers["dept"].host]
    assert a0 < b1 and b0 < a1, spans
    # and the whole crawl took about as long as the busiest host alone, not the sum
    busiest = max(e - s for s, e in spans.values())
    whole = max(e for _s, e in spans.values()) - min(s for s, _e in spans.values())
    assert whole < busiest + 1.5, (whole, busiest)
