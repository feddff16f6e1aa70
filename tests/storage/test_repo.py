"""Repository functions on a migrated database (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from extractors.contract import extract_path
from extractors.model import ParsedDocument
from extractors.parse import parse_file
from extractors.rules import load_extraction_rules
from kaohe.docgen import DocSpec, write_docx, write_pdf
from kaohe.settings import Unit, default_config_dir
from scoring.model import EvidenceRef, ScoreDraft
from storage import repo
from storage.layout import KeyInfo, Rejection, parse_key
from storage.models import (
    Blob,
    Element,
    Extraction,
    Finding,
    ObjectVersion,
    ParsedText,
    Score,
    ScoreEvidence,
    ScoreSet,
    UnitRow,
)
from storage.objectstore import ObjectInfo

STORE = "s3://kaohe/提交材料"
UNITS = [
    Unit("jixian", "集贤县人民政府", "county"),
    Unit("youyi-zrzy", "友谊县自然资源局", "department"),
    Unit("raohe", "饶河县人民政府", "county"),
]
CODES = {u.code for u in UNITS}
T0 = datetime(2024, 4, 2, 8, 30, tzinfo=UTC)

REPLY = DocSpec(
    items=[
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "王某某：",
        "本机关于2024年3月5日收到您提出的政府信息公开申请，申请获取2023年集贤县土地征收补偿方案。",
        "经查，您申请公开的政府信息不存在。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第（四）项的规定，特此告知。",
        "如对本答复不服，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，"
        "或者在6个月内依法向人民法院提起行政诉讼。",
        "集贤县自然资源局",
        "2024年4月2日",
    ],
    right_aligned=frozenset({6, 7}),
)


@pytest.fixture
def s(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture
def run_id(s: Session) -> str:
    rid = repo.start_run(s, kind="ingest", year=2024)
    s.commit()
    return rid


def info(key: str, data: bytes = b"x", version_id: str | None = None) -> ObjectInfo:
    return ObjectInfo(
        key=key,
        size=len(data),
        etag=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        last_modified=T0,
        version_id=version_id,
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def register(
    s: Session,
    run_id: str,
    key: str,
    data: bytes = b"x",
    version_id: str | None = None,
    units: set[str] = CODES,
) -> tuple[ObjectVersion, bool]:
    ki = parse_key(key, units)
    assert ki is not None
    accepted = isinstance(ki, KeyInfo)
    return repo.register_version(
        s,
        store=STORE,
        info=info(key, data, version_id),
        key_info=ki,
        sha256=sha(data) if accepted else None,
        fmt="docx" if accepted else None,
        run_id=run_id,
    )


def count(s: Session, model: type[Any]) -> int:
    return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --------------------------------------------------------------------------------- units


def test_sync_units_inserts_updates_and_keeps(s: Session) -> None:
    repo.sync_units(s, UNITS)
    repo.sync_units(s, UNITS)
    s.commit()
    assert count(s, UnitRow) == 3
    repo.sync_units(s, [Unit("jixian", "集贤县政府", "county")])
    s.commit()
    rows = {u.code: (u.name, u.kind) for u in s.scalars(select(UnitRow))}
    assert rows == {
        "jixian": ("集贤县政府", "county"),
        "youyi-zrzy": ("友谊县自然资源局", "department"),
        "raohe": ("饶河县人民政府", "county"),
    }


# ------------------------------------------------------------------------------ versions


def test_register_twice_is_one_row(s: Session, run_id: str) -> None:
    key = "2024/jixian/依申请公开/答复书 07.docx"
    row, created = register(s, run_id, key, b"reply")
    s.commit()
    again, created2 = register(s, run_id, key, b"reply")
    s.commit()
    assert (created, created2) == (True, False)
    assert again.id == row.id
    assert count(s, ObjectVersion) == 1 and count(s, Blob) == 1
    assert (row.year, row.unit_code, row.sha256, row.version_id, row.rejected_reason) == (
        2024,
        "jixian",
        sha(b"reply"),
        "",
        None,
    )
    assert row.last_modified == T0
    assert row.first_seen_run_id == row.last_seen_run_id == run_id
    blob = s.get(Blob, sha(b"reply"))
    assert blob is not None and (blob.size, blob.format) == (5, "docx")


def test_same_bytes_under_two_keys_are_one_blob(s: Session, run_id: str) -> None:
    register(s, run_id, "2024/jixian/a.docx", b"same")
    register(s, run_id, "2024/youyi-zrzy/b.docx", b"same")
    s.commit()
    assert count(s, ObjectVersion) == 2 and count(s, Blob) == 1


def test_changed_object_is_a_new_row_and_supersedes(s: Session, run_id: str) -> None:
    key = "2024/jixian/a.docx"
    old, _ = register(s, run_id, key, b"v1", version_id="v-1")
    new, created = register(s, run_id, key, b"v2", version_id="v-2")
    s.commit()
    s.refresh(old)
    assert created and new.id != old.id
    assert old.deleted_at is not None and new.deleted_at is None
    assert set(repo.known_versions(s, STORE)) == {
        (key, info(key, b"v1").etag, "v-1"),
        (key, info(key, b"v2").etag, "v-2"),
    }


def test_rejected_keys_are_recorded_and_reclassified(s: Session, run_id: str) -> None:
    key = "2024/new-unit/答复书.docx"
    row, _ = register(s, run_id, key, b"r")
    register(s, run_id, "2023/jixian/old.docx", b"o")
    register(s, run_id, "2024/jixian/~$临时.docx", b"t")
    s.commit()
    assert (row.sha256, row.year, row.unit_code) == (None, 2024, None)
    assert row.rejected_reason == "未知单位代码：new-unit（不在单位名单中）"
    assert repo.known_versions(s, STORE).keys() == {
        ("2023/jixian/old.docx", info("", b"o").etag, "")
    }
    assert [(v.key, v.rejected_reason) for v in repo.rejected_versions(s, 2024)] == [
        ("2024/jixian/~$临时.docx", "临时文件或隐藏文件，已忽略"),
        (key, "未知单位代码：new-unit（不在单位名单中）"),
    ]
    # the unit is added to the units file: the next ingest accepts the same version
    again, created = register(s, run_id, key, b"r", units=CODES | {"new-unit"})
    s.commit()
    assert not created and again.id == row.id
    assert (again.rejected_reason, again.unit_code, again.sha256) == (None, "new-unit", sha(b"r"))
    assert [v.key for v in repo.rejected_versions(s)] == ["2024/jixian/~$临时.docx"]


def test_mark_deleted_and_reappear(s: Session, run_id: str) -> None:
    a, _ = register(s, run_id, "2024/jixian/a.docx", b"a")
    b, _ = register(s, run_id, "2024/jixian/b.docx", b"b")
    other_year, _ = register(s, run_id, "2023/jixian/c.docx", b"c")
    s.commit()
    present = {("2024/jixian/a.docx", info("", b"a").etag, "")}
    assert repo.mark_deleted(s, STORE, present, 2024, run_id) == 1
    assert repo.mark_deleted(s, STORE, present, 2024, run_id) == 0  # already deleted
    assert repo.mark_deleted(s, "file:///elsewhere", set(), None, run_id) == 0
    s.commit()
    for row in (a, b, other_year):
        s.refresh(row)
    assert a.deleted_at is None and b.deleted_at is not None
    assert other_year.deleted_at is None  # a 2024 listing says nothing about 2023
    assert b.last_seen_run_id == run_id  # history stays

    later = repo.start_run(s, kind="ingest", year=2024)
    repo.touch_seen(s, [b.id], later)  # it is back in the next listing
    s.commit()
    s.refresh(b)
    assert b.deleted_at is None and b.last_seen_run_id == later
    assert b.first_seen_run_id == run_id


def test_pending_extractions(s: Session, run_id: str) -> None:
    register(s, run_id, "2024/jixian/b.docx", b"same")
    register(s, run_id, "2024/jixian/a.docx", b"same")  # same bytes: one representative
    register(s, run_id, "2024/youyi-zrzy/c.docx", b"c", version_id="v9")
    register(s, run_id, "2024/nobody/d.docx", b"d")  # rejected
    register(s, run_id, "2023/jixian/e.docx", b"e")  # other year
    gone, _ = register(s, run_id, "2024/jixian/f.docx", b"f")
    repo.register_version(
        s,
        store="file:///other",
        info=info("2024/jixian/g.docx", b"g"),
        key_info=KeyInfo(2024, "jixian", "g.docx"),
        sha256=sha(b"g"),
        fmt="docx",
        run_id=run_id,
    )
    repo.mark_deleted(
        s,
        STORE,
        {
            (k.key, k.etag, k.version_id)
            for k in s.scalars(select(ObjectVersion))
            if k.id != gone.id
        },
        2024,
        run_id,
    )
    s.commit()
    args: dict[str, Any] = {
        "year": 2024,
        "extractor_version": "1",
        "rules_hash": "r1",
        "store": STORE,
    }
    assert repo.pending_extractions(s, **args) == [
        (sha(b"same"), "2024/jixian/b.docx", ""),
        (sha(b"c"), "2024/youyi-zrzy/c.docx", "v9"),
    ]
    repo.save_extraction(
        s,
        sha256=sha(b"same"),
        extractor_version="1",
        rules_hash="r1",
        contract=_contract(),
        run_id=run_id,
    )
    s.commit()
    assert repo.pending_extractions(s, **args) == [(sha(b"c"), "2024/youyi-zrzy/c.docx", "v9")]
    assert len(repo.pending_extractions(s, **{**args, "rules_hash": "r2"})) == 2


# ------------------------------------------------------------------------- parse/extract


def _contract(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source": "x",
        "sha256": None,
        "format": "docx",
        "status": "ok",
        "error": None,
        "doc_type": "other",
        "elements": {},
        "findings": [],
    }
    return {**base, **over}


@pytest.fixture(scope="module")
def reply_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("docs")
    return {
        "docx": write_docx(REPLY, d / "答复书 07.docx"),
        "pdf": write_pdf(REPLY, d / "答复书 07.pdf"),
    }


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_parse_cache_round_trip(s: Session, reply_files: dict[str, Path], fmt: str) -> None:
    doc = parse_file(reply_files[fmt])
    assert doc.status == "ok" and doc.format == fmt
    digest = sha(reply_files[fmt].read_bytes())
    assert repo.get_parsed(s, digest, "1") is None
    repo.put_parsed(s, digest, "1", doc.to_dict())
    repo.put_parsed(s, digest, "1", doc.to_dict())  # idempotent
    s.commit()
    assert count(s, ParsedText) == 1
    cached = repo.get_parsed(s, digest, "1")
    assert cached is not None
    assert ParsedDocument.from_dict(cached) == doc
    assert "集自然资信复〔2024〕7号" in ParsedDocument.from_dict(cached).text
    row = s.scalars(select(ParsedText)).one()
    assert (row.status, row.format, row.page_count) == ("ok", fmt, doc.page_count)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_save_extraction_of_a_real_document(
    s: Session, run_id: str, reply_files: dict[str, Path], fmt: str
) -> None:
    rules = load_extraction_rules(default_config_dir())
    contract = extract_path(str(reply_files[fmt]), rules)
    assert contract["status"] == "ok" and contract["elements"], contract
    digest = contract["sha256"]
    ex_id = repo.save_extraction(
        s,
        sha256=digest,
        extractor_version="1",
        rules_hash=rules.hash,
        contract=contract,
        run_id=run_id,
    )
    again = repo.save_extraction(
        s,
        sha256=digest,
        extractor_version="1",
        rules_hash=rules.hash,
        contract={**contract, "elements": {}},
        run_id=run_id,
    )
    s.commit()
    assert again == ex_id
    ex = s.get(Extraction, ex_id)
    assert ex is not None
    assert ex.result == {k: v for k, v in contract.items() if k != "source"}
    assert (ex.status, ex.format, ex.doc_type, ex.run_id) == (
        "ok",
        fmt,
        contract["doc_type"],
        run_id,
    )
    elements = {
        e.name: {"value": e.value, "evidence": e.evidence}
        for e in s.scalars(select(Element).where(Element.extraction_id == ex_id))
    }
    assert elements == contract["elements"]
    findings = [
        {"code": f.code, "message": f.message, "evidence": f.evidence}
        for f in s.scalars(
            select(Finding).where(Finding.extraction_id == ex_id).order_by(Finding.seq)
        )
    ]
    assert findings == contract["findings"]


def test_save_extraction_of_an_error_and_falsy_values(s: Session, run_id: str) -> None:
    ex_id = repo.save_extraction(
        s,
        sha256="e" * 64,
        extractor_version="1",
        rules_hash="r",
        contract=_contract(
            status="error", error="文件已加密，无法读取", doc_type=None, format="docx"
        ),
        run_id=run_id,
    )
    ok_id = repo.save_extraction(
        s,
        sha256="f" * 64,
        extractor_version="1",
        rules_hash="r",
        contract=_contract(
            elements={
                "within_deadline": {"value": None, "evidence": []},
                "extension_notified": {"value": False, "evidence": []},
            },
            findings=[
                {"code": "late_reply", "message": "答复超期", "evidence": []},
                {"code": "missing_remedy", "message": "未告知救济渠道", "evidence": []},
            ],
        ),
        run_id=None,
    )
    s.commit()
    ex = s.get(Extraction, ex_id)
    assert ex is not None and (ex.status, ex.error, ex.doc_type) == (
        "error",
        "文件已加密，无法读取",
        None,
    )
    values: dict[str, Any] = dict(
        s.execute(select(Element.name, Element.value).where(Element.extraction_id == ok_id)).all()
    )
    assert values == {"within_deadline": None, "extension_notified": False}
    assert [
        f.seq
        for f in s.scalars(
            select(Finding).where(Finding.extraction_id == ok_id).order_by(Finding.seq)
        )
    ] == [1, 2]


# -------------------------------------------------------------------------------- facts


def test_unit_facts(s: Session, run_id: str) -> None:
    register(s, run_id, "2024/jixian/依申请公开/b 答复书.docx", b"dup")
    register(s, run_id, "2024/jixian/依申请公开/a 答复书.docx", b"dup")  # same bytes, first key
    c, _ = register(s, run_id, "2024/jixian/培训/c.pdf", b"c", version_id="v3")
    register(s, run_id, "2024/youyi-zrzy/a.docx", b"dup")  # same bytes in another unit counts
    register(s, run_id, "2024/jixian/x.docx", b"old")
    register(s, run_id, "2024/jixian/x.docx", b"new")  # supersedes the old version
    register(s, run_id, "2024/jixian/~$x.docx", b"tmp")  # rejected
    ex_id = repo.save_extraction(
        s,
        sha256=sha(b"dup"),
        extractor_version="1",
        rules_hash="r",
        contract=_contract(
            doc_type="reply_letter",
            elements={
                "applicant": {
                    "value": "王某某",
                    "evidence": [{"page": None, "paragraph": 3, "quote": "王某某："}],
                }
            },
            findings=[{"code": "late_reply", "message": "答复超期", "evidence": []}],
        ),
        run_id=run_id,
    )
    repo.save_extraction(  # another extractor version: not visible
        s,
        sha256=sha(b"c"),
        extractor_version="0",
        rules_hash="r",
        contract=_contract(doc_type="training_record"),
        run_id=run_id,
    )
    repo.add_manual_score(
        s,
        year=2024,
        unit_code="jixian",
        indicator="1.4.3",
        mode="score",
        points=7,
        reason="抽查答复书规范",
        author="张三",
        method="抽查",
    )
    repo.add_manual_score(
        s,
        year=2024,
        unit_code="jixian",
        indicator="1.4.3",
        mode="score",
        points=8,
        reason="复核后更正",
        author="李四",
    )
    repo.add_manual_score(
        s,
        year=2023,
        unit_code="jixian",
        indicator="1.4.3",
        mode="adjust",
        points=-1,
        reason="上年",
        author="张三",
    )
    s.commit()

    facts = repo.unit_facts(
        s, year=2024, units=UNITS, extractor_version="1", rules_hash="r", store=STORE
    )
    assert [(f.unit_code, f.kind, f.year) for f in facts] == [
        ("jixian", "county", 2024),
        ("youyi-zrzy", "department", 2024),
        ("raohe", "county", 2024),
    ]
    jx = facts[0]
    assert [(d.key, d.status, d.doc_type) for d in jx.documents] == [
        ("2024/jixian/x.docx", "pending", None),
        ("2024/jixian/依申请公开/a 答复书.docx", "ok", "reply_letter"),
        ("2024/jixian/培训/c.pdf", "pending", None),
    ]
    reply = jx.documents[1]
    assert reply.extraction_id == ex_id and reply.sha256 == sha(b"dup")
    assert reply.elements == {
        "applicant": {
            "value": "王某某",
            "evidence": [{"page": None, "paragraph": 3, "quote": "王某某："}],
        }
    }
    assert [f["code"] for f in reply.findings] == ["late_reply"]
    assert (reply.format, reply.version_id, reply.year) == ("docx", None, 2024)
    pdf = jx.documents[2]
    assert (pdf.object_version_id, pdf.version_id, pdf.format) == (c.id, "v3", "docx")
    assert [m["points"] for m in jx.manual] == [8.0]
    manual = jx.manual[0]
    assert (manual["indicator"], manual["mode"], manual["author"]) == ("1.4.3", "score", "李四")
    assert isinstance(manual["created_at"], str)
    assert [d.key for d in facts[1].documents] == ["2024/youyi-zrzy/a.docx"]
    assert facts[2].documents == () and facts[2].manual == ()


def test_manual_score_source_is_idempotent(s: Session) -> None:
    args: dict[str, Any] = {
        "year": 2024,
        "unit_code": "raohe",
        "indicator": "1.1",
        "mode": "adjust",
        "points": -0.5,
        "reason": "表格导入",
        "author": "王五",
    }
    first = repo.add_manual_score(s, **args, source="xlsx:" + "a" * 64 + ":3")
    second = repo.add_manual_score(s, **args, source="xlsx:" + "a" * 64 + ":3")
    cli1 = repo.add_manual_score(s, **args)
    cli2 = repo.add_manual_score(s, **args)
    s.commit()
    assert first[1] and not second[1] and first[0] == second[0]
    assert cli1[1] and cli2[1] and cli1[0] != cli2[0]
    assert len(repo.manual_in_force(s, 2024, "raohe")) == 3
    with pytest.raises(ValueError):
        repo.add_manual_score(s, **{**args, "mode": "bonus"})


# ---------------------------------------------------------------------------- runs/scores


def _drafts(points: float = 6.5) -> list[ScoreDraft]:
    return [
        ScoreDraft(
            unit_code="jixian",
            indicator="1.4.3",
            indicator_name="答复规范化情况",
            points=points,
            max_points=10,
            status="auto",
            rule="reply_quality",
            explanation="抽查答复书3份，1份超期",
            evidence=(
                EvidenceRef(
                    note="答复超期：用时23个工作日",
                    object_version_id=None,
                    finding_code="late_reply",
                    quote="2024年4月2日",
                    paragraph=15,
                    points=-1.5,
                ),
                EvidenceRef(
                    note="未找到政务公开工作要点",
                    searched={
                        "doc_types": ["work_plan"],
                        "prefix": "2024/jixian/",
                        "documents_examined": 12,
                    },
                ),
            ),
        ),
        ScoreDraft(
            unit_code="jixian",
            indicator="1.5",
            indicator_name="监督保障",
            points=None,
            max_points=5,
            status="pending_manual",
            rule="manual",
            explanation="待人工评分",
        ),
    ]


def _save(
    s: Session, run_id: str, drafts: list[ScoreDraft], rules_hash: str = "h1"
) -> tuple[int, bool]:
    return repo.save_score_set(
        s,
        year=2024,
        run_id=run_id,
        rules_hash=rules_hash,
        extraction_rules_hash="e1",
        extractor_version="1",
        drafts=drafts,
    )


def test_save_score_set_is_content_addressed(s: Session, run_id: str) -> None:
    first = _save(s, run_id, _drafts())
    other_run = repo.start_run(s, kind="score", year=2024)
    same = _save(s, other_run, list(reversed(_drafts())))  # order does not matter
    changed = _save(s, other_run, _drafts(points=7))
    rehashed = _save(s, other_run, _drafts(), rules_hash="h2")
    s.commit()
    assert first[1] and not same[1] and same[0] == first[0]
    assert changed[1] and rehashed[1] and len({first[0], changed[0], rehashed[0]}) == 3
    assert count(s, ScoreSet) == 3 and count(s, Score) == 6

    scores = repo.scores_of_set(s, first[0])
    assert [(x.indicator, x.points, x.status, x.auto_points) for x in scores] == [
        ("1.4.3", 6.5, "auto", None),
        ("1.5", None, "pending_manual", None),
    ]
    ev = repo.score_evidence(s, scores[0].id)
    assert [(e.seq, e.note, e.finding_code, e.quote, e.paragraph, e.points) for e in ev] == [
        (1, "答复超期：用时23个工作日", "late_reply", "2024年4月2日", 15, -1.5),
        (2, "未找到政务公开工作要点", None, None, None, None),
    ]
    assert ev[1].searched == {
        "doc_types": ["work_plan"],
        "prefix": "2024/jixian/",
        "documents_examined": 12,
    }
    assert repo.score_evidence(s, scores[1].id) == []
    empty = _save(s, run_id, [])
    assert empty[1] and repo.scores_of_set(s, empty[0]) == []


def test_score_evidence_links_versions_and_extractions(s: Session, run_id: str) -> None:
    ov, _ = register(s, run_id, "2024/jixian/a.docx", b"a")
    ex_id = repo.save_extraction(
        s,
        sha256=sha(b"a"),
        extractor_version="1",
        rules_hash="r",
        contract=_contract(),
        run_id=run_id,
    )
    d = _drafts()[0]
    linked = replace(
        d,
        evidence=(
            replace(
                d.evidence[0], object_version_id=ov.id, extraction_id=ex_id, element="reply_date"
            ),
        ),
    )
    set_id, _ = _save(s, run_id, [linked])
    s.commit()
    [score] = repo.scores_of_set(s, set_id)
    [ev] = repo.score_evidence(s, score.id)
    assert (ev.object_version_id, ev.extraction_id, ev.element) == (ov.id, ex_id, "reply_date")
    assert count(s, ScoreEvidence) == 1


def test_runs_and_latest_score_set(s: Session) -> None:
    assert repo.latest_score_set(s, 2024) is None
    r1 = repo.start_run(
        s, kind="score", year=2024, rules_hash="h1", extractor_version="1", flow_run_id="0f1e"
    )
    set1, _ = _save(s, r1, _drafts())
    repo.finish_run(s, r1, status="completed", counts={"scores": 2}, score_set_id=set1)
    s.commit()
    latest = repo.latest_score_set(s, 2024)
    assert latest is not None and latest.id == set1 and latest.run_id == r1

    r2 = repo.start_run(s, kind="pipeline", year=2024)
    set2, _ = _save(s, r2, _drafts(points=9))
    repo.finish_run(s, r2, status="failed", counts={}, score_set_id=set2, error="中断")
    r3 = repo.start_run(s, kind="ingest", year=2024)
    repo.finish_run(s, r3, status="completed", counts={"listed": 3})  # no score set
    s.commit()
    latest = repo.latest_score_set(s, 2024)
    assert latest is not None and latest.id == set1  # failed and set-less runs do not count

    r4 = repo.start_run(s, kind="rerun", year=2024)
    same, created = _save(s, r4, _drafts())
    repo.finish_run(s, r4, status="completed", counts={}, score_set_id=same)
    r5 = repo.start_run(s, kind="score", year=2024)
    set5, _ = _save(s, r5, _drafts(points=4))
    repo.finish_run(s, r5, status="completed", counts={}, score_set_id=set5)
    s.commit()
    latest = repo.latest_score_set(s, 2024)
    assert not created and same == set1
    assert latest is not None and latest.id == set5
    assert repo.latest_score_set(s, 2023) is None

    from storage.models import Run

    run = s.get(Run, r1)
    assert run is not None
    assert (run.kind, run.status, run.counts, run.flow_run_id, run.rules_hash) == (
        "score",
        "completed",
        {"scores": 2},
        "0f1e",
        "h1",
    )
    assert run.finished_at is not None and run.finished_at >= run.started_at
    with pytest.raises(ValueError):
        repo.start_run(s, kind="dance", year=2024)
    with pytest.raises(ValueError):
        repo.finish_run(s, r1, status="running", counts={})


# --------------------------------------------------------------------------- concurrency


def test_concurrent_registration_writes_one_row(engine: Engine, run_id: str) -> None:
    """Two sessions registering the same version at once: one row, exactly one 'created'."""
    barrier = threading.Barrier(2)
    results: list[bool] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with Session(engine) as s:
                barrier.wait()
                _, created = register(s, run_id, "2024/jixian/并发.docx", b"c")
                s.commit()
                results.append(created)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(results) == [False, True]
    with Session(engine) as s:
        assert count(s, ObjectVersion) == 1 and count(s, Blob) == 1


def test_rejection_object_is_stored_verbatim(s: Session, run_id: str) -> None:
    row, _ = repo.register_version(
        s,
        store=STORE,
        info=info("2024/jixian/大文件.pdf", b"big"),
        key_info=Rejection("文件超过大小上限（60.0 MB，上限 50 MB），未读取"),
        sha256=None,
        fmt=None,
        run_id=run_id,
    )
    s.commit()
    assert (row.rejected_reason, row.year, row.sha256) == (
        "文件超过大小上限（60.0 MB，上限 50 MB），未读取",
        2024,
        None,
    )
