"""Commands that run the pipeline: ``kaohe run``, ``rerun``, ``demo``, ``serve``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kaohe.cli.common import YearOpt, console, context, fail, heavy_imports, options

__all__ = ["demo", "rerun", "run", "serve"]


def run(year: YearOpt = None) -> None:
    """运行完整流程：采集新增和变更的材料 → 解析提取 → 重建本年度评分表。"""
    with heavy_imports():
        from flows import run_flow
        from flows.pipeline import pipeline_flow
        from kaohe.cli.render import print_pipeline_result, print_run_problems
        from kaohe.views.problems import run_problems

    ctx = context(create=True)
    result = run_flow(pipeline_flow, year=year, settings=ctx.settings.public())
    print_pipeline_result(console, result)
    print_run_problems(console, run_problems(ctx, result.get("year") or ctx.settings.year))


def rerun(year: YearOpt = None) -> None:
    """规则修改后重新提取（复用解析缓存）并重新评分，列出每一项变化（原分 → 新分）。"""
    with heavy_imports():
        from flows import run_flow
        from flows.pipeline import rerun_flow
        from kaohe.cli.render import print_changes
        from kaohe.views.changes import diff_score_sets
        from kaohe.views.scores import current_score_set_id

    ctx = context()
    year = year or ctx.settings.year
    before = current_score_set_id(ctx, year)
    result = run_flow(rerun_flow, year=year, settings=ctx.settings.public())
    changes = diff_score_sets(ctx, before, result["score"]["score_set_id"])
    print_changes(console, ctx, changes, result)


def demo(
    directory: Annotated[Path, typer.Option("--dir", help="演示数据目录")] = Path("kaohe-demo"),
    year: Annotated[int, typer.Option("--year")] = 2024,
) -> None:
    """演示：新建工作区，放入示例材料，运行完整流程，打印评分表并导出 Excel。"""
    with heavy_imports():
        from flows import run_flow
        from flows.pipeline import pipeline_flow
        from kaohe.cli.render import print_pipeline_result, print_run_problems, print_score_table
        from kaohe.demo import write_demo_corpus
        from kaohe.reports.table import write_scores_xlsx
        from kaohe.settings import WORKSPACE_FILE, init_workspace
        from kaohe.views.problems import run_problems
        from kaohe.views.scores import score_rows

    directory = directory.resolve()
    if not (directory / WORKSPACE_FILE).exists():
        init_workspace(directory, year=year)
        console.print(f"已创建演示工作区：{directory}")
    options["workspace"] = directory
    ctx = context(create=True, year=year)
    keys = write_demo_corpus(ctx.store, year)
    console.print(f"已写入 {len(keys)} 份示例材料到 {ctx.settings.store}")
    with console.status("正在运行流程（采集 → 提取 → 评分）…"):
        result = run_flow(pipeline_flow, year=year, settings=ctx.settings.public())
    print_pipeline_result(console, result)
    print_run_problems(console, run_problems(ctx, result.get("year") or ctx.settings.year))
    rows = score_rows(ctx, year)
    submitted = {k.split("/")[1] for k in keys}
    print_score_table(console, [r for r in rows if r.unit in submitted], year)
    out = directory / f"kaohe-评分表-{year}.xlsx"
    write_scores_xlsx(rows, out, year)
    console.print(f"\n已导出 Excel：{out}")
    console.print(
        f"在工作区中继续，例如：cd {directory} && kaohe scores && "
        "kaohe explain --unit jixian --indicator 1.4.3"
    )
    console.print(
        f"或在任意目录：KAOHE_STORE={ctx.settings.store} "
        f"KAOHE_DATABASE_URL={ctx.settings.database_url} kaohe scores",
        soft_wrap=True,
    )


def serve(
    cron: Annotated[
        str, typer.Option("--cron", help='定时表达式，如 "0 2 * * *"（每天 2 点）')
    ] = "0 2 * * *",
    timezone: Annotated[
        str, typer.Option("--timezone", help="定时表达式所用的时区")
    ] = "Asia/Shanghai",
    year: YearOpt = None,
    name: Annotated[str, typer.Option("--name", help="部署名称")] = "kaohe-pipeline",
    crawl_cron: Annotated[
        str | None,
        typer.Option(
            "--crawl-cron",
            help='网站巡检的定时表达式，如 "0 1 * * 1"（每周一 1 点）；不设置则不定时巡检',
        ),
    ] = None,
) -> None:
    """按计划运行完整流程：本进程登记定时部署并执行到点的运行（需要运行中的 Prefect 服务器）。

    The flows are served by this process (Prefect's ``serve``: no work pool, no separate
    worker); the Prefect server only keeps the schedules and the run history. Each scheduled
    run executes in a subprocess that inherits this process's environment and workspace. With
    ``--crawl-cron`` a second deployment, ``{name}-crawl``, runs the 网站巡检 flow (crawl, then
    the pipeline) on its own schedule, in the same time zone.
    """
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from prefect import serve as prefect_serve
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.schedules import Cron
    from pydantic import ValidationError

    from flows import on_runner
    from flows.crawl import crawl_flow
    from flows.pipeline import pipeline_flow
    from kaohe.settings import mask_url_password

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(f"时区无效：{timezone!r}（如 Asia/Shanghai）", 2) from None
    for expr in (cron, crawl_cron):
        if expr is None:
            continue
        try:
            CronSchedule(cron=expr, timezone=timezone)
        except ValidationError:
            raise fail(
                f'定时表达式无效：{expr!r}（应为五段 cron 表达式，如 "0 2 * * *"）', 2
            ) from None
    api = _prefect_api()
    ctx = context(create=True)  # the database exists before the first scheduled run
    if options.get("workspace") is not None:  # scheduled runs are subprocesses: pass it on
        os.environ["KAOHE_WORKSPACE"] = str(Path(options["workspace"]).resolve())
    params = {"year": year} if year else {}
    # to_deployment is typed sync-or-async; called outside an event loop it returns the deployment
    deployments: list[Any] = [
        on_runner(pipeline_flow, ctx.settings.dask_address).to_deployment(
            name=name, schedules=[Cron(cron, timezone=timezone)], parameters=params
        )
    ]
    crawl_note = ""
    if crawl_cron is not None:
        deployments.append(
            crawl_flow.to_deployment(
                name=f"{name}-crawl",
                schedules=[Cron(crawl_cron, timezone=timezone)],
                parameters=params,
            )
        )
        crawl_note = f"；网站巡检“{name}-crawl”：{crawl_cron}"
    console.print(
        f"已登记定时运行“{name}”：{cron}（{timezone}）{crawl_note}，Prefect 服务器 {api}；"
        f"数据库 {mask_url_password(ctx.settings.database_url)}。按 Ctrl+C 停止。"
    )
    prefect_serve(*deployments, print_starting_message=False)


def _prefect_api() -> str:
    """The Prefect API this process talks to, checked to answer; else a Chinese refusal."""
    import httpx
    from prefect.settings import get_current_settings

    api = get_current_settings().api.url
    hint = (
        "先在另一个终端运行 prefect server start（生产环境可用 PostgreSQL 作为其数据库），"
        "再设置 PREFECT_API_URL=http://127.0.0.1:4200/api"
    )
    if not api:
        raise fail(f"kaohe serve 需要一个运行中的 Prefect 服务器来保存计划：{hint}")
    try:
        httpx.get(f"{api.rstrip('/')}/health", timeout=5).raise_for_status()
    except httpx.HTTPError:
        raise fail(f"无法连接 Prefect 服务器 {api}：{hint}") from None
    return str(api)
