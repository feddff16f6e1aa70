"""Score: the year's table from persisted extractions (never from files)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kaohe.collector import collector_paused
from kaohe.context import Context
from kaohe.phases.extract import EXTRACTION_VERSION
from kaohe.phases.runs import recorded_run
from kaohe.units import Unit
from scoring.engine import score_unit
from scoring.model import ScoreDraft
from storage.repo import extractions, scores, versions

__all__ = ["score_recorded", "score_year", "unit_chunks"]


#: documents read and scored together (units are never split): what one read holds stays
#: flat however large the year is (measured at 5,000 documents: ~100 KB of Python objects per
#: document's facts, so ten units of 500 documents each held about half a GB)
_DOCS_PER_READ = 200


def unit_chunks(
    units: Sequence[Unit], documents: Mapping[str, int], docs_per_read: int
) -> Iterator[list[Unit]]:
    """``units`` in order, grouped so that a group has at most ``docs_per_read`` documents
    (``documents``: per unit code), or is a single unit that alone has more."""
    chunk: list[Unit] = []
    held = 0
    for unit in units:
        n = documents.get(unit.code, 0)
        if chunk and held + n > docs_per_read:
            yield chunk
            chunk, held = [], 0
        chunk.append(unit)
        held += n
    if chunk:
        yield chunk


def score_year(
    ctx: Context, year: int, run_id: str, *, docs_per_read: int = _DOCS_PER_READ
) -> tuple[int, bool, int]:
    """Score every unit for ``year`` from persisted extractions, reading a few units'
    documents at a time (:func:`unit_chunks`; units are scored independently, so the table
    does not depend on the grouping).

    Returns ``(score_set_id, created, rows)``: ``created`` is False when the inputs and rules
    give exactly the table already stored (nothing is written then).
    """
    drafts: list[ScoreDraft] = []
    with ctx.session() as s:
        documents = versions.documents_per_unit(s, store=ctx.store.location, year=year)
    for units in unit_chunks(ctx.units, documents, docs_per_read):
        # decoded results are trees freed by reference counting, yet with the collector on
        # decoding ran 3× slower (20,000 results: 0.71 s against 0.22 s, measured)
        with ctx.session() as s, collector_paused():
            facts = extractions.unit_facts(
                s,
                year=year,
                units=units,
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
