"""The rules for every other indicator: documents_found, coverage, parts, the annual report
cross-check of 1.4.3/2.4.3 — on contract-shaped extractions (as ``kaohe extract --json``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaohe.errors import ConfigError
from scoring.engine import score_unit
from scoring.model import DocumentFacts, ScoreDraft, UnitFacts
from scoring.rubric import load_rubric, load_rubrics
from tests.scoring._scoring_facts import (
    CONFIG,
    doc,
    el,
    ev,
    finding,
    minutes,
    reply,
    training,
    unit,
)

RUBRICS = load_rubrics(CONFIG)
COUNTY = (CONFIG / "rubric-county.yaml").read_text(encoding="utf-8")


def score(facts: UnitFacts, code: str) -> ScoreDraft:
    return next(d for d in score_unit(facts, RUBRICS[facts.kind]) if d.indicator == code)


def work_plan(key: str, year: int, issued: str, on_time: bool | None, late: bool = False) -> Any:
    y, m, d = (int(x) for x in issued.split("-"))
    findings = (
        [
            finding(
                "work_plan_late",
                f"工作要点印发日期为{issued}，晚于规定期限{year}-06-30",
                ev(f"{y}年{m}月{d}日", 20),
            )
        ]
        if late
        else []
    )
    return doc(
        key,
        "work_plan",
        {
            "year": el(year, ev(f"{year}年政务公开工作要点", 1)),
            "issue_date": el(issued, ev(f"{y}年{m}月{d}日", 20)),
            "document_number": el(f"集政办发〔{year}〕8号", ev(f"集政办发〔{year}〕8号", 2)),
            "issued_by_deadline": el(on_time, *([ev(f"{y}年{m}月{d}日", 20)] if on_time else [])),
        },
        findings,
    )


def website(key: str, columns: list[str], functions: list[str], saved: str | None) -> Any:
    all_cols = ["制度", "目录", "指南", "年报", "财务预决算", "社会监督评议", "依申请公开"]
    all_fns = ["流程图", "须知/指南", "进度查询", "在线填报", "申请表下载"]
    titles = {
        "制度": "政府信息公开制度",
        "目录": "政府信息公开目录",
        "指南": "政府信息公开指南",
        "年报": "政府信息公开年报",
        "财务预决算": "财政预决算",
        "社会监督评议": "社会监督评议",
        "依申请公开": "依申请公开",
        "流程图": "依申请公开流程图",
        "须知/指南": "依申请公开须知",
        "进度查询": "办理进度查询",
        "在线填报": "在线申请",
        "申请表下载": "申请表下载",
    }
    miss_c = [c for c in all_cols if c not in columns]
    miss_f = [f for f in functions if f not in all_fns] or [
        f for f in all_fns if f not in functions
    ]
    elements: dict[str, Any] = {
        "columns_present": el(columns, *[ev(titles[c], i + 3) for i, c in enumerate(columns)]),
        "columns_missing": el(miss_c),
        "application_functions_present": el(
            functions, *[ev(titles[f], i + 20) for i, f in enumerate(functions)]
        ),
        "application_functions_missing": el(miss_f),
    }
    if saved:
        elements["publish_date"] = el(saved, ev(f"保存时间：{saved}", 1))
    findings = []
    if miss_c:
        findings.append(
            finding(
                "website_missing_column",
                f"政府信息公开专栏缺少栏目：{'、'.join(miss_c)}。已在页面的42处文字中检索",
            )
        )
    if miss_f:
        findings.append(
            finding(
                "website_missing_application_function",
                f"依申请公开栏目缺少功能：{'、'.join(miss_f)}。已在页面的42处文字中检索",
            )
        )
    return doc(key, "website_snapshot", elements, findings)


def annual_report(
    key: str,
    year: int,
    published: str,
    on_time: bool | None,
    results: dict[str, int],
    corrected: int = 0,
    findings: list[dict[str, Any]] | None = None,
    body: str = "集贤县人民政府",
) -> DocumentFacts:
    y, m, d = (int(x) for x in published.split("-"))
    total = sum(results.values())
    res = {
        k: results.get(k, 0)
        for k in (
            "disclosed",
            "partially_disclosed",
            "not_disclosed",
            "unable_to_provide",
            "not_processed",
            "other",
        )
    }
    res["total"] = total
    group = {"maintained": 1, "corrected": corrected, "other": 0, "pending": 0}
    group["total"] = sum(group.values())
    zero = {"maintained": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    return doc(
        key,
        "annual_report",
        {
            "year": el(year, ev(f"{year}年", page=1)),
            "publish_date": el(published, ev(f"{y}年{m}月{d}日", page=6)),
            "reporting_body": el(body, ev(body, page=1)),
            "reporting_body_kind": el("government", ev(body, page=1)),
            "deadline": el(f"{year + 1}-03-31", ev(body, page=1)),
            "published_by_deadline": el(on_time, ev(f"{y}年{m}月{d}日", page=6)),
            "application_counts": el(
                {
                    "new": total,
                    "carried_over": 0,
                    "results": res,
                    "carried_forward": 0,
                    "details": {},
                },
                ev(f"（一）予以公开 {res['disclosed']}", page=3),
                ev(f"（三）不予公开 {res['not_disclosed']}", page=3),
                ev(f"（七）总计 {total}", page=4),
                ev(f"一、本年新收政府信息公开申请数量 {total}", page=3),
            ),
            "review_litigation": el(
                {
                    "reconsideration": group,
                    "litigation_direct": zero,
                    "litigation_after_reconsideration": zero,
                },
                ev(f"1 {corrected} 0 0 {1 + corrected}", page=5),
            ),
        },
        findings or [],
    )


# ------------------------------------------------------------------ documents_found


def test_work_plan_on_time_and_implementation_plan_score_the_automatic_part() -> None:
    plan = work_plan("2024/jixian/要点/2024年政务公开工作要点.docx", 2024, "2024-03-20", True)
    impl = doc(
        "2024/jixian/要点/政务公开标准化规范化实施方案.docx",
        "implementation_plan",
        {"document_date": el("2024-05-08", ev("2024年5月8日", 30))},
    )
    d = score(unit("county", (plan, impl)), "1.1.4")
    assert (d.points, d.status, d.rule) == (7, "auto", "parts")
    assert [(e.note, e.points) for e in d.evidence] == [
        ("2024年政务公开工作要点.docx（2024年3月20日）：符合条件的政务公开工作要点", 3.0),
        ("2024年政务公开工作要点.docx：在规定期限内印发", 2.0),
        ("政务公开标准化规范化实施方案.docx（2024年5月8日）：符合条件的实施方案或工作安排", 2.0),
    ]
    assert d.evidence[1].element == "issued_by_deadline" and d.evidence[1].quote == "2024年3月20日"
    assert (d.evidence[0].element, d.evidence[0].quote, d.evidence[0].paragraph) == (
        "issue_date",
        "2024年3月20日",
        20,
    )
    assert d.evidence[0].extraction_id == plan.extraction_id
    assert d.explanation.endswith(
        "自动评分部分合计7分（满分7分）；其余1分：年内市政务公开主管部门工作要点相关责任的落实情况"
        "需人工核定（1分，以人工调整计入）。"
    )


def test_late_work_plan_loses_the_deadline_points_item_by_item() -> None:
    plan = work_plan(
        "2024/jixian/要点/2024年政务公开工作要点.pdf", 2024, "2024-08-02", False, late=True
    )
    old = work_plan("2024/jixian/要点/2023年工作要点.pdf", 2023, "2023-03-01", True)
    d = score(unit("county", (plan, old)), "1.1.4")
    assert (d.points, d.status) == (3, "auto")
    notes = [(e.note, e.points, e.finding_code) for e in d.evidence]
    assert (
        "2024年政务公开工作要点.pdf：未能确认在规定期限内印发（识别结果：否），该项2分不得分",
        0.0,
        None,
    ) in notes
    assert (
        "2024年政务公开工作要点.pdf：工作要点印发日期为2024-08-02，晚于规定期限2024-06-30"
        "（本细则未设定该问题的扣分，不扣分）",
        0.0,
        "work_plan_late",
    ) in notes
    # the 2023 plan is listed with its quoted year, not silently dropped
    listed = next(e for e in d.evidence if e.note.startswith("2023年工作要点.pdf"))
    assert (
        listed.note == "2023年工作要点.pdf：为2023年度政务公开工作要点，"
        "本项按2024年度政务公开工作要点计分，不计分"
    )
    assert (listed.element, listed.quote, listed.points) == ("year", "2023年政务公开工作要点", None)
    # no implementation plan: a recorded search, 0 points for that part
    searched = next(e for e in d.evidence if e.searched is not None)
    assert searched.searched is not None
    assert searched.searched["doc_types"] == ["implementation_plan"]
    assert searched.searched["documents_examined"] == 2
    assert "未找到本年度牵头任务的实施方案或工作安排，本部分不得分" in d.explanation


def test_no_work_plan_is_pending_with_the_search_recorded() -> None:
    d = score(
        unit(
            "department",
            (minutes("2024/zrzyj/纪要/党组会.docx", "2024-02-01", "2024年2月1日", False, None),),
        ),
        "2.1.4",
    )
    assert (d.points, d.status) == (None, "pending_manual")
    assert d.explanation.startswith(
        "本项待人工评分：本年度政务公开工作要点部分需人工核定（可自动评分的部分：牵头任务实施方案或工作安排0分）。"
    )
    first = d.evidence[0]
    assert first.searched is not None
    assert first.searched["prefix"] == "2024/zrzyj/"
    assert first.searched["doc_types"] == ["work_plan"]
    assert first.searched["criteria"] == "所属年度为2024年"


def test_instruction_must_be_on_disclosure_and_in_the_year() -> None:
    on = doc(
        "2024/jixian/批示/县长批示.pdf",
        "leader_instruction",
        {
            "instructor": el("县长常东旭", ev("县长常东旭", page=1)),
            "instruction_date": el("2024-04-09", ev("2024年4月9日", page=1)),
            "on_disclosure": el(True, ev("政务公开", page=1)),
        },
    )
    off = doc(
        "2024/jixian/批示/副县长批示.pdf",
        "leader_instruction",
        {
            "instruction_date": el("2024-06-01", ev("2024年6月1日", page=1)),
            "on_disclosure": el(False),
        },
        [finding("instruction_not_on_disclosure", "批示内容未涉及政务公开工作：已检索“政务公开”")],
    )
    old = doc(
        "2024/jixian/批示/2023批示.pdf",
        "leader_instruction",
        {
            "instruction_date": el("2023-11-30", ev("2023年11月30日", page=1)),
            "on_disclosure": el(True, ev("政府信息公开", page=1)),
        },
    )
    mins = minutes(
        "2024/jixian/纪要/常务会.docx", "2024-03-15", "2024年3月15日", True, "研究政务公开"
    )
    d = score(unit("county", (mins, on, off, old)), "1.1.1")
    assert (d.points, d.status) == (6, "auto")
    inst = next(e for e in d.evidence if e.points == 2)
    assert inst.note == "县长批示.pdf（2024年4月9日）：符合条件的领导关于政务公开工作的批示"
    assert (inst.element, inst.quote, inst.page) == ("on_disclosure", "政务公开", 1)
    notes = [e.note for e in d.evidence]
    assert "副县长批示.pdf：批示内容涉及政务公开为“否”，要求为“是”，不计分" in notes
    assert "2023批示.pdf：日期2023年11月30日不在2024年度，不计分" in notes


def test_press_conferences_count_tiers_and_interpretation_forms() -> None:
    pcs = tuple(
        doc(
            f"2024/jixian/发布会/第{i}场新闻发布会.docx",
            "press_conference",
            {
                "conference_date": el(f"2024-0{i}-10", ev(f"2024年{i}月10日", 2)),
                "topic": el(f"主题{i}", ev(f"主题{i}", 3)),
            },
        )
        for i in (3, 5, 8)
    )
    pic = doc(
        "2024/jixian/解读/一图读懂.docx",
        "policy_interpretation",
        {
            "interpretation_date": el("2024-07-01", ev("2024年7月1日", 9)),
            "form": el("一图读懂", ev("一图读懂", 1)),
        },
    )
    d = score(unit("county", (*pcs, pic)), "1.2.3")
    assert (d.points, d.status) == (4, "auto")
    assert [e.points for e in d.evidence if e.points] == [2.0, 1.0, 1.0]
    tier = next(e for e in d.evidence if e.note.startswith("符合条件的新闻发布会记录共3份"))
    assert tier.note == "符合条件的新闻发布会记录共3份，达到3份档"
    assert "政务微博、微信公众号" in d.explanation
    # a text-only interpretation is not a 图解/视频 form
    text_only = doc(
        "2024/jixian/解读/文字解读.docx",
        "policy_interpretation",
        {
            "interpretation_date": el("2024-07-01", ev("2024年7月1日", 9)),
            "form": el("文字解读", ev("文字解读", 1)),
        },
    )
    d = score(unit("county", (pcs[0], text_only)), "1.2.3")
    assert d.points == 2
    assert (
        "文字解读.docx：解读形式为“文字解读”，要求为“图、视频、动漫、H5、音频、访谈、吹风会或发布会”，不计分"
        in [e.note for e in d.evidence]
    )


def test_assessment_method_without_weights_gets_the_base_point_only() -> None:
    method = doc(
        "2024/zrzyj/制度/政务公开工作考核办法.docx",
        "system_document",
        {
            "system_kind": el("assessment_method", ev("政务公开工作考核办法", 1)),
            "covers_steps": el([]),
            "has_indicators_and_weights": el(False),
        },
        [finding("system_missing_weights", "考核办法未列明考核指标及其分值或权重")],
    )
    t = training(
        "2024/zrzyj/培训/签到表.pdf",
        "2024-04-18",
        "2024年4月18日",
        True,
        "政务公开业务培训",
        55,
        "共55人",
    )
    d = score(unit("department", (method, t)), "2.1.3")
    # training 3 + 50-person tier 2; 考核办法 1, weights 0; 参加市级培训 manual
    assert (d.points, d.status) == (6, "auto")
    assert "未能确认列明考核指标及赋分权重（识别结果：否），该项1分不得分" in " ".join(
        e.note for e in d.evidence
    )
    assert "其余1分：参加市级主管部门组织的培训情况需人工核定" in d.explanation


# ------------------------------------------------------------------------- coverage


def test_website_full_credit() -> None:
    all_cols = ["制度", "目录", "指南", "年报", "财务预决算", "社会监督评议", "依申请公开"]
    all_fns = ["流程图", "须知/指南", "进度查询", "在线填报", "申请表下载"]
    site = website("2024/jixian/网站/公开专栏.html", all_cols, all_fns, "2024-11-05")
    facts = unit("county", (site,))
    d = score(facts, "1.2.2")
    assert (d.points, d.status) == (10, "auto")
    assert all(e.points is None for e in d.evidence)
    assert [e.quote for e in d.evidence][:2] == ["政府信息公开制度", "政府信息公开目录"]
    assert score(facts, "1.4.2").points == 2.5
    assert score(facts, "1.3.2").points == 2


def test_website_missing_items_are_deducted_one_by_one() -> None:
    cols = ["制度", "目录", "指南", "年报", "依申请公开"]
    fns = ["流程图", "须知/指南", "申请表下载"]
    old = website("2024/zrzyj/网站/2023年截图.html", cols[:2], fns[:1], "2023-12-01")
    site = website("2024/zrzyj/网站/专栏截图.html", cols, fns, "2024-10-20")
    d = score(unit("department", (old, site)), "2.2.2")
    # 6 − 财务预决算 1 − 社会监督评议 0.5; 4 − 进度查询 0.8 − 在线填报 0.8
    assert (d.points, d.status) == (6.9, "auto")
    cuts = [(e.note, e.points, e.finding_code) for e in d.evidence if e.points]
    assert cuts[0] == (
        "专栏截图.html：缺少“财务预决算”，扣1分（政府信息公开专栏缺少栏目：财务预决算、社会监督评议。已在页面的42处文字中检索）",
        -1.0,
        "website_missing_column",
    )
    assert [c[1] for c in cuts] == [-1.0, -0.5, -0.8, -0.8]
    assert cuts[2][2] == "website_missing_application_function"
    assert (
        "依据专栏截图.html（2024年10月20日）核对政府信息公开专栏栏目应具备的7项：具备5项，缺少2项（财务预决算、社会监督评议），扣1.5分"
        in d.explanation
    )
    notes = [e.note for e in d.evidence]
    assert "2023年截图.html：日期2023年12月1日不在2024年度，不计分" in notes
    # 2.4.2: 在线填报 missing → 1.5 deducted from the 2.5 automatic part
    d = score(unit("department", (site,)), "2.4.2")
    assert d.points == 1
    assert "信函申请渠道" in d.explanation


def test_application_procedure_points_per_step() -> None:
    proc = doc(
        "2024/jixian/制度/依申请公开工作规程.docx",
        "system_document",
        {
            "system_kind": el("application_procedure", ev("依申请公开工作规程", 1)),
            "covers_steps": el(
                ["受理", "审查", "答复"],
                ev("政府信息公开申请由办公室统一受理登记", 4),
                ev("业务科室对申请内容进行审查", 6),
                ev("在法定期限内答复申请人", 9),
            ),
            "has_indicators_and_weights": el(False),
        },
        [
            finding(
                "system_missing_steps",
                "依申请公开工作程序未涵盖处理、存档环节：已检索处理（处理|办理）；存档（存档|归档|立卷）",
            )
        ],
    )
    d = score(unit("county", (proc,)), "1.4.1")
    assert (d.points, d.status, d.rule) == (2.4, "auto", "coverage")
    assert [(e.note, e.points, e.quote) for e in d.evidence] == [
        ("依申请公开工作规程.docx：具备“受理”", None, "政府信息公开申请由办公室统一受理登记"),
        ("依申请公开工作规程.docx：具备“审查”", None, "业务科室对申请内容进行审查"),
        (
            "依申请公开工作规程.docx：缺少“处理”，扣0.8分（依申请公开工作程序未涵盖处理、存档环节："
            "已检索处理（处理|办理）；存档（存档|归档|立卷））",
            -0.8,
            None,
        ),
        ("依申请公开工作规程.docx：具备“答复”", None, "在法定期限内答复申请人"),
        (
            "依申请公开工作规程.docx：缺少“存档”，扣0.8分（依申请公开工作程序未涵盖处理、存档环节："
            "已检索处理（处理|办理）；存档（存档|归档|立卷））",
            -0.8,
            None,
        ),
    ]
    # a 考核办法 is not a procedure: listed, then the absence is recorded
    other = doc(
        "2024/jixian/制度/考核办法.docx",
        "system_document",
        {"system_kind": el("assessment_method", ev("考核办法", 1)), "covers_steps": el(["审查"])},
    )
    d = score(unit("county", (other,)), "1.4.1")
    assert (d.points, d.status) == (None, "pending_manual")
    assert (
        d.evidence[0].note
        == "考核办法.docx：制度类型为“考核办法”，要求为“依申请公开工作程序”，不计分"
    )
    assert d.evidence[-1].searched is not None
    assert (
        d.evidence[-1].searched["criteria"]
        == "不限年度（现行有效），制度类型为“依申请公开工作程序”"
    )


# ------------------------------------------------------------------- annual reports


def test_previous_years_report_on_time_scores_in_1_3_1() -> None:
    rep = annual_report(
        "2024/jixian/年报/2023年政府信息公开工作年度报告.pdf",
        2023,
        "2024-01-26",
        True,
        {"disclosed": 3},
    )
    this = annual_report(
        "2024/jixian/年报/2024年年报.pdf", 2024, "2025-01-20", True, {"disclosed": 2}
    )
    d = score(unit("county", (rep, this)), "1.3.1")
    assert (d.points, d.status) == (4, "auto")
    assert [(e.note, e.points) for e in d.evidence][:2] == [
        (
            "2023年政府信息公开工作年度报告.pdf（2024年1月26日）：符合条件的政府信息公开工作年度报告",
            2.0,
        ),
        ("2023年政府信息公开工作年度报告.pdf：在法定期限内发布", 2.0),
    ]
    listed = next(e for e in d.evidence if e.note.startswith("2024年年报.pdf"))
    assert listed.note == (
        "2024年年报.pdf：为2024年度政府信息公开工作年度报告，本项按2023年度政府信息公开工作年度报告计分，不计分"
    )
    late = annual_report(
        "2024/jixian/年报/2023年报.pdf",
        2023,
        "2024-04-15",
        False,
        {"disclosed": 3},
        findings=[
            finding(
                "annual_report_late",
                "年报发布日期为2024-04-15，晚于本级人民政府年报的法定发布期限2024-03-31",
            ),
            finding(
                "annual_report_missing_table",
                "未找到年报表格“四、政府信息公开行政复议、行政诉讼情况”",
            ),
        ],
    )
    d = score(unit("county", (late,)), "1.3.1")
    assert d.points == 1  # found 2, not on time 0, missing table −1
    assert [e.points for e in d.evidence if e.finding_code] == [-0.0, -1.0]


def test_reply_letters_cross_checked_against_the_years_report() -> None:
    disclosed = reply("2024/jixian/依申请公开/答复书-01.docx", [])
    disclosed.elements["outcome"] = el("disclosed", ev("予以公开", 8))
    second = reply("2024/jixian/依申请公开/答复书-02.docx", [], number="集自然资信复〔2024〕2号")
    second.elements["outcome"] = el("disclosed", ev("予以公开", 8))
    refused = reply("2024/jixian/依申请公开/答复书-03.docx", [], number="集自然资信复〔2024〕3号")
    refused.elements["outcome"] = el("not_disclosed", ev("不予公开", 8))
    rep = annual_report(
        "2024/jixian/年报/2024年年度报告.pdf",
        2024,
        "2025-01-20",
        True,
        {"disclosed": 1, "not_disclosed": 4},
        corrected=1,
        findings=[
            finding(
                "annual_report_balance_mismatch",
                "年报表格三勾稽关系不符：本年新收5件＋上年结转0件＝5件，而办理结果总计5件＋结转下年度1件＝6件",
                ev("（七）总计 5", page=4),
            )
        ],
    )
    d = score(unit("county", (disclosed, second, refused, rep)), "1.4.3")
    # letters clean; 予以公开 2 letters > 1 reported (−1), 勾稽 (−1), one case 纠错 (−1)
    assert (d.points, d.status) == (7, "auto")
    cuts = [(e.note, e.points, e.element, e.finding_code, e.quote) for e in d.evidence if e.points]
    assert cuts == [
        (
            "2024年年度报告.pdf：“（一）予以公开”填报1件，而提交的2024年度答复书中属于此项的有2份"
            "（答复书-01.docx、答复书-02.docx），年报数字少于实际答复，扣1分",
            -1.0,
            "application_counts",
            None,
            "（一）予以公开 1",
        ),
        (
            "2024年年度报告.pdf：年报表格三勾稽关系不符：本年新收5件＋上年结转0件＝5件，"
            "而办理结果总计5件＋结转下年度1件＝6件",
            -1.0,
            None,
            "annual_report_balance_mismatch",
            "（七）总计 5",
        ),
        (
            "2024年年度报告.pdf：2024年度政府信息公开行政复议、行政诉讼结果被纠正1件，扣1分",
            -1.0,
            "review_litigation",
            None,
            "1 1 0 0 2",
        ),
    ]
    assert d.explanation.startswith(
        "审查3份答复书，发现问题0处，扣0分；核对年度报告扣3分，合计扣3分，得7分。"
        "核对2024年度报告：将2024年度报告.pdf的办理结果与3份2024年度答复书核对，1处不符".replace(
            "2024年度报告.pdf", "2024年年度报告.pdf"
        )
    )


def test_previous_years_report_is_not_compared_with_this_years_letters() -> None:
    letter = reply("2024/jixian/依申请公开/答复书-01.docx", [])
    letter.elements["outcome"] = el("disclosed", ev("予以公开", 8))
    rep = annual_report(
        "2024/jixian/年报/2023年年度报告.pdf", 2023, "2024-01-20", True, {"not_disclosed": 2}
    )
    d = score(unit("county", (letter, rep)), "1.4.3")
    assert (d.points, d.status) == (10, "auto")
    assert (
        "核对2023年度报告：未提交2023年度的答复书（答复日期在2023年内），未能与2023年年度报告.pdf核对数量；"
        "行政复议、行政诉讼无被纠错。"
    ) in d.explanation


# -------------------------------------------------------------------- whole rubric


def realistic(kind: str) -> tuple[DocumentFacts, ...]:
    code = "jixian" if kind == "county" else "zrzyj"
    body = "集贤县人民政府" if kind == "county" else "双鸭山市自然资源局"
    all_cols = ["制度", "目录", "指南", "年报", "财务预决算", "社会监督评议", "依申请公开"]
    all_fns = ["流程图", "须知/指南", "进度查询", "在线填报", "申请表下载"]
    letter = reply(f"2024/{code}/依申请公开/答复书-01.docx", [])
    letter.elements["outcome"] = el("disclosed", ev("予以公开", 8))
    interp = doc(
        f"2024/{code}/解读/政策解读.docx",
        "policy_interpretation",
        {"interpretation_date": el("2024-06-01", ev("2024年6月1日", 9))},
    )
    press = doc(
        f"2024/{code}/发布会/新闻发布会.docx",
        "press_conference",
        {"conference_date": el("2024-09-12", ev("2024年9月12日", 2))},
    )
    procedure = doc(
        f"2024/{code}/制度/依申请公开工作规程.docx",
        "system_document",
        {
            "system_kind": el("application_procedure", ev("依申请公开工作规程", 1)),
            "covers_steps": el(
                ["受理", "审查", "处理", "答复", "存档"],
                *[ev(f"第{i}条", i + 3) for i in range(1, 6)],
            ),
        },
    )
    return (
        interp,
        press,
        procedure,
        minutes(
            f"2024/{code}/纪要/会议纪要.docx", "2024-03-15", "2024年3月15日", True, "研究政务公开"
        ),
        training(
            f"2024/{code}/培训/签到表.pdf",
            "2024-05-10",
            "2024年5月10日",
            True,
            "政务公开培训",
            40,
            "40人",
        ),
        work_plan(f"2024/{code}/要点/2024年政务公开工作要点.docx", 2024, "2024-03-01", True),
        website(f"2024/{code}/网站/专栏.html", all_cols, all_fns, "2024-11-01"),
        annual_report(
            f"2024/{code}/年报/2023年年报.pdf",
            2023,
            "2024-01-25",
            True,
            {"disclosed": 1},
            body=body,
        ),
        letter,
    )


@pytest.mark.parametrize("kind", ["county", "department"])
def test_every_indicator_has_a_rule_and_a_draft(kind: str) -> None:
    rubric = RUBRICS[kind]
    drafts = score_unit(unit(kind, realistic(kind)), rubric)
    assert [d.indicator for d in drafts] == [i.code for i in rubric.indicators]
    manual = {"county": "1.2.1", "department": "2.2.1"}[kind]
    for d in drafts:
        assert d.explanation and d.rule
        if d.indicator == manual:
            assert (d.status, d.rule) == ("pending_manual", "manual")
            continue
        assert d.status == "auto", (d.indicator, d.explanation)
        assert d.points is not None and 0 <= d.points <= d.max_points
        # every point comes with a piece of evidence or a recorded search
        assert d.evidence
        for e in d.evidence:
            assert e.searched is not None or e.extraction_id is not None
    assert {d.indicator: d.points for d in drafts}[f"{'1' if kind == 'county' else '2'}.2.2"] == 10


# -------------------------------------------------------------------- validation


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "rubric-county.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def line_of(text: str, needle: str) -> int:
    return next(i for i, t in enumerate(text.splitlines(), 1) if needle in t)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "items: {受理: 0.8, 审查: 0.8, 处理: 0.8, 答复: 0.8, 存档: 0.8}",
            "items: {受理: 0.8, 审查: 0.8, 处理: 0.8, 答复: 0.8} #HERE",
            "各项目分值合计 3.2 分，应等于本项（部分）分值 4 分",
        ),
        (
            'require: {form: {pattern: "图|视频|动漫|H5|音频|访谈|吹风会|发布会"}}',
            'require: {form: {pattern: "图|(视频"}} #HERE',
            "正则表达式有误",
        ),
        ("year_offset: -1 ", "year_offset: last #HERE", "year_offset 应为 -5 到 5 的整数"),
        (
            "equals: true, points: 2, label: 在规定期限内印发",
            "equals: true, points: 3, label: 在规定期限内印发} #HERE\n#",
            "超过本部分（本年度政务公开工作要点）分值 5",
        ),
        (
            "rule: coverage\n    params:",
            "rule: coverages #HERE\n    params:",
            "规则 'coverages' 未知",
        ),
        ("count_mismatch: 1 ", "count_mismatch: -1 #HERE", "count_mismatch 应为不小于 0 的数"),
    ],
)
def test_new_rule_params_are_validated_with_file_and_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert COUNTY.count(old) == 1, old
    text = COUNTY.replace(old, new)
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_rubric(p)
    assert message in e.value.reason, e.value.reason
    assert f"{p} 第{line_of(text, '#HERE')}行" in e.value.reason, e.value.reason


def test_parts_below_the_points_must_name_the_manual_part(tmp_path: Path) -> None:
    old = (
        '      not_covered: "经费保障、机构队伍建设（主管部门设置、专职兼职人员）'
        '情况需人工核定（2分，以人工调整计入）"\n'
    )
    assert COUNTY.count(old) == 1
    with pytest.raises(ConfigError, match="请用 not_covered 写明其余部分由人工核定的内容"):
        load_rubric(write(tmp_path, COUNTY.replace(old, "")))


def test_a_weight_change_in_a_part_changes_the_hash(tmp_path: Path) -> None:
    base = load_rubric(CONFIG / "rubric-county.yaml").hash
    changed = COUNTY.replace("财务预决算: 1, 社会监督评议: 0.5", "财务预决算: 0.5, 社会监督评议: 1")
    assert load_rubric(write(tmp_path, changed)).hash != base
