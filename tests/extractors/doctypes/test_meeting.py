"""会议纪要: meeting_date, chair, discusses_disclosure on docgen docx and pdf minutes."""

from __future__ import annotations

import pytest

from extractors.doctypes.classify import classify
from extractors.doctypes.common import common_elements
from extractors.doctypes.meeting import extract_meeting
from kaohe.demo.docgen import DocSpec, TableSpec

FORMATS = ("docx", "pdf")

# A county 常务会议纪要 (phrasing after regulations.md §5 [S8]): year only in the 印发 line.
STANDING = DocSpec(
    items=[
        "铁岭县人民政府",
        "常务会议纪要",
        "〔2024〕5号",
        "3月15日，县长常东旭主持召开县政府第5次常务会议。会议听取了县政府办公室关于2023年全县"
        "政务公开工作情况的汇报，审议并原则通过《铁岭县2024年政务公开工作要点》，研究了春季森林"
        "防火工作。现将会议议定事项纪要如下：",
        "一、关于2024年政务公开工作要点",
        "会议指出，做好政务公开工作是建设法治政府的重要内容。会议要求，各乡镇、各部门要严格落实"
        "《中华人民共和国政府信息公开条例》，按时完成政府信息公开工作年度报告的编制和发布。",
        "二、关于春季森林防火工作",
        "会议要求，各乡镇要落实森林防火责任，加强野外用火管理。",
        "出席：常东旭、李明、王强、赵刚",
        "列席：县政府办公室、县政务公开办、县财政局、县应急管理局主要负责同志",
        "请假：刘伟",
        "抄送：县委办公室，县人大常委会办公室，县政协办公室。",
        "铁岭县人民政府办公室 2024年3月18日印发",
    ],
    footer="— 1 —",
)

# A 党组会议纪要 where 政务公开办 appears only among the attendees.
PARTY_GROUP = DocSpec(
    items=[
        "中共集贤县财政局党组",
        "党组会议纪要",
        "第3期",
        "2024年4月10日上午，局党组书记、局长王建国主持召开2024年第3次党组会议，传达学习全省财政"
        "工作会议精神，研究部署第二季度财政重点工作。现纪要如下：",
        "一、会议传达学习了全省财政工作会议精神。会议要求，全局干部要把思想和行动统一到会议精神上来。",
        "二、会议研究了2024年预算执行和国有资产管理工作，同意局办公室提出的工作安排。",
        "出席：王建国、李华、张敏、陈刚",
        "列席：局办公室、县政务公开办派员",
        "记录：孙丽",
        "集贤县财政局办公室 2024年4月11日印发",
    ]
)

# A 推进会 record: labelled time, chair named with "由…主持", disclosure in the title only.
PROMOTION = DocSpec(
    items=[
        "双鸭山市政务公开工作推进会会议记录",
        "会议时间：2021年5月21日上午 9:00",
        "会议地点：市政府三楼会议室",
        "本次会议由市政府办公室副主任苏艺主持，各县区政府办公室分管负责同志参加会议。",
        "会上，各县区逐一汇报了上半年重点工作进展，苏艺对下一步工作提出了要求。",
        "双鸭山市人民政府办公室",
        "2021年5月24日",
    ],
    right_aligned=frozenset({5, 6}),
)

# Minutes without a date of the meeting or a chair (only the 印发 date is given).
NO_DATE = DocSpec(
    items=[
        "县政府专题会议纪要",
        "会议研究了城区供暖工作，议定事项如下：",
        "一、由县住建局牵头制定供暖保障方案。",
        "集贤县人民政府办公室 2024年1月8日印发",
    ]
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_standing_meeting_with_disclosure_item(make_doc, rules, check_evidence, fmt):
    doc = make_doc(STANDING, fmt)
    assert classify(doc, rules)[0] == "meeting_minutes"
    elements, findings = extract_meeting(doc, rules, common_elements(doc))
    # "3月15日" takes the year of the document; the 印发 date 2024-03-18 is not the meeting.
    assert elements["meeting_date"].value == "2024-03-15"
    assert "县长常东旭主持召开" in elements["meeting_date"].evidence[0].quote
    assert elements["chair"].value == "常东旭"
    disc = elements["discusses_disclosure"]
    assert disc.value is True
    assert any("政务公开工作情况的汇报" in e.quote for e in disc.evidence)
    assert not any(e.quote.startswith("列席") for e in disc.evidence)
    assert findings == []
    assert check_evidence(doc, elements) >= 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_party_group_minutes_attendee_only_is_not_disclosure(make_doc, rules, check_evidence, fmt):
    doc = make_doc(PARTY_GROUP, fmt)
    assert classify(doc, rules)[0] == "meeting_minutes"
    elements, findings = extract_meeting(doc, rules, common_elements(doc))
    assert elements["meeting_date"].value == "2024-04-10"
    assert elements["chair"].value == "王建国"
    assert elements["discusses_disclosure"].value is False
    assert elements["discusses_disclosure"].evidence == ()
    codes = [f.code for f in findings]
    assert codes == ["meeting_no_disclosure"]
    assert "政务公开" in findings[0].message
    check_evidence(doc, elements)


@pytest.mark.parametrize("fmt", FORMATS)
def test_promotion_meeting_labelled_time_and_chair_by_you(make_doc, rules, check_evidence, fmt):
    doc = make_doc(PROMOTION, fmt)
    assert classify(doc, rules)[0] == "meeting_minutes"
    elements, findings = extract_meeting(doc, rules, common_elements(doc))
    assert elements["meeting_date"].value == "2021-05-21"
    assert elements["meeting_date"].evidence[0].quote.startswith("会议时间：2021年5月21日")
    assert elements["chair"].value == "苏艺"
    assert elements["discusses_disclosure"].value is True
    assert findings == []
    check_evidence(doc, elements)


@pytest.mark.parametrize("fmt", FORMATS)
def test_minutes_without_meeting_date_or_chair(make_doc, rules, check_evidence, fmt):
    doc = make_doc(NO_DATE, fmt)
    elements, findings = extract_meeting(doc, rules, common_elements(doc))
    assert "meeting_date" not in elements  # the 印发 date is not the meeting date
    assert "chair" not in elements  # "由县住建局牵头" names no person
    assert elements["discusses_disclosure"].value is False
    codes = {f.code: f for f in findings}
    assert set(codes) == {"missing_meeting_date", "missing_meeting_chair", "meeting_no_disclosure"}
    assert "会议时间" in codes["missing_meeting_date"].message
    assert codes["missing_meeting_date"].message == rules.message("missing_meeting_date")


def test_chair_label_and_title_after_name(make_doc, rules):
    spec = DocSpec(
        items=[
            "县政务公开领导小组会议记录",
            "时间：2023年12月5日下午3:00",
            "主持人：副县长 张 伟",
            "记录人：王芳",
            "会议听取了县政务公开办关于年度考核情况的汇报，研究部署2024年政务公开重点工作。",
        ]
    )
    doc = make_doc(spec, "docx")
    elements, _ = extract_meeting(doc, rules, common_elements(doc))
    assert elements["chair"].value == "张伟"
    assert elements["meeting_date"].value == "2023-12-05"
    assert elements["discusses_disclosure"].value is True


# A 会议记录表: the form most units fill in, labels and values in separate cells.
FORM = DocSpec(
    items=[
        "会议记录",
        TableSpec(
            rows=[
                ["会议名称", "2024年第一季度政务公开工作例会"],
                ["会议时间", "2024年3月28日"],
                ["主持人", "副局长 刘 洋"],
                ["参会人员", "局办公室、县政务公开办派员"],
                ["会议内容", "通报一季度政府信息公开申请办理情况，部署政务公开专栏内容更新工作。"],
            ]
        ),
        "记录人：孙丽",
    ]
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_form_table_minutes(make_doc, rules, check_evidence, fmt):
    doc = make_doc(FORM, fmt)
    assert classify(doc, rules)[0] == "meeting_minutes"
    elements, findings = extract_meeting(doc, rules, common_elements(doc))
    assert elements["meeting_date"].value == "2024-03-28"
    assert elements["chair"].value == "刘洋"
    assert elements["discusses_disclosure"].value is True
    assert findings == []
    assert check_evidence(doc, elements) >= 3
