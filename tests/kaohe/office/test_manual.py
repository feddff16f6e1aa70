"""Manual scores (第六条) on moto S3, a real DB and Prefect.

Expected values come from reading the demo corpus (kaohe.demo): youyi's 1.4.3 loses 1 point
for 答复书-02.docx (复议机关写错: “向双鸭山市自然资源局申请行政复议”) and 1 for 答复书-03.pdf
(cites the 2007 条例's article 21), 8 of 10 automatically; jixian's 1.2.1 is pending_manual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from flows import run_flow
from flows.pipeline import rerun_flow
from kaohe.cli.main import app
from kaohe.context import Context, build_context
from kaohe.errors import ManualInputError, RecordConflict, RecordNotFound
from kaohe.office.manual import log_entries, rescore, revoke_entry, validate_entry
from kaohe.office.sheets import TEMPLATE_HEADERS
from kaohe.settings import load_settings
from kaohe.views.explain import explain_score
from storage.models import ManualScore
from storage.s3 import S3Store
from tests.kaohe.demo_year import YEAR, add_manual, auto_points, demo_year, row_of

pytestmark = [pytest.mark.s3, pytest.mark.prefect]

runner = CliRunner(env={"COLUMNS": "250"})  # paths and tables on one line


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps CLI output at the terminal width; keep messages on one line."""
    monkeypatch.setenv("COLUMNS", "250")


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
    demo_year(kaohe_env)
    assert (row_of(ctx, "youyi", "1.4.3").points, row_of(ctx, "youyi", "1.4.3").status) == (
        8,
        "auto",
    )
    assert row_of(ctx, "jixian", "1.2.1").status == "pending_manual"

    with _sql_log() as sql:
        # an adjustment adds to the automatic points; the automatic verdict is kept beside it
        adj = add_manual(
            ctx, "youyi", "1.4.3", "adjust", -1, method="日常监督", reason="未加盖公章"
        )
        changes = rescore(ctx, YEAR)
        assert [(c.unit_code, c.indicator, c.old_points, c.new_points) for c in changes] == [
            ("youyi", "1.4.3", 8, 7)
        ]
        row = row_of(ctx, "youyi", "1.4.3")
        assert (row.points, row.status) == (7, "manual")
        assert auto_points(ctx, row.score_id) == 8

        # a score replaces the automatic points (also of a pending indicator, by name)
        on_site = add_manual(ctx, "集贤县人民政府", "1.2.1", "score", 5, method="实地检查")
        score = add_manual(ctx, "youyi", "1.4.3", "score", 9, method="第三方评估", author="李四")
        later = add_manual(ctx, "youyi", "1.4.3", "adjust", 0.5, method="年底综合评测")
        changes = rescore(ctx, YEAR)
        assert {(c.unit_code, c.indicator): (c.old_points, c.new_points) for c in changes} == {
            ("jixian", "1.2.1"): (None, 5),
            ("youyi", "1.4.3"): (7, 9.5),  # the newest score, plus the adjustment after it
        }
        jx = row_of(ctx, "jixian", "1.2.1")
        assert (jx.points, jx.status, auto_points(ctx, jx.score_id)) == (5, "manual", None)
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
        old_hash = row_of(ctx, "youyi", "1.4.3").rules_hash
        run_flow(rerun_flow, year=YEAR)
        ctx2 = build_context(load_settings())
        row = row_of(ctx2, "youyi", "1.4.3")
        assert row.rules_hash != old_hash
        assert (row.points, row.status, auto_points(ctx2, row.score_id)) == (9.5, "manual", 6)

        # revoking the score brings back what the log says is then in force; revoking all
        # returns to the automatic score
        revoke_entry(ctx2, score, reason="第三方评估报告有误", author="王五")
        rescore(ctx2, YEAR)
        assert row_of(ctx2, "youyi", "1.4.3").points == 5.5  # 6 − 1 + 0.5
        revoke_entry(ctx2, adj, reason="公章已补", author="王五")
        revoke_entry(ctx2, later, reason="撤回", author="王五")
        changes = rescore(ctx2, YEAR)
        assert [(c.old_points, c.new_points, c.new_status) for c in changes] == [(5.5, 6, "auto")]
        with pytest.raises(RecordConflict, match="已被撤销"):
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
    with pytest.raises(RecordNotFound, match="没有编号"):
        revoke_entry(ctx, 999, reason="x", author="y")


def test_template_import_is_idempotent_and_reports_bad_rows(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, tmp_path: Path
) -> None:
    demo_year(kaohe_env)
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
    assert (row_of(ctx, "youyi", "1.2.1").points, row_of(ctx, "youyi", "1.2.1").status) == (
        4,
        "manual",
    )
    zr = row_of(ctx, "zrzyj", "2.4.3")
    assert (zr.points, zr.status, auto_points(ctx, zr.score_id)) == (8, "manual", 10)
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
