"""培训: training_date, participant_count, covers_disclosure on docgen docx and pdf."""

from __future__ import annotations

import pytest

from extractors.doctypes.classify import classify
from extractors.doctypes.common import common_elements
from extractors.doctypes.training import extract_training, sign_in_rows
from kaohe.demo.docgen import DocSpec, TableSpec

FORMATS = ("docx", "pdf")

ATTENDEES = [
    ("1", "县发展和改革局", "刘晓东", "办公室主任"),
    ("2", "县财政局", "王丽", "科员"),
    ("3", "县自然资源局", "张建国", "副局长"),
    ("4", "县住房和城乡建设局", "李娜", "办公室主任"),
    ("5", "县教育局", "赵文博", "科员"),
    ("6", "县卫生健康局", "孙悦", "科员"),
    ("7", "县市场监督管理局", "周强", "副局长"),
    ("8", "县应急管理局", "吴敏", "科员"),
    ("9", "福利镇人民政府", "郑海涛", "党政办主任"),
    ("10", "升昌镇人民政府", "冯雪", "科员"),
    ("11", "兴安乡人民政府", "陈志远", "副乡长"),
    ("12", "太平镇人民政府", "褚丹丹", "科员"),
]


def _sign_in_table() -> TableSpec:
    rows = [["2024年全县政务公开业务培训班签到表", "", "", ""]]
    rows.append(["序号", "单位", "姓名", "职务"])
    rows += [list(r) for r in ATTENDEES]
    rows += [["13", "", "", ""], ["14", "", "", ""]]  # printed blank lines, nobody signed
    return TableSpec(rows=rows, merges=[(0, 0, 0, 3)])


# A 培训通知 (the notice date and a 报名 deadline are not the training date) + 签到表, no total.
NOTICE_WITH_SIGN_IN = DocSpec(
    items=[
        "集贤县人民政府办公室",
        "关于举办2024年全县政务公开业务培训班的通知",
        "集政办发〔2024〕12号",
        "各乡镇人民政府，县政府各部门：",
        "为进一步提升全县政务公开工作水平，经县政府同意，定于2024年5月20日在县政府三楼会议室举办"
        "全县政务公开业务培训班。现将有关事项通知如下：",
        "一、培训内容：《中华人民共和国政府信息公开条例》解读、依申请公开答复规范、政府网站与政务"
        "新媒体管理、政务公开考核指标解读。",
        "二、参训人员：各乡镇、县政府各部门分管政务公开工作的负责同志和具体工作人员各1名。",
        "三、请各单位于5月15日前将参训人员名单报送至县政务公开办。",
        "集贤县人民政府办公室",
        "2024年5月8日",
        _sign_in_table(),
    ],
    right_aligned=frozenset({8, 9}),
    page_breaks=frozenset({10}),
)

# A 简报-style record with an approximate total (regulations.md §5 [S8]).
RECORD_130 = DocSpec(
    items=[
        "集贤县举办全县政务公开业务培训会",
        "5月20日，县政府办公室举办全县政务公开业务培训会。县政府办公室副主任苏艺出席会议并讲话，"
        "县政务公开办主任主持培训会。",
        "培训邀请市政务公开办业务骨干授课，围绕政府信息公开、政府网站建设、网上政务服务、信息保密"
        "等内容进行了系统讲解。各乡镇、各部门分管负责同志及政务公开工作人员共130余人参加培训。",
        "集贤县人民政府办公室",
        "2024年5月21日",
    ],
    right_aligned=frozenset({3, 4}),
)

# 政务信息 (information submission) training: not 政务公开, though the 政务公开办 hosts it.
INFO_SUBMISSION = DocSpec(
    items=[
        "全县政务信息报送业务培训记录",
        "2024年6月12日，县政府办公室在县政府二楼会议室举办全县政务信息报送工作培训，培训由县政务"
        "公开办承办，县政府办公室副主任李明主持。",
        "培训围绕政务信息的选题、写作和报送时效进行了讲解，并通报了上半年各单位政务信息采用情况。",
        "参训人员共计四十五人。",
    ]
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_notice_with_sign_in_sheet_counts_rows(make_doc, rules, check_evidence, fmt):
    doc = make_doc(NOTICE_WITH_SIGN_IN, fmt)
    assert classify(doc, rules)[0] == "training_record"
    elements, findings = extract_training(doc, rules, common_elements(doc))
    assert elements["training_date"].value == "2024-05-20"
    assert "定于2024年5月20日" in elements["training_date"].evidence[0].quote
    count = elements["participant_count"]
    assert count.value == len(ATTENDEES) == 12
    quotes = [e.quote for e in count.evidence]
    assert quotes == ["刘晓东", "褚丹丹"]
    if fmt == "pdf":
        assert all(e.page == 2 for e in count.evidence)
    else:
        assert all(e.page is None and e.paragraph for e in count.evidence)
    assert elements["covers_disclosure"].value is True
    assert findings == []
    assert check_evidence(doc, elements) >= 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_sign_in_rows_exclude_header_and_blank_rows(make_doc, fmt):
    doc = make_doc(NOTICE_WITH_SIGN_IN, fmt)
    names = [name for _, name in sign_in_rows(doc)]
    assert names == [r[2] for r in ATTENDEES]


@pytest.mark.parametrize("fmt", FORMATS)
def test_record_with_approximate_total(make_doc, rules, check_evidence, fmt):
    doc = make_doc(RECORD_130, fmt)
    assert classify(doc, rules)[0] == "training_record"
    elements, findings = extract_training(doc, rules, common_elements(doc))
    assert elements["participant_count"].value == 130
    assert "共130余人参加培训" in elements["participant_count"].evidence[0].quote
    assert elements["training_date"].value == "2024-05-20"  # year from the 2024-05-21 sign-off
    assert elements["covers_disclosure"].value is True
    assert any(
        "政府信息公开、政府网站建设" in e.quote for e in elements["covers_disclosure"].evidence
    )
    assert findings == []
    check_evidence(doc, elements)


@pytest.mark.parametrize("fmt", FORMATS)
def test_information_submission_training_is_not_disclosure(make_doc, rules, check_evidence, fmt):
    doc = make_doc(INFO_SUBMISSION, fmt)
    assert classify(doc, rules)[0] == "training_record"
    elements, findings = extract_training(doc, rules, common_elements(doc))
    assert elements["covers_disclosure"].value is False
    assert elements["covers_disclosure"].evidence == ()
    assert elements["participant_count"].value == 45  # Chinese numerals
    assert elements["training_date"].value == "2024-06-12"
    assert [f.code for f in findings] == ["training_no_disclosure"]
    check_evidence(doc, elements)


def test_planned_numbers_are_not_attendance(make_doc, rules):
    spec = DocSpec(
        items=[
            "关于召开政务公开业务培训会的通知",
            "各乡镇人民政府：",
            "县政府办公室定于6月3日举办政务公开业务培训会，请各乡镇选派2人参加，每单位限报2名。",
            "集贤县人民政府办公室",
            "2024年5月27日",
        ]
    )
    doc = make_doc(spec, "docx")
    assert classify(doc, rules)[0] == "training_record"
    elements, findings = extract_training(doc, rules, common_elements(doc))
    assert "participant_count" not in elements
    # a notice of a future training: its date is no training_date (issue 8)
    assert "training_date" not in elements
    assert elements["scheduled_date"].value == "2024-06-03"
    missing = [f for f in findings if f.code == "missing_participants"]
    assert len(missing) == 1 and "签到表" in missing[0].message


def test_attended_not_expected(make_doc, rules):
    spec = DocSpec(
        items=[
            "政务公开培训签到表",
            "培训时间：2023年9月8日",
            "应到50人，实到46人。",
        ]
    )
    doc = make_doc(spec, "pdf")
    elements, _ = extract_training(doc, rules, common_elements(doc))
    assert elements["participant_count"].value == 46
    assert elements["training_date"].value == "2023-09-08"


# A 培训记录表 with the total in a labelled cell (no sign-in rows).
FORM = DocSpec(
    items=[
        "政务公开业务培训记录表",
        TableSpec(
            rows=[
                ["培训主题", "政府信息公开条例及依申请公开办理实务"],
                ["培训时间", "2023年11月16日"],
                ["培训地点", "县政府三楼会议室"],
                ["参训人数", "６２人"],
                ["培训内容", "解读政府信息公开条例，讲解依申请公开答复规范和常见问题。"],
            ]
        ),
    ]
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_form_table_record(make_doc, rules, check_evidence, fmt):
    doc = make_doc(FORM, fmt)
    assert classify(doc, rules)[0] == "training_record"
    elements, findings = extract_training(doc, rules, common_elements(doc))
    assert elements["training_date"].value == "2023-11-16"
    assert elements["participant_count"].value == 62  # full-width digits
    assert elements["covers_disclosure"].value is True
    assert findings == []
    assert check_evidence(doc, elements) >= 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_up_sign_in_sheet_counts_every_name_column(make_doc, rules, fmt):
    rows = [["序号", "姓名", "单位", "序号", "姓名", "单位"]]
    rows += [["1", "王立新", "县自然资源局", "2", "李春梅", "县教育局"]]
    rows += [["3", "赵海峰", "县财政局", "4", "", ""]]
    spec = DocSpec(
        items=["2024年政务公开业务培训签到表", "培训时间：2024年5月20日", TableSpec(rows=rows)]
    )
    doc = make_doc(spec, fmt)
    assert [name for _, name in sign_in_rows(doc)] == ["王立新", "李春梅", "赵海峰"]
    elements, _ = extract_training(doc, rules, common_elements(doc))
    assert elements["participant_count"].value == 3
