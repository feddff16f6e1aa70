"""``parts``: an indicator scored in parts, each by another registered rule; the rest is manual."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from scoring.model import Indicator, ScoreDraft, ScoreStatus, UnitFacts
from scoring.rules.facts import make_draft
from scoring.rules.params import ParamError, Params, RuleSpec, fmt_points
from scoring.rules.registry import RULES

__all__ = ["SPEC"]


def _check_parts(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(raw, ("parts", "not_covered"))
    parts_raw = raw.get("parts")
    if not isinstance(parts_raw, list) or not parts_raw:
        raise ParamError(("parts",) if parts_raw is not None else (), "parts 应为非空列表")
    parts: list[dict[str, Any]] = []
    for i, part in enumerate(parts_raw):
        if not isinstance(part, Mapping):
            raise ParamError(("parts", i), "每个部分应为 {label, points, rule, params}")
        pp = Params(part, ("label", "points", "rule", "params"))
        try:
            plabel = pp.string("label")
            ppoints = pp.number("points", hi=points)
        except ParamError as e:
            raise ParamError(("parts", i, *e.loc), e.message) from None
        rule = str(part.get("rule"))
        if rule not in RULES or rule in ("parts", "manual"):
            usable = "、".join(sorted(r for r in RULES if r not in ("parts", "manual")))
            raise ParamError(
                ("parts", i, "rule"), f"部分规则 {part.get('rule')!r} 不可用（可用：{usable}）"
            )
        sub = part.get("params") or {}
        if not isinstance(sub, Mapping):
            raise ParamError(("parts", i, "params"), "params 应为映射")
        try:
            checked = RULES[rule].check(sub, ppoints)
        except ParamError as e:
            # the part's own points are the bound its params are checked against
            message = e.message.replace("本项分值", f"本部分（{plabel}）分值")
            raise ParamError(("parts", i, "params", *e.loc), message) from None
        parts.append({"label": plabel, "points": ppoints, "rule": rule, "params": checked})
    auto = sum(part["points"] for part in parts)
    if auto > points + 1e-9:
        raise ParamError(
            ("parts",),
            f"各部分分值合计 {fmt_points(auto)} 分，超过本项分值 {fmt_points(points)} 分",
        )
    not_covered = p.string("not_covered", "")
    if auto < points - 1e-9 and not not_covered:
        raise ParamError(
            (),
            f"各部分合计 {fmt_points(auto)} 分，少于本项分值 {fmt_points(points)} 分："
            "请用 not_covered 写明其余部分由人工核定的内容",
        )
    return {"parts": parts, "not_covered": not_covered}


def _apply_parts(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    drafts = []
    for part in p["parts"]:
        sub = replace(
            ind,
            name=part["label"],
            points=part["points"],
            rule=part["rule"],
            params=MappingProxyType(part["params"]),
            part=True,
        )
        drafts.append((part, RULES[part["rule"]].apply(sub, facts)))
    evidence = [e for _, d in drafts for e in d.evidence]
    texts = [
        f"【{part['label']}，{fmt_points(part['points'])}分】{d.explanation}"
        + ("" if d.explanation.endswith(("。", "）")) else "。")
        for part, d in drafts
    ]
    auto_max = sum(part["points"] for part in p["parts"])
    manual_max = round(ind.points - auto_max, 2)
    pending = [part["label"] for part, d in drafts if d.status != "auto" or d.points is None]
    text = "".join(texts)
    if pending:
        done = [(part, d) for part, d in drafts if d.status == "auto" and d.points is not None]
        got = "、".join(f"{part['label']}{fmt_points(d.points or 0)}分" for part, d in done)
        text = (
            f"本项待人工评分：{'、'.join(pending)}部分需人工核定"
            + (f"（可自动评分的部分：{got}）" if got else "")
            + "。"
            + text
        )
        if manual_max > 0:
            text += f"其余{fmt_points(manual_max)}分：{p['not_covered']}。"
        points: float | None = None
        status: ScoreStatus = "pending_manual"
    else:
        points = min(sum(d.points or 0.0 for _, d in drafts), ind.points)
        status = "auto"
        text += f"自动评分部分合计{fmt_points(points)}分（满分{fmt_points(auto_max)}分）"
        text += (
            f"；其余{fmt_points(manual_max)}分：{p['not_covered']}。" if manual_max > 0 else "。"
        )
    return make_draft(ind, facts, points, status, text, evidence)


# -------------------------------------------------------- annual report × reply letters


SPEC = RuleSpec(
    "parts",
    _check_parts,
    _apply_parts,
    "本项分为几部分，各部分按所列规则评分后相加，其余部分人工核定",
)
