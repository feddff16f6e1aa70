"""Workspaces from the command line: ``kaohe init``, ``config show``, the demo's workspace, and
commands that refuse a database that does not exist instead of creating an empty one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kaohe.cli.main import app

runner = CliRunner(env={"COLUMNS": "250"})  # paths and tables on one line


@pytest.fixture(autouse=True)
def _no_kaohe_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only the workspace decides here (the developer's own KAOHE_* must not leak in)."""
    import os

    for var in [v for v in os.environ if v.startswith("KAOHE_")]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)


def test_init_and_config_show(tmp_path: Path) -> None:
    res = runner.invoke(app, ["init", "ws", "--year", "2023"])
    assert res.exit_code == 0, res.output
    assert "已创建工作区" in res.output and (tmp_path / "ws" / "kaohe.yaml").is_file()
    res = runner.invoke(app, ["init", "ws"])
    assert res.exit_code == 1 and "已经是工作区" in res.output

    res = runner.invoke(app, ["--workspace", "ws", "config", "show"], env={"KAOHE_WORKERS": "1"})
    assert res.exit_code == 0, res.output
    lines = {ln.split("│")[1].strip(): ln for ln in res.output.splitlines() if ln.count("│") >= 4}
    assert "2023" in lines["year"] and "工作区 kaohe.yaml" in lines["year"]
    assert "环境变量" in lines["workers"] and "1" in lines["workers"]
    assert "配置目录 settings.yaml" in lines["limits.max_pages"]
    assert str(tmp_path / "ws" / "store") in res.output


@pytest.mark.parametrize(
    "args",
    [
        ["scores"],
        ["explain", "--unit", "jixian", "--indicator", "1.4.3"],
        ["report", "--out", "out"],
        ["manual", "log"],
    ],
)
def test_commands_refuse_a_missing_database(tmp_path: Path, args: list[str]) -> None:
    runner.invoke(app, ["init", "ws"])
    res = runner.invoke(app, ["--workspace", "ws", *args])
    assert res.exit_code == 1
    flat = "".join(res.output.split())  # rich may wrap the line
    assert f"数据库不存在：{(tmp_path / 'ws' / 'kaohe.sqlite').resolve()}" in flat
    assert not (tmp_path / "ws" / "kaohe.sqlite").exists()  # nothing was created


@pytest.mark.prefect
def test_demo_leaves_a_workspace_that_later_commands_use(
    prefect_harness: None, tmp_path: Path
) -> None:
    res = runner.invoke(app, ["demo", "--dir", "demo"])
    assert res.exit_code == 0, res.output
    demo = (tmp_path / "demo").resolve()
    assert "已创建演示工作区" in res.output and "已新建数据库" in res.output
    assert f"KAOHE_STORE={demo / 'store'}" in res.output
    assert f"KAOHE_DATABASE_URL=sqlite:///{demo / 'kaohe.sqlite'}" in res.output

    res = runner.invoke(app, ["--workspace", "demo", "scores", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    youyi = next(r for r in rows if (r["unit"], r["indicator"]) == ("youyi", "1.4.3"))
    assert (youyi["points"], youyi["status"]) == (8.0, "auto")
