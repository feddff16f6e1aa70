"""Prefect tasks: thin wrappers of :mod:`kaohe.phases`, coarse (one per batch), retrying only IO.

Task inputs are plain, picklable values — public :class:`~kaohe.settings.Settings` (no
secrets), keys, digests, ids — never live clients or document bytes, so any task runner can run
them in another process or on another machine; each process builds its own context from the
settings (:func:`kaohe.context.context_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from kaohe.context import Context, context_for
from kaohe.errors import StoreUnavailable
from kaohe.phases import extract, ingest, score
from kaohe.settings import Settings
from storage.objectstore import ObjectInfo

__all__ = [
    "extract_batch_task",
    "finalize_ingest_task",
    "ingest_batch_task",
    "io_retry_within",
    "keep_evidence_task",
    "list_task",
    "pending_task",
    "plan_task",
    "score_task",
    "warm_parsers_task",
]


def _context(settings: Settings) -> Context:
    """This process's context; the pipeline creates a database that does not exist yet."""
    return context_for(settings, create=True)


def io_retry_within(deadline_s: float) -> Callable[[Any, TaskRun, State], bool]:
    """A retry condition: retry a failed task only when the store was unreachable (IO), never
    on a bug, and only while the task has been trying for less than ``deadline_s``."""

    def retry(_task: Any, run: TaskRun, state: State) -> bool:
        try:
            state.result(raise_on_failure=True)
        except StoreUnavailable:
            started = run.start_time
            if started is None:
                return True
            return (datetime.now(UTC) - started).total_seconds() < deadline_s
        except Exception:
            return False
        return False

    return retry


#: store IO is retried twice (after 5 s, then 15 s) within the phase deadline; each store
#: operation itself is bounded by ``store_timeout_s``, so a silent store ends a run in about a
#: minute with a Chinese message instead of hanging (the flows apply the configured deadline)
_IO_RETRIES: dict[str, Any] = {
    "retries": 2,
    "retry_delay_seconds": [5, 15],
    "retry_condition_fn": io_retry_within(60.0),
}


@task(name="list-submissions", cache_policy=NO_CACHE, **_IO_RETRIES)
def list_task(settings: Settings) -> list[ObjectInfo]:
    return ingest.list_submissions(_context(settings).store)


@task(name="plan-ingest", cache_policy=NO_CACHE)
def plan_task(settings: Settings, listing: Sequence[ObjectInfo], year: int) -> ingest.IngestPlan:
    return ingest.plan_ingest(_context(settings), listing, year)


@task(name="ingest-batch", cache_policy=NO_CACHE, **_IO_RETRIES)
def ingest_batch_task(
    settings: Settings, infos: Sequence[ObjectInfo], run_id: str
) -> dict[str, int]:
    return ingest.ingest_batch(_context(settings), infos, run_id)


@task(name="finalize-ingest", cache_policy=NO_CACHE)
def finalize_ingest_task(
    settings: Settings, plan: ingest.IngestPlan, run_id: str
) -> dict[str, int]:
    return ingest.finalize_ingest(_context(settings), plan, run_id)


@task(name="keep-evidence", cache_policy=NO_CACHE, **_IO_RETRIES)
def keep_evidence_task(settings: Settings, year: int) -> dict[str, int]:
    return ingest.keep_evidence(_context(settings), year)


@task(name="pending-documents", cache_policy=NO_CACHE)
def pending_task(
    settings: Settings, year: int, keys: Sequence[str] | None = None
) -> list[tuple[str, str, str]]:
    return extract.pending_documents(_context(settings), year, keys)


@task(name="extract-batch", cache_policy=NO_CACHE, **_IO_RETRIES)
def extract_batch_task(
    settings: Settings, items: Sequence[tuple[str, str, str]], run_id: str
) -> dict[str, int]:
    return extract.extract_batch(_context(settings), items, run_id)


@task(name="score-year", cache_policy=NO_CACHE)
def score_task(settings: Settings, year: int, flow_run_id: str | None) -> dict[str, Any]:
    return score.score_recorded(_context(settings), year, flow_run_id=flow_run_id)


@task(name="start-parsers", cache_policy=NO_CACHE)
def warm_parsers_task(settings: Settings) -> None:
    extract.warm_parsers(_context(settings))
