"""Prefect flows: ``ingest``, ``extract``, ``score``, ``pipeline`` (all three) and ``rerun``.

Flows take the year and, optionally, the settings to run with (public settings: no secrets;
default: loaded from the environment where the flow runs). They record a run row per phase and
submit batch tasks to the flow's task runner: by default one batch at a time in this process;
``with_options(task_runner=ProcessPoolTaskRunner(...))`` (or a Dask runner) runs the same
batches in other processes, since task inputs are plain values.
"""

# No ``from __future__ import annotations`` here: Prefect builds the parameter model of each
# flow from its annotations, and a served run (``kaohe serve``) resolves them in a process
# where string annotations may not resolve ("Pipeline_FlowModel is not fully defined").

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from functools import partial
from typing import Any, TypeVar, cast

from prefect import flow, get_run_logger
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.tasks import (
    extract_batch_task,
    finalize_ingest_task,
    ingest_batch_task,
    io_retry_within,
    keep_evidence_task,
    list_task,
    pending_task,
    plan_task,
    score_task,
    warm_parsers_task,
)
from kaohe.context import context_for
from kaohe.phases.runs import RunRecord, recorded_run
from kaohe.settings import Settings, load_settings
from storage.db import refresh_statistics
from storage.objectstore import ObjectInfo

__all__ = ["extract_flow", "ingest_flow", "pipeline_flow", "rerun_flow", "score_flow"]

T = TypeVar("T")

#: documents extracted by one run after which the database re-samples its tables before
#: scoring reads them (:func:`storage.db.refresh_statistics`)
ANALYZE_AFTER = 1000


def _batches(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _resolve(year: int | None, settings: Settings | None) -> tuple[Settings, int]:
    """The public settings to hand to tasks, and the year to run."""
    s = (settings or load_settings()).public()
    return s, year or s.year


def _bounded(task: T, settings: Settings) -> T:
    """``task`` retrying store IO within the configured phase deadline."""
    return task.with_options(  # type: ignore[attr-defined]
        retry_condition_fn=io_retry_within(settings.phase_deadline_s)
    )


def _flow_run_id() -> str | None:
    return str(flow_run.id) if flow_run.id else None


def _gather(futures: Sequence[PrefectFuture[dict[str, int]]], into: Any) -> None:
    """Wait for every future, adding its counts to ``into`` (a Counter), in submission order."""
    for f in futures:
        into.update(f.result())


class _Follower:
    """Extraction that follows the ingest (the pipeline on the local runner): after each
    ingest batch, the documents it registered are submitted as an extract batch, which the
    runner's thread (and its parser processes) works on while the flow's thread ingests the
    next batch. Each document is submitted once; the extract phase then does the rest."""

    def __init__(self, settings: Settings, year: int, run_id: str) -> None:
        self.settings, self.year, self.run_id = settings, year, run_id
        self.futures: list[PrefectFuture[dict[str, int]]] = []
        self.submitted: set[str] = set()
        self._extract_batch = _bounded(extract_batch_task, settings)

    def __call__(self, batch: Sequence[ObjectInfo]) -> None:
        keys = [info.key for info in batch]
        # the task's function, called directly: one query per ingest batch is not worth a task
        # run of its own (the Prefect server's work per task run was ~60 ms of CPU, on the
        # same 2 cores, measured)
        pending = pending_task.fn(self.settings, self.year, keys)
        items = [it for it in pending if it[0] not in self.submitted]
        if items:
            self.submitted.update(sha for sha, _k, _v in items)
            self.futures.append(self._extract_batch.submit(self.settings, items, self.run_id))


def run_ingest(
    settings: Settings,
    year: int,
    *,
    then_extract: bool = False,
    follow: Callable[[Sequence[ObjectInfo]], None] | None = None,
) -> dict[str, int]:
    """Ingest phase (inside a flow): list, register new/changed versions, mark deletions.

    ``then_extract`` (the pipeline): when there is something new, the parser processes are
    started first, so that they import while the ingest goes on. With ``follow``, batches are
    ingested here one after the other, ``follow`` called with each once it is registered;
    otherwise they are submitted to the flow's task runner (a Dask cluster, say).
    """
    ctx = context_for(settings, create=True)
    with recorded_run(ctx, "ingest", year, flow_run_id=_flow_run_id()) as rec:
        return _ingest(settings, year, rec, then_extract=then_extract, follow=follow)


def _ingest(
    settings: Settings,
    year: int,
    rec: RunRecord,
    *,
    then_extract: bool,
    follow: Callable[[Sequence[ObjectInfo]], None] | None,
) -> dict[str, int]:
    """:func:`run_ingest`'s work, recorded in ``rec``."""
    listing = _bounded(list_task, settings)(settings)
    ingest_batch = _bounded(ingest_batch_task, settings)
    plan = plan_task(settings, cast(Any, quote(listing)), year)
    if then_extract and plan.to_fetch:
        # on the default runner this runs on the thread that runs the extract batches,
        # whose (thread-local) parser pool it starts; it returns at once
        warm_parsers_task.submit(settings).wait()
    batches = _batches(plan.to_fetch, settings.batch_size)
    if follow is not None:
        for batch in batches:
            rec.counts.update(ingest_batch(settings, batch, rec.run_id))
            follow(batch)
    else:
        # batches are submitted unquoted: through prefect-dask a ``quote`` arrives as a
        # plain tuple (measured); a batch is small enough for Prefect to walk
        futures = [ingest_batch.submit(settings, batch, rec.run_id) for batch in batches]
        _gather(futures, rec.counts)
    rec.counts.update(finalize_ingest_task(settings, cast(Any, quote(plan)), rec.run_id))
    rec.counts.update(_bounded(keep_evidence_task, settings)(settings, year))
    rec.counts["listed"] = plan.in_scope
    return dict(rec.counts)


def _extract_pending(
    settings: Settings, year: int, rec: RunRecord, follower: _Follower | None = None
) -> dict[str, int]:
    """Wait for the follower's batches, then extract whatever is still pending."""
    if follower is not None:
        _gather(follower.futures, rec.counts)
    pending = pending_task(settings, year)
    rec.counts["pending"] = len(pending) + (len(follower.submitted) if follower else 0)
    extract_batch = _bounded(extract_batch_task, settings)
    futures = [
        extract_batch.submit(settings, batch, rec.run_id)
        for batch in _batches(pending, settings.batch_size)
    ]
    _gather(futures, rec.counts)
    if rec.counts["pending"] >= ANALYZE_AFTER:
        refresh_statistics(context_for(settings).engine)
    return dict(rec.counts)


def run_extract(settings: Settings, year: int) -> dict[str, int]:
    """Extract phase: pending documents in batches (parse cache reused)."""
    ctx = context_for(settings, create=True)
    with recorded_run(ctx, "extract", year, flow_run_id=_flow_run_id()) as rec:
        return _extract_pending(settings, year, rec)


def _ingest_and_extract(settings: Settings, year: int, result: dict[str, Any]) -> None:
    """The pipeline's first two phases on the local runner: the extract run opens just after
    the ingest run and extracts each ingest batch's documents while the next batch is ingested
    (on 2 cores the parser processes were otherwise idle for the whole ingest). ``timing`` then
    says how long the ingest took (extraction going on beside it) and how long extraction went
    on after it."""
    ctx = context_for(settings, create=True)
    t = time.monotonic()
    with ExitStack() as extract_run:
        with recorded_run(ctx, "ingest", year, flow_run_id=_flow_run_id()) as ingest_rec:
            # opened second (run history stays in phase order), closed last
            rec = extract_run.enter_context(
                recorded_run(ctx, "extract", year, flow_run_id=_flow_run_id())
            )
            follower = _Follower(settings, year, rec.run_id)
            result["ingest"] = _ingest(
                settings, year, ingest_rec, then_extract=True, follow=follower
            )
        result["timing"]["ingest_s"] = round(time.monotonic() - t, 2)
        t = time.monotonic()
        result["extract"] = _extract_pending(settings, year, rec, follower)
    result["timing"]["extract_s"] = round(time.monotonic() - t, 2)


def run_score(settings: Settings, year: int) -> dict[str, Any]:
    """Score phase: the year's table; writes a new score set only if something changed."""
    return score_task(settings, year, _flow_run_id())


def _local_runner() -> bool:
    """Whether this flow's batches run on threads of this process (not on a cluster)."""
    ctx = FlowRunContext.get()
    return ctx is not None and isinstance(ctx.task_runner, ThreadPoolTaskRunner)


def _sequential() -> TaskRunner[PrefectFuture[Any]]:
    """One batch at a time in the flow's process (each extract batch has its own parser pool)."""
    return cast("TaskRunner[PrefectFuture[Any]]", ThreadPoolTaskRunner(max_workers=1))


@flow(name="kaohe-ingest", task_runner=_sequential())
def ingest_flow(year: int | None = None, settings: Settings | None = None) -> dict[str, int]:
    """Register new and changed submissions of ``year`` (default: the configured year)."""
    s, y = _resolve(year, settings)
    return run_ingest(s, y)


@flow(name="kaohe-extract", task_runner=_sequential())
def extract_flow(year: int | None = None, settings: Settings | None = None) -> dict[str, int]:
    """Parse and extract every current document lacking a result under the current rules."""
    s, y = _resolve(year, settings)
    return run_extract(s, y)


@flow(name="kaohe-score", task_runner=_sequential())
def score_flow(year: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Rebuild the score table of ``year`` from persisted extractions."""
    s, y = _resolve(year, settings)
    return run_score(s, y)


@flow(name="kaohe-pipeline", task_runner=_sequential())
def pipeline_flow(year: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Ingest, extract and score ``year``; the scheduled job."""
    started = time.monotonic()
    s, y = _resolve(year, settings)
    logger = get_run_logger()
    result: dict[str, Any] = {"year": y, "timing": {"flow_started": started}}
    phases: list[tuple[str, Callable[[Settings, int], dict[str, Any]]]] = [("score", run_score)]
    if _local_runner():
        _ingest_and_extract(s, y, result)
        logger.info("ingest %s; extract %s", result["ingest"], result["extract"])
    else:  # every batch on the cluster, one phase after the other
        phases[:0] = [("ingest", partial(run_ingest, then_extract=True)), ("extract", run_extract)]
    for phase, fn in phases:
        t = time.monotonic()
        result[phase] = fn(s, y)
        result["timing"][f"{phase}_s"] = round(time.monotonic() - t, 2)
        logger.info("%s %s", phase, result[phase])
    return result


@flow(name="kaohe-rerun", task_runner=_sequential())
def rerun_flow(year: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Re-extract from the parse cache under the current rules and re-score (no ingest)."""
    started = time.monotonic()
    s, y = _resolve(year, settings)
    result: dict[str, Any] = {"year": y, "timing": {"flow_started": started}}
    for phase, fn in (("extract", run_extract), ("score", run_score)):
        t = time.monotonic()
        result[phase] = fn(s, y)
        result["timing"][f"{phase}_s"] = round(time.monotonic() - t, 2)
    return result
