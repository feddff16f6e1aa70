"""The office's manual-score sheet: a template of every unit × indicator, and its import."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaohe.context import Context
from kaohe.errors import ManualInputError
from kaohe.office.manual import (
    METHODS,
    ManualEntry,
    add_entry,
    clean_text,
    parse_points,
    validate_entry,
)
from kaohe.reports.labels import STATUS_ZH
from storage.repo import scores

__all__ = ["TEMPLATE_HEADERS", "ImportResult", "import_sheet", "write_template"]


#: the template's columns; the last five are filled in by the office
TEMPLATE_HEADERS = (
    "年度",
    "单位代码",
    "单位名称",
    "指标",
    "指标名称",
    "满分",
    "当前得分",
    "当前状态",
    "自动评分",
    "模式",
    "分值",
    "考核方式",
    "理由",
    "评分人",
)


_INPUT_HEADERS = ("模式", "分值", "考核方式", "理由", "评分人")


#: header aliases accepted on import (sheets edited by hand)
_HEADER_ALIASES = {"方式": "考核方式", "评分方法": "考核方式", "分数": "分值", "单位": "单位代码"}


def write_template(
    ctx: Context, path: Path, year: int, statuses: Collection[str] | None = None
) -> int:
    """Write the sheet the office fills in: every unit × indicator with its current points
    (only those whose current status is in ``statuses``, when given: the workspace offers the
    待人工评分 and manual ones).

    Returns the number of rows. The last five columns are left empty, with drop-down lists
    for 模式 and 考核方式.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    current: dict[tuple[str, str], tuple[float | None, str, float | None]] = {}
    with ctx.session() as s:
        ss = scores.latest_score_set(s, year)
        if ss is not None:
            for r in scores.scores_of_set(s, ss.id):
                auto = r.auto_points if r.status == "manual" else r.points
                current[(r.unit_code, r.indicator)] = (r.points, r.status, auto)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "人工评分"
    ws.append(list(TEMPLATE_HEADERS))
    n = 0
    for u in ctx.units:
        rubric = ctx.rubrics.get(u.kind)
        if rubric is None:
            continue
        for ind in rubric.indicators:
            pts, status, auto = current.get((u.code, ind.code), (None, "", None))
            if statuses is not None and status not in statuses:
                continue
            ws.append(
                [
                    year,
                    u.code,
                    u.name,
                    ind.code,
                    ind.name,
                    ind.points,
                    pts,
                    STATUS_ZH.get(status, status),
                    auto,
                ]
            )
            n += 1
    fill = PatternFill("solid", fgColor="FFF2CC")
    first_input = len(TEMPLATE_HEADERS) - len(_INPUT_HEADERS) + 1
    for c in ws[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if c.column >= first_input:
            c.fill = fill
    widths = (6, 12, 26, 8, 30, 6, 9, 11, 9, 8, 7, 14, 40, 10)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w
    ws.freeze_panes = ws.cell(2, 4)
    if n:
        last = n + 1
        col = {h: ws.cell(1, i).column_letter for i, h in enumerate(TEMPLATE_HEADERS, 1)}
        modes = DataValidation(type="list", formula1='"评分,调整"', allow_blank=True)
        methods = DataValidation(type="list", formula1=f'"{",".join(METHODS)}"', allow_blank=True)
        ws.add_data_validation(modes)
        ws.add_data_validation(methods)
        modes.add(f"{col['模式']}2:{col['模式']}{last}")
        methods.add(f"{col['考核方式']}2:{col['考核方式']}{last}")
    notes = wb.create_sheet("填写说明")
    for line in (
        ["填写说明"],
        [
            "只需在需要人工评分或调整的行填写后五列（模式、分值、考核方式、理由、评分人），其余行留空。"
        ],
        ["模式：“评分”= 以人工分值替换该指标的自动得分；“调整”= 在当前得分上加减（扣分填负数）。"],
        [f"考核方式：{'、'.join(METHODS)}（《考核办法》第六条）。"],
        [
            "导入：kaohe manual import 本文件.xlsx，或在考核工作台“人工评分”页上传本文件。"
            "同一文件重复导入不会重复记录；有误的行会按行号列出，其余行照常导入。"
        ],
    ):
        notes.append(line)
    notes.column_dimensions["A"].width = 110
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return n


@dataclass
class ImportResult:
    """What an import did: new entry ids, rows already imported, rows refused (row, reason)."""

    added: list[int] = field(default_factory=list)
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    sha256: str = ""


def _row_digest(entry: ManualEntry) -> str:
    """Content key of an imported row: the same entry imported twice is one entry."""
    key = [
        entry.year,
        entry.unit.code,
        entry.indicator,
        entry.mode,
        round(entry.points, 4),
        entry.method,
        entry.reason,
        entry.author,
    ]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()


def import_sheet(
    ctx: Context, path: Path, year: int | None = None, default_author: str | None = None
) -> ImportResult:
    """Record every filled row of a template-shaped sheet.

    A row is filled when any of 模式/分值/考核方式/理由/评分人 is non-empty. Each row's source
    is ``xlsx:<sha256 of the row's normalised content>``, so importing the same sheet again —
    even after it was opened and re-saved, or copied into another file — adds nothing. A row
    with an error is reported with its row number and the other rows are still imported.
    An empty 评分人 is ``default_author`` when given (the signed-in user of the workspace).
    """
    from openpyxl import load_workbook

    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a non-xlsx file
        raise ManualInputError(f"无法读取 Excel 文件 {path.name}：{e}") from None
    ws = wb["人工评分"] if "人工评分" in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    cols: dict[str, int] = {}
    for i, h in enumerate(header or ()):
        name = clean_text(h)
        cols.setdefault(_HEADER_ALIASES.get(name, name), i)
    missing = [h for h in ("单位代码", "指标", *_INPUT_HEADERS) if h not in cols]
    if missing:
        wb.close()
        raise ManualInputError(f"{path.name} 第1行缺少列：{'、'.join(missing)}")
    out = ImportResult(sha256=sha)
    default_year = year or ctx.settings.year
    for rowno, values in enumerate(rows, start=2):

        def cell(name: str, values: tuple[Any, ...] = values) -> Any:
            i = cols.get(name)
            return values[i] if i is not None and i < len(values) else None

        if all(clean_text(cell(h)) == "" for h in _INPUT_HEADERS):
            continue
        y_raw = cell("年度")
        y = default_year if clean_text(y_raw) == "" else parse_points(y_raw)
        try:
            if y is None or y != int(y):
                raise ManualInputError(f"年度“{clean_text(y_raw)}”不是有效年份")
            entry = validate_entry(
                ctx,
                year=int(y),
                unit=clean_text(cell("单位代码")),
                indicator=clean_text(cell("指标")),
                mode=clean_text(cell("模式")),
                points=cell("分值"),
                method=clean_text(cell("考核方式")),
                reason=clean_text(cell("理由")),
                author=clean_text(cell("评分人")) or (default_author or ""),
            )
        except ManualInputError as e:
            out.errors.append((rowno, e.reason))
            continue
        entry_id, created = add_entry(ctx, entry, source=f"xlsx:{_row_digest(entry)}")
        if created:
            out.added.append(entry_id)
            out.years.add(entry.year)
        else:
            out.duplicates += 1
    wb.close()
    return out
