"""``kaohe crawl``: inspect the units' websites (网站巡检), then extract and score (issue 11)."""

from __future__ import annotations

from typing import Annotated

import typer

from kaohe.cli.common import YearOpt, console, context, fail

__all__ = ["crawl"]

_COUNTS_ZH = (
    ("units", "巡检单位"),
    ("units_failed", "巡检失败单位"),
    ("pages", "访问页面"),
    ("pages_new", "新存档页面"),
    ("pages_unchanged", "未变化页面（仅记录再次访问）"),
    ("pages_failed", "无法打开或禁止抓取的页面"),
    ("requests", "HTTP 请求"),
    ("record_new", "新巡检记录"),
)


def crawl(
    unit: Annotated[str | None, typer.Option("--unit", help="只巡检该单位（代码或名称）")] = None,
    year: YearOpt = None,
    score: Annotated[bool, typer.Option("--score/--no-score", help="巡检后提取并评分")] = True,
) -> None:
    """网站巡检：按单位文件中的网站地址礼貌抓取政府信息公开专栏，存档为证据，然后提取并评分。"""
    from flows import run_flow
    from flows.crawl import crawl_flow
    from kaohe.cli.render import print_pipeline_result

    ctx = context(create=True)
    code = None
    if unit is not None:
        u = ctx.unit(unit)
        if u is None:
            raise fail(f"未知单位：{unit}（不在单位名单中）")
        if u.website is None:
            raise fail(f"单位 {u.name}（{u.code}）在单位文件中没有配置 website，无法巡检")
        code = u.code
    elif not any(u.website for u in ctx.units):
        raise fail("单位文件中没有任何单位配置了 website，无法巡检")
    c = ctx.settings.crawl
    console.print(
        f"网站巡检：每个网站每秒至多 {c.rate:g} 次请求，每单位至多 {c.max_pages} 个页面，"
        f"深度 {c.depth}，超时 {c.timeout:g} 秒；遵守 robots.txt，只用 GET/HEAD，只访问配置的主机。"
    )
    result = run_flow(crawl_flow, year=year, settings=ctx.settings.public(), unit=code, score=score)
    counts = result["crawl"]
    console.print(
        "；".join(f"{zh} {counts[k]}" for k, zh in _COUNTS_ZH if counts.get(k))
        or "没有巡检任何页面"
    )
    if score and "pipeline" in result:
        print_pipeline_result(console, result["pipeline"])
