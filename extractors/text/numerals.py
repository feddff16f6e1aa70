"""The one numeral parser: ASCII, full-width and Chinese numerals → ``int``.

Every extractor that reads a count, a year, an article number or a time limit goes through
:func:`chinese_number`, so "二〇二三", "２０２４", "三十六", "一百零五" and "1,234" mean the same
thing everywhere. It is strict: a malformed numeral ("三四十", "十十", "一百五") is ``None`` rather
than a guess, because a misread number must never become a deduction.
"""

from __future__ import annotations

import re

__all__ = ["chinese_number"]

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# whitespace, and thousands separators in counts ("1,234"; a PDF may break a number in two)
_NOISE = re.compile(r"[\s,，]+")


def chinese_number(s: str) -> int | None:
    """``三十六`` → 36, ``十`` → 10, ``一百零五`` → 105, ``一〇五``/``二O二三`` read digit by digit
    (as years are written), ``36``/``３６``/``1,234`` as written; None when ``s`` is not a number.
    """
    s = _NOISE.sub("", s)
    if not s:
        return None
    if s.isdecimal():  # ASCII or full-width digits (int() reads both)
        return int(s)
    if any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in s):
        return None
    if not any(ch in _CN_UNITS for ch in s):  # digit-wise: 一〇五, 二〇二三
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in s:
        if ch in _CN_DIGITS:
            if digit not in (None, 0):  # 三四十: two digits in a row
                return None
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            if unit >= last_unit or digit == 0:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    if digit:
        if last_unit == 10 or s[-2] in "零〇○Oo" or last_unit == 10_000:
            total += digit
        else:  # 一百五 means 150 in speech, but is never how a document writes a number
            return None
    return total
