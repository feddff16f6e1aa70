"""The year a work plan, implementation plan or annual report is for."""

from __future__ import annotations

import pytest

from extractors.doctypes.classify import classify
from extractors.doctypes.common import common_elements
from extractors.doctypes.plans import extract_year
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")

WORK_PLAN = DocSpec(
    [
        "集贤县人民政府办公室文件",
        "集政办发〔2025〕3号",
        "关于印发2024年政务公开工作要点的通知",
        "各乡镇人民政府，县政府各部门：",
        "现将《集贤县2024年政务公开工作要点》印发给你们，请结合实际认真贯彻落实。",
        "集贤县人民政府办公室",
        "2025年1月20日",
    ],
    right_aligned=frozenset({5, 6}),
)
# Published in 2024, for 2023; a Chinese-numeral year in the title.
ANNUAL_REPORT = DocSpec(
    [
        "集贤县二〇二三年政府信息公开工作年度报告",
        "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
        "集贤县人民政府",
        "2024年1月25日",
    ],
    right_aligned=frozenset({2, 3}),
)
# No year in the title: the body states what year the plan serves.
PLAN_BODY_YEAR = DocSpec(
    [
        "集贤县基层政务公开标准化规范化工作实施方案",
        "为做好2025年全县政务公开工作，推进基层政务公开标准化规范化，制定本方案。",
        "集贤县人民政府办公室",
        "2024年12月28日",
    ],
    right_aligned=frozenset({2, 3}),
)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("spec", "doc_type", "year", "quote_part"),
    [
        (WORK_PLAN, "work_plan", 2024, "关于印发2024年政务公开工作要点的通知"),
        (ANNUAL_REPORT, "annual_report", 2023, "二〇二三年政府信息公开工作年度报告"),
        (PLAN_BODY_YEAR, "implementation_plan", 2025, "2025年"),
    ],
    ids=["work_plan_issued_next_year", "annual_report_cn_year", "year_from_body"],
)
def test_year_for(make_doc, rules, check_evidence, fmt, spec, doc_type, year, quote_part):
    doc = make_doc(spec, fmt)
    assert classify(doc, rules)[0] == doc_type
    common = common_elements(doc)
    out = extract_year(doc, doc_type, common, rules)
    assert out["year"].value == year
    assert isinstance(out["year"].value, int)
    assert quote_part in out["year"].evidence[0].quote
    assert check_evidence(doc, out) == 1


def test_no_year_is_omitted_and_other_types_have_none(make_doc, rules):
    doc = make_doc(DocSpec(["集贤县政务公开工作要点", "一、加强政策解读。"]), "docx")
    assert extract_year(doc, "work_plan", {}, rules) == {}
    doc = make_doc(WORK_PLAN, "docx")
    assert extract_year(doc, "meeting_minutes", {}, rules) == {}
