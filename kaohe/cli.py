"""The ``kaohe`` command line. User-facing text is Chinese; heavy imports stay inside commands
so ``kaohe extract`` starts fast and never touches the database, the store or Prefect.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from kaohe.errors import KaoheError

if TYPE_CHECKING:
    from kaohe.ops import Context
    from kaohe.settings import Settings

__all__ = ["app", "main"]

app = typer.Typer(
    help="kaohe（考核）：政务公开考核材料 → 可审计的评分表",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="数据库维护", no_args_is_help=True)
app.add_typer(db_app, name="db")

console = Console()
err = Console(stderr=True)

YearOpt = Annotated[int | None, typer.Option("--year", help="考核年度（默认取配置）")]


def _settings(**overrides: Any) -> Settings:
    from kaohe.settings import load_settings

    return load_settings(**overrides)


def _context() -> Context:
    from kaohe.ops import build_context

    return build_context(_settings())


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="要提取的文件（docx/pdf/…）")],
    as_json: Annotated[
        bool, typer.Option("--json", help="每个文件输出一行 JSON（输出契约 v1）")
    ] = False,
) -> None:
    """直接读取文件并提取要素（不使用数据库、对象存储或 Prefect）。"""
    from extractors.contract import extract_path
    from extractors.rules import load_extraction_rules

    settings = _settings()
    rules = load_extraction_rules(settings.config_dir)
    limits = settings.limits.parse_limits()
    for path in paths:
        obj = extract_path(str(path), rules, limits=limits)
        if as_json:
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            from kaohe.render import print_extraction

            print_extraction(console, obj)


@app.command()
def run(year: YearOpt = None) -> None:
    """运行完整流程：采集新增和变更的材料 → 解析提取 → 重建本年度评分表。"""
    from flows import run_flow
    from flows.pipeline import pipeline_flow
    from kaohe.render import print_pipeline_result

    result = run_flow(pipeline_flow, year=year)
    print_pipeline_result(console, result)


@app.command()
def rerun(year: YearOpt = None) -> None:
    """规则修改后重新提取（复用解析缓存）并重新评分，列出每一项变化（原分 → 新分）。"""
    from flows import run_flow
    from flows.pipeline import rerun_flow
    from kaohe.ops import diff_score_sets
    from kaohe.queries import current_score_set_id
    from kaohe.render import print_changes

    ctx = _context()
    year = year or ctx.settings.year
    before = current_score_set_id(ctx, year)
    result = run_flow(rerun_flow, year=year)
    after = result["score"]["score_set_id"]
    changes = [] if before == after else diff_score_sets(ctx, before, after)
    print_changes(console, ctx, changes, result)


@app.command()
def scores(
    year: YearOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="每行一个 JSON 对象（输出契约 v1）")
    ] = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="同时导出 Excel 文件")] = None,
) -> None:
    """显示评分表（最近一次完成的运行）。"""
    from kaohe.queries import score_rows
    from kaohe.render import print_score_table, write_scores_xlsx

    ctx = _context()
    year = year or ctx.settings.year
    rows = score_rows(ctx, year)
    if as_json:
        for r in rows:
            sys.stdout.write(json.dumps(r.contract(), ensure_ascii=False) + "\n")
        return
    if not rows:
        err.print(f"[yellow]{year} 年度尚无评分结果，请先运行 kaohe run。[/]")
        raise typer.Exit(1)
    print_score_table(console, rows, year)
    if xlsx:
        write_scores_xlsx(rows, xlsx, year)
        console.print(f"已导出 Excel：{xlsx.resolve()}")


@app.command()
def explain(
    unit: Annotated[str, typer.Option("--unit", help="单位代码或名称")],
    indicator: Annotated[str, typer.Option("--indicator", help="指标编号，如 1.4.3")],
    year: YearOpt = None,
) -> None:
    """说明某单位某项指标的得分依据：文档版本、要素与原文引用、发现的问题、检索记录。"""
    from kaohe.queries import explain_score
    from kaohe.render import print_explanation

    ctx = _context()
    u = ctx.unit(unit)
    if u is None:
        err.print(f"[red]未知单位：{unit}（可用代码：{', '.join(x.code for x in ctx.units)}）[/]")
        raise typer.Exit(2)
    result = explain_score(ctx, year or ctx.settings.year, u.code, indicator)
    if result is None:
        err.print(
            f"[red]没有 {u.name} 指标 {indicator} 的评分记录"
            "（请确认指标编号与单位类型，或先运行 kaohe run）[/]"
        )
        raise typer.Exit(1)
    print_explanation(console, result)


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="演示数据目录")] = Path("kaohe-demo"),
    year: Annotated[int, typer.Option("--year")] = 2024,
) -> None:
    """演示：把示例材料放入本地存储，运行完整流程，打印评分表并导出 Excel。"""
    directory = directory.resolve()
    os.environ["KAOHE_STORE"] = str(directory / "store")
    os.environ["KAOHE_DATABASE_URL"] = f"sqlite:///{directory / 'kaohe.sqlite'}"
    os.environ["KAOHE_YEAR"] = str(year)
    from flows import run_flow
    from flows.pipeline import pipeline_flow
    from kaohe.queries import score_rows
    from kaohe.render import print_pipeline_result, print_score_table, write_scores_xlsx
    from kaohe.samples import write_demo_corpus

    ctx = _context()
    keys = write_demo_corpus(ctx.store, year)
    console.print(f"已写入 {len(keys)} 份示例材料到 {directory / 'store'}")
    with console.status("正在运行流程（采集 → 提取 → 评分）…"):
        result = run_flow(pipeline_flow, year=year)
    print_pipeline_result(console, result)
    rows = score_rows(ctx, year)
    submitted = {k.split("/")[1] for k in keys}
    print_score_table(console, [r for r in rows if r.unit in submitted], year)
    out = directory / f"kaohe-评分表-{year}.xlsx"
    write_scores_xlsx(rows, out, year)
    console.print(f"\n已导出 Excel：{out}")
    console.print(
        f"查看得分依据，例如：KAOHE_STORE={directory / 'store'} "
        f"KAOHE_DATABASE_URL=sqlite:///{directory / 'kaohe.sqlite'} "
        "kaohe explain --unit jixian --indicator 1.4.3"
    )


@app.command()
def serve(
    cron: Annotated[
        str, typer.Option("--cron", help='定时表达式，如 "0 2 * * *"（每天 2 点）')
    ] = "0 2 * * *",
    year: YearOpt = None,
    name: Annotated[str, typer.Option("--name")] = "kaohe-pipeline",
) -> None:
    """按计划运行完整流程（Prefect serve；需 PREFECT_API_URL 指向 Prefect 服务器）。"""
    from flows.pipeline import pipeline_flow

    params = {"year": year} if year else {}
    pipeline_flow.serve(name=name, cron=cron, parameters=params)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """把数据库迁移到最新版本（首次使用时也会自动执行）。"""
    from storage.db import current_revision, make_engine, upgrade

    settings = _settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    console.print(f"数据库已是最新版本：{current_revision(engine)}")


# Office commands (manual scores, reports) register themselves on ``app``.
from kaohe import cli_office  # noqa: E402, F401


def main() -> None:
    """Entry point: translate kaohe errors into a Chinese message and exit status 1."""
    try:
        app()
    except KaoheError as e:
        err.print(f"[red]错误：{e.reason}[/]")
        sys.exit(1)
