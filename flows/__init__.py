"""Prefect flows of kaohe. They run without a Prefect server (Prefect starts a temporary
local one) and are scheduled with Prefect's own ``serve``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["run_flow"]


def run_flow(flow: Callable[..., Any], **params: Any) -> Any:
    """Call ``flow`` in this process without the end-of-flow heartbeat wait.

    Prefect's flow heartbeat thread makes every flow wait ~1 s at its end (measured); kaohe
    flows are short-lived and scheduled by ``serve``, which has its own crash detection.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return flow(**params)
