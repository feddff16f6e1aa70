"""``kaohe scores --xlsx``: the score table as a workbook (a long sheet, a matrix per kind)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kaohe.reports.labels import KIND_ZH, PENDING, PROVISIONAL, STATUS_ZH
from kaohe.views.scores import ScoreRow

__all__ = ["write_scores_xlsx"]


def write_scores_xlsx(rows: Sequence[ScoreRow], path: Path, year: int) -> Path:
    """The score table as a workbook: a long sheet plus one matrix sheet per unit kind."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "评分明细"
    head = [
        "年度",
        "单位代码",
        "单位名称",
        "类型",
        "指标",
        "指标名称",
        "得分",
        "满分",
        "状态",
        "说明",
    ]
    ws.append(head)
    for r in rows:
        ws.append(
            [
                r.year,
                r.unit,
                r.unit_name,
                KIND_ZH.get(r.kind, r.kind),
                r.indicator,
                r.indicator_name,
                r.points,
                r.max_points,
                STATUS_ZH.get(r.status, r.status),
                r.explanation,
            ]
        )
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJ", (6, 10, 24, 10, 8, 30, 8, 6, 10, 80), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=10, max_col=10):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    for kind in ("county", "department"):
        krows = [r for r in rows if r.kind == kind]
        if not krows:
            continue
        m = wb.create_sheet(f"{KIND_ZH[kind]}汇总")
        units = list(dict.fromkeys((r.unit, r.unit_name) for r in krows))
        inds = list(dict.fromkeys((r.indicator, r.indicator_name, r.max_points) for r in krows))
        m.append(["指标", "名称", "分值", *[n for _, n in units]])
        cell = {(r.unit, r.indicator): r for r in krows}
        for code, name, maxp in inds:
            m.append(
                [
                    code,
                    name,
                    maxp,
                    *[
                        (cell[(u, code)].points if cell[(u, code)].points is not None else PENDING)
                        if (u, code) in cell
                        else None
                        for u, _ in units
                    ],
                ]
            )
        m.append(
            [
                "合计",
                "",
                sum(i[2] for i in inds),
                *[sum(r.points or 0 for r in krows if r.unit == u) for u, _ in units],
            ]
        )
        for j, (u, _) in enumerate(units, 4):
            if any(r.points is None for r in krows if r.unit == u):
                # the total stays a number; its display says it is provisional
                m.cell(m.max_row, j).number_format = f'General"（{PROVISIONAL}）"'
        for c in m[1]:
            c.font = Font(bold=True)
        m.freeze_panes = "D2"
        m.column_dimensions["B"].width = 30
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
