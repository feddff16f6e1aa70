"""``kaohe init`` (a workspace: settings file + editable config copy) and ``kaohe config show``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kaohe.cli.common import App, console, settings

__all__ = ["config_app", "init"]

config_app = App(help="查看生效的设置", no_args_is_help=True)


def init(
    directory: Annotated[Path, typer.Argument(help="要创建的工作区目录")],
    year: Annotated[int, typer.Option("--year", help="考核年度")] = 2024,
) -> None:
    """新建工作区：写入设置文件 kaohe.yaml 和可修改的配置副本 config/。"""
    from kaohe.settings import WORKSPACE_FILE, init_workspace

    init_workspace(directory, year=year)
    where = directory.resolve()
    console.print(f"已创建工作区：{where}")
    console.print(f"  设置文件：{where / WORKSPACE_FILE}（数据库、材料存储、考核年度）")
    console.print(f"  配置副本：{where / 'config'}（评分细则、提取规则、单位名单、节假日，可修改）")
    console.print(f"在该目录中运行 kaohe 命令即使用此工作区，例如：cd {where} && kaohe run")


@config_app.command("show")
def show() -> None:
    """显示生效的设置及每一项的来源（密钥已隐去）。"""
    from kaohe.settings import SOURCE_ZH

    s = settings()
    sources = s.sources
    t = Table(title="生效的设置")
    t.add_column("设置项", no_wrap=True)
    t.add_column("值", overflow="fold")
    t.add_column("来源", no_wrap=True)
    flat: list[tuple[str, object]] = []
    for key, value in s.describe().items():
        if isinstance(value, dict):
            flat += [(f"{key}.{sub}", v) for sub, v in value.items()]
        else:
            flat.append((key, value))
    for key, value in flat:
        source = sources.get(key, "default")
        t.add_row(key, "" if value is None else str(value), SOURCE_ZH.get(source, source))
    console.print(t)
    console.print(f"工作区：{s.workspace or '（未使用工作区）'}")
