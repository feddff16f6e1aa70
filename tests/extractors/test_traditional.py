"""Traditional-character documents: read through a simplified view, quoted as written."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.extract import extract
from extractors.model import Block, ParsedDocument
from extractors.rules import ExtractionRules
from extractors.text.trad import is_traditional, simplified_view, to_simplified
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")

MEETING = DocSpec(
    [
        "縣政府召開第十二次常務會議",
        "2023年3月15日，縣長王建國主持召開縣政府第十二次常務會議，會議聽取了全縣政務公開工作"
        "情況匯報，研究部署2023年政務公開重點工作。",
        "會議強調，各部門要認真貫徹執行《中華人民共和國政府信息公開條例》，堅持以公開為常態、"
        "不公開為例外。",
    ]
)

WORK_PLAN = DocSpec(
    [
        "某某縣人民政府辦公室關於印發2023年政務公開工作要點的通知",
        "某政辦發〔2023〕12號",
        "各鄉鎮人民政府，縣政府各部門：",
        "《2023年政務公開工作要點》已經縣政府同意，現印發給你們，請認真貫徹落實。",
        "某某縣人民政府辦公室",
        "2023年4月20日",
        "2023年政務公開工作要點",
        "做好2023年政務公開工作，要堅持以人民為中心，圍繞經濟社會發展大局，加強政策解讀和回應"
        "關切，推進基層政務公開標準化規範化建設。",
    ]
)


def test_the_view_keeps_every_offset() -> None:
    text = "會議強調，要認真貫徹執行《條例》，堅持“公開為常態、不公開為例外”。"
    view = to_simplified(text)
    assert view == "会议强调，要认真贯彻执行《条例》，坚持“公开为常态、不公开为例外”。"
    assert len(view) == len(text)


def test_a_simplified_text_with_one_traditional_name_is_not_traditional() -> None:
    assert not is_traditional("2021年7月6日，鍾某某同志主持召开市政府常务会议，研究政务公开工作。")
    assert is_traditional("2021年7月6日，鍾某某同志主持召開市政府常務會議，研究政務公開工作。")


def test_a_simplified_document_is_handed_over_unchanged() -> None:
    doc = ParsedDocument("docx", "ok", (Block("县政府召开常务会议，研究政务公开工作。", None, 1),))
    assert simplified_view(doc) is None


def _values(result: Any) -> dict[str, Any]:
    return {k: v.value for k, v in result.elements.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_traditional_executive_meeting_is_read(
    make_doc: Any, rules: ExtractionRules, check_evidence: Any, fmt: str
) -> None:
    doc = make_doc(MEETING, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "meeting_minutes"
    el = _values(result)
    assert el["meeting_date"] == "2023-03-15"
    assert el["chair"] == "王建國"  # as written, not simplified
    assert el["discusses_disclosure"] is True
    assert check_evidence(doc, result.elements) > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_traditional_work_plan_notice_keeps_its_number_as_written(
    make_doc: Any, rules: ExtractionRules, check_evidence: Any, fmt: str
) -> None:
    doc = make_doc(WORK_PLAN, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "work_plan"
    el = _values(result)
    assert el["year"] == 2023
    assert el["document_number"] == "某政辦發〔2023〕12號"
    assert el["issuer"] == "某某縣人民政府辦公室"
    assert check_evidence(doc, result.elements) > 0


ANNOTATED = DocSpec(
    [
        "6月12日上午，某某區(qū)政務(wù)公開(kāi)辦舉(jǔ)辦全區(qū)政府信息公開(kāi)業(yè)務(wù)培訓(xùn)班，"
        "各部門政務(wù)公開(kāi)工作人員參(cān)加培訓(xùn)。",
        "培訓(xùn)圍(wéi)繞《中華人民共和國(guó)政府信息公開(kāi)條例》講解了依申請(qǐng)公開(kāi)的辦理流程。",
    ]
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_pinyin_printed_after_each_character_is_read_past(
    make_doc: Any, rules: ExtractionRules, check_evidence: Any, fmt: str
) -> None:
    """A page run through a conversion service carries "開(kāi)": read past it, quote it."""
    doc = make_doc(ANNOTATED, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "training_record"
    assert result.elements["covers_disclosure"].value is True
    assert check_evidence(doc, result.elements) > 0
