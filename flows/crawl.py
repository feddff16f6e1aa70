"""The website inspection flow (网站巡检, issue 11): crawl, then extract and score.

``crawl_flow`` crawls every unit with a ``website`` (or one unit) in one task — it crawls
``crawl.concurrency`` sites at once on threads, paced per host across units (see
:func:`kaohe.phases.crawl.crawl_units`), so Prefect-level parallelism would add nothing —
and then runs the pipeline so the new crawl records are extracted and scored like any
evidence. A schedule (``kaohe serve``) can run it like the other flows.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.pipeline import _flow_run_id, _resolve, _sequential, pipeline_flow
from kaohe.context import context_for
from kaohe.phases.crawl import crawl_recorded
from kaohe.settings import Settings

__all__ = ["crawl_flow", "crawl_task"]


@task(name="kaohe-crawl-units", cache_policy=NO_CACHE)
def crawl_task(
    settings: Settings, year: int, unit: str | None, flow_run_id: str | None
) -> dict[str, int]:
    """Crawl the units' websites (one unit's failure never stops the others)."""
    ctx = context_for(settings, create=True)
    return crawl_recorded(ctx, year, unit, flow_run_id=flow_run_id)


@flow(name="kaohe-crawl", task_runner=_sequential())
def crawl_flow(
    year: int | None = None,
    settings: Settings | None = None,
    unit: str | None = None,
    score: bool = True,
) -> dict[str, Any]:
    """Crawl, then (with ``score``) the pipeline; returns ``{"year", "crawl", "pipeline"?}``."""
    s, y = _resolve(year, settings)
    out: dict[str, Any] = {"year": y, "crawl": crawl_task(s, y, unit, _flow_run_id())}
    if score:
        out["pipeline"] = pipeline_flow(year=y, settings=s)
    return out
