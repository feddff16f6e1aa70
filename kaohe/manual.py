"""Manual scores and adjustments (第六条): validate, record, revoke, import from Excel, re-score.

The ``manual_scores`` table is an append-only log: an entry is never updated. ``score`` entries
replace the automatic points of an indicator, ``adjust`` entries add to them, and a revocation
is a new ``revoke`` entry naming its target (``source = revoke:<id>:<uuid>``). What is in force
is computed from the whole log (:func:`storage.repo.manual_states`), and scoring reads it as an
input, so manual entries survive reruns and rubric changes; after every change the year is
re-scored at once (:func:`rescore`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kaohe.errors import KaoheError
from kaohe.ops import Context, ScoreChange, diff_score_sets
from kaohe.settings import Unit
from storage import repo
from storage.models import ManualScore

__all__ = [
    "METHODS",
    "MODE_ZH",
    "TEMPLATE_HEADERS",
    "ImportResult",
    "LogEntry",
    "ManualEntry",
    "ManualInputError",
    "add_entry",
    "import_sheet",
    "log_entries",
    "rescore",
    "revoke_entry",
    "validate_entry",
    "write_template",
]

#: 第六条: how a manual result was obtained.
METHODS = ("日常监督", "实地检查", "第三方评估", "年底综合评测", "资料审查")

MODE_ZH = {"score": "评分", "adjust": "调整", "revoke": "撤销"}
#: what the office may write in the 模式 column (after NFKC and lower-casing)
_MODE_ALIASES = {
    "score": "score",
    "评分": "score",
    "人工评分": "score",
    "替换": "score",
    "adjust": "adjust",
    "调整": "adjust",
    "加减分": "adjust",
    "人工调整": "adjust",
}

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

_STATUS_ZH = {"auto": "自动评分", "manual": "人工评分", "pending_manual": "待人工评分"}


class ManualInputError(KaoheError):
    """A manual entry is invalid; ``reason`` says what, in Chinese."""


@dataclass(frozen=True)
class ManualEntry:
    """A validated manual score (``mode="score"``) or adjustment (``"adjust"``)."""

    year: int
    unit: Unit
    indicator: str
    indicator_name: str
    max_points: float
    mode: str
    points: float
    method: str
    reason: str
    author: str


def _text(v: Any) -> str:
    return "" if v is None else unicodedata.normalize("NFKC", str(v)).strip()


def _points(v: Any) -> float | None:
    """A number from a cell or an option: ``5``, ``"-0.5"``, ``"＋１"``, ``"2分"``."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v) if v == v else None
    s = _text(v).replace("−", "-").removesuffix("分").strip()
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?", s):
        return None
    return float(s)


def validate_entry(
    ctx: Context,
    *,
    year: int,
    unit: str,
    indicator: str,
    mode: str,
    points: Any,
    method: str,
    reason: str,
    author: str,
) -> ManualEntry:
    """Check one entry against the units and the rubric of the unit's kind.

    A score lies in ``[0, max]``; an adjustment is non-zero with ``|points| <= max``; the
    method is one of :data:`METHODS`; reason and author are required. Raises
    :class:`ManualInputError` with a Chinese reason.
    """
    u = ctx.unit(_text(unit))
    if u is None:
        raise ManualInputError(f"未知单位“{_text(unit)}”（请填写单位代码或全称）")
    rubric = ctx.rubrics.get(u.kind)
    code = _text(indicator)
    ind = rubric.indicator(code) if rubric is not None else None
    if ind is None:
        raise ManualInputError(f"指标“{code}”不属于{u.name}适用的评分细则")
    m = _MODE_ALIASES.get(_text(mode).lower())
    if m is None:
        raise ManualInputError(f"模式应为“评分”（替换自动得分）或“调整”（加减分），实为“{mode}”")
    pts = _points(points)
    if pts is None:
        raise ManualInputError(f"分值“{_text(points)}”不是数字")
    if m == "score" and not 0 <= pts <= ind.points:
        raise ManualInputError(f"评分应在 0–{ind.points:g} 分之间，实为 {pts:g}")
    if m == "adjust" and (pts == 0 or abs(pts) > ind.points):
        raise ManualInputError(f"调整分值应为非零且绝对值不超过 {ind.points:g} 分，实为 {pts:g}")
    meth = _text(method)
    if meth not in METHODS:
        raise ManualInputError(
            f"考核方式应为{'、'.join(METHODS)}之一，实为“{meth}”" if meth else "缺少考核方式"
        )
    if not _text(reason):
        raise ManualInputError("缺少理由")
    if not _text(author):
        raise ManualInputError("缺少评分人")
    return ManualEntry(
        year=year,
        unit=u,
        indicator=code,
        indicator_name=ind.name,
        max_points=ind.points,
        mode=m,
        points=pts,
        method=meth,
        reason=_text(reason),
        author=_text(author),
    )


def add_entry(ctx: Context, entry: ManualEntry, source: str | None = None) -> tuple[int, bool]:
    """Append ``entry`` to the log; ``(id, created)`` — not created when ``source`` exists."""
    with ctx.session() as s:
        return repo.add_manual_score(
            s,
            year=entry.year,
            unit_code=entry.unit.code,
            indicator=entry.indicator,
            mode=entry.mode,
            points=entry.points,
            reason=entry.reason,
            author=entry.author,
            method=entry.method,
            source=source,
        )


def revoke_entry(ctx: Context, entry_id: int, *, reason: str, author: str) -> tuple[int, int]:
    """Append a revocation of entry ``entry_id``; returns ``(revocation id, year)``."""
    if not _text(reason):
        raise ManualInputError("撤销须说明理由")
    if not _text(author):
        raise ManualInputError("撤销须填写操作人")
    with ctx.session() as s:
        try:
            new_id = repo.add_manual_revocation(
                s, target_id=entry_id, reason=_text(reason), author=_text(author)
            )
        except LookupError:
            raise ManualInputError(f"没有编号为 {entry_id} 的人工评分记录") from None
        except ValueError as e:
            what = "撤销记录不能再被撤销" if "revocation" in str(e) else "该记录已被撤销"
            raise ManualInputError(f"编号 {entry_id}：{what}") from None
        target = s.get(ManualScore, entry_id)
        assert target is not None  # add_manual_revocation found it
        return new_id, int(target.year)


@dataclass(frozen=True)
class LogEntry:
    """One row of the manual log with its state, for display."""

    id: int
    created_at: datetime
    year: int
    unit_code: str
    unit_name: str
    indicator: str
    mode: str
    points: float
    method: str | None
    reason: str
    author: str
    source: str
    #: Chinese: 生效 / 已撤销（#n） / 已被 #n 取代 / 撤销 #n
    state: str
    in_force: bool


def log_entries(
    ctx: Context, year: int | None = None, unit: str | None = None, indicator: str | None = None
) -> list[LogEntry]:
    """The append-only log (oldest first), each entry with its state computed from the log."""
    unit_code = None
    if unit is not None:
        u = ctx.unit(unit)
        if u is None:
            raise ManualInputError(f"未知单位“{unit}”")
        unit_code = u.code
    names = {u.code: u.name for u in ctx.units}
    with ctx.session() as s:
        # states need the whole unit × indicator history, so filter after computing them
        log = repo.manual_log(s, year=year, unit_code=unit_code)
        states = repo.manual_states(log)
        out = []
        for m in log:
            if indicator is not None and m.indicator != indicator:
                continue
            st = states[m.id]
            if m.mode == "revoke":
                text = f"撤销 #{repo.revoke_target(m)}"
            elif st.revoked_by is not None:
                text = f"已撤销（#{st.revoked_by}）"
            elif st.superseded_by is not None:
                text = f"已被 #{st.superseded_by} 取代"
            else:
                text = "生效"
            out.append(
                LogEntry(
                    id=m.id,
                    created_at=m.created_at,
                    year=m.year,
                    unit_code=m.unit_code,
                    unit_name=names.get(m.unit_code, m.unit_code),
                    indicator=m.indicator,
                    mode=m.mode,
                    points=m.points,
                    method=m.method,
                    reason=m.reason,
                    author=m.author,
                    source=m.source,
                    state=text,
                    in_force=st.in_force,
                )
            )
    return out


def rescore(ctx: Context, year: int) -> list[ScoreChange]:
    """Re-score ``year`` through the score flow; the rows that changed (old → new)."""
    from flows import run_flow
    from flows.pipeline import score_flow
    from kaohe.queries import current_score_set_id

    before = current_score_set_id(ctx, year)
    result = run_flow(score_flow, year=year)
    after = int(result["score_set_id"])
    return [] if before == after else diff_score_sets(ctx, before, after)


# ------------------------------------------------------------------------------ workbook


def write_template(ctx: Context, path: Path, year: int) -> int:
    """Write the sheet the office fills in: every unit × indicator with its current points.

    Returns the number of rows. The last five columns are left empty, with drop-down lists
    for 模式 and 考核方式.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    current: dict[tuple[str, str], tuple[float | None, str, float | None]] = {}
    with ctx.session() as s:
        ss = repo.latest_score_set(s, year)
        if ss is not None:
            for r in repo.scores_of_set(s, ss.id):
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
            ws.append(
                [
                    year,
                    u.code,
                    u.name,
                    ind.code,
                    ind.name,
                    ind.points,
                    pts,
                    _STATUS_ZH.get(status, status),
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
            "导入：kaohe manual import 本文件.xlsx。同一文件重复导入不会重复记录；"
            "有误的行会按行号列出，其余行照常导入。"
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


def import_sheet(ctx: Context, path: Path, year: int | None = None) -> ImportResult:
    """Record every filled row of a template-shaped sheet.

    A row is filled when any of 模式/分值/考核方式/理由/评分人 is non-empty. Each row's source
    is ``xlsx:<sha256 of the row's normalised content>``, so importing the same sheet again —
    even after it was opened and re-saved, or copied into another file — adds nothing. A row
    with an error is reported with its row number and the other rows are still imported.
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
        name = _text(h)
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

        if all(_text(cell(h)) == "" for h in _INPUT_HEADERS):
            continue
        y_raw = cell("年度")
        y = default_year if _text(y_raw) == "" else _points(y_raw)
        try:
            if y is None or y != int(y):
                raise ManualInputError(f"年度“{_text(y_raw)}”不是有效年份")
            entry = validate_entry(
                ctx,
                year=int(y),
                unit=_text(cell("单位代码")),
                indicator=_text(cell("指标")),
                mode=_text(cell("模式")),
                points=cell("分值"),
                method=_text(cell("考核方式")),
                reason=_text(cell("理由")),
                author=_text(cell("评分人")),
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
