"""Elements common to every document: issuer (落款), document date (成文日期), document number.

Also the text plumbing the content extractors share:

* :class:`Line` — one physical line of a block (docx paragraphs rarely have more than one; a
  PDF page block has one per printed line).
* :class:`Unit` — a paragraph-like run of lines with all whitespace removed (a PDF breaks
  sentences, even dates and words, across lines), keeping a map back to block offsets so every
  quote is a verbatim substring of its block.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.model import Block, Element, Evidence, ParsedDocument
from extractors.text import collapse_ws
from extractors.text.dates import DateMatch, find_dates

__all__ = [
    "Line",
    "Unit",
    "body_lines",
    "common_elements",
    "evidence",
    "find_document_date",
    "find_document_number",
    "find_issuer",
    "is_org_name",
    "units",
]

_SKIP_KINDS = frozenset({"header", "footer"})


@dataclass(frozen=True, slots=True)
class Line:
    """``block.text[start:end]`` is the line (without its newline)."""

    block: Block
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Unit:
    """Whitespace-free text of consecutive lines; ``index[i]`` = block offset of ``text[i]``.

    A unit joined from hard-wrapped docx paragraphs keeps its pieces in ``parts`` (each a
    one-block unit); ``block`` is then the first piece's block and ``index[i]`` the offset in
    the block of the piece that holds ``text[i]``.
    """

    block: Block
    text: str
    index: tuple[int, ...]
    parts: tuple[Unit, ...] = ()

    def pieces(self, start: int, end: int) -> list[tuple[Unit, int, int]]:
        """``text[start:end]`` as (one-block unit, start, end) pieces, one per block."""
        if not self.parts:
            return [(self, start, end)]
        out: list[tuple[Unit, int, int]] = []
        pos = 0
        for part in self.parts:
            a, b = max(start, pos), min(end, pos + len(part.text))
            if a < b:
                out.append((part, a - pos, b - pos))
            pos += len(part.text)
        return out

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Block offsets of ``text[start:end]`` (of its first block, for a joined unit)."""
        unit, a, b = self.pieces(start, end)[0]
        return unit.index[a], unit.index[b - 1] + 1

    def evidence(self, start: int, end: int) -> Evidence:
        """The quote of ``text[start:end]`` (its first block's part, for a joined unit)."""
        return self.evidences(start, end)[0]

    def evidences(self, start: int, end: int) -> tuple[Evidence, ...]:
        """One quote per block of ``text[start:end]``."""
        out = []
        for unit, a, b in self.pieces(start, end):
            x, y = unit.index[a], unit.index[b - 1] + 1
            out.append(evidence(unit.block, x, y))
        return tuple(out)

    def line_starts(self) -> frozenset[int]:
        """Offsets in ``text`` where a printed line (or a joined paragraph) begins."""
        out = {0}
        pos = 0
        for unit in self.parts or (self,):
            out.add(pos)
            for i in range(1, len(unit.text)):
                if "\n" in unit.block.text[unit.index[i - 1] : unit.index[i]]:
                    out.add(pos + i)
            pos += len(unit.text)
        return frozenset(out)

    def gap_before(self, i: int, line_starts: frozenset[int] | None = None) -> bool:
        """True when blanks (not a line break) stand between ``text[i-1]`` and ``text[i]``."""
        starts = self.line_starts() if line_starts is None else line_starts
        if i <= 0 or i in starts:
            return False
        unit, a, _b = self.pieces(i - 1, i + 1)[0]
        if a + 1 >= len(unit.text):
            return False
        between = unit.block.text[unit.index[a] + 1 : unit.index[a + 1]]
        return bool(between) and "\n" not in between


def evidence(block: Block, start: int, end: int) -> Evidence:
    """The contract's quote of ``block.text[start:end]``."""
    return Evidence(
        quote=collapse_ws(block.text[start:end]), page=block.page, paragraph=block.paragraph
    )


def _lines(block: Block) -> Iterator[Line]:
    pos = 0
    for raw in block.text.split("\n"):
        if raw.strip():
            yield Line(block, pos, pos + len(raw))
        pos += len(raw) + 1


# Page furniture a PDF page carries inside its block: "第1页 共2页", "- 1 -", "— 2 —", "1/3".
_PAGE_NO = re.compile(
    r"^\s*(?:第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页"
    r"|[-—–－]\s*\d+\s*[-—–－]|\d+\s*/\s*\d+|\d{1,3})\s*$"
)


def body_lines(doc: ParsedDocument) -> list[Line]:
    """Non-empty lines of all non-header/footer blocks, page numbers dropped, in reading order."""
    out: list[Line] = []
    for block in doc.blocks:
        if block.kind in _SKIP_KINDS:
            continue
        out.extend(ln for ln in _lines(block) if not _PAGE_NO.match(ln.text))
    return out


_WS = re.compile(r"\s")
# A line ending like this ends a paragraph; so does a short line (a title, a sign-off line).
_PARA_END = re.compile(r"[。！？；：:!?;]\s*$")
_SENTENCE_END = re.compile(r"[。！？!?]\s*$")


def _squeeze(block: Block, start: int, end: int) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    for i in range(start, end):
        ch = block.text[i]
        if not _WS.match(ch):
            chars.append(ch)
            index.append(i)
    return "".join(chars), index


def _width(text: str) -> float:
    """Printed width of ``text`` in full-width characters (digits, Latin, blanks count half)."""
    return sum(0.5 if unicodedata.east_asian_width(ch) in "NaH" else 1.0 for ch in text.strip())


def _full_width(widths: list[float]) -> float:
    """The width of a full printed line: the upper quartile, at least 3/4 of the widest.

    Not the widest alone: one long line (a note in smaller type, a wider table row) would make
    every wrapped line of a hard-wrapped text look short.
    """
    ordered = sorted(widths)
    return max(ordered[(3 * len(ordered)) // 4], 0.75 * ordered[-1])


def units(
    doc: ParsedDocument, *, include_header_footer: bool = False, join_wrapped: bool = False
) -> list[Unit]:
    """Paragraph-like units of the document in reading order (see module docstring).

    ``join_wrapped``: docx paragraphs hard-wrapped like printed lines (see
    :func:`_hard_wrapped`) are joined into one unit each sentence run.
    """
    out: list[Unit] = []
    for block in doc.blocks:
        if block.kind in _SKIP_KINDS and not include_header_footer:
            continue
        lines = [ln for ln in _lines(block) if not _PAGE_NO.match(ln.text)]
        if not lines:
            continue
        width = _full_width([_width(ln.text) for ln in lines])
        chars = ""
        index: list[int] = []
        for ln in lines:
            text, idx = _squeeze(block, ln.start, ln.end)
            chars += text
            index.extend(idx)
            short = _width(ln.text) < 0.8 * width
            if _PARA_END.search(ln.text) or short:
                if chars:
                    out.append(Unit(block, chars, tuple(index)))
                chars, index = "", []
        if chars:
            out.append(Unit(block, chars, tuple(index)))
    return _join_wrapped(out) if join_wrapped else out


#: the width a hard-wrapped docx paragraph can have (one printed line of an A4 page)
_LINE_WIDTH_MIN, _LINE_WIDTH_MAX = 20.0, 48.0
_BOXES = "□☐☑■√✓✔☒▣"


def _hard_wrapped(us: list[Unit]) -> set[int]:
    """Indices of docx units that end a printed line mid-sentence (hard-wrapped paragraphs).

    A docx typed with a line break at the end of every printed line shows as several
    paragraphs of about the same width (20 to 48 full-width characters) that end without
    closing punctuation. At least three such paragraphs within 85% of the widest are needed;
    titles, numbers and date lines are narrower.
    """
    open_ = {
        i: _width(u.text)
        for i, u in enumerate(us)
        if u.block.page is None
        and u.block.kind == "body"
        and not u.parts
        and not _PARA_END.search(u.text)
        and _LINE_WIDTH_MIN <= _width(u.text) <= _LINE_WIDTH_MAX
    }
    if not open_:
        return set()
    widest = max(open_.values())
    wrapped = {i for i, w in open_.items() if w >= 0.85 * widest}
    return wrapped if len(wrapped) >= 3 else set()


def _join_wrapped(us: list[Unit]) -> list[Unit]:
    wrapped = _hard_wrapped(us)
    if not wrapped:
        return us
    out: list[Unit] = []
    group: list[Unit] = []
    for i, u in enumerate(us):
        group.append(u)
        nxt = us[i + 1] if i + 1 < len(us) else None
        joins = (
            i in wrapped
            and nxt is not None
            and nxt.block.kind == "body"
            and nxt.block.paragraph == (u.block.paragraph or 0) + 1
            and nxt.text[:1] not in _BOXES
        )
        if joins:
            continue
        if len(group) == 1:
            out.append(group[0])
        else:
            out.append(
                Unit(
                    group[0].block,
                    "".join(g.text for g in group),
                    tuple(x for g in group for x in g.index),
                    tuple(group),
                )
            )
        group = []
    return out


# ---------------------------------------------------------------------------- sign-off

# Seal annotations printed next to the issuer: "（盖章）", "(印章)", "（公章）".
_SEAL = re.compile(r"[（(]\s*(?:盖\s*章|印\s*章|公\s*章|签\s*章|章)\s*[）)]")
_ORG_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办|人民政府|政府|厅|部|院|中心|所|处|科|站|队|会|公司|办事处"
    r"|镇|乡|街道|署|馆|室|组|集团|银行|学校|大学|医院|分局|管委会|党委|党组|法院|检察院)$"
)
_ORG_CHARS = re.compile(r"^[\u4e00-\u9fff（）()·]+$")
_TRAILING_PAREN = re.compile(r"[（(][^（）()]*[）)]$")
# Words of closing formulas and notes that end like an organisation ("此复", "特此告知").
_NOT_ORG = re.compile(
    r"此复|特此|告知|抄送|印发|附件|联系|电话|地址|签发|公开方式|主动公开"
    # a place, not a body: "局三楼会议室", "培训地点…", "县政务中心报告厅"
    r"|会议室|会场|地点|报告厅|礼堂|大厅|多功能厅|活动室|[一二三四五六七八九十\d]+(?:楼|层)"
)
# What may stand next to the date on a date line.
_DATE_LABEL = re.compile(r"^(?:成文日期|落款日期|日期|时间)?[：:]?$")


def is_org_name(text: str) -> bool:
    """True for a line that reads as an organisation name (whitespace already removed)."""
    if not 3 <= len(text) <= 40 or not _ORG_CHARS.match(text) or _NOT_ORG.search(text):
        return False
    core = _TRAILING_PAREN.sub("", text)
    return len(core) >= 3 and bool(_ORG_SUFFIX.search(core))


def _org_span(line: Line) -> tuple[int, int, str] | None:
    """(start, end, squeezed name) of the organisation name on ``line`` with seal text removed."""
    text = line.text
    seal = _SEAL.search(text)
    if seal:
        before, after = text[: seal.start()], text[seal.end() :]
        a, b = (0, seal.start()) if before.strip() else (seal.end(), len(text))
        if before.strip() and after.strip():
            return None
    else:
        a, b = 0, len(text)
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    trail = len(seg.rstrip())
    name = _WS.sub("", seg)
    if not is_org_name(name):
        return None
    return line.start + a + lead, line.start + a + trail, name


@dataclass(frozen=True, slots=True)
class _DateLine:
    line: Line
    match: DateMatch
    start: int  # block offsets of the date text
    end: int
    #: squeezed text before the date on the same line (an issuer on one line with the date)
    before: str


def _date_line(line: Line) -> _DateLine | None:
    """The line's date if the line is a sign-off date line (the date and at most a label)."""
    text, idx = _squeeze(line.block, line.start, line.end)
    found = find_dates(text)
    if len(found) != 1 or not found[0].has_year:
        return None
    m = found[0]
    after = _SEAL.sub("", text[m.end :])
    before = _SEAL.sub("", text[: m.start])
    # "××办公室 2024年4月3日印发" (版记) and "（2024年4月3日）" notes are not sign-off dates.
    if after or not (_DATE_LABEL.match(before) or is_org_name(before)):
        return None
    return _DateLine(line, m, idx[m.start], idx[m.end - 1] + 1, before)


def _signoff(doc: ParsedDocument, tail: int = 15) -> tuple[Element | None, Element | None]:
    """(issuer, document_date) read from the sign-off block near the end of the document."""
    lines = body_lines(doc)
    # Never look at the first lines (title, number, salutation): the issuer is not the title.
    # A short cover notice may sign off earlier: after its first full sentence ("…现印发给你们，
    # 请认真贯彻落实。／新余市人民政府办公室／2023年8月7日", then the attached plan).
    first = min(3, max(len(lines) - 1, 0))
    sentence = next(
        (i for i, ln in enumerate(lines[:first]) if _SENTENCE_END.search(ln.text)), None
    )
    if sentence is not None:
        first = sentence + 1
    candidates = lines[first:]
    date_lines = [(i, dl) for i, ln in enumerate(candidates) if (dl := _date_line(ln)) is not None]
    # Prefer a date line whose own text or nearest line above is an organisation: the
    # issuer/date pair of the sign-off, not a stray date in an attached table.
    for i, dl in reversed(date_lines):
        issuer = _issuer_for(candidates, i, dl)
        if issuer is not None:
            return issuer, _date_element(dl)
    tail_start = max(len(candidates) - tail, 0)
    date_el = None
    for i, dl in reversed(date_lines):
        if i >= tail_start:
            date_el = _date_element(dl)
            break
    issuer_el = None
    for ln in reversed(candidates[tail_start:]):
        span = _org_span(ln)
        if span is not None:
            issuer_el = Element(span[2], (evidence(ln.block, span[0], span[1]),))
            break
    return issuer_el, date_el


def _issuer_for(lines: list[Line], i: int, dl: _DateLine) -> Element | None:
    if dl.before and is_org_name(dl.before):
        line = dl.line
        text = line.block.text
        seg = text[line.start : dl.start]
        seal = _SEAL.search(seg)
        end = line.start + (seal.start() if seal else len(seg.rstrip()))
        start = line.start + len(seg) - len(seg.lstrip())
        return Element(dl.before, (evidence(line.block, start, end),))
    # Up to two lines above: a seal line ("（盖章）") may sit between name and date.
    for j in range(i - 1, max(i - 3, -1), -1):
        ln = lines[j]
        if _SEAL.fullmatch(ln.text.strip()):
            continue
        span = _org_span(ln)
        if span is not None:
            return Element(span[2], (evidence(ln.block, span[0], span[1]),))
        return None
    return None


def _date_element(dl: _DateLine) -> Element:
    return Element(dl.match.value.isoformat(), (evidence(dl.line.block, dl.start, dl.end),))


def find_issuer(doc: ParsedDocument) -> Element | None:
    """The 落款 body: the organisation line of the sign-off (seal text stripped), or None."""
    return _signoff(doc)[0]


def find_document_date(doc: ParsedDocument) -> Element | None:
    """The 成文/落款 date: the last date line of the sign-off block (never a body date)."""
    return _signoff(doc)[1]


# --------------------------------------------------------------------- document number

_DIGIT = r"[0-9０-９]"
_YEAR = r"[〔\[［【(（﹝]\s*(?:19|20|１９|２０)" + _DIGIT + r"{2}\s*[〕\]］】)）﹞]"
#: a suffix printed after the 号 ("沪浦信息公开（2009）第0071号-部公告")
_SUFFIX = r"(?:\s*[-－—–]\s*[\u4e00-\u9fff]{1,4})?"
#: the sequence number, with a sub-number where a case was split ("硚复决字〔2022〕第12-3号")
_SEQ = _DIGIT + r"{1,5}(?:\s*[-－—–]\s*" + _DIGIT + r"{1,4})?"
_DOC_NO = re.compile(
    r"(?P<no>(?:[\u4e00-\u9fffA-Za-z]{1,16}\s*" + _YEAR + r"\s*第?\s*" + _SEQ + r"\s*[号號]"
    # the bracketed year first: "〔2024〕淮行复第80号"
    r"|" + _YEAR + r"\s*[\u4e00-\u9fff]{1,10}\s*第\s*" + _SEQ + r"\s*[号號])" + _SUFFIX + ")"
)
# Label words a greedy prefix may swallow on a line such as "文号：集自然资信复〔2024〕7号".
_NO_LABEL = re.compile(r"^(?:文号|发文字号|编号|字号)[：:]?")
# A number the text cites ("根据国办发〔2019〕12号", "《…》（国办函〔2020〕109号）") is not its own.
_CITED_BEFORE = re.compile(
    r"(?:根据|依据|按照|依照|遵照|参照|贯彻|落实|转发|印发|作出了?|《[^》]*》|》)[（(]?$"
)
#: a citing verb swallowed by the number's greedy prefix ("日对原告作出了郑高开(2014)第29号")
_CITED_LEAD = re.compile(r"(?:根据|依据|按照|依照|遵照|参照|贯彻|落实|转发|作出)")
#: "…作出了郑高开(2014)第29号政府信息公开告知书": a number naming another document
_CITED_AFTER = re.compile(
    r"^[）)]?(?:》|文件|精神|要求|规定|的通知|通知|的"
    r"|[\u4e00-\u9fff]{0,10}(?:告知书|答复书|决定书|判决书|裁定书|通知书|意见书|复函|批复))"
)
#: a document title run into the number on one line
_TITLE_PREFIX = re.compile(
    r"^[\u4e00-\u9fff]*?(?:决定|決定|答复|答復|告知|通知|判决|判決|裁定|意见|意見)[书書]"
    r"(?=[\u4e00-\u9fffA-Za-z]{2})"
)
#: a title line may hold the number; a body sentence that mentions one cites it
_TITLE_MAX = 60


def _doc_numbers(lines: list[Line]) -> Iterator[tuple[Line, int, int, bool]]:
    """(first line, block start, block end, alone) of every number; a number may wrap a line."""
    for i, ln in enumerate(lines):
        text, start = ln.text, ln.start
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        joined = nxt is not None and nxt.block is ln.block and len(_WS.sub("", ln.text)) <= 30
        if joined and nxt is not None:
            text = ln.block.text[ln.start : nxt.end]
        for m in _DOC_NO.finditer(text):
            if m.start() > len(ln.text):
                break  # starts on the next line: found there
            before, after = text[: m.start()], text[m.end() :]
            if m.end() <= len(ln.text):
                after = ln.text[m.end() :]
            squeezed_before = _WS.sub("", before)
            if _CITED_LEAD.search(re.split(r"[〔\[［【(（﹝]", m.group(), maxsplit=1)[0]):
                continue
            if _CITED_BEFORE.search(squeezed_before) or _CITED_AFTER.match(_WS.sub("", after)):
                continue
            a = m.start()
            title = _TITLE_PREFIX.match(m.group())
            if title is not None:  # "行政復議決定書花都府行復〔2025〕615號": the title first
                a += title.end()
                squeezed_before += _WS.sub("", title.group())
            rest = squeezed_before + _WS.sub("", after)
            alone = rest == "" or bool(
                re.fullmatch(r"(?:文号|发文字号|编号)?[：:]?(签发人[：:].*)?", rest)
            )
            yield ln, start + a, start + m.end(), alone


def find_document_number(doc: ParsedDocument) -> Element | None:
    """The 文号 as written: a line of its own first, else one among the first lines.

    A number may carry a suffix after the 号, start with its bracketed year or wrap onto the
    next line; a number the text cites (根据…号, 《…》（…号）) is never the document's own.
    """
    lines = body_lines(doc)
    found = list(_doc_numbers(lines))
    pick = next(((ln, a, b) for ln, a, b, alone in found if alone), None)
    if pick is None:
        # Else a number inside a title line ("…的答复（集自然资信复〔2024〕7号）"); numbers
        # cited further down the body ("（国办函〔2020〕109号）") are other documents'.
        head = {id(ln) for ln in lines[:3] if len(_WS.sub("", ln.text)) <= _TITLE_MAX}
        pick = next(((ln, a, b) for ln, a, b, _ in found if id(ln) in head), None)
    if pick is None:
        header = [ln for b in doc.blocks if b.kind in _SKIP_KINDS for ln in _lines(b)]
        pick = next(((ln, a, b) for ln, a, b, _ in _doc_numbers(header)), None)
    if pick is None:
        return None
    ln, start, end = pick
    label = _NO_LABEL.match(ln.block.text[start:end])
    if label:
        start += label.end()
    value = _WS.sub("", ln.block.text[start:end])
    return Element(value, (evidence(ln.block, start, end),))


def common_elements(doc: ParsedDocument) -> dict[str, Element]:
    """``issuer``, ``document_date`` and ``document_number``, for those found."""
    issuer, date_el = _signoff(doc)
    out: dict[str, Element] = {}
    if issuer is not None:
        out["issuer"] = issuer
    if date_el is not None:
        out["document_date"] = date_el
    number = find_document_number(doc)
    if number is not None:
        out["document_number"] = number
    return out
