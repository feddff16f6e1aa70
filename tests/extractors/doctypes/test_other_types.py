"""领导批示, 制度文件, 政策解读, 新闻发布会 and the 工作要点 deadline on generated docx and pdf."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from extractors.doctypes.common import common_elements
from extractors.doctypes.instruction import extract_leader_instruction
from extractors.doctypes.interpretation import extract_policy_interpretation
from extractors.doctypes.press_conference import extract_press_conference
from extractors.doctypes.system_document import extract_system_document
from extractors.doctypes.work_plan import extract_work_plan_extra
from extractors.model import Element, Finding, ParsedDocument
from extractors.parsing.dispatch import parse_file
from extractors.rules import ExtractionRules, load_extraction_rules
from extractors.text import collapse_ws
from extractors.text.numerals import chinese_number
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf

CONFIG = Path(__file__).resolve().parents[3] / "config"
BOTH = pytest.mark.parametrize("suffix", [".docx", ".pdf"])


@pytest.fixture(scope="module")
def rules() -> ExtractionRules:
    return load_extraction_rules(CONFIG)


def write(spec: DocSpec, path: Path) -> ParsedDocument:
    (write_docx if path.suffix == ".docx" else write_pdf)(spec, path)
    doc = parse_file(path)
    assert doc.status == "ok", doc.error
    return doc


def signed(items: Sequence[str | TableSpec], signoff: Sequence[str]) -> DocSpec:
    n = len(items) + len(signoff)
    return DocSpec([*items, *signoff], right_aligned=frozenset(range(len(items), n)))


def assert_quotes(doc: ParsedDocument, elements: dict[str, Element], findings: list[Finding]):
    texts = {(b.page, b.paragraph): collapse_ws(b.text) for b in doc.blocks}
    for ev in [e for el in elements.values() for e in el.evidence] + [
        e for f in findings for e in f.evidence
    ]:
        assert ev.quote and ev.quote in texts[(ev.page, ev.paragraph)], ev


def test_cn_int():
    assert chinese_number("二〇二三") == 2023
    assert chinese_number("二○一九") == 2019
    assert chinese_number("２０２４") == 2024
    assert chinese_number("十二") == 12
    assert chinese_number("三十一") == 31
    assert chinese_number("1 3") == 13
    assert chinese_number("—") is None


# ----------------------------------------------------------------------------- 领导批示


@BOTH
def test_instruction_form(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = DocSpec(
        [
            "集贤县人民政府办公室",
            "领导批示单",
            TableSpec(
                [
                    ["来文单位", "集贤县政务公开办公室"],
                    ["文件标题", "关于2024年一季度全县政务公开工作情况的报告"],
                    [
                        "领导批示",
                        "请县政务公开办对照省市考核要求，抓好政府信息公开专栏整改，年底前完成。",
                    ],
                    ["批示领导", "王建国"],
                    ["批示时间", "2024年4月8日"],
                ]
            ),
            "收文日期：2024年4月2日",
        ]
    )
    doc = write(spec, tmp_path / f"批示{suffix}")
    elements, findings = extract_leader_instruction(doc, rules, common_elements(doc))
    assert elements["instructor"].value == "王建国"
    assert elements["instruction_date"].value == "2024-04-08"
    assert elements["on_disclosure"].value is True
    assert findings == []
    assert_quotes(doc, elements, findings)


@BOTH
def test_instruction_in_narrative(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = DocSpec(
        [
            "关于县领导对政务公开工作批示精神的传达落实情况",
            "2024年3月12日，县委副书记、县长李明同志在《关于全县政务公开工作情况的报告》上作出批示："
            "“政务公开是建设法治政府的重要内容，各部门要高度重视，"
            "确保政府信息公开专栏按时更新。”",
            "县政务公开办第一时间组织传达学习，逐项抓好落实。",
        ]
    )
    doc = write(spec, tmp_path / f"落实情况{suffix}")
    elements, findings = extract_leader_instruction(doc, rules, common_elements(doc))
    assert elements["instructor"].value == "县长李明"
    assert elements["instruction_date"].value == "2024-03-12"
    assert elements["on_disclosure"].value is True
    assert_quotes(doc, elements, findings)


def test_instruction_not_on_disclosure(tmp_path: Path, rules: ExtractionRules):
    spec = signed(
        [
            "批示",
            "请县应急管理局牵头，对全县汛期安全生产隐患开展一次全面排查，确保不发生重大事故。",
        ],
        ["赵海涛", "2024年6月3日"],
    )
    doc = write(spec, tmp_path / "批示.docx")
    elements, findings = extract_leader_instruction(doc, rules, common_elements(doc))
    assert elements["on_disclosure"].value is False
    assert elements["on_disclosure"].evidence == ()
    assert elements["instruction_date"].value == "2024-06-03"
    assert [f.code for f in findings] == ["instruction_not_on_disclosure"]
    assert "已检索" in findings[0].message
    assert_quotes(doc, elements, findings)


# ----------------------------------------------------------------------------- 制度文件

PROCEDURE = [
    "集贤县住房和城乡建设局政府信息依申请公开工作规程",
    "第一条 为规范本局政府信息依申请公开工作，根据《中华人民共和国政府信息公开条例》，制定本规程。",
    "第二条 受理。办公室统一受理公民、法人或者其他组织提出的政府信息公开申请，"
    "当面提交的当场登记，邮寄申请以签收之日为收到申请之日。",
    "第三条 审查。办公室对申请内容进行审查，申请内容不明确的，7个工作日内一次性告知申请人补正。",
    "第四条 处理。承办科室在10个工作日内检索、提供所申请的政府信息，需保密审查的按规定报批。",
    "第五条 答复。办公室自收到申请之日起20个工作日内作出书面答复，加盖本局政府信息公开专用章。",
    "第六条 存档。申请材料、答复书及送达回证等按一件一档整理归档，保存期限不少于10年。",
]


@BOTH
def test_application_procedure_complete(tmp_path: Path, rules: ExtractionRules, suffix: str):
    doc = write(
        signed(PROCEDURE, ["集贤县住房和城乡建设局", "2023年3月1日"]), tmp_path / f"规程{suffix}"
    )
    elements, findings = extract_system_document(doc, rules, common_elements(doc))
    assert elements["system_kind"].value == "application_procedure"
    assert elements["covers_steps"].value == ["受理", "审查", "处理", "答复", "存档"]
    assert len(elements["covers_steps"].evidence) == 5
    assert "存档" in elements["covers_steps"].evidence[4].quote
    assert elements["has_indicators_and_weights"].value is False
    assert findings == []
    assert_quotes(doc, elements, findings)


@BOTH
def test_application_procedure_missing_steps(tmp_path: Path, rules: ExtractionRules, suffix: str):
    items = [p for p in PROCEDURE if not p.startswith(("第六条", "第三条"))]
    doc = write(
        signed(items, ["集贤县住房和城乡建设局", "2023年3月1日"]), tmp_path / f"规程{suffix}"
    )
    elements, findings = extract_system_document(doc, rules, common_elements(doc))
    # 第四条 still mentions 保密审查, so only 存档 is missing
    assert elements["covers_steps"].value == ["受理", "审查", "处理", "答复"]
    assert [f.code for f in findings] == ["system_missing_steps"]
    assert "存档" in findings[0].message and "归档" in findings[0].message
    assert findings[0].evidence, "quotes the title that makes it a 依申请公开 procedure"
    assert_quotes(doc, elements, findings)


@BOTH
def test_assessment_method_with_score_table(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = signed(
        [
            "集贤县政务公开工作考核办法",
            "第一条 为推动全县政务公开工作，制定本办法。考核实行百分制，具体指标及分值如下：",
            TableSpec(
                [
                    ["序号", "考核指标", "分值", "评分标准"],
                    ["1", "组织领导", "10", "未召开专题会议的扣5分"],
                    ["2", "主动公开", "40", "每缺一项扣2分"],
                    ["3", "依申请公开", "25", "逾期答复每件扣5分"],
                    ["4", "平台建设", "15", "栏目不全每项扣1分"],
                    ["5", "监督保障", "10", "未开展培训的扣5分"],
                    ["", "合计", "100", ""],
                ]
            ),
        ],
        ["集贤县政务公开领导小组办公室", "2022年2月10日"],
    )
    doc = write(spec, tmp_path / f"考核办法{suffix}")
    elements, findings = extract_system_document(doc, rules, common_elements(doc))
    assert elements["system_kind"].value == "assessment_method"
    assert elements["has_indicators_and_weights"].value is True
    assert elements["indicators"].value == [
        {"name": "组织领导", "points": 10.0},
        {"name": "主动公开", "points": 40.0},
        {"name": "依申请公开", "points": 25.0},
        {"name": "平台建设", "points": 15.0},
        {"name": "监督保障", "points": 10.0},
    ]
    assert findings == []
    assert_quotes(doc, elements, findings)


def test_assessment_method_points_in_text(tmp_path: Path, rules: ExtractionRules):
    spec = DocSpec(
        [
            "集贤县教育系统政务公开考核细则",
            "一、组织领导（15分）。成立政务公开工作领导小组，明确专人负责。",
            "二、信息发布（50分）。按时发布法定主动公开内容。",
            "三、依申请公开（35分）。规范受理、审查、处理、答复、存档各环节。",
        ]
    )
    doc = write(spec, tmp_path / "细则.pdf")
    elements, findings = extract_system_document(doc, rules, common_elements(doc))
    assert elements["system_kind"].value == "assessment_method"
    assert [i["points"] for i in elements["indicators"].value] == [15.0, 50.0, 35.0]
    assert elements["indicators"].value[0]["name"] == "一、组织领导"
    assert findings == []
    assert_quotes(doc, elements, findings)


def test_assessment_method_without_weights(tmp_path: Path, rules: ExtractionRules):
    spec = DocSpec(
        [
            "集贤县文化广电和旅游局政务公开工作考核制度",
            "第一条 每年年底对各科室政务公开工作进行一次考核。",
            "第二条 考核结果分为优秀、合格、不合格三个等次，与年度评先评优挂钩。",
        ]
    )
    doc = write(spec, tmp_path / "考核制度.docx")
    elements, findings = extract_system_document(doc, rules, common_elements(doc))
    assert elements["system_kind"].value == "assessment_method"
    assert elements["has_indicators_and_weights"].value is False
    assert "indicators" not in elements
    assert [f.code for f in findings] == ["system_missing_weights"]
    assert_quotes(doc, elements, findings)


def test_disclosure_system(tmp_path: Path, rules: ExtractionRules):
    spec = DocSpec(
        [
            "集贤县财政局政府信息公开保密审查制度",
            "第一条 本局公开政府信息前，应当依照《中华人民共和国保守国家秘密法》进行保密审查。",
            "第二条 拟公开的信息由承办科室初审，办公室复核后发布。",
        ]
    )
    doc = write(spec, tmp_path / "保密审查制度.docx")
    elements, findings = extract_system_document(doc, rules, common_elements(doc))
    assert elements["system_kind"].value == "disclosure_system"
    assert elements["system_kind"].evidence[0].quote == "政府信息公开保密审查制度"
    assert findings == []
    assert_quotes(doc, elements, findings)


# ----------------------------------------------------------------------------- 政策解读


@BOTH
def test_policy_interpretation_labelled(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = DocSpec(
        [
            "《集贤县城乡居民基本医疗保险实施办法》政策解读",
            "发布时间：2024-05-20　　来源：县医疗保障局　　解读形式：图文解读",
            "一、出台背景",
            "为进一步完善城乡居民基本医疗保险制度，县医疗保障局起草了《实施办法》。",
            "二、主要内容",
            "参保范围、缴费标准和待遇享受等作了明确规定。",
        ]
    )
    doc = write(spec, tmp_path / f"解读{suffix}")
    elements, findings = extract_policy_interpretation(doc, rules, common_elements(doc))
    assert elements["policy"].value == "集贤县城乡居民基本医疗保险实施办法"
    assert elements["interpretation_date"].value == "2024-05-20"
    assert elements["form"].value == "图文解读"
    assert findings == []
    assert_quotes(doc, elements, findings)


def test_policy_interpretation_one_picture(tmp_path: Path, rules: ExtractionRules):
    spec = signed(
        [
            "一图读懂｜关于《集贤县促进民营经济发展若干措施》的解读",
            "为帮助企业和群众更好了解政策内容，现将若干措施主要内容解读如下。",
        ],
        ["集贤县发展和改革局", "2023年9月18日"],
    )
    doc = write(spec, tmp_path / "一图读懂.pdf")
    elements, findings = extract_policy_interpretation(doc, rules, common_elements(doc))
    assert elements["policy"].value == "集贤县促进民营经济发展若干措施"
    assert elements["interpretation_date"].value == "2023-09-18"
    assert elements["form"].value == "一图读懂"
    assert_quotes(doc, elements, findings)


# ----------------------------------------------------------------------------- 新闻发布会


@BOTH
def test_press_conference_record(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = DocSpec(
        [
            "集贤县2024年春季农业生产新闻发布会实录",
            "时间：2024年3月28日上午10:00",
            "地点：县政府新闻发布厅",
            "发布人：县农业农村局局长张志强，县气象局副局长刘芳",
            "主持人：县委宣传部副部长王丽",
            "王丽：各位记者朋友，大家上午好！今天我们召开新闻发布会，介绍全县春季农业生产工作。",
        ]
    )
    doc = write(spec, tmp_path / f"发布会{suffix}")
    elements, findings = extract_press_conference(doc, rules, common_elements(doc))
    assert elements["conference_date"].value == "2024-03-28"
    assert elements["topic"].value == "集贤县2024年春季农业生产"
    assert elements["spokesperson"].value == "县农业农村局局长张志强，县气象局副局长刘芳"
    assert findings == []
    assert_quotes(doc, elements, findings)


def test_press_conference_narrative(tmp_path: Path, rules: ExtractionRules):
    spec = DocSpec(
        [
            "县政府新闻办举行优化营商环境新闻发布会",
            "2024年6月18日，县政府新闻办就优化营商环境“十条措施”举行新闻发布会。"
            "县发展和改革局局长赵东同志介绍了“十条措施”的主要内容，并回答了记者提问。",
        ]
    )
    doc = write(spec, tmp_path / "新闻稿.docx")
    elements, findings = extract_press_conference(doc, rules, common_elements(doc))
    assert elements["conference_date"].value == "2024-06-18"
    assert elements["topic"].value == "优化营商环境“十条措施”"
    assert elements["spokesperson"].value == "县发展和改革局局长赵东"
    assert_quotes(doc, elements, findings)


# ----------------------------------------------------------------------------- 工作要点


@pytest.mark.parametrize(
    ("suffix", "signed_on", "on_time"),
    [(".docx", "2024年4月15日", True), (".pdf", "2024年7月8日", False)],
)
def test_work_plan_deadline(
    tmp_path: Path, rules: ExtractionRules, suffix: str, signed_on: str, on_time: bool
):
    spec = signed(
        [
            "集贤县人民政府办公室关于印发集贤县2024年政务公开工作要点的通知",
            "集政办发〔2024〕12号",
            "各乡镇人民政府，县政府各部门：",
            "现将《集贤县2024年政务公开工作要点》印发给你们，请结合实际认真贯彻落实。",
        ],
        ["集贤县人民政府办公室", signed_on],
    )
    doc = write(spec, tmp_path / f"要点{suffix}")
    elements, findings = extract_work_plan_extra(doc, rules, common_elements(doc), 2024)
    assert elements["issued_by_deadline"].value is on_time
    assert elements["issue_date"].value == ("2024-04-15" if on_time else "2024-07-08")
    if on_time:
        assert findings == []
    else:
        assert [f.code for f in findings] == ["work_plan_late"]
        assert "2024-06-30" in findings[0].message
        assert findings[0].evidence[0].quote == "2024年7月8日"
    assert_quotes(doc, elements, findings)


def test_work_plan_without_year_or_date(tmp_path: Path, rules: ExtractionRules):
    doc = write(DocSpec(["2024年政务公开工作要点", "一、加强政策解读。"]), tmp_path / "要点.docx")
    elements, findings = extract_work_plan_extra(doc, rules, common_elements(doc), None)
    assert elements["issued_by_deadline"].value is None
    assert findings == []
