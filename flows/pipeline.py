"""Prefect flows: ``ingest``, ``extract``, ``score`` and ``pipeline`` (all three).

Flows validate parameters, build clients from settings and call batch tasks. Each phase
records a row in ``runs`` (kind, Prefect flow-run id, hashes, counts, start/end).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.tasks import (
    extract_batch_task,
    finalize_ingest_task,
    ingest_batch_task,
    list_task,
    pending_task,
    plan_task,
    score_task,
)
from kaohe import ops
from kaohe.settings import load_settings
from storage import repo

__all__ = ["extract_flow", "ingest_flow", "pipeline_flow", "rerun_flow", "score_flow"]

T = TypeVar("T")


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@contextmanager
def _recorded(ctx: ops.Context, kind: str, year: int) -> Iterator[dict[str, Any]]:
    """Record a run row around a phase; the yielded dict collects counts (and score_set_id)."""
    with ctx.session() as s:
        run_id = repo.start_run(
            s,
            kind=kind,
            year=year,
            rules_hash=ctx.rules_hash,
            extraction_rules_hash=ctx.rules.hash,
            extractor_version=ops.EXTRACTION_VERSION,
            flow_run_id=str(flow_run.id) if flow_run.id else None,
        )
    info: dict[str, Any] = {"run_id": run_id, "counts": Counter()}
    try:
        yield info
    except BaseException as e:
        with ctx.session() as s:
            repo.finish_run(
                s, run_id, status="failed", counts=dict(info["counts"]), error=repr(e)[:2000]
            )
        raise
    with ctx.session() as s:
        repo.finish_run(
            s,
            run_id,
            status="completed",
            counts=dict(info["counts"]),
            score_set_id=info.get("score_set_id"),
        )


def _context(year: int | None) -> tuple[ops.Context, int]:
    settings = load_settings()
    return ops.build_context(settings), year or settings.year


def run_ingest(ctx: ops.Context, year: int) -> dict[str, int]:
    """Ingest phase (inside a flow): list, register new/changed versions, mark deletions."""
    q: Any = quote(ctx)  # the tasks receive the unwrapped context
    with _recorded(ctx, "ingest", year) as rec:
        listing = list_task(q)
        plan = plan_task(q, listing, year)
        for batch in _batches(plan.to_fetch, ctx.settings.batch_size):
            rec["counts"].update(ingest_batch_task(q, list(batch), rec["run_id"]))
        rec["counts"].update(finalize_ingest_task(q, plan, year, rec["run_id"]))
        rec["counts"]["listed"] = plan.in_scope
        return dict(rec["counts"])


def run_extract(ctx: ops.Context, year: int) -> dict[str, int]:
    """Extract phase: pending documents in batches (parse cache reused)."""
    q: Any = quote(ctx)  # the tasks receive the unwrapped context
    with _recorded(ctx, "extract", year) as rec:
        pending = pending_task(q, year)
        rec["counts"]["pending"] = len(pending)
        for batch in _batches(pending, ctx.settings.batch_size):
            rec["counts"].update(extract_batch_task(q, list(batch), rec["run_id"]))
        return dict(rec["counts"])


def run_score(ctx: ops.Context, year: int) -> dict[str, Any]:
    """Score phase: the year's table; writes a new score set only if something changed."""
    with _recorded(ctx, "score", year) as rec:
        set_id, created, rows = score_task(cast(Any, quote(ctx)), year, rec["run_id"])
        rec["score_set_id"] = set_id
        rec["counts"].update({"scores": rows, "new_score_set": int(created)})
        return {"score_set_id": set_id, "created": created, "rows": rows, "run_id": rec["run_id"]}


@flow(name="kaohe-ingest", log_prints=False)
def ingest_flow(year: int | None = None) -> dict[str, int]:
    """Register new and changed submissions of ``year`` (default: the configured year)."""
    ctx, year = _context(year)
    return run_ingest(ctx, year)


@flow(name="kaohe-extract")
def extract_flow(year: int | None = None) -> dict[str, int]:
    """Parse and extract every current document lacking a result under the current rules."""
    ctx, year = _context(year)
    return run_extract(ctx, year)


@flow(name="kaohe-score")
def score_flow(year: int | None = None) -> dict[str, Any]:
    """Rebuild the score table of ``year`` from persisted extractions."""
    ctx, year = _context(year)
    return run_score(ctx, year)


@flow(name="kaohe-pipeline")
def pipeline_flow(year: int | None = None) -> dict[str, Any]:
    """Ingest, extract and score ``year``; the scheduled job."""
    ctx, year = _context(year)
    logger = get_run_logger()
    result: dict[str, Any] = {"year": year}
    result["ingest"] = run_ingest(ctx, year)
    logger.info("ingest %s", result["ingest"])
    result["extract"] = run_extract(ctx, year)
    logger.info("extract %s", result["extract"])
    result["score"] = run_score(ctx, year)
    logger.info("score %s", result["score"])
    return result


@flow(name="kaohe-rerun")
def rerun_flow(year: int | None = None) -> dict[str, Any]:
    """Re-extract from the parse cache under the current rules and re-score (no ingest)."""
    ctx, year = _context(year)
    return {"year": year, "extract": run_extract(ctx, year), "score": run_score(ctx, year)}
