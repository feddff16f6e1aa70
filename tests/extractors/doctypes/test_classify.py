"""Document classification: one realistic example of every type, and the tricky titles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from extractors.doctypes.classify import classify, find_title
from extractors.parsing.dispatch import parse_bytes
from extractors.vocabulary import DOC_TYPES
from kaohe.demo.docgen import DocSpec, TableSpec
from kaohe.errors import ConfigError

CONFIG_DIR = Path(__file__).resolve().parents[3] / "config"
FORMATS = ("docx", "pdf")

REMEDY = (
    "如您不服本答复，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，或者在6个月内"
    "依法向人民法院提起行政诉讼。"
)

# (expected type, spec): titles as units really write them, with 红头, 文号 and 密级 lines.
CASES: list[tuple[str, str, DocSpec]] = [
    (
        "reply",
        "reply_letter",
        DocSpec(
            [
                "集贤县自然资源局",
                "政府信息公开申请答复书",
                "集自然资信复〔2024〕7号",
                "王某某：",
                "本机关于2024年3月5日收到您提出的政府信息公开申请。经研究，现答复如下：",
                REMEDY,
            ]
        ),
    ),
    (
        "extension",
        "reply_letter",
        DocSpec(
            [
                "聊城市住房和城乡建设局",
                "政府信息公开延期答复告知书",
                "聊建公开告字[2023]61号",
                "张某某：",
                "因需要进一步核查，本机关决定延长答复期限20个工作日。特此告知。",
            ]
        ),
    ),
    (
        "reconsideration_decision",
        "review_decision",
        DocSpec(
            [
                "泸县人民政府",
                "行政复议决定书",
                "泸县府复决〔2022〕30号",
                "申请人：李某某",
                "被申请人：泸县自然资源和规划局",
                "申请人对被申请人作出的政府信息公开答复不服，向本机关申请行政复议。本机关依法受理。",
            ]
        ),
    ),
    (
        "standing_meeting",
        "meeting_minutes",
        DocSpec(
            [
                "铁岭县人民政府",
                "常务会议纪要",
                "〔2024〕5号",
                "3月15日，县长常东旭主持召开县政府第5次常务会议。",
            ]
        ),
    ),
    (
        "training_notice",
        "training_record",
        DocSpec(
            [
                "集贤县人民政府办公室",
                "关于召开政务公开业务培训会的通知",
                "各乡镇人民政府，县政府各部门：",
                "定于2024年5月20日召开全县政务公开业务培训会。",
            ]
        ),
    ),
    (
        "work_plan",
        "work_plan",
        DocSpec(
            [
                "集贤县人民政府办公室文件",
                "集政办发〔2024〕8号",
                "关于印发2024年政务公开工作要点的通知",
                "各乡镇人民政府，县政府各部门：",
                "现将《集贤县2024年政务公开工作要点》印发给你们，请认真贯彻落实。",
            ]
        ),
    ),
    (
        "task_division",
        "implementation_plan",
        DocSpec(
            [
                "集贤县2024年政务公开工作要点任务分工方案",
                "为抓好《集贤县2024年政务公开工作要点》落实，制定本方案。",
            ]
        ),
    ),
    (
        "implementation",
        "implementation_plan",
        DocSpec(
            [
                "集贤县基层政务公开标准化规范化工作实施方案",
                "为深入推进基层政务公开标准化规范化工作，结合我县实际，制定本方案。",
            ]
        ),
    ),
    (
        "annual_report",
        "annual_report",
        DocSpec(
            [
                "集贤县2023年政府信息公开工作年度报告",
                "本报告由集贤县人民政府办公室根据《中华人民共和国政府信息公开条例》编制。全年共收到"
                "政府信息公开申请12件，均已按期答复。",
            ]
        ),
    ),
    (
        "leader_instruction",
        "leader_instruction",
        DocSpec(
            [
                "领导批示单",
                TableSpec(
                    rows=[
                        ["来文单位", "县政务公开办"],
                        ["事由", "关于2023年度政务公开第三方评估情况的报告"],
                        ["拟办意见", "呈请县长阅示。"],
                        ["领导批示", "请县政府办牵头抓好整改落实。常东旭 2024年2月6日"],
                    ]
                ),
            ]
        ),
    ),
    (
        "policy_interpretation",
        "policy_interpretation",
        DocSpec(
            [
                "关于《集贤县城乡居民基本医疗保险实施办法》的政策解读",
                "一、出台背景",
                "为进一步完善城乡居民基本医疗保险制度，制定本办法。",
            ]
        ),
    ),
    (
        "assessment_method",
        "system_document",
        DocSpec(
            [
                "集贤县政务公开工作考核办法",
                "第一条 为推动政务公开工作落实，制定本办法。",
                "第二条 考核对象为各乡镇人民政府和县政府各部门。",
            ]
        ),
    ),
    (
        "procedure_rules",
        "system_document",
        DocSpec(
            [
                "集贤县人民政府办公室",
                "关于印发《集贤县政府信息公开申请办理工作规程》的通知",
                "集政办规〔2023〕2号",
                "各乡镇人民政府，县政府各部门：",
            ]
        ),
    ),
    (
        "press_conference",
        "press_conference",
        DocSpec(
            [
                "集贤县2024年第二场新闻发布会实录",
                "发布人：县政府办公室副主任苏艺",
                "记者提问：今年我县在政务公开方面有哪些新举措？",
            ]
        ),
    ),
    (
        "printed_web_page",
        "website_snapshot",
        DocSpec(
            [
                "当前位置：首页 > 政务公开 > 法定主动公开内容 > 政策文件",
                "发布时间：2024-03-08 浏览次数：126",
                "栏目：政府信息公开指南",
            ]
        ),
    ),
    (
        "untitled_minutes",
        "meeting_minutes",
        DocSpec(
            [
                "会议时间：2024年3月15日上午9:00",
                "主持人：常东旭",
                "参会人员：县政府领导班子成员",
                "会议听取了政务公开工作汇报。",
            ]
        ),
    ),
    (
        "summary",
        "other",
        DocSpec(
            [
                "集贤县人民政府办公室",
                "关于2023年度重点工作完成情况的报告",
                "县政府：",
                "现将我办2023年度重点工作完成情况报告如下。",
            ]
        ),
    ),
]


def test_doc_types_are_the_contract_types():
    assert DOC_TYPES == (
        "reply_letter",
        "meeting_minutes",
        "training_record",
        "work_plan",
        "implementation_plan",
        "annual_report",
        "leader_instruction",
        "policy_interpretation",
        "system_document",
        "press_conference",
        "website_snapshot",
        "review_decision",
        "other",
    )
    assert {expected for _, expected, _ in CASES} | {"website_snapshot"} == set(DOC_TYPES)


def test_the_classifier_table_lives_only_in_the_config(make_doc, rules):
    shipped = yaml.safe_load((CONFIG_DIR / "extraction.yaml").read_text(encoding="utf-8"))
    # website_crawl: the registered type of kaohe's own crawl records (issue 11)
    assert set(shipped["classifier"]["types"]) == set(DOC_TYPES) - {"other"} | {"website_crawl"}
    doc = make_doc(DocSpec(["关于召开政务公开工作会议的通知"]), "docx")
    bare = replace(rules, data={k: v for k, v in rules.data.items() if k != "classifier"}, hash="x")
    with pytest.raises(ConfigError, match="缺少 classifier"):
        classify(doc, bare)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("name", "expected", "spec"), CASES, ids=[c[0] for c in CASES])
def test_classify_every_type(make_doc, rules, check_evidence, fmt, name, expected, spec):
    doc = make_doc(spec, fmt, name)
    doc_type, evidence = classify(doc, rules)
    assert doc_type == expected
    if expected != "other":
        assert evidence is not None
        check_evidence(doc, evidence)


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_evidence_is_the_title_not_the_red_head(make_doc, rules, fmt):
    spec = next(s for n, _, s in CASES if n == "work_plan")
    doc = make_doc(spec, fmt)
    _, evidence = classify(doc, rules)
    assert evidence is not None and evidence.quote == "关于印发2024年政务公开工作要点的通知"
    assert find_title(doc, rules) == evidence


def test_title_wrapped_across_pdf_lines(make_doc, rules, check_evidence):
    # A long title wraps on an A4 line; the kind ("方案") is on the second line.
    title = (
        "关于印发《集贤县2024年政务公开工作要点》及《全县政府网站与政务新媒体管理工作要点》"
        "任务分工方案的通知"
    )
    doc = make_doc(DocSpec([title, "各乡镇人民政府：", "现印发给你们。"]), "pdf")
    first_line = doc.blocks[0].text.split("\n")[0]
    assert "方案" not in first_line  # the fixture really wraps before the kind
    doc_type, evidence = classify(doc, rules)
    assert doc_type == "implementation_plan"
    assert evidence is not None and "方案" in evidence.quote
    check_evidence(doc, evidence)


def test_html_page_is_website_snapshot(rules, check_evidence):
    html = (
        "<html><head><title>政策解读_集贤县人民政府</title></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/zwgk'>政务公开</a></div>"
        "<ul><li><a href='/1'>关于《集贤县城乡居民基本医疗保险实施办法》的政策解读</a></li>"
        "<li><a href='/2'>2023年政府信息公开工作年度报告</a></li></ul></body></html>"
    ).encode()
    doc = parse_bytes(html, "page.html")
    assert doc.status == "ok"
    doc_type, evidence = classify(doc, rules)
    assert doc_type == "website_snapshot"
    assert evidence is not None
    check_evidence(doc, evidence)


def test_rules_override_keywords(make_doc, rules):
    doc = make_doc(DocSpec(["集贤县政务公开工作台账", "一、主动公开情况"]), "docx")
    assert classify(doc, rules)[0] == "other"
    data = dict(rules.data)
    shipped = rules.section("classifier")
    cfg = {**shipped, "types": dict(shipped["types"])}
    cfg["types"]["system_document"] = {
        **shipped["types"]["system_document"],
        "title": {**shipped["types"]["system_document"]["title"], "台账": 2},
    }
    data["classifier"] = cfg
    custom = replace(rules, data=data, hash="custom-classifier")
    assert classify(doc, custom)[0] == "system_document"
    assert classify(doc, rules)[0] == "other"  # the shipped rules were not mutated


def test_partial_and_invalid_classifier_sections(make_doc, rules):
    doc = make_doc(DocSpec(["会议时间：2024年3月15日", "主持人：常东旭"]), "docx")
    shipped = rules.section("classifier")
    low = replace(
        rules, data={**rules.data, "classifier": {**shipped, "body_threshold": 1}}, hash="low"
    )
    high = replace(
        rules, data={**rules.data, "classifier": {**shipped, "body_threshold": 99}}, hash="hi"
    )
    assert classify(doc, low)[0] == "meeting_minutes"
    assert classify(doc, high) == ("other", None)
    bad = replace(rules, data={**rules.data, "classifier": {"types": {"memo": {}}}}, hash="bad")
    with pytest.raises(ConfigError, match="classifier"):
        classify(doc, bad)
    # a section without its keyword table is refused, not filled in from code
    no_types = replace(rules, data={**rules.data, "classifier": {"body_threshold": 1}}, hash="nt")
    with pytest.raises(ConfigError, match="缺少 types"):
        classify(doc, no_types)


def test_empty_document_is_other(tmp_path: Path, rules):
    doc = parse_bytes(b"\n\n", "x.txt")
    assert classify(doc, rules) == ("other", None)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("name", "quote"),
    [
        ("reply", "政府信息公开申请答复书"),  # not joined with the 红头 issuer line above it
        ("standing_meeting", "常务会议纪要"),
        ("leader_instruction", "领导批示单"),
        ("policy_interpretation", "关于《集贤县城乡居民基本医疗保险实施办法》的政策解读"),
    ],
)
def test_title_quote_is_exactly_the_title(make_doc, rules, fmt, name, quote):
    spec = next(s for n, _, s in CASES if n == name)
    _, evidence = classify(make_doc(spec, fmt), rules)
    assert evidence is not None and evidence.quote == quote
