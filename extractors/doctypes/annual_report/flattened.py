"""表三 flattened into text lines: a web table copied as one cell per paragraph (or line).

Published pages often lose the table on the way into a document: each cell becomes its own
paragraph, with a trailing "|" where the cell ended ("3 |"), a bare "|" for a blank cell and a
run of pipes ("|||||||") where merged or blank cells were dropped; or the cells' texts alone,
blanks gone. The rows are rebuilt from the labels: a row starts at a row label (本年新收…,
（一）予以公开…, "1.属于国家秘密"), its number cells follow until the next label.

* seven cells (numbers and bare "|") before the next label: the row, by position;
* fewer (blank cells dropped): which column a number was in is lost. The 总计 is the row's
  last number when the others add up to it; a lone number is read as the 总计 with a doubt;
  numbers that do not add up are a doubt too.

None of these rows is aligned by column, so they never confirm an arithmetic defect: a
difference is an ``annual_report_needs_review`` with the cells read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from extractors.doctypes.annual_report.cells import RawRow, read_number
from extractors.model import Evidence
from extractors.text.spans import Flat

__all__ = ["flattened_rows", "text_lines"]

_NUMBER_COLUMNS = 7
#: the table's first row label, the whole line (prose that mentions it starts no table)
_START = re.compile(r"^(?:[一1][、.．])?本年新收政府信息公开申请(?:数量|数)?$")
_ROW_LABEL = re.compile(
    r"本年新收|上年结转|结转下年度|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理"
    r"|^(?:[（(]七[)）])?总计$|^[0-9０-９]{1,2}[.．、]"
)
#: a label grouping the rows below it: starts a row, whose own label follows
_GROUP = re.compile(r"本年度办理结果")
#: text that ends the table: the next section's heading, or prose
_END = re.compile(r"^[一二三四五六七八九十]+、(?!本年新收|上年结转|本年度办理结果|结转下年度)")
_MAX_LABEL = 60


@dataclass
class _Token:
    kind: str  # "label" | "value" | "pipes"
    text: str
    evidence: Evidence | None = None


@dataclass
class _Row:
    labels: list[_Token] = field(default_factory=list)
    values: list[_Token] = field(default_factory=list)
    closed: bool = False


def text_lines(flats: list[Flat]) -> Iterator[tuple[Flat, int, int, int]]:
    """(flat, start, end, line number on its block) of every text line, in reading order:
    a docx paragraph is one line (soft breaks aside), a PDF page block one line per line."""
    for f in flats:
        if f.block.kind in ("header", "footer"):
            continue
        bounds = [0, *f.line_starts, len(f.flat)]
        for n, (a, b) in enumerate(itertools.pairwise(bounds), 1):
            if b > a:
                yield f, a, b, n


def _tokens(flats: list[Flat]) -> Iterator[_Token]:
    for f, a, b, n in text_lines(flats):
        line = f.flat[a:b]
        if set(line) == {"|"}:
            yield _Token("value", "") if len(line) == 1 else _Token("pipes", line)
            continue
        parts = line.split("|")
        if len(parts) > 1 and parts[-1] == "":
            parts.pop()  # the "|" that ends a cell
        at = a
        for part in parts:
            if part:
                ev = f.evidence(at, at + len(part))
                if f.block.page is not None:
                    ev = Evidence(quote=ev.quote, page=ev.page, paragraph=n)
                number = read_number(part)
                yield _Token("label" if number[1] is False else "value", part, ev)
            else:
                yield _Token("value", "")
            at += len(part) + 1


def flattened_rows(flats: list[Flat]) -> list[RawRow]:
    """The rows of 表三 rebuilt from the text lines (see the module docstring); [] if none."""
    rows: list[_Row] = []
    started = False
    for tok in _tokens(flats):
        if not started:
            if tok.kind == "label" and _START.match(tok.text):
                started = True
                rows.append(_Row([tok]))
            continue
        row = rows[-1]
        if tok.kind == "label":
            if len(tok.text) > _MAX_LABEL or _END.search(tok.text):
                break
            if _ROW_LABEL.search(tok.text) or _GROUP.search(tok.text):
                if row.values or row.closed or _keyed(row):
                    rows.append(_Row([tok]))
                else:
                    row.labels.append(tok)
            elif not row.values and not row.closed:
                row.labels.append(tok)  # "三、本年度办理结果", or a label wrapped over lines
            else:
                break
        elif tok.kind == "pipes":
            row.closed = True
        elif not row.closed:
            row.values.append(tok)
    return [_raw(r) for r in rows]


def _keyed(row: _Row) -> bool:
    """The row already has a label of its own (not only a group label like 三、本年度办理结果)."""
    return any(_ROW_LABEL.search(t.text) for t in row.labels)


def _raw(row: _Row) -> RawRow:
    labels = [(t.text, t.evidence) for t in row.labels]
    cells = [(t.text or None, t.evidence) for t in row.values]
    doubts: list[str] = []
    if len(cells) >= _NUMBER_COLUMNS:
        if any(text for text, _ in cells[_NUMBER_COLUMNS:]):
            doubts.append("在正文中读出多于7个单元格")
        cells = cells[:_NUMBER_COLUMNS]
    else:
        numbers = [(text, ev) for text, ev in cells if text]
        values = [read_number(text)[0] for text, _ in numbers]
        blank: list[tuple[str | None, Evidence | None]] = [(None, None)] * (_NUMBER_COLUMNS - 1)
        if not numbers:
            cells = [*blank, (None, None)]
        else:
            cells = [*blank, numbers[-1]]
            rest = [v for v in values[:-1] if v is not None]
            if len(numbers) == 1:
                doubts.append(
                    f"在正文中只有一个数字“{numbers[0][0]}”（空白单元格已省略），按总计读取"
                )
            elif values[-1] is None or sum(rest) != values[-1]:
                quoted = "、".join(str(t) for t, _ in numbers)
                doubts.append(f"在正文中读出“{quoted}”（空白单元格已省略），各栏无法定位")
    return RawRow(labels=labels, values=cells, ruled=True, aligned=False, doubts=doubts)
