"""Crawl: inspect each unit's website and archive what it saw as crawl evidence (issue 11).

Per unit with a ``website``: :func:`crawler.site.crawl_site` fetches politely; every page that
answered is archived as a WARC file under ``_crawl/{year}/{unit}/pages/{digest}.warc.gz``,
content-addressed by the digest of its body with the volatile parts removed
(:mod:`crawler.normalise`), so an unchanged page adds no object — the database records the
re-visit (``crawl_pages.new_version`` false, pointing at the earlier record). Then the unit's
crawl record (:mod:`crawler.record`, built from the archived bodies) is written under
``_crawl/{year}/{unit}/巡检记录-{sha}.txt`` and registered as a document version of the unit and
year — the normal pipeline extracts and scores it (doc type ``website_crawl``). Only the
crawler writes ``_crawl/``: ingest skips the prefix, so an upload can never pose as crawl
evidence. A site that cannot be reached is still a record (``site_reachable`` false).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from crawler.fetch import Fetcher, HostPacer, host_of
from crawler.normalise import stable_digest
from crawler.record import RecordPage, crawl_record
from crawler.render import render_page
from crawler.site import CrawledPage, crawl_site
from crawler.warc import read_response, warc_bytes
from kaohe.context import Context
from kaohe.errors import ObjectNotFound
from kaohe.phases.runs import recorded_run
from kaohe.units import Unit
from storage.layout import KeyInfo
from storage.repo import crawl as crawl_repo
from storage.repo import evidence, versions

__all__ = ["CRAWL_PREFIX", "crawl_recorded", "crawl_unit", "crawl_units", "record_prefix"]

CRAWL_PREFIX = "_crawl"
JS_NOTE = "页面需 JavaScript 才能显示内容（已标记，未渲染）"
JS_RENDERED = "页面需 JavaScript 才能显示内容（已用 Chromium 渲染并截图）"

log = logging.getLogger(__name__)


def record_prefix(year: int, unit_code: str) -> str:
    return f"{CRAWL_PREFIX}/{year}/{unit_code}/巡检记录-"


@dataclass
class _Archived:
    key: str | None
    fetched_at: datetime | None
    body: bytes
    new: bool
    digest: str | None
    screenshot: str | None = None


def _archive(
    ctx: Context, year: int, unit: Unit, page: CrawledPage, last: dict[str, object]
) -> _Archived:
    """Archive one page's answer (or reuse the unchanged earlier record)."""
    f = page.fetch
    if f.status == 0:
        return _Archived(None, None, b"", False, None)
    # a rendered page is judged (and read) by what the browser showed
    shown = page.rendered[0] if page.rendered is not None else f.body
    digest = stable_digest(shown, f.content_type, f.status, f.fetched_at.date())
    base = f"{CRAWL_PREFIX}/{year}/{unit.code}"
    prev = last.get(f.url)
    if prev is not None and getattr(prev, "digest", None) == digest:
        key = str(prev.archive_key)  # type: ignore[attr-defined]
        try:
            if page.rendered is not None:
                body = ctx.store.get(f"{base}/rendered/{digest}.html")
            else:
                _url, _when, _st, _ct, body = read_response(ctx.store.get(key))
            return _Archived(key, prev.archived_at, body, False, digest)  # type: ignore[attr-defined]
        except (ObjectNotFound, ValueError):
            pass  # the earlier record is gone: archive this visit again
    key = f"{base}/pages/{digest}.warc.gz"
    if ctx.store.stat(key) is None:
        ctx.store.put(key, warc_bytes(f))
    shot = None
    if page.rendered is not None:
        html, png = page.rendered
        shot = f"{base}/shots/{digest}.png"
        for k, data in ((f"{base}/rendered/{digest}.html", html), (shot, png)):
            if ctx.store.stat(k) is None:
                ctx.store.put(k, data)
    return _Archived(key, f.fetched_at, shown, True, digest, shot)


def crawl_unit(
    ctx: Context, unit: Unit, year: int, run_id: str | None, pacer: HostPacer | None = None
) -> dict[str, int]:
    """Crawl ``unit``'s website, archive its pages and register the crawl record.

    ``pacer`` is the crawl's shared per-host pacing (see :func:`crawl_units`)."""
    site = unit.website
    assert site is not None
    conf = ctx.settings.crawl
    pacer = pacer or HostPacer(1.0 / conf.rate)
    counts: Counter[str] = Counter()
    starts = list(dict.fromkeys([site.url, *site.start_urls]))
    with ctx.session() as s:
        crawl_id = crawl_repo.start_crawl(s, year=year, unit_code=unit.code, entry_url=site.url)
    hosts = site.hosts or (host_of(site.url),)
    with Fetcher(hosts, rate=conf.rate, timeout=conf.timeout, pacer=pacer) as f:
        result = crawl_site(f, starts, depth=conf.depth, max_pages=conf.max_pages)
        if conf.render_js:
            for page in result.pages:
                if page.text is not None and page.text.js_only:
                    page.rendered = render_page(f, page.fetch.final_url, timeout_s=conf.timeout)
                    counts["pages_rendered"] += page.rendered is not None
        counts["requests"] = f.requests
    with ctx.session() as s:
        last = dict(crawl_repo.last_archived(s, unit.code, [p.url for p in result.pages]))
    rpages: list[RecordPage] = []
    for page in result.pages:
        fr = page.fetch
        arch = _archive(ctx, year, unit, page, last)  # type: ignore[arg-type]
        note = fr.error
        if page.text is not None and page.text.js_only:
            note = JS_RENDERED if page.rendered is not None else JS_NOTE
        counts["pages"] += 1
        counts[
            "pages_new" if arch.new else ("pages_unchanged" if arch.key else "pages_failed")
        ] += 1
        with ctx.session() as s:
            crawl_repo.record_page(
                s,
                crawl_run_id=crawl_id,
                unit_code=unit.code,
                url=fr.url,
                final_url=fr.final_url,
                status_code=fr.status,
                content_type=fr.content_type[:128],
                fetched_at=fr.fetched_at,
                archived_at=arch.fetched_at,
                depth=page.depth,
                digest=arch.digest,
                archive_key=arch.key,
                screenshot_key=arch.screenshot,
                new_version=arch.new,
                note=note,
            )
        rpages.append(
            RecordPage(
                url=fr.url,
                status=fr.status,
                fetched_at=arch.fetched_at or fr.fetched_at,
                content_type=fr.content_type,
                depth=page.depth,
                parent=page.parent,
                pagination=page.via_pagination,
                archive_key=arch.key,
                note=note,
                body=arch.body,
            )
        )
    data = crawl_record(
        unit.code,
        unit.name,
        site.url,
        year,
        rpages,
        max_pages=conf.max_pages,
        truncated=result.truncated,
    )
    sha = hashlib.sha256(data).hexdigest()
    key = f"{record_prefix(year, unit.code)}{sha[:16]}.txt"
    info = ctx.store.stat(key) or ctx.store.put(key, data)
    reachable = bool(result.pages) and 200 <= result.pages[0].fetch.status < 400
    with ctx.session() as s:
        kept = evidence.kept_digests(s, ctx.locker.location)
    locker_key = None if sha in kept else ctx.locker.keep(sha, data)
    with ctx.session() as s:
        row, created = versions.register_version(
            s,
            store=ctx.store.location,
            info=info,
            key_info=KeyInfo(year=year, unit_code=unit.code, path=key.split("/", 3)[3]),
            sha256=sha,
            fmt="txt",
            run_id=run_id,
        )
        if locker_key is not None:
            evidence.record_copy(
                s, sha256=sha, locker=ctx.locker.location, key=locker_key, size=len(data)
            )
        crawl_repo.retire_records(s, ctx.store.location, record_prefix(year, unit.code), row.id)
        counts["record_new"] += int(created)
        crawl_repo.finish_crawl(
            s,
            crawl_id,
            status="completed",
            reachable=reachable,
            truncated=result.truncated,
            counts=dict(counts),
            record_key=key,
            record_sha256=sha,
        )
    return dict(counts)


def crawl_units(
    ctx: Context, year: int, unit_code: str | None = None, run_id: str | None = None
) -> dict[str, int]:
    """Crawl every unit with a website (or only ``unit_code``); one unit's failure is logged
    and counted, never stops the others.

    Up to ``crawl.concurrency`` sites are crawled at once. Politeness is per host, not per
    unit: all of them share one :class:`~crawler.fetch.HostPacer`, so two units on the same
    host take turns at the configured rate while different hosts proceed in parallel.
    """
    conf = ctx.settings.crawl
    todo = [
        u for u in ctx.units if u.website is not None and (unit_code is None or u.code == unit_code)
    ]
    pacer = HostPacer(1.0 / conf.rate)

    def one(unit: Unit) -> dict[str, int] | None:
        try:
            return crawl_unit(ctx, unit, year, run_id, pacer)
        except Exception:
            log.exception("crawl of %s failed", unit.code)
            return None

    total: Counter[str] = Counter()
    workers = max(1, min(conf.concurrency, len(todo)))
    with ThreadPoolExecutor(workers, thread_name_prefix="kaohe-crawl") as pool:
        for counts in pool.map(one, todo):
            if counts is None:
                total["units_failed"] += 1
            else:
                total.update(counts)
                total["units"] += 1
    return dict(total)


def crawl_recorded(
    ctx: Context, year: int, unit_code: str | None = None, *, flow_run_id: str | None = None
) -> dict[str, int]:
    """:func:`crawl_units` as a recorded ``crawl`` run."""
    with recorded_run(ctx, "crawl", year, flow_run_id=flow_run_id) as rec:
        counts = crawl_units(ctx, year, unit_code, rec.run_id)
        rec.counts.update(counts)
    return counts
