"""Prefect flows of kaohe. They run without a Prefect server (Prefect starts a temporary
local one) and are scheduled with Prefect's own ``serve``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["on_runner", "run_flow"]

F = TypeVar("F")


def on_runner(flow: F, dask_address: str | None) -> F:
    """``flow`` with its batches on the Dask cluster at ``dask_address`` (None: as decorated).

    Workers receive keys, digests and public settings (no secrets, no bytes): they fetch
    objects from the store and write results to the database themselves, building their
    clients from those settings and the credentials in their own environment.
    """
    if not dask_address:
        return flow
    from prefect_dask import DaskTaskRunner

    return flow.with_options(task_runner=DaskTaskRunner(address=dask_address))  # type: ignore[attr-defined]


def run_flow(flow: Callable[..., Any], **params: Any) -> Any:
    """Call ``flow`` in this process without the end-of-flow heartbeat wait.

    Prefect's flow heartbeat thread makes every flow wait ~1 s at its end (measured); kaohe
    flows are short-lived and scheduled by ``serve``, which has its own crash detection.
    With ``settings.dask_address`` set, the flow's batches run on that Dask cluster.
    A result with a ``timing`` mapping gains ``prefect_start_s`` (from this call to the flow's
    first line: Prefect's start, a temporary server included) and ``total_s``.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    settings = params.get("settings")
    flow = on_runner(flow, getattr(settings, "dask_address", None))
    called = time.monotonic()
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        result = flow(**params)
    timing = result.get("timing") if isinstance(result, dict) else None
    if isinstance(timing, dict) and "flow_started" in timing:
        timing["prefect_start_s"] = round(timing.pop("flow_started") - called, 2)
        timing["total_s"] = round(time.monotonic() - called, 2)
    return result
