"""The remedies a letter names: 行政复议, 行政诉讼, their time limits and the court."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.doctypes.common import Unit
from extractors.doctypes.reply_letter.clauses import Hit, clause_hit, sentence_span
from extractors.text.numerals import chinese_number

__all__ = ["find_remedies"]


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
    recon: Hit | None = None
    litig: Hit | None = None
    days: tuple[int, Hit] | None = None
    months: tuple[int, Hit] | None = None
    body: tuple[str, Hit] | None = None
    court: tuple[str, Hit] | None = None


def find_remedies(us: list[Unit]) -> _Remedy:
    recon = litig = None
    days = months = body = court = None
    for u in us:
        text = u.text
        for k in _RECON.finditer(text):
            if recon is not None:
                break
            recon = clause_hit(u, k.start(), k.end())
            s, _e = sentence_span(text, k.start())
            before = [m for m in _DAYS.finditer(text, s, k.start())]
            if before and (n := chinese_number(before[-1].group("n"))) is not None:
                days = (n, Hit(u, before[-1].start(), before[-1].end()))
            seg = text[s : k.start()]
            pos = seg.rfind("向")
            if pos >= 0:
                name = re.sub(r"依法$", "", seg[pos + 1 :])
                if 2 <= len(name) <= 60 and not re.search(r"[，,；;：:]", name):
                    body = (name, Hit(u, s + pos, k.end()))
        for k in _LITIG.finditer(text):
            if litig is not None:
                break
            litig = clause_hit(u, k.start(), k.end())
            s, e = sentence_span(text, k.start())
            before = [m for m in _MONTHS.finditer(text, s, k.start())]
            after = [m for m in _MONTHS.finditer(text, k.end(), e)]
            pick = before[-1] if before else (after[0] if after else None)
            if pick is not None and (n := chinese_number(pick.group("n"))) is not None:
                months = (n, Hit(u, pick.start(), pick.end()))
            c = _COURT.search(text, s, e)
            if c is not None:
                name = c.group("court")
                prefix = re.sub(r"(?:中级|基层|铁路运输|互联网)?(?:人民)?法院$", "", name)
                if len(prefix) >= 2 and not _GENERIC_COURT.search(prefix):
                    court = (name, Hit(u, c.start(), c.end()))
    return _Remedy(recon, litig, days, months, body, court)
