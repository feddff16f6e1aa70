"""Website crawl record (网站巡检记录, doc type ``website_crawl``): per-unit facts of one crawl.

Pure: reads the crawl record text the crawl phase writes (format: :mod:`crawler.record`, one
tab-separated fact per line) and returns elements whose evidence quotes the record's lines —
each a page's text, link or form as fetched, with the page's URL and fetch time in the value.

Elements: ``site_reachable``; ``crawl.pages``/``crawl.truncated``; ``columns_present`` /
``columns_missing`` (the 专栏 and 主动公开 columns, names as the rubric's, variants in
``website_crawl.columns``; a column counts when a link names it and its page opens);
``column.{name}`` (url, fetched_at, items of the year — "at least" when the budget cut the
list —, the latest date, stale); ``application_functions_present``/``_missing`` (the
依申请公开 functions that *work*: the form page answers 200 with fields, the download is a
file); ``function.{name}``; ``channels_present``/``_missing`` (微信公众号/微博/客户端 links);
``gazette_issues``; ``broken_links``; ``external_links``; ``robots_forbidden``;
``js_only_pages``. Findings name what is missing, stale, broken or could not be searched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from extractors.doctypes.base import RulesLike
from extractors.doctypes.website import DEFAULT_APPLICATION_FUNCTIONS, DEFAULT_COLUMNS
from extractors.model import Block, Element, Evidence, Finding, ParsedDocument

__all__ = ["CHANNELS", "CRAWL_COLUMNS", "STATIC_COLUMNS", "extract_website_crawl", "read_record"]

#: 主动公开 columns beyond the 专栏's (1.3.1/1.3.2/2.3.x) → title patterns
CRAWL_COLUMNS: dict[str, list[str]] = {
    **DEFAULT_COLUMNS,
    "领导信息": [r"(?:政府|单位|局)?领导(?:信息|简介|分工|之窗)?$", r"领导信息", r"领导分工"],
    "机构职能": [r"机构(?:职能|设置|概况)", r"(?:部门|单位)职能", r"内设机构"],
    "人事信息": [r"人事(?:信息|任免)", r"干部任免", r"人事任免"],
    "规划计划": [r"规划计划", r"(?:发展)?规划(?:信息)?$", r"计划总结"],
    "政策文件": [r"政策文件", r"政府文件", r"规范性文件", r"文件公开"],
    "政策解读": [r"政策解读", r"解读"],
    "政府会议": [r"政府会议", r"常务会议"],
    "政府工作报告": [r"政府工作报告", r"工作报告"],
    "应急管理": [r"应急管理", r"突发事件"],
    "回应关切": [r"回应关切", r"舆情回应", r"政务舆情"],
    "审计信息": [r"审计"],
    "统计信息": [r"统计(?:信息|数据|公报)"],
    "建议提案办理": [r"建议提案", r"提案办理", r"议案提案"],
    "政府公报": [r"政府公报", r"公报"],
}
#: columns whose content need not change every year: never "stale"
STATIC_COLUMNS = ("制度", "目录", "指南", "依申请公开", "机构职能", "领导信息", "社会监督评议")
#: 两微一端 → link text or address patterns
CHANNELS: dict[str, list[str]] = {
    "微信公众号": [r"微信", r"weixin\.qq\.com", r"mp\.weixin"],
    "微博": [r"微博", r"weibo\.com"],
    "客户端": [r"客户端", r"(?<![a-z])APP(?![a-z])", r"移动端"],
}
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_SHORT = 30
_FILE_FORMATS = ("docx", "doc", "pdf", "xlsx")
_PAGINATION = re.compile(r"^(?:下一页|下页|后页|尾页|末页|\d{1,3})$")

Result = tuple[dict[str, Element], list[Finding]]


@dataclass
class Page:
    """One 页面 line of the record and the lines that follow it."""

    block: Block
    url: str
    status: int
    fetched_at: str
    content_type: str
    depth: int
    parent: str | None
    pagination: bool
    archive: str | None
    note: str | None
    title: str = ""
    texts: list[Block] = field(default_factory=list)
    links: list[tuple[str, str, Block]] = field(default_factory=list)
    forms: list[tuple[str, str, tuple[str, ...], Block]] = field(default_factory=list)
    file_format: str | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400 and not self.note_is_error

    @property
    def note_is_error(self) -> bool:
        return self.status == 0

    def where(self) -> dict[str, Any]:
        return {"url": self.url, "fetched_at": self.fetched_at, "status": self.status}


@dataclass
class Record:
    unit: str = ""
    entry: str = ""
    year: int | None = None
    truncated: bool = False
    max_pages: int = 0
    pages: list[Page] = field(default_factory=list)

    def page(self, url: str) -> Page | None:
        return next((p for p in self.pages if p.url == url), None)


def _dash(s: str) -> str | None:
    return None if s in ("-", "") else s


def read_record(doc: ParsedDocument) -> Record:
    """The record's pages and facts; lines that do not fit are skipped."""
    rec = Record()
    current: Page | None = None
    for b in doc.blocks:
        cells = b.text.split("\t")
        kind = cells[0].strip()
        if kind == "单位" and len(cells) >= 2:
            rec.unit = cells[1]
        elif kind == "入口" and len(cells) >= 2:
            rec.entry = cells[1]
        elif kind == "年度" and len(cells) >= 2 and cells[1].isdigit():
            rec.year = int(cells[1])
        elif kind == "预算" and len(cells) >= 4:
            rec.max_pages = int(cells[2]) if cells[2].isdigit() else 0
            rec.truncated = cells[3] == "未抓完"
        elif kind == "页面" and len(cells) >= 10:
            current = Page(
                block=b,
                url=cells[1],
                status=int(cells[2]) if cells[2].isdigit() else 0,
                fetched_at=cells[3],
                content_type=cells[4],
                depth=int(cells[5]) if cells[5].isdigit() else 0,
                parent=_dash(cells[6]),
                pagination=cells[7] == "分页",
                archive=_dash(cells[8]),
                note=_dash(cells[9]),
            )
            rec.pages.append(current)
        elif current is None:
            continue
        elif kind == "标题" and len(cells) >= 2:
            current.title = cells[1]
        elif kind == "文本" and len(cells) >= 2:
            current.texts.append(b)
        elif kind == "链接" and len(cells) >= 3:
            current.links.append((cells[1], cells[2], b))
        elif kind == "表单" and len(cells) >= 4:
            fields = tuple(f for f in cells[3].split(",") if f and f != "-")
            current.forms.append((cells[1], cells[2], fields, b))
        elif kind == "文件" and len(cells) >= 2:
            current.file_format = cells[1]
    return rec


def _quote(b: Block, text: str) -> Evidence:
    return Evidence(quote=" ".join(text.split()) or b.text, page=None, paragraph=b.paragraph)


def _line_text(b: Block) -> str:
    return b.text.split("\t", 1)[1] if "\t" in b.text else b.text


def _patterns(
    configured: Any, defaults: Mapping[str, list[str]]
) -> dict[str, list[re.Pattern[str]]]:
    source = configured if isinstance(configured, Mapping) and configured else defaults
    return {
        str(k): [re.compile(str(p)) for p in ([v] if isinstance(v, str) else v)]
        for k, v in source.items()
    }


def _find_link(
    rec: Record, patterns: list[re.Pattern[str]], pages: list[Page]
) -> tuple[Page, str, str, Block] | None:
    """The first (shallowest page, then pattern order) short link text matching."""
    for pattern in patterns:
        for p in pages:
            for text, url, b in p.links:
                if text != "-" and len(text) <= _SHORT and pattern.search(text.replace(" ", "")):
                    return p, text, url, b
    return None


def _dates(b: Block) -> list[dt.date]:
    out = []
    for m in _DATE.finditer(_line_text(b)):
        try:
            out.append(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            continue
    return out


def _chain(rec: Record, first: Page) -> list[Page]:
    """A list page and the pagination pages reached from it."""
    out, todo = [first], [first.url]
    while todo:
        parent = todo.pop()
        for p in rec.pages:
            if p.pagination and p.parent == parent and p not in out:
                out.append(p)
                todo.append(p.url)
    return out


def _column(
    rec: Record, name: str, page: Page, text: str, url: str, b: Block, static: set[str]
) -> tuple[Element, bool, bool]:
    """``column.{name}``, whether the column page opens, and whether it is stale."""
    target = rec.page(url)
    ev = [_quote(b, text)]
    value: dict[str, Any] = {"name": name, "link_text": text, "url": url, "found_on": page.url}
    if target is None:
        value.update(opens=None, reason="预算内未抓取该栏目页")
        return Element(value, tuple(ev)), False, False
    value.update(target.where())
    if not target.ok:
        value.update(opens=False, reason=target.note or f"HTTP {target.status}")
        return Element(value, tuple(ev)), False, False
    items: list[tuple[dt.date, Block]] = []
    unfetched_more = False
    known = {p.url for p in rec.pages}
    for p in _chain(rec, target):
        # the day of the visit is the page header's "今天是…", never an item's date
        ds_visit = p.fetched_at[:10]
        for tb in p.texts:
            ds = [d for d in _dates(tb) if d.isoformat() != ds_visit]
            if ds and len(_line_text(tb)) > 10:
                items.append((max(ds), tb))
        for ltext, lurl, _lb in p.links:
            if _PAGINATION.match(ltext) and lurl not in known:
                unfetched_more = True
    year = rec.year
    in_year = [(d, tb) for d, tb in items if year is None or d.year == year]
    latest = max(items, key=lambda t: t[0]) if items else None
    # a column that should carry the year's information is stale when it has none of the year
    stale = name not in static and not in_year
    value.update(
        opens=True,
        items_in_year=len(in_year),
        items_total=len(items),
        at_least=unfetched_more,
        latest=latest[0].isoformat() if latest else None,
        stale=stale,
        pages=len(_chain(rec, target)),
    )
    if latest is not None:
        ev.append(_quote(latest[1], _line_text(latest[1])))
    return Element(value, tuple(ev)), True, stale


def _function(rec: Record, name: str, url: str) -> tuple[bool, dict[str, Any]]:
    target = rec.page(url)
    if target is None:
        return False, {"url": url, "works": False, "reason": "未抓取（超出预算或被禁止）"}
    info: dict[str, Any] = {**target.where(), "works": False}
    if not target.ok:
        info["reason"] = target.note or f"无法打开（HTTP {target.status}）"
        return False, info
    if name == "在线填报":
        forms = [f for f in target.forms if len(f[2]) >= 2]
        if not forms:
            info["reason"] = "页面可打开，但没有可填写的申请表单"
            return False, info
        info.update(works=True, fields=list(forms[0][2]))
        return True, info
    if name == "申请表下载":
        if target.file_format not in _FILE_FORMATS:
            info["reason"] = "下载链接打开的是网页，不是申请表文件"
            return False, info
        info.update(works=True, file_format=target.file_format)
        return True, info
    info["works"] = True
    return True, info


def extract_website_crawl(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """See the module docstring."""
    rec = read_record(doc)
    section = rules.section("website_crawl")
    static = set(section.get("static_columns") or STATIC_COLUMNS)
    out: dict[str, Element] = {}
    findings: list[Finding] = []
    entry = rec.page(rec.entry) or (rec.pages[0] if rec.pages else None)
    reachable = entry is not None and entry.ok
    entry_ev = (_quote(entry.block, entry.url),) if entry is not None else ()
    out["site_reachable"] = Element(reachable, entry_ev)
    out["crawl.pages"] = Element(len(rec.pages))
    out["crawl.truncated"] = Element(rec.truncated)
    if not reachable:
        reason = entry.note if entry is not None and entry.note else "入口页无法打开"
        if entry is not None and entry.status and not entry.note:
            reason = f"入口页返回 HTTP {entry.status}"
        out["site_unreachable_reason"] = Element(reason, entry_ev)
        findings.append(
            Finding(
                "website_unreachable",
                rules.message("website_unreachable", url=rec.entry, reason=reason),
                entry_ev,
            )
        )
        return out, findings
    shallow = [p for p in rec.pages if p.depth <= 2 and p.ok]
    columns = _patterns(section.get("columns"), CRAWL_COLUMNS)
    present: list[str] = []
    pev: list[Evidence] = []
    stale: list[str] = []
    broken_columns: list[str] = []
    for name, patterns in columns.items():
        hit = _find_link(rec, patterns, shallow)
        if hit is None:
            continue
        el, opens, is_stale = _column(rec, name, *hit, static)
        out[f"column.{name}"] = el
        if opens:
            present.append(name)
            pev.append(el.evidence[0])
            if is_stale:
                stale.append(name)
        else:
            broken_columns.append(name)
    out["columns_present"] = Element(present, tuple(pev))
    missing = [n for n in columns if n not in present]
    out["columns_missing"] = Element(missing)
    if missing:
        findings.append(
            Finding(
                "website_missing_column",
                rules.message(
                    "website_missing_column",
                    missing="、".join(missing),
                    searched=f"巡检抓取的{len(rec.pages)}个页面的栏目链接",
                    blocks=len(doc.blocks),
                ),
            )
        )
    for name in stale:
        el = out[f"column.{name}"]
        v = el.value
        findings.append(
            Finding(
                "website_stale_column",
                rules.message(
                    "website_stale_column",
                    column=name,
                    latest=v.get("latest") or "无（页面上没有带日期的信息）",
                    year=rec.year,
                    url=v.get("url"),
                ),
                el.evidence,
            )
        )
    # 依申请公开 functions: searched on the 依申请公开 column's pages first, then anywhere shallow
    apply_page = out.get("column.依申请公开")
    scope = shallow
    if apply_page is not None and (ap := rec.page(str(apply_page.value.get("url")))) is not None:
        scope = [ap, *[p for p in shallow if p is not ap]]
    fpresent: list[str] = []
    fev: list[Evidence] = []
    for name, patterns in _patterns(
        section.get("application_functions"), DEFAULT_APPLICATION_FUNCTIONS
    ).items():
        hit = _find_link(rec, patterns, scope)
        if hit is None:
            continue
        _p, text, url, b = hit
        works, info = _function(rec, name, url)
        info["link_text"] = text
        out[f"function.{name}"] = Element(info, (_quote(b, text),))
        if works:
            fpresent.append(name)
            fev.append(_quote(b, text))
    out["application_functions_present"] = Element(fpresent, tuple(fev))
    fmissing = [n for n in DEFAULT_APPLICATION_FUNCTIONS if n not in fpresent]
    out["application_functions_missing"] = Element(fmissing)
    if fmissing:
        reasons = "；".join(
            f"{n}（{out[f'function.{n}'].value.get('reason')}）"
            if f"function.{n}" in out
            else f"{n}（未找到链接）"
            for n in fmissing
        )
        findings.append(
            Finding(
                "website_missing_application_function",
                rules.message(
                    "website_missing_application_function",
                    missing="、".join(fmissing),
                    searched=reasons,
                    blocks=len(doc.blocks),
                ),
            )
        )
    # 两微一端
    cpresent: list[str] = []
    cev: list[Evidence] = []
    for name, patterns in _patterns(None, CHANNELS).items():
        found = None
        for p in shallow:
            for text, url, b in p.links:
                if any(pt.search(text) or pt.search(url) for pt in patterns):
                    found = _quote(b, text if text != "-" else url)
                    break
            if found:
                break
        if found is not None:
            cpresent.append(name)
            cev.append(found)
    out["channels_present"] = Element(cpresent, tuple(cev))
    out["channels_missing"] = Element([n for n in CHANNELS if n not in cpresent])
    gazette = out.get("column.政府公报")
    if gazette is not None and gazette.value.get("opens"):
        out["gazette_issues"] = Element(
            {
                "in_year": gazette.value.get("items_in_year", 0),
                "at_least": gazette.value.get("at_least"),
            },
            gazette.evidence,
        )
    # links: broken within hosts, listed elsewhere
    by_url = {p.url: p for p in rec.pages}
    broken: list[dict[str, Any]] = []
    bev: list[Evidence] = []
    external: set[str] = set()
    entry_host = rec.entry.split("/")[2] if rec.entry.count("/") >= 2 else ""
    hosts = {p.url.split("/")[2] for p in rec.pages if p.url.count("/") >= 2} | {entry_host}
    seen_broken: set[str] = set()
    for p in rec.pages:
        for text, url, b in p.links:
            host = url.split("/")[2] if url.count("/") >= 2 else ""
            if host not in hosts:
                external.add(url)
                continue
            t = by_url.get(url)
            if t is None or url in seen_broken:
                continue
            if t.status >= 400 or (t.status == 0 and t.note and "robots" not in t.note):
                seen_broken.add(url)
                broken.append(
                    {
                        "url": url,
                        "text": text,
                        "on": p.url,
                        "status": t.status,
                        "reason": t.note or f"HTTP {t.status}",
                    }
                )
                bev.append(_quote(b, text if text != "-" else url))
    out["broken_links"] = Element(broken, tuple(bev))
    for item, ev in zip(broken, bev, strict=True):
        findings.append(
            Finding(
                "website_broken_link",
                rules.message(
                    "website_broken_link",
                    text=item["text"],
                    url=item["url"],
                    on=item["on"],
                    reason=item["reason"],
                ),
                (ev,),
            )
        )
    out["external_links"] = Element(sorted(external))
    forbidden = [p for p in rec.pages if p.note and "robots" in p.note]
    out["robots_forbidden"] = Element(
        [p.url for p in forbidden], tuple(_quote(p.block, p.url) for p in forbidden)
    )
    for p in forbidden:
        findings.append(
            Finding(
                "website_robots_forbidden",
                rules.message("website_robots_forbidden", url=p.url),
                (_quote(p.block, p.url),),
            )
        )
    js = [p for p in rec.pages if p.note and "JavaScript" in p.note]
    out["js_only_pages"] = Element([p.url for p in js], tuple(_quote(p.block, p.url) for p in js))
    return out, findings
