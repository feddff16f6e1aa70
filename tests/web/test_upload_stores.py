"""The upload path on both stores: a folder and S3 (a versioned bucket on the moto server).
Receipts, bytes in the unit's prefix, duplicates, no overwrite, audit; a 复核 file stored and
downloaded back (the exact version on S3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kaohe.context import Context, build_context
from kaohe.office.accounts import add_user
from kaohe.settings import load_settings
from kaohe.views.review import review_files
from kaohe.web.app import create_app
from storage.models import AuditEntry
from tests.web.conftest import PASSWORD, docx_bytes, login

PDF = b"%PDF-1.4\n% kaohe upload test\n%%EOF\n"


@pytest.fixture(params=["folder", "s3"])
def store_ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Context:
    if request.param == "s3":
        request.getfixturevalue("kaohe_env")  # KAOHE_STORE=s3://… on moto, a fresh database
    else:
        mp = request.getfixturevalue("monkeypatch")
        (tmp_path / "store").mkdir()
        mp.setenv("KAOHE_STORE", str(tmp_path / "store"))
        mp.setenv("KAOHE_DATABASE_URL", request.getfixturevalue("db_url"))
        mp.setenv("KAOHE_YEAR", "2024")
        mp.delenv("KAOHE_CONFIG_DIR", raising=False)
    ctx = build_context(load_settings(), create=True)
    request.addfinalizer(ctx.engine.dispose)
    add_user(ctx, "jx", "unit", PASSWORD, "jixian", actor="test")
    add_user(ctx, "boss", "office", PASSWORD, actor="test")
    return ctx


def test_upload_and_review_file(store_ctx: Context) -> None:
    ctx = store_ctx
    app = create_app(ctx.settings)
    unit = login(app, "jx")
    doc = docx_bytes("政府信息公开工作年度报告")
    r = unit.post(
        "/upload",
        data={"csrf": unit.csrf},
        files=[("files", ("年报.pdf", PDF)), ("files", ("说明.docx", doc))],
    )
    assert r.status_code == 200, r.text[r.text.find("<main") :]
    assert r.text.count("已保存，下次评分运行时读取") == 2
    assert ctx.store.get("2024/jixian/年报.pdf") == PDF
    assert ctx.store.get("2024/jixian/说明.docx") == doc
    # the same bytes under another name: recognised; the same name, other bytes: a new key
    r = unit.post("/upload", data={"csrf": unit.csrf}, files={"files": ("副本.pdf", PDF)})
    assert "与已提交的 年报.pdf 内容相同，未重复保存" in r.text
    other = PDF + b"% v2\n"
    r = unit.post("/upload", data={"csrf": unit.csrf}, files={"files": ("年报.pdf", other)})
    assert "已另存为 年报（2）.pdf（未覆盖原文件）" in r.text
    assert ctx.store.get("2024/jixian/年报.pdf") == PDF
    assert ctx.store.get("2024/jixian/年报（2）.pdf") == other
    assert {i.key for i in ctx.store.list("2024/")} == {
        "2024/jixian/年报.pdf",
        "2024/jixian/说明.docx",
        "2024/jixian/年报（2）.pdf",
    }

    # a 复核 request with a file: stored in the prefix, the office downloads the same bytes
    supp = docx_bytes("复核补充材料")
    r = unit.post(
        "/units/jixian/indicators/1.4.3/review",
        data={"csrf": unit.csrf, "reason": "请复核"},
        files={"files": ("补充.docx", supp)},
    )
    assert r.status_code == 200 and "补充.docx" in r.text
    ((rid, (f,)),) = review_files(ctx, 2024).items()
    assert f.key == "2024/jixian/补充.docx"
    if ctx.settings.store.startswith("s3://"):
        assert f.version_id  # the versioned bucket's version of exactly these bytes
    office = login(app, "boss")
    dl = office.get(f"/reviews/{rid}/files/0")
    assert dl.status_code == 200 and dl.content == supp
    with ctx.session() as s:
        audited = [
            a.target
            for a in s.scalars(
                select(AuditEntry).where(AuditEntry.action.in_(("upload", "review.file")))
            )
        ]
    assert audited == [
        "2024/jixian/年报.pdf",
        "2024/jixian/说明.docx",
        "2024/jixian/年报.pdf",  # the duplicate: audited with duplicate_of
        "2024/jixian/年报（2）.pdf",
        "2024/jixian/补充.docx",
    ]
