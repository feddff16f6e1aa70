"""Document numbers and issuers of issue 8: suffixes, wrapped numbers, year first, citations."""

from __future__ import annotations

import pytest

from extractors.doctypes.common import common_elements, find_document_number, find_issuer
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_suffix_after_hao_is_part_of_the_number(make_doc, fmt):
    doc = make_doc(
        DocSpec(
            ["上海市浦东新区政府信息部分公开告知书", "沪浦信息公开（2009）第0071号-部公", "张某："]
        ),
        fmt,
    )
    number = find_document_number(doc)
    assert number is not None and number.value == "沪浦信息公开（2009）第0071号-部公"


@pytest.mark.parametrize("fmt", FORMATS)
def test_bracketed_year_first(make_doc, check_evidence, fmt):
    doc = make_doc(
        DocSpec(["淮安市人民政府行政复议决定书", "〔2022〕淮行复第12号", "申请人：黄某。"]), fmt
    )
    number = find_document_number(doc)
    assert number is not None and number.value == "〔2022〕淮行复第12号"
    check_evidence(doc, number)


def test_number_printed_over_two_lines(make_doc, check_evidence):
    doc = make_doc(
        DocSpec(["政府信息公开申请答复书", "集自然资信复〔2024〕\n7号", "王某某："]), "docx"
    )
    number = find_document_number(doc)
    assert number is not None and number.value == "集自然资信复〔2024〕7号"
    check_evidence(doc, number)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cited_number_is_not_the_documents_own(make_doc, fmt):
    doc = make_doc(
        DocSpec(
            [
                "关于做好政务公开工作的通知",
                "根据国办发〔2019〕12号文件精神，结合我县实际，现就有关事项通知如下。",
                "各单位要认真落实。",
            ]
        ),
        fmt,
    )
    assert find_document_number(doc) is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_own_number_wins_over_a_cited_one(make_doc, fmt):
    doc = make_doc(
        DocSpec(
            [
                "集贤县人民政府办公室关于印发2024年政务公开工作要点的通知",
                "根据国办发〔2024〕8号，现印发。",
                "集政办发〔2024〕3号",
            ]
        ),
        fmt,
    )
    number = find_document_number(doc)
    assert number is not None and number.value == "集政办发〔2024〕3号"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("place", ["局三楼会议室", "县政务中心报告厅", "培训地点：县政府会议室"])
def test_a_location_is_never_an_issuer(make_doc, fmt, place):
    doc = make_doc(
        DocSpec(
            [
                "政务公开培训记录",
                "培训时间：2024年5月20日",
                "参训人员共计12人",
                place,
                "2024年5月20日",
            ]
        ),
        fmt,
    )
    assert find_issuer(doc) is None
    assert "issuer" not in common_elements(doc)
