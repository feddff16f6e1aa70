"""Runs: one row per phase (ingest, extract, score) or pipeline, with counts and outcome."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from kaohe.errors import RecordNotFound
from storage.models import Run, utcnow

__all__ = ["RUN_KINDS", "RUN_STATUSES", "finish_run", "start_run"]

RUN_KINDS = frozenset(
    {"ingest", "extract", "score", "pipeline", "rerun", "crawl"}
)  # crawl: issue 11
RUN_STATUSES = frozenset({"running", "completed", "failed"})


def start_run(
    s: Session,
    *,
    kind: str,
    year: int,
    rules_hash: str | None = None,
    extraction_rules_hash: str | None = None,
    extractor_version: str | None = None,
    flow_run_id: str | None = None,
) -> str:
    """Record a running phase; returns its id (uuid4 hex)."""
    if kind not in RUN_KINDS:
        raise ValueError(f"unknown run kind {kind!r}")
    run_id = uuid.uuid4().hex
    s.add(
        Run(
            id=run_id,
            kind=kind,
            year=year,
            flow_run_id=flow_run_id,
            rules_hash=rules_hash,
            extraction_rules_hash=extraction_rules_hash,
            extractor_version=extractor_version,
            status="running",
            counts={},
            started_at=utcnow(),
        )
    )
    s.flush()
    return run_id


def finish_run(
    s: Session,
    run_id: str,
    *,
    status: str,
    counts: dict[str, Any],
    score_set_id: int | None = None,
    error: str | None = None,
) -> None:
    """Close a run with its outcome and counts."""
    if status not in RUN_STATUSES - {"running"}:
        raise ValueError(f"a run finishes 'completed' or 'failed', not {status!r}")
    run = s.get(Run, run_id)
    if run is None:
        raise RecordNotFound(f"没有编号为 {run_id} 的运行记录")
    run.status = status
    run.counts = {str(k): v for k, v in counts.items()}
    run.score_set_id = score_set_id
    run.error = error
    run.finished_at = utcnow()
    s.flush()
