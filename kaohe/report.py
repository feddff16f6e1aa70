"""The office's reports (第七条): the assessment workbook and one 整改清单 per unit.

The workbook (:func:`write_workbook`) holds a summary per unit kind (units × indicators, total,
rank; provisional while any indicator is ``pending_manual``), one sheet per unit (each
indicator with its deductions item by item and its evidence files), an evidence sheet (every
score evidence row: document key, version, sha256, quote, recorded searches) and a cover note
(score set, run, rules hash). The 整改清单 (:func:`write_rectification`) lists each deduction and
each missing item of a unit in plain Chinese with the document and quote and what to do.
Everything is read from the current score set of the year; nothing is recomputed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaohe.errors import KaoheError
from kaohe.queries import ScoreRow, score_rows
from storage import repo

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from kaohe.ops import Context

__all__ = [
    "SUGGESTIONS",
    "EvidenceRow",
    "Problem",
    "ReportData",
    "ReportFiles",
    "collect",
    "problems_of",
    "rank_units",
    "sheet_title",
    "write_rectification",
    "write_report",
    "write_workbook",
]

KIND_ZH = {"county": "县（区）", "department": "市直部门"}
SUMMARY_TITLE = {"county": "县区汇总", "department": "部门汇总"}
STATUS_ZH = {"auto": "自动评分", "manual": "人工评分", "pending_manual": "待人工评分"}
PROVISIONAL = "暂定"

#: 整改建议 by finding code; missing materials and other deductions get a generic one
SUGGESTIONS: dict[str, str] = {
    "late_reply": "严格按《政府信息公开条例》第三十三条的期限答复（20个工作日；需延长的经批准并告知"
    "申请人，延长不超过20个工作日），建立依申请公开办理时限台账。",
    "missing_received_date": "答复书写明收到申请的日期，便于核对答复期限。",
    "missing_legal_basis": "答复书引用《政府信息公开条例》的具体条款作为答复依据。",
    "cites_repealed_provision": "依据现行《政府信息公开条例》（2019年修订）作出答复，"
    "不再引用已失效的条款。",
    "missing_remedy": "答复书告知申请人申请行政复议、提起行政诉讼的权利、期限和受理机关。",
    "remedy_one_channel": "救济途径同时告知行政复议和行政诉讼两种渠道。",
    "remedy_litigation_period_outdated": "行政诉讼起诉期限告知为6个月"
    "（《行政诉讼法》第四十六条）。",
    "remedy_wrong_reconsideration_body": "按2024年1月1日起施行的《行政复议法》"
    "第二十四条，告知向本级人民政府申请行政复议；修订答复书模板。",
    "calendar_unknown": "请考核办公室补充该年度法定节假日安排后重新核对答复期限。",
    "annual_report_balance_mismatch": "核对年度报告依申请公开情况表："
    "新收申请数与上年结转数之和应等于办理结果总计与结转下年度数之和。",
    "annual_report_total_mismatch": "核对年度报告各统计表的合计数与分项之和，更正后重新发布。",
    "annual_report_late": "按规定期限发布政府信息公开工作年度报告"
    "（部门1月31日前，本级政府3月31日前）。",
    "annual_report_missing_table": "按2021年版年度报告格式完整填报各统计表格。",
    "website_missing_column": "在政府信息公开专栏补设缺失的栏目并及时更新内容。",
    "website_missing_application_function": "完善依申请公开栏目"
    "（流程图、申请须知、进度查询、在线填报、申请表下载）。",
    "system_missing_steps": "完善依申请公开工作规程，覆盖受理、审查、处理、答复、存档各环节。",
    "system_missing_weights": "在政务公开考核办法中明确考核指标及分值权重。",
    "instruction_not_on_disclosure": "提交主要负责同志对政务公开工作的批示材料。",
    "work_plan_late": "在规定期限（当年6月30日前）印发本年度政务公开工作要点或实施方案。",
    "missing_meeting_date": "会议纪要载明会议日期。",
    "missing_meeting_chair": "会议纪要载明会议主持人。",
    "meeting_no_disclosure": "在政府常务会议或专题会议上研究政务公开工作并在纪要中写明。",
    "missing_training_date": "培训记录载明培训日期。",
    "missing_participants": "培训记录附参训人员名单（签到表）。",
    "training_no_disclosure": "举办以政务公开为内容的业务培训并留存记录。",
}
_MISSING_SUGGESTION = "按考核细则补充提交相关材料（注意材料年度和要素齐全）。"
_GENERIC_SUGGESTION = "对照考核细则该项要求逐条整改，并在下一考核年度提交整改材料。"

#: characters Excel refuses in a sheet title
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


class ReportError(KaoheError):
    """No score table to report on."""


@dataclass(frozen=True)
class EvidenceRow:
    """One score evidence row with its document version (none for a recorded search)."""

    unit: str
    indicator: str
    seq: int
    note: str
    points: float | None
    element: str | None
    finding_code: str | None
    quote: str | None
    page: int | None
    paragraph: int | None
    searched: dict[str, Any] | None
    key: str | None
    version_id: str | None
    etag: str | None
    sha256: str | None

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1] if self.key else ""

    @property
    def where(self) -> str:
        if self.page:
            return f"第{self.page}页"
        return f"第{self.paragraph}段" if self.paragraph else ""


@dataclass
class ReportData:
    """Everything the reports show, read from the current score set of ``year``."""

    year: int
    rows: list[ScoreRow]
    evidence: list[EvidenceRow]
    auto_points: dict[int, float | None]
    score_set_id: int
    run_id: str
    rules_hash: str
    extractor_version: str
    created_at: datetime
    units: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, kind)

    def unit_rows(self, code: str) -> list[ScoreRow]:
        return [r for r in self.rows if r.unit == code]

    def evidence_of(self, code: str, indicator: str | None = None) -> list[EvidenceRow]:
        return [
            e
            for e in self.evidence
            if e.unit == code and (indicator is None or e.indicator == indicator)
        ]


def collect(ctx: Context, year: int) -> ReportData:
    """Read the current score table of ``year``; raises :class:`ReportError` if there is none."""
    rows = score_rows(ctx, year)
    with ctx.session() as s:
        ss = repo.latest_score_set(s, year)
        if ss is None or not rows:
            raise ReportError(f"{year} 年度尚无评分结果，请先运行 kaohe run。")
        auto = {sc.id: sc.auto_points for sc in repo.scores_of_set(s, ss.id)}
        evidence = [
            EvidenceRow(
                unit=sc.unit_code,
                indicator=sc.indicator,
                seq=ev.seq,
                note=ev.note,
                points=ev.points,
                element=ev.element,
                finding_code=ev.finding_code,
                quote=ev.quote,
                page=ev.page,
                paragraph=ev.paragraph,
                searched=ev.searched,
                key=ov.key if ov else None,
                version_id=(ov.version_id or None) if ov else None,
                etag=ov.etag if ov else None,
                sha256=ov.sha256 if ov else None,
            )
            for sc, ev, ov in repo.score_set_evidence(s, ss.id)
        ]
        meta = (ss.id, ss.run_id, ss.rules_hash, ss.extractor_version, ss.created_at)
    present = {r.unit for r in rows}
    units: list[tuple[str, str, str]] = [
        (u.code, u.name, u.kind) for u in ctx.units if u.code in present
    ]
    order = {code: i for i, (code, _, _) in enumerate(units)}
    evidence.sort(key=lambda e: order.get(e.unit, len(order)))
    return ReportData(year, rows, evidence, auto, *meta, units=units)


# ------------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class UnitTotal:
    code: str
    name: str
    total: float
    rank: int
    pending: tuple[str, ...]  # indicator codes still pending_manual

    @property
    def provisional(self) -> bool:
        return bool(self.pending)


def rank_units(data: ReportData, kind: str) -> list[UnitTotal]:
    """Units of ``kind`` by total, best first; equal totals share a rank (1, 2, 2, 4)."""
    totals = []
    for code, name, k in data.units:
        if k != kind:
            continue
        rows = data.unit_rows(code)
        total = round(sum(r.points or 0.0 for r in rows), 2)
        pending = tuple(r.indicator for r in rows if r.status == "pending_manual")
        totals.append((code, name, total, pending))
    totals.sort(key=lambda t: -t[2])  # stable: units-file order among equals
    out: list[UnitTotal] = []
    for i, (code, name, total, pending) in enumerate(totals):
        rank = out[-1].rank if out and out[-1].total == total else i + 1
        out.append(UnitTotal(code, name, total, rank, pending))
    return out


# ------------------------------------------------------------------------------ workbook


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively) sheet title of at most 31 characters."""
    base = _SHEET_BAD.sub("", name).strip("'") or "单位"
    title, n = base[:31], 1
    while title.lower() in taken:
        n += 1
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def _fmt(p: float | None) -> str:
    return "待人工评分" if p is None else f"{round(p, 2):g}"


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
    ncols = 3 + len(inds) + 3
    _title(ws, f"{data.year}年度政务公开考核汇总表（{KIND_ZH[kind]}）", ncols)
    _header(
        ws,
        [
            "排名",
            "单位代码",
            "单位名称",
            *[f"{c}\n{n}" for c, n, _ in inds],
            "合计",
            "暂定",
            "说明",
        ],
    )
    ws.row_dimensions[2].height = 75
    full = round(sum(m for _, _, m in inds), 2)
    _header(ws, ["", "", "满分", *[m for _, _, m in inds], full, "", ""])
    cell = {(r.unit, r.indicator): r for r in data.rows}
    for t in totals:
        values: list[Any] = [t.rank, t.code, t.name]
        for code, _, _ in inds:
            r = cell.get((t.code, code))
            values.append(None if r is None else ("待评" if r.points is None else r.points))
        note = (
            f"合计与排名暂定：{len(t.pending)}项待人工评分（{'、'.join(t.pending)}）"
            if t.provisional
            else ""
        )
        values += [t.total, PROVISIONAL if t.provisional else "", note]
        ws.append(values)
        row = ws.max_row
        for c in ws[row]:
            c.border, c.alignment = st["border"], st["center"]
        ws.cell(row, ncols).alignment = st["wrap"]
        for j, (code, _, _) in enumerate(inds, 4):
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
        f"县（区）与市直部门分别排名；同分并列。评分表编号 {data.score_set_id}，"
        f"规则哈希 {data.rules_hash[:12]}。",
    ):
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=ncols)
    _widths(ws, [9, 11, 24, *[9] * len(inds), 11, 7, 30])
    ws.freeze_panes = "D4"
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
    _title(ws, f"{name}（{code}）{data.year}年度政务公开考核得分明细", len(head))
    mark = f"（{PROVISIONAL}：{len(total.pending)}项待人工评分）" if total.provisional else ""
    ws.append(
        [
            f"合计 {_fmt(total.total)} 分{mark}；{KIND_ZH[kind]}排名 {total.rank}/{n_units}"
            f"{'（' + PROVISIONAL + '）' if total.provisional else ''}；"
            f"评分表编号 {data.score_set_id}，规则哈希 {data.rules_hash[:12]}"
        ]
    )
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
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws, "1:1")


def _cover_sheet(ws: Worksheet, data: ReportData) -> None:
    st = _styles()
    _title(ws, f"{data.year}年度政务公开考核结果说明", 2)
    lines = [
        ("考核年度", data.year),
        ("评分表编号", data.score_set_id),
        ("评分运行", data.run_id),
        ("评分规则哈希", data.rules_hash),
        ("抽取程序版本", data.extractor_version),
        ("评分时间（UTC）", data.created_at.strftime("%Y-%m-%d %H:%M:%S")),
        ("报告生成时间（UTC）", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")),
        ("被考核单位", f"{len(data.units)} 个"),
        (
            "状态说明",
            "自动评分：由提交材料按评分细则自动判定；人工评分：按第六条由考核人员评分或调整，"
            "自动评分结果保留在“自动评分”列；待人工评分：尚无自动规则或缺少可判定的材料。",
        ),
        (
            "追溯",
            "每一处扣分均列于“证据”表（文档键、版本号、sha256、原文摘录），"
            "可用 kaohe explain --unit 单位 --indicator 指标 查看详细依据。",
        ),
    ]
    for k, v in lines:
        ws.append([k, v])
        ws.cell(ws.max_row, 1).font = st["bold"]
        ws.cell(ws.max_row, 2).alignment = st["wrap"]
    _widths(ws, [22, 100])
    _print_setup(ws, "1:1")


# ------------------------------------------------------------------------ 整改清单


@dataclass(frozen=True)
class Problem:
    """One line of a unit's 整改清单."""

    indicator: str
    indicator_name: str
    problem: str
    document: str
    quote: str
    suggestion: str
    points: float | None


def problems_of(data: ReportData, code: str) -> list[Problem]:
    """Each deduction and each missing item of unit ``code``, in indicator order.

    Deductions are evidence rows with negative points; missing items are recorded searches
    (their note says what was not found and where it was looked for).
    """
    names = {r.indicator: r.indicator_name for r in data.unit_rows(code)}
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for e in data.evidence_of(code):
        deduction = e.points is not None and e.points < 0
        if not deduction and not e.searched:
            continue
        if (e.indicator, e.note) in seen:
            continue
        seen.add((e.indicator, e.note))
        if e.key:
            doc = f"{e.file_name}（{e.where}）" if e.where else e.file_name
        else:
            doc = _absence(e.searched)
        problem = e.note + (f"（扣{-e.points:g}分）" if deduction and e.points else "")
        suggestion = SUGGESTIONS.get(e.finding_code or "") or (
            _MISSING_SUGGESTION if e.searched else _GENERIC_SUGGESTION
        )
        out.append(
            Problem(
                e.indicator,
                names.get(e.indicator, ""),
                problem,
                doc,
                e.quote or "",
                suggestion,
                e.points,
            )
        )
    unreadable = dict.fromkeys(
        str(k) for e in data.evidence_of(code) for k in (e.searched or {}).get("unreadable") or ()
    )
    for key in unreadable:
        out.append(
            Problem(
                "",
                "",
                "提交的文件无法读取（损坏、空文件、扫描件无文字层或旧版格式），未能用于评分",
                key.rsplit("/", 1)[-1],
                "",
                "重新提交可读的 .docx 或带文字层的 PDF 版本。",
                None,
            )
        )
    return out


def _absence(searched: dict[str, Any] | None) -> str:
    """Where a missing item was looked for, in one short phrase."""
    if not searched:
        return ""
    where = searched.get("prefix") or "提交材料"
    n = searched.get("documents_examined")
    return f"未找到（已检索 {where} 下{n}份文件）" if n is not None else f"未找到（已检索 {where}）"


def write_rectification(data: ReportData, code: str, path: Path) -> Path:
    """Write the 整改清单 of unit ``code`` as a .docx (landscape A4)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    name = next(n for c, n, _ in data.units if c == code)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.8))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{name}{data.year}年度政务公开考核整改清单")
    run.bold, run.font.size = True, Pt(16)
    rows = data.unit_rows(code)
    total = round(sum(r.points or 0 for r in rows), 2)
    pending = [r.indicator for r in rows if r.status == "pending_manual"]
    summary = f"考核得分：{_fmt(total)} 分" + (
        f"（暂定，{len(pending)}项待人工评分：{'、'.join(pending)}）" if pending else ""
    )
    doc.add_paragraph(
        f"{summary}。以下为考核中发现的扣分问题和未找到的材料，请逐项整改，"
        "整改情况纳入下一年度考核。"
    )
    problems = problems_of(data, code)
    if not problems:
        doc.add_paragraph("本年度考核未发现需要整改的问题。")
    else:
        heads = ("序号", "指标", "问题", "所在文件", "原文摘录", "整改建议")
        table = doc.add_table(rows=1, cols=len(heads))
        table.style = "Table Grid"
        for cell, h in zip(table.rows[0].cells, heads, strict=True):
            cell.text = h
            for p in cell.paragraphs:
                for r in p.runs:
                    r.bold = True
        for i, p in enumerate(problems, 1):
            cells = table.add_row().cells
            values = (
                str(i),
                f"{p.indicator} {p.indicator_name}" if p.indicator else "材料提交",
                p.problem,
                p.document,
                p.quote,
                p.suggestion,
            )
            for cell, v in zip(cells, values, strict=True):
                cell.text = v
        for col, w in zip(table.columns, (1.2, 3.5, 7.0, 4.5, 5.5, 5.5), strict=True):
            for cell in col.cells:
                cell.width = Cm(w)
        # the header row repeats on every page
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        from docx.oxml import OxmlElement

        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
    foot = doc.add_paragraph(
        f"依据：评分表编号 {data.score_set_id}，规则哈希 {data.rules_hash[:12]}；"
        f"生成时间 {datetime.now(UTC).astimezone().strftime('%Y-%m-%d')}。"
    )
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


@dataclass
class ReportFiles:
    workbook: Path
    rectification: list[Path] = field(default_factory=list)


def write_report(ctx: Context, year: int, out_dir: Path) -> ReportFiles:
    """The workbook ``DIR/{year}年度政务公开考核结果.xlsx`` and ``DIR/整改清单/*.docx``."""
    data = collect(ctx, year)
    files = ReportFiles(write_workbook(data, out_dir / f"{year}年度政务公开考核结果.xlsx"))
    used: set[str] = set()
    for code, name, _ in data.units:
        stem = _SHEET_BAD.sub("", name)
        if stem in used:
            stem = f"{stem}-{code}"
        used.add(stem)
        files.rectification.append(
            write_rectification(data, code, out_dir / "整改清单" / f"{stem}{year}年度整改清单.docx")
        )
    return files
