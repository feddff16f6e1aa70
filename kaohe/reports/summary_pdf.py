"""The 汇总 as a PDF that looks like an official table: one table per unit kind, A4 landscape.

Rendered with reportlab and its built-in CID font ``STSong-Light`` (no font file to find or
ship; the text stays selectable). Each page repeats the table header and carries 第 N 页; the
last block is the issuing office and date (落款). Provisional totals say 暂定; a unit with
nothing scored is 不排名.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kaohe.reports.data import ReportData, rank_units
from kaohe.reports.labels import KIND_ZH, PROVISIONAL, points_zh
from kaohe.views.timefmt import BEIJING

__all__ = ["write_summary_pdf"]

_FONT = "STSong-Light"


def write_summary_pdf(data: ReportData, path: Path, *, issuer: str) -> Path:
    """Write the per-kind summary tables of ``data`` to ``path``; returns ``path``."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    title = ParagraphStyle("t", fontName=_FONT, fontSize=16, leading=22, alignment=TA_CENTER)
    head = ParagraphStyle("h", fontName=_FONT, fontSize=7, leading=9, alignment=TA_CENTER)
    cell = ParagraphStyle("c", fontName=_FONT, fontSize=8, leading=10)
    note = ParagraphStyle("n", fontName=_FONT, fontSize=8, leading=11)
    sign = ParagraphStyle("s", fontName=_FONT, fontSize=11, leading=16, alignment=TA_RIGHT)

    story: list[Any] = []
    for kind in ("county", "department"):
        totals = rank_units(data, kind)
        if not totals:
            continue
        if story:
            story.append(PageBreak())
        story.append(Paragraph(f"{data.year}年度政务公开考核结果汇总表（{KIND_ZH[kind]}）", title))
        story.append(Spacer(1, 4 * mm))
        inds = list(
            dict.fromkeys(
                (r.indicator, r.indicator_name, r.max_points) for r in data.rows if r.kind == kind
            )
        )
        header = [
            Paragraph("排名", head),
            Paragraph("单位", head),
            *[Paragraph(f"{c}<br/>{n}<br/>（{m:g}分）", head) for c, n, m in inds],
            Paragraph(f"合计<br/>（{sum(m for _, _, m in inds):g}分）", head),
            Paragraph("备注", head),
        ]
        cells = {(r.unit, r.indicator): r for r in data.rows}
        rows: list[list[Any]] = [header]
        for t in totals:
            values = [
                "待评" if (r := cells.get((t.code, c))) is None or r.points is None
                else f"{r.points:g}"
                for c, _, _ in inds
            ]  # fmt: skip
            remark = (
                "全部指标待人工评分，不参与排名"
                if t.rank is None
                else f"{len(t.pending)}项待人工评分，合计与排名暂定"
                if t.provisional
                else ""
            )
            rows.append(
                [
                    "不排名" if t.rank is None else str(t.rank),
                    Paragraph(t.name, cell),
                    *values,
                    "待评"
                    if t.rank is None
                    else points_zh(t.total) + (f"（{PROVISIONAL}）" if t.provisional else ""),
                    Paragraph(remark, cell),
                ]
            )
        widths = [11 * mm, 42 * mm, *[13.5 * mm] * len(inds), 19 * mm, 41 * mm]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), _FONT, 8),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (0, 1), (0, -1), "CENTER"),
                    ("ALIGN", (2, 1), (-2, -1), "CENTER"),
                ]
            )
        )
        story.append(table)
        story.append(Spacer(1, 3 * mm))
        story.append(
            Paragraph(
                "注：“待评”为待人工评分指标；含待评指标的单位，合计与排名为暂定。"
                "县（区）与市直部门分别排名，同分并列。",
                note,
            )
        )
    today = datetime.now(UTC).astimezone(BEIJING).date()
    story += [
        Spacer(1, 10 * mm),
        Paragraph(issuer, sign),
        Paragraph(f"{today.year}年{today.month}月{today.day}日", sign),
    ]

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 9)
        canvas.drawCentredString(landscape(A4)[0] / 2, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"{data.year}年度政务公开考核结果汇总",
        author=issuer,
    )
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return path
