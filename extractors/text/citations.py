"""Legal citations (法律依据) in Chinese government documents.

Recognised: a law in 《》 (or in quotes, or the bare name of the 政府信息公开条例), optionally
followed by a ``（以下简称《条例》）`` definition, then provisions ``第三十六条第（四）项``,
``第三十六条第(四)项``, ``第三十六条第四项``, ``第36条``, ``第十六条第二款``, chained with
``、，和及与或`` (``第（五）项、第（六）项`` → two citations sharing article 36;
``第十四条、第十五条`` → two articles of the same law). Whitespace and line breaks are tolerated
between parts.

A provision written without a law (``第三十八条``) belongs to the nearest law named before it in
the same text; with no law before it, or right after an unknown unbracketed name
(``行政复议法第二十条``) or a self-reference (``本办法第五条``), it is skipped: we do not guess.
A law in 《》 named without any provision yields one citation with ``article=None`` when its
name reads as a law or regulation (ends in 法/条例/规定/办法/细则/规则/解释/决定).

Law names are whitespace-free full names: an alias the text defines wins, then ``aliases`` from
the caller, then the built-in table of short names (《条例》, 《政府信息公开条例》,
《行政复议法》 …). Every occurrence is returned with its span; deduplication is the caller's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from extractors.text.numerals import chinese_number

__all__ = [
    "DEFAULT_ALIASES",
    "GZXX_TIAOLI",
    "Citation",
    "document_aliases",
    "find_citations",
]

GZXX_TIAOLI = "中华人民共和国政府信息公开条例"

_PRC = "中华人民共和国"
#: Short names → full names. 《条例》 with no definition in the document means the 政府信息公开条例:
#: kaohe only reads 政务公开 evidence (disclosure replies, reports), where it is always that one.
DEFAULT_ALIASES: dict[str, str] = {
    "条例": GZXX_TIAOLI,
    "政府信息公开条例": GZXX_TIAOLI,
    "信息公开条例": GZXX_TIAOLI,
    "公开条例": GZXX_TIAOLI,
    "国务院政府信息公开条例": GZXX_TIAOLI,
    "保密法": _PRC + "保守国家秘密法",
    "保密法实施条例": _PRC + "保守国家秘密法实施条例",
    **{
        name: _PRC + name
        for name in (
            "行政复议法",
            "行政复议法实施条例",
            "行政诉讼法",
            "行政许可法",
            "行政处罚法",
            "行政强制法",
            "保守国家秘密法",
            "保守国家秘密法实施条例",
            "档案法",
            "个人信息保护法",
            "数据安全法",
            "网络安全法",
            "国家安全法",
            "统计法",
            "民法典",
        )
    },
}


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited provision; ``text == searched_text[start:end]`` covers the law name when it is
    written right before the provision, else the provision alone."""

    law: str
    article: int | None  # 条
    clause: int | None  # 款
    item: int | None  # 项
    start: int
    end: int
    text: str


_NUM = r"[0-9０-９]{1,4}|[〇○零一二两三四五六七八九十百千]{1,8}"
_L = "[（(]"
_R = "[）)]"
_TOKEN_RE = re.compile(
    "|".join(
        (
            r"(?P<law>《(?P<lawname>[^《》]{1,80}?)》)",
            # “条例”第三十六条: quotes count as a law name only right before a provision
            r"(?P<qlaw>[“\"](?P<qname>[^”\"\n]{1,30})[”\"])(?=\s*第)",
            rf"(?P<blaw>(?:{_PRC})?(?:政府)?信息公开条例)",
            rf"(?P<adef>{_L}\s*(?:以下|下文)?\s*(?:统?简称|称)[^）)]{{0,40}}{_R})",
            rf"(?P<art>第\s*(?P<an>{_NUM})\s*条)",
            rf"(?P<cla>第\s*(?P<cn>{_NUM})\s*款)",
            rf"(?P<item>第\s*{_L}\s*(?P<i1>{_NUM})\s*{_R}\s*项?"
            rf"|{_L}\s*(?P<i2>{_NUM})\s*{_R}\s*项"
            rf"|第\s*(?P<i3>{_NUM})\s*项"
            rf"|{_L}(?P<i4>{_NUM}){_R})",
            r"(?P<sep>、|，|,|以及|和|及|与|或者|或|并)",
        )
    )
)
_ALIAS_DEF_RE = re.compile(
    r"《(?P<full>[^《》]{1,80}?)》\s*[（(]\s*(?:以下|下文)?\s*(?:统?简称|称)\s*[:：]?\s*"
    r"[《“\"‘「]?\s*(?P<short>[^》”\"’」）)，,]{1,20}?)\s*[》”\"’」]?\s*[）)]"
)
_LAWLIKE_RE = re.compile(r"(?:法|法典|条例|规定|办法|细则|规则|解释|决定)$")
# a provision right after these is not attributable to an earlier law
_SELF_REF_RE = re.compile(r"本(?:法|条例|办法|规定|细则|规则|制度|规程|方案|通知|意见)\s*$")
_UNKNOWN_NAME_RE = re.compile(r"[\u4e00-\u9fff](?:法|法典|条例|规定|办法|细则|规则)\s*$")
_WS_RE = re.compile(r"\s+")


def document_aliases(text: str) -> dict[str, str]:
    """Aliases the text defines: ``《…》（以下简称《条例》）``, ``（以下简称“条例”）``,
    ``（简称…）`` → ``{"条例": full name}`` (the full name resolved through the built-in table)."""
    out: dict[str, str] = {}
    for m in _ALIAS_DEF_RE.finditer(text):
        full = _WS_RE.sub("", m.group("full"))
        short = _WS_RE.sub("", m.group("short"))
        if short and short != full:
            out[short] = DEFAULT_ALIASES.get(full, full)
    return out


def find_citations(text: str, *, aliases: Mapping[str, str] | None = None) -> list[Citation]:
    """Every citation in ``text`` in text order (see the module doc). ``aliases`` (short → full
    name, e.g. :func:`document_aliases` of the whole document when ``text`` is one paragraph)
    extends the built-in table; definitions in ``text`` itself win."""
    table = {**DEFAULT_ALIASES, **(aliases or {}), **document_aliases(text)}
    return _Scanner(text, table).run()


class _Scanner:
    """Walks the tokens left to right; a chain is a law and/or provisions separated only by
    whitespace and separators."""

    def __init__(self, text: str, table: Mapping[str, str]) -> None:
        self.text = text
        self.table = table
        self.out: list[Citation] = []
        self.last_law: str | None = None  # nearest law named so far (for bare provisions)
        self._reset()

    def _reset(self) -> None:
        self.chain_end = -1  # end of the last token of the chain; -1: no chain
        self.chain_law: str | None = None
        self.law_start = -1
        self.law_only: tuple[str, int, int] | None = None  # a 《law》 not yet followed by 第…
        self.cur: list[Any] = []  # [law, article, clause, item, start, end] being built
        self.after_sep = False

    def run(self) -> list[Citation]:
        for m in _TOKEN_RE.finditer(self.text):
            kind = m.lastgroup
            adjacent = self.chain_end >= 0 and not self.text[self.chain_end : m.start()].strip()
            if kind in ("law", "qlaw", "blaw"):
                self._end_chain()
                self._law(m, kind)
            elif kind == "adef":
                # 《…》（以下简称《条例》）第三十六条: the definition sits inside the chain
                if adjacent and self.law_start >= 0 and not self.cur:
                    self.chain_end = m.end()
                else:
                    self._end_chain()
            elif kind == "sep":
                if adjacent and self.cur and not self.after_sep:
                    self.after_sep = True
                    self.chain_end = m.end()
                else:
                    self._end_chain()
            else:
                self._provision(m, kind, adjacent)
        self._end_chain()
        return self.out

    def _law(self, m: re.Match[str], kind: str | None) -> None:
        raw = m.group("lawname") or m.group("qname") or m.group("blaw")
        name = _WS_RE.sub("", raw)
        law = self.table.get(name, name)
        self.law_start, self.chain_end = m.start(), m.end()
        if kind == "law" and not _LAWLIKE_RE.search(law):
            # 《政府信息公开申请表》, 《…的通知》: a title, not a law; it neither starts a
            # citation nor becomes the law of later bare provisions
            self.chain_law = None
            return
        self.chain_law = self.last_law = law
        self.law_only = (law, m.start(), m.end()) if kind == "law" else None

    def _provision(self, m: re.Match[str], kind: str | None, adjacent: bool) -> None:
        raw = next(g for g in (m.group(name) for name in _NUMS[kind or ""]) if g)
        value = chinese_number(raw)
        if value is None or value <= 0:
            self._end_chain()
            return
        fresh_after_law = adjacent and not self.cur and self.law_start >= 0
        if kind == "art":
            if adjacent and (fresh_after_law or self.after_sep):
                law = self.chain_law
                start = self.law_start if fresh_after_law else m.start()
                self._emit()
            else:
                self._end_chain()
                law = self._bare_law(m.start())
                start = m.start()
            self.law_only = None
            if law is None:
                return  # unattributable: do not guess
            self.chain_law, self.law_start = law, -1
            self.cur = [law, value, None, None, start, m.end()]
        elif not (adjacent and self.cur):
            if kind != "item" or m.group("i4") is None:
                self._end_chain()
            return  # a 款/项 outside a citation (or a list marker such as （一）)
        elif kind == "cla":
            if self.after_sep:
                law, art = self.cur[0], self.cur[1]
                self._emit()
                self.cur = [law, art, value, None, m.start(), m.end()]
            elif self.cur[2] is None and self.cur[3] is None:
                self.cur[2], self.cur[5] = value, m.end()
            else:
                self._end_chain()
                return
        else:  # item
            if m.group("i4") is not None and self.after_sep:
                self._end_chain()  # “、（二）” after a citation is a list, not an item
                return
            if self.after_sep:
                law, art, cla = self.cur[:3]
                self._emit()
                self.cur = [law, art, cla, value, m.start(), m.end()]
            elif self.cur[3] is None:
                self.cur[3], self.cur[5] = value, m.end()
            else:
                self._end_chain()
                return
        self.after_sep = False
        self.chain_end = m.end()

    def _bare_law(self, pos: int) -> str | None:
        before = self.text[max(0, pos - 12) : pos]
        if _SELF_REF_RE.search(before) or _UNKNOWN_NAME_RE.search(before):
            return None
        return self.last_law

    def _emit(self) -> None:
        if self.cur:
            law, art, cla, item, start, end = self.cur
            self.out.append(Citation(law, art, cla, item, start, end, self.text[start:end]))
            self.cur = []

    def _end_chain(self) -> None:
        self._emit()
        if self.law_only is not None:
            law, start, end = self.law_only
            self.out.append(Citation(law, None, None, None, start, end, self.text[start:end]))
        self._reset()


_NUMS: dict[str, tuple[str, ...]] = {
    "art": ("an",),
    "cla": ("cn",),
    "item": ("i1", "i2", "i3", "i4"),
}
