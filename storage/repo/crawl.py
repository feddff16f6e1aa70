"""Crawl runs and pages (网站巡检): what the crawler saw, and which record archives each page."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import CrawlPage, CrawlRun, ObjectVersion, utcnow

__all__ = [
    "finish_crawl",
    "last_archived",
    "latest_crawl",
    "pages_of",
    "record_page",
    "retire_records",
    "start_crawl",
]


def start_crawl(s: Session, *, year: int, unit_code: str, entry_url: str) -> str:
    run_id = uuid.uuid4().hex
    s.add(
        CrawlRun(
            id=run_id,
            year=year,
            unit_code=unit_code,
            entry_url=entry_url,
            status="running",
            reachable=True,
            truncated=False,
            counts={},
        )
    )
    s.flush()
    return run_id


def finish_crawl(s: Session, run_id: str, **values: Any) -> None:
    row = s.get(CrawlRun, run_id)
    assert row is not None
    for k, v in values.items():
        setattr(row, k, v)
    row.finished_at = utcnow()
    s.flush()


def record_page(s: Session, **values: Any) -> None:
    s.add(CrawlPage(**values))
    s.flush()


def last_archived(s: Session, unit_code: str, urls: Iterable[str]) -> dict[str, CrawlPage]:
    """url → the newest page row of ``unit_code`` that wrote a new archived record."""
    out: dict[str, CrawlPage] = {}
    wanted = set(urls)
    rows = s.scalars(
        select(CrawlPage)
        .where(CrawlPage.unit_code == unit_code, CrawlPage.new_version.is_(True))
        .order_by(CrawlPage.fetched_at, CrawlPage.id)
    )
    for row in rows:
        if row.url in wanted:
            out[row.url] = row
    return out


def latest_crawl(s: Session, year: int, unit_code: str) -> CrawlRun | None:
    return s.scalars(
        select(CrawlRun)
        .where(CrawlRun.year == year, CrawlRun.unit_code == unit_code)
        .order_by(CrawlRun.started_at.desc())
        .limit(1)
    ).first()


def pages_of(s: Session, run_id: str) -> list[CrawlPage]:
    return list(
        s.scalars(select(CrawlPage).where(CrawlPage.crawl_run_id == run_id).order_by(CrawlPage.id))
    )


def retire_records(s: Session, store: str, prefix: str, keep_id: int) -> int:
    """Mark the unit's earlier crawl records (keys under ``prefix``) as no longer current."""
    result = s.execute(
        update(ObjectVersion)
        .where(
            ObjectVersion.store == store,
            ObjectVersion.key.startswith(prefix, autoescape=True),
            ObjectVersion.id != keep_id,
            ObjectVersion.deleted_at.is_(None),
        )
        .values(deleted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
