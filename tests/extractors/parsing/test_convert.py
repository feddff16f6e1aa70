"""Legacy .doc/.wps through LibreOffice: real .doc files made by soffice from docgen docx."""

from __future__ import annotations

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extractors.extract import extract
from extractors.model import ParsedDocument
from extractors.parsing.convert import convert_to_docx, soffice_path
from extractors.parsing.dispatch import parse_bytes, parse_file, parser_version
from extractors.rules import ExtractionRules
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx
from kaohe.errors import DocumentError

pytestmark = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) not installed"
)

LETTER = DocSpec(
    items=[
        "集贤县自然资源局",
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "王某某：",
        "本机关于2024年3月5日收到您提出的政府信息公开申请，您申请公开"
        "“集贤县2023年某某村土地征收补偿安置方案及相关批复文件”。",
        TableSpec(rows=[["序号", "申请事项", "答复"], ["1", "土地征收补偿安置方案", "信息不存在"]]),
        "经检索，本机关未制作、获取您申请公开的上述信息，您申请公开的政府信息不存在。"
        "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，特此告知。",
        "如您不服本答复，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，"
        "或者在6个月内依法向人民法院提起行政诉讼。",
        "集贤县自然资源局",
        "2024年4月2日",
    ],
    header="集贤县自然资源局文件",
    footer="— 1 —",
    right_aligned=frozenset({8, 9}),
)


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the docgen docx, the same letter saved as Word 97 .doc by LibreOffice itself)."""
    root = tmp_path_factory.mktemp("legacy")
    docx = write_docx(LETTER, root / "答复书.docx")
    exe = soffice_path()
    assert exe is not None
    profile = (root / "profile").as_uri()
    subprocess.run(
        [
            exe,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(root / "doc"),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = root / "doc" / "答复书.doc"
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    return docx, doc


def _positions(doc: ParsedDocument) -> list[tuple[int | None, int | None, str, str]]:
    return [(b.page, b.paragraph, b.kind, b.text) for b in doc.blocks]


def test_doc_converted_and_parsed_like_the_original_docx(legacy: tuple[Path, Path]) -> None:
    original, legacy_doc = legacy
    doc = parse_file(legacy_doc)
    assert (doc.format, doc.status, doc.error) == ("doc", "ok", None)
    assert doc.meta["converted_from"] == "doc"
    # Same blocks at the same positions as the docx it was saved from: body paragraphs,
    # table cells in reading order, then header and footer.
    assert _positions(doc) == _positions(parse_file(original))
    assert [b.text for b in doc.blocks][:4] == [
        "集贤县自然资源局",
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "王某某：",
    ]
    assert (doc.blocks[5].paragraph, doc.blocks[5].kind, doc.blocks[5].text) == (6, "table", "序号")
    assert [(b.kind, b.text) for b in doc.blocks[-2:]] == [
        ("header", "集贤县自然资源局文件"),
        ("footer", "— 1 —"),
    ]
    assert doc.tables[0].rows[1] == ("1", "土地征收补偿安置方案", "信息不存在")


def test_converted_doc_extracts_with_docx_evidence(
    legacy: tuple[Path, Path], rules: ExtractionRules, check_evidence
) -> None:
    doc = parse_file(legacy[1])
    result = extract(doc, rules)
    assert result.doc_type == "reply_letter"
    values = {k: el.value for k, el in result.elements.items()}
    assert values["document_number"] == "集自然资信复〔2024〕7号"
    assert str(values["received_date"]) == "2024-03-05"
    assert values["issuer"] == "集贤县自然资源局"
    assert check_evidence(doc, result.elements) >= 5
    number = result.elements["document_number"].evidence[0]
    assert (number.page, number.paragraph, number.ocr) == (None, 3, False)


def test_wps_name_and_renamed_docx(legacy: tuple[Path, Path]) -> None:
    data = legacy[1].read_bytes()
    wps = parse_bytes(data, "答复书.wps")
    assert (wps.format, wps.status, wps.meta["converted_from"]) == ("doc", "ok", "wps")
    # a .doc renamed .docx is judged by its bytes and converted all the same
    renamed = parse_bytes(data, "答复书.docx")
    assert (renamed.format, renamed.meta["converted_from"]) == ("doc", "doc")
    assert renamed.blocks == wps.blocks


def test_conversion_off_keeps_the_legacy_error(legacy: tuple[Path, Path]) -> None:
    doc = parse_bytes(legacy[1].read_bytes(), "答复书.doc", convert=False)
    assert (doc.format, doc.status, doc.error_code) == ("doc", "error", "legacy_format")
    assert doc.error == "旧版 Word（.doc）格式，请另存为 .docx 或 PDF 后重新提交"
    assert parser_version(convert=False) != parser_version()
    assert parser_version().endswith("+lo")


def test_damaged_doc_is_a_clear_error(legacy: tuple[Path, Path]) -> None:
    data = bytearray(legacy[1].read_bytes())
    fib = data.find(b"\xec\xa5")  # wIdent of the Word FIB at the start of WordDocument
    assert fib > 0
    data[fib : fib + 1024] = bytes(1024)
    doc = parse_bytes(bytes(data), "答复书.wps")
    assert (doc.format, doc.status, doc.error_code) == ("doc", "error", "corrupt")
    assert doc.error == (
        "WPS 文字（.wps）文件无法转换（可能已损坏或设有密码），请另存为 .docx 或 PDF 后重新提交"
    )


def test_timeout_kills_the_conversion(legacy: tuple[Path, Path]) -> None:
    started = time.monotonic()
    with pytest.raises(DocumentError) as info:
        convert_to_docx(legacy[1].read_bytes(), ".doc", timeout_s=0.05)
    assert info.value.code == "timeout"
    assert info.value.reason.startswith("旧版 Word（.doc）文件转换超时（0.05 秒）")
    assert time.monotonic() - started < 10


def test_parallel_conversions_do_not_collide(legacy: tuple[Path, Path]) -> None:
    data = legacy[1].read_bytes()
    with ThreadPoolExecutor(max_workers=3) as pool:
        outs = list(pool.map(lambda _: convert_to_docx(data, ".doc", 120), range(3)))
    for out in outs:
        assert out[:2] == b"PK"
        assert "集自然资信复〔2024〕7号" in parse_bytes(out, "x.docx").text
