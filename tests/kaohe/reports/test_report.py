"""The office's reports (第七条) on moto S3, a real DB and Prefect.

Expected values come from reading the demo corpus (kaohe.demo): youyi's 1.4.3 loses 1 point
for 答复书-02.docx (复议机关写错: “向双鸭山市自然资源局申请行政复议”) and 1 for 答复书-03.pdf
(cites the 2007 条例's article 21), 8 of 10 automatically; jixian's 1.2.1 is pending_manual.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from kaohe.cli.main import app
from kaohe.context import Context
from kaohe.office.manual import rescore
from kaohe.views.scores import score_rows
from storage.models import ObjectVersion, Score, ScoreEvidence
from storage.s3 import S3Store
from tests.kaohe.demo_year import YEAR, add_manual, demo_year

pytestmark = [pytest.mark.s3, pytest.mark.prefect]

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps CLI output at the terminal width; keep messages on one line."""
    monkeypatch.setenv("COLUMNS", "250")


def test_report_workbook_and_rectification_lists(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, tmp_path: Path
) -> None:
    demo_year(kaohe_env)
    # jixian 12 + 5 = 17 stays behind youyi's 18; sfj gets every indicator scored by hand
    add_manual(ctx, "jixian", "1.2.1", "score", 5, method="实地检查")
    sfj_points = {}
    for ind in ctx.rubrics["department"].indicators:
        sfj_points[ind.code] = ind.points / 2
        add_manual(ctx, "sfj", ind.code, "score", ind.points / 2, method="年底综合评测")
    rescore(ctx, YEAR)

    out = tmp_path / "报告"
    res = runner.invoke(app, ["report", "--year", str(YEAR), "--out", str(out)])
    assert res.exit_code == 0, res.output
    book = out / f"{YEAR}年度政务公开考核结果.xlsx"
    assert str(book.resolve()) in res.output.replace("\n", "")
    wb = load_workbook(book)
    names = [u.name for u in ctx.units]
    code_of = {u.name: u.code for u in ctx.units}
    assert wb.sheetnames == ["县区汇总", "部门汇总", *names, "证据", "说明"]

    # summary: totals are the sums, ranks by total within the kind, provisional marked
    rows = score_rows(ctx, YEAR)
    for title, kind in (("县区汇总", "county"), ("部门汇总", "department")):
        ws = wb[title]
        head = [c.value for c in ws[2]]
        # names only on the table sent upward: no pinyin codes beside them
        assert head[:2] == ["排名", "单位名称"] and head[-3:] == [
            "合计",
            "暂定",
            "说明",
        ]
        assert ws.freeze_panes == "C4" and ws.print_title_rows == "$1:$3"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        data = [
            [r[0].value, code_of[r[1].value], *(c.value for c in r[1:])]
            for r in ws.iter_rows(min_row=4)
            if r[1].value in code_of
        ]
        kind_units = [u.code for u in ctx.units if u.kind == kind]
        assert sorted(d[1] for d in data) == sorted(kind_units)
        for d in data:
            numbers = [v for v in d[3:-3] if isinstance(v, int | float)]
            assert d[-3] == pytest.approx(sum(numbers))
            expected = sum(r.points or 0 for r in rows if r.unit == d[1])
            assert d[-3] == pytest.approx(expected)
            pending = [r for r in rows if r.unit == d[1] and r.status == "pending_manual"]
            assert (d[-2] == "暂定") == bool(pending)
            assert d[3:-3].count("待评") == len(pending)
        # a unit with nothing scored yet is not ranked, and is listed after the ranked ones
        all_pending = {
            u for u in kind_units if all(r.status == "pending_manual" for r in rows if r.unit == u)
        }
        assert all_pending  # the demo has units without submissions
        ranked = [d for d in data if d[1] not in all_pending]
        assert [d[1] for d in data[len(ranked) :]] == [u for u in kind_units if u in all_pending]
        for d in data[len(ranked) :]:
            assert d[0] == "不排名" and d[-1] == "全部指标待人工评分，暂不参与排名"
        totals = [d[-3] for d in ranked]
        assert totals == sorted(totals, reverse=True)
        assert [d[0] for d in ranked] == [1 + sum(t > x for t in totals) for x in totals]
    county = {
        code_of[r[1].value]: r for r in wb["县区汇总"].iter_rows(min_row=4) if r[1].value in code_of
    }
    assert (county["youyi"][0].value, county["youyi"][-3].value) == (1, 18)
    assert (county["jixian"][0].value, county["jixian"][-3].value) == (2, 17)
    assert (
        "暂定" in county["youyi"][-3].number_format and "暂定" in county["youyi"][0].number_format
    )
    dept = {
        code_of[r[1].value]: r for r in wb["部门汇总"].iter_rows(min_row=4) if r[1].value in code_of
    }
    assert dept["sfj"][-3].value == pytest.approx(50) and dept["sfj"][0].value == 1
    assert dept["sfj"][-2].value is None and "暂定" not in dept["sfj"][-3].number_format

    # the unit sheet: each indicator, and each deduction with its file and quote
    ws = wb["友谊县人民政府"]
    assert [c.value for c in ws[3]][:4] == ["指标", "指标名称 / 扣分项", "满分", "得分"]
    ind_rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=4) if r[0].value}
    assert ind_rows["1.4.3"][2:7] == [10, 8, "自动评分", None, -2]
    assert "答复书-02.docx" in ind_rows["1.4.3"][7]
    deductions = [
        [c.value for c in r] for r in ws.iter_rows(min_row=4) if str(r[1].value).startswith("扣分")
    ]
    wrong_body = next(d for d in deductions if "答复书-02.docx" in d[7])
    assert wrong_body[6] == -1 and "复议机关告知有误" in wrong_body[1]
    assert wrong_body[8] == "向双鸭山市自然资源局申请行政复议"
    assert ind_rows["合计"][3] == 18 and ind_rows["合计"][4] == "暂定"
    sfj_sheet = {
        r[0].value: [c.value for c in r] for r in wb["双鸭山市司法局"].iter_rows(min_row=4)
    }
    assert sfj_sheet["2.4.3"][3:5] == [5, "人工评分"]

    # the evidence sheet: every score evidence row, with version and sha256
    ev = wb["证据"]
    head = [c.value for c in ev[1]]
    assert head[:3] == ["单位代码", "单位名称", "指标"] and "sha256" in head and "原文摘录" in head
    ev_rows = [dict(zip(head, [c.value for c in r], strict=True)) for r in ev.iter_rows(min_row=2)]
    with ctx.session() as s:
        set_id = s.scalar(select(Score.score_set_id).where(Score.id == rows[0].score_id))
        n_evidence = len(
            list(
                s.scalars(
                    select(ScoreEvidence.id)
                    .join(Score, Score.id == ScoreEvidence.score_id)
                    .where(Score.score_set_id == set_id)
                )
            )
        )
        sha = s.scalar(
            select(ObjectVersion.sha256).where(ObjectVersion.key.like("%youyi%答复书-02.docx"))
        )
    assert len(ev_rows) == n_evidence
    letter = next(
        r
        for r in ev_rows
        if r["单位代码"] == "youyi" and r["问题代码"] == "remedy_wrong_reconsideration_body"
    )
    assert letter["sha256"] == sha and len(sha or "") == 64
    assert letter["文档键"] == f"{YEAR}/youyi/依申请公开 答复书/答复书-02.docx"
    assert letter["原文摘录"] == "向双鸭山市自然资源局申请行政复议" and letter["段落"] == 7
    searches = [r for r in ev_rows if r["检索记录"]]
    assert searches and all(r["文档键"] is None for r in searches)
    assert any("检索位置：2024/youyi/" in r["检索记录"] for r in searches)

    # the 整改清单 of youyi names the deduction, its file, quote and a remedy
    doc = Document(str(out / "整改清单" / f"友谊县人民政府{YEAR}年度整改清单.docx"))
    assert doc.paragraphs[0].text == f"友谊县人民政府{YEAR}年度政务公开考核整改清单"
    assert "暂定" in doc.paragraphs[1].text
    assert re.search(r"本清单依据第\d+号评分表生成", doc.paragraphs[1].text)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "指标",
        "问题",
        "所在文件",
        "原文摘录",
        "整改要求",
        "责任单位",
        "整改时限",
    ]
    items = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [i[0] for i in items] == [str(n) for n in range(1, len(items) + 1)]
    body = next(i for i in items if i[3] == "答复书-02.docx（第7段）")
    assert body[1] == "1.4.3 答复规范化情况" and "扣1分" in body[2]
    assert body[4] == "向双鸭山市自然资源局申请行政复议" and "第二十四条" in body[5]
    assert body[6:] == ["友谊县人民政府", "由考核办另行通知"]
    assert any(i[3] == "常务会议纪要 扫描件.pdf" and "无法读取" in i[2] for i in items)
    # no row twice: one missing website snapshot is one row naming every indicator it costs
    assert len({tuple(i[1:]) for i in items}) == len(items)
    snapshot = next(i for i in items if i[2] == "未提交符合要求的网站截图。")
    assert snapshot[1].split("\n") == [
        "1.2.2 政府官网建设情况",
        "1.3.2 重点领域信息公开",
        "1.4.2 申请渠道畅通情况",
    ]
    assert snapshot[5].startswith("请补充提交政府网站相关栏目的页面截图")
    # requirements are sentences: no regex, and what to submit says what it must show
    assert not any("|" in c for i in items for c in i)
    forms = next(i for i in items if "图、视频、动漫、H5、音频、访谈、吹风会或发布会" in i[5])
    assert forms[2] == "未提交符合要求的政策解读。"
    # issued by the office, dated in Beijing time, and no hash on the face
    tail = [p.text for p in doc.paragraphs if p.text.strip()][-2:]
    assert tail[0] == "双鸭山市政务公开办公室" and re.fullmatch(
        r"\d{4}年\d{1,2}月\d{1,2}日", tail[1]
    )
    assert not any("哈希" in p.text for p in doc.paragraphs)
    sfj_doc = Document(str(out / "整改清单" / f"双鸭山市司法局{YEAR}年度整改清单.docx"))
    assert "暂定" not in sfj_doc.paragraphs[1].text

    # the 汇总 as a printable PDF: a title per kind, ranks, provisional totals, 落款, page numbers
    pdf_path = out / f"{YEAR}年度政务公开考核结果汇总.pdf"
    assert str(pdf_path.resolve()) in res.output.replace("\n", "")
    with pdfplumber.open(pdf_path) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    assert len(pages) == 2
    assert f"{YEAR}年度政务公开考核结果汇总表（县（区））" in pages[0] and "第 1 页" in pages[0]
    assert f"{YEAR}年度政务公开考核结果汇总表（市直部门）" in pages[1] and "第 2 页" in pages[1]
    youyi_line = next(line for line in pages[0].splitlines() if line.startswith("1 友谊县人民政府"))
    assert youyi_line.split()[-1] == "18（暂定）"  # the remark wraps to the next line
    assert "不排名 宝清县人民政府" in pages[0]
    assert "双鸭山市政务公开办公室" in pages[-1] and "哈希" not in "".join(pages)

    # an entry recorded with --no-rescore is not in the table yet: the report says so
    assert "注意" not in res.output
    res = runner.invoke(
        app,
        ["manual", "add", "--unit", "youyi", "--indicator", "1.2.1", "--points", "4",
         "--method", "实地检查", "--reason", "查阅场所已建成", "--author", "李四",
         "--year", str(YEAR), "--no-rescore"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["report", "--year", str(YEAR), "--out", str(out)], terminal_width=300)
    assert res.exit_code == 0, res.output
    assert "注意：有 1 条人工评分记录是在最近一次评分之后录入的" in res.output
    rescore(ctx, YEAR)
    res = runner.invoke(app, ["report", "--year", str(YEAR), "--out", str(out)], terminal_width=300)
    assert res.exit_code == 0 and "注意" not in res.output
