"""Common elements (issuer, document date, document number) on real docx and pdf documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractors.doctypes.common import (
    common_elements,
    find_document_date,
    find_document_number,
    find_issuer,
    is_org_name,
)
from extractors.model import Element, ParsedDocument
from extractors.text import squeeze
from kaohe.demo.docgen import DocSpec, TableSpec
from tests.extractors.doctypes.test_reply_letter import (
    REASON,
    RECEIPT,
    REMEDY,
    check_evidence,
    letter,
    write,
)

FORMATS = ["docx", "pdf"]


def _values(doc: ParsedDocument) -> tuple[dict[str, Any], dict[str, Element]]:
    found = common_elements(doc)
    check_evidence(doc, found, [])
    return {k: v.value for k, v in found.items()}, found


@pytest.mark.parametrize(
    "number",
    [
        "双政公开办发〔2019〕5号",
        "聊建公开告字[2023]61号",
        "常孟政依复〔2023〕第1号",
        "集自然资信复〔2024〕7号",
        "集自然资信复［2024］7号",
        "集自然资信复【2024】7号",
        "集自然资信复（2024）7号",
        "集自然资信复〔２０２４〕７号",
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_document_number_forms(tmp_path: Path, fmt: str, number: str) -> None:
    values, found = _values(write(letter(number=number), tmp_path, fmt))
    assert values["document_number"] == number
    assert [squeeze(e.quote) for e in found["document_number"].evidence] == [number]


@pytest.mark.parametrize("fmt", FORMATS)
def test_number_with_label_and_signer(tmp_path: Path, fmt: str) -> None:
    doc = write(letter(number="文号：集自然资信复〔2024〕7号"), tmp_path, fmt)
    assert find_document_number(doc).value == "集自然资信复〔2024〕7号"  # type: ignore[union-attr]
    doc = write(letter(number="集自然资信复〔2024〕7号    签发人：张某"), tmp_path / "b", fmt)
    assert find_document_number(doc).value == "集自然资信复〔2024〕7号"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cited_document_number_in_body_is_not_the_letters(tmp_path: Path, fmt: str) -> None:
    body = (
        RECEIPT,
        "根据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）"
        "的规定，本机关不收取信息处理费。",
        REASON,
        REMEDY,
    )
    doc = write(letter(number=None, body=body), tmp_path, fmt)
    assert find_document_number(doc) is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_signoff_in_table_with_seal_and_chinese_numeral_date(tmp_path: Path, fmt: str) -> None:
    spec = letter(date="二〇二四年四月二日", table_signoff=True, header="集贤县人民政府")
    values, found = _values(write(spec, tmp_path, fmt))
    assert values["issuer"] == "集贤县自然资源局"
    assert [e.quote for e in found["issuer"].evidence] == ["集贤县自然资源局"]
    assert values["document_date"] == "2024-04-02"
    assert [squeeze(e.quote) for e in found["document_date"].evidence] == ["二〇二四年四月二日"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_notes_after_signoff_are_skipped(tmp_path: Path, fmt: str) -> None:
    items: list[str | TableSpec] = [
        "集贤县自然资源局",
        "政府信息公开申请答复书",
        "王某某：",
        RECEIPT,
        REASON,
        "集贤县自然资源局（盖章）",
        "2024年4月2日",
        "（此件依申请公开）",
        "集贤县自然资源局办公室                2024年4月3日印发",
    ]
    values, _ = _values(write(DocSpec(items, right_aligned=frozenset({5, 6})), tmp_path, fmt))
    assert values["issuer"] == "集贤县自然资源局"
    assert values["document_date"] == "2024-04-02"  # not the body dates, not the 印发 date


@pytest.mark.parametrize("fmt", FORMATS)
def test_issuer_and_date_on_one_line(tmp_path: Path, fmt: str) -> None:
    items: list[str | TableSpec] = [
        "关于王某某政府信息公开申请的答复",
        "王某某：",
        RECEIPT,
        REASON,
        "集贤县人民政府办公室    2023年5月6日",
    ]
    values, found = _values(write(DocSpec(items), tmp_path, fmt))
    assert values["issuer"] == "集贤县人民政府办公室"
    assert values["document_date"] == "2023-05-06"
    assert [e.quote for e in found["issuer"].evidence] == ["集贤县人民政府办公室"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_signoff_means_no_issuer_not_the_title(tmp_path: Path, fmt: str) -> None:
    doc = write(letter(issuer=None, date=None), tmp_path, fmt)
    assert find_issuer(doc) is None
    assert find_document_date(doc) is None


def test_attachment_table_after_signoff(tmp_path: Path) -> None:
    items: list[str | TableSpec] = [
        "集贤县自然资源局",
        "政府信息公开申请答复书",
        "王某某：",
        RECEIPT,
        "集贤县自然资源局",
        "2024年4月2日",
        "附件：相关文件目录",
        TableSpec(rows=[["文件名称", "成文日期"], ["某某村征地批复", "2023年6月1日"]]),
    ]
    values, _ = _values(write(DocSpec(items), tmp_path, "docx"))
    assert values["issuer"] == "集贤县自然资源局"
    assert values["document_date"] == "2024-04-02"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("集贤县自然资源局", True),
        ("国家税务总局集贤县税务局", True),
        ("集贤县人民政府办公室（县政务公开办）", True),
        ("友谊县兴隆镇人民政府", True),
        ("此复", False),
        ("特此告知", False),
        ("（此件依申请公开）", False),
        ("经研究，现答复如下：", False),
    ],
)
def test_is_org_name(text: str, expected: bool) -> None:
    assert is_org_name(text) is expected
