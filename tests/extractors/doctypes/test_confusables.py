"""Confusable documents of issue 8: 解读 of a work plan, 印发…规则 notices, trainings under a
推进会 title, xlsx uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from extractors.doctypes.classify import classify
from extractors.parsing.dispatch import parse_file
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_interpretation_of_a_work_plan_in_question_and_answer_form(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "《2024年集贤县政务公开工作要点》解读",
            "一、问：《工作要点》出台的背景是什么？",
            "答：为贯彻落实国务院办公厅关于政务公开工作的部署，结合我县实际制定本工作要点。",
            "二、问：《工作要点》的主要内容有哪些？",
            "答：共五个方面二十项任务。",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "policy_interpretation"


@pytest.mark.parametrize("fmt", FORMATS)
def test_notice_issuing_rules_is_a_system_document(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "集贤县人民政府办公室",
            "关于印发《集贤县政府信息公开保密审查规则》的通知",
            "集政办发〔2024〕3号",
            "各乡镇人民政府，县政府各部门：",
            "现将《集贤县政府信息公开保密审查规则》印发给你们，请认真贯彻执行。",
            "集贤县人民政府办公室",
            "2024年3月1日",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "system_document"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("title", ["全县政务公开工作推进会召开", "集贤县2024年政务公开工作部署会"])
def test_training_under_a_meeting_title_is_a_training(make_doc, rules, fmt, title):
    spec = DocSpec(
        [
            title,
            "5月10日，县政府办召开会议，会上对各单位政务公开工作人员开展了业务培训，共45人参加。",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "training_record"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_meeting_that_trains_nobody_stays_a_meeting(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "全县政务公开工作推进会召开",
            "5月10日，县政府办召开全县政务公开工作推进会，会议听取了汇报。",
        ]
    )
    assert classify(make_doc(spec, fmt), rules)[0] == "meeting_minutes"


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        (
            "政务公开考核评分表.xlsx",
            [["集贤县政务公开工作考核办法评分表"], ["指标", "分值", "得分"], ["1.1.1", 2, None]],
        ),
        (
            "依申请公开统计表.xlsx",
            [["政府信息公开制度执行情况统计表"], ["单位", "件数"], ["县自然资源局", 3]],
        ),
    ],
)
def test_xlsx_uploads_are_not_system_documents(tmp_path: Path, rules, name, rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    doc = parse_file(path)
    assert doc.format == "xlsx"
    assert classify(doc, rules)[0] != "system_document"
