"""The data of the office's reports, read from the current score set (nothing recomputed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kaohe.context import Context
from kaohe.errors import ReportError
from kaohe.views.scores import ScoreRow, score_rows
from kaohe.views.table import UnitTotal, rank_totals
from storage.repo import scores

__all__ = ["EvidenceRow", "ReportData", "collect", "rank_units"]


@dataclass(frozen=True)
class EvidenceRow:
    """One score evidence row with its document version (none for a recorded search)."""

    unit: str
    indicator: str
    seq: int
    note: str
    points: float | None
    element: str | None
    finding_code: str | None
    quote: str | None
    page: int | None
    paragraph: int | None
    searched: dict[str, Any] | None
    key: str | None
    version_id: str | None
    etag: str | None
    sha256: str | None

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1] if self.key else ""

    @property
    def where(self) -> str:
        if self.page:
            return f"第{self.page}页"
        return f"第{self.paragraph}段" if self.paragraph else ""


@dataclass
class ReportData:
    """Everything the reports show, read from the current score set of ``year``."""

    year: int
    rows: list[ScoreRow]
    evidence: list[EvidenceRow]
    auto_points: dict[int, float | None]
    score_set_id: int
    run_id: str
    rules_hash: str
    extractor_version: str
    created_at: datetime
    units: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, kind)

    def unit_rows(self, code: str) -> list[ScoreRow]:
        return [r for r in self.rows if r.unit == code]

    def evidence_of(self, code: str, indicator: str | None = None) -> list[EvidenceRow]:
        return [
            e
            for e in self.evidence
            if e.unit == code and (indicator is None or e.indicator == indicator)
        ]


def collect(ctx: Context, year: int) -> ReportData:
    """Read the current score table of ``year``; raises :class:`ReportError` if there is none."""
    rows = score_rows(ctx, year)
    with ctx.session() as s:
        ss = scores.latest_score_set(s, year)
        if ss is None or not rows:
            raise ReportError(f"{year} 年度尚无评分结果，请先运行 kaohe run。")
        auto = {sc.id: sc.auto_points for sc in scores.scores_of_set(s, ss.id)}
        evidence = [
            EvidenceRow(
                unit=sc.unit_code,
                indicator=sc.indicator,
                seq=ev.seq,
                note=ev.note,
                points=ev.points,
                element=ev.element,
                finding_code=ev.finding_code,
                quote=ev.quote,
                page=ev.page,
                paragraph=ev.paragraph,
                searched=ev.searched,
                key=ov.key if ov else None,
                version_id=(ov.version_id or None) if ov else None,
                etag=ov.etag if ov else None,
                sha256=ov.sha256 if ov else None,
            )
            for sc, ev, ov in scores.score_set_evidence(s, ss.id)
        ]
        meta = (ss.id, ss.run_id, ss.rules_hash, ss.extractor_version, ss.created_at)
    present = {r.unit for r in rows}
    units: list[tuple[str, str, str]] = [
        (u.code, u.name, u.kind) for u in ctx.units if u.code in present
    ]
    order = {code: i for i, (code, _, _) in enumerate(units)}
    evidence.sort(key=lambda e: order.get(e.unit, len(order)))
    return ReportData(year, rows, evidence, auto, *meta, units=units)


def rank_units(data: ReportData, kind: str) -> list[UnitTotal]:
    """Units of ``kind`` by total, best first (:func:`kaohe.views.table.rank_totals`)."""
    units = [(code, name) for code, name, k in data.units if k == kind]
    return rank_totals(units, data.unit_rows)
