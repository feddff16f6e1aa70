"""Scoring reads a few units' documents at a time, bounded by their number of documents
(memory stays flat with the year's size); the table is the same whichever the grouping:
rescoring the demo year unit by unit, a few units at a time, or all at once finds the stored
score set (same digest: nothing written)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kaohe.context import Context
from kaohe.phases.score import score_year, unit_chunks
from kaohe.units import Unit
from storage.models import ScoreSet
from storage.repo import runs
from storage.s3 import S3Store
from tests.kaohe.demo_year import YEAR, demo_year


@pytest.mark.prefect
@pytest.mark.s3
def test_score_table_does_not_depend_on_the_documents_per_read(
    kaohe_env: S3Store, ctx: Context
) -> None:
    demo_year(kaohe_env)
    with ctx.session() as s:
        stored = s.scalars(select(ScoreSet).where(ScoreSet.year == YEAR)).one()
        run_id = runs.start_run(s, kind="score", year=YEAR)
        s.commit()
    assert len(ctx.units) > 3
    for per_read in (1, 12, 10**9):
        set_id, created, rows = score_year(ctx, YEAR, run_id, docs_per_read=per_read)
        assert (set_id, created) == (stored.id, False), per_read
        assert rows > 0


def test_units_are_grouped_by_their_documents_and_never_split() -> None:
    units = [Unit(code=c, name=c, kind="county") for c in "abcde"]
    documents = {"a": 120, "b": 90, "c": 500, "e": 10}  # d has none
    groups = [[u.code for u in g] for g in unit_chunks(units, documents, 200)]
    assert groups == [["a"], ["b"], ["c"], ["d", "e"]]
    assert [[u.code for u in g] for g in unit_chunks(units, documents, 10**9)] == [list("abcde")]
    assert list(unit_chunks([], documents, 200)) == []
