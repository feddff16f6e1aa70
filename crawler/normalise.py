"""The "unchanged" digest: a page's payload with the parts that change on every visit removed.

Removed (each replaced by a fixed token), named because an auditor must know what is ignored:

* visit counters — 浏览次数/访问量/阅读/点击 followed by a number, and ``counter``/``hits``
  elements' numbers;
* today's date and clock — the fetch day written as 2026-12-03, 2026/12/03, 2026年12月3日,
  with a following time of day, and 星期X;
* session tokens — ``jsessionid``/``PHPSESSID``/``sid``/``token``/``csrf`` values in URLs and
  hidden inputs, script ``nonce`` attributes;
* cache-busting query values (``?v=…``/``?t=…``/``_=…`` timestamps).

Everything else of the body counts: a changed word is a changed page.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

__all__ = ["VOLATILE_PARTS", "normalise", "stable_digest"]

#: what :func:`normalise` removes, as shown to the office (Chinese)
VOLATILE_PARTS = ("访问计数", "当天日期与时间", "会话令牌", "防缓存参数")

_COUNTER = re.compile(
    rb"((?:\xe6\xb5\x8f\xe8\xa7\x88|\xe8\xae\xbf\xe9\x97\xae|\xe9\x98\x85\xe8\xaf\xbb|"
    rb"\xe7\x82\xb9\xe5\x87\xbb)[^<\d]{0,12}?)\d+"
)  # 浏览 访问 阅读 点击 …: digits
_COUNTER_EL = re.compile(rb"(<[^>]+(?:counter|hits|visit)[^>]*>)\s*\d+", re.I)
_TOKENS = re.compile(
    rb"((?:jsessionid|phpsessid|sessionid|sid|token|csrf[_-]?token|_csrf|csrfmiddlewaretoken)"
    rb"[\"']?\s*[=:]\s*[\"']?)[\w\-.]+",
    re.I,
)
_HIDDEN_VALUE = re.compile(rb"(<input[^>]+type=[\"']?hidden[^>]*value=[\"'])[^\"']*", re.I)
_NONCE = re.compile(rb"(nonce=[\"'])[^\"']+", re.I)
_BUSTER = re.compile(rb"([?&](?:v|t|_|ts|timestamp|rnd|r)=)\d{6,}")
_WEEKDAY = re.compile("星期[一二三四五六日天]".encode())
_CLOCK = rb"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"


def _today_patterns(day: date) -> list[re.Pattern[bytes]]:
    y, m, d = day.year, day.month, day.day
    forms = [
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}-{m}-{d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
    ]
    return [re.compile(re.escape(f.encode()) + _CLOCK) for f in forms]


def normalise(body: bytes, day: date) -> bytes:
    """``body`` with the volatile parts of a visit on ``day`` replaced by fixed tokens."""
    out = _COUNTER.sub(rb"\1#", body)
    out = _COUNTER_EL.sub(rb"\1#", out)
    out = _TOKENS.sub(rb"\1#", out)
    out = _HIDDEN_VALUE.sub(rb"\1#", out)
    out = _NONCE.sub(rb"\1#", out)
    out = _BUSTER.sub(rb"\1#", out)
    for pattern in _today_patterns(day):
        out = pattern.sub(b"#TODAY#", out)
    return _WEEKDAY.sub(b"#WEEKDAY#", out)


def stable_digest(body: bytes, content_type: str, status: int, day: date) -> str:
    """sha256 of status, content type and the normalised body: equal means "unchanged"."""
    h = hashlib.sha256(f"{status}\n{content_type}\n".encode())
    h.update(normalise(body, day))
    return h.hexdigest()
