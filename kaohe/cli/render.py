"""Rich terminal output of the CLI (Chinese); data comes from the shared read models."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from kaohe.reports.elements import element_zh, searched_zh
from kaohe.reports.labels import KIND_ZH, STATUS_ZH, points_zh
from kaohe.units import short_name
from kaohe.views.problems import RunProblems
from kaohe.views.timefmt import beijing_text

if TYPE_CHECKING:
    from kaohe.context import Context
    from kaohe.views.changes import ScoreChange
    from kaohe.views.explain import Explanation
    from kaohe.views.scores import ScoreRow

__all__ = [
    "print_change_table",
    "print_changes",
    "print_explanation",
    "print_extraction",
    "print_pipeline_result",
    "print_score_table",
    "print_timing",
]


def print_extraction(console: Console, obj: dict[str, Any]) -> None:
    """Human-readable view of one ``kaohe extract`` result."""
    title = f"{obj['source']}  [{obj['format']}] {obj['status']}"
    if obj["status"] != "ok":
        console.print(Panel(obj.get("error") or "", title=title, border_style="red"))
        return
    t = Table("要素", "值", "原文引用", show_lines=False)
    for name, el in obj["elements"].items():
        quotes = " | ".join(
            f"{'p' + str(e['page']) if e['page'] else '¶' + str(e['paragraph'])} {e['quote']}"
            for e in el["evidence"]
        )
        t.add_row(name, str(el["value"]), quotes)
    console.print(Panel(t, title=f"{title}  类型：{obj['doc_type']}"))
    for f in obj["findings"]:
        console.print(f"  [yellow]问题 {f['code']}[/]：{f['message']}")


def print_pipeline_result(console: Console, result: dict[str, Any]) -> None:
    ing, ext, sc = result.get("ingest", {}), result.get("extract", {}), result.get("score", {})
    console.print(
        f"[bold]{result.get('year')} 年度[/] 采集：列出 {ing.get('listed', 0)}，新登记 "
        f"{ing.get('registered', 0)}，未变 {ing.get('unchanged', 0)}，"
        f"拒收 {ing.get('rejected', 0)}，"
        f"已删除 {ing.get('deleted', 0)}；提取：待处理 {ext.get('pending', 0)}，成功 "
        f"{ext.get('status_ok', 0)}，无文字层 {ext.get('status_no_text', 0)}，错误 "
        f"{ext.get('status_error', 0)}；评分：{sc.get('rows', 0)} 项"
        + ("（生成新评分表）" if sc.get("created") else "（输入与规则未变，评分表不变）")
    )
    print_timing(console, result.get("timing") or {})


def print_timing(console: Console, timing: dict[str, Any]) -> None:
    """How long the run took, and how much of it was Prefect starting (nothing if untimed)."""
    if "total_s" not in timing:
        return
    names = {"ingest_s": "采集", "extract_s": "提取", "score_s": "评分"}
    phases = "，".join(f"{zh} {timing[k]:.1f} 秒" for k, zh in names.items() if k in timing)
    start = timing.get("prefect_start_s", 0.0)
    hint = (
        ""
        if os.environ.get("PREFECT_API_URL")
        else "；未设置 PREFECT_API_URL：每次运行都启动临时 Prefect 服务器，连接常驻服务器可省去"
    )
    console.print(f"用时 {timing['total_s']:.1f} 秒：Prefect 启动 {start:.1f} 秒，{phases}{hint}。")


def print_run_problems(console: Console, problems: RunProblems) -> None:
    """What the run could not use, with reasons, and warnings (nothing when all is well)."""
    for w in problems.warnings:
        console.print(f"[yellow]注意：{escape(w)}[/]")
    if problems.rejected:
        console.print(f"[bold]拒收 {len(problems.rejected)} 个文件[/]（未纳入评分）：")
        for f in problems.rejected:
            console.print(f"  • {escape(f.key)}：{escape(f.reason)}")
    if problems.unreadable:
        console.print(f"[bold]无法读取 {len(problems.unreadable)} 个文件[/]（未能用于评分）：")
        for f in problems.unreadable:
            console.print(f"  • {escape(f.key)}：{escape(f.reason)}")


def print_score_table(console: Console, rows: Sequence[ScoreRow], year: int) -> None:
    """One table per unit kind: indicators as rows, units as columns."""
    for kind in ("county", "department"):
        krows = [r for r in rows if r.kind == kind]
        if not krows:
            continue
        units: list[tuple[str, str]] = []
        for r in krows:
            if (r.unit, r.unit_name) not in units:
                units.append((r.unit, r.unit_name))
        indicators: list[tuple[str, str, float]] = []
        for r in krows:
            if r.indicator not in [i[0] for i in indicators]:
                indicators.append((r.indicator, r.indicator_name, r.max_points))
        cell = {(r.unit, r.indicator): r for r in krows}
        t = Table(title=f"{year} 年度政务公开考核评分表 — {KIND_ZH[kind]}", show_lines=False)
        t.add_column("指标", no_wrap=True)
        t.add_column("名称", max_width=14, overflow="fold")
        t.add_column("分值", justify="right", no_wrap=True)
        for _code, name in units:
            t.add_column(short_name(name), justify="right", no_wrap=True, min_width=10)
        for code, name, maxp in indicators:
            vals = []
            for u, _ in units:
                c = cell.get((u, code))
                if c is None:
                    vals.append("")
                elif c.points is None:
                    vals.append("[yellow]待人工评分[/]")
                else:
                    vals.append(
                        f"{c.points:g}" + (" [cyan](人工)[/]" if c.status == "manual" else "")
                    )
            t.add_row(code, name, f"{maxp:g}", *vals)
        totals = []
        for u, _ in units:
            ur = [r for r in krows if r.unit == u]
            total = sum(r.points or 0 for r in ur)
            provisional = any(r.points is None for r in ur)
            totals.append(f"{total:g}" + ("（暂定）" if provisional else ""))
        t.add_row("合计", "", f"{sum(i[2] for i in indicators):g}", *totals, style="bold")
        console.print(t)
        # issue 11: how much of each unit's points the rules decide without a person
        share = auto_share(krows, units)
        if share:
            console.print("自动评分占比（按满分计）：" + "；".join(share))
    console.print("“待人工评分”：该指标暂无自动规则或缺少可判定的材料，合计为暂定分。")


def print_explanation(console: Console, ex: Explanation) -> None:
    r = ex.row
    head = (
        f"[bold]{r.unit_name}（{r.unit}）  {r.indicator} {r.indicator_name}[/]\n"
        f"得分：{points_zh(r.points)} / {r.max_points:g}    "
        f"状态：{STATUS_ZH.get(r.status, r.status)}"
        f"    规则：{ex.rule}\n"
        f"评分运行：{r.run}    规则哈希：{r.rules_hash[:12]}\n\n{r.explanation}"
    )
    if r.status == "manual":
        # the automatic verdict stays visible beside the manual result
        head += (
            f"\n（自动评分结果：{points_zh(ex.auto_points)}；"
            "人工记录见下，全部记录见 kaohe manual log）"
        )
    console.print(Panel(head, title="评分依据"))
    shown: set[int] = set()
    for ev in ex.evidence:
        pts = f" [{ev.points:+g}]" if ev.points else ""
        manual = ev.note.startswith(("人工评分", "人工调整")) and not ev.key and not ev.searched
        console.print(f"• [cyan]{escape(ev.note)}[/]{pts}" if manual else f"• {ev.note}{pts}")
        if ev.key:
            console.print(
                f"    文档：{ev.key}  版本：{ev.version_id or '-'}  etag：{ev.etag}\n"
                f"    sha256：{ev.sha256}"
            )
        if ev.source == "网站巡检":  # issue 11: crawl evidence names the page and fetch time
            when = beijing_text(ev.fetched_at)
            page = f"  网址：{ev.page_url}  抓取时间：{when}（北京时间）" if ev.page_url else ""
            console.print(f"    来源：网站巡检（kaohe 抓取存档，非单位上传）{page}")
        if ev.quote:
            where = f"第{ev.page}页" if ev.page else (f"第{ev.paragraph}段" if ev.paragraph else "")
            console.print(f"    原文（{where}）：“{ev.quote}”")
        if ev.searched:
            console.print(f"    检索记录：{searched_zh(ev.searched)}")
        if ev.extraction_id is not None and ev.extraction_id not in shown:
            shown.add(ev.extraction_id)
            doc = ex.documents.get(ev.extraction_id, {})
            for name, el in (doc.get("elements") or {}).items():
                q = "；".join(e["quote"] for e in el.get("evidence", []))
                line = escape(element_zh(name, el.get("value")))
                console.print(f"      [dim]{line}{'  原文“' + escape(q) + '”' if q else ''}[/]")
            for f in doc.get("findings") or []:
                console.print(f"      [yellow]问题：{escape(f['message'])}（{f['code']}）[/]")


def print_changes(
    console: Console, ctx: Context, changes: Sequence[ScoreChange], result: dict[str, Any]
) -> None:
    ext = result.get("extract", {})
    console.print(
        f"重新提取 {ext.get('pending', 0)} 份（解析缓存命中 {ext.get('parse_cache_hits', 0)}），"
        f"重新评分 {result['score']['rows']} 项。"
    )
    print_timing(console, result.get("timing") or {})
    print_change_table(console, ctx, changes)


def print_change_table(console: Console, ctx: Context, changes: Sequence[ScoreChange]) -> None:
    """Every changed score, old → new (or a line saying nothing changed)."""
    if not changes:
        console.print("评分无变化。")
        return
    names = {u.code: u.name for u in ctx.units}
    t = Table("单位", "指标", "名称", "原分", "新分", "原状态", "新状态", title="评分变化")
    for c in changes:
        t.add_row(
            names.get(c.unit_code, c.unit_code),
            c.indicator,
            c.indicator_name,
            points_zh(c.old_points) if c.old_status else "（无）",
            points_zh(c.new_points),
            STATUS_ZH.get(c.old_status or "", "-"),
            STATUS_ZH.get(c.new_status, c.new_status),
        )
    console.print(t)


_MANUAL_REST = re.compile(r"其余(\d+(?:\.\d+)?)分：")
_NO_CRAWL_PART = re.compile(r"【[^，】]+，(\d+(?:\.\d+)?)分】尚无网站巡检记录")


def auto_share(rows: Any, units: Any) -> list[str]:
    """Per unit: the points its rules decide without a person, out of its total maximum.

    A row counts when its status is ``auto`` (or ``manual`` over an automatic verdict), less
    the parts its explanation names as manual ("其余N分：…") and the website parts that had no
    crawl record ("【…，N分】尚无网站巡检记录"). E.g. ``集贤县 71/100（71%）``.
    """
    out = []
    for u, label in units:
        ur = [r for r in rows if r.unit == u]
        total = sum(r.max_points for r in ur)
        if not total:
            continue
        auto = 0.0
        for r in ur:
            if r.status != "auto":
                continue
            manual = sum(float(x) for x in _MANUAL_REST.findall(r.explanation))
            manual += sum(float(x) for x in _NO_CRAWL_PART.findall(r.explanation))
            auto += max(r.max_points - manual, 0.0)
        out.append(f"{short_name(label)} {auto:g}/{total:g}（{auto / total:.0%}）")
    return out
