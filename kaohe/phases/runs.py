"""Run records: every phase, flow or office re-score is a row in ``runs`` with its outcome."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kaohe.context import Context
from kaohe.phases.extract import EXTRACTION_VERSION
from storage.repo import runs

__all__ = ["RunRecord", "recorded_run"]


@dataclass
class RunRecord:
    """What a running phase collects: counts, and the score set a score phase produced."""

    run_id: str
    counts: Counter[str] = field(default_factory=Counter)
    score_set_id: int | None = None


@contextmanager
def recorded_run(
    ctx: Context, kind: str, year: int, *, flow_run_id: str | None = None
) -> Iterator[RunRecord]:
    """Record a run row around a phase: ``running`` now, ``completed``/``failed`` at the end.

    The hashes in force (rubrics, extraction rules, extractor version) are recorded with it.
    """
    with ctx.session() as s:
        run_id = runs.start_run(
            s,
            kind=kind,
            year=year,
            rules_hash=ctx.rules_hash,
            extraction_rules_hash=ctx.rules.hash,
            extractor_version=EXTRACTION_VERSION,
            flow_run_id=flow_run_id,
        )
    rec = RunRecord(run_id)
    try:
        yield rec
    except BaseException as e:
        with ctx.session() as s:
            runs.finish_run(
                s, run_id, status="failed", counts=dict(rec.counts), error=repr(e)[:2000]
            )
        raise
    with ctx.session() as s:
        runs.finish_run(
            s, run_id, status="completed", counts=dict(rec.counts), score_set_id=rec.score_set_id
        )
