"""培训通知 / 培训记录 / 签到表: when the training was held, how many attended, what it covered.

* ``training_date``: the day the training was held — "培训时间：…", "5月20日，…举办…培训班" —
  never the notice's own date or a 报名/报送 deadline. A notice's "定于…举办" date is
  ``scheduled_date`` instead (no evidence the training was held). A date without a year and no
  year anywhere in the document → ``training_date_needs_review`` (never a deduction).
* ``participant_count_approximate``: true when the count is written approximately: "40余人",
  "40多人", "近400人", "约50名", "逾百人", "超过60人", "50人左右".
* ``participant_count``: a written total ("共130余人参加培训" → 130, "参训人员共计45人",
  "实到45人"); without one, the data rows of the sign-in table(s) whose 姓名 cell is non-empty.
  Planned numbers ("每单位选派1人参加") are not attendance.
* ``covers_disclosure``: the text names 政务公开/政府信息公开 work; an office name (政务公开办)
  or a role (政务公开工作人员) is not content, and 政务信息 alone is a different subject.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.doctypes.meeting import (
    Sentence,
    default_year,
    disclosure_mentions,
    held_date,
    sentences,
    table_date,
    table_values,
)
from extractors.model import Element, Evidence, Finding, ParsedDocument, Table
from extractors.rules import ExtractionRules
from extractors.text import squeeze
from extractors.text.numerals import chinese_number
from extractors.text.spans import Flat, flatten, locate

__all__ = ["extract_training", "sign_in_rows"]

_NUM = r"(\d+|[零〇○一二两三四五六七八九十百千]+)"
# An approximate count: "近400人", "约50名", "逾百人", "超过60人" before the number; "40余人",
# "100多人", "50人左右" after it.
_NEAR = r"(?P<near>将近|近|约|大约|逾|超过|超)?"
_N = r"(?P<n>\d+|[零〇○一二两三四五六七八九十百千]+)"
_AROUND = r"(?P<around>余|多)?(?:名|人)(?P<left>左右)?"
_COUNT_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 参训人员共计45人 / 参训人数：45人 / 实到45人 / 参加培训人员共45人
    re.compile(
        r"(?:参训|参加培训|参会|到会|实到|培训)(?:人员|人数|学员)?(?:共计|共有|共|总数|总计|合计)?"
        rf"[:：为达]?{_NEAR}{_N}{_AROUND}"
    ),
    # 共130余人参加培训 / 共计45人 / 合计80名
    re.compile(rf"(?:共计|共有|合计|总计|累计|共)(?:培训|参训)?(?:人员|学员)?{_NEAR}{_N}{_AROUND}"),
    # 各乡镇政务公开工作人员80余人参加 / 学员近400人参加了这次培训
    re.compile(rf"{_NEAR}{_N}{_AROUND}(?:次)?(?:参加|参训|出席|参与|到会|参会)"),
    # 约50名工作人员参加培训 (who attended between the number and the verb)
    re.compile(
        rf"{_NEAR}{_N}{_AROUND}(?:工作人员|业务骨干|干部|学员|人员|代表|同志)"
        r"(?:参加|参训|出席|参与|到会|参会)"
    ),
)
# Planned or requested numbers in a notice are not attendance.
_PLANNED = re.compile(r"每|选派|限报|限|名额|报名|推荐|请各|拟")
_TRAINING_LABEL = re.compile(r"(?:培训|会议|举办|开班|报到)?(?:时间|日期)[:：]?$")
_TRAINING_VERB = re.compile(r"举办|举行|召开|开展|组织|进行|开班|培训")
_DATE_CELLS = frozenset({"培训时间", "培训日期", "时间", "日期", "举办时间"})
_COUNT_CELLS = frozenset({"参训人数", "参加人数", "参训人员人数", "实到人数", "培训人数", "人数"})
_NAME_HEADER = "姓名"
#: a notice announcing the training ("定于5月20日举办"), not a record that it was held
_SCHEDULED = re.compile(r"(?:定|拟|将|计划|准备)(?:于|在)")
_HELD = re.compile(r"圆满|顺利|举办了|召开了|举行了|已于|已经")
_YEARLESS = re.compile(r"(?<![年\d])\d{1,2}月\d{1,2}日")
_NOT_A_NAME = frozenset({"姓名", "合计", "小计", "总计", "备注", "以下空白"})


def extract_training(
    doc: ParsedDocument, rules: ExtractionRules, common: Mapping[str, Element]
) -> tuple[dict[str, Element], list[Finding]]:
    """``training_date`` and ``participant_count`` (when found), ``covers_disclosure`` (always)."""
    sents = sentences(doc)
    out: dict[str, Element] = {}
    findings: list[Finding] = []

    flats = flatten(doc)
    year = default_year(doc, common, rules)
    date_el = table_date(doc, _DATE_CELLS, year, flats) or held_date(
        sents, year, label=_TRAINING_LABEL, verb=_TRAINING_VERB
    )
    written = _written_count(sents)
    count = written[0] if written else _form_count(doc, flats) or _table_count(doc, flats)
    if count is not None:
        out["participant_count"] = count
        quote = squeeze(count.evidence[0].quote) if count.evidence else ""
        if written[1] if written else re.search(rf"{_NUM}(?:余|多)(?:名|人)", quote):
            out["participant_count_approximate"] = Element(True, count.evidence)
    else:
        findings.append(Finding("missing_participants", rules.message("missing_participants")))
    if date_el is not None and count is None and _scheduled(date_el):
        # "定于…举办" and nobody recorded as attending: a notice of a future training, its
        # date is no evidence the training was held
        out["scheduled_date"] = date_el
    elif date_el is not None:
        out["training_date"] = date_el
    elif year is None and _YEARLESS.search(squeeze(doc.text)):
        # "9月8日下午，…举办…培训" with no year anywhere: a person dates it, never a deduction
        findings.append(
            Finding("training_date_needs_review", rules.message("training_date_needs_review"))
        )
    else:
        findings.append(Finding("missing_training_date", rules.message("missing_training_date")))

    hits = [s.evidence(m.start(), m.end()) for s, m in disclosure_mentions(sents)]
    out["covers_disclosure"] = Element(bool(hits), tuple(hits[:3]))
    if not hits:
        findings.append(Finding("training_no_disclosure", rules.message("training_no_disclosure")))
    return out, findings


def _scheduled(date_el: Element) -> bool:
    quote = squeeze(date_el.evidence[0].quote) if date_el.evidence else ""
    return bool(_SCHEDULED.search(quote)) and not _HELD.search(quote)


def _written_count(sents: list[Sentence]) -> tuple[Element, bool] | None:
    """The first written total and whether it is approximate ("40余人", "近400人")."""
    for s in sents:
        for pattern in _COUNT_PATTERNS:
            for m in pattern.finditer(s.text):
                if _PLANNED.search(s.text[max(0, m.start() - 30) : m.start()]):
                    continue
                n = chinese_number(m.group("n"))
                if n is None or n <= 0:
                    continue
                approx = any(m.group(g) for g in ("near", "around", "left"))
                return Element(n, (s.evidence(m.start(), m.end()),)), approx
    return None


def sign_in_rows(doc: ParsedDocument) -> list[tuple[Table, str]]:
    """(table, name) for every attendee row of the sign-in tables, in order.

    A sign-in table has a 姓名 header cell; its data rows are the rows below the header whose
    姓名 cell is non-empty (repeated headers and 合计 rows excluded). A table without a header
    that continues the previous sign-in table (next pdf page, same width) counts in its
    column(s); a sheet printed two-up (several 姓名 columns) counts every 姓名 column.
    """
    rows: list[tuple[Table, str]] = []
    prev: tuple[Table, tuple[int, ...]] | None = None
    for table in doc.tables:
        header, cols = _name_columns(table)
        if header is None and prev is not None and _continues(prev[0], table):
            header, cols = -1, prev[1]
        if header is None:
            prev = None
            continue
        for row in table.rows[header + 1 :]:
            # a two-up sheet ("序号 姓名 单位 | 序号 姓名 单位") lists people side by side
            for col in cols:
                cell = squeeze(row[col] or "") if col < len(row) else ""
                if cell and cell not in _NOT_A_NAME:
                    rows.append((table, cell))
        prev = (table, cols)
    return rows


def _name_columns(table: Table) -> tuple[int | None, tuple[int, ...]]:
    """(header row, every 姓名 column of it) of a sign-in table, or (None, ())."""
    for r, row in enumerate(table.rows[:3]):
        cols = tuple(
            c for c, cell in enumerate(row) if cell is not None and squeeze(cell) == _NAME_HEADER
        )
        if cols:
            return r, cols
    return None, ()


def _continues(prev: Table, table: Table) -> bool:
    if prev.page is None or table.page != prev.page + 1 or not table.rows or not prev.rows:
        return False
    return len(table.rows[0]) == len(prev.rows[0])


def _form_count(doc: ParsedDocument, flats: list[Flat]) -> Element | None:
    """A form-table total ("参训人数 | 45人")."""
    for value, ev in table_values(doc, _COUNT_CELLS, flats):
        m = re.match(rf"{_NUM}(?:余|多)?(?:名|人)?$", value)
        n = chinese_number(m.group(1)) if m else None
        if n and ev is not None:
            return Element(n, (ev,))
    return None


def _table_count(doc: ParsedDocument, flats: list[Flat]) -> Element | None:
    rows = sign_in_rows(doc)
    if not rows:
        return None
    evidence: list[Evidence] = []
    for table, name in (rows[0], rows[-1]) if len(rows) > 1 else (rows[0],):
        ev = locate(flats, [name], page=table.page, min_paragraph=table.paragraph)
        if ev is not None:
            evidence.append(ev)
    return Element(len(rows), tuple(evidence))
