"""The 依申请公开 reply-letter extractor (indicators 1.4.3 / 2.4.3 答复规范化).

Reads the contract's ``reply_letter`` elements (applicant, dates, deadline check, outcome, legal
basis, remedies) from a parsed letter and applies the finding rules of
``config/extraction.yaml``. Every search runs over :class:`~extractors.doctypes.common.Unit` text
(whitespace removed, so PDF line breaks inside words and dates do not matter) and every quote
maps back to a verbatim span of the cited block.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from extractors.doctypes.common import Unit, body_lines, units
from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.rules import ExtractionRules
from extractors.text.citations import GZXX_TIAOLI, Citation, document_aliases, find_citations
from extractors.text.dates import DateMatch, find_dates
from extractors.text.workdays import UnknownCalendarYear

__all__ = ["OUTCOMES", "extract_reply_letter"]

#: Outcome values of the contract, in the order used to break ties between wordings.
OUTCOMES = (
    "partially_disclosed",
    "not_government_info",
    "duplicate_request",
    "not_our_jurisdiction",
    "not_disclosed",
    "already_public",
    "not_exist",
    "disclosed",
    "other",
    "supplement_requested",
)

_CLAUSE_END = "，,；;。！？!?：:"
_SENTENCE_END = "。；;！？!?"


# ------------------------------------------------------------------------------ helpers


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Expand ``[start, end)`` to the clause around it (between ，；。： delimiters)."""
    a = start
    while a > 0 and text[a - 1] not in _CLAUSE_END:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _CLAUSE_END:
        b += 1
    # A clause introduced by "或者" quotes from what follows it ("或者在6个月内…" → "在6个月内…").
    m = re.match(r"或者|或", text[a:start])
    if m:
        a += m.end()
    return a, b


def _sentence(text: str, pos: int) -> tuple[int, int]:
    a = pos
    while a > 0 and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = pos
    while b < len(text) and text[b] not in _SENTENCE_END:
        b += 1
    return a, b


def _mask_quotes(text: str) -> str:
    """Blank out quoted request content (“…”) so the applicant's words never decide the outcome."""
    return re.sub(r"“[^”]{0,300}”|「[^」]{0,300}」", lambda m: "＿" * len(m.group()), text)


_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})


def _number(s: str) -> int | None:
    """Arabic (ASCII or full-width) or small Chinese numbers ("六十", "二十", "十五")."""
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class _Hit:
    unit: Unit
    start: int
    end: int

    def evidence(self) -> Evidence:
        return self.unit.evidence(self.start, self.end)


def _clause_hit(unit: Unit, start: int, end: int) -> _Hit:
    a, b = _clause(unit.text, start, end)
    return _Hit(unit, a, b)


# ------------------------------------------------------------------------------ applicant

_APPLICANT_LABEL = re.compile(
    r"申请人(?:姓名|名称|（姓名/名称）)?[：:](?P<name>[^，。；,;：:（(]{2,40})"
)
_SALUTATION = re.compile(
    r"^(?:尊敬的)?(?P<name>[^，。；,;：:、“”《》]{2,30}?)(?P<title>同志|先生|女士)?[：:]"
)
_NOT_NAME = re.compile(
    r"答复|如下|告知|研究|关于|根据|依据|附件|抄送|联系|地址|电话|日期|事由|文号|主题|申请|收到|"
    r"本机关|本单位|现将|经|政府信息|内容"
)


def _applicant(us: list[Unit]) -> Element | None:
    for u in us:
        m = _APPLICANT_LABEL.search(u.text)
        if m:
            name = m.group("name")
            return Element(name, (u.evidence(m.start(), m.end()),))
    # Salutation: an early unit that starts "王某某：" before the body of the letter.
    for u in us[:12]:
        m = _SALUTATION.match(u.text)
        if m is None or _NOT_NAME.search(m.group("name")):
            continue
        name = m.group("name")
        if m.group("title") is None and len(name) > 20:
            continue
        return Element(name, (u.evidence(m.start(), m.end()),))
    return None


# --------------------------------------------------------------------------- received date

_RECEIPT = re.compile(r"签收|收到|收悉|接收|接到|受理|确认")
_SENDING = re.compile(r"提交|提出|寄出|发出|寄送|邮寄|递交|发送")
_RELATIVE = re.compile(r"(?:次日|当日|当天|同日|翌日)(?:即|已|予以|进行)?$")
_ADDRESSED_TO_APPLICANT = re.compile(r"(?:答复书|告知书|通知书|决定书|本答复|本告知|本决定|本通知)")
_AFTER_SUPPLEMENT = re.compile(r"补正(?:后|过|的|材料|申请|内容)")
_LABELLED = re.compile(r"^[^，。；]{0,8}?(?:日期|时间)[：:]")


@dataclass(frozen=True, slots=True)
class _Receipt:
    value: dt.date
    rank: int  # 3 after 补正, 2 签收/确认, 1 收到…, 0 "…提交的申请已收悉"
    hit: _Hit


def _dates(us: list[Unit], default_year: int | None) -> dict[int, list[DateMatch]]:
    return {i: find_dates(u.text, default_year=default_year) for i, u in enumerate(us)}


def _fix_year(m: DateMatch, reply: dt.date | None) -> dt.date:
    """A date written without a year that would fall after the reply is from the year before."""
    if m.has_year or reply is None or m.value <= reply:
        return m.value
    try:
        return m.value.replace(year=m.value.year - 1)
    except ValueError:
        return m.value


def _receipts(
    us: list[Unit], dates: dict[int, list[DateMatch]], reply: dt.date | None
) -> list[_Receipt]:
    out: list[_Receipt] = []
    prev_date: tuple[int, DateMatch] | None = None  # the last date seen, for "次日签收"
    for ui, u in enumerate(us):
        text = u.text
        ds = dates[ui]
        for k in _RECEIPT.finditer(text):
            s_start, _s_end = _sentence(text, k.start())
            c_start, c_end = _clause(text, k.start(), k.end())
            after = text[k.end() : c_end]
            if _ADDRESSED_TO_APPLICANT.search(after[:12]):
                continue  # "自收到本答复书之日起": the applicant receiving our letter
            word = k.group()
            rank = {"签收": 2, "确认": 2}.get(word, 1)
            before = [d for d in ds if d.end <= k.start() and d.start >= s_start]
            # "…次日签收": relative to the last date before it
            rel = _RELATIVE.search(text[max(s_start, k.start() - 6) : k.start()])
            if rel is not None:
                ref = (ui, before[-1]) if before else prev_date
                if ref is None:
                    continue
                shift = 1 if rel.group().startswith(("次日", "翌日")) else 0
                value = _fix_year(ref[1], reply) + dt.timedelta(days=shift)
                if ref[0] == ui:
                    a, _ = _clause(text, ref[1].start, ref[1].end)
                    hit = _Hit(u, a, c_end)
                else:
                    hit = _Hit(u, c_start, c_end)
                out.append(_Receipt(value, rank, hit))
                continue
            # "收到申请日期：2024年3月5日"
            lab = _LABELLED.match(text[k.end() :])
            if lab:
                after_dates = [d for d in ds if d.start == k.end() + lab.end()]
                if after_dates:
                    d = after_dates[0]
                    out.append(_Receipt(_fix_year(d, reply), rank, _Hit(u, c_start, d.end)))
                    continue
            if not before:
                continue
            d = before[-1]
            gap = text[d.end : k.start()]
            if word == "收悉":
                if len(gap) > 60 or re.search(r"[。；;]", gap):
                    continue
                rank = 0
            elif len(gap) > 20 or _SENDING.search(gap):
                continue
            prev_end = max(
                (x.end for x in ds if x.end <= d.start and x.start >= s_start), default=s_start
            )
            if _AFTER_SUPPLEMENT.search(text[prev_end:c_end]):
                rank = 3
            a, _ = _clause(text, d.start, d.end)
            out.append(_Receipt(_fix_year(d, reply), rank, _Hit(u, min(a, c_start), c_end)))
        if ds:
            prev_date = (ui, ds[-1])
    return out


def _received(
    us: list[Unit], dates: dict[int, list[DateMatch]], reply: dt.date | None
) -> _Receipt | None:
    found = _receipts(us, dates, reply)
    if not found:
        return None
    best = max(r.rank for r in found)
    top = [r for r in found if r.rank == best]
    # After 补正 the last corrected application counts; otherwise the first receipt stated.
    return top[-1] if best == 3 else top[0]


# ------------------------------------------------------------------------------ extension

# The decision itself ("延长答复期限20个工作日") is better evidence than a mention ("延期答复").
_EXTENSIONS = (
    re.compile(
        r"延长答复期限(?:(?:\d+|[一二三四五六七八九十]+)个工作日)?|答复期限延长"
        r"|延长(?:\d+|[一二三四五六七八九十]+)个工作日|延期(?:\d+|[一二三四五六七八九十]+)个工作日"
    ),
    re.compile(r"延期答复"),
)
_EXTENSION_TITLE = re.compile(r"(?:延期|延长)[^。；，]{0,10}(?:告知|通知)")
_SUPPLEMENT_TITLE = re.compile(r"补正[^。；，]{0,6}(?:告知|通知)")
_TITLE_WORDS = re.compile(r"(?:告知书|通知书|答复书|答复|告知)$")


def _extension(us: list[Unit]) -> _Hit | None:
    """Where the letter shows the applicant was told of an extension, or None."""
    for pattern in _EXTENSIONS:
        for u in us:
            m = pattern.search(_mask_quotes(u.text))
            if m:
                return _clause_hit(u, m.start(), m.end())
    return None


# -------------------------------------------------------------------------------- outcome

_W = dict[str, list[re.Pattern[str]]]
_WORDING: _W = {
    "partially_disclosed": [
        re.compile(p)
        for p in (
            r"部分公开",
            r"区分处理",
            r"部分(?:内容|信息)[^。；]{0,30}不予(?:以)?公开",
            r"(?:删除|隐去|遮盖|屏蔽|去除)[^。；]{0,30}后[^。；]{0,20}(?:公开|提供)",
        )
    ],
    "not_government_info": [
        re.compile(p)
        for p in (
            r"不属于(?:《[^》]{1,20}》|条例)?(?:所称|所指|规定)?的?政府信息(?!公开)",
            r"不属于政府信息公开(?:申请)?的?(?:范围|范畴|事项)",
            r"不(?:作为|按)政府信息公开申请(?:处理|办理)",
            r"(?:属于|系|为)(?:信访|投诉|举报|咨询)",
            r"(?:信访|投诉|举报)(?:事项|诉求|类)",
            r"(?:咨询|询问)(?:类|性质)",
            r"(?:按照?|通过)信访(?:程序|渠道|途径)",
        )
    ],
    "duplicate_request": [re.compile(r"重复(?:申请|提出)"), re.compile(r"不予重复处理")],
    "not_our_jurisdiction": [
        re.compile(p)
        for p in (
            r"不属于本(?:机关|单位|局|部门|委|办|院|行政机关)[^。；，]{0,12}"
            r"(?:负责公开|公开(?:的)?(?:范围|职责)|职责|职权)",
            r"(?:建议|请)(?:您)?(?:直接)?向[^。；]{1,40}(?:咨询|申请|提出|联系|了解|查询|获取)",
            r"由[^。；，]{1,30}负责公开",
            r"(?:非|不是)本(?:机关|单位)(?:制作|保存|负责)",
        )
    ],
    "not_disclosed": [
        re.compile(p)
        for p in (
            r"不予(?:以)?公开",
            r"不(?:得|能|宜)公开",
            r"不予提供",
            r"属于(?:国家秘密|商业秘密|个人隐私|内部事务信息|过程性信息|行政执法案卷)",
        )
    ],
    "already_public": [
        re.compile(p)
        for p in (
            r"已(?:经)?(?:予以)?主动公开",
            r"属于(?:本机关)?主动公开(?:的)?(?:范围|信息|政府信息)",
            r"已(?:在|于|通过|经)[^。；]{0,40}(?:网站|网|平台|公报|栏目|专栏|报纸|媒体)"
            r"[^。；]{0,20}(?:公开|公布|发布|刊登)",
            r"(?<!不)已(?:对外|向社会)?(?:公开|公布|发布)(?!告知)",
        )
    ],
    "not_exist": [
        re.compile(p)
        for p in (
            r"(?:信息|文件|资料|材料)(?:并|均)?不存在",
            r"经(?:检索|查询|查找|核查|查)[^。；]{0,40}?(?:没有|未|无)",
            r"(?:未|没有)(?:制作|获取|保存|形成|存有)",
            r"不掌握",
            r"查无",
            r"(?:未|没有)(?:检索|查询|查找|查)到",
            r"(?:无|没有)(?:相关|此类|该|上述|您申请的|您所申请的)(?:政府)?信息",
        )
    ],
    "disclosed": [
        re.compile(p)
        for p in (
            r"(?<!不)予以(?:公开|提供)",
            r"(?<!不)同意(?:公开|提供)",
            r"现(?:将|把|向您)[^。；，]{0,40}(?:提供给您|提供|附后|寄送给您|发送给您|邮寄给您)",
            r"(?:见|详见)附件",
            r"提供如下",
            r"属于(?:可以)?公开(?:的)?范围",
        )
    ],
}
# Weak wordings decide only when no substantive outcome is found.
_WEAK: _W = {
    "supplement_requested": [
        re.compile(p)
        for p in (
            r"请(?:您)?[^。；]{0,30}(?:补正|补充|更改|明确)",
            r"(?:予以|进行|作出|及时)补正",
            r"(?:内容|描述|表述)(?:不明确|不清楚|不具体)",
            r"逾期(?:未|不)补正",
        )
    ],
    "other": [
        re.compile(r"(?:依照|按照|依据)[^。；]{0,30}(?:法律、行政法规|有关法律)[^。；]{0,10}办理"),
    ],
}
_REMEDY_SENTENCE = re.compile(r"行政复议|行政诉讼|人民法院")

# 条例 (2019) 第三十六条 items; 2007 第二十一条 items (some ambiguous).
_ITEM_36 = {
    1: ("already_public",),
    2: ("disclosed",),
    3: ("not_disclosed",),
    4: ("not_exist",),
    5: ("not_our_jurisdiction",),
    6: ("duplicate_request",),
    7: ("other",),
}
_ITEM_21_2007 = {
    1: ("already_public", "disclosed"),
    2: ("not_disclosed",),
    3: ("not_our_jurisdiction", "not_exist"),
    4: ("supplement_requested",),
}


def _cited_outcomes(c: Citation) -> tuple[str, ...]:
    if c.law != GZXX_TIAOLI or c.article is None:
        return ()
    if c.article == 36 and c.item is not None:
        return _ITEM_36.get(c.item, ())
    if c.article in (37, 22):
        return ("partially_disclosed",)
    if c.article == 39:
        return ("not_government_info",)
    if c.article in (14, 15, 16):
        return ("not_disclosed",)
    if c.article == 21 and c.item is not None:
        return _ITEM_21_2007.get(c.item, ())
    return ()


def _wording(us: list[Unit], table: _W) -> dict[str, _Hit]:
    found: dict[str, _Hit] = {}
    for u in us:
        masked = _mask_quotes(u.text)
        for outcome, patterns in table.items():
            if outcome in found:
                continue
            for p in patterns:
                for m in p.finditer(masked):
                    s, e = _sentence(masked, m.start())
                    if _REMEDY_SENTENCE.search(masked[s:e]):
                        continue
                    found[outcome] = _clause_hit(u, m.start(), m.end())
                    break
                if outcome in found:
                    break
    return found


def _outcome(
    doc: ParsedDocument,
    us: list[Unit],
    cites: list[tuple[Citation, _Hit]],
    extension: _Hit | None,
) -> tuple[str | None, _Hit | None, bool]:
    """(outcome, deciding evidence, is a pure extension notice)."""
    for ln in body_lines(doc)[:6]:
        text = re.sub(r"\s", "", ln.text)
        if len(text) > 40 or not _TITLE_WORDS.search(text):
            continue
        unit = next(
            (u for u in us if u.block is ln.block and ln.start <= u.index[0] < ln.end), None
        )
        hit = _Hit(unit, 0, len(unit.text)) if unit is not None else None
        if _EXTENSION_TITLE.search(text):
            return "other", hit, True
        if _SUPPLEMENT_TITLE.search(text):
            return "supplement_requested", hit, False
    wording = _wording(us, _WORDING)
    cited: dict[str, _Hit] = {}
    for c, hit in cites:
        for o in _cited_outcomes(c):
            cited.setdefault(o, hit)
    weak_cited = {o: h for o, h in cited.items() if o in ("supplement_requested", "other")}
    strong_cited = {o: h for o, h in cited.items() if o not in weak_cited}
    both = [o for o in OUTCOMES if o in wording and o in strong_cited]
    if both:
        return both[0], wording[both[0]], False
    if len(wording) == 1:
        ((o, h),) = wording.items()
        return o, h, False
    if strong_cited:
        # Ambiguous or no wording: the cited 第三十六条 item decides.
        o = next(o for o in OUTCOMES if o in strong_cited)
        return o, strong_cited[o], False
    if wording:
        o = next(o for o in OUTCOMES if o in wording)
        return o, wording[o], False
    if extension is not None:
        return "other", extension, True
    weak = _wording(us, _WEAK)
    for o in ("supplement_requested", "other"):
        if o in weak:
            return o, weak[o], False
        if o in weak_cited:
            return o, weak_cited[o], False
    return None, None, False


# -------------------------------------------------------------------------------- remedies

_RECON = re.compile(r"(?:申请|提起|提出)行政复议|行政复议申请|申请复议")
_LITIG = re.compile(
    r"(?:提起|提出|进行)行政诉讼|提起诉讼|向[^。；，]{0,30}法院(?:提起|起诉)|法院起诉"
)
_DAYS = re.compile(r"(?P<n>[0-9０-９]+|[一二三四五六七八九十百两零〇]+)(?:个)?(?:日|天)(?:内|之内)")
_MONTHS = re.compile(r"(?P<n>[0-9０-９]+|[一二三四五六七八九十两]+)个月(?:内|之内)?")
_COURT = re.compile(r"向(?P<court>[^，。；,;向]{0,40}?法院)(?:依法)?(?:提起|起诉)")
_GENERIC_COURT = re.compile(r"管辖|所在地|当地|相关|有关|依法|本机关")


@dataclass(frozen=True, slots=True)
class _Remedy:
    recon: _Hit | None = None
    litig: _Hit | None = None
    days: tuple[int, _Hit] | None = None
    months: tuple[int, _Hit] | None = None
    body: tuple[str, _Hit] | None = None
    court: tuple[str, _Hit] | None = None


def _remedies(us: list[Unit]) -> _Remedy:
    recon = litig = None
    days = months = body = court = None
    for u in us:
        text = u.text
        for k in _RECON.finditer(text):
            if recon is not None:
                break
            recon = _clause_hit(u, k.start(), k.end())
            s, _e = _sentence(text, k.start())
            before = [m for m in _DAYS.finditer(text, s, k.start())]
            if before and (n := _number(before[-1].group("n"))) is not None:
                days = (n, _Hit(u, before[-1].start(), before[-1].end()))
            seg = text[s : k.start()]
            pos = seg.rfind("向")
            if pos >= 0:
                name = re.sub(r"依法$", "", seg[pos + 1 :])
                if 2 <= len(name) <= 60 and not re.search(r"[，,；;：:]", name):
                    body = (name, _Hit(u, s + pos, k.end()))
        for k in _LITIG.finditer(text):
            if litig is not None:
                break
            litig = _clause_hit(u, k.start(), k.end())
            s, e = _sentence(text, k.start())
            before = [m for m in _MONTHS.finditer(text, s, k.start())]
            after = [m for m in _MONTHS.finditer(text, k.end(), e)]
            pick = before[-1] if before else (after[0] if after else None)
            if pick is not None and (n := _number(pick.group("n"))) is not None:
                months = (n, _Hit(u, pick.start(), pick.end()))
            c = _COURT.search(text, s, e)
            if c is not None:
                name = c.group("court")
                prefix = re.sub(r"(?:中级|基层|铁路运输|互联网)?(?:人民)?法院$", "", name)
                if len(prefix) >= 2 and not _GENERIC_COURT.search(prefix):
                    court = (name, _Hit(u, c.start(), c.end()))
    return _Remedy(recon, litig, days, months, body, court)


# -------------------------------------------------------------------------------- findings


def _deadline(cfg: Mapping[str, Any], received: dt.date) -> int:
    rules = sorted(
        ((_as_date(r["from"]), int(r["working_days"])) for r in cfg.get("deadline_rules", [])),
        reverse=True,
    )
    for start, days in rules:
        if received >= start:
            return days
    return rules[-1][1] if rules else 20


def _unknown_year(rules: ExtractionRules, dates: Iterable[dt.date]) -> int | None:
    for d in sorted(dates):
        try:
            rules.calendar.is_workday(d)
        except UnknownCalendarYear:
            return d.year
    return None


def _ev(*hits: _Hit | None) -> tuple[Evidence, ...]:
    return tuple(h.evidence() for h in hits if h is not None)


def _is_government(name: str) -> bool:
    return bool(re.search(r"(?:人民政府|政府)$", name)) and "办公室" not in name


def extract_reply_letter(
    doc: ParsedDocument, rules: ExtractionRules, common: dict[str, Element]
) -> tuple[dict[str, Element], list[Finding]]:
    """The contract's reply_letter elements (flat dotted names) and findings of ``doc``."""
    cfg = rules.section("reply_letter")
    us = units(doc)
    el: dict[str, Element] = {}
    findings: list[Finding] = []

    reply_el = common.get("document_date")
    reply = dt.date.fromisoformat(reply_el.value) if reply_el is not None else None
    dates = _dates(us, reply.year if reply else None)

    applicant = _applicant(us)
    if applicant is not None:
        el["applicant"] = applicant

    receipt = _received(us, dates, reply)
    received = receipt.value if receipt else None
    if receipt is not None:
        el["received_date"] = Element(receipt.value.isoformat(), (receipt.hit.evidence(),))
    if reply_el is not None:
        el["reply_date"] = Element(reply_el.value, reply_el.evidence)

    ext_hit = _extension(us)
    el["extension_notified"] = Element(ext_hit is not None, _ev(ext_hit))

    # Deadline
    within: bool | None = None
    limit = 0
    days_taken: int | None = None
    if received is not None and reply is not None:
        limit = _deadline(cfg, received) * (2 if ext_hit is not None else 1)
        try:
            days_taken = rules.calendar.working_days_between(received, reply)
        except UnknownCalendarYear:
            year = _unknown_year(rules, (received, reply)) or reply.year
            findings.append(
                Finding("calendar_unknown", rules.message("calendar_unknown", year=year))
            )
        if days_taken is not None:
            within = days_taken <= limit
            el["working_days_taken"] = Element(days_taken)
    el["within_deadline"] = Element(within)

    # Legal basis
    aliases = document_aliases("\n".join(u.text for u in us))
    cites: list[tuple[Citation, _Hit]] = []
    seen: set[tuple[str, int | None, int | None, int | None]] = set()
    basis: list[dict[str, Any]] = []
    basis_ev: list[Evidence] = []
    for u in us:
        for c in find_citations(u.text, aliases=aliases):
            if c.article is None:
                continue
            a, _b = _clause(u.text, c.start, c.end)
            hit = _Hit(u, a, c.end)
            cites.append((c, hit))
            key = (c.law, c.article, c.clause, c.item)
            if key in seen:
                continue
            seen.add(key)
            basis.append({"law": c.law, "article": c.article, "clause": c.clause, "item": c.item})
            basis_ev.append(hit.evidence())
    if basis:
        el["legal_basis"] = Element(basis, tuple(basis_ev))

    outcome, outcome_hit, extension_notice = _outcome(doc, us, cites, ext_hit)
    if outcome is not None:
        el["outcome"] = Element(outcome, _ev(outcome_hit))

    rem = _remedies(us)
    el["remedy.reconsideration"] = Element(rem.recon is not None, _ev(rem.recon))
    el["remedy.litigation"] = Element(rem.litig is not None, _ev(rem.litig))
    if rem.days is not None:
        el["remedy.reconsideration_days"] = Element(rem.days[0], _ev(rem.days[1]))
    if rem.months is not None:
        el["remedy.litigation_months"] = Element(rem.months[0], _ev(rem.months[1]))
    if rem.body is not None:
        el["remedy.reconsideration_body"] = Element(rem.body[0], _ev(rem.body[1]))
    if rem.court is not None:
        el["remedy.court"] = Element(rem.court[0], _ev(rem.court[1]))

    # ---- findings
    msg = rules.message
    if within is False and days_taken is not None:
        findings.append(
            Finding(
                "late_reply",
                msg("late_reply", days=days_taken, limit=limit),
                _ev(receipt.hit if receipt else None) + (reply_el.evidence if reply_el else ()),
            )
        )
    if received is None:
        findings.append(Finding("missing_received_date", msg("missing_received_date")))
    if not basis:
        findings.append(Finding("missing_legal_basis", msg("missing_legal_basis")))

    as_of = reply or received
    if as_of is not None and as_of >= _as_date(cfg.get("tiaoli_2019_date", "2019-05-15")):
        repealed = {int(a) for a in cfg.get("repealed_articles", [21, 22, 24])}
        old = [(c, h) for c, h in cites if c.law == GZXX_TIAOLI and c.article in repealed]
        if old:
            arts = "、".join(dict.fromkeys(c.text for c, _ in old))
            findings.append(
                Finding(
                    "cites_repealed_provision",
                    msg("cites_repealed_provision", reply_date=as_of.isoformat(), articles=arts),
                    tuple(dict.fromkeys(h.evidence() for _, h in old)),
                )
            )

    reform = _as_date(cfg.get("reconsideration_reform_date", "2024-01-01"))
    if not extension_notice:
        if rem.recon is None and rem.litig is None:
            findings.append(Finding("missing_remedy", msg("missing_remedy")))
        elif (rem.recon is None) != (rem.litig is None):
            # 复议前置 (2023 行政复议法 第二十三条): a 不予公开 reply may offer 复议 only.
            pre_review = (
                outcome == "not_disclosed"
                and rem.recon is not None
                and as_of is not None
                and as_of >= reform
            )
            if not pre_review:
                given, missing = ("行政复议", "行政诉讼")
                if rem.recon is None:
                    given, missing = missing, given
                findings.append(
                    Finding(
                        "remedy_one_channel",
                        msg("remedy_one_channel", given=given, missing=missing),
                        _ev(rem.recon, rem.litig),
                    )
                )
    since = _as_date(cfg.get("litigation_months_since", "2015-05-01"))
    required = int(cfg.get("litigation_months", 6))
    if rem.months is not None and rem.months[0] < required and (as_of is None or as_of >= since):
        findings.append(
            Finding(
                "remedy_litigation_period_outdated",
                msg("remedy_litigation_period_outdated", months=rem.months[0]),
                _ev(rem.months[1]),
            )
        )

    issuer = common.get("issuer")
    if rem.body is not None and issuer is not None and reply is not None and reply >= reform:
        name = str(issuer.value)
        vertical = any(k in name for k in cfg.get("vertical_issuer_keywords", []))
        bodies = [b for b in re.split(r"或者|或|、|和|及", rem.body[0]) if b]
        if not _is_government(name) and not vertical and not any(map(_is_government, bodies)):
            findings.append(
                Finding(
                    "remedy_wrong_reconsideration_body",
                    msg("remedy_wrong_reconsideration_body", body=rem.body[0]),
                    _ev(rem.body[1]) + issuer.evidence,
                )
            )
    return el, findings
