"""Helpers shared by the office and report tests: the demo year on moto S3, manual entries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from flows import run_flow
from flows.pipeline import pipeline_flow
from kaohe.context import Context
from kaohe.demo import write_demo_corpus
from kaohe.office.manual import add_entry, validate_entry
from kaohe.views.scores import score_rows
from storage.models import Score
from storage.s3 import S3Store

YEAR = 2024


def demo_year(store: S3Store) -> None:
    write_demo_corpus(store, YEAR)
    run_flow(pipeline_flow, year=YEAR)


def row_of(ctx: Context, unit: str, indicator: str) -> Any:
    return next(r for r in score_rows(ctx, YEAR) if (r.unit, r.indicator) == (unit, indicator))


def auto_points(ctx: Context, score_id: int) -> float | None:
    with ctx.session() as s:
        return s.scalar(select(Score.auto_points).where(Score.id == score_id))


def add_manual(ctx: Context, unit: str, indicator: str, mode: str, points: float, **kw: str) -> int:
    entry = validate_entry(
        ctx,
        year=YEAR,
        unit=unit,
        indicator=indicator,
        mode=mode,
        points=points,
        method=kw.get("method", "资料审查"),
        reason=kw.get("reason", "复核材料"),
        author=kw.get("author", "张三"),
    )
    entry_id, created = add_entry(ctx, entry)
    assert created
    return entry_id
