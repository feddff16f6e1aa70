"""The assessment workbook (第七条): summaries by kind, one sheet per unit, evidence, notes.

A summary per unit kind (units × indicators, total, rank; provisional while any indicator is
``pending_manual``), one sheet per unit (each indicator with its deductions item by item and its
evidence files), an evidence sheet (every score evidence row: document key, version, sha256,
quote, recorded searches) and a cover note (score set, run, rules hash).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaohe.reports.data import ReportData, rank_units
from kaohe.reports.labels import KIND_ZH, PROVISIONAL, STATUS_ZH, SUMMARY_TITLE, points_zh
from kaohe.views.table import UnitTotal
from kaohe.views.timefmt import beijing_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SHEET_BAD", "sheet_title", "write_workbook"]


#: characters Excel refuses in a sheet title
SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively) sheet title of at most 31 characters."""
    base = SHEET_BAD.sub("", name).strip("'") or "单位"
    title, n = base[:31], 1
    while title.lower() in taken:
        n += 1
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def write_workbook(data: ReportData, path: Path) -> Path:
    """Write the assessment workbook of ``data`` to ``path``."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    taken = {"说明", "证据"}
    ranks: dict[str, tuple[UnitTotal, int]] = {}
    for kind in ("county", "department"):
        totals = rank_units(data, kind)
        if not totals:
            continue
        taken.add(SUMMARY_TITLE[kind].lower())
        _summary_sheet(wb.create_sheet(SUMMARY_TITLE[kind]), data, kind, totals)
        ranks.update({t.code: (t, len(totals)) for t in totals})
    for code, name, kind in data.units:
        ws = wb.create_sheet(sheet_title(name, taken))
        _unit_sheet(ws, data, code, name, kind, ranks[code])
    _evidence_sheet(wb.create_sheet("证据"), data)
    _cover_sheet(wb.create_sheet("说明"), data)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
        "head_fill": PatternFill("solid", fgColor="D9E1F2"),
        "pending_fill": PatternFill("solid", fgColor="FFF2CC"),
        "manual_fill": PatternFill("solid", fgColor="DDEBF7"),
        "deduct_font": Font(color="C00000"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
    }


def _print_setup(ws: Worksheet, header_rows: str) -> None:
    """Landscape A4, fit to one page wide, header rows repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = header_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _text_width(text: str) -> float:
    """Width of ``text`` in Excel column units: a CJK character is about two."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _fit_rows(ws: Worksheet, first_row: int) -> None:
    """Row heights that fit wrapped text, so that printed rows never overprint the next.

    Excel and LibreOffice do not grow a row for wrapped text written by openpyxl; the height
    is estimated from each cell's text and its column's width (14.5 pt a line).
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import get_column_letter

    widths = {
        i: (ws.column_dimensions[get_column_letter(i)].width or 8.43)
        for i in range(1, ws.max_column + 1)
    }
    # a merged cell wraps across the whole merged range, not its first column
    spans = {
        (m.min_row, m.min_col): sum(widths.get(i, 8.43) for i in range(m.min_col, m.max_col + 1))
        for m in ws.merged_cells.ranges
        if m.min_row == m.max_row
    }
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for c in row:
            if isinstance(c, MergedCell) or c.value is None:
                continue
            w = max(spans.get((c.row, c.column), widths[c.column]) - 1.0, 1.0)
            n = sum(max(1, math.ceil(_text_width(s) / w)) for s in str(c.value).split("\n"))
            lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409.0, 14.5 * lines + 2)


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _title(ws: Worksheet, text: str, ncols: int) -> None:
    st = _styles()
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=ncols)
    cell = ws.cell(ws.max_row, 1)
    cell.font, cell.alignment = st["title"], st["center"]
    ws.row_dimensions[ws.max_row].height = 28


def _header(ws: Worksheet, values: Sequence[Any]) -> None:
    st = _styles()
    ws.append(list(values))
    for c in ws[ws.max_row]:
        c.font, c.fill, c.alignment, c.border = (
            st["bold"],
            st["head_fill"],
            st["center"],
            st["border"],
        )


def _summary_sheet(ws: Worksheet, data: ReportData, kind: str, totals: list[UnitTotal]) -> None:
    st = _styles()
    inds = list(
        dict.fromkeys(
            (r.indicator, r.indicator_name, r.max_points)
            for r in data.rows
            if r.unit in {t.code for t in totals}
        )
    )
    # names only: the pinyin codes are for machines, not for the table sent upward
    ncols = 2 + len(inds) + 3
    _title(ws, f"{data.year}年度政务公开考核汇总表（{KIND_ZH[kind]}）", ncols)
    _header(
        ws,
        [
            "排名",
            "单位名称",
            *[f"{c}\n{n}" for c, n, _ in inds],
            "合计",
            "暂定",
            "说明",
        ],
    )
    # the header row grows with the longest indicator name (9-unit columns, 14.5 pt a line)
    name_lines = max((math.ceil(_text_width(n) / 8.0) for _, n, _ in inds), default=1)
    ws.row_dimensions[2].height = max(75.0, 14.5 * (name_lines + 1) + 4)
    full = round(sum(m for _, _, m in inds), 2)
    _header(ws, ["", "满分", *[m for _, _, m in inds], full, "", ""])
    cell = {(r.unit, r.indicator): r for r in data.rows}
    for t in totals:
        values: list[Any] = [t.rank if t.rank is not None else "不排名", t.name]
        for code, _, _ in inds:
            r = cell.get((t.code, code))
            values.append(None if r is None else ("待评" if r.points is None else r.points))
        note = (
            "全部指标待人工评分，暂不参与排名"
            if t.rank is None
            else f"合计与排名暂定：{len(t.pending)}项待人工评分（{'、'.join(t.pending)}）"
            if t.provisional
            else ""
        )
        values += [t.total, PROVISIONAL if t.provisional else "", note]
        ws.append(values)
        row = ws.max_row
        for c in ws[row]:
            c.border, c.alignment = st["border"], st["center"]
        ws.cell(row, ncols).alignment = st["wrap"]
        for j, (code, _, _) in enumerate(inds, 3):
            r = cell.get((t.code, code))
            if r is not None and r.status == "pending_manual":
                ws.cell(row, j).fill = st["pending_fill"]
            elif r is not None and r.status == "manual":
                ws.cell(row, j).fill = st["manual_fill"]
        total_cell, rank_cell = ws.cell(row, ncols - 2), ws.cell(row, 1)
        total_cell.font = st["bold"]
        if t.provisional:
            # the number stays a number; the display says it is provisional
            total_cell.number_format = 'General"（暂定）"'
            rank_cell.number_format = 'General"（暂定）"'
            total_cell.fill = rank_cell.fill = st["pending_fill"]
    ws.append([])
    for line in (
        "注：黄底“待评”为待人工评分指标，含待评指标的单位合计与排名为暂定；蓝底为人工评分或调整后的得分。",
        "县（区）与市直部门分别排名；同分并列。评分依据与版本见“说明”表。",
    ):
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=ncols)
    _widths(ws, [9, 26, *[9] * len(inds), 11, 7, 30])
    _fit_rows(ws, 4)
    ws.freeze_panes = "C4"
    _print_setup(ws, "1:3")


def _unit_sheet(
    ws: Worksheet,
    data: ReportData,
    code: str,
    name: str,
    kind: str,
    rank: tuple[UnitTotal, int],
) -> None:
    st = _styles()
    total, n_units = rank
    head = [
        "指标",
        "指标名称 / 扣分项",
        "满分",
        "得分",
        "状态",
        "自动评分",
        "扣分",
        "证据文件",
        "原文摘录",
        "说明",
    ]
    _title(ws, f"{name}{data.year}年度政务公开考核得分明细", len(head))
    mark = f"（{PROVISIONAL}：{len(total.pending)}项待人工评分）" if total.provisional else ""
    rank_text = (
        "暂不参与排名（全部指标待人工评分）"
        if total.rank is None
        else f"排名 {total.rank}/{n_units}" + (f"（{PROVISIONAL}）" if total.provisional else "")
    )
    ws.append([f"合计 {points_zh(total.total)} 分{mark}；{KIND_ZH[kind]}{rank_text}。"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(head))
    ws.cell(2, 1).alignment = st["wrap"]
    _header(ws, head)
    for r in data.unit_rows(code):
        ev = data.evidence_of(code, r.indicator)
        deductions = [e for e in ev if e.points is not None and e.points < 0]
        files = list(dict.fromkeys(e.file_name for e in ev if e.key))
        auto = data.auto_points.get(r.score_id) if r.status == "manual" else None
        ws.append(
            [
                r.indicator,
                r.indicator_name,
                r.max_points,
                r.points if r.points is not None else "待人工评分",
                STATUS_ZH.get(r.status, r.status),
                auto if r.status == "manual" else None,
                round(sum(e.points or 0 for e in deductions), 2) if deductions else None,
                "\n".join(files),
                None,
                r.explanation,
            ]
        )
        row = ws.max_row
        for c in ws[row]:
            c.border, c.alignment = st["border"], st["wrap"]
            if c.column <= 4:
                c.font = st["bold"]
        if r.status == "pending_manual":
            ws.cell(row, 4).fill = st["pending_fill"]
        elif r.status == "manual":
            ws.cell(row, 4).fill = st["manual_fill"]
        for e in deductions:
            ws.append(
                [
                    None,
                    f"扣分：{e.note}",
                    None,
                    None,
                    None,
                    None,
                    e.points,
                    f"{e.file_name}（{e.where}）" if e.file_name and e.where else e.file_name,
                    e.quote,
                    None,
                ]
            )
            for c in ws[ws.max_row]:
                c.border, c.alignment = st["border"], st["wrap"]
            ws.cell(ws.max_row, 7).font = st["deduct_font"]
    ws.append(
        [
            "合计",
            None,
            round(sum(r.max_points for r in data.unit_rows(code)), 2),
            total.total,
            PROVISIONAL if total.provisional else None,
        ]
    )
    for c in ws[ws.max_row]:
        c.font, c.border = st["bold"], st["border"]
    _widths(ws, [8, 36, 6, 8, 10, 8, 7, 26, 36, 60])
    _fit_rows(ws, 3)
    ws.freeze_panes = "C4"
    _print_setup(ws, "3:3")


def _searched_text(s: dict[str, Any] | None) -> str:
    if not s:
        return ""
    labels = {
        "prefix": "检索位置",
        "doc_types": "材料类型",
        "documents_examined": "检查文件数",
        "documents_of_type": "该类材料数",
        "criteria": "条件",
        "unreadable": "无法读取",
    }
    parts = []
    for k, v in s.items():
        text = "、".join(map(str, v)) if isinstance(v, list) else str(v)
        parts.append(f"{labels.get(k, k)}：{text}")
    return "；".join(parts)


def _evidence_sheet(ws: Worksheet, data: ReportData) -> None:
    st = _styles()
    names = {code: name for code, name, _ in data.units}
    _header(
        ws,
        [
            "单位代码",
            "单位名称",
            "指标",
            "序号",
            "说明",
            "分值",
            "文件名",
            "文档键",
            "版本号",
            "sha256",
            "页码",
            "段落",
            "原文摘录",
            "要素",
            "问题代码",
            "检索记录",
        ],
    )
    for e in data.evidence:
        ws.append(
            [
                e.unit,
                names.get(e.unit, e.unit),
                e.indicator,
                e.seq,
                e.note,
                e.points,
                e.file_name,
                e.key,
                e.version_id,
                e.sha256,
                e.page,
                e.paragraph,
                e.quote,
                e.element,
                e.finding_code,
                _searched_text(e.searched),
            ]
        )
        for c in ws[ws.max_row]:
            c.alignment = st["wrap"]
    _widths(ws, [11, 20, 7, 5, 48, 6, 22, 40, 16, 24, 5, 5, 40, 14, 18, 48])
    _fit_rows(ws, 1)
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws, "1:1")
    # 16 columns do not fit one page width legibly: print at 70 % across pages instead,
    # with unit and indicator repeated on each
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 70
    ws.print_title_cols = "A:C"


def _cover_sheet(ws: Worksheet, data: ReportData) -> None:
    st = _styles()
    _title(ws, f"{data.year}年度政务公开考核结果说明", 2)
    lines = [
        ("考核年度", data.year),
        ("评分表编号", data.score_set_id),
        ("评分运行", data.run_id),
        ("评分规则哈希", data.rules_hash),
        ("抽取程序版本", data.extractor_version),
        ("评分时间（北京时间）", beijing_text(data.created_at)),
        ("报告生成时间（北京时间）", beijing_text(datetime.now(UTC))),
        ("被考核单位", f"{len(data.units)} 个"),
        (
            "状态说明",
            "自动评分：由提交材料按评分细则自动判定；人工评分：按第六条由考核人员评分或调整，"
            "自动评分结果保留在“自动评分”列；待人工评分：尚无自动规则或缺少可判定的材料。",
        ),
        (
            "追溯",
            "每一处扣分均列于“证据”表（文档键、版本号、sha256、原文摘录）；评分表编号、"
            "规则哈希与抽取程序版本标识了评分所依据的材料版本和规则，可据此复核每一项得分。",
        ),
    ]
    for k, v in lines:
        ws.append([k, v])
        ws.cell(ws.max_row, 1).font = st["bold"]
        ws.cell(ws.max_row, 2).alignment = st["wrap"]
    _widths(ws, [22, 100])
    _fit_rows(ws, 2)
    _print_setup(ws, "1:1")
