"""End to end: moto S3 over HTTP → Prefect flows → a real database → the score table.

The demo corpus (kaohe.demo) holds good and defective reply letters, minutes, trainings,
plans and deliberately bad files; expected values come from reading those documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from flows import run_flow
from flows.pipeline import pipeline_flow, rerun_flow
from kaohe.context import Context
from kaohe.demo import BAD_KEYS, write_demo_corpus
from kaohe.views.changes import diff_score_sets
from kaohe.views.explain import explain_score
from kaohe.views.scores import ScoreRow, current_score_set_id, score_rows
from storage.models import (
    Element,
    Extraction,
    ObjectVersion,
    ParsedText,
    Run,
    Score,
    ScoreEvidence,
    ScoreSet,
)
from storage.s3 import S3Store

pytestmark = [pytest.mark.s3, pytest.mark.prefect]

ROW_TABLES = (ObjectVersion, ParsedText, Extraction, Element, ScoreSet, Score, ScoreEvidence)


def _counts(ctx: Context) -> dict[str, int]:
    with ctx.session() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0 for m in ROW_TABLES
        }


def _row(ctx: Context, unit: str, indicator: str) -> ScoreRow:
    return next(r for r in score_rows(ctx, 2024) if (r.unit, r.indicator) == (unit, indicator))


def test_pipeline_end_to_end_and_idempotent(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context
) -> None:
    keys = write_demo_corpus(kaohe_env, 2024)
    first = run_flow(pipeline_flow, year=2024)

    # ingest: every object of the year plus the two keys outside the layout
    assert first["ingest"]["listed"] == len(keys)
    assert first["ingest"]["rejected"] == 2
    assert first["ingest"]["registered"] == len(keys) - 2
    # extract: bad files are recorded, the rest goes on
    ext = first["extract"]
    assert ext["pending"] == len(keys) - 2
    assert ext["status_error"] == 3 and ext["status_no_text"] == 1
    assert ext["status_ok"] == len(keys) - 2 - 4

    with ctx.session() as s:
        rejected = {
            v.key: v.rejected_reason
            for v in s.scalars(
                select(ObjectVersion).where(ObjectVersion.rejected_reason.is_not(None))
            )
        }
        errors = {
            key: (status, error)
            for key, status, error in s.execute(
                select(ObjectVersion.key, Extraction.status, Extraction.error)
                .join(Extraction, Extraction.sha256 == ObjectVersion.sha256)
                .where(Extraction.status != "ok")
            )
        }
    assert "未知单位代码" in str(rejected["2024/" + BAD_KEYS["unknown_unit"]])
    assert "年度" in str(rejected[BAD_KEYS["bad_year"]])
    assert errors["2024/" + BAD_KEYS["truncated_pdf"]] == ("error", "PDF 文件已损坏，无法打开")
    assert errors["2024/" + BAD_KEYS["empty"]][0] == "error"
    assert "文件为空" in str(errors["2024/" + BAD_KEYS["empty"]][1])
    assert errors["2024/" + BAD_KEYS["legacy_doc"]][0] == "error"
    assert ".doc" in str(errors["2024/" + BAD_KEYS["legacy_doc"]][1])
    assert errors["2024/" + BAD_KEYS["image_only_pdf"]][0] == "no_text"

    # the table: every unit × indicator of its kind, 待人工评分 rows have null points
    rows = score_rows(ctx, 2024)
    assert len(rows) == len(ctx.units) * 12
    assert {r.status for r in rows} <= {"auto", "pending_manual", "manual"}
    assert all(r.points is None for r in rows if r.status == "pending_manual")
    # youyi: 3 letters; one names only the upper department as 复议 body after 2024-01-01,
    # one cites the 2007 条例 numbering → the rubric's weights 1 + 1
    youyi = _row(ctx, "youyi", "1.4.3")
    assert (youyi.status, youyi.points, youyi.max_points) == ("auto", 8.0, 10.0)
    swj = _row(ctx, "swj", "2.4.3")  # 3个月 litigation limit → 1
    assert (swj.status, swj.points) == ("auto", 9.0)
    # jixian: two files in its reply-letter folder cannot be read → not scored on a guess
    assert _row(ctx, "jixian", "1.4.3").status == "pending_manual"
    # a unit with no submissions gets 待人工评分 on 1.4.3, never a silent zero
    baoqing = _row(ctx, "baoqing", "1.4.3")
    assert baoqing.points is None and "未提交答复书" in baoqing.explanation

    # explain names the exact document version and a verbatim quote
    ex = explain_score(ctx, 2024, "youyi", "1.4.3")
    assert ex is not None
    wrong_body = [e for e in ex.evidence if e.finding_code == "remedy_wrong_reconsideration_body"]
    assert len(wrong_body) == 1
    ev = wrong_body[0]
    assert ev.key == "2024/youyi/依申请公开 答复书/答复书-02.docx"
    assert ev.version_id and re.fullmatch(r"[0-9a-f]{64}", ev.sha256 or "")
    data = kaohe_env.get(ev.key, ev.version_id)
    import hashlib

    assert hashlib.sha256(data).hexdigest() == ev.sha256
    with ctx.session() as s:
        parsed = s.scalar(select(ParsedText).where(ParsedText.sha256 == ev.sha256))
        assert parsed is not None
        block_texts = [b[0] for b in parsed.content["blocks"]]
    flat = " ".join(" ".join(t.split()) for t in block_texts)
    assert ev.quote and ev.quote in flat

    # a second run changes nothing: no new versions, extractions or score rows
    before = _counts(ctx)
    set_id = current_score_set_id(ctx, 2024)
    second = run_flow(pipeline_flow, year=2024)
    assert second["ingest"].get("registered", 0) == 0
    # rejected keys are classified again on every run (a unit added later accepts them)
    assert second["ingest"]["unchanged"] == len(keys) - 2
    assert second["ingest"]["rejected"] == 2
    assert second["extract"]["pending"] == 0
    assert second["score"]["created"] is False
    assert _counts(ctx) == before
    assert current_score_set_id(ctx, 2024) == set_id
    with ctx.session() as s:
        runs = s.scalars(select(Run).order_by(Run.started_at)).all()
    assert [r.kind for r in runs] == ["ingest", "extract", "score"] * 2
    assert all(r.status == "completed" and r.finished_at and r.flow_run_id for r in runs)


def test_changed_deleted_and_fixed_objects(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context
) -> None:
    write_demo_corpus(kaohe_env, 2024)
    run_flow(pipeline_flow, year=2024)
    old_set = current_score_set_id(ctx, 2024)
    assert _row(ctx, "youyi", "1.4.3").points == 8.0

    # youyi replaces the letter with the wrong 复议 body by a corrected version
    key = "2024/youyi/依申请公开 答复书/答复书-02.docx"
    from kaohe.demo import demo_files

    good = next(
        f for f in demo_files(2024) if f.key == "2024/youyi/依申请公开 答复书/答复书-01.pdf"
    )
    fixed_src = _fixed_letter(kaohe_env.get(key))
    kaohe_env.put(key, fixed_src)
    # jixian's truncated PDF is re-uploaded intact (the good letter's bytes under that key)
    kaohe_env.put("2024/" + BAD_KEYS["truncated_pdf"], good.data)
    # swj withdraws its defective letter
    kaohe_env.delete("2024/swj/依申请公开 答复书/答复书-05.pdf")

    result = run_flow(pipeline_flow, year=2024)
    assert result["ingest"]["registered"] == 2
    # the withdrawn letter; superseded versions are closed when their successor registers
    assert result["ingest"]["deleted"] == 1
    assert result["score"]["created"] is True
    with ctx.session() as s:
        versions = s.scalars(select(ObjectVersion).where(ObjectVersion.key == key)).all()
    assert len(versions) == 2  # the old version is kept
    assert sum(v.deleted_at is None for v in versions) == 1
    assert _row(ctx, "youyi", "1.4.3").points == 9.0
    assert _row(ctx, "swj", "2.4.3").points == 10.0
    new_set = current_score_set_id(ctx, 2024)
    assert new_set is not None and new_set != old_set
    changes = {(c.unit_code, c.indicator): c for c in diff_score_sets(ctx, old_set, new_set)}
    assert (changes["youyi", "1.4.3"].old_points, changes["youyi", "1.4.3"].new_points) == (
        8.0,
        9.0,
    )
    # the old score set is still there, unchanged
    with ctx.session() as s:
        old_rows = s.scalars(select(Score).where(Score.score_set_id == old_set)).all()
    assert any((r.unit_code, r.indicator, r.points) == ("youyi", "1.4.3", 8.0) for r in old_rows)


def _fixed_letter(docx: bytes) -> bytes:
    """The same letter with the 复议 body corrected to the 本级人民政府 (a docx edit)."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(docx))
    for p in doc.paragraphs:
        if "申请行政复议" in p.text:
            text = re.sub(r"向[^，。；]*?申请行政复议", "向友谊县人民政府申请行政复议", p.text)
            for r in p.runs[1:]:
                r.text = ""
            p.runs[0].text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_rerun_after_rule_changes_reuses_extractions_and_parse_cache(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, config_dir: Path
) -> None:
    write_demo_corpus(kaohe_env, 2024)
    run_flow(pipeline_flow, year=2024)
    before = _counts(ctx)
    old_set = current_score_set_id(ctx, 2024)

    # 1. the office raises the weight of cites_repealed_provision: re-score only
    rubric = config_dir / "rubric-county.yaml"
    text = rubric.read_text(encoding="utf-8")
    assert re.search(r"cites_repealed_provision: 1(\.0)?\b", text)
    rubric.write_text(
        re.sub(r"cites_repealed_provision: 1(\.0)?\b", "cites_repealed_provision: 3", text),
        encoding="utf-8",
    )
    result = run_flow(rerun_flow, year=2024)
    assert result["extract"]["pending"] == 0  # extraction rules unchanged → nothing re-extracted
    after = _counts(ctx)
    assert after["extractions"] == before["extractions"]
    new_set = result["score"]["score_set_id"]
    changes = {(c.unit_code, c.indicator): c for c in diff_score_sets(ctx, old_set, new_set)}
    assert (changes["youyi", "1.4.3"].old_points, changes["youyi", "1.4.3"].new_points) == (
        8.0,
        6.0,
    )
    with ctx.session() as s:
        assert s.get(ScoreSet, new_set).rules_hash != s.get(ScoreSet, old_set).rules_hash  # type: ignore[union-attr]

    # 2. an extraction rule (a finding message) changes: re-extract from the parse cache
    rules = config_dir / "extraction.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + "\n# local edit\nlocal_note: 1\n", encoding="utf-8"
    )
    result = run_flow(rerun_flow, year=2024)
    n_docs = before["parsed_texts"]
    assert result["extract"]["pending"] == n_docs
    assert result["extract"]["parse_cache_hits"] == n_docs
    assert result["extract"].get("parsed", 0) == 0
    assert _counts(ctx)["parsed_texts"] == n_docs
    assert _counts(ctx)["extractions"] == 2 * before["extractions"]
