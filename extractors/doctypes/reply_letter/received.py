"""Who applied and when the request was received (or supplemented), and an extension notice."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extractors.doctypes.common import Unit
from extractors.doctypes.reply_letter.clauses import (
    Hit,
    clause_hit,
    clause_span,
    mask_quotes,
    sentence_span,
)
from extractors.model import Element
from extractors.text.dates import DateMatch, find_dates

__all__ = [
    "EXTENSION_TITLE",
    "SUPPLEMENT_TITLE",
    "TITLE_WORDS",
    "dates_by_unit",
    "find_applicant",
    "find_extension",
    "find_received",
]


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


def find_applicant(us: list[Unit]) -> Element | None:
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
#: materials handed in on the date and received: "于2007年3月5日提交的有关…的材料已经收到"
_SUBMITTED_RECEIVED = re.compile(
    r"^(?:通过[^，。；]{0,10})?(?:提交|提出|递交|报送)的[^，。；]{0,60}?(?:申请材料|申请|材料)"
    r"(?:已经|已|均已)$"
)
#: "收到您于2024年3月1日提交的政府信息公开申请材料": the date follows the keyword
_RECEIVED_SUBMITTED = re.compile(r"^(?:了)?(?:您|你|贵)[^，。；]{0,12}?于$")
_SUBMITTED_MATERIALS = re.compile(
    r"^(?:通过[^，。；]{0,10})?(?:提交|提出|递交|报送)的[^，。；]{0,60}?(?:申请材料|申请|材料)"
)


@dataclass(frozen=True, slots=True)
class _Receipt:
    value: dt.date
    rank: int  # 3 after 补正, 2 签收/确认, 1 收到…, 0 "…提交的申请已收悉"
    hit: Hit


def dates_by_unit(us: list[Unit], default_year: int | None) -> dict[int, list[DateMatch]]:
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
            s_start, _s_end = sentence_span(text, k.start())
            c_start, c_end = clause_span(text, k.start(), k.end())
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
                    a, _ = clause_span(text, ref[1].start, ref[1].end)
                    hit = Hit(u, a, c_end)
                else:
                    hit = Hit(u, c_start, c_end)
                out.append(_Receipt(value, rank, hit))
                continue
            # "收到申请日期：2024年3月5日"
            lab = _LABELLED.match(text[k.end() :])
            if lab:
                after_dates = [d for d in ds if d.start == k.end() + lab.end()]
                if after_dates:
                    d = after_dates[0]
                    out.append(_Receipt(_fix_year(d, reply), rank, Hit(u, c_start, d.end)))
                    continue
            if not before:
                # "收到您于2024年3月1日提交的…申请材料": the materials' date, weakest rank
                d2 = next((d for d in ds if d.start >= k.end() and d.end <= c_end), None)
                if (
                    word == "收到"
                    and d2 is not None
                    and _RECEIVED_SUBMITTED.match(text[k.end() : d2.start])
                    and (sub := _SUBMITTED_MATERIALS.match(text[d2.end : c_end])) is not None
                ):
                    hit = Hit(u, c_start, d2.end + sub.end())
                    out.append(_Receipt(_fix_year(d2, reply), 0, hit))
                continue
            d = before[-1]
            gap = text[d.end : k.start()]
            if word == "收到" and _SUBMITTED_RECEIVED.match(gap):
                a, _ = clause_span(text, d.start, d.end)
                out.append(_Receipt(_fix_year(d, reply), 0, Hit(u, min(a, c_start), c_end)))
                continue
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
            a, _ = clause_span(text, d.start, d.end)
            out.append(_Receipt(_fix_year(d, reply), rank, Hit(u, min(a, c_start), c_end)))
        if ds:
            prev_date = (ui, ds[-1])
    return out


def find_received(
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
EXTENSION_TITLE = re.compile(r"(?:延期|延长)[^。；，]{0,10}(?:告知|通知)")
SUPPLEMENT_TITLE = re.compile(r"补正[^。；，]{0,6}(?:告知|通知)")
TITLE_WORDS = re.compile(r"(?:告知书|通知书|答复书|答复|告知)$")


def find_extension(us: list[Unit]) -> Hit | None:
    """Where the letter shows the applicant was told of an extension, or None."""
    for pattern in _EXTENSIONS:
        for u in us:
            m = pattern.search(mask_quotes(u.text))
            if m:
                return clause_hit(u, m.start(), m.end())
    return None
