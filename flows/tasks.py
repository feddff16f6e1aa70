"""Prefect tasks: thin wrappers of :mod:`kaohe.ops`, coarse (one per batch), retrying only IO.

Tasks pass keys, digests and ids, never document bytes. The context (clients) reaches them
``quote``-d so Prefect does not walk it, and with ``NO_CACHE`` since clients are unhashable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from kaohe import ops
from kaohe.errors import StoreUnavailable
from storage.objectstore import ObjectInfo

__all__ = [
    "extract_batch_task",
    "finalize_ingest_task",
    "ingest_batch_task",
    "list_task",
    "pending_task",
    "plan_task",
    "score_task",
]


def _io_failure(_task: Any, _run: TaskRun, state: State) -> bool:
    """Retry a failed task only when the store was unreachable (IO), never on a bug."""
    try:
        state.result(raise_on_failure=True)
    except StoreUnavailable:
        return True
    except Exception:
        return False
    return False


@task(
    name="list-submissions",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[2, 10, 30],
    retry_condition_fn=_io_failure,
)
def list_task(ctx: ops.Context) -> list[ObjectInfo]:
    return ops.list_submissions(ctx.store)


@task(name="plan-ingest", cache_policy=NO_CACHE)
def plan_task(ctx: ops.Context, listing: Sequence[ObjectInfo], year: int) -> ops.IngestPlan:
    return ops.plan_ingest(ctx, listing, year)


@task(
    name="ingest-batch",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[2, 10, 30],
    retry_condition_fn=_io_failure,
)
def ingest_batch_task(ctx: ops.Context, infos: Sequence[ObjectInfo], run_id: str) -> dict[str, int]:
    return ops.ingest_batch(ctx, infos, run_id)


@task(name="finalize-ingest", cache_policy=NO_CACHE)
def finalize_ingest_task(
    ctx: ops.Context, plan: ops.IngestPlan, year: int, run_id: str
) -> dict[str, int]:
    return ops.finalize_ingest(ctx, plan, year, run_id)


@task(name="pending-documents", cache_policy=NO_CACHE)
def pending_task(ctx: ops.Context, year: int) -> list[tuple[str, str, str]]:
    return ops.pending_documents(ctx, year)


@task(
    name="extract-batch",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[2, 10, 30],
    retry_condition_fn=_io_failure,
)
def extract_batch_task(
    ctx: ops.Context, items: Sequence[tuple[str, str, str]], run_id: str
) -> dict[str, int]:
    return ops.extract_batch(ctx, items, run_id)


@task(name="score-year", cache_policy=NO_CACHE)
def score_task(ctx: ops.Context, year: int, run_id: str) -> tuple[int, bool, int]:
    return ops.score_year(ctx, year, run_id)
