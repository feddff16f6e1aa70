"""``kaohe crawl`` through the Prefect flow, then ``kaohe scores`` and ``kaohe explain``: the
commands an office uses, on the fixture county site served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kaohe.cli.main import app
from tests.crawler.sites import SiteServer, serve_sites

pytestmark = [pytest.mark.s3, pytest.mark.prefect]

runner = CliRunner()


@pytest.fixture
def county(
    prefect_harness: None,
    kaohe_env: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[SiteServer, list[Any]]]:
    with serve_sites() as (servers, _states, log):
        site = servers["county"]
        units = {
            "units": [
                {"code": "jixian", "name": "集贤县人民政府", "kind": "county",
                 "website": f"http://{site.host}/xxgk/index.html"},
                {"code": "zrzyj", "name": "双鸭山市自然资源局", "kind": "department"},
            ]
        }  # fmt: skip
        path = tmp_path / "units.yaml"
        path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("KAOHE_UNITS", str(path))
        monkeypatch.setenv("KAOHE_CRAWL_RATE", "25")
        yield site, log


def test_crawl_command_scores_and_explains(county: tuple[SiteServer, list[Any]]) -> None:
    site, log = county
    res = runner.invoke(app, ["crawl", "--unit", "集贤县"], terminal_width=250)
    assert res.exit_code == 0, res.output
    assert "每个网站每秒至多 25 次请求" in res.output
    assert "巡检单位 1" in res.output and "新巡检记录 1" in res.output
    assert {e[1] for e in log} == {site.host}

    res = runner.invoke(app, ["scores"], terminal_width=250)
    assert res.exit_code == 0, res.output
    assert "自动评分占比（按满分计）：集贤县" in res.output

    res = runner.invoke(
        app, ["explain", "--unit", "jixian", "--indicator", "1.2.2"], terminal_width=250
    )
    assert res.exit_code == 0, res.output
    assert "来源：网站巡检（kaohe 抓取存档，非单位上传）" in res.output
    assert f"网址：http://{site.host}/xxgk/zn/index.html" in res.output
    assert "抓取时间：" in res.output
    assert "8.75" in res.output

    res = runner.invoke(app, ["crawl", "--unit", "zrzyj"], terminal_width=250)
    assert res.exit_code == 1
    assert "没有配置 website" in res.output
