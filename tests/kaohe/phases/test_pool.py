"""The parser pool: real worker processes, the per-file timeout, and recovery after a kill."""

from __future__ import annotations

import json
from pathlib import Path

from extractors.model import ParsedDocument
from extractors.parsing.formats import ParseLimits
from kaohe.demo.docgen import DocSpec, write_docx, write_pdf
from kaohe.phases.pool import ParserPool

PARAS = [f"第{i}段：本机关于2024年3月5日收到您提出的政府信息公开申请。" for i in range(1, 40)]


def test_workers_parse_in_input_order(tmp_path: Path) -> None:
    files = [
        ("a", write_docx(DocSpec(["甲", *PARAS]), tmp_path / "a.docx")),
        ("b", write_pdf(DocSpec(["乙", *PARAS]), tmp_path / "b.pdf")),
        ("c", write_docx(DocSpec(["丙"]), tmp_path / "c.docx")),
    ]
    items = [(ident, p.read_bytes(), p.name) for ident, p in files]
    with ParserPool(workers=2, timeout_s=60, limits=ParseLimits()) as pool:
        out = list(pool.parse_many(items))
    assert [ident for ident, _ in out] == ["a", "b", "c"]
    assert [doc.format for _, doc in out] == ["docx", "pdf", "docx"]
    assert all(doc.status == "ok" for _, doc in out)
    assert out[0][1].blocks[0].text == "甲" and out[2][1].blocks[0].text == "丙"


def test_timeout_kills_the_worker_and_the_pool_recovers(tmp_path: Path) -> None:
    """A file that takes longer than the limit is recorded as a timeout; the stuck worker is
    killed and replaced, and the files after it are parsed normally."""
    big = write_pdf(DocSpec(PARAS * 40), tmp_path / "big.pdf")  # ~50 pages
    small = write_docx(DocSpec(["小文件", "2024年4月2日"]), tmp_path / "small.docx")
    with ParserPool(workers=1, timeout_s=60, limits=ParseLimits()) as pool:
        # warm: the worker process is up, so the next limit measures parsing alone
        [(_, warm)] = list(pool.parse_many([("warm", small.read_bytes(), small.name)]))
        assert warm.status == "ok"
        first_pool = pool._pool
        pool.timeout_s = 0.001  # no real document parses in a millisecond
        [(ident, slow)] = list(pool.parse_many([("big", big.read_bytes(), big.name)]))
        assert (ident, slow.status, slow.error_code) == ("big", "error", "timeout")
        assert slow.error and "解析超时" in slow.error
        assert pool._pool is None  # the stuck worker was killed with its pool
        pool.timeout_s = 60
        after = list(pool.parse_many([("small", small.read_bytes(), small.name)]))
        assert [(i, d.status) for i, d in after] == [("small", "ok")]
        assert pool._pool is not None and pool._pool is not first_pool


def test_in_process_parsing_without_workers(tmp_path: Path) -> None:
    p = write_docx(DocSpec(["答复书", "2024年4月2日"]), tmp_path / "x.docx")
    with ParserPool(workers=0, timeout_s=0, limits=ParseLimits()) as pool:
        [(ident, doc)] = list(pool.parse_many([("x", p.read_bytes(), p.name)]))
    assert (ident, doc.status, doc.blocks[0].text) == ("x", "ok", "答复书")


def test_workers_extract_and_hand_back_rows(tmp_path: Path) -> None:
    """``extract_many``: the workers parse and extract under the pool's rules; what comes back
    is the rows to write (JSON text), equal to what the calling process would prepare."""
    from extractors.rules import load_extraction_rules
    from kaohe.phases.docwork import prepare_document
    from kaohe.settings import default_config_dir

    rules = load_extraction_rules(default_config_dir())
    a = write_docx(DocSpec(["关于政府信息公开申请的答复", *PARAS]), tmp_path / "a.docx")
    items = [("sha-a", a.read_bytes(), "2024/x/a.docx"), ("sha-b", b"", "2024/x/b.pdf")]
    with ParserPool(workers=1, timeout_s=60, limits=ParseLimits(), rules=rules) as pool:
        out = dict(pool.extract_many(items))
        local = ParserPool(workers=0, timeout_s=0, limits=ParseLimits(), rules=rules)
        inproc = dict(local.extract_many(items))
    assert out == inproc
    ok, empty = out["sha-a"], out["sha-b"]
    assert ok.extraction["status"] == "ok" and ok.parsed is not None
    assert json.loads(ok.parsed["content"])["blocks"][0][0] == "关于政府信息公开申请的答复"
    assert json.loads(ok.extraction["result"])["sha256"] == "sha-a"
    assert "source" not in json.loads(ok.extraction["result"])
    assert empty.extraction["status"] == "error" and empty.extraction["error"] == "文件为空"
    doc = ParsedDocument.from_dict(json.loads(ok.parsed["content"]))
    assert prepare_document("2024/x/a.docx", "sha-a", doc, rules, cache=False) == ok._replace(
        parsed=None
    )


def test_extract_timeout_is_an_error_extraction(tmp_path: Path) -> None:
    from extractors.rules import load_extraction_rules
    from kaohe.settings import default_config_dir

    rules = load_extraction_rules(default_config_dir())
    big = write_pdf(DocSpec(PARAS * 40), tmp_path / "big.pdf")
    with ParserPool(workers=1, timeout_s=0.001, limits=ParseLimits(), rules=rules) as pool:
        [(sha, rows)] = list(pool.extract_many([("big", big.read_bytes(), "2024/x/big.pdf")]))
    assert sha == "big" and rows.parsed is not None and rows.parsed["error_code"] == "timeout"
    assert rows.extraction["status"] == "error" and "解析超时" in str(rows.extraction["error"])
