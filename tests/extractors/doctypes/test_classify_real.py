"""Issue 8, real phrasing: documents headed by their issuing notice, notices about work, 问答
of a work plan, case headlines of review decisions."""

from __future__ import annotations

import pytest

from extractors.doctypes.classify import classify
from extractors.extract import extract
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")

# 北京市2018年政务公开工作要点: the notice's salutation comes first, the plan's title after it
BEIJING_PLAN = DocSpec(
    [
        "各区人民政府，市政府各委、办、局，各市属机构：",
        "《北京市2018年政务公开工作要点》已经市政府同意，现印发给你们，请结合实际认真贯彻落实。",
        "北京市人民政府办公厅",
        "2018年5月11日",
        "北京市2018年政务公开工作要点",
        "2018年全市政务公开工作的总体要求是：全面贯彻落实党的十九大精神，大力推进决策、执行、"
        "管理、服务、结果公开，加强政策解读，扩大公众参与。",
        "一、加强政府重点工作信息公开",
    ]
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_work_plan_headed_by_its_issuing_notice(make_doc, rules, check_evidence, fmt):
    doc = make_doc(BEIJING_PLAN, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "work_plan"
    assert result.elements["year"].value == 2018
    assert result.elements["issuer"].value == "北京市人民政府办公厅"
    check_evidence(doc, result.elements)
    assert classify(doc, rules)[1] is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_work_plan_title_wrapped_after_the_year_in_its_own_paragraph(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "菏泽市定陶区人民政府办公室",
            "关于印发2017年定陶区政务公开",
            "工作要点的通知",
            "菏定政办发〔2017〕26号",
            "各镇人民政府、街道办事处，区政府各部门：",
            "《2017年定陶区政务公开工作要点》已经2017年8月26日区政府第5次常务会议研究通过，"
            "现印发给你们，请认真贯彻执行。",
            "菏泽市定陶区人民政府办公室",
            "2017年8月28日",
        ]
    )
    result = extract(make_doc(spec, fmt), rules)
    assert result.doc_type == "work_plan"
    assert result.elements["year"].value == 2017


@pytest.mark.parametrize("fmt", FORMATS)
def test_rules_headed_by_their_issuing_notice_are_a_system_document(
    make_doc, rules, check_evidence, fmt
):
    spec = DocSpec(
        [
            "云南禄丰产业园区管委会，各乡镇人民政府，市级各部门：",
            "《禄丰市人民政府常务会议议事规则》已经2024年11月13日召开的二届市人民政府第93次"
            "常务会议通过，现予印发。",
            "禄丰市人民政府",
            "2024年11月20日",
            "禄丰市人民政府常务会议议事规则",
            "第一章 总 则",
            "第一条 为推进市政府常务会议议事决策科学化、民主化、制度化，制定本规则。",
        ]
    )
    doc = make_doc(spec, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "system_document"
    assert result.elements["issuer"].value == "禄丰市人民政府"
    check_evidence(doc, result.elements["issuer"])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "title",
    [
        "沧源佤族自治县人民政府办公室关于2025年一季度政策解读工作检查情况通报",
        "市政务公开领导小组办公室关于认真做好2021年政府信息公开工作年度报告编制发布工作的通知",
    ],
)
def test_notices_about_reports_and_inspections_are_other(make_doc, rules, fmt, title):
    spec = DocSpec(
        [
            title,
            "各县市区人民政府，市直各单位：",
            "为规范做好政府信息公开工作年度报告的编制和发布工作，现就有关事项通知如下：",
            "一、准确领会，认真部署",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "other"


@pytest.mark.parametrize("fmt", FORMATS)
def test_question_and_answer_of_a_work_plan_is_an_interpretation(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "【简明问答5】2023年济南市济阳区政务公开工作要点",
            "发布日期：2023.07.28",
            "问：今年政务公开工作要点跟往年相比，有什么变化吗？",
            "答：首先，今年是我区法治政府建设示范区的建设之年，政务公开的重心回归全区中心工作。",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "policy_interpretation"


@pytest.mark.parametrize("fmt", FORMATS)
def test_case_headline_quoting_a_notice_is_a_review_decision(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "汪某良因不服被申请人仙居县人民政府于2022年5月20日作出的《政府信息公开申请告知书》一案",
            "台州市人民政府",
            "行政复议决定书",
            "台政复〔2022〕103号",
            "申请人：汪某良",
            "被申请人：仙居县人民政府",
            "申请人称：申请人通过邮政寄挂号信向被申请人申请政府信息公开。",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "review_decision"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_forwarded_document_without_a_kind_is_not_read_as_a_title(make_doc, rules, fmt):
    # the forwarding sentence quotes a name with no title keyword: the body decides
    spec = DocSpec(
        [
            "各乡镇人民政府，县政府各部门：",
            "《关于进一步加强基层政务公开的意见》已经县政府同意，现印发给你们，请认真贯彻落实。",
            "集贤县人民政府办公室",
            "2024年3月1日",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "other"


@pytest.mark.parametrize("fmt", FORMATS)
def test_news_lede_after_a_purpose_sentence_names_the_meeting_and_its_chair(
    make_doc, rules, check_evidence, fmt
):
    # 龙南市 (2021): the purpose clause is a sentence of its own, the event comes second
    spec = DocSpec(
        [
            "为深入学习掌握新修订的《中华人民共和国政府信息公开条例》，提高政务公开工作能力和水平。"
            "2021年7月6日，我市市政府主要领导钟旭辉同志主持召开了龙南市第一届人民政府第二十一次"
            "常务会议，会议上组织各有关单位学习了《中华人民共和国政府信息公开条例》。",
            "会议强调，各地各部门各单位要认真贯彻执行《条例》。",
        ]
    )
    doc = make_doc(spec, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "meeting_minutes"
    assert result.elements["chair"].value == "钟旭辉"
    assert result.elements["meeting_date"].value == "2021-07-06"
    check_evidence(doc, result.elements)


@pytest.mark.parametrize("fmt", FORMATS)
def test_news_lede_in_the_third_sentence_a_class_opening(make_doc, rules, fmt):
    # 辽宁日报 (2008): byline and background first; "…培训班在沈阳开班" is the event
    spec = DocSpec(
        [
            "辽宁日报讯 记者李明报道 为认真贯彻落实《中华人民共和国政府信息公开条例》，省政务公开办"
            "从现在起，分期分批对政务公开办事机构工作人员进行培训。这是我省首次进行大规模培训。",
            "7月2日，全省首届政务公开培训班在沈阳开班。",
        ]
    )
    result = extract(make_doc(spec, fmt), rules)
    assert result.doc_type == "training_record"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_event_beyond_the_lede_sentences_does_not_decide(make_doc, rules, fmt):
    # a report whose fourth sentence mentions a meeting held is not meeting minutes
    spec = DocSpec(
        [
            "一、总体情况。今年以来，我县持续推进政务公开。全年主动公开信息一千余条。"
            "3月，县政府召开政务公开工作推进会。",
        ]
    )
    result = extract(make_doc(spec, fmt), rules)
    assert result.doc_type != "meeting_minutes"


@pytest.mark.parametrize("fmt", FORMATS)
def test_meeting_record_form_without_a_title(make_doc, rules, fmt):
    # 临沂公路 (2020): 时间 / 地点 / 参加人员 / 议题, no meeting title
    spec = DocSpec(
        [
            "时 间:2020年3月2日",
            "地 点:2117会议室",
            "参加人员:张晓兵、刘玉民、任均华",
            "议 题:",
            "1、听取政务公开工作报告并研究部署2020年政务公开工作",
            "会议解读:",
            "1、会议听取了政务公开工作报告,要求各科室按时公开。",
        ]
    )
    result = extract(make_doc(spec, fmt), rules)
    assert result.doc_type == "meeting_minutes"
    assert result.elements["meeting_date"].value == "2020-03-02"


@pytest.mark.parametrize("fmt", FORMATS)
def test_annual_report_foreword_citing_a_regulation_is_no_system_document(make_doc, rules, fmt):
    # 秦淮区 (2014): the excerpt starts at the foreword; 《…规定》 is cited, not the title
    spec = DocSpec(
        [
            "2015年3月13日",
            "引 言",
            "本年报是根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《南京市政府信息公开"
            "规定》(以下简称《规定》)要求,由秦淮区人民政府办公室编制而成。全文包括概述、主动公开政府"
            "信息情况、依申请公开政府信息情况。",
        ]
    )
    assert extract(make_doc(spec, fmt), rules).doc_type == "annual_report"
