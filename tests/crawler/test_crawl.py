"""The website inspection end to end on fixture sites served on 127.0.0.1: fetch → archive →
extract → score → explain; unchanged re-crawls add nothing; a changed page adds one version
and changes the score; politeness is read from the fixture server's request log."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from crawler.fetch import USER_AGENT, Fetcher
from crawler.site import crawl_site
from kaohe.context import Context, build_context
from kaohe.phases.crawl import crawl_recorded
from kaohe.phases.extract import extract_batch, pending_documents
from kaohe.phases.ingest import finalize_ingest, list_submissions, plan_ingest
from kaohe.phases.runs import recorded_run
from kaohe.phases.score import score_recorded
from kaohe.settings import load_settings
from kaohe.views.explain import explain_score
from storage.models import CrawlPage, CrawlRun, ObjectVersion, Score
from tests.crawler.sites import SiteServer, serve_sites

YEAR = 2024


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sites() -> Iterator[tuple[dict[str, SiteServer], dict[str, dict[str, object]], list[Any]]]:
    with serve_sites() as served:
        yield served


@pytest.fixture
def crawl_ctx(
    kaohe_env: object,
    sites: tuple[dict[str, SiteServer], dict[str, dict[str, object]], list[Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Context]:
    servers = sites[0]
    dead = f"127.0.0.1:{_closed_port()}"
    units = {
        "units": [
            {"code": "jixian", "name": "集贤县人民政府", "kind": "county",
             "website": f"http://{servers['county'].host}/xxgk/index.html"},
            {"code": "zrzyj", "name": "双鸭山市自然资源局", "kind": "department",
             "website": f"http://{servers['dept'].host}/col/col100/index.html"},
            {"code": "baoqing", "name": "宝清县人民政府", "kind": "county",
             "website": f"http://{servers['portal'].host}/gk/"},
            {"code": "raohe", "name": "饶河县人民政府", "kind": "county",
             "website": f"http://{dead}/xxgk/"},
        ]
    }  # fmt: skip
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("KAOHE_UNITS", str(path))
    monkeypatch.setenv("KAOHE_CRAWL_RATE", "25")
    ctx = build_context(load_settings(), create=True)
    yield ctx
    ctx.engine.dispose()


def _extract_and_score(ctx: Context) -> dict[tuple[str, str], Score]:
    with recorded_run(ctx, "extract", YEAR) as rec:
        extract_batch(ctx, pending_documents(ctx, YEAR), rec.run_id)
    set_id = score_recorded(ctx, YEAR)["score_set_id"]
    with ctx.session() as s:
        rows = s.scalars(select(Score).where(Score.score_set_id == set_id))
        return {(r.unit_code, r.indicator): r for r in rows}


def _crawl_objects(ctx: Context) -> list[str]:
    return sorted(o.key for o in ctx.store.list("_crawl/"))


def test_politeness_from_the_request_log(
    sites: tuple[dict[str, SiteServer], dict[str, dict[str, object]], list[Any]],
) -> None:
    servers, _states, log = sites
    county = servers["county"]
    with Fetcher([county.host], rate=5, timeout=2) as f:
        result = crawl_site(f, [f"http://{county.host}/xxgk/index.html"], depth=3, max_pages=60)
    mine = [e for e in log if e[1] == county.host]
    assert mine and all(e[1] in {county.host} for e in log)  # no other host was asked
    assert {e[2] for e in log} <= {"GET", "HEAD"}  # never a form submission
    assert all(e[4] == USER_AGENT and "kaohe" in e[4] for e in mine)
    paths = [e[3] for e in mine]
    assert paths.count("/robots.txt") == 1
    assert not any(p.startswith("/admin/") for p in paths)  # robots.txt forbids it
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(mine)]
    assert min(gaps) >= 0.2 - 0.01  # 5 requests per second per host at most
    by_url = {p.url.rsplit("/", 2)[-2] + "/" + p.url.rsplit("/", 1)[-1]: p for p in result.pages}
    assert by_url["admin/login.html"].fetch.forbidden
    loop = by_url["xxgk/loop1.html"].fetch
    assert loop.error is not None and "重定向循环" in loop.error
    assert paths.count("/xxgk/loop1.html") == 1 and paths.count("/xxgk/loop2.html") == 1
    assert by_url["xxgk/slow.html"].fetch.status == 200
    # links elsewhere (mp.weixin.qq.com, weibo.com) are listed, never fetched
    assert not any("weixin" in e[1] or "weibo" in e[1] for e in log)
    # a page slower than the timeout is a recorded failure, not a hang
    with Fetcher([county.host], rate=5, timeout=0.1) as f:
        slow = f.fetch(f"http://{county.host}/xxgk/slow.html")
    assert slow.status == 0 and slow.error is not None and slow.error.startswith("访问超时")
    with Fetcher([county.host], rate=5, timeout=2) as f, pytest.raises(ValueError):
        f.fetch(f"http://{county.host}/xxgk/ysqgk/submit", "POST")


@pytest.mark.s3
def test_crawl_archive_extract_score_explain(
    crawl_ctx: Context,
    sites: tuple[dict[str, SiteServer], dict[str, dict[str, object]], list[Any]],
) -> None:
    ctx = crawl_ctx
    servers, states, _log = sites
    counts = crawl_recorded(ctx, YEAR)
    assert counts["units"] == 4 and counts.get("units_failed", 0) == 0
    first_objects = _crawl_objects(ctx)
    scores = _extract_and_score(ctx)

    # --- facts read exactly (the county site)
    with ctx.session() as s:
        record = s.scalars(
            select(ObjectVersion).where(
                ObjectVersion.unit_code == "jixian",
                ObjectVersion.key.startswith("_crawl/"),
                ObjectVersion.deleted_at.is_(None),
            )
        ).one()
    from storage.repo.extractions import unit_facts  # the facts scoring reads

    with ctx.session() as s:
        facts = {
            f.unit_code: f
            for f in unit_facts(
                s,
                year=YEAR,
                units=ctx.units,
                extractor_version=__import__(
                    "kaohe.phases.extract"
                ).phases.extract.EXTRACTION_VERSION,
                rules_hash=ctx.rules.hash,
                store=ctx.store.location,
            )
        }
    [doc] = [d for d in facts["jixian"].documents if d.key == record.key]
    assert doc.doc_type == "website_crawl"
    el = doc.elements
    zcwj = el["column.政策文件"]["value"]
    assert (zcwj["items_in_year"], zcwj["items_total"], zcwj["latest"], zcwj["pages"]) == (
        4,
        5,
        "2024-11-20",
        3,
    )
    assert el["column.规划计划"]["value"]["stale"] is True
    assert el["column.规划计划"]["value"]["latest"] == "2021-03-01"
    assert el["application_functions_present"]["value"] == [
        "流程图", "须知/指南", "进度查询", "在线填报", "申请表下载",
    ]  # fmt: skip
    assert el["function.在线填报"]["value"]["fields"] == ["name", "idno", "content"]
    assert el["function.申请表下载"]["value"]["file_format"] == "docx"
    assert el["channels_present"]["value"] == ["微信公众号", "微博"]
    assert el["gazette_issues"]["value"] == {"in_year": 3, "at_least": False}
    assert [b["url"].rsplit("/", 2)[-2] for b in el["broken_links"]["value"]] == ["old"]
    assert el["robots_forbidden"]["value"] == [f"http://{servers['county'].host}/admin/login.html"]
    dept = next(d for d in facts["zrzyj"].documents if d.doc_type == "website_crawl").elements
    assert dept["columns_missing"]["value"][:3] == ["制度", "目录", "指南"]
    assert dept["column.财务预决算"]["value"]["stale"] is True
    assert dept["js_only_pages"]["value"] == [
        f"http://{servers['dept'].host}/col/col103/index.html"
    ]
    assert dept["function.在线填报"]["value"]["reason"] == "页面可打开，但没有可填写的申请表单"

    # --- scores, item by item
    s122 = scores[("jixian", "1.2.2")]
    # columns 6 − 目录 1 − one broken link 0.25; functions 4/4
    assert (s122.status, s122.points) == ("auto", 8.75)
    assert scores[("jixian", "1.4.2")].points == 2.5
    # columns: 年报 1 + 财务预决算 stale 0.5 + 依申请公开 0.5; no 依申请公开 function works
    assert scores[("zrzyj", "2.2.2")].points == 2.0
    assert scores[("baoqing", "1.4.2")].points == 1.5  # 在线填报 works, no 申请表下载
    unreachable = scores[("raohe", "1.2.2")]
    assert unreachable.status == "pending_manual" and unreachable.points is None
    ex = explain_score(ctx, YEAR, "raohe", "1.2.2")
    assert ex is not None
    assert any("网站无法访问" in (e.note or "") and e.searched for e in ex.evidence)
    # explanations cite URL, fetch time and the quoted page line
    ex = explain_score(ctx, YEAR, "jixian", "1.2.2")
    assert ex is not None
    cited = [e for e in ex.evidence if "具备栏目“指南”" in e.note]
    assert cited and servers["county"].host in cited[0].note and "抓取于" in cited[0].note
    assert cited[0].quote == "政府信息公开指南"

    # --- crawl again, unchanged: no new object, no new version; the re-visits are recorded
    crawl_recorded(ctx, YEAR)
    with ctx.session() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.started_at)))
        second = [r for r in runs if r.unit_code == "jixian"][-1]
        revisits = s.scalars(select(CrawlPage).where(CrawlPage.crawl_run_id == second.id)).all()
        assert revisits and [p.url for p in revisits if p.new_version] == []
        versions_before = s.scalar(select(func.count()).select_from(ObjectVersion))
    assert set(_crawl_objects(ctx)) - set(first_objects) == set()
    # ingest leaves crawl evidence alone
    plan = plan_ingest(ctx, list_submissions(ctx.store), YEAR)
    assert not any(i.key.startswith("_crawl/") for i in plan.to_fetch)
    with recorded_run(ctx, "ingest", YEAR) as ingest:
        finalize_ingest(ctx, plan, ingest.run_id)
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(ObjectVersion)) == versions_before
    assert _extract_and_score(ctx)[("zrzyj", "2.2.2")].points == scores[("zrzyj", "2.2.2")].points

    # --- one page changes: one new page version, a new record, a changed score
    czyjs = states["dept"]["czyjs"]
    assert isinstance(czyjs, list)
    czyjs.insert(0, ("双鸭山市自然资源局2024年部门预算", "2024-02-26"))
    crawl_recorded(ctx, YEAR, "zrzyj")
    new = sorted(set(_crawl_objects(ctx)) - set(first_objects))
    assert len([k for k in new if "/pages/" in k]) == 1
    assert len([k for k in new if "巡检记录" in k]) == 1
    after = _extract_and_score(ctx)
    assert after[("zrzyj", "2.2.2")].points == scores[("zrzyj", "2.2.2")].points + 0.5


def test_budget_cut_counts_are_at_least(
    sites: tuple[dict[str, SiteServer], dict[str, dict[str, object]], list[Any]],
) -> None:
    """The budget stops the crawl before 政策文件's second list page: "at least 2"."""
    from crawler.record import RecordPage, crawl_record
    from extractors.extract import extract
    from extractors.parsing.other_readers import parse_txt
    from extractors.rules import load_extraction_rules
    from kaohe.settings import default_config_dir

    county = sites[0]["county"]
    entry = f"http://{county.host}/xxgk/index.html"
    with Fetcher([county.host], rate=50, timeout=2) as f:
        result = crawl_site(f, [entry], depth=3, max_pages=8)
    assert result.truncated and len(result.pages) == 8
    pages = [
        RecordPage(p.url, p.fetch.status, p.fetch.fetched_at, p.fetch.content_type, p.depth,
                   p.parent, p.via_pagination, None, p.fetch.error, p.fetch.body)
        for p in result.pages
    ]  # fmt: skip
    data = crawl_record("jixian", "集贤县人民政府", entry, YEAR, pages, max_pages=8, truncated=True)
    out = extract(parse_txt(data), load_extraction_rules(default_config_dir()))
    assert out.doc_type == "website_crawl"
    zcwj = out.elements["column.政策文件"].value
    assert (zcwj["items_in_year"], zcwj["at_least"]) == (2, True)
    assert out.elements["crawl.truncated"].value is True
