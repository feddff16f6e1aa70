"""About 200 objects for 10 units through moto S3: ingest, extract, score; a second run
changes nothing. Uses two parser worker processes as production does."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from flows import run_flow
from flows.pipeline import pipeline_flow
from kaohe.context import Context
from kaohe.demo import bulk_files
from kaohe.views.explain import explain_score
from kaohe.views.scores import current_score_set_id, score_rows
from storage.models import Extraction, ObjectVersion, Score
from storage.s3 import S3Store

pytestmark = [pytest.mark.s3, pytest.mark.prefect]


def test_two_hundred_objects_ten_units(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAOHE_WORKERS", "2")
    monkeypatch.setenv("KAOHE_BATCH_SIZE", "50")
    files = bulk_files([(u.code, u.name, u.kind) for u in ctx.units], 2024, per_unit=20)
    assert len(files) == 200 and len(ctx.units) == 10
    for f in files:
        kaohe_env.put(f.key, f.data)

    first = run_flow(pipeline_flow, year=2024)
    assert first["ingest"]["registered"] == 200
    assert first["extract"]["pending"] == 200
    assert first["extract"]["status_ok"] == 200
    rows = score_rows(ctx, 2024)
    assert len(rows) == 10 * 12
    for unit in ctx.units:
        indicator = "1.4.3" if unit.kind == "county" else "2.4.3"
        ex = explain_score(ctx, 2024, unit.code, indicator)
        assert ex is not None and ex.row.status == "auto"
        codes = [e.finding_code for e in ex.evidence if e.finding_code]
        # 17 letters a unit: every fifth answered after 45 days, every seventh without remedy
        assert codes.count("late_reply") == 3, (unit.code, codes)
        assert codes.count("missing_remedy") == 2, (unit.code, codes)
        assert all(e.key and e.sha256 for e in ex.evidence if e.finding_code)

    with ctx.session() as s:
        before = (
            s.scalar(select(func.count()).select_from(ObjectVersion)),
            s.scalar(select(func.count()).select_from(Extraction)),
            s.scalar(select(func.count()).select_from(Score)),
        )
    set_id = current_score_set_id(ctx, 2024)
    second = run_flow(pipeline_flow, year=2024)
    assert second["ingest"]["unchanged"] == 200 and second["extract"]["pending"] == 0
    assert second["score"]["created"] is False
    with ctx.session() as s:
        after = (
            s.scalar(select(func.count()).select_from(ObjectVersion)),
            s.scalar(select(func.count()).select_from(Extraction)),
            s.scalar(select(func.count()).select_from(Score)),
        )
    assert after == before
    assert current_score_set_id(ctx, 2024) == set_id
