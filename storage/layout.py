"""The submission key layout: ``{year}/{unit_code}/…/{file}``.

Units upload into their own folder of the assessment year, with any sub-folders they like. A key
that does not fit is recorded with a Chinese :class:`Rejection` reason so the office can tell the
unit what to fix; a folder marker (a key ending in ``/``) is no submission and yields ``None``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "RESERVED_PREFIX",
    "KeyInfo",
    "Rejection",
    "is_reserved",
    "parse_key",
]

#: top-level folders starting with this belong to kaohe itself (``_evidence/`` the evidence
#: locker, ``_crawl/`` archived web pages): ingest skips them and no upload can reach them
RESERVED_PREFIX = "_"

MIN_YEAR = 2000
MAX_YEAR = 2100

#: files that office tools and operating systems leave behind (compared case-insensitively)
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", "__macosx"})
_TEMP_SUFFIXES = (".tmp", ".temp", ".crdownload", ".part", ".swp", ".~lock")


@dataclass(frozen=True)
class KeyInfo:
    """An accepted key; ``path`` is the rest after the unit folder (``依申请公开/答复 07.docx``)."""

    year: int
    unit_code: str
    path: str


@dataclass(frozen=True)
class Rejection:
    """A key that is not a valid submission; ``reason`` is Chinese and names the problem."""

    reason: str


def parse_key(key: str, unit_codes: Collection[str]) -> KeyInfo | Rejection | None:
    """Classify ``key`` (relative to the store prefix).

    Returns ``None`` for a folder marker (trailing ``/``) and for kaohe's own reserved folders
    (``_evidence/``, ``_crawl/``): callers skip them silently. Checks run
    from the most basic (malformed path) to the most specific (unknown unit), so the reason names
    the first thing to fix.
    """
    if key.endswith("/") or is_reserved(key):
        return None
    if "\\" in key:
        return Rejection(f"路径含反斜杠“\\”，应使用“/”分隔目录：{key}")
    segments = key.split("/")
    if any(seg == "" for seg in segments):
        return Rejection(f"路径含空目录名（连续的“/”或以“/”开头）：{key}")
    if any(seg in (".", "..") for seg in segments):
        return Rejection(f"路径含“.”或“..”目录：{key}")
    if any(_is_hidden_or_temp(seg) for seg in segments):
        return Rejection("临时文件或隐藏文件，已忽略")
    if len(segments) < 3:
        return Rejection("路径层级不足，应为 年度/单位代码/文件")
    year_s, unit = segments[0], segments[1]
    if not (len(year_s) == 4 and year_s.isascii() and year_s.isdigit()):
        return Rejection(f"年度目录无效：{year_s}（应为四位数字年份，如 2024）")
    year = int(year_s)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return Rejection(f"年度目录无效：{year_s}（年份超出 {MIN_YEAR}–{MAX_YEAR}）")
    if unit not in unit_codes:
        return Rejection(f"未知单位代码：{unit}（不在单位名单中）")
    return KeyInfo(year=year, unit_code=unit, path="/".join(segments[2:]))


def is_reserved(key: str) -> bool:
    """Whether ``key`` lies in a folder kaohe writes itself (never a submission)."""
    return key.startswith(RESERVED_PREFIX)


def _is_hidden_or_temp(segment: str) -> bool:
    """Dot-files and folders, Office lock files (``~$…``), ``~WRL….tmp`` and the like."""
    lower = segment.lower()
    return segment.startswith((".", "~")) or lower in _JUNK_NAMES or lower.endswith(_TEMP_SUFFIXES)
