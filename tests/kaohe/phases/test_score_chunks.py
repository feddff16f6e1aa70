"""Scoring reads a few units' documents at a time (memory stays flat with the year's size);
the table is the same whichever the chunk: rescoring the demo year unit by unit, or three
units at a time, finds the stored score set (same digest: nothing written)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kaohe.context import Context
from kaohe.phases.score import score_year
from storage.models import ScoreSet
from storage.objectstore import S3Store
from storage.repo import runs
from tests.kaohe.demo_year import YEAR, demo_year


@pytest.mark.prefect
@pytest.mark.s3
def test_score_table_does_not_depend_on_units_per_read(kaohe_env: S3Store, ctx: Context) -> None:
    demo_year(kaohe_env)
    with ctx.session() as s:
        stored = s.scalars(select(ScoreSet).where(ScoreSet.year == YEAR)).one()
        run_id = runs.start_run(s, kind="score", year=YEAR)
        s.commit()
    assert len(ctx.units) > 3
    for per_read in (1, 3, len(ctx.units)):
        set_id, created, rows = score_year(ctx, YEAR, run_id, units_per_read=per_read)
        assert (set_id, created) == (stored.id, False), per_read
        assert rows > 0
