"""``kaohe report``: the workbook and one 整改清单 per unit, written into a folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kaohe.context import Context
from kaohe.reports.data import collect
from kaohe.reports.rectification import write_rectification
from kaohe.reports.summary_pdf import write_summary_pdf
from kaohe.reports.workbook import SHEET_BAD, write_workbook

__all__ = ["ReportFiles", "write_report"]


@dataclass
class ReportFiles:
    workbook: Path
    summary_pdf: Path
    rectification: list[Path] = field(default_factory=list)


def write_report(ctx: Context, year: int, out_dir: Path) -> ReportFiles:
    """The workbook ``DIR/{year}年度政务公开考核结果.xlsx``, its 汇总 as PDF, and
    ``DIR/整改清单/*.docx``."""
    data = collect(ctx, year)
    files = ReportFiles(
        write_workbook(data, out_dir / f"{year}年度政务公开考核结果.xlsx"),
        write_summary_pdf(
            data, out_dir / f"{year}年度政务公开考核结果汇总.pdf", issuer=ctx.settings.report.issuer
        ),
    )
    used: set[str] = set()
    for code, name, _ in data.units:
        stem = SHEET_BAD.sub("", name)
        if stem in used:
            stem = f"{stem}-{code}"
        used.add(stem)
        files.rectification.append(
            write_rectification(
                data,
                code,
                out_dir / "整改清单" / f"{stem}{year}年度整改清单.docx",
                issuer=ctx.settings.report.issuer,
                deadline=ctx.settings.report.rectification_deadline,
            )
        )
    return files
