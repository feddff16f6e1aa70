"""Read-only commands: ``kaohe extract``, ``kaohe scores``, ``kaohe explain``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kaohe.cli.common import YearOpt, console, context, err, fail, settings

if TYPE_CHECKING:
    from kaohe.context import Context
    from kaohe.views.explain import Explanation

__all__ = ["explain", "extract", "scores"]


def extract(
    paths: Annotated[list[Path], typer.Argument(help="要提取的文件（docx/pdf/…）")],
    as_json: Annotated[
        bool, typer.Option("--json", help="每个文件输出一行 JSON（输出契约 v1）")
    ] = False,
) -> None:
    """直接读取文件并提取要素（不使用数据库、对象存储或 Prefect）。"""
    from extractors.rules import load_extraction_rules
    from kaohe.context import parse_limits
    from kaohe.phases.extract import extract_file

    s = settings()
    rules = load_extraction_rules(s.config_dir)
    limits = parse_limits(s)
    for path in paths:
        obj = extract_file(str(path), rules, limits)
        if as_json:
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            from kaohe.cli.render import print_extraction

            print_extraction(console, obj)


def scores(
    year: YearOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="每行一个 JSON 对象（输出契约 v1）")
    ] = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="同时导出 Excel 文件")] = None,
) -> None:
    """显示评分表（最近一次完成的运行）。"""
    from kaohe.cli.render import print_score_table
    from kaohe.reports.table import write_scores_xlsx
    from kaohe.views.scores import score_rows

    ctx = context()
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


def explain(
    unit: Annotated[str, typer.Option("--unit", help="单位代码或名称")],
    indicator: Annotated[str, typer.Option("--indicator", help="指标编号，如 1.4.3")],
    year: YearOpt = None,
    save: Annotated[
        Path | None,
        typer.Option("--save", help="把所依据的文档版本（取自证据库，核对摘要）保存到此目录"),
    ] = None,
) -> None:
    """说明某单位某项指标的得分依据：文档版本、要素与原文引用、发现的问题、检索记录。"""
    from kaohe.cli.render import print_explanation
    from kaohe.views.explain import explain_score

    ctx = context()
    u = ctx.unit(unit)
    if u is None:
        known = "、".join(f"{x.code}（{x.short_name}）" for x in ctx.units)
        raise fail(f"未知单位：{unit}（可填写单位代码、全称或简称：{known}）", 2)
    result = explain_score(ctx, year or ctx.settings.year, u.code, indicator)
    if result is None:
        raise fail(
            f"没有 {u.name} 指标 {indicator} 的评分记录"
            "（请确认指标编号与单位类型，或先运行 kaohe run）"
        )
    print_explanation(console, result)
    if save is not None:
        _save_documents(ctx, result, save)


def _save_documents(ctx: Context, result: Explanation, folder: Path) -> None:
    from kaohe.views.evidence import document_bytes

    folder.mkdir(parents=True, exist_ok=True)
    seen: set[int] = set()
    for ev in result.evidence:
        if ev.object_version_id is None or ev.object_version_id in seen:
            continue
        seen.add(ev.object_version_id)
        doc = document_bytes(ctx, ev.object_version_id)
        out = folder / f"{doc.sha256[:12]}-{doc.file_name}"
        out.write_bytes(doc.data)
        where = "证据库" if doc.source == "locker" else "材料存储"
        console.print(f"已保存：{out}（取自{where}，sha256 已核对）", soft_wrap=True)
