"""制度文件: which kind of system it is, its steps, and an assessment's indicators with weights."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from extractors.doctypes.base import (
    Result,
    RulesLike,
)
from extractors.doctypes.work_plan import forwarding_issuer
from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.text import collapse_ws, squeeze
from extractors.text.spans import Flat, flatten, locate, search, title_flats

__all__ = ["extract_system_document"]


#: (canonical step, pattern) — the 1.4.1 chain 受理、审查、处理、答复、存档
_STEPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("受理", re.compile(r"受理|登记")),
    ("审查", re.compile(r"审查|审核")),
    ("处理", re.compile(r"处理|办理")),
    ("答复", re.compile(r"答复")),
    ("存档", re.compile(r"存档|归档|立卷")),
)
_CLAUSE_END = "。；;！!？?"
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("assessment_method", re.compile(r"(?:考核|考评|评议|评估)(?:办法|制度|细则|方案|标准|规定)")),
    (
        "application_procedure",
        re.compile(r"依申请公开.{0,12}?(?:规程|流程|程序|办法|制度|规定|细则|机制)"),
    ),
    (
        "disclosure_system",
        re.compile(r"(?:政府信息公开|政务公开|信息公开).{0,12}?(?:制度|办法|规定|细则|机制|规程)"),
    ),
)
_POINTS_PAREN = re.compile(
    r"((?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．]?)"
    r"[\u4e00-\u9fa5“”、]{2,30}?)[（(](\d+(?:\.\d+)?)分[)）]"
)
_POINTS_TEXT = re.compile(
    r"((?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．])"
    r"[\u4e00-\u9fa5“”、]{2,30}?)[:：，,]?(?:权重|分值|占|计)?(\d+(?:\.\d+)?)(分|%)"
)


def extract_system_document(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``system_kind``, ``covers_steps`` (one quote per step), ``indicators`` and
    ``has_indicators_and_weights`` (always), with ``system_missing_steps`` for a 依申请公开
    procedure lacking some of 受理/审查/处理/答复/存档 and ``system_missing_weights`` for a
    考核办法 without indicators and weights."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []
    if "issuer" not in common:
        # rules published under their issuing notice ("…议事规则》已经…通过，现予印发。")
        issuer = forwarding_issuer(doc)
        if issuer is not None:
            out["issuer"] = issuer
    kind, kind_ev = _system_kind(flats)
    out["system_kind"] = Element(kind, kind_ev)

    steps: list[str] = []
    step_ev: list[Evidence] = []
    for name, pattern in _STEPS:
        ev = _clause_evidence(flats, pattern)
        if ev is not None:
            steps.append(name)
            step_ev.append(ev)
    out["covers_steps"] = Element(steps, tuple(step_ev))
    if kind == "application_procedure":
        missing = [name for name, _ in _STEPS if name not in steps]
        if missing:
            findings.append(
                Finding(
                    "system_missing_steps",
                    rules.message(
                        "system_missing_steps",
                        missing="、".join(missing),
                        searched="；".join(
                            f"{n}（{p.pattern}）" for n, p in _STEPS if n in missing
                        ),
                    ),
                    tuple(ev for ev in kind_ev),
                )
            )

    indicators, ind_ev = _indicators(doc, flats)
    if indicators:
        out["indicators"] = Element(indicators, tuple(ind_ev))
    has = len(indicators) >= 2
    out["has_indicators_and_weights"] = Element(has, tuple(ind_ev[:3]))
    if kind == "assessment_method" and not has:
        findings.append(
            Finding(
                "system_missing_weights",
                rules.message("system_missing_weights"),
                tuple(kind_ev),
            )
        )
    return out, findings


def _system_kind(flats: list[Flat]) -> tuple[str, tuple[Evidence, ...]]:
    # The title decides; the body only when the title names no kind (a bare "第一条…").
    for scope in (title_flats(flats, 4), flats):
        for kind, pattern in _KIND_PATTERNS:
            for f, m in search(scope, pattern):
                return kind, (f.evidence(m.start(), m.end()),)
    return "other", ()


def _clause_evidence(flats: list[Flat], pattern: re.Pattern[str]) -> Evidence | None:
    """The clause (up to 60 characters) around the first match of ``pattern``."""
    for f, m in search(flats, pattern):
        start = m.start()
        while start > 0 and f.flat[start - 1] not in _CLAUSE_END and m.start() - start < 30:
            start -= 1
        end = m.end()
        while end < len(f.flat) and f.flat[end] not in _CLAUSE_END and end - m.end() < 30:
            end += 1
        return f.evidence(start, end)
    return None


def _indicators(
    doc: ParsedDocument, flats: list[Flat]
) -> tuple[list[dict[str, Any]], list[Evidence]]:
    """Indicators with points/weights: from a scoring table, else from "名称（10分）" text."""
    items: list[dict[str, Any]] = []
    evidence: list[Evidence] = []
    for table in doc.tables:
        header_at, name_col, points_col = _score_columns(table.rows)
        if points_col is None or name_col is None:
            continue
        for row in table.rows[header_at + 1 :]:
            name = _cell(row, name_col)
            points = _number(_cell(row, points_col))
            if not name or points is None or "合计" in name or "总分" in name:
                continue
            ev = locate(
                flats,
                [f"{name} {_cell(row, points_col)}", name],
                page=table.page,
                min_paragraph=table.paragraph,
            )
            if ev is None:
                continue
            items.append({"name": collapse_ws(name), "points": points})
            evidence.append(ev)
    if items:
        return items, evidence
    seen: set[str] = set()
    for pattern in (_POINTS_PAREN, _POINTS_TEXT):
        for f, m in search(flats, pattern):
            name = m.group(1)
            if name in seen:
                continue
            seen.add(name)
            unit = m.group(3) if pattern is _POINTS_TEXT else "分"
            entry: dict[str, Any] = {"name": name, "points": float(m.group(2))}
            if unit == "%":
                entry = {"name": name, "weight_percent": float(m.group(2))}
            items.append(entry)
            evidence.append(f.evidence(m.start(), m.end()))
        if items:
            break
    return items, evidence


def _score_columns(
    rows: tuple[tuple[str | None, ...], ...],
) -> tuple[int, int | None, int | None]:
    for i, row in enumerate(rows[:3]):
        cells = [squeeze(c or "") for c in row]
        points = next(
            (j for j, c in enumerate(cells) if re.search(r"分值|权重|赋分|分数|标准分", c)), None
        )
        name = next(
            (j for j, c in enumerate(cells) if re.search(r"指标|项目|内容|考核事项", c)), None
        )
        if points is not None:
            if name is None or name == points:
                name = 0 if points != 0 else None
            return i, name, points
    return 0, None, None


def _cell(row: tuple[str | None, ...], col: int) -> str:
    return (row[col] or "") if col < len(row) else ""


def _number(text: str) -> float | None:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:分|%)?", squeeze(text))
    return float(m.group(1)) if m else None
