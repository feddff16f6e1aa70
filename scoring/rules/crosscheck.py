"""Annual report × reply letters (1.4.3/2.4.3): the check a ``reply_letters`` rule may add."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.vocabulary import (
    ANNUAL_RESULT_KEYS,
    ANNUAL_RESULT_ZH,
    DOC_TYPES,
    FINAL_OUTCOMES,
    OUTCOMES,
)
from scoring.model import DocumentFacts, EvidenceRef, UnitFacts
from scoring.rules.corrections import corrections
from scoring.rules.facts import (
    count_of,
    date_of,
    doc_name,
    element_of,
    finding_refs,
    quote_of,
    ref_to,
    value_of,
)
from scoring.rules.params import ParamError, Params, check_weights, fmt_points

__all__ = ["CrossCheck", "check_crosscheck", "crosscheck"]

#: reply-letter outcome → the annual report's 办理结果 category it is counted under
#: (国办公开办函〔2021〕30号 template); outcomes not listed are not compared
_DEFAULT_OUTCOME_MAP = {
    "disclosed": "disclosed",
    "already_public": "disclosed",
    "partially_disclosed": "partially_disclosed",
    "not_disclosed": "not_disclosed",
    "not_exist": "unable_to_provide",
    "duplicate_request": "not_processed",
}
#: the 办理结果 categories a letter can be counted under (（七）总计 is compared apart)
_RESULT_KEYS = ANNUAL_RESULT_KEYS[:-1]
#: outcomes of letters that are not a final reply (补正、延期告知): never counted
_NOT_FINAL = tuple(o for o in OUTCOMES if o not in FINAL_OUTCOMES)


def check_crosscheck(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ParamError(
            (), "annual_report 应为映射 {count_mismatch, corrected_case, deductions, …}"
        )
    p = Params(
        raw,
        (
            "doc_types",
            "count_mismatch",
            "corrected_case",
            "deductions",
            "outcome_map",
            "review_decision_types",
        ),
    )
    omap_raw = raw.get("outcome_map", _DEFAULT_OUTCOME_MAP)
    if not isinstance(omap_raw, Mapping):
        raise ParamError(("outcome_map",), "outcome_map 应为 {答复结果: 年报办理结果类别} 映射")
    omap: dict[str, str] = {}
    for k, v in omap_raw.items():
        if k not in FINAL_OUTCOMES:
            raise ParamError(
                ("outcome_map", str(k)), f"未知的答复结果 {k}（可用：{'、'.join(FINAL_OUTCOMES)}）"
            )
        if v not in _RESULT_KEYS:
            raise ParamError(
                ("outcome_map", str(k)),
                f"未知的年报办理结果类别 {v}（可用：{'、'.join(_RESULT_KEYS)}）",
            )
        omap[str(k)] = str(v)
    return {
        "doc_types": p.doc_types(["annual_report"]),
        "count_mismatch": p.number("count_mismatch", 0),
        "corrected_case": p.number("corrected_case", 0),
        "deductions": check_weights(raw.get("deductions"), "deductions"),
        "outcome_map": omap,
        "review_decision_types": _decision_types(p),
    }


def _decision_types(p: Params) -> list[str]:
    types = p.strings("review_decision_types", ["review_decision"])
    for i, t in enumerate(types):
        if t not in DOC_TYPES:
            raise ParamError(("review_decision_types", i), f"未知的文档类型 {t}")
    return types


@dataclass
class CrossCheck:
    deducted: float = 0.0
    refs: list[EvidenceRef] = field(default_factory=list)
    text: str = ""


def _row_quote(doc: DocumentFacts, element: str, label: str) -> Mapping[str, Any] | None:
    """The quote of ``element`` whose text holds ``label`` (a table row), else the first."""
    ev = element_of(doc, element).get("evidence")
    if not isinstance(ev, list):
        return None
    bare = re.sub(r"[（）()]|[一二三四五六七]", "", label)
    for e in ev:
        if isinstance(e, Mapping) and bare and bare in "".join(str(e.get("quote", "")).split()):
            return e
    return quote_of(doc, element)


def crosscheck(
    cfg: Mapping[str, Any], facts: UnitFacts, letters: Sequence[DocumentFacts]
) -> CrossCheck:
    """Annual report × reply letters, for 1.4.3/2.4.3.

    The report used is the one *for* the assessment year when the unit submitted it (the office
    assesses year Y early in Y+1), else the one for Y-1 (due by 31 Jan/31 Mar of Y, the one
    normally in the Y folder). Its 办理结果 counts are compared with the final reply letters
    *dated in the report's year*: each category of the letters that outnumbers the report's
    figure (and a letter total above （七）总计) is a mismatch — letters are a sample, so fewer
    letters than the report counts is not. Its 表三/表四 findings deduct per ``deductions``;
    every 复议/诉讼 case 纠错 (``corrected``) deducts ``corrected_case``.
    """
    out = CrossCheck()
    seen: set[str] = set()
    reports: dict[int, DocumentFacts] = {}
    for doc in sorted(facts.documents, key=lambda d: d.key):
        if doc.status != "ok" or doc.doc_type not in cfg["doc_types"] or doc.sha256 in seen:
            continue
        seen.add(doc.sha256)
        y = count_of(value_of(doc, "year"))
        if y is not None and y in (facts.year, facts.year - 1):
            reports.setdefault(y, doc)
    report = reports.get(facts.year) or reports.get(facts.year - 1)
    if report is None:
        out.refs.append(
            EvidenceRef(
                note=(
                    f"未找到{facts.year}年度或{facts.year - 1}年度的政府信息公开工作年度报告，"
                    "未能核对"
                ),
                searched={
                    "prefix": f"{facts.year}/{facts.unit_code}/",
                    "doc_types": list(cfg["doc_types"]),
                    "documents_examined": len(facts.documents),
                    "criteria": f"所属年度为{facts.year}年或{facts.year - 1}年的年度报告",
                },
            )
        )
        fixed = corrections(cfg, facts, facts.year, None)
        missing = f"未找到{facts.year}年度或{facts.year - 1}年度的政府信息公开工作年度报告，"
        if fixed.deducted:
            out.refs += fixed.refs
            out.deducted = fixed.deducted
            out.text = f"{missing}依申请公开数量核对需人工核定；{fixed.text}。"
        else:
            out.text = f"{missing}依申请公开数量核对及行政复议、行政诉讼被纠错情况需人工核定。"
        return out
    ry = int(value_of(report, "year"))
    name = doc_name(report)
    said: list[str] = []
    counts = value_of(report, "application_counts")
    results = counts.get("results") if isinstance(counts, Mapping) else None
    mine = []
    for d in letters:
        day, _ = date_of(d, "reply_date", "document_date")
        # A letter whose outcome was not read (outcome_needs_review) may be a 补正/延期 notice:
        # it is left out rather than counted against the report.
        if day is not None and day.year == ry and value_of(d, "outcome") in FINAL_OUTCOMES:
            mine.append(d)
    if not isinstance(results, Mapping):
        said.append(f"{name}未读出“收到和处理政府信息公开申请情况”表格，未能核对答复数量")
    elif not mine:
        said.append(f"未提交{ry}年度的答复书（答复日期在{ry}年内），未能与{name}核对数量")
    else:
        by_key: dict[str, list[DocumentFacts]] = {}
        for d in mine:
            key = cfg["outcome_map"].get(str(value_of(d, "outcome")))
            if key is not None:
                by_key.setdefault(key, []).append(d)
        checks = [(k, by_key[k]) for k in _RESULT_KEYS if k in by_key]
        checks.append(("total", mine))
        bad = 0
        for key, docs in checks:
            stated = count_of(results.get(key))
            if stated is None or len(docs) <= stated:
                continue
            bad += 1
            w = cfg["count_mismatch"]
            names = "、".join(doc_name(d) for d in docs)
            out.refs.append(
                ref_to(
                    report,
                    f"{name}：“{ANNUAL_RESULT_ZH[key]}”填报{stated}件，而提交的{ry}年度答复书中属于此项的有"
                    f"{len(docs)}份（{names}），年报数字少于实际答复，扣{fmt_points(w)}分",
                    element="application_counts",
                    where=_row_quote(report, "application_counts", ANNUAL_RESULT_ZH[key]),
                    points=-w,
                )
            )
            out.deducted += w
        said.append(
            f"将{name}的办理结果与{len(mine)}份{ry}年度答复书核对，"
            + (f"{bad}处不符" if bad else "未发现年报数字少于实际答复")
        )
    frefs, lost = finding_refs(report, cfg["deductions"], only=cfg["deductions"])
    out.refs += frefs
    out.deducted += lost
    if frefs:
        said.append(f"{name}表格勾稽或合计有误{len(frefs)}处，扣{fmt_points(lost)}分")
    fixed = corrections(cfg, facts, ry, report)
    out.refs += fixed.refs
    out.deducted += fixed.deducted
    said.append(fixed.text)
    out.deducted = round(out.deducted, 2)
    out.text = f"核对{ry}年度报告：{'；'.join(said)}。"
    return out
