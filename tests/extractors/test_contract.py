"""The ``kaohe extract --json`` object, field by field against the v1 contract."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from extractors.contract import to_contract
from extractors.extract import EXTRACTOR_VERSION, extract
from extractors.model import Element, Evidence, ExtractionResult, Finding, ParsedDocument
from extractors.parsing.dispatch import parse_file
from extractors.parsing.formats import ParseLimits
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf
from kaohe.phases.extract import extract_file

KEYS = ["source", "sha256", "format", "status", "error", "doc_type", "elements", "findings"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MINUTES = DocSpec(
    [
        "铁岭县人民政府",
        "常务会议纪要",
        "铁政阅〔2024〕5号",
        "3月15日，县长常东旭主持召开县政府第5次常务会议。会议听取了县政府办公室关于2023年全县"
        "政务公开工作情况的汇报，审议并原则通过《铁岭县2024年政务公开工作要点》。",
        "列席：县政务公开办、县财政局",
        "铁岭县人民政府办公室",
        "2024年3月18日",
    ],
    right_aligned=frozenset({5, 6}),
)
TRAINING = DocSpec(
    [
        "2024年全县政务公开业务培训班签到表",
        "培训时间：2024年5月20日",
        TableSpec(
            rows=[
                ["序号", "单位", "姓名"],
                ["1", "县财政局", "王丽"],
                ["2", "县教育局", "赵文博"],
                ["3", "福利镇人民政府", "郑海涛"],
            ]
        ),
    ]
)
NO_CHAIR = DocSpec(
    [
        "县政府专题会议纪要",
        "2024年1月5日，县政府召开专题会议，研究城区供暖工作。",
        "集贤县人民政府办公室 2024年1月8日印发",
    ]
)


def _check_shape(obj: dict[str, Any]) -> None:
    """What every contract object satisfies, whatever its status."""
    assert list(obj) == KEYS
    json.loads(json.dumps(obj, ensure_ascii=False))  # plain JSON values only
    assert obj["format"] in ("docx", "pdf", "doc", "xlsx", "html", "txt", "image", "unknown")
    assert obj["status"] in ("ok", "no_text", "error")
    if obj["sha256"] is not None:
        assert re.fullmatch(r"[0-9a-f]{64}", obj["sha256"])
    if obj["status"] == "error":
        assert isinstance(obj["error"], str) and obj["error"] and "\n" not in obj["error"]
        assert re.search(r"[\u4e00-\u9fff]", obj["error"])
        assert obj["doc_type"] is None and obj["elements"] == {} and obj["findings"] == []
        return
    if obj["status"] == "ok":
        assert obj["error"] is None
    for name, el in obj["elements"].items():
        assert isinstance(name, str)
        assert list(el) == ["value", "evidence"], name
        assert el["value"] is not None or name in ("within_deadline",) or el["evidence"] == []
        for ev in el["evidence"]:
            _check_evidence_dict(obj["format"], ev)
    for f in obj["findings"]:
        assert list(f) == ["code", "message", "evidence", "certainty"]
        assert re.fullmatch(r"[a-z_]+", f["code"])
        want = "review" if f["code"].endswith("_needs_review") else "confirmed"
        assert f["certainty"] == want, f
        assert re.search(r"[\u4e00-\u9fff]", f["message"])
        for ev in f["evidence"]:
            _check_evidence_dict(obj["format"], ev)


def _check_evidence_dict(fmt: str, ev: dict[str, Any]) -> None:
    assert list(ev)[:3] == ["page", "paragraph", "quote"]
    assert isinstance(ev["quote"], str) and ev["quote"]
    if "table" in ev:
        assert list(ev["table"]) == ["index", "row", "col"]
        assert all(isinstance(v, int) and v >= 0 for v in ev["table"].values())
    if "box" in ev:
        x0, top, x1, bottom = ev["box"]
        assert fmt == "pdf" and 0 <= x0 < x1 and 0 <= top < bottom
    if fmt == "pdf":
        assert isinstance(ev["page"], int) and ev["page"] >= 1
    else:
        assert ev["page"] is None
        assert isinstance(ev["paragraph"], int) and ev["paragraph"] >= 1


def _quotes_in_doc(obj: dict[str, Any], doc: ParsedDocument, check_evidence: Any) -> None:
    evidences = [Evidence.from_dict(e) for el in obj["elements"].values() for e in el["evidence"]]
    evidences += [Evidence.from_dict(e) for f in obj["findings"] for e in f["evidence"]]
    check_evidence(doc, evidences)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_meeting_minutes_object(tmp_path: Path, rules, check_evidence, fmt):
    path = (write_docx if fmt == "docx" else write_pdf)(MINUTES, tmp_path / f"纪要.{fmt}")
    obj = extract_file(str(path), rules, ParseLimits())
    _check_shape(obj)
    assert obj["source"] == str(path)
    assert obj["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (obj["format"], obj["status"], obj["error"]) == (fmt, "ok", None)
    assert obj["doc_type"] == "meeting_minutes"
    els = obj["elements"]
    assert els["meeting_date"]["value"] == "2024-03-15"
    assert els["chair"]["value"] == "常东旭"
    assert els["discusses_disclosure"]["value"] is True
    assert els["document_date"]["value"] == "2024-03-18"  # common element, ISO
    for name in ("meeting_date", "document_date"):
        assert ISO.match(els[name]["value"])
    assert obj["findings"] == []
    _quotes_in_doc(obj, parse_file(path), check_evidence)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_training_object_counts_table_rows(tmp_path: Path, rules, check_evidence, fmt):
    path = (write_docx if fmt == "docx" else write_pdf)(TRAINING, tmp_path / f"签到表.{fmt}")
    obj = extract_file(str(path), rules, ParseLimits())
    _check_shape(obj)
    assert obj["doc_type"] == "training_record"
    els = obj["elements"]
    assert els["participant_count"]["value"] == 3
    assert [e["quote"] for e in els["participant_count"]["evidence"]] == ["王丽", "郑海涛"]
    assert els["training_date"]["value"] == "2024-05-20"
    assert els["covers_disclosure"]["value"] is True
    _quotes_in_doc(obj, parse_file(path), check_evidence)


def test_absent_elements_are_omitted_and_booleans_always_present(tmp_path: Path, rules):
    path = write_docx(NO_CHAIR, tmp_path / "专题会议.docx")
    obj = extract_file(str(path), rules, ParseLimits())
    _check_shape(obj)
    els = obj["elements"]
    assert "chair" not in els  # omitted, not null
    assert els["discusses_disclosure"] == {"value": False, "evidence": []}
    assert els["meeting_date"]["value"] == "2024-01-05"
    codes = [f["code"] for f in obj["findings"]]
    assert codes == ["missing_meeting_chair", "meeting_no_disclosure"]
    assert all(f["evidence"] == [] for f in obj["findings"])


def test_missing_file_is_an_error_without_sha(tmp_path: Path, rules):
    obj = extract_file(str(tmp_path / "没有这个文件.docx"), rules, ParseLimits())
    _check_shape(obj)
    assert obj["status"] == "error" and obj["sha256"] is None and obj["format"] == "unknown"
    assert "不存在" in obj["error"]


def test_directory_is_an_error(tmp_path: Path, rules):
    obj = extract_file(str(tmp_path), rules, ParseLimits())
    _check_shape(obj)
    assert obj["status"] == "error" and obj["sha256"] is None


@pytest.mark.parametrize("how", ["truncated", "missing_part"])
def test_corrupt_docx_is_an_error_with_sha(tmp_path: Path, rules, how):
    good = write_docx(MINUTES, tmp_path / "good.docx").read_bytes()
    if how == "truncated":
        data = good[: len(good) // 2]
    else:
        data = good.replace(b"word/document.xml", b"word/documenX.xml")
    path = tmp_path / "坏文件.docx"
    path.write_bytes(data)
    obj = extract_file(str(path), rules, ParseLimits())
    _check_shape(obj)
    assert (obj["status"], obj["format"]) == ("error", "docx")
    assert obj["sha256"] == hashlib.sha256(data).hexdigest()
    assert "损坏" in obj["error"]


def test_oversized_file_is_hashed_but_not_parsed(tmp_path: Path, rules):
    path = write_docx(MINUTES, tmp_path / "大文件.docx")
    obj = extract_file(str(path), rules, ParseLimits(max_file_bytes=1000))
    _check_shape(obj)
    assert obj["status"] == "error" and obj["format"] == "docx"
    assert "大小上限" in obj["error"]
    assert obj["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_text_document(tmp_path: Path, rules):
    from PIL import Image

    path = tmp_path / "截图.png"
    # a real (blank) image: an undecodable one is "corrupt" once the OCR extra reads images
    Image.new("L", (200, 100), 255).save(path)
    png = path.read_bytes()
    obj = extract_file(str(path), rules, ParseLimits())
    _check_shape(obj)
    assert obj["status"] == "no_text" and obj["format"] == "image"
    assert obj["doc_type"] is None and obj["elements"] == {} and obj["findings"] == []
    assert obj["sha256"] == hashlib.sha256(png).hexdigest()
    assert obj["error"]  # the reason there is no text


def test_extract_without_text_has_no_type(rules):
    doc = ParsedDocument(format="pdf", status="no_text", error="PDF 无文字层")
    assert extract(doc, rules) == ExtractionResult(doc_type=None)
    assert EXTRACTOR_VERSION


def test_to_contract_serialises_values():
    doc = ParsedDocument(format="txt", status="ok")
    result = ExtractionResult(
        doc_type="other",
        elements={
            "document_date": Element(
                datetime.date(2024, 4, 2), (Evidence("2024年4月2日", None, 3),)
            ),
            "legal_basis": Element(({"law": "x", "article": 36},)),
        },
        findings=(
            Finding("late_reply", "答复超过法定期限"),
            Finding("outcome_needs_review", "答复结果需人工复核"),
        ),
    )
    obj = to_contract("a.txt", None, doc, result)
    assert list(obj) == KEYS
    assert obj["elements"]["document_date"] == {
        "value": "2024-04-02",
        "evidence": [{"page": None, "paragraph": 3, "quote": "2024年4月2日"}],
    }
    assert obj["elements"]["legal_basis"]["value"] == [{"law": "x", "article": 36}]
    assert obj["findings"] == [
        {
            "code": "late_reply",
            "message": "答复超过法定期限",
            "evidence": [],
            "certainty": "confirmed",
        },
        {
            "code": "outcome_needs_review",
            "message": "答复结果需人工复核",
            "evidence": [],
            "certainty": "review",
        },
    ]


def test_every_pdf_quote_has_its_box(tmp_path: Path, rules) -> None:
    """``kaohe extract --json`` on a PDF: each quote carries the box of its characters on its
    page (top-left origin, inside the page), so a viewer can highlight it."""
    path = write_pdf(MINUTES, tmp_path / "纪要.pdf")
    obj = extract_file(str(path), rules, ParseLimits())
    evidence = [e for el in obj["elements"].values() for e in el["evidence"]]
    assert evidence
    for ev in evidence:
        x0, top, x1, bottom = ev["box"]
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850, ev
        for extra in ev.get("boxes", []):
            assert len(extra) == 4
