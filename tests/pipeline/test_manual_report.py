"""Manual scores (第六条) and the office's reports (第七条) on moto S3, a real DB and Prefect.

Expected values come from reading the demo corpus (kaohe.samples): youyi's 1.4.3 loses 1 point
for 答复书-02.docx (复议机关写错: “向双鸭山市自然资源局申请行政复议”) and 1 for 答复书-03.pdf
(cites the 2007 条例's article 21), 8 of 10 automatically; jixian's 1.2.1 is pending_manual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from flows import run_flow
from flows.pipeline import pipeline_flow, rerun_flow
from kaohe.cli import app
from kaohe.manual import (
    TEMPLATE_HEADERS,
    ManualInputError,
    add_entry,
    log_entries,
    rescore,
    revoke_entry,
    validate_entry,
)
from kaohe.ops import Context, build_context
from kaohe.queries import explain_score, score_rows
from kaohe.samples import write_demo_corpus
from kaohe.settings import load_settings
from storage.models import ManualScore, ObjectVersion, Score, ScoreEvidence
from storage.objectstore import S3Store

pytestmark = [pytest.mark.s3, pytest.mark.prefect]

runner = CliRunner()
YEAR = 2024


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps CLI output at the terminal width; keep messages on one line."""
    monkeypatch.setenv("COLUMNS", "250")


def _demo(store: S3Store) -> None:
    write_demo_corpus(store, YEAR)
    run_flow(pipeline_flow, year=YEAR)


def _row(ctx: Context, unit: str, indicator: str) -> Any:
    return next(r for r in score_rows(ctx, YEAR) if (r.unit, r.indicator) == (unit, indicator))


def _auto_points(ctx: Context, score_id: int) -> float | None:
    with ctx.session() as s:
        return s.scalar(select(Score.auto_points).where(Score.id == score_id))


def _add(ctx: Context, unit: str, indicator: str, mode: str, points: float, **kw: str) -> int:
    entry = validate_entry(
        ctx,
        year=YEAR,
        unit=unit,
        indicator=indicator,
        mode=mode,
        points=points,
        method=kw.get("method", "资料审查"),
        reason=kw.get("reason", "复核材料"),
        author=kw.get("author", "张三"),
    )
    entry_id, created = add_entry(ctx, entry)
    assert created
    return entry_id


@contextmanager
def _sql_log() -> Iterator[list[str]]:
    """Every SQL statement any engine of this process runs (flows build their own engines)."""
    seen: list[str] = []

    def record(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _manual_rows(ctx: Context) -> list[tuple[Any, ...]]:
    with ctx.session() as s:
        return [
            (m.id, m.mode, m.points, m.reason, m.author, m.source, m.superseded_by, m.revoked)
            for m in s.scalars(select(ManualScore).order_by(ManualScore.id))
        ]


def test_manual_score_precedence_survives_rubric_edit_and_revoke(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, config_dir: Path
) -> None:
    _demo(kaohe_env)
    assert (_row(ctx, "youyi", "1.4.3").points, _row(ctx, "youyi", "1.4.3").status) == (8, "auto")
    assert _row(ctx, "jixian", "1.2.1").status == "pending_manual"

    with _sql_log() as sql:
        # an adjustment adds to the automatic points; the automatic verdict is kept beside it
        adj = _add(ctx, "youyi", "1.4.3", "adjust", -1, method="日常监督", reason="未加盖公章")
        changes = rescore(ctx, YEAR)
        assert [(c.unit_code, c.indicator, c.old_points, c.new_points) for c in changes] == [
            ("youyi", "1.4.3", 8, 7)
        ]
        row = _row(ctx, "youyi", "1.4.3")
        assert (row.points, row.status) == (7, "manual")
        assert _auto_points(ctx, row.score_id) == 8

        # a score replaces the automatic points (also of a pending indicator, by name)
        on_site = _add(ctx, "集贤县人民政府", "1.2.1", "score", 5, method="实地检查")
        score = _add(ctx, "youyi", "1.4.3", "score", 9, method="第三方评估", author="李四")
        later = _add(ctx, "youyi", "1.4.3", "adjust", 0.5, method="年底综合评测")
        changes = rescore(ctx, YEAR)
        assert {(c.unit_code, c.indicator): (c.old_points, c.new_points) for c in changes} == {
            ("jixian", "1.2.1"): (None, 5),
            ("youyi", "1.4.3"): (7, 9.5),  # the newest score, plus the adjustment after it
        }
        jx = _row(ctx, "jixian", "1.2.1")
        assert (jx.points, jx.status, _auto_points(ctx, jx.score_id)) == (5, "manual", None)
        ex = explain_score(ctx, YEAR, "youyi", "1.4.3")
        assert ex is not None and ex.auto_points == 8
        notes = [e.note for e in ex.evidence]
        assert any(
            n.startswith("人工评分：9分") and "第三方评估" in n and "李四" in n for n in notes
        )
        assert any(n.startswith("人工调整：+0.5分") for n in notes)
        assert not any("未加盖公章" in n for n in notes)  # superseded by the newer score
        assert any("答复书-02.docx" in n for n in notes)  # the automatic evidence stays

        # a rubric edit and a rerun change the automatic verdict, not the manual result
        rubric = config_dir / "rubric-county.yaml"
        rubric.write_text(
            rubric.read_text(encoding="utf-8").replace(
                "remedy_wrong_reconsideration_body: 1", "remedy_wrong_reconsideration_body: 3"
            ),
            encoding="utf-8",
        )
        old_hash = _row(ctx, "youyi", "1.4.3").rules_hash
        run_flow(rerun_flow, year=YEAR)
        ctx2 = build_context(load_settings())
        row = _row(ctx2, "youyi", "1.4.3")
        assert row.rules_hash != old_hash
        assert (row.points, row.status, _auto_points(ctx2, row.score_id)) == (9.5, "manual", 6)

        # revoking the score brings back what the log says is then in force; revoking all
        # returns to the automatic score
        revoke_entry(ctx2, score, reason="第三方评估报告有误", author="王五")
        rescore(ctx2, YEAR)
        assert _row(ctx2, "youyi", "1.4.3").points == 5.5  # 6 − 1 + 0.5
        revoke_entry(ctx2, adj, reason="公章已补", author="王五")
        revoke_entry(ctx2, later, reason="撤回", author="王五")
        changes = rescore(ctx2, YEAR)
        assert [(c.old_points, c.new_points, c.new_status) for c in changes] == [(5.5, 6, "auto")]
        with pytest.raises(ManualInputError, match="已被撤销"):
            revoke_entry(ctx2, adj, reason="再撤一次", author="王五")
        ctx2.engine.dispose()

    # the log: every entry in order, nothing ever updated
    assert not [q for q in sql if q.lstrip().upper().startswith("UPDATE MANUAL_SCORES")]
    log = log_entries(ctx, YEAR, "youyi", "1.4.3")
    assert [(e.mode, e.points) for e in log[:3]] == [("adjust", -1), ("score", 9), ("adjust", 0.5)]
    assert [e.mode for e in log[3:]] == ["revoke"] * 3
    assert [e.id for e in log] == sorted(e.id for e in log)
    assert [e.state for e in log] == [
        f"已撤销（#{log[4].id}）",
        f"已撤销（#{log[3].id}）",
        f"已撤销（#{log[5].id}）",
        f"撤销 #{score}",
        f"撤销 #{adj}",
        f"撤销 #{later}",
    ]
    assert [e.id for e in log_entries(ctx, YEAR, "jixian")] == [on_site]
    rows = _manual_rows(ctx)
    assert all(r[-2] is None and r[-1] is False for r in rows)  # legacy columns unused

    res = runner.invoke(app, ["manual", "log", "--unit", "youyi"])
    assert res.exit_code == 0, res.output
    assert "第三方评估" in res.output and "撤销" in res.output


def test_manual_entry_validation(kaohe_env: S3Store, ctx: Context) -> None:
    def bad(**kw: Any) -> str:
        args = dict(
            year=YEAR,
            unit="youyi",
            indicator="1.4.3",
            mode="score",
            points=5,
            method="实地检查",
            reason="理由",
            author="张三",
        )
        with pytest.raises(ManualInputError) as e:
            validate_entry(ctx, **{**args, **kw})
        return e.value.reason

    assert "未知单位" in bad(unit="nowhere")
    assert "不属于" in bad(indicator="2.4.3")  # a department indicator for a county
    assert "0–10" in bad(points=11)
    assert "不超过 10" in bad(mode="adjust", points=-12)
    assert "不是数字" in bad(points="五")
    assert "考核方式应为" in bad(method="抽查")
    assert "缺少理由" in bad(reason=" ")
    assert "模式应为" in bad(mode="bonus")
    ok = validate_entry(
        ctx,
        year=YEAR,
        unit="双鸭山市教育局",
        indicator="2.4.3",
        mode="调整",
        points="－1.5",
        method="资料审查",
        reason="理由",
        author="张三",
    )
    assert (ok.unit.code, ok.mode, ok.points, ok.max_points) == ("jyj", "adjust", -1.5, 10)
    with pytest.raises(ManualInputError, match="没有编号"):
        revoke_entry(ctx, 999, reason="x", author="y")


def test_template_import_is_idempotent_and_reports_bad_rows(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, tmp_path: Path
) -> None:
    _demo(kaohe_env)
    sheet = tmp_path / "人工评分.xlsx"
    res = runner.invoke(app, ["manual", "template", str(sheet), "--year", str(YEAR)])
    assert res.exit_code == 0, res.output
    assert "120 行" in res.output  # 10 units × 12 indicators

    wb = load_workbook(sheet)
    ws = wb["人工评分"]
    assert tuple(c.value for c in ws[1]) == TEMPLATE_HEADERS
    col = {h: i + 1 for i, h in enumerate(TEMPLATE_HEADERS)}
    rows = {(ws.cell(r, 2).value, ws.cell(r, 4).value): r for r in range(2, ws.max_row + 1)}
    youyi = rows[("youyi", "1.4.3")]
    assert ws.cell(youyi, col["当前得分"]).value == 8
    assert ws.cell(youyi, col["当前状态"]).value == "自动评分"
    assert ws.cell(rows[("jixian", "1.2.1")], col["当前状态"]).value == "待人工评分"

    def fill(r: int, mode: str, points: Any, method: str) -> None:
        for h, v in zip(
            ("模式", "分值", "考核方式", "理由", "评分人"),
            (mode, points, method, "实地查看", "赵六"),
            strict=True,
        ):
            ws.cell(r, col[h]).value = v

    fill(rows[("youyi", "1.2.1")], "评分", 4, "实地检查")
    fill(rows[("zrzyj", "2.4.3")], "调整", -2, "资料审查")
    bad_row = rows[("baoqing", "1.1.1")]
    fill(bad_row, "评分", 3, "抽查")
    wb.save(sheet)

    res = runner.invoke(app, ["manual", "import", str(sheet)])
    assert res.exit_code == 1, res.output  # a row was refused: the rest is imported
    assert "新记录 2 条" in res.output and "有误 1 行" in res.output
    assert f"第{bad_row}行：考核方式应为" in res.output
    assert "评分变化" in res.output
    assert (_row(ctx, "youyi", "1.2.1").points, _row(ctx, "youyi", "1.2.1").status) == (
        4,
        "manual",
    )
    zr = _row(ctx, "zrzyj", "2.4.3")
    assert (zr.points, zr.status, _auto_points(ctx, zr.score_id)) == (8, "manual", 10)
    with ctx.session() as s:
        sources = list(s.scalars(select(ManualScore.source).order_by(ManualScore.id)))
    assert len(sources) == 2 and all(x.startswith("xlsx:") for x in sources)

    res = runner.invoke(app, ["manual", "import", str(sheet)])
    assert "新记录 0 条，已导入过 2 条" in res.output
    # the office opens and re-saves the sheet (new bytes, same rows): still nothing added
    wb = load_workbook(sheet)
    wb.properties.creator = "re-saved"
    resaved = sheet.with_name("重新保存.xlsx")
    wb.save(resaved)
    assert resaved.read_bytes() != sheet.read_bytes()
    res = runner.invoke(app, ["manual", "import", str(resaved)])
    assert "新记录 0 条，已导入过 2 条" in res.output
    with ctx.session() as s:
        assert len(list(s.scalars(select(ManualScore.id)))) == 2


def test_report_workbook_and_rectification_lists(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, tmp_path: Path
) -> None:
    _demo(kaohe_env)
    # jixian 12 + 5 = 17 stays behind youyi's 18; sfj gets every indicator scored by hand
    _add(ctx, "jixian", "1.2.1", "score", 5, method="实地检查")
    sfj_points = {}
    for ind in ctx.rubrics["department"].indicators:
        sfj_points[ind.code] = ind.points / 2
        _add(ctx, "sfj", ind.code, "score", ind.points / 2, method="年底综合评测")
    rescore(ctx, YEAR)

    out = tmp_path / "报告"
    res = runner.invoke(app, ["report", "--year", str(YEAR), "--out", str(out)])
    assert res.exit_code == 0, res.output
    book = out / f"{YEAR}年度政务公开考核结果.xlsx"
    assert str(book.resolve()) in res.output.replace("\n", "")
    wb = load_workbook(book)
    names = [u.name for u in ctx.units]
    assert wb.sheetnames == ["县区汇总", "部门汇总", *names, "证据", "说明"]

    # summary: totals are the sums, ranks by total within the kind, provisional marked
    rows = score_rows(ctx, YEAR)
    for title, kind in (("县区汇总", "county"), ("部门汇总", "department")):
        ws = wb[title]
        head = [c.value for c in ws[2]]
        assert head[:3] == ["排名", "单位代码", "单位名称"] and head[-3:] == [
            "合计",
            "暂定",
            "说明",
        ]
        assert ws.freeze_panes == "D4" and ws.print_title_rows == "$1:$3"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        data = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if r[1].value is not None]
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
        totals = [d[-3] for d in data]
        assert totals == sorted(totals, reverse=True)
        assert [d[0] for d in data] == [1 + sum(t > x for t in totals) for x in totals]
    county = {r[1].value: r for r in wb["县区汇总"].iter_rows(min_row=4) if r[1].value}
    assert (county["youyi"][0].value, county["youyi"][-3].value) == (1, 18)
    assert (county["jixian"][0].value, county["jixian"][-3].value) == (2, 17)
    assert (
        "暂定" in county["youyi"][-3].number_format and "暂定" in county["youyi"][0].number_format
    )
    dept = {r[1].value: r for r in wb["部门汇总"].iter_rows(min_row=4) if r[1].value}
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
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "指标",
        "问题",
        "所在文件",
        "原文摘录",
        "整改建议",
    ]
    items = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [i[0] for i in items] == [str(n) for n in range(1, len(items) + 1)]
    body = next(i for i in items if i[3] == "答复书-02.docx（第7段）")
    assert body[1] == "1.4.3 答复规范化情况" and "扣1分" in body[2]
    assert body[4] == "向双鸭山市自然资源局申请行政复议" and "第二十四条" in body[5]
    assert any(i[3] == "常务会议纪要 扫描件.pdf" and "无法读取" in i[2] for i in items)
    sfj_doc = Document(str(out / "整改清单" / f"双鸭山市司法局{YEAR}年度整改清单.docx"))
    assert "暂定" not in sfj_doc.paragraphs[1].text
