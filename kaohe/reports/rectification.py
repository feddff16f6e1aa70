"""The 整改清单 of a unit: each deduction and each missing item, with what to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from extractors.vocabulary import DOC_TYPE_ZH
from kaohe.reports.data import ReportData
from kaohe.reports.labels import points_zh
from kaohe.views.timefmt import BEIJING

__all__ = ["SUBMIT", "SUGGESTIONS", "Problem", "problems_of", "write_rectification"]


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


#: what to submit when an indicator's material of a doc type was not found
SUBMIT: dict[str, str] = {
    "meeting_minutes": "会议纪要（政府常务会议、党组会议或专题会议纪要，写明会议日期和研究政务公开"
    "工作的议题或决定）",
    "training_record": "培训材料（培训通知、签到表或培训总结，写明培训日期、参训人数和政务公开培训"
    "内容）",
    "work_plan": "本年度政务公开工作要点（印发的文件）",
    "implementation_plan": "落实政务公开工作要点的实施方案或任务分工方案（印发的文件）",
    "annual_report": "政府信息公开工作年度报告（按2021年版格式，含各统计表）",
    "leader_instruction": "主要负责同志对政务公开工作的批示件",
    "policy_interpretation": "政策解读材料（解读文件或网页截图，写明发布日期和解读形式）",
    "system_document": "相关制度文件（印发的制度、办法或工作规程）",
    "press_conference": "新闻发布会材料（通知、发布稿或新闻报道，写明召开日期和主题）",
    "website_snapshot": "政府网站相关栏目的页面截图或保存的网页（显示栏目名称和更新日期）",
    "reply_letter": "依申请公开答复书（含告知书）",
}

_GENERIC_SUGGESTION = "对照考核细则该项要求逐条整改，并在下一考核年度提交整改材料。"
_UNREADABLE_SUGGESTION = "重新提交可读的 .docx 文件或带文字层的 PDF 版本（扫描件请同时附文字版）。"


@dataclass(frozen=True)
class Problem:
    """One line of a unit's 整改清单; ``indicators`` are those the same problem costs."""

    indicators: tuple[tuple[str, str], ...]  # (code, name)
    problem: str
    document: str
    quote: str
    suggestion: str
    points: float | None


def problems_of(data: ReportData, code: str) -> list[Problem]:
    """Each deduction and each missing item of unit ``code``, in indicator order.

    Deductions are evidence rows with negative points; missing items are recorded searches.
    The same problem under several indicators (one missing website snapshot costs 1.2.2, 1.3.2
    and 1.4.2) is one row naming them all.
    """
    names = {r.indicator: r.indicator_name for r in data.unit_rows(code)}
    merged: dict[tuple[str, str, str, str], list[str]] = {}
    points: dict[tuple[str, str, str, str], float | None] = {}
    for e in data.evidence_of(code):
        deduction = e.points is not None and e.points < 0
        if not deduction and not e.searched:
            continue
        if e.key:
            doc = f"{e.file_name}（{e.where}）" if e.where else e.file_name
            problem = _sentence(e.note) + (
                f"（扣{-e.points:g}分）" if deduction and e.points else ""
            )
            suggestion = SUGGESTIONS.get(e.finding_code or "", _GENERIC_SUGGESTION)
        else:
            doc = _absence(e.searched)
            problem, suggestion = _missing(e.note, e.searched or {})
        key = (problem, doc, e.quote or "", suggestion)
        if e.indicator not in merged.setdefault(key, []):
            merged[key].append(e.indicator)
        if deduction:
            points[key] = (points.get(key) or 0.0) + (e.points or 0.0)
        else:
            points.setdefault(key, None)
    out = [
        Problem(tuple((i, names.get(i, "")) for i in inds), *key, points[key])
        for key, inds in merged.items()
    ]
    unreadable = dict.fromkeys(
        str(k) for e in data.evidence_of(code) for k in (e.searched or {}).get("unreadable") or ()
    )
    for stored in unreadable:
        name = stored.rsplit("/", 1)[-1]
        out.append(
            Problem(
                (),
                f"提交的文件“{name}”无法读取（损坏、空文件、无文字层的扫描件或旧版格式），"
                "未能用于评分。",
                name,
                "",
                _UNREADABLE_SUGGESTION,
                None,
            )
        )
    return out


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "）")) else text + "。"


def _missing(note: str, searched: dict[str, Any]) -> tuple[str, str]:
    """(问题, 整改要求) for a recorded search that found nothing, in plain sentences."""
    types = [str(t) for t in searched.get("doc_types") or ()]
    label = "、".join(DOC_TYPE_ZH.get(t, t) for t in types) or "相关材料"
    criteria = str(searched.get("criteria") or "")
    if note.startswith("未找到符合条件的"):
        problem = f"未提交符合要求的{label}。"
    else:
        problem = _sentence(note)
    what = "；或".join(SUBMIT[t] for t in types if t in SUBMIT) or label
    suggestion = f"请补充提交{what}" + (f"，须满足：{criteria}" if criteria else "") + "。"
    return problem, suggestion


def _absence(searched: dict[str, Any] | None) -> str:
    """Where a missing item was looked for, in one short phrase."""
    if not searched:
        return ""
    n = searched.get("documents_examined")
    return f"未找到（已检索本单位提交的{n}份材料）" if n is not None else "未找到"


def write_rectification(
    data: ReportData,
    code: str,
    path: Path,
    *,
    issuer: str,
    deadline: date | None = None,
) -> Path:
    """Write the 整改清单 of unit ``code`` as a .docx (landscape A4), issued by ``issuer``.

    ``deadline`` is the office's 整改时限 (``report.rectification_deadline``); without one the
    column says the office will set it.
    """
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
    summary = f"考核得分：{points_zh(total)} 分" + (
        f"（暂定，{len(pending)}项待人工评分：{'、'.join(pending)}）" if pending else ""
    )
    when = f"{deadline.year}年{deadline.month}月{deadline.day}日前" if deadline else ""
    doc.add_paragraph(
        f"{summary}。以下为考核中发现的扣分问题和未找到的材料，请逐项整改"
        + (f"，并于{when}将整改情况报送{issuer}" if when else "")
        + f"；整改情况纳入下一年度考核。本清单依据第{data.score_set_id}号评分表生成。"
    )
    problems = problems_of(data, code)
    if not problems:
        doc.add_paragraph("本年度考核未发现需要整改的问题。")
    else:
        heads = ("序号", "指标", "问题", "所在文件", "原文摘录", "整改要求", "责任单位", "整改时限")
        table = doc.add_table(rows=1, cols=len(heads))
        table.style = "Table Grid"
        table.autofit = False
        for cell, h in zip(table.rows[0].cells, heads, strict=True):
            cell.text = h
            for p in cell.paragraphs:
                for r in p.runs:
                    r.bold = True
        for i, p in enumerate(problems, 1):
            cells = table.add_row().cells
            values = (
                str(i),
                "\n".join(f"{c} {n}" for c, n in p.indicators) or "材料提交",
                p.problem,
                p.document,
                p.quote,
                p.suggestion,
                name,
                when or "由考核办另行通知",
            )
            for cell, v in zip(cells, values, strict=True):
                cell.text = v
        for col, w in zip(table.columns, (1.2, 3.0, 4.6, 3.0, 3.8, 6.4, 2.1, 2.0), strict=True):
            col.width = Cm(w)  # the grid: what LibreOffice and WPS lay out by
            for cell in col.cells:
                cell.width = Cm(w)  # the cells: what Word lays out by
        # the header row repeats on every page
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        from docx.oxml import OxmlElement

        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
    today = datetime.now(BEIJING).date()
    doc.add_paragraph()
    for line in (issuer, f"{today.year}年{today.month}月{today.day}日"):
        block = doc.add_paragraph(line)
        block.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        block.paragraph_format.keep_with_next = True
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
