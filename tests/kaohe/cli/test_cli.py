"""The ``kaohe`` command line on real files, a real store and a real database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
from openpyxl import load_workbook
from prefect.deployments.runner import RunnerDeployment
from typer.testing import CliRunner

from kaohe.cli.main import app
from kaohe.context import Context
from kaohe.demo import write_demo_corpus
from kaohe.demo.docgen import DocSpec, write_docx
from storage.s3 import S3Store
from tests.contract import contract_errors

runner = CliRunner()

LETTER = [
    "集贤县自然资源局",
    "政府信息公开申请答复书",
    "集自然资信复〔2024〕7号",
    "王某某：",
    "本机关于2024年3月5日收到您提出的政府信息公开申请。",
    "经检索，本机关未制作或获取您申请公开的信息。根据《中华人民共和国政府信息公开条例》"
    "第三十六条第（四）项的规定，您申请公开的政府信息不存在。",
    "如您对本答复不服，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。",
    "集贤县自然资源局",
    "2024年4月2日",
]


def _kaohe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kaohe", *args], capture_output=True, text=True, timeout=120
    )


def test_extract_json_contract_and_exit_codes(tmp_path: Path) -> None:
    good = write_docx(DocSpec(LETTER), tmp_path / "答复书 07.docx")
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    missing = tmp_path / "不存在.docx"
    proc = _kaohe("extract", "--json", str(good), str(bad), str(missing))
    assert proc.returncode == 0, proc.stderr
    objs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["source"] for o in objs] == [str(good), str(bad), str(missing)]
    assert [e for o in objs for e in contract_errors(o, "extraction")] == []
    letter = objs[0]
    assert list(letter)[:8] == [
        "source",
        "sha256",
        "format",
        "status",
        "error",
        "doc_type",
        "elements",
        "findings",
    ]
    assert (letter["status"], letter["format"], letter["doc_type"]) == (
        "ok",
        "docx",
        "reply_letter",
    )
    el = letter["elements"]
    assert el["received_date"]["value"] == "2024-03-05"
    assert el["working_days_taken"]["value"] == 20 and el["within_deadline"]["value"] is True
    assert el["legal_basis"]["value"] == [
        {"law": "中华人民共和国政府信息公开条例", "article": 36, "clause": None, "item": 4}
    ]
    assert el["remedy.reconsideration_body"]["value"] == "集贤县人民政府"
    assert letter["findings"] == []
    for o in objs[1:]:
        assert o["status"] == "error" and o["doc_type"] is None
        assert o["elements"] == {} and o["findings"] == []
        assert o["error"] and all(ord(c) < 0x10000 for c in o["error"])
    assert objs[1]["sha256"] is not None and objs[2]["sha256"] is None
    # bad usage → exit status 2
    assert _kaohe("extract", "--json").returncode == 2


@pytest.mark.s3
@pytest.mark.prefect
def test_run_scores_explain_rerun_cli(
    prefect_harness: None, kaohe_env: S3Store, ctx: Context, tmp_path: Path, config_dir: Path
) -> None:
    # a year nobody submitted to says so, instead of an empty table without a word
    res = runner.invoke(app, ["run", "--year", "2024"], terminal_width=250)
    assert res.exit_code == 0, res.output
    assert "注意：2024 年度没有任何提交材料" in res.output

    write_demo_corpus(kaohe_env, 2024)
    res = runner.invoke(app, ["run", "--year", "2024"], terminal_width=250)
    assert res.exit_code == 0, res.output
    assert "采集" in res.output and "评分" in res.output
    # what was not used, file by file, with the Chinese reason
    assert "拒收 2 个文件" in res.output and "注意：" not in res.output
    assert "2024/unknown-unit/x.docx：未知单位代码：unknown-unit" in res.output
    assert "无法读取 4 个文件" in res.output
    assert "2024/youyi/业务培训/培训照片 说明.docx：文件为空" in res.output

    res = runner.invoke(app, ["scores", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert len(rows) == len(ctx.units) * 12
    assert [e for r in rows for e in contract_errors(r, "score")] == []
    assert all(r["points"] is None or r["points"] <= r["max_points"] for r in rows)
    youyi = next(r for r in rows if (r["unit"], r["indicator"]) == ("youyi", "1.4.3"))
    assert set(youyi) >= {
        "year",
        "unit",
        "unit_name",
        "kind",
        "indicator",
        "indicator_name",
        "points",
        "max_points",
        "status",
        "run",
        "rules_hash",
    }
    assert (youyi["unit_name"], youyi["kind"], youyi["points"], youyi["status"]) == (
        "友谊县人民政府",
        "county",
        8.0,
        "auto",
    )
    assert youyi["indicator_name"] == "答复规范化情况" and youyi["year"] == 2024
    pending = [r for r in rows if r["status"] == "pending_manual"]
    assert pending and all(r["points"] is None for r in pending)

    out = tmp_path / "表.xlsx"
    res = runner.invoke(app, ["scores", "--xlsx", str(out)], terminal_width=200)
    assert res.exit_code == 0, res.output
    assert "待人工评分" in res.output
    ws = load_workbook(out)["评分明细"]
    header = [c.value for c in ws[1]]
    assert header[:9] == [
        "年度",
        "单位代码",
        "单位名称",
        "类型",
        "指标",
        "指标名称",
        "得分",
        "满分",
        "状态",
    ]
    got = {(r[1], r[4]): r[6] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert got["youyi", "1.4.3"] == 8.0
    # the matrix sheet's 合计 row keeps its numbers and marks the provisional ones
    wb = load_workbook(out)
    matrix = wb[next(n for n in wb.sheetnames if n != "评分明细")]
    total_row = next(r for r in matrix.iter_rows() if r[0].value == "合计")
    marked = [c for c in total_row[3:] if "暂定" in c.number_format]
    assert marked and all(isinstance(c.value, int | float) for c in marked)

    res = runner.invoke(
        app, ["explain", "--unit", "友谊县人民政府", "--indicator", "1.4.3"], terminal_width=250
    )
    assert res.exit_code == 0, res.output
    assert "2024/youyi/依申请公开 答复书/答复书-02.docx" in res.output
    assert "sha256" in res.output and "remedy_wrong_reconsideration_body" in res.output
    res = runner.invoke(
        app, ["explain", "--unit", "baoqing", "--indicator", "1.4.3"], terminal_width=250
    )
    assert res.exit_code == 0 and "检索记录" in res.output and "未提交答复书" in res.output
    # the short name of the table headers names the same unit as its code
    by_short = runner.invoke(
        app, ["explain", "--unit", "宝清县", "--indicator", "1.4.3"], terminal_width=250
    )
    assert by_short.exit_code == 0 and by_short.output == res.output
    res = runner.invoke(app, ["explain", "--unit", "nobody", "--indicator", "1.4.3"])
    assert res.exit_code == 2
    assert "未知单位：nobody" in res.output and "baoqing（宝清县）" in res.output

    # a rubric edit: rerun prints the changed score old → new
    rubric = config_dir / "rubric-county.yaml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(
        text.replace(
            "remedy_wrong_reconsideration_body: 1", "remedy_wrong_reconsideration_body: 2.5"
        ),
        encoding="utf-8",
    )
    res = runner.invoke(app, ["rerun"], terminal_width=200)
    assert res.exit_code == 0, res.output
    assert "评分变化" in res.output and "友谊县人民政府" in res.output
    assert "8" in res.output and "6.5" in res.output


def test_version_and_short_help() -> None:
    from kaohe import __version__

    res = runner.invoke(app, ["--version"])
    assert (res.exit_code, res.output.strip()) == (0, f"kaohe {__version__}")
    res = runner.invoke(app, ["-h"])
    assert res.exit_code == 0 and "政务公开考核材料" in res.output
    res = runner.invoke(app, ["explain", "-h"])
    assert res.exit_code == 0 and "--indicator" in res.output


def test_serve_builds_a_cron_deployment() -> None:
    from flows.pipeline import pipeline_flow

    dep = cast(
        RunnerDeployment,
        pipeline_flow.to_deployment(
            name="kaohe-pipeline", cron="0 2 * * *", parameters={"year": 2024}
        ),
    )
    assert dep.name == "kaohe-pipeline" and dep.parameters == {"year": 2024}
    assert [s.schedule.cron for s in dep.schedules] == ["0 2 * * *"]  # type: ignore[union-attr]


def test_db_upgrade_cli(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    monkeypatch.setenv("KAOHE_DATABASE_URL", db_url)
    res = runner.invoke(app, ["db", "upgrade"])
    assert res.exit_code == 0, res.output
    assert "数据库已是最新版本" in res.output
