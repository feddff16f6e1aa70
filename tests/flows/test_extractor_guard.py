"""The per-document guard, end to end: a doc type whose extractor raises, registered the way the
built-in ones are (the registry plus a ``classifier.types`` entry in extraction.yaml), is recorded
as that document's ``error`` while the rest of its batch is extracted and scored; a later run
retries it only when its extraction key changes (extraction.yaml), never for a rubric edit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from extractors.doctypes.registry import register, registered_types, unregister
from extractors.model import Element, Finding, ParsedDocument
from extractors.rules import ExtractionRules
from flows import run_flow
from flows.pipeline import pipeline_flow, rerun_flow
from kaohe.context import Context
from kaohe.demo.builders import remedy_text, reply_letter_spec
from kaohe.demo.docgen import DocSpec, write_docx
from kaohe.phases.extract import EXTRACTOR_CRASH_REASON
from storage.models import Blob, Extraction
from storage.s3 import S3Store

pytestmark = [pytest.mark.prefect]

EXPLODES = "test_explodes"


def _explode(
    doc: ParsedDocument, rules: ExtractionRules, common: dict[str, Element]
) -> tuple[dict[str, Element], list[Finding]]:
    raise RuntimeError("extractor bug on purpose")


@pytest.fixture
def exploding_type(config_dir: Path) -> Iterator[Path]:
    """Register the failing doc type and classify titles holding 爆炸测试材料 as it."""
    rules = config_dir / "extraction.yaml"
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    data["classifier"]["types"][EXPLODES] = {"title": {"爆炸测试材料": 5}}
    rules.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    register(EXPLODES, _explode)
    yield rules
    unregister(EXPLODES)
    assert EXPLODES not in registered_types()


def _docx(tmp: Path, name: str, spec: DocSpec) -> bytes:
    return write_docx(spec, tmp / name).read_bytes()


def _statuses(ctx: Context) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """sha256 → [(status, doc_type, error)] over every extraction, oldest first."""
    out: dict[str, list[tuple[str, str | None, str | None]]] = {}
    with ctx.session() as s:
        for e in s.scalars(select(Extraction).order_by(Extraction.id)):
            out.setdefault(e.sha256, []).append((e.status, e.doc_type, e.error))
    return out


def test_a_raising_extractor_is_recorded_and_the_batch_goes_on(
    prefect_harness: None,
    kaohe_env: S3Store,
    ctx: Context,
    config_dir: Path,
    exploding_type: Path,
    tmp_path: Path,
) -> None:
    bomb = _docx(tmp_path, "bomb.docx", DocSpec(["集贤县爆炸测试材料", "这是一份测试用的材料。"]))
    spec = reply_letter_spec(
        issuer="集贤县人民政府办公室",
        number="集政办信复〔2024〕1号",
        applicant="王某",
        received="2024年3月1日",
        request="2023年集贤县财政预算公开情况",
        answer="经检索，您申请公开的信息已主动公开，获取方式为集贤县人民政府网站。",
        remedy=remedy_text("集贤县人民政府"),
        date="2024年3月8日",
    )
    letter = _docx(tmp_path, "letter.docx", spec)
    kaohe_env.put("2024/jixian/其他/爆炸测试材料.docx", bomb)
    kaohe_env.put("2024/jixian/依申请公开/答复书-01.docx", letter)

    first = run_flow(pipeline_flow, year=2024)
    assert first["extract"]["pending"] == 2
    assert first["extract"]["status_error"] == 1 and first["extract"]["status_ok"] == 1
    assert first["score"]["score_set_id"] is not None  # scoring ran over the rest

    with ctx.session() as s:
        sha = {b.sha256: b for b in s.scalars(select(Blob))}
    statuses = _statuses(ctx)
    bomb_sha = next(h for h in sha if statuses[h][0][0] == "error")
    assert [st for st, _, _ in statuses[bomb_sha]] == ["error"]
    assert statuses[bomb_sha][0][2] == EXTRACTOR_CRASH_REASON
    with ctx.session() as s:
        row = s.scalars(select(Extraction).where(Extraction.sha256 == bomb_sha)).one()
        assert row.result["error_detail"] == "RuntimeError: extractor bug on purpose"
        assert row.result["status"] == "error" and row.result["doc_type"] is None
    (letter_sha,) = set(sha) - {bomb_sha}
    assert statuses[letter_sha] == [("ok", "reply_letter", None)]

    # a rubric edit re-scores, but the failed document is not retried (same extraction key)
    rubric = config_dir / "rubric-county.yaml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(
        re.sub(r"cites_repealed_provision: 1(\.0)?\b", "cites_repealed_provision: 2", text),
        encoding="utf-8",
    )
    second = run_flow(rerun_flow, year=2024)
    assert second["extract"]["pending"] == 0
    assert len(_statuses(ctx)[bomb_sha]) == 1

    # the extraction rules change (the failing type is withdrawn): now it is retried, and read
    data = yaml.safe_load(exploding_type.read_text(encoding="utf-8"))
    del data["classifier"]["types"][EXPLODES]
    exploding_type.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    third = run_flow(rerun_flow, year=2024)
    assert third["extract"]["pending"] == 2
    assert [st for st, _, _ in _statuses(ctx)[bomb_sha]] == ["error", "ok"]
    assert _statuses(ctx)[bomb_sha][-1][1] == "other"
