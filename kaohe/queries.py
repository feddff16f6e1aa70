"""Read-only views of the database for the CLI and reports: the score table and explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from kaohe.ops import Context
from storage import repo
from storage.models import Extraction, ObjectVersion

__all__ = [
    "EvidenceView",
    "Explanation",
    "ScoreRow",
    "current_score_set_id",
    "explain_score",
    "score_rows",
]

STATUS_ZH = {"auto": "自动评分", "manual": "人工评分", "pending_manual": "待人工评分"}


@dataclass(frozen=True)
class ScoreRow:
    """One unit × indicator of the current table."""

    year: int
    unit: str
    unit_name: str
    kind: str
    indicator: str
    indicator_name: str
    points: float | None
    max_points: float
    status: str
    run: str
    rules_hash: str
    explanation: str
    score_id: int
    group: str = ""

    def contract(self) -> dict[str, Any]:
        """The ``kaohe scores --json`` object (output contract v1)."""
        return {
            "year": self.year,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "kind": self.kind,
            "indicator": self.indicator,
            "indicator_name": self.indicator_name,
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "run": self.run,
            "rules_hash": self.rules_hash,
        }


def current_score_set_id(ctx: Context, year: int) -> int | None:
    with ctx.session() as s:
        ss = repo.latest_score_set(s, year)
        return ss.id if ss is not None else None


def score_rows(ctx: Context, year: int) -> list[ScoreRow]:
    """The current table of ``year``: units in units-file order, indicators in rubric order."""
    with ctx.session() as s:
        ss = repo.latest_score_set(s, year)
        if ss is None:
            return []
        scores = repo.scores_of_set(s, ss.id)
        run_id, rules_hash = ss.run_id, ss.rules_hash
    units = {u.code: (i, u) for i, u in enumerate(ctx.units)}
    order = {
        ind.code: (i, ind.group)
        for rubric in ctx.rubrics.values()
        for i, ind in enumerate(rubric.indicators)
    }
    rows = []
    for r in scores:
        _, unit = units.get(r.unit_code, (len(units), None))
        rows.append(
            ScoreRow(
                year=year,
                unit=r.unit_code,
                unit_name=unit.name if unit else r.unit_code,
                kind=unit.kind if unit else "",
                indicator=r.indicator,
                indicator_name=r.indicator_name,
                points=r.points,
                max_points=r.max_points,
                status=r.status,
                run=run_id,
                rules_hash=rules_hash,
                explanation=r.explanation,
                score_id=r.id,
                group=order.get(r.indicator, (0, ""))[1],
            )
        )
    rows.sort(
        key=lambda r: (units.get(r.unit, (len(units),))[0], order.get(r.indicator, (999,))[0])
    )
    return rows


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
        score = next(x for x in repo.scores_of_set(s, _set_id(ctx, year)) if x.id == row.score_id)
        out = Explanation(row=row, rule=score.rule, auto_points=score.auto_points)
        for ev in repo.score_evidence(s, row.score_id):
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
            )
            if ev.object_version_id is not None:
                ov = s.get(ObjectVersion, ev.object_version_id)
                if ov is not None:
                    view.key, view.version_id, view.etag = ov.key, ov.version_id or None, ov.etag
                    view.sha256, view.store = ov.sha256, ov.store
            if ev.extraction_id is not None:
                if ev.extraction_id not in out.documents:
                    ex = s.execute(
                        select(Extraction).where(Extraction.id == ev.extraction_id)
                    ).scalar_one()
                    out.documents[ev.extraction_id] = dict(ex.result or {})
                view.doc_type = out.documents[ev.extraction_id].get("doc_type")
            out.evidence.append(view)
    return out


def _set_id(ctx: Context, year: int) -> int:
    sid = current_score_set_id(ctx, year)
    assert sid is not None
    return sid
