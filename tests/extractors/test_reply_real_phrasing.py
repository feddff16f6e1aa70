"""Reply letters as real offices print them (issue 8): hard-wrapped lines, check-box forms,
usage notes, "not an application" notices, materials received, numbers a sentence names.

Phrasing from the Shanghai 2007-2009 templates (上海市水务局, 浦东新区) of the real corpus.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractors.doctypes.common import common_elements, find_document_number, find_issuer, units
from extractors.doctypes.reply_letter import extract_reply_letter
from extractors.model import Block, Element, Finding, ParsedDocument
from extractors.rules import ExtractionRules
from kaohe.demo.docgen import DocSpec

SHUIWU_HEAD = ["政府信息公开申请答复书（四）", "沪水务不存答(2009)第13号", "王某某："]
#: the remedy hard-wrapped as printed lines, one docx paragraph each
WRAPPED_REMEDY = [
    "如对本答复不服，可以在收到本答复之日起60日内向上海市人民",
    "政府 或者中华人民共和国水利部申请行政复议，或者在3个月内向",
    "人民法院提起行政诉讼。",
]
WRAPPED_BODY = [
    "本机关（机构）于2009年04月07日收到了您（单位）要求获取",
    "2008年度某水闸工程招标文件的申请。",
    "经审查，您（单位）要求获取的政府信息属于本机关（机构）公",
    "开职责权限范围，但本机关（机构）未制作或未获取，该政府信息不",
    "存在。现依据《上海市政府信息公开规定》第二十三条第（四）项的",
    "规定予以答复。",
]
SIGN = ["特此告知。", "2009年04月28日"]


def _run(doc: ParsedDocument, rules: ExtractionRules) -> tuple[dict[str, Element], list[Finding]]:
    return extract_reply_letter(doc, rules, common_elements(doc))


def _basis(el: dict[str, Element]) -> list[tuple[str, Any, Any, Any]]:
    value = el["legal_basis"].value if "legal_basis" in el else []
    return [(b["law"], b["article"], b["clause"], b["item"]) for b in value]


def _pdf(*lines: str) -> ParsedDocument:
    """A one-page PDF as the reader gives it: the page text, one printed line a row."""
    return ParsedDocument("pdf", "ok", (Block("\n".join(lines), page=1, kind="page"),))


def test_remedy_hard_wrapped_over_docx_paragraphs(make_doc, rules, check_evidence):
    doc = make_doc(DocSpec([*SHUIWU_HEAD, *WRAPPED_BODY, *WRAPPED_REMEDY, *SIGN]), "docx")
    el, _ = _run(doc, rules)
    assert el["remedy.reconsideration_days"].value == 60
    assert el["remedy.litigation_months"].value == 3
    assert el["remedy.reconsideration_body"].value == "上海市人民政府或者中华人民共和国水利部"
    # a quote over two paragraphs is one quote per paragraph, each verbatim in its own
    assert len(el["remedy.reconsideration_body"].evidence) == 2
    assert el["received_date"].value == "2009-04-07"
    assert el["outcome"].value == "not_exist"
    check_evidence(doc, el)


def test_titles_and_numbers_are_not_joined_as_wrapped_lines(make_doc):
    head = ["集贤县自然资源局", "政府信息公开申请答复书", "集自然资信复〔2024〕7号", "李某某："]
    spec = DocSpec(head)
    doc = make_doc(spec, "docx")
    assert [u.text for u in units(doc, join_wrapped=True)] == [u.text for u in units(doc)]


def test_citation_wrapped_over_two_pdf_lines_beside_a_wider_line(rules):
    doc = _pdf(
        "政府信息公开申请答复书（二）",
        "沪水务秘答（2009）第 12 号",
        "王某某：",
        "本机关（机构）于 2009 年 04 月 07 日收到了您（单位）要求获取 2008 年度某水",
        "闸工程招标文件的申请。",
        "经审查，您（单位）要求获取的政府信息属于《中华人民共和国政府信息公开条",
        "例》第十四条第四款、《上海市政府信息公开规定》第十二条第一款所规定的：",
        "商业秘密。",
        "2009 年 04 月 28 日",
    )
    el, _ = _run(doc, rules)
    assert ("中华人民共和国政府信息公开条例", 14, 4, None) in _basis(el)


def test_unticked_option_over_hard_wrapped_paragraphs_is_no_basis(make_doc, rules):
    body = [
        "本机关（机构）于2009年04月07日收到了您（单位）要求获取",
        "2008年度某水闸工程招标文件的申请。",
        "经审查，您（单位）要求获取的政府信息：",
        "☑ 公开可能危及国家安全、公共安全、经济安全、社会稳定，",
        "根据《中华人民共和国政府信息公开条例》第八条、《上海市政府信",
        "息公开规定》第六条的规定，该政府信息不属于公开的范围。",
        "□ 属于行政机关（机构）调查、讨论、处理过程中的信息，因",
        "其内容不确定，公开后可能影响国家安全、公共安全、经济安全、社",
        "会稳定，根据《上海市政府信息公开规定》第十条第一款的规定，该",
        "政府信息不属于公开的范围。",
    ]
    notes = [
        "使用指南：",
        "本文本适用于《上海市政府信息公开规定》第六条、第十条关于“可能危及国家安全”情形的答复。",
    ]
    spec = DocSpec([*SHUIWU_HEAD, *body, *WRAPPED_REMEDY, *SIGN, *notes])
    for fmt in ("docx", "pdf"):
        el, _ = _run(make_doc(spec, fmt), rules)
        assert _basis(el) == [
            ("中华人民共和国政府信息公开条例", 8, None, None),
            ("上海市政府信息公开规定", 6, None, None),
        ], fmt
        assert el["outcome"].value == "not_disclosed", fmt


def test_tick_mark_printed_at_the_line_end_of_a_pdf(rules):
    """pdfplumber may read "□国家秘密 ☑商业秘密 □个人隐私。" with the tick moved to the end."""
    doc = _pdf(
        "政府信息公开申请答复书（二）",
        "王某某：",
        "本机关（机构）于 2009 年 04 月 07 日收到了您（单位）要求获取某招标文件的申请。",
        "经审查，您（单位）要求获取的政府信息属于下列情形：",
        "□国家秘密 商业秘密 □个人隐私。 ☑",
        "根据《中华人民共和国政府信息公开条例》第二十一条第（二）项的规定，本机关决定不予公开。",
        "2009 年 04 月 28 日",
    )
    us = units(doc)
    el, findings = _run(doc, rules)
    assert el["outcome"].value == "not_disclosed"
    assert "outcome_needs_review" not in [f.code for f in findings]
    assert any("商业秘密" in u.text for u in us)


def test_a_forms_usage_notes_are_not_its_legal_basis(make_doc, rules):
    spec = DocSpec(
        [
            "政府信息公开申请答复书（七）",
            "李某某：",
            "本机关（机构）于2008年6月10日收到了您（单位）要求获取某泵站运行维护经费的申请。",
            "根据《中华人民共和国政府信息公开条例》第二十三条的规定，本机关（机构）因此不予公开。",
            "2008年7月1日",
            "使用指南：",
            "本文本适用于《上海市政府信息公开规定》第二十三条第（七）项关于“权利人同意公开”情形的答复。",
        ]
    )
    el, _ = _run(make_doc(spec, "docx"), rules)
    assert _basis(el) == [("中华人民共和国政府信息公开条例", 23, None, None)]


PUDONG_NOT_APPLICATION = [
    "上海市浦东新区非政府信息公开申请告知书",
    "沪浦信息公开（2007）第0075号-非申告",
    "张某某：",
    "您（单位）于2007年3月5日 提交的有关浦东新区某路段交通规划图的材料已经收到，"
    "见《收件证明》沪浦信息公开（2007）第0075号-收件。",
    "经查，您（单位）提交的材料不符合《上海市政府信息公开规定》第十一条规定的政府信息公开的"
    "申请要求，本机关不再按照《上海市政府信息公开规定》做出答复。",
    "特此告知。",
    "上海市浦东新区人民政府办公室",
    "2007年3月20日",
]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_not_an_application_is_outcome_other(make_doc, rules, check_evidence, fmt):
    doc = make_doc(DocSpec(PUDONG_NOT_APPLICATION), fmt)
    el, _ = _run(doc, rules)
    assert el["outcome"].value == "other"
    assert el["received_date"].value == "2007-03-05"
    assert find_document_number(doc).value == "沪浦信息公开（2007）第0075号-非申告"  # type: ignore[union-attr]
    check_evidence(doc, el)


def test_not_an_application_in_the_body_alone(make_doc, rules):
    spec = DocSpec(["政府信息公开告知书", *PUDONG_NOT_APPLICATION[2:]])
    el, _ = _run(make_doc(spec, "docx"), rules)
    assert el["outcome"].value == "other"


def test_received_as_materials_submitted_on_a_date(make_doc, rules, check_evidence):
    spec = DocSpec(
        [
            "政府信息公开申请答复书",
            "王某某：",
            "本机关已收到您于2024年3月1日提交的政府信息公开申请材料。经研究，现答复如下：",
            "您申请公开的政府信息不存在。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项，"
            "特此告知。",
            "集贤县自然资源局",
            "2024年3月20日",
        ]
    )
    doc = make_doc(spec, "docx")
    el, _ = _run(doc, rules)
    assert el["received_date"].value == "2024-03-01"
    check_evidence(doc, el["received_date"])


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_number_a_sentence_names_is_not_the_texts_own(make_doc, fmt):
    spec = DocSpec(
        [
            "行政判决书（节选）",
            "被告2014年3月21日收到该申请后，于2014年4月11日对原告作出了郑高开(2014)第29号政府信息"
            "公开告知书，原告不服，诉至法院。",
        ]
    )
    assert find_document_number(make_doc(spec, fmt)) is None


def test_a_title_run_into_the_number_is_cut_off(make_doc, check_evidence):
    doc = make_doc(DocSpec(["行政復議決定書花都府行復〔2025〕615號", "申請人：鐘某某"]), "docx")
    number = find_document_number(doc)
    assert number is not None and number.value == "花都府行復〔2025〕615號"
    check_evidence(doc, number)


def test_a_cover_notice_signs_off_after_its_first_sentence(make_doc, check_evidence):
    spec = DocSpec(
        [
            "各县(区)人民政府、管委会,市政府各部门、市直相关单位:",
            "《2023年新余市政务公开工作要点》已经市政府同意,现印发给你们,请结合实际认真贯彻落实。",
            "新余市人民政府办公室",
            "2023年8月7日",
            "(此件主动公开)",
            "2023年新余市政务公开工作要点",
            "为进一步深化新余市政务公开工作,提高行政透明度和政府公信力,制定本要点。",
        ]
    )
    doc = make_doc(spec, "docx")
    issuer = find_issuer(doc)
    assert issuer is not None and issuer.value == "新余市人民政府办公室"
    check_evidence(doc, issuer)
