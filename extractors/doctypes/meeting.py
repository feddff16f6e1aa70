"""会议纪要 / 会议记录: when the meeting was held, who chaired it, whether 政务公开 was on it.

Text is read as :func:`~extractors.doctypes.common.units` (paragraph-like runs with whitespace
removed, so a phrase or date a PDF broke across lines still matches)
and split into sentences at 。！？；.
Evidence quotes are the sentence (clipped around the match), verbatim after collapsing whitespace.

The held-date, sentence and disclosure-mention helpers here are shared with
:mod:`extractors.doctypes.training`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from extractors.doctypes.classify import find_title
from extractors.doctypes.common import Unit, units
from extractors.model import Element, Evidence, Finding, ParsedDocument, Table
from extractors.rules import ExtractionRules
from extractors.text import squeeze
from extractors.text.dates import DateMatch, find_dates
from extractors.text.spans import Flat, flatten, locate

__all__ = [
    "DISCLOSURE",
    "Sentence",
    "default_year",
    "disclosure_mentions",
    "extract_meeting",
    "held_date",
    "sentences",
    "table_date",
    "table_values",
]

#: 政务公开 work as a subject (the whitespace-free text is searched)
DISCLOSURE = re.compile(r"政务公开|政府信息公开")
# Names that contain the words but are an office or a person's role, not the work itself:
# "县政务公开办", "政务公开办公室", "政务公开工作人员".
_DISCLOSURE_NAMES = re.compile(
    r"(?:政务公开|政府信息公开)(?:领导小组办公室|办公室|工作人员|负责人|联络员|专干|人员|办|科|股)"
)
_SENTENCE_END = "。！？；!?;"
_MAX_QUOTE = 120

_TITLES = (
    "常务副县长|常务副市长|常务副区长|县委常委|副县长|县长|副市长|市长|副区长|区长|副镇长|镇长|"
    "副乡长|乡长|副主任|主任|副局长|局长|副书记|书记|副部长|部长|副秘书长|秘书长|副组长|组长|"
    "副主席|主席|副处长|处长|副科长|科长|副院长|院长|副厅长|厅长|常委|主要领导|主要负责人|负责人"
)
_NAME = r"[\u4e00-\u9fa5·]{2,3}"
# An organisation, not a person, before 主持 ("由县政府办公室主持").
_NOT_PERSON = re.compile(r"(?:府|办|局|委|室|会|厅|处|院|组|部|镇|乡|县|市|区|中心|单位)$")
_CHAIR_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 主持人：张三 / 主持：县长常东旭
    re.compile(
        rf"主持人?[:：](?:[\u4e00-\u9fa5]{{0,10}}?(?:{_TITLES}))?([\u4e00-\u9fa5·]{{2,4}}?)(?:同志)?"
        r"(?=$|[，,。；;、（(\s]|记录|参会|出席|列席|地点|时间|参加)"
    ),
    # 县长常东旭主持召开 / 常务副县长王五同志主持
    re.compile(rf"(?:{_TITLES})({_NAME}?)(?:同志)?主持"),
    # 副县长王立新在县政府三楼会议室主持召开
    re.compile(rf"(?:{_TITLES})({_NAME}?)(?:同志)?在[^，,。；;]{{1,20}}?主持"),
    # 会议由县政府办副主任苏艺主持 / 由苏艺主持
    re.compile(rf"由(?:[^，。；]{{0,15}}?(?:{_TITLES}))?({_NAME}?)(?:同志)?主持"),
    # ，常东旭县长主持召开
    re.compile(rf"(?:^|[，,、：:])({_NAME}?)(?:{_TITLES})主持"),
)

_DATE_CELLS = frozenset({"会议时间", "时间", "日期", "会议日期", "召开时间"})
_CHAIR_CELLS = frozenset({"主持人", "主持", "会议主持人", "主持领导"})
_MEETING_LABEL = re.compile(r"(?:会议|召开|开会)?(?:时间|日期)[:：]?$")
_MEETING_VERB = re.compile(r"主持召开|召开|举行|开会")
_ATTENDEE_LABEL = re.compile(
    r"^(?:参会人员|参会单位|参会|出席人员|出席单位|出席|列席人员|列席单位|列席|参加人员|参加单位|"
    r"与会人员|请假|缺席|记录人?|抄送|抄报|分送|发送|主送)[:：]"
)
_ATTENDANCE = re.compile(r"列席会议|出席会议|参加会议|列席|出席")
_AGENDA_VERB = re.compile(
    r"听取|汇报|研究|审议|部署|讨论|议定|通过|学习|传达|安排|要求|强调|指出|决定|同意"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """``unit.text[start:end]`` is one sentence (whitespace-free)."""

    unit: Unit
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.unit.text[self.start : self.end]

    def evidence(self, at: int | None = None, to: int | None = None) -> Evidence:
        """The sentence, clipped to :data:`_MAX_QUOTE` characters around ``[at, to)``."""
        start, end = self.start, self.end
        if end - start > _MAX_QUOTE and at is not None and to is not None:
            a, b = self.start + at, self.start + to
            room = max(0, _MAX_QUOTE - (b - a)) // 2
            start = max(self.start, a - room)
            end = min(self.end, max(b + room, start + _MAX_QUOTE))
        return self.unit.evidence(start, end)


def sentences(doc: ParsedDocument) -> list[Sentence]:
    """Every sentence of the body (page headers/footers excluded) in reading order."""
    out: list[Sentence] = []
    for unit in units(doc):
        start = 0
        for i, ch in enumerate(unit.text):
            if ch in _SENTENCE_END:
                if i + 1 > start:
                    out.append(Sentence(unit, start, i + 1))
                start = i + 1
        if start < len(unit.text):
            out.append(Sentence(unit, start, len(unit.text)))
    return out


def default_year(
    doc: ParsedDocument, common: Mapping[str, Element], rules: ExtractionRules
) -> int | None:
    """The year for dates written without one: the document date's, else the title's."""
    date_el = common.get("document_date")
    if date_el is not None and isinstance(date_el.value, str) and date_el.value[:4].isdigit():
        return int(date_el.value[:4])
    title = find_title(doc, rules)
    if title is not None:
        m = re.search(r"((?:19|20)\d{2})\s*年", title.quote)
        if m:
            return int(m.group(1))
    # Else the first full date of the text, then the year of a 文号 ("〔2024〕5号").
    text = doc.text
    for d in find_dates(text):
        if d.has_year:
            return d.value.year
    m = re.search(r"[〔\[［(（]\s*((?:19|20)\d{2})\s*[〕\]］)）]", text)
    if m:
        return int(m.group(1))
    # Else the one year the text names ("会议就2023年经开区政务公开重点工作…", an event named
    # "连云港市2019政务公开工作专题培训班"); several different years ("2014年…执行情况及2015年…
    # 计划") leave the year unknown.
    years = {int(y) for y in _NAMED_YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


#: a year the text names: "2023年", or bare before the work it names ("2019政务公开工作")
_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|(?=政务公开|政府信息公开))")
#: a month-day date written without its year ("2月4日")
_YEARLESS = re.compile(r"(?<![年\d])\d{1,2}月\d{1,2}日")
_METADATA_LABEL = re.compile(
    r"(?:发布|发文|印发|成文|更新|打印|来源|截图|保存|录入)(?:时间|日期)[:：]?\s*$"
)


def held_date(
    sents: list[Sentence],
    year: int | None,
    *,
    label: re.Pattern[str],
    verb: re.Pattern[str],
) -> Element | None:
    """The date an event was held: a date after ``label`` ("会议时间："), or a date whose own
    sentence goes on to ``verb`` ("…主持召开", "定于…举办"). Deadlines ("5月15日前"), 印发
    and 报送 dates are skipped; the strongest candidate wins, the earliest on a tie."""
    best: tuple[int, int, Sentence, DateMatch] | None = None
    rank = 0
    by_unit: dict[int, list[DateMatch]] = {}
    for s in sents:
        key = id(s.unit)
        if key not in by_unit:
            by_unit[key] = find_dates(s.unit.text, default_year=year)
        for d in by_unit[key]:
            if not s.start <= d.start < s.end:
                continue
            rank += 1
            score = _held_score(s, d, label, verb)
            if score and (best is None or score > best[0]):
                best = (score, rank, s, d)
    if best is None:
        return None
    _, _, s, d = best
    return Element(d.value.isoformat(), (s.evidence(d.start - s.start, d.end - s.start),))


def _held_score(s: Sentence, d: DateMatch, label: re.Pattern[str], verb: re.Pattern[str]) -> int:
    after = s.unit.text[d.end : s.end]
    before = s.unit.text[max(s.start, d.start - 8) : d.start]
    if re.match(r"(?:之|以)?前|截止|止|印发|发布", after) or re.search(
        r"报名|报送|截止|印发", after[:12]
    ):
        return 0
    if _METADATA_LABEL.search(before):
        return 0  # a web page's 发布时间 or a document's 成文日期 is not when the event was held
    score = 0
    if label.search(before) and not re.search(r"报名|截止|报送", before):
        score += 3
    if verb.search(after[:60]):
        score += 2
        if re.search(r"(?:定|拟)?于$", before):
            score += 1
    return score


def table_values(
    doc: ParsedDocument, labels: frozenset[str], flats: list[Flat] | None = None
) -> Iterator[tuple[str, Evidence | None]]:
    """Values of a form-style table ("会议时间 | 2024年3月15日", "主持人 | 张三"): the next
    non-empty cell after a cell whose text (colon dropped) is one of ``labels``, with the
    evidence of that cell."""
    flats = flatten(doc) if flats is None else flats
    for table in doc.tables:
        for row in table.rows:
            cells = [squeeze(c or "") for c in row]
            for i, cell in enumerate(cells):
                if cell.rstrip(":：") not in labels:
                    continue
                value = next((c for c in cells[i + 1 :] if c), "")
                if value and value.rstrip(":：") not in labels:
                    yield value, _cell_evidence(flats, table, value)


def _cell_evidence(flats: list[Flat], table: Table, value: str) -> Evidence | None:
    return locate(flats, [value], page=table.page, min_paragraph=table.paragraph)


def table_date(
    doc: ParsedDocument, labels: frozenset[str], year: int | None, flats: list[Flat]
) -> Element | None:
    """The first date in a form-table cell labelled with one of ``labels``."""
    for value, ev in table_values(doc, labels, flats):
        found = find_dates(value, default_year=year)
        if found and ev is not None:
            return Element(found[0].value.isoformat(), (ev,))
    return None


def disclosure_mentions(sents: list[Sentence]) -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Sentences naming 政务公开/政府信息公开 work (office names and roles masked out)."""
    for s in sents:
        masked = _DISCLOSURE_NAMES.sub(lambda m: "□" * len(m.group()), s.text)
        m = DISCLOSURE.search(masked)
        if m is not None:
            yield s, m


def extract_meeting(
    doc: ParsedDocument, rules: ExtractionRules, common: Mapping[str, Element]
) -> tuple[dict[str, Element], list[Finding]]:
    """``meeting_date``, ``chair`` (when found) and ``discusses_disclosure`` (always)."""
    sents = sentences(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []

    flats = flatten(doc)
    year = default_year(doc, common, rules)
    date_el = table_date(doc, _DATE_CELLS, year, flats) or held_date(
        sents, year, label=_MEETING_LABEL, verb=_MEETING_VERB
    )
    if date_el is not None:
        out["meeting_date"] = date_el
    elif year is None and _YEARLESS.search(squeeze(doc.text)):
        # "2月4日下午，…主持召开…常务会议" and no year to be had: a person dates it
        findings.append(
            Finding("meeting_date_needs_review", rules.message("meeting_date_needs_review"))
        )
    else:
        findings.append(Finding("missing_meeting_date", rules.message("missing_meeting_date")))

    chair = _table_chair(doc, flats) or _chair(sents)
    if chair is not None:
        out["chair"] = chair
    else:
        findings.append(Finding("missing_meeting_chair", rules.message("missing_meeting_chair")))

    hits = [
        s.evidence(m.start(), m.end())
        for s, m in disclosure_mentions(sents)
        if not _attendee_only(s.text)
    ]
    out["discusses_disclosure"] = Element(bool(hits), tuple(hits[:3]))
    if not hits:
        findings.append(Finding("meeting_no_disclosure", rules.message("meeting_no_disclosure")))
    return out, findings


def _chair(sents: list[Sentence]) -> Element | None:
    for pattern in _CHAIR_PATTERNS:
        for s in sents:
            for m in pattern.finditer(s.text):
                name = m.group(1)
                if len(name) < 2 or _NOT_PERSON.search(name):
                    continue
                return Element(name, (s.evidence(m.start(), m.end()),))
    return None


def _table_chair(doc: ParsedDocument, flats: list[Flat]) -> Element | None:
    for value, ev in table_values(doc, _CHAIR_CELLS, flats):
        m = _CHAIR_PATTERNS[0].match("主持人：" + value)
        if m is not None and ev is not None and not _NOT_PERSON.search(m.group(1)):
            return Element(m.group(1), (ev,))
    return None


def _attendee_only(text: str) -> bool:
    """An attendance line ("列席：县政务公开办…", "…列席会议"), not an agenda item."""
    if _ATTENDEE_LABEL.match(text):
        return True
    return bool(_ATTENDANCE.search(text)) and not _AGENDA_VERB.search(text)
