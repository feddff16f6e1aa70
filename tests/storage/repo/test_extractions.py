"""Parse cache, extraction results and the facts scoring reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.model import ParsedDocument
from extractors.parsing.dispatch import parse_bytes
from extractors.parsing.formats import ParseLimits
from extractors.rules import load_extraction_rules
from kaohe.demo.docgen import write_docx, write_pdf
from kaohe.phases.extract import extract_file
from kaohe.settings import default_config_dir
from storage.layout import KeyInfo
from storage.models import (
    Element,
    Extraction,
    Finding,
    ObjectVersion,
    ParsedText,
)
from storage.repo import extractions, manual, versions
from tests.storage.repo._support import (
    REPLY,
    STORE,
    UNITS,
    contract,
    count,
    info,
    register,
    sha,
)


@pytest.fixture(scope="module")
def reply_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("docs")
    return {
        "docx": write_docx(REPLY, d / "答复书 07.docx"),
        "pdf": write_pdf(REPLY, d / "答复书 07.pdf"),
    }


def test_pending_extractions(s: Session, run_id: str) -> None:
    register(s, run_id, "2024/jixian/b.docx", b"same")
    register(s, run_id, "2024/jixian/a.docx", b"same")  # same bytes: one representative
    register(s, run_id, "2024/youyi-zrzy/c.docx", b"c", version_id="v9")
    register(s, run_id, "2024/nobody/d.docx", b"d")  # rejected
    register(s, run_id, "2023/jixian/e.docx", b"e")  # other year
    gone, _ = register(s, run_id, "2024/jixian/f.docx", b"f")
    versions.register_version(
        s,
        store="file:///other",
        info=info("2024/jixian/g.docx", b"g"),
        key_info=KeyInfo(2024, "jixian", "g.docx"),
        sha256=sha(b"g"),
        fmt="docx",
        run_id=run_id,
    )
    versions.mark_deleted(
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
    assert extractions.pending_extractions(s, **args) == [
        (sha(b"same"), "2024/jixian/b.docx", ""),
        (sha(b"c"), "2024/youyi-zrzy/c.docx", "v9"),
    ]
    extractions.save_extraction(
        s,
        sha256=sha(b"same"),
        extractor_version="1",
        rules_hash="r1",
        contract=contract(),
        run_id=run_id,
    )
    s.commit()
    assert extractions.pending_extractions(s, **args) == [
        (sha(b"c"), "2024/youyi-zrzy/c.docx", "v9")
    ]
    assert len(extractions.pending_extractions(s, **{**args, "rules_hash": "r2"})) == 2


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_parse_cache_round_trip(s: Session, reply_files: dict[str, Path], fmt: str) -> None:
    path = reply_files[fmt]
    doc = parse_bytes(path.read_bytes(), path.name, limits=ParseLimits())
    assert doc.status == "ok" and doc.format == fmt
    digest = sha(reply_files[fmt].read_bytes())
    assert extractions.get_parsed(s, digest, "1") is None
    extractions.put_parsed(s, digest, "1", doc.to_dict())
    extractions.put_parsed(s, digest, "1", doc.to_dict())  # idempotent
    s.commit()
    assert count(s, ParsedText) == 1
    cached = extractions.get_parsed(s, digest, "1")
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
    obj = extract_file(str(reply_files[fmt]), rules, ParseLimits())
    assert obj["status"] == "ok" and obj["elements"], obj
    digest = obj["sha256"]
    ex_id = extractions.save_extraction(
        s,
        sha256=digest,
        extractor_version="1",
        rules_hash=rules.hash,
        contract=obj,
        run_id=run_id,
    )
    again = extractions.save_extraction(
        s,
        sha256=digest,
        extractor_version="1",
        rules_hash=rules.hash,
        contract={**obj, "elements": {}},
        run_id=run_id,
    )
    s.commit()
    assert again == ex_id
    ex = s.get(Extraction, ex_id)
    assert ex is not None
    assert ex.result == {k: v for k, v in obj.items() if k != "source"}
    assert (ex.status, ex.format, ex.doc_type, ex.run_id) == (
        "ok",
        fmt,
        obj["doc_type"],
        run_id,
    )
    elements = {
        e.name: {"value": e.value, "evidence": e.evidence}
        for e in s.scalars(select(Element).where(Element.extraction_id == ex_id))
    }
    assert elements == obj["elements"]
    findings = [
        {"code": f.code, "message": f.message, "evidence": f.evidence}
        for f in s.scalars(
            select(Finding).where(Finding.extraction_id == ex_id).order_by(Finding.seq)
        )
    ]
    assert findings == obj["findings"]


def test_save_extraction_of_an_error_and_falsy_values(s: Session, run_id: str) -> None:
    ex_id = extractions.save_extraction(
        s,
        sha256="e" * 64,
        extractor_version="1",
        rules_hash="r",
        contract=contract(
            status="error", error="文件已加密，无法读取", doc_type=None, format="docx"
        ),
        run_id=run_id,
    )
    ok_id = extractions.save_extraction(
        s,
        sha256="f" * 64,
        extractor_version="1",
        rules_hash="r",
        contract=contract(
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


def test_unit_facts(s: Session, run_id: str) -> None:
    register(s, run_id, "2024/jixian/依申请公开/b 答复书.docx", b"dup")
    register(s, run_id, "2024/jixian/依申请公开/a 答复书.docx", b"dup")  # same bytes, first key
    c, _ = register(s, run_id, "2024/jixian/培训/c.pdf", b"c", version_id="v3")
    register(s, run_id, "2024/youyi-zrzy/a.docx", b"dup")  # same bytes in another unit counts
    register(s, run_id, "2024/jixian/x.docx", b"old")
    register(s, run_id, "2024/jixian/x.docx", b"new")  # supersedes the old version
    register(s, run_id, "2024/jixian/~$x.docx", b"tmp")  # rejected
    ex_id = extractions.save_extraction(
        s,
        sha256=sha(b"dup"),
        extractor_version="1",
        rules_hash="r",
        contract=contract(
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
    extractions.save_extraction(  # another extractor version: not visible
        s,
        sha256=sha(b"c"),
        extractor_version="0",
        rules_hash="r",
        contract=contract(doc_type="training_record"),
        run_id=run_id,
    )
    manual.add_manual_score(
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
    manual.add_manual_score(
        s,
        year=2024,
        unit_code="jixian",
        indicator="1.4.3",
        mode="score",
        points=8,
        reason="复核后更正",
        author="李四",
    )
    manual.add_manual_score(
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

    facts = extractions.unit_facts(
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
    entry = jx.manual[0]
    assert (entry["indicator"], entry["mode"], entry["author"]) == ("1.4.3", "score", "李四")
    assert isinstance(entry["created_at"], str)
    assert [d.key for d in facts[1].documents] == ["2024/youyi-zrzy/a.docx"]
    assert facts[2].documents == () and facts[2].manual == ()
