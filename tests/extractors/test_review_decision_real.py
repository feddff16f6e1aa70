"""Review decisions and judgments as real offices print them: body, respondent, numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from extractors.doctypes.common import common_elements
from extractors.doctypes.review_decision import extract_review_decision
from extractors.extract import extract
from extractors.rules import ExtractionRules
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")
_WS = re.compile(r"\s+")

# the body on its own line above the title, the number on the next; ASCII colons
DECISION = DocSpec(
    [
        "李某因不服被申请人某某县人民政府作出的《政府信息公开申请答复书》一案",
        "发布日期:2023-03-02 09:15",
        "某某市人民政府",
        "行政复议决定书",
        "某政复〔2022〕58号",
        "申请人:李某",
        "被申请人:某某县人民政府",
        "申请人李某因不服被申请人某某县人民政府于2022年8月3日作出的《政府信息公开申请答复书》"
        "(某政办公开〔2022〕17号),于2022年9月1日向本机关提出行政复议申请,本机关依法受理,"
        "本案现已审理终结。",
    ]
)

# the second part of a judgment: no party list, the reviewed letter named without 《》
JUDGMENT_PART = DocSpec(
    [
        "王某不服某某经济技术开发区管理委员会信息公开行政行为一审行政判决书(2)",
        "本院认定以下事实:2015年5月6日,原告向被告邮寄了政府信息公开申请表。被告于2015年5月"
        "28日对原告作出了某开管(2015)第12号政府信息公开告知书。原告不服,向某某市人民政府申请"
        "行政复议,某某市人民政府作出某政(行复决)(2015)88号行政复议决定书,维持了被告作出的"
        "某开管(2015)第12号政府信息公开告知书。原告仍不服,诉至法院。",
    ]
)

# the title and the number printed as one line
ONE_LINE_HEAD = DocSpec(
    [
        "行政复议决定书某区府行复〔2024〕31号",
        "申请人:张某",
        "被申请人:某某区某某镇人民政府",
        "申请人不服被申请人作出的政府信息公开申请答复书,向本府申请行政复议,本府依法予以受理,"
        "现已审查终结。",
    ]
)


def _elements(doc: Any, rules: ExtractionRules) -> dict[str, Any]:
    common = common_elements(doc)
    specific, _ = extract_review_decision(doc, rules, common)
    return {k: v.value for k, v in specific.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_body_above_the_title_and_respondent_after_an_ascii_colon(
    make_doc: Any, rules: ExtractionRules, check_evidence: Any, fmt: str
) -> None:
    doc = make_doc(DECISION, fmt)
    el = _elements(doc, rules)
    assert el["decision_body"] == "某某市人民政府"
    assert el["respondent"] == "某某县人民政府"
    assert el["document_number"] == "某政复〔2022〕58号"
    assert el["reviewed_document_number"] == "某政办公开〔2022〕17号"
    specific, _ = extract_review_decision(doc, rules, common_elements(doc))
    assert check_evidence(doc, specific) > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_judgment_part_reads_respondent_and_letter_and_cites_no_number_of_its_own(
    make_doc: Any, rules: ExtractionRules, check_evidence: Any, fmt: str
) -> None:
    doc = make_doc(JUDGMENT_PART, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "review_decision"
    el = {k: v.value for k, v in result.elements.items()}
    assert el["respondent"] == "某某经济技术开发区管理委员会"
    assert el["reviewed_document_number"] == "某开管(2015)第12号"
    assert "document_number" not in el  # every number in it is one it cites
    assert check_evidence(doc, result.elements) > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_number_printed_after_the_title_on_one_line(
    make_doc: Any, rules: ExtractionRules, check_evidence: Any, fmt: str
) -> None:
    doc = make_doc(ONE_LINE_HEAD, fmt)
    el = _elements(doc, rules)
    assert el["document_number"] == "某区府行复〔2024〕31号"
    assert el["respondent"] == "某某区某某镇人民政府"


# 硚口区 (2022): the page's metadata table first, a case split into sub-numbers (12-3)
METADATA_FIRST = DocSpec(
    [
        "索引号:",
        "755148572/2023-22887",
        "主题分类:",
        "司法",
        "发布机构:",
        "区司法局",
        "发文日期:",
        "2022-05-27 12:00",
        "效力状态:",
        "有效",
        "名称:",
        "行政复议决定书",
        "行政复议决定书",
        "硚复决字〔2022〕第12-3号",
        "申请人:张某",
        "被申请人:某某街道办事处",
        "申请人对被申请人2022年2月16日作出的《政府信息公开申请答复书》不服,于2022年3月28日"
        "向本机关提出行政复议申请。本机关依法予以受理,现已审理终结。",
    ]
)

# 淮安市 (2024): a web page's title run into its 时间/来源 line, then the decision's head
PAGE_TITLE_FIRST = DocSpec(
    [
        "黄某不服淮安市清江浦区人民政府《政府信息公开答复书》案撤销行政复议决定书"
        "时间:2024-05-31 15:02 来源:淮安市司法局",
        "淮安市人民政府行政复议决定书",
        "〔2024〕淮行复第 80 号",
        "申请人:黄某。",
        "被申请人:淮安市清江浦区人民政府,住所地淮安市清江浦区淮海南路268号。",
        "申请人黄某对被申请人2024年2月18日作出的清政公依〔2024〕第012号《政府信息公开答复书》"
        "不服,于2024年3月1日向本机关申请行政复议。本机关依法已予受理。",
    ]
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_own_number_with_a_sub_number_after_a_metadata_table(make_doc, rules, fmt):
    el = _elements(make_doc(METADATA_FIRST, fmt), rules)
    assert el["document_number"] == "硚复决字〔2022〕第12-3号"


@pytest.mark.parametrize("fmt", FORMATS)
def test_own_number_spaced_digits_after_a_page_title_line(make_doc, rules, fmt):
    el = _elements(make_doc(PAGE_TITLE_FIRST, fmt), rules)
    assert _WS.sub("", el["document_number"]) == "〔2024〕淮行复第80号"
    assert el["reviewed_document_number"] == "清政公依〔2024〕第012号"
