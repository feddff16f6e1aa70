"""Both kinds of website evidence count, item by item: a column the crawl found cites the page,
URL and fetch time; one only the unit's uploaded snapshot shows cites the snapshot."""

from __future__ import annotations

import hashlib
from typing import Any

from crawler.fetch import Fetcher
from crawler.record import RecordPage, crawl_record
from crawler.site import crawl_site
from extractors.contract import to_contract
from extractors.extract import extract
from extractors.model import ParsedDocument
from extractors.parsing.other_readers import parse_html, parse_txt
from extractors.rules import load_extraction_rules
from kaohe.settings import default_config_dir
from scoring.engine import score_unit
from scoring.model import DocumentFacts, UnitFacts
from scoring.rubric import load_rubrics
from tests.crawler.sites import serve_sites

SNAPSHOT = (
    '<html><head><meta charset="utf-8"><title>宝清县人民政府 信息公开</title></head><body>'
    '<ul><li><a href="/zd/">政府信息公开制度</a></li><li><a href="/ml/">政府信息公开目录</a></li>'
    "</ul><p>保存时间：2024年10月8日</p></body></html>"
).encode()


def _facts(n: int, key: str, data: bytes, doc: ParsedDocument) -> DocumentFacts:
    sha = hashlib.sha256(data).hexdigest()
    c: dict[str, Any] = to_contract(
        key, sha, doc, extract(doc, load_extraction_rules(default_config_dir()))
    )
    return DocumentFacts(
        object_version_id=n, key=key, version_id=None, etag=sha[:8], sha256=sha,
        extraction_id=n, status=c["status"], error=None, format=c["format"],
        doc_type=c["doc_type"], elements=c["elements"], findings=c["findings"], year=2024,
    )  # fmt: skip


def test_crawl_and_snapshot_items_are_combined_and_named() -> None:
    with serve_sites() as (servers, _states, _log):
        portal = servers["portal"]
        entry = f"http://{portal.host}/gk/"
        with Fetcher([portal.host], rate=50, timeout=2) as f:
            result = crawl_site(f, [entry], depth=3, max_pages=50)
    pages = [
        RecordPage(p.url, p.fetch.status, p.fetch.fetched_at, p.fetch.content_type, p.depth,
                   p.parent, p.via_pagination, None, p.fetch.error, p.fetch.body)
        for p in result.pages
    ]  # fmt: skip
    record = crawl_record(
        "baoqing", "宝清县人民政府", entry, 2024, pages, max_pages=50, truncated=False
    )
    crawl = _facts(1, "_crawl/2024/baoqing/巡检记录-x.txt", record, parse_txt(record))
    snap = _facts(2, "2024/baoqing/网站截图/专栏.html", SNAPSHOT, parse_html(SNAPSHOT))
    assert (crawl.doc_type, snap.doc_type) == ("website_crawl", "website_snapshot")
    facts = UnitFacts("baoqing", "宝清县人民政府", "county", 2024, (crawl, snap))
    rubric = load_rubrics(default_config_dir())["county"]
    row = next(d for d in score_unit(facts, rubric) if d.indicator == "1.2.2")
    # columns: 制度 1 + 目录 1 (snapshot) + 指南 1 + 依申请公开 0.5 (crawl); functions: 在线填报 0.8
    assert (row.status, row.points) == ("auto", 4.3)
    by_item = {n: e for n, e in ((e.note, e) for e in row.evidence)}
    guide = next(e for n, e in by_item.items() if "具备栏目“指南”" in n)
    assert f"网页 http://{portal.host}/gk/list?cat=zn（抓取于" in guide.note
    assert guide.quote == "政府信息公开指南" and guide.object_version_id == 1
    system = next(e for n, e in by_item.items() if "具备“制度”" in n)
    assert system.note.startswith("单位上传的") and system.object_version_id == 2
    assert system.quote == "政府信息公开制度"
    missing = next(e for n, e in by_item.items() if "缺少“年报”" in n)
    assert missing.points == -1 and missing.object_version_id == 1
