"""Score: the year's table from persisted extractions (never from files)."""

from __future__ import annotations

from typing import Any

from kaohe.context import Context
from kaohe.phases.extract import EXTRACTION_VERSION
from kaohe.phases.runs import recorded_run
from scoring.engine import score_unit
from scoring.model import ScoreDraft
from storage.repo import extractions, scores

__all__ = ["score_recorded", "score_year"]


#: units whose documents are read and scored together
_UNITS_PER_READ = 10


def score_year(
    ctx: Context, year: int, run_id: str, *, units_per_read: int = _UNITS_PER_READ
) -> tuple[int, bool, int]:
    """Score every unit for ``year`` from persisted extractions, ``units_per_read`` units'
    documents at a time (units are scored independently, so the table does not depend on it).

    Returns ``(score_set_id, created, rows)``: ``created`` is False when the inputs and rules
    give exactly the table already stored (nothing is written then).
    """
    drafts: list[ScoreDraft] = []
    units = list(ctx.units)
    # a few units at a time, so the extraction results held at once do not grow with the year
    # (measured at 50,000 documents: the process peak, ~0.9 GB in a rerun, is elsewhere)
    for start in range(0, len(units), units_per_read):
        with ctx.session() as s:
            facts = extractions.unit_facts(
                s,
                year=year,
                units=units[start : start + units_per_read],
                extractor_version=EXTRACTION_VERSION,
                rules_hash=ctx.rules.hash,
                store=ctx.store.location,
            )
        for unit_facts in facts:
            drafts.extend(score_unit(unit_facts, ctx.rubrics[unit_facts.kind]))
        del facts
    with ctx.session() as s:
        set_id, created = scores.save_score_set(
            s,
            year=year,
            run_id=run_id,
            rules_hash=ctx.rules_hash,
            extraction_rules_hash=ctx.rules.hash,
            extractor_version=EXTRACTION_VERSION,
            drafts=drafts,
        )
    return set_id, created, len(drafts)


def score_recorded(ctx: Context, year: int, *, flow_run_id: str | None = None) -> dict[str, Any]:
    """:func:`score_year` as a recorded ``score`` run; what the flows and the office call.

    Returns ``{"score_set_id", "created", "rows", "run_id"}``.
    """
    with recorded_run(ctx, "score", year, flow_run_id=flow_run_id) as rec:
        set_id, created, rows = score_year(ctx, year, rec.run_id)
        rec.score_set_id = set_id
        rec.counts.update({"scores": rows, "new_score_set": int(created)})
    return {"score_set_id": set_id, "created": created, "rows": rows, "run_id": rec.run_id}
