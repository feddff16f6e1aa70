"""``website_crawl``: a unit's website scored item by item from the crawl record (网站巡检).

``check`` says what an item is: ``columns`` (a 专栏/主动公开 column: its page opens — full points,
or ``stale_share`` of them when it has no information of the assessment year), ``functions``
(an 依申请公开 function that works: the form page answers with fields, the download is a file)
or ``channels`` (微信公众号/微博/客户端 links; 政府公报 with issues of the year). Every item is
an EvidenceRef quoting the crawled page line, with its URL and fetch time; an uploaded website
snapshot that names an item the crawl did not find still earns it (and says it is the unit's
snapshot). ``broken_link`` deducts per broken link within the site. Without a crawl record the
part is scored by ``snapshot`` (another rule's params, e.g. the former ``coverage`` over snapshots)
or, when none is given, by ``absent``. A site that could not be reached is a recorded search
("网站无法访问：…") scored by ``unreachable``: the office decides in the rubric what it is worth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, UnitFacts
from scoring.rules.facts import doc_name, element_of, make_draft, ref_to, scope_word, value_of
from scoring.rules.params import ParamError, Params, RuleSpec, fmt_points
from scoring.rules.registry import RULES

__all__ = ["SPEC", "fetched_zh"]

_CHECKS = ("columns", "functions", "channels")
_SNAPSHOT_ELEMENT = {"columns": "columns_present", "functions": "application_functions_present"}


def fetched_zh(value: Any) -> str:
    """``2026-12-03T06:47:21Z`` → ``2026-12-03 06:47:21（UTC）``."""
    s = str(value or "")
    return f"{s[:10]} {s[11:19]}（UTC）" if len(s) >= 19 else s or "时间不详"


def _check(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(
        raw,
        (
            "label",
            "check",
            "items",
            "stale_share",
            "broken_link",
            "snapshot",
            "unreachable",
            "absent",
            "not_covered",
        ),
    )
    check = p.string("check")
    if check not in _CHECKS:
        raise ParamError(("check",), f"check 应为 {'、'.join(_CHECKS)} 之一，实为 {check!r}")
    items_raw = raw.get("items")
    if not isinstance(items_raw, Mapping) or not items_raw:
        raise ParamError(("items",), "items 应为 {项目名称: 分值} 映射")
    ip = Params(items_raw, [str(k) for k in items_raw])
    items = {str(k): ip.number(str(k)) for k in items_raw}
    if abs(sum(items.values()) - points) > 1e-6:
        raise ParamError(
            ("items",),
            f"各项目分值合计 {fmt_points(sum(items.values()))} 分，应等于本项（部分）分值 "
            f"{fmt_points(points)} 分",
        )
    snapshot = raw.get("snapshot")
    snap: dict[str, Any] | None = None
    if snapshot is not None:
        if not isinstance(snapshot, Mapping) or str(snapshot.get("rule")) not in RULES:
            raise ParamError(("snapshot",), "snapshot 应为 {rule, params}，rule 为已注册的规则")
        try:
            checked = RULES[str(snapshot["rule"])].check(snapshot.get("params") or {}, points)
        except ParamError as e:
            raise ParamError(("snapshot", "params", *e.loc), e.message) from None
        snap = {"rule": str(snapshot["rule"]), "params": checked}
    unreachable = raw.get("unreachable") or {"status": "pending_manual"}
    up = Params(unreachable, ("status", "points"))
    if unreachable.get("status") not in ("auto", "pending_manual"):
        raise ParamError(
            ("unreachable", "status"), "unreachable.status 应为 auto 或 pending_manual"
        )
    absent = p.absent(points) if snap is None else None
    return {
        "label": p.string("label"),
        "check": check,
        "items": items,
        "stale_share": p.number("stale_share", 0.5, hi=1),
        "broken_link": p.number("broken_link", 0),
        "snapshot": snap,
        "unreachable": {
            "status": unreachable["status"],
            "points": up.number("points", 0, hi=points)
            if unreachable["status"] == "auto"
            else None,
        },
        "absent": absent,
        "not_covered": p.string("not_covered", ""),
    }


def _crawl_doc(facts: UnitFacts) -> DocumentFacts | None:
    docs = [d for d in facts.documents if d.doc_type == "website_crawl" and d.status == "ok"]
    return max(docs, key=lambda d: d.object_version_id) if docs else None


def _where(doc: DocumentFacts, element: str, i: int = 0) -> Mapping[str, Any] | None:
    ev = element_of(doc, element).get("evidence")
    if isinstance(ev, list) and len(ev) > i and isinstance(ev[i], Mapping):
        return ev[i]
    return None


def _snapshot_hit(
    snaps: list[DocumentFacts], check: str, name: str
) -> tuple[DocumentFacts, Mapping[str, Any] | None] | None:
    element = _SNAPSHOT_ELEMENT.get(check)
    if element is None:
        return None
    for d in snaps:
        have = value_of(d, element)
        if isinstance(have, list) and name in have:
            return d, _where(d, element, have.index(name))
    return None


def _column_ref(
    doc: DocumentFacts, name: str, w: float, share: float
) -> tuple[float, EvidenceRef] | None:
    v = value_of(doc, f"column.{name}")
    if not isinstance(v, Mapping) or not v.get("opens"):
        return None
    at = f"网页 {v.get('url')}（抓取于{fetched_zh(v.get('fetched_at'))}）"
    n = v.get("items_in_year") or 0
    count = f"{'至少' if v.get('at_least') else ''}{n}条"
    latest = v.get("latest") or "无带日期的信息"
    el = f"column.{name}"
    if v.get("stale"):
        got = round(w * share, 2)
        note = f"{at}：栏目“{name}”本年度无更新（最新：{latest}），得{fmt_points(got)}分"
        where = _where(doc, el, 1) or _where(doc, el)
        return got, ref_to(doc, note, element=el, where=where, points=got)
    note = f"{at}：具备栏目“{name}”，本年度信息{count}，最新{latest}"
    return w, ref_to(
        doc, note, element=f"column.{name}", where=_where(doc, f"column.{name}"), points=w
    )


def _function_ref(doc: DocumentFacts, name: str, w: float) -> tuple[float, EvidenceRef] | str:
    v = value_of(doc, f"function.{name}")
    if not isinstance(v, Mapping):
        return "巡检未找到该功能的链接"
    if not v.get("works"):
        return f"{v.get('url')}：{v.get('reason')}"
    at = f"网页 {v.get('url')}（抓取于{fetched_zh(v.get('fetched_at'))}）"
    how = {
        "在线填报": f"，表单字段{len(v.get('fields') or [])}个",
        "申请表下载": f"，文件格式{v.get('file_format')}",
    }
    note = f"{at}：“{name}”功能可用（HTTP {v.get('status')}{how.get(name, '')}）"
    return w, ref_to(
        doc, note, element=f"function.{name}", where=_where(doc, f"function.{name}"), points=w
    )


def _channel_ref(doc: DocumentFacts, name: str, w: float) -> tuple[float, EvidenceRef] | None:
    if name == "政府公报":
        g = value_of(doc, "gazette_issues")
        if isinstance(g, Mapping) and (g.get("in_year") or 0) > 0:
            n = f"{'至少' if g.get('at_least') else ''}{g.get('in_year')}期"
            return w, ref_to(
                doc,
                f"政府公报栏目：本年度{n}",
                element="gazette_issues",
                where=_where(doc, "gazette_issues", 1),
                points=w,
            )
        return None
    have = value_of(doc, "channels_present")
    if isinstance(have, list) and name in have:
        where = _where(doc, "channels_present", have.index(name))
        return w, ref_to(
            doc, f"网站链接到{name}", element="channels_present", where=where, points=w
        )
    return None


def _apply(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    p = ind.params
    crawl = _crawl_doc(facts)
    snaps = [d for d in facts.documents if d.doc_type == "website_snapshot" and d.status == "ok"]
    if crawl is None:
        if p["snapshot"] is not None:
            sub = replace(
                ind, rule=p["snapshot"]["rule"], params=MappingProxyType(p["snapshot"]["params"])
            )
            draft = RULES[sub.rule].apply(sub, facts)
            return replace(
                draft,
                rule=ind.rule,
                explanation=draft.explanation
                + "（本单位尚无网站巡检记录，按单位上传的网站材料评分）",
            )
        searched = EvidenceRef(
            note=f"未找到网站巡检记录：{p['label']}",
            searched={
                "prefix": f"_crawl/{facts.year}/{facts.unit_code}/",
                "doc_types": [],
                "criteria": "网站巡检记录（由 kaohe crawl 写入，doc_type website_crawl）",
            },
        )
        a = p["absent"]
        return make_draft(
            ind,
            facts,
            a.get("points") if a["status"] == "auto" else None,
            a["status"],
            a["explanation"],
            [searched],
        )
    if value_of(crawl, "site_reachable") is False:
        reason = value_of(crawl, "site_unreachable_reason") or "入口页无法打开"
        entry = _where(crawl, "site_reachable") or {}
        u = p["unreachable"]
        text = f"网站无法访问：{entry.get('quote') or ''}（{reason}），{p['label']}无法核查"
        ref = EvidenceRef(
            note=f"网站无法访问：{entry.get('quote') or ''}（{reason}）",
            object_version_id=crawl.object_version_id,
            extraction_id=crawl.extraction_id,
            element="site_reachable",
            quote=entry.get("quote") if isinstance(entry.get("quote"), str) else None,
            paragraph=entry.get("paragraph") if isinstance(entry.get("paragraph"), int) else None,
            searched={
                "prefix": f"_crawl/{facts.year}/{facts.unit_code}/",
                "doc_types": [],
                "criteria": text,
                "reason": str(reason),
                "record": crawl.key,
            },
        )
        if u["status"] == "auto":
            return make_draft(
                ind,
                facts,
                u["points"],
                "auto",
                text + f"，按评分细则计{fmt_points(u['points'])}分。",
                [ref],
            )
        return make_draft(ind, facts, None, "pending_manual", text + "，请人工核查。", [ref])
    evidence: list[EvidenceRef] = []
    got_total = 0.0
    lost: list[str] = []
    for name, w in p["items"].items():
        if p["check"] == "columns":
            hit: Any = _column_ref(crawl, name, w, p["stale_share"])
            reason = "巡检未找到该栏目或栏目页无法打开"
        elif p["check"] == "functions":
            res = _function_ref(crawl, name, w)
            hit, reason = (None, res) if isinstance(res, str) else (res, "")
        else:
            hit = _channel_ref(crawl, name, w)
            reason = "巡检未找到"
        if hit is not None:
            got, ref = hit
            got_total += got
            evidence.append(ref)
            if got < w:
                lost.append(f"{name}（本年度无更新，扣{fmt_points(w - got)}分）")
            continue
        snap = _snapshot_hit(snaps, p["check"], name)
        if snap is not None:
            d, where = snap
            got_total += w
            evidence.append(
                ref_to(
                    d,
                    f"单位上传的{doc_name(d)}：具备“{name}”（网站巡检未见：{reason}）",
                    element=_SNAPSHOT_ELEMENT[p["check"]],
                    where=where,
                    points=w,
                )
            )
            continue
        lost.append(f"{name}（{reason}，扣{fmt_points(w)}分）")
        evidence.append(
            ref_to(crawl, f"网站巡检：缺少“{name}”：{reason}，扣{fmt_points(w)}分", points=-w)
        )
    deducted = 0.0
    if p["broken_link"] > 0:
        broken = value_of(crawl, "broken_links")
        for i, b in enumerate(broken if isinstance(broken, list) else []):
            if not isinstance(b, Mapping):
                continue
            deducted += p["broken_link"]
            evidence.append(
                ref_to(
                    crawl,
                    f"链接无法打开：{b.get('url')}（所在页面 {b.get('on')}，{b.get('reason')}），"
                    f"扣{fmt_points(p['broken_link'])}分",
                    element="broken_links",
                    where=_where(crawl, "broken_links", i),
                    points=-p["broken_link"],
                )
            )
    pts = max(min(got_total, ind.points) - deducted, 0.0)
    pages = value_of(crawl, "crawl.pages")
    cut = "（页面预算用尽，计数为“至少”）" if value_of(crawl, "crawl.truncated") else ""
    text = f"依据网站巡检记录（{pages}个页面{cut}）逐项核查{p['label']}{len(p['items'])}项"
    text += f"：{'；'.join(lost)}" if lost else "：全部具备"
    if deducted:
        text += f"；断链扣{fmt_points(deducted)}分"
    text += f"，得{fmt_points(pts)}分（{scope_word(ind)}满分{fmt_points(ind.points)}分）。"
    if p["not_covered"]:
        text += f"{p['not_covered']}。"
    return make_draft(ind, facts, pts, "auto", text, evidence)


SPEC = RuleSpec(
    "website_crawl",
    _check,
    _apply,
    "按网站巡检记录逐项核查栏目、功能与渠道，每项引用抓取的网页、网址与抓取时间",
)
