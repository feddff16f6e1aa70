"""``kaohe extract --json`` on the whole demo corpus, checked against the contract's schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from kaohe.demo import write_demo_corpus
from storage.objectstore import LocalStore
from tests.contract import contract_errors


def test_schema_rejects_what_the_contract_forbids() -> None:
    ok: dict[str, Any] = {
        "source": "a.docx",
        "sha256": "0" * 64,
        "format": "docx",
        "status": "error",
        "error": "文件无法读取",
        "doc_type": None,
        "elements": {},
        "findings": [],
    }
    assert contract_errors(ok, "extraction") == []
    assert contract_errors({**ok, "elements": {"x": {"value": 1, "evidence": []}}}, "extraction")
    assert contract_errors({**ok, "format": "rtf"}, "extraction")
    assert contract_errors({**ok, "status": "ok", "doc_type": "reply_letter"}, "extraction")
    score = {
        "year": 2024,
        "unit": "jixian",
        "unit_name": "集贤县人民政府",
        "kind": "county",
        "indicator": "1.4.3",
        "indicator_name": "答复规范化情况",
        "points": None,
        "max_points": 10,
        "status": "auto",
        "run": "r",
        "rules_hash": "h",
    }
    assert contract_errors({**score, "status": "pending_manual"}, "score") == []
    assert contract_errors(score, "score")  # an auto score has points


def test_extract_json_of_the_demo_corpus_follows_the_schema(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    keys = write_demo_corpus(store, 2024)
    paths = [str(tmp_path / "store" / k) for k in sorted(keys)]
    res = subprocess.run(
        [sys.executable, "-m", "kaohe", "extract", "--json", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    objs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["source"] for o in objs] == paths
    errors = {o["source"]: contract_errors(o, "extraction") for o in objs}
    assert {k: v for k, v in errors.items() if v} == {}
    types = {o["doc_type"] for o in objs}
    assert {"reply_letter", "meeting_minutes", "training_record", "work_plan"} <= types
    assert {o["status"] for o in objs} == {"ok", "no_text", "error"}
