"""Explanations: why a unit got its points on an indicator, down to document and quote."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kaohe.context import Context
from kaohe.views.scores import ScoreRow, score_rows
from storage.models import Extraction, ObjectVersion, Score
from storage.repo import scores

__all__ = ["EvidenceView", "Explanation", "explain_score"]


@dataclass
class EvidenceView:
    """One piece of score evidence, with the document version it points at."""

    note: str
    points: float | None
    element: str | None
    finding_code: str | None
    quote: str | None
    page: int | None
    paragraph: int | None
    searched: dict[str, Any] | None
    #: document version (None for a recorded search)
    key: str | None = None
    version_id: str | None = None
    etag: str | None = None
    sha256: str | None = None
    store: str | None = None
    doc_type: str | None = None
    extraction_id: int | None = None
    object_version_id: int | None = None
    #: when the store last changed the version (its upload time)
    uploaded_at: datetime | None = None
    #: issue 11: ``网站巡检`` for kaohe's own crawl records, ``单位上传`` for a unit's files
    source: str | None = None
    #: the crawled page's URL and fetch time behind this piece (crawl evidence only)
    page_url: str | None = None
    fetched_at: str | None = None


@dataclass
class Explanation:
    row: ScoreRow
    rule: str
    auto_points: float | None
    evidence: list[EvidenceView] = field(default_factory=list)
    #: extraction_id → contract object (elements, findings) of each document used
    documents: dict[int, dict[str, Any]] = field(default_factory=dict)


def explain_score(ctx: Context, year: int, unit_code: str, indicator: str) -> Explanation | None:
    """Why ``unit_code`` got its points on ``indicator`` in the current table of ``year``."""
    row = next(
        (r for r in score_rows(ctx, year) if r.unit == unit_code and r.indicator == indicator),
        None,
    )
    if row is None:
        return None
    with ctx.session() as s:
        score = s.get(Score, row.score_id)
        assert score is not None  # the row was just read from the current set
        out = Explanation(row=row, rule=score.rule, auto_points=score.auto_points)
        for ev in scores.score_evidence(s, row.score_id):
            view = EvidenceView(
                note=ev.note,
                points=ev.points,
                element=ev.element,
                finding_code=ev.finding_code,
                quote=ev.quote,
                page=ev.page,
                paragraph=ev.paragraph,
                searched=ev.searched,
                extraction_id=ev.extraction_id,
                object_version_id=ev.object_version_id,
            )
            if ev.object_version_id is not None:
                ov = s.get(ObjectVersion, ev.object_version_id)
                if ov is not None:
                    view.key, view.version_id, view.etag = ov.key, ov.version_id or None, ov.etag
                    view.sha256, view.store = ov.sha256, ov.store
                    view.uploaded_at = ov.last_modified
            if ev.extraction_id is not None:
                if ev.extraction_id not in out.documents:
                    ex = s.execute(
                        select(Extraction).where(Extraction.id == ev.extraction_id)
                    ).scalar_one()
                    out.documents[ev.extraction_id] = dict(ex.result or {})
                view.doc_type = out.documents[ev.extraction_id].get("doc_type")
            _crawl_source(view, out.documents.get(ev.extraction_id or -1))
            out.evidence.append(view)
    return out


def _crawl_source(view: EvidenceView, contract: dict[str, Any] | None) -> None:
    """Say where a piece came from; for crawl evidence, the page URL and fetch time."""
    if view.key is None:
        return
    if not view.key.startswith("_crawl/"):
        view.source = "单位上传"
        return
    view.source = "网站巡检"
    elements = (contract or {}).get("elements") or {}
    value = (elements.get(view.element or "") or {}).get("value")
    if isinstance(value, dict) and value.get("url"):
        view.page_url = str(value["url"])
        view.fetched_at = str(value.get("fetched_at") or "") or None
