"""The same flows under another task runner: Prefect's ProcessPoolTaskRunner runs the batch
tasks in other processes, which only works because task inputs are plain, picklable values and
each process builds its own context (secrets from its own environment, never from the inputs).
"""

from __future__ import annotations

import pickle
from typing import Any, cast

import pytest
from prefect.task_runners import ProcessPoolTaskRunner

from flows import run_flow
from flows.pipeline import pipeline_flow
from kaohe.context import Context
from kaohe.demo import write_demo_corpus
from kaohe.settings import load_settings
from kaohe.views.scores import score_rows
from storage.models import Run
from storage.s3 import S3Store

pytestmark = [pytest.mark.s3, pytest.mark.prefect]


def test_task_inputs_carry_no_secrets(kaohe_env: S3Store) -> None:
    settings = load_settings()
    assert settings.s3_secret_key is not None
    public = settings.public()
    assert public.s3_access_key is None and public.s3_secret_key is None
    blob = pickle.dumps(public)
    assert b"testing" not in blob  # the moto credentials of the test environment
    assert pickle.loads(blob) == public


def test_pipeline_on_a_process_pool_equals_the_default_runner(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context
) -> None:
    write_demo_corpus(kaohe_env, 2024)
    flow = pipeline_flow.with_options(task_runner=cast(Any, ProcessPoolTaskRunner(max_workers=2)))
    result = run_flow(flow, year=2024, settings=ctx.settings.public())
    assert result["ingest"]["registered"] == 27 and result["ingest"]["rejected"] == 2
    assert result["extract"]["status_ok"] == 23 and result["score"]["created"] is True
    pooled = {(r.unit, r.indicator): (r.points, r.status) for r in score_rows(ctx, 2024)}

    # the same store again with the default runner: nothing changes, the same table stands
    again = run_flow(pipeline_flow, year=2024, settings=ctx.settings.public())
    assert again["ingest"]["unchanged"] == 27 and again["extract"]["pending"] == 0
    assert again["score"]["created"] is False
    assert again["score"]["score_set_id"] == result["score"]["score_set_id"]
    assert {(r.unit, r.indicator): (r.points, r.status) for r in score_rows(ctx, 2024)} == pooled
    assert pooled["youyi", "1.4.3"] == (8.0, "auto")
    with ctx.session() as s:
        assert {r.status for r in s.query(Run)} == {"completed"}
