"""Rules on contract-shaped extraction results: points, evidence and explanations."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.engine import score_unit
from scoring.model import ScoreDraft, UnitFacts
from scoring.rubric import Rubric, load_rubric, load_rubrics
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


def score(facts: UnitFacts, code: str, rubric: Rubric | None = None) -> ScoreDraft:
    drafts = score_unit(facts, rubric or RUBRICS[facts.kind])
    return next(d for d in drafts if d.indicator == code)


LATE = finding(
    "late_reply",
    "答复超过法定期限（用时23个工作日）",
    ev("本机关于2024年3月5日收到您提出的政府信息公开申请", 5),
    ev("2024年4月8日", 15),
)
WRONG_BODY = finding(
    "remedy_wrong_reconsideration_body",
    "复议机关应为集贤县人民政府，答复书写为双鸭山市自然资源局",
    ev("可以自收到本答复书之日起60日内向双鸭山市自然资源局申请行政复议", 10),
)
NO_BASIS = finding("missing_legal_basis", "未引用法律依据（检索“根据”“依据”及条例条款，均未找到）")
OLD_PERIOD = finding(
    "remedy_litigation_period_outdated",
    "行政诉讼期限写为3个月，现行为6个月",
    ev("或者在3个月内向人民法院提起行政诉讼", 11),
)
NO_REMEDY = finding("missing_remedy", "未告知申请行政复议或提起行政诉讼的权利")

LETTERS = (
    reply(
        "2024/jixian/依申请公开/答复书-07.docx",
        [LATE, WRONG_BODY],
        number="集自然资信复〔2024〕7号",
    ),
    reply(
        "2024/jixian/依申请公开/答复书-12.pdf",
        [NO_BASIS, OLD_PERIOD],
        number="集自然资信复〔2024〕12号",
    ),
    reply("2024/jixian/依申请公开/答复书-03.docx", [], number="集自然资信复〔2024〕3号"),
)


def test_reply_letters_deduct_per_finding_letter_by_letter() -> None:
    d = score(unit("county", LETTERS), "1.4.3")
    assert (d.points, d.max_points, d.status, d.rule) == (4.5, 10, "auto", "reply_letters")
    assert [(e.note, e.points, e.finding_code) for e in d.evidence] == [
        ("答复书-03.docx：未发现问题", 0.0, None),
        ("答复书-07.docx：答复超过法定期限（用时23个工作日）", -2.0, "late_reply"),
        (
            "答复书-07.docx：复议机关应为集贤县人民政府，答复书写为双鸭山市自然资源局",
            -1.0,
            "remedy_wrong_reconsideration_body",
        ),
        (
            "答复书-12.pdf：未引用法律依据（检索“根据”“依据”及条例条款，均未找到）",
            -1.5,
            "missing_legal_basis",
        ),
        (
            "答复书-12.pdf：行政诉讼期限写为3个月，现行为6个月",
            -1.0,
            "remedy_litigation_period_outdated",
        ),
        # no annual report of 2024 or 2023: the cross-check is recorded as a search
        ("未找到2024年度或2023年度的政府信息公开工作年度报告，未能核对", None, None),
    ]
    clean, late = d.evidence[0], d.evidence[1]
    assert (clean.element, clean.quote, clean.paragraph) == (
        "document_number",
        "集自然资信复〔2024〕3号",
        3,
    )
    assert late.quote == "本机关于2024年3月5日收到您提出的政府信息公开申请"
    assert late.paragraph == 5
    letter07 = LETTERS[0]
    assert (late.object_version_id, late.extraction_id) == (
        letter07.object_version_id,
        letter07.extraction_id,
    )
    assert d.explanation == (
        "审查3份答复书，发现问题4处，扣5.5分，得4.5分。"
        "未找到2024年度或2023年度的政府信息公开工作年度报告，"
        "依申请公开数量核对及行政复议、行政诉讼被纠错情况需人工核定。"
    )
    searched = d.evidence[-1].searched
    assert searched is not None and searched["doc_types"] == ["annual_report"]


def test_deductions_are_capped_at_the_indicator_points() -> None:
    letters = tuple(
        reply(f"2024/jixian/依申请公开/答复书-{i:02d}.docx", [LATE, NO_REMEDY, NO_BASIS])
        for i in (1, 2)
    )
    d = score(unit("county", letters), "1.4.3")
    assert d.points == 0 and d.status == "auto"
    assert sum(e.points or 0 for e in d.evidence) == -11
    assert "扣11分，超过本项满分，按10分封顶，得0分" in d.explanation


def test_undeclared_finding_code_is_listed_without_deduction() -> None:
    odd = finding("remedy_court_missing", "未写明管辖法院", ev("依法向人民法院提起行政诉讼", 10))
    letter = reply("2024/zrzyj/依申请/告知书-2.docx", [odd, LATE])
    d = score(unit("department", (letter,)), "2.4.3")
    assert d.points == 8
    assert [(e.note, e.points) for e in d.evidence] == [
        ("告知书-2.docx：未写明管辖法院（本细则未设定该问题的扣分，不扣分）", 0.0),
        ("告知书-2.docx：答复超过法定期限（用时23个工作日）", -2.0),
        ("未找到2024年度或2023年度的政府信息公开工作年度报告，未能核对", None),
    ]


def test_same_letter_under_two_keys_counts_once() -> None:
    a = reply("2024/jixian/依申请公开/答复书-07.docx", [LATE], sha256="ab" * 32)
    b = reply("2024/jixian/备份/答复书-07副本.docx", [LATE], sha256="ab" * 32)
    d = score(unit("county", (a, b)), "1.4.3")
    assert d.points == 8
    assert "审查1份答复书" in d.explanation


def test_no_letters_is_pending_manual_with_a_search_record() -> None:
    others = (
        minutes(
            "2024/jixian/纪要/常务会议纪要.docx",
            "2024-03-15",
            "2024年3月15日",
            True,
            "研究2024年政务公开工作要点",
        ),
        doc(
            "2024/jixian/年报/2023年年度报告.pdf",
            "annual_report",
            {"year": el(2023, ev("2023年", page=1))},
        ),
    )
    d = score(unit("county", others), "1.4.3")
    assert (d.points, d.status) == (None, "pending_manual")
    assert d.explanation == "未提交答复书，如本年度未收到申请请人工确认"
    (searched,) = d.evidence
    assert searched.extraction_id is None and searched.object_version_id is None
    assert searched.searched == {
        "prefix": "2024/jixian/",
        "doc_types": ["reply_letter"],
        "documents_examined": 2,
        "documents_of_type": 0,
        "unreadable": [],
        "criteria": "全部答复书（含告知书），答复日期在2024年内",
    }


def test_letter_of_another_year_is_listed_not_scored() -> None:
    old = reply("2024/jixian/依申请公开/答复书-2023-41.docx", [LATE], reply_date="2023-12-20")
    d = score(unit("county", (old, LETTERS[2])), "1.4.3")
    assert d.points == 10
    assert d.evidence[0].note == "答复书-03.docx：未发现问题"
    assert d.evidence[1].note == "答复书-2023-41.docx：答复日期2023年12月20日不在2024年度，不计分"
    assert d.evidence[1].quote == "2023年12月20日" and d.evidence[1].points is None


def test_unreadable_letter_leaves_the_score_to_a_person() -> None:
    scan = doc("2024/jixian/依申请公开/答复书-15.pdf", None, status="no_text")
    d = score(unit("county", (*LETTERS, scan)), "1.4.3")
    assert (d.points, d.status) == (None, "pending_manual")
    assert d.explanation.startswith(
        "可读取的答复书自动计分为4.5分，但有1份可能为答复书的文件无法读取，需人工核定后评分。"
    )
    assert "答复书-15.pdf（无文字层（扫描件或图片），未能识别文字）" in d.explanation
    notes = [e.note for e in d.evidence]
    assert "答复书-15.pdf：无文字层（扫描件或图片），未能识别文字，无法读取，未计分" in notes
    assert d.evidence[-1].searched is not None
    assert d.evidence[-1].searched["unreadable"] == ["2024/jixian/依申请公开/答复书-15.pdf"]


def test_unrelated_unreadable_file_is_counted_but_does_not_block() -> None:
    broken = doc(
        "2024/jixian/网站/栏目截图.png",
        None,
        status="error",
        error="不支持的文件格式（图片未做文字识别）",
    )
    d = score(unit("county", (*LETTERS, broken)), "1.4.3")
    assert (d.points, d.status) == (4.5, "auto")
    assert d.explanation.endswith("本单位另有1份文件无法读取或尚未抽取。")


def test_unreadable_application_form_in_the_reply_folder_does_not_block() -> None:
    # hints match the file name, not the folder: 依申请公开/ also holds application forms
    form = doc("2024/jixian/依申请公开/申请表-王某某.jpg", None, status="no_text")
    d = score(unit("county", (*LETTERS, form)), "1.4.3")
    assert (d.points, d.status) == (4.5, "auto")
    assert "本单位另有1份文件无法读取或尚未抽取。" in d.explanation


def test_minutes_in_the_year_discussing_disclosure_score() -> None:
    docs = (
        minutes(
            "2024/jixian/纪要/2023年第20次常务会议纪要.docx",
            "2023-12-28",
            "2023年12月28日",
            True,
            "研究部署政务公开工作",
        ),
        minutes(
            "2024/jixian/纪要/第3次常务会议纪要.docx",
            "2024-02-20",
            "二〇二四年二月二十日",
            False,
            None,
        ),
        minutes(
            "2024/jixian/纪要/第5次常务会议纪要.docx",
            "2024-03-15",
            "2024年3月15日",
            True,
            "会议听取了县政务公开办关于2024年政务公开工作要点的汇报",
        ),
    )
    d = score(unit("county", docs), "1.1.1")
    assert (d.points, d.max_points, d.status) == (4, 8, "auto")
    assert [(e.note, e.points, e.quote) for e in d.evidence] == [
        (
            "第5次常务会议纪要.docx：2024年3月15日会议研究政务公开工作",
            4.0,
            "会议听取了县政务公开办关于2024年政务公开工作要点的汇报",
        ),
        ("第5次常务会议纪要.docx：会议日期", None, "2024年3月15日"),
        (
            "2023年第20次常务会议纪要.docx：会议日期2023年12月28日不在2024年度，不计分",
            None,
            "2023年12月28日",
        ),
        (
            "第3次常务会议纪要.docx：2024年2月20日会议的议题和决定中未见政务公开工作，不计分",
            None,
            None,
        ),
        # the 批示 part: nothing found, recorded as a search
        ("未找到符合条件的领导批示：日期在2024年内，批示内容涉及政务公开", None, None),
    ]
    assert d.explanation.startswith(
        "【专题会议研究政务公开工作，4分】"
        "找到1份2024年度研究政务公开工作的会议纪要（最早为第5次常务会议纪要.docx，2024年3月15日），"
        "会议纪要部分得4分（本部分满分4分）。另有2份会议纪要不符合条件"
    )
    assert d.explanation.endswith(
        "自动评分部分合计4分（满分6分）；其余2分：经费保障、机构队伍建设（主管部门设置、专职兼职人员）"
        "情况需人工核定（2分，以人工调整计入）。"
    )
    assert "另有2份会议纪要不符合条件" in d.explanation


def test_minutes_only_outside_the_year_are_not_counted() -> None:
    old = minutes(
        "2024/jixian/纪要/2023年第20次常务会议纪要.docx",
        "2023-12-28",
        "2023年12月28日",
        True,
        "研究部署政务公开工作",
    )
    d = score(unit("county", (old,)), "1.1.1")
    assert (d.points, d.status) == (None, "pending_manual")
    assert d.explanation.startswith(
        "本项待人工评分：专题会议研究政务公开工作部分需人工核定（可自动评分的部分：领导专门批示0分）。"
        "【专题会议研究政务公开工作，4分】未找到本年度研究政务公开工作的会议纪要"
    )
    assert (
        d.evidence[0].note
        == "2023年第20次常务会议纪要.docx：会议日期2023年12月28日不在2024年度，不计分"
    )
    assert d.evidence[0].quote == "2023年12月28日" and d.evidence[0].element == "meeting_date"
    # the minutes part's search, then the 批示 part's
    assert d.evidence[1].searched is not None
    assert d.evidence[1].searched["documents_of_type"] == 1
    assert d.evidence[2].searched is not None
    assert d.evidence[2].searched["doc_types"] == ["leader_instruction"]


def test_minutes_without_meeting_date_fall_back_to_sign_off_date() -> None:
    m = minutes("2024/zrzyj/纪要/局党组会议纪要.pdf", None, "", True, "研究部署本局政务公开工作")
    m.elements["document_date"] = el("2024-06-03", ev("2024年6月3日", page=2))
    d = score(unit("department", (m,)), "2.1.1")
    assert (d.points, d.status) == (4, "auto")
    assert (
        d.evidence[0].note
        == "局党组会议纪要.pdf：2024年6月3日（纪要未写明会议日期，按落款日期）会议研究政务公开工作"
    )
    assert (d.evidence[1].element, d.evidence[1].quote, d.evidence[1].page) == (
        "document_date",
        "2024年6月3日",
        2,
    )


def test_absent_auto_zero_when_configured_but_not_over_an_unreadable_file(tmp_path: Path) -> None:
    text = (CONFIG / "rubric-county.yaml").read_text(encoding="utf-8")
    found = '              explanation: "未找到本年度研究政务公开工作的会议纪要'
    old = "              status: pending_manual\n" + found
    assert text.count(old) == 1
    p = tmp_path / "rubric-county.yaml"
    p.write_text(
        text.replace(
            old,
            "              status: auto\n              points: 0\n" + found,
        ),
        encoding="utf-8",
    )
    rubric = load_rubric(p)
    d = score(unit("county", LETTERS), "1.1.1", rubric)
    assert (d.points, d.status) == (0, "auto")
    scan = doc("2024/jixian/会议/专题会议纪要扫描件.pdf", None, status="no_text")
    d = score(unit("county", (*LETTERS, scan)), "1.1.1", rubric)
    assert (d.points, d.status) == (None, "pending_manual")
    assert "（有可能相关的文件无法读取，改为待人工评分）" in d.explanation
    assert "专题会议纪要扫描件.pdf（无文字层（扫描件或图片），未能识别文字）" in d.explanation


def test_training_points_and_attendance_tiers() -> None:
    docs = (
        training(
            "2024/jixian/培训/培训通知.docx",
            "2024-05-10",
            "定于2024年5月10日举办全县政务公开业务培训",
            True,
            "培训内容：政府信息公开条例解读、依申请公开答复规范",
        ),
        training(
            "2024/jixian/培训/签到表.pdf",
            "2024-05-10",
            "2024年5月10日",
            True,
            "政务公开业务培训签到表",
            46,
            "签到表",
        ),
        training(
            "2024/jixian/培训/信息员培训班.pdf",
            "2024-09-26",
            "2024年9月26日",
            True,
            "围绕政府信息公开、政府网站建设、信息保密等内容进行了培训",
            130,
            "共130余人参加培训",
        ),
        training(
            "2024/jixian/培训/政务信息培训.docx",
            "2024-07-01",
            "2024年7月1日",
            False,
            "政务信息写作培训",
            60,
            "60人",
        ),
        training(
            "2024/jixian/培训/2023年培训.docx",
            "2023-11-20",
            "2023年11月20日",
            True,
            "政务公开培训",
            80,
            "80人",
        ),
    )
    d = score(unit("county", docs), "1.1.3")
    assert (d.points, d.max_points, d.status) == (5, 8, "auto")
    assert d.explanation.startswith(
        "【政务公开业务培训，5分】2024年度举办政务公开业务培训2次（3份材料），举办培训得3分；"
        "参训合计176人（同一日期的多份材料按人数最多者计一次），达到100人档，加2分，合计5分（本部分满分5分）。"
    )
    assert (
        "【本地区政务公开工作考核，3分】未找到本地区政务公开工作考核办法，本部分不得分。"
        in d.explanation
    )
    assert "另有2份培训材料不符合条件" in d.explanation
    pts = [(e.note, e.points) for e in d.evidence if e.points]
    assert pts == [
        ("培训通知.docx：2024年5月10日举办政务公开业务培训，未识别出参训人数", 3.0),
        ("参训合计176人，达到100人档", 2.0),
    ]
    tier_ref = next(e for e in d.evidence if e.note.startswith("参训合计"))
    assert tier_ref.quote == "共130余人参加培训"
    notes = [e.note for e in d.evidence]
    assert "政务信息培训.docx：2024年7月1日培训内容未涉及政务公开（政府信息公开），不计分" in notes
    assert "2023年培训.docx：培训日期2023年11月20日不在2024年度，不计分" in notes


def test_training_below_the_first_tier() -> None:
    t = training(
        "2024/zrzyj/培训/签到表.pdf",
        "2024-04-18",
        "2024年4月18日",
        True,
        "政务公开业务培训",
        12,
        "签到表",
    )
    d = score(unit("department", (t,)), "2.1.3")
    assert d.points == 3
    assert (
        "参训合计12人（同一日期的多份材料按人数最多者计一次），未达到20人档，不加分，合计3分"
        in d.explanation
    )


def test_manual_rule_rows_are_pending_with_null_points() -> None:
    d = score(unit("county", LETTERS), "1.2.1")
    assert (d.points, d.status, d.rule) == (None, "pending_manual", "manual")
    assert d.explanation == (
        "待人工评分：政务服务中心、档案馆、图书馆公共查阅场所建设及各部门信息报送保障情况需实地检查"
    )
    assert d.evidence == ()


@pytest.mark.parametrize("kind", ["county", "department"])
def test_every_indicator_has_a_draft_in_rubric_order(kind: str) -> None:
    drafts = score_unit(unit(kind), RUBRICS[kind])
    assert [d.indicator for d in drafts] == [i.code for i in RUBRICS[kind].indicators]
    assert len(drafts) == 12
    for d in drafts:
        assert d.status in ("auto", "pending_manual")
        assert d.unit_code == ("jixian" if kind == "county" else "zrzyj")
        if d.status == "pending_manual":
            assert d.points is None
        assert d.explanation
    # an empty submission: nothing is auto-scored, nothing is a silent zero
    assert all(d.status == "pending_manual" for d in drafts)
