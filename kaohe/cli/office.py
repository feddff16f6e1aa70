"""Office commands: ``kaohe manual …`` (manual scores and adjustments, 第六条) and
``kaohe report`` (the workbook and 整改清单, 第七条)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kaohe.cli.common import App, YearOpt, console, context, err, fail
from kaohe.views.timefmt import beijing_text

if TYPE_CHECKING:
    from kaohe.context import Context

__all__ = ["manual_app", "report"]

manual_app = App(
    help="人工评分与调整（考核办法第六条）：录入、Excel 导入、撤销、查看记录", no_args_is_help=True
)

RescoreOpt = Annotated[
    bool, typer.Option("--rescore/--no-rescore", help="记录后立即重新评分（默认）")
]


def _rescore(ctx: Context, years: set[int]) -> None:
    from kaohe.cli.render import print_change_table
    from kaohe.office.manual import rescore

    for y in sorted(years):
        with console.status(f"正在重新评分 {y} 年度…"):
            changes = rescore(ctx, y)
        console.print(f"{y} 年度已重新评分。")
        print_change_table(console, ctx, changes)


@manual_app.command("add")
def manual_add(
    unit: Annotated[str, typer.Option("--unit", help="单位代码或名称")],
    indicator: Annotated[str, typer.Option("--indicator", help="指标编号，如 1.2.1")],
    points: Annotated[
        str, typer.Option("--points", help="分值：评分模式为得分，调整模式为加减分（扣分填负数）")
    ],
    method: Annotated[
        str,
        typer.Option(
            "--method", help="考核方式：日常监督/实地检查/第三方评估/年底综合评测/资料审查"
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", help="理由")],
    author: Annotated[str, typer.Option("--author", help="评分人")],
    mode: Annotated[
        str, typer.Option("--mode", help="score（评分，替换自动得分）或 adjust（调整，加减分）")
    ] = "score",
    year: YearOpt = None,
    do_rescore: RescoreOpt = True,
) -> None:
    """记录一条人工评分或调整（只追加，不修改已有记录）。"""
    from kaohe.errors import ManualInputError
    from kaohe.office.manual import add_entry, validate_entry
    from kaohe.reports.labels import MODE_ZH

    ctx = context()
    y = year or ctx.settings.year
    try:
        entry = validate_entry(
            ctx,
            year=y,
            unit=unit,
            indicator=indicator,
            mode=mode,
            points=points,
            method=method,
            reason=reason,
            author=author,
        )
    except ManualInputError as e:
        raise fail(f"未记录：{e.reason}", 2) from None
    entry_id, _ = add_entry(ctx, entry)
    console.print(
        f"已记录 #{entry_id}：{entry.unit.name} {entry.indicator} {entry.indicator_name} "
        f"{MODE_ZH[entry.mode]} {entry.points:+g}分（{entry.method}；{entry.author}）"
        if entry.mode == "adjust"
        else f"已记录 #{entry_id}：{entry.unit.name} {entry.indicator} {entry.indicator_name} "
        f"人工评分 {entry.points:g}分（{entry.method}；{entry.author}）"
    )
    if do_rescore:
        _rescore(ctx, {y})


@manual_app.command("revoke")
def manual_revoke(
    entry_id: Annotated[int, typer.Argument(help="要撤销的记录编号（见 kaohe manual log）")],
    reason: Annotated[str, typer.Option("--reason", help="撤销理由")],
    author: Annotated[str, typer.Option("--author", help="操作人")],
    do_rescore: RescoreOpt = True,
) -> None:
    """撤销一条人工评分或调整：追加一条撤销记录，原记录保留在日志中。"""
    from kaohe.errors import ManualInputError, RecordConflict, RecordNotFound
    from kaohe.office.manual import revoke_entry

    ctx = context()
    try:
        new_id, y = revoke_entry(ctx, entry_id, reason=reason, author=author)
    except (ManualInputError, RecordNotFound, RecordConflict) as e:
        raise fail(f"未撤销：{e.reason}", 2) from None
    console.print(f"已记录 #{new_id}：撤销 #{entry_id}（{author}：{reason}）")
    if do_rescore:
        _rescore(ctx, {y})


@manual_app.command("log")
def manual_log(
    unit: Annotated[str | None, typer.Option("--unit", help="单位代码或名称")] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="指标编号")] = None,
    year: YearOpt = None,
) -> None:
    """显示人工评分日志（按记录时间，含已撤销和已被取代的记录）。"""
    from kaohe.errors import ManualInputError
    from kaohe.office.manual import log_entries
    from kaohe.reports.labels import MODE_ZH, source_zh

    ctx = context()
    y = year or ctx.settings.year
    try:
        entries = log_entries(ctx, y, unit, indicator)
    except ManualInputError as e:
        raise fail(e.reason, 2) from None
    if not entries:
        console.print(f"{y} 年度没有人工评分记录。")
        return
    t = Table(title=f"{y} 年度人工评分日志", show_lines=True)
    for head in ("编号", "时间（北京时间）", "单位", "指标", "模式", "分值"):
        t.add_column(head, no_wrap=True)
    for head in ("考核方式", "理由", "评分人", "来源", "状态"):
        t.add_column(head, overflow="fold")
    for entry in entries:
        if entry.mode == "revoke":
            pts = ""
        else:
            pts = f"{entry.points:+g}" if entry.mode == "adjust" else f"{entry.points:g}"
        t.add_row(
            str(entry.id),
            beijing_text(entry.created_at, "%Y-%m-%d %H:%M"),
            entry.unit_code,
            entry.indicator,
            MODE_ZH.get(entry.mode, entry.mode),
            pts,
            entry.method or "",
            entry.reason,
            entry.author,
            source_zh(entry.source),
            f"[green]{entry.state}[/]" if entry.in_force else entry.state,
        )
    console.print(t)


@manual_app.command("template")
def manual_template(
    path: Annotated[Path, typer.Argument(help="要生成的 .xlsx 文件")],
    year: YearOpt = None,
) -> None:
    """生成人工评分 Excel 模板：每个单位 × 指标一行，附当前得分；填写后用 import 导入。"""
    from kaohe.office.sheets import write_template

    ctx = context()
    y = year or ctx.settings.year
    n = write_template(ctx, path, y)
    console.print(f"已生成 {y} 年度人工评分模板（{n} 行）：{path.resolve()}")


@manual_app.command("import")
def manual_import(
    path: Annotated[Path, typer.Argument(help="填写好的 .xlsx 文件", exists=True, dir_okay=False)],
    year: YearOpt = None,
    do_rescore: RescoreOpt = True,
) -> None:
    """导入 Excel 中填写的人工评分（同一文件重复导入不会重复记录；有误的行逐行报告）。"""
    from kaohe.errors import ManualInputError
    from kaohe.office.sheets import import_sheet

    ctx = context()
    try:
        result = import_sheet(ctx, path, year)
    except ManualInputError as e:
        raise fail(f"未导入：{e.reason}", 2) from None
    console.print(
        f"{path.name}：新记录 {len(result.added)} 条"
        + (f"（#{'、#'.join(map(str, result.added))}）" if result.added else "")
        + f"，已导入过 {result.duplicates} 条，有误 {len(result.errors)} 行。"
    )
    for row, reason in result.errors:
        err.print(f"[yellow]第{row}行：{reason}[/]")
    if do_rescore and result.years:
        _rescore(ctx, result.years)
    if result.errors:
        raise typer.Exit(1)


def report(
    year: YearOpt = None,
    out: Annotated[Path, typer.Option("--out", help="输出目录")] = Path("kaohe-报告"),
) -> None:
    """生成考核结果 Excel（汇总、各单位明细、证据）和各单位整改清单（.docx）。"""
    from kaohe.errors import ReportError
    from kaohe.office.manual import unapplied_entries
    from kaohe.reports.files import write_report

    ctx = context()
    y = year or ctx.settings.year
    if n := unapplied_entries(ctx, y):
        console.print(
            f"[yellow]注意：有 {n} 条人工评分记录是在最近一次评分之后录入的"
            "（如使用了 --no-rescore），尚未计入评分表，本报告不包含它们；"
            "请先运行 kaohe rerun 重新评分再生成报告。[/]"
        )
    try:
        files = write_report(ctx, y, out)
    except ReportError as e:
        raise fail(e.reason) from None
    console.print(f"考核结果：{files.workbook.resolve()}")
    console.print(f"汇总表（PDF，可直接打印）：{files.summary_pdf.resolve()}")
    console.print(f"整改清单（{len(files.rectification)} 份）：{(out / '整改清单').resolve()}")
    for p in files.rectification:
        console.print(f"  {p.name}")
