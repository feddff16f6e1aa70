"""Extractors for 领导批示, 制度文件, 政策解读, 新闻发布会 and the work-plan deadline.

Every function takes the parsed document, the extraction rules and the common elements
(issuer/document_date/document_number) and returns ``(elements, findings)``. Every element
carries evidence whose quote is a verbatim span of the collapsed text of the cited block.

The span helpers here (:class:`Flat`, :func:`flatten`, :func:`search`, :func:`locate`,
:func:`dates_in`) are shared by the annual-report and website extractors: they match on the
whitespace-free text (so a phrase a PDF broke across lines still matches) and map the match back
to the collapsed text for the quote.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from extractors.model import Block, Element, Evidence, Finding, ParsedDocument
from extractors.text import collapse_ws
from extractors.text.dates import find_dates
from kaohe.errors import ConfigError

__all__ = [
    "Flat",
    "RulesLike",
    "cn_int",
    "dates_in",
    "extract_leader_instruction",
    "extract_policy_interpretation",
    "extract_press_conference",
    "extract_system_document",
    "extract_work_plan_extra",
    "flatten",
    "locate",
    "search",
    "section_value",
    "title_flats",
]


class RulesLike(Protocol):
    """The part of :class:`extractors.rules.ExtractionRules` the extractors use."""

    def section(self, name: str) -> Mapping[str, Any]: ...

    def message(self, code: str, **fmt: Any) -> str: ...


Result = tuple[dict[str, Element], list[Finding]]

# ----------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True)
class Flat:
    """A block's collapsed text, its whitespace-free form and the map between them."""

    block: Block
    text: str
    flat: str
    pos: tuple[int, ...]
    #: flat indexes that start a line of the raw text (pdf lines, docx soft breaks)
    line_starts: tuple[int, ...] = ()

    def quote(self, start: int, end: int) -> str:
        """The collapsed-text span of ``flat[start:end]`` (verbatim, inner spaces kept)."""
        if end <= start:
            return ""
        return self.text[self.pos[start] : self.pos[end - 1] + 1]

    def evidence(self, start: int = 0, end: int | None = None) -> Evidence:
        end = len(self.flat) if end is None else end
        return Evidence(
            quote=self.quote(start, end), page=self.block.page, paragraph=self.block.paragraph
        )

    def line_end(self, i: int) -> int:
        """The flat index where the raw-text line holding flat index ``i`` ends."""
        at = bisect_right(self.line_starts, i)
        return self.line_starts[at] if at < len(self.line_starts) else len(self.flat)

    def find(self, needle: str, start: int = 0) -> Evidence | None:
        """Evidence for ``needle`` (whitespace ignored) in this block, or None."""
        squeezed = _squeeze(needle)
        at = self.flat.find(squeezed, start) if squeezed else -1
        return None if at < 0 else self.evidence(at, at + len(squeezed))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _flat(block: Block) -> Flat:
    text = collapse_ws(block.text)
    pos = tuple(i for i, ch in enumerate(text) if not ch.isspace())
    # collapse_ws only rewrites whitespace, so the raw text's non-space characters are the flat
    # text's, in order: a newline before the n-th of them makes n a line start.
    starts: list[int] = []
    n, newline = 0, False
    for ch in block.text:
        if ch == "\n":
            newline = True
        elif not ch.isspace():
            if newline and n:
                starts.append(n)
            newline = False
            n += 1
    return Flat(block, text, "".join(text[i] for i in pos), pos, tuple(starts))


def flatten(doc: ParsedDocument) -> list[Flat]:
    """One :class:`Flat` per block, in reading order."""
    return [_flat(b) for b in doc.blocks]


def search(flats: Iterable[Flat], pattern: re.Pattern[str]) -> Iterator[tuple[Flat, re.Match[str]]]:
    """Every match of ``pattern`` on the whitespace-free text of each block."""
    for f in flats:
        for m in pattern.finditer(f.flat):
            yield f, m


def locate(
    flats: Iterable[Flat],
    needles: Iterable[str | None],
    *,
    page: int | None = None,
    min_paragraph: int | None = None,
) -> Evidence | None:
    """Evidence for the first needle found, trying needles in order, blocks in order.

    ``page`` limits the search to one pdf page; ``min_paragraph`` to docx blocks from that
    index on (the cells of a table follow its first cell block).
    """
    candidates = [f for f in flats if page is None or f.block.page == page]
    if min_paragraph is not None:
        candidates = [
            f for f in candidates if f.block.paragraph is None or f.block.paragraph >= min_paragraph
        ]
    for needle in needles:
        if not needle or not _squeeze(needle):
            continue
        for f in candidates:
            ev = f.find(needle)
            if ev is not None:
                return ev
    return None


def dates_in(
    f: Flat, start: int = 0, end: int | None = None
) -> list[tuple[datetime.date, int, int]]:
    """Full dates (with a year) in ``f.flat[start:end]`` as (value, flat start, flat end).

    The dates are read from the collapsed text (so "2024-02-02 09:30" keeps its space) and their
    positions mapped to the whitespace-free text.
    """
    end = len(f.flat) if end is None else min(end, len(f.flat))
    if start >= end:
        return []
    cstart, cend = f.pos[start], f.pos[end - 1] + 1
    out = []
    for d in find_dates(f.text[cstart:cend]):
        if d.has_year:
            a = bisect_left(f.pos, cstart + d.start)
            b = bisect_left(f.pos, cstart + d.end)
            out.append((d.value, a, b))
    return out


def title_flats(flats: list[Flat], limit: int = 6) -> list[Flat]:
    """The first few body/table blocks (where a title is), skipping page headers."""
    return [f for f in flats if f.block.kind not in ("header", "footer") and f.flat][:limit]


def section_value(rules: RulesLike, section: str, key: str, default: Any) -> Any:
    """``rules.section(section)[key]`` or ``default`` when the rules do not set it."""
    value = rules.section(section).get(key)
    return default if value is None else value


_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_int(text: str) -> int | None:
    """An integer from ASCII/full-width digits or Chinese numerals ("二〇二三", "十二"); else None.

    A run of numeral digits without units (二〇二三) reads digit by digit, as years are written.
    """
    s = collapse_ws(text).replace(" ", "").replace(",", "").replace("，", "")
    if not s:
        return None
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit() and s.isascii():
        return int(s)
    if all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    if not all(ch in _CN_DIGITS or ch in _CN_UNITS for ch in s):
        return None
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def _date_element(f: Flat, found: tuple[datetime.date, int, int]) -> Element:
    value, start, end = found
    return Element(value.isoformat(), (f.evidence(start, end),))


def _labelled_date(flats: list[Flat], labels: str) -> Element | None:
    """The first date right after one of ``labels`` (regex alternation) and a colon."""
    pattern = re.compile(rf"(?:{labels})[:：]?")
    for f, m in search(flats, pattern):
        found = dates_in(f, m.end(), min(len(f.flat), m.end() + 20))
        if found and found[0][1] <= m.end() + 1:
            return _date_element(f, found[0])
        nxt = _next_cell(flats, f, m)
        if nxt is not None:
            found = dates_in(nxt, 0, 20)
            if found and found[0][1] == 0:
                return _date_element(nxt, found[0])
    return None


def _next_cell(flats: list[Flat], f: Flat, m: re.Match[str]) -> Flat | None:
    """The block after ``f`` when the label ``m`` is all of ``f`` (a form's label cell)."""
    if m.start() != 0 or m.end() != len(f.flat):
        return None
    at = next((i for i, g in enumerate(flats) if g is f), -1)
    return flats[at + 1] if 0 <= at < len(flats) - 1 else None


def _common_date(common: Mapping[str, Element]) -> Element | None:
    el = common.get("document_date")
    return el if el is not None and el.value else None


def _last_date(flats: list[Flat]) -> Element | None:
    for f in reversed(flats):
        found = dates_in(f)
        if found:
            return _date_element(f, found[-1])
    return None


# ----------------------------------------------------------------------------- 领导批示

_TITLES = (
    "书记|副书记|县长|副县长|区长|副区长|市长|副市长|局长|副局长|主任|副主任|部长|主席|厅长|"
    "处长|镇长|乡长|秘书长|常委|党组书记|负责人"
)
_NAME = r"[\u4e00-\u9fa5]{2,3}"
_INSTRUCT_VERB = r"(?:批示|阅示|签批|圈阅)"
_INSTRUCTOR_LABEL = re.compile(r"(?:批示人|批示领导|签批人|签批领导|阅示人|领导姓名)[:：]?")
_INSTRUCTOR_TITLED = re.compile(
    rf"([\u4e00-\u9fa5]{{0,8}}?(?:{_TITLES}))({_NAME}?)(?:同志)?"
    rf"(?:于[^。；;]{{1,16}}?)?(?:在[^。；;]{{1,40}}?上)?(?:作出|做出|作|做)?(?:重要)?{_INSTRUCT_VERB}"
)
_DISCLOSURE = re.compile(r"政务公开|政府信息公开|信息公开|五公开|公开专栏")


def extract_leader_instruction(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``instruction_date``, ``instructor`` (who, as written), ``on_disclosure`` (always)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    who = _instructor(flats)
    if who is not None:
        out["instructor"] = who[0]
    date_el = _labelled_date(flats, r"批示(?:时间|日期)|签批(?:时间|日期)|阅示(?:时间|日期)")
    if date_el is None and who is not None:
        # "2024年3月5日，县长王某某在…上批示": the date in the instructor's own sentence
        f, start = who[1], who[2]
        near = [d for d in dates_in(f) if abs(d[1] - start) <= 40]
        if near:
            date_el = _date_element(f, near[0])
    if date_el is None:
        date_el = _common_date(common) or _last_date(flats)
    if date_el is not None:
        out["instruction_date"] = date_el
    hits = [f.evidence(m.start(), m.end()) for f, m in search(flats, _DISCLOSURE)]
    out["on_disclosure"] = Element(bool(hits), tuple(hits[:3]))
    findings: list[Finding] = []
    if not hits:
        findings.append(
            Finding(
                "instruction_not_on_disclosure",
                rules.message("instruction_not_on_disclosure"),
            )
        )
    return out, findings


def _instructor(flats: list[Flat]) -> tuple[Element, Flat, int] | None:
    for f, m in search(flats, _INSTRUCTOR_LABEL):
        name = re.match(_NAME, f.flat[m.end() : f.line_end(m.end())])
        if name and m.end() < len(f.flat):
            end = m.end() + name.end()
            return Element(name.group(0), (f.evidence(m.start(), end),)), f, m.start()
        nxt = _next_cell(flats, f, m)
        if nxt is not None and re.fullmatch(_NAME, nxt.flat):
            return Element(nxt.flat, (nxt.evidence(),)), nxt, 0
    for f, m in search(flats, _INSTRUCTOR_TITLED):
        if not m.group(2):
            continue
        who = m.group(1) + m.group(2)
        return Element(who, (f.evidence(m.start(1), m.end(2)),)), f, m.start()
    # A 批示单: the instruction text, then the leader's name alone on a line, then a date.
    for i, f in enumerate(flats[:-1]):
        nxt = flats[i + 1]
        if (
            re.fullmatch(_NAME, f.flat)
            and dates_in(nxt)
            and any(
                _DISCLOSURE.search(g.flat) or "批示" in g.flat for g in flats[max(0, i - 3) : i]
            )
        ):
            return Element(f.flat, (f.evidence(),)), f, 0
    return None


# ----------------------------------------------------------------------------- 制度文件

#: (canonical step, pattern) — the 1.4.1 chain 受理、审查、处理、答复、存档
_STEPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("受理", re.compile(r"受理|登记")),
    ("审查", re.compile(r"审查|审核")),
    ("处理", re.compile(r"处理|办理")),
    ("答复", re.compile(r"答复")),
    ("存档", re.compile(r"存档|归档|立卷")),
)
_CLAUSE_END = "。；;！!？?"
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("assessment_method", re.compile(r"(?:考核|考评|评议|评估)(?:办法|制度|细则|方案|标准|规定)")),
    (
        "application_procedure",
        re.compile(r"依申请公开.{0,12}?(?:规程|流程|程序|办法|制度|规定|细则|机制)"),
    ),
    (
        "disclosure_system",
        re.compile(r"(?:政府信息公开|政务公开|信息公开).{0,12}?(?:制度|办法|规定|细则|机制|规程)"),
    ),
)
_POINTS_PAREN = re.compile(
    r"((?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．]?)"
    r"[\u4e00-\u9fa5“”、]{2,30}?)[（(](\d+(?:\.\d+)?)分[)）]"
)
_POINTS_TEXT = re.compile(
    r"((?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．])"
    r"[\u4e00-\u9fa5“”、]{2,30}?)[:：，,]?(?:权重|分值|占|计)?(\d+(?:\.\d+)?)(分|%)"
)


def extract_system_document(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``system_kind``, ``covers_steps`` (one quote per step), ``indicators`` and
    ``has_indicators_and_weights`` (always), with ``system_missing_steps`` for a 依申请公开
    procedure lacking some of 受理/审查/处理/答复/存档 and ``system_missing_weights`` for a
    考核办法 without indicators and weights."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []
    kind, kind_ev = _system_kind(flats)
    out["system_kind"] = Element(kind, kind_ev)

    steps: list[str] = []
    step_ev: list[Evidence] = []
    for name, pattern in _STEPS:
        ev = _clause_evidence(flats, pattern)
        if ev is not None:
            steps.append(name)
            step_ev.append(ev)
    out["covers_steps"] = Element(steps, tuple(step_ev))
    if kind == "application_procedure":
        missing = [name for name, _ in _STEPS if name not in steps]
        if missing:
            findings.append(
                Finding(
                    "system_missing_steps",
                    rules.message(
                        "system_missing_steps",
                        missing="、".join(missing),
                        searched="；".join(
                            f"{n}（{p.pattern}）" for n, p in _STEPS if n in missing
                        ),
                    ),
                    tuple(ev for ev in kind_ev),
                )
            )

    indicators, ind_ev = _indicators(doc, flats)
    if indicators:
        out["indicators"] = Element(indicators, tuple(ind_ev))
    has = len(indicators) >= 2
    out["has_indicators_and_weights"] = Element(has, tuple(ind_ev[:3]))
    if kind == "assessment_method" and not has:
        findings.append(
            Finding(
                "system_missing_weights",
                rules.message("system_missing_weights"),
                tuple(kind_ev),
            )
        )
    return out, findings


def _system_kind(flats: list[Flat]) -> tuple[str, tuple[Evidence, ...]]:
    # The title decides; the body only when the title names no kind (a bare "第一条…").
    for scope in (title_flats(flats, 4), flats):
        for kind, pattern in _KIND_PATTERNS:
            for f, m in search(scope, pattern):
                return kind, (f.evidence(m.start(), m.end()),)
    return "other", ()


def _clause_evidence(flats: list[Flat], pattern: re.Pattern[str]) -> Evidence | None:
    """The clause (up to 60 characters) around the first match of ``pattern``."""
    for f, m in search(flats, pattern):
        start = m.start()
        while start > 0 and f.flat[start - 1] not in _CLAUSE_END and m.start() - start < 30:
            start -= 1
        end = m.end()
        while end < len(f.flat) and f.flat[end] not in _CLAUSE_END and end - m.end() < 30:
            end += 1
        return f.evidence(start, end)
    return None


def _indicators(
    doc: ParsedDocument, flats: list[Flat]
) -> tuple[list[dict[str, Any]], list[Evidence]]:
    """Indicators with points/weights: from a scoring table, else from "名称（10分）" text."""
    items: list[dict[str, Any]] = []
    evidence: list[Evidence] = []
    for table in doc.tables:
        header_at, name_col, points_col = _score_columns(table.rows)
        if points_col is None or name_col is None:
            continue
        for row in table.rows[header_at + 1 :]:
            name = _cell(row, name_col)
            points = _number(_cell(row, points_col))
            if not name or points is None or "合计" in name or "总分" in name:
                continue
            ev = locate(
                flats,
                [f"{name} {_cell(row, points_col)}", name],
                page=table.page,
                min_paragraph=table.paragraph,
            )
            if ev is None:
                continue
            items.append({"name": collapse_ws(name), "points": points})
            evidence.append(ev)
    if items:
        return items, evidence
    seen: set[str] = set()
    for pattern in (_POINTS_PAREN, _POINTS_TEXT):
        for f, m in search(flats, pattern):
            name = m.group(1)
            if name in seen:
                continue
            seen.add(name)
            unit = m.group(3) if pattern is _POINTS_TEXT else "分"
            entry: dict[str, Any] = {"name": name, "points": float(m.group(2))}
            if unit == "%":
                entry = {"name": name, "weight_percent": float(m.group(2))}
            items.append(entry)
            evidence.append(f.evidence(m.start(), m.end()))
        if items:
            break
    return items, evidence


def _score_columns(
    rows: tuple[tuple[str | None, ...], ...],
) -> tuple[int, int | None, int | None]:
    for i, row in enumerate(rows[:3]):
        cells = [_squeeze(c or "") for c in row]
        points = next(
            (j for j, c in enumerate(cells) if re.search(r"分值|权重|赋分|分数|标准分", c)), None
        )
        name = next(
            (j for j, c in enumerate(cells) if re.search(r"指标|项目|内容|考核事项", c)), None
        )
        if points is not None:
            if name is None or name == points:
                name = 0 if points != 0 else None
            return i, name, points
    return 0, None, None


def _cell(row: tuple[str | None, ...], col: int) -> str:
    return (row[col] or "") if col < len(row) else ""


def _number(text: str) -> float | None:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:分|%)?", _squeeze(text))
    return float(m.group(1)) if m else None


# ----------------------------------------------------------------------------- 政策解读

_FORMS = re.compile(
    r"图文解读|文字解读|视频解读|音频解读|动漫解读|H5解读|图解|一图读懂|一图看懂|专家解读|"
    r"领导解读|媒体解读|新闻发布会|政策吹风会|在线访谈|答记者问|问答"
)
_POLICY_TITLE = re.compile(r"《([^《》]{2,80})》")
_POLICY_ABOUT = re.compile(r"关于(.{4,60}?)的(?:政策)?解读")


def extract_policy_interpretation(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``policy`` (the interpreted policy's title, without 《》), ``interpretation_date``,
    ``form`` (as written: 图文解读, 一图读懂, 视频解读, 专家解读 …)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    head = title_flats(flats)
    for scope in (head, flats):
        hit = next(search(scope, _POLICY_TITLE), None) or next(search(scope, _POLICY_ABOUT), None)
        if hit is not None:
            f, m = hit
            out["policy"] = Element(m.group(1), (f.evidence(m.start(), m.end()),))
            break
    date_el = (
        _labelled_date(flats, r"发布时间|发布日期|解读时间|解读日期|时间")
        or _common_date(common)
        or _last_date(flats)
    )
    if date_el is not None:
        out["interpretation_date"] = date_el
    for scope in (head, flats):
        hit = next(search(scope, _FORMS), None)
        if hit is not None:
            f, m = hit
            out["form"] = Element(m.group(0), (f.evidence(m.start(), m.end()),))
            break
    return out, []


# ----------------------------------------------------------------------------- 新闻发布会

_TOPIC_LABEL = re.compile(r"(?:发布会主题|发布主题|主题|发布内容)[:：]")
_TOPIC_ON = re.compile(r"就([^。；;，,]{2,60}?)(?:举行|召开|举办)[^。；;]{0,6}?新闻发布会")
_TOPIC_TITLE = re.compile(r"(.{2,80}?)新闻发布会")
_SPEAKER_LABEL = re.compile(r"(?:主发布人|新闻发言人|发言人|发布人|出席嘉宾|发布嘉宾)[:：]")
#: where a labelled value ends inside its line
_VALUE_END = re.compile(r"[。；;]|(?:主持人|时间|地点|发布人|主题)[:：]")
_SPEAKER_TEXT = re.compile(
    rf"([\u4e00-\u9fa5]{{0,16}}?(?:{_TITLES}|新闻发言人))({_NAME})(?:同志)?"
    r"(?:出席(?:发布会)?(?:并)?|作为发布人)?(?:介绍|发布|通报|答记者问|回答)"
)


def extract_press_conference(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``conference_date``, ``topic`` and ``spokesperson`` (as written)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    date_el = _labelled_date(flats, r"召开时间|发布会时间|举办时间|发布时间|时间")
    if date_el is None:
        for f, m in search(flats, re.compile(r"新闻发布会")):
            near = [d for d in dates_in(f) if d[1] < m.start()]
            if near:
                date_el = _date_element(f, near[-1])
                break
    date_el = date_el or _common_date(common) or _last_date(flats)
    if date_el is not None:
        out["conference_date"] = date_el

    topic = _label_value(flats, _TOPIC_LABEL)
    on = next(search(flats, _TOPIC_ON), None)
    if topic is not None:
        out["topic"] = topic
    elif on is not None:
        f, m = on
        out["topic"] = Element(m.group(1), (f.evidence(m.start(1), m.end(1)),))
    else:
        hit = next(search(title_flats(flats, 3), _TOPIC_TITLE), None)
        if hit is not None:
            f, m = hit
            name = re.sub(r"^(?:关于|召开|举行)", "", m.group(1))
            start = m.end(1) - len(name)
            if len(name) >= 2:
                out["topic"] = Element(name, (f.evidence(start, m.end(1)),))

    speaker = _label_value(flats, _SPEAKER_LABEL)
    if speaker is not None:
        out["spokesperson"] = speaker
    else:
        hit = next(search(flats, _SPEAKER_TEXT), None)
        if hit is not None:
            f, m = hit
            out["spokesperson"] = Element(
                m.group(1) + m.group(2), (f.evidence(m.start(1), m.end(2)),)
            )
    return out, []


def _label_value(flats: list[Flat], label: re.Pattern[str]) -> Element | None:
    """The text after ``label`` up to the end of its line or sentence (or the next cell)."""
    for f, m in search(flats, label):
        g, start = f, m.end()
        if start >= len(f.flat):
            nxt = _next_cell(flats, f, m)
            if nxt is None:
                continue
            g, start = nxt, 0
        end = g.line_end(start)
        stop = _VALUE_END.search(g.flat, start, end)
        end = stop.start() if stop else end
        value = g.flat[start:end].rstrip("，,、")
        if len(value) >= 2:
            return Element(value, (g.evidence(start, start + len(value)),))
    return None


# ----------------------------------------------------------------------------- 工作要点


def extract_work_plan_extra(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element], year: int | None
) -> Result:
    """``issue_date`` (成文日期) and ``issued_by_deadline`` (always; null without a date or
    year); finding ``work_plan_late`` when issued after the deadline (default 06-30 of ``year``,
    ``other_types.work_plan_deadline`` in the rules)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []
    date_el = _common_date(common) or _labelled_date(flats, r"成文日期|印发日期|发文日期")
    if date_el is not None:
        out["issue_date"] = date_el
    deadline = None
    if year is not None:
        month, day = _month_day(section_value(rules, "other_types", "work_plan_deadline", "06-30"))
        deadline = datetime.date(year, month, day)
    if date_el is None or deadline is None:
        out["issued_by_deadline"] = Element(None)
        return out, findings
    issued = datetime.date.fromisoformat(str(date_el.value))
    on_time = issued <= deadline
    out["issued_by_deadline"] = Element(on_time, date_el.evidence)
    if not on_time:
        findings.append(
            Finding(
                "work_plan_late",
                rules.message(
                    "work_plan_late", date=issued.isoformat(), deadline=deadline.isoformat()
                ),
                date_el.evidence,
            )
        )
    return out, findings


def _month_day(value: Any) -> tuple[int, int]:
    """ "MM-DD" from the rules (YAML may have read it as a string or an int-like)."""
    m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", str(value))
    if not m:
        raise ConfigError(
            f"extraction.yaml 的 other_types.work_plan_deadline 应为 MM-DD：{value!r}"
        )
    return int(m.group(1)), int(m.group(2))
