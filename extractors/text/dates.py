"""Dates in Chinese government documents.

Recognised forms (all may carry whitespace or a PDF line break between their parts):

* ``2024年3月5日`` / ``2024年03月05日`` / full-width ``２０２４年３月５日`` / ``3月5号``;
* Chinese numerals ``二〇二四年三月五日`` (〇 U+3007, ○ U+25CB, 零 and a Latin ``O`` all read as
  zero), ``二零二四年十二月三十一日``, mixed ``2024年十月二十一日``;
* separated digits ``2024.3.5`` / ``2024-3-5`` / ``2024/03/05`` (same separator twice, 4-digit
  year, nothing numeric glued on either side, so ``2024.50万元``, versions and phone numbers fail);
* dates without a year (``3月5日``, ``三月五日``): the year of the nearest preceding dated match in
  the same text, else ``default_year``; skipped when neither exists.

Times after a date (``上午9:00``) are not part of the match. Impossible dates (``2024年2月30日``)
are rejected. A 文号 (``〔2024〕7号``) or ``第三十六条`` never matches because a month is required.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["DateMatch", "find_dates", "parse_date"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date in a text; ``text == searched_text[start:end]`` (verbatim, may hold a newline)."""

    value: datetime.date
    start: int
    end: int
    text: str
    #: False when the year was taken from an earlier date in the text or from ``default_year``
    has_year: bool


# Characters that stand for one decimal digit in a written year (二〇二四, 二○一九, 2O24, ２０２４).
_YEAR_DIGITS = "0123456789０１２３４５６７８９〇○零OoＯ一二三四五六七八九"
_YD = f"[{_YEAR_DIGITS}]"
_AD = "[0-9０-９]"  # Arabic digit, ASCII or full-width
_CN = "[〇○零一二三四五六七八九十廿卅]"  # Chinese numerals usable in months and days
_W = r"\s*"  # PDF text may break anywhere: tolerate whitespace (incl. newlines) between parts

_YEAR = f"(?P<y>{_YD}(?:{_W}{_YD}){{3}})"
# Chinese month/day first so 十二 is not read as 十 + stray 二; both forms end at 月/日.
_MONTH = f"(?P<m>{_CN}{{1,3}}|{_AD}(?:{_W}{_AD})?)"
_DAY = f"(?P<d>{_CN}{{1,4}}|{_AD}(?:{_W}{_AD})?)"

_FULL = f"(?<![0-9０-９]){_YEAR}{_W}年{_W}{_MONTH}{_W}月{_W}{_DAY}{_W}[日号]"
# No year: the month must not continue a number (…十二月 is not 二月) nor follow a written year
# that _FULL rejected (24年3月5日); 同年/次年3月5日 are fine.
_SHORT = (
    f"(?<![0-9０-９〇○零一二三四五六七八九十廿卅])(?<!{_YD}年)"
    f"(?P<sm>{_CN}{{1,3}}|{_AD}{{1,2}}){_W}月{_W}(?P<sd>{_CN}{{1,4}}|{_AD}{{1,2}}){_W}[日号]"
)
# 2024.3.5 / 2024-03-05 / 2024/3/5 (full-width separators too); same separator twice.
_SEP = r"(?P<sep>[.\-/．－／])"
_NUMERIC = (
    r"(?<![0-9０-９.\-/．－／])"
    f"(?P<ny>{_AD}{{4}}){_SEP}(?P<nm>{_AD}{{1,2}})(?P=sep)(?P<nd>{_AD}{{1,2}})"
    r"(?![0-9０-９]|[.．][0-9０-９]|[\-/－／][0-9０-９]|\s*[万亿元%％])"
)
_DATE_RE = re.compile(f"{_FULL}|{_NUMERIC}|{_SHORT}")

_CN_DIGIT = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_WS_RE = re.compile(r"\s+")


def find_dates(text: str, *, default_year: int | None = None) -> list[DateMatch]:
    """Every date in ``text``, in text order, non-overlapping (see the module doc for forms)."""
    found: list[DateMatch] = []
    context_year: int | None = None
    for m in _DATE_RE.finditer(text):
        has_year = True
        if m.group("y") is not None:
            y, mo, d = _year(m.group("y")), _small(m.group("m")), _small(m.group("d"))
        elif m.group("ny") is not None:
            y, mo, d = int(m.group("ny")), int(m.group("nm")), int(m.group("nd"))
        else:
            has_year = False
            y = context_year if context_year is not None else default_year
            mo, d = _small(m.group("sm")), _small(m.group("sd"))
        value = _make(y, mo, d)
        if value is None:
            continue
        if has_year:
            context_year = value.year
        found.append(DateMatch(value, m.start(), m.end(), m.group(0), has_year))
    return found


def parse_date(text: str, *, default_year: int | None = None) -> datetime.date | None:
    """The first date in ``text`` (see :func:`find_dates`), or None."""
    found = find_dates(text, default_year=default_year)
    return found[0].value if found else None


def _make(y: int | None, mo: int | None, d: int | None) -> datetime.date | None:
    # 1900..2099 keeps numbers such as 7777-1-1 out; documents assessed are all modern.
    if y is None or mo is None or d is None or not 1900 <= y <= 2099:
        return None
    try:
        return datetime.date(y, mo, d)
    except ValueError:  # 2月30日, 13月
        return None


def _year(raw: str) -> int | None:
    digits = []
    for ch in _WS_RE.sub("", raw):
        digits.append(_CN_DIGIT[ch] if ch in _CN_DIGIT else int(ch))
    return int("".join(map(str, digits)))


def _small(raw: str) -> int | None:
    """A month or day: Arabic (any width), 十二 / 二十一 / 三十 / 廿一, or digit-wise 〇五."""
    s = _WS_RE.sub("", raw)
    if s.isdecimal():
        return int(s)
    s = s.replace("廿", "二十").replace("卅", "三十")
    if "十" in s:
        tens_s, _, units_s = s.partition("十")
        if "十" in units_s or len(tens_s) > 1 or len(units_s) > 1:
            return None
        tens = _CN_DIGIT.get(tens_s, -1) if tens_s else 1
        units = _CN_DIGIT.get(units_s, -1) if units_s else 0
        if tens <= 0 or units < 0:
            return None
        return tens * 10 + units
    if len(s) > 2 or any(ch not in _CN_DIGIT for ch in s):
        return None
    return int("".join(str(_CN_DIGIT[ch]) for ch in s))
