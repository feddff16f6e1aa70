"""年报 tables 三/四 on a PDF page drawn without ruling lines, placed from word positions.

pdfplumber's text strategy guesses columns from text alignment and, on these tables, splits
labels and runs numbers of neighbouring columns together (seen on a LibreOffice export of a
borderless Word table). The fixed template helps: its column headers are known words, so
their x-centres are the columns; a number belongs to the column whose centre is nearest, a
blank cell is simply a column without a number. Rows are text lines: a line with numbers is a
row; a line without numbers starts a row when its label opens with a row marker
（"1." "（三）" "二、"), else continues the previous row's label.

The tables come out with ``ruled=False`` (their numbers never confirm a defect, see
:class:`extractors.model.Table`) and a box per cell (the words' box, PDF points, top-left).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from extractors.model import Table

__all__ = ["T3_HEADERS", "word_tables"]

Box = tuple[float, float, float, float]

#: 表三's seven number columns, by the header words that name them
T3_HEADERS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (r"^自然人$", r"^商业", r"^科研", r"^社会公益", r"^法律服务", r"^其他$", r"^总计$")
)
#: the words of 表四's fifteen result headers (each column has one or two of them stacked)
_T4_WORD = re.compile(
    r"^(?:结果|维持|纠正|其他|尚未|审结|总计|结果维持|结果纠正|其他结果|尚未审结)$"
)
_NUMBER = re.compile(r"^[0-9０-９]+$")
_T3_NAMES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_T3_END = re.compile(r"行政复议|四、政府")
_T3_ROW = re.compile(r"本年新收|结转|办理结果|公开|提供|处理|总计")
_ROW_MARK = re.compile(r"^(?:[0-9０-９]{1,2}[.．、]|[（(][一二三四五六七][)）]|[一二三四]、)")
_LINE_TOL = 3.0


def word_tables(page: Any, carry: list[float] | None = None) -> tuple[list[Table], list[float]]:
    """Tables 三 and 四 found on a pdfplumber ``page`` (1 table each at most), and the 表三
    column centres, to carry to a next page whose continued table does not repeat its header."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    lines = _lines(words)
    out: list[Table] = []
    t3, centres = _table3(lines, page.page_number, carry)
    if t3 is not None:
        out.append(t3)
    t4 = _table4(lines, page.page_number)
    if t4 is not None:
        out.append(t4)
    return out, centres


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= _LINE_TOL:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _centre(w: dict[str, Any]) -> float:
    return (float(w["x0"]) + float(w["x1"])) / 2


def _box(ws: list[dict[str, Any]]) -> Box:
    return (
        min(float(w["x0"]) for w in ws),
        min(float(w["top"]) for w in ws),
        max(float(w["x1"]) for w in ws),
        max(float(w["bottom"]) for w in ws),
    )


def _text(line: list[dict[str, Any]]) -> str:
    return "".join(w["text"] for w in line)


def _table3(
    lines: list[list[dict[str, Any]]], page_no: int, carry: list[float] | None
) -> tuple[Table | None, list[float]]:
    centres: list[float] = []
    head_end = -1
    for i, line in enumerate(lines[:-1]):
        if any(T3_HEADERS[0].match(w["text"]) for w in line):
            found: list[float | None] = [None] * 7
            for line2 in lines[i : i + 4]:
                for w in line2:
                    for k, pattern in enumerate(T3_HEADERS):
                        if found[k] is None and pattern.match(w["text"]):
                            found[k] = _centre(w)
            if all(c is not None for c in found):
                centres = [c for c in found if c is not None]
                head_end = max(j for j in range(i, min(i + 4, len(lines))) if _has_header(lines[j]))
                break
    if not centres:
        if not carry or not any(_NUMBER.match(w["text"]) for line in lines for w in line):
            return None, []
        centres = carry
    body = lines[head_end + 1 :]
    end = next((j for j, line in enumerate(body) if _T3_END.search(_text(line))), len(body))
    rows = _rows(body[:end], centres)
    if not any(_T3_ROW.search("".join(r)) for r, _ in rows):
        return None, centres
    header = ("", "", "", *_T3_NAMES)
    table_rows = [header, *(r for r, _ in rows)]
    boxes = [(None,) * len(header), *(b for _, b in rows)]
    return (
        Table(
            rows=tuple(tuple(r) for r in table_rows),
            page=page_no,
            boxes=tuple(tuple(b) for b in boxes),
            ruled=False,
        ),
        centres,
    )


def _has_header(line: list[dict[str, Any]]) -> bool:
    return any(p.match(w["text"]) for w in line for p in T3_HEADERS)


def _rows(
    lines: list[list[dict[str, Any]]], centres: list[float], label_cols: int = 3
) -> list[tuple[list[str], list[Box | None]]]:
    """Label cells (``label_cols`` of them, by the x where label words start) + one cell per
    column; two numbers nearest the same column make that cell unreadable ("1 2")."""
    gap = min(b - a for a, b in itertools.pairwise(centres)) if len(centres) > 1 else 40.0
    left = centres[0] - gap / 2
    grouped: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = []
    for line in lines:
        labels = [w for w in line if not (_NUMBER.match(w["text"]) and _centre(w) > left)]
        numbers = [w for w in line if _NUMBER.match(w["text"]) and _centre(w) > left]
        first = "".join(w["text"] for w in labels[:1])
        if not numbers and grouped and not _ROW_MARK.match(first):
            grouped[-1][0].extend(labels)
        elif numbers or labels:
            grouped.append((list(labels), numbers))
    starts = _starts([w for labels, _ in grouped for w in labels], label_cols)
    rows: list[tuple[list[str], list[Box | None]]] = []
    for labels, numbers in grouped:
        cells = [""] * (label_cols + len(centres))
        boxes: list[Box | None] = [None] * (label_cols + len(centres))
        by_col: dict[int, list[dict[str, Any]]] = {}
        for w in labels:
            k = max((i for i, x in enumerate(starts) if x <= float(w["x0"]) + 4), default=0)
            by_col.setdefault(k, []).append(w)
        for k, ws in by_col.items():
            text_lines = _lines(ws)
            cells[k] = "\n".join(_text(line) for line in text_lines)
            boxes[k] = _box(text_lines[0])
        for w in numbers:
            k = label_cols + min(range(len(centres)), key=lambda k: abs(centres[k] - _centre(w)))
            cells[k] = (cells[k] + " " + w["text"]).strip()  # two numbers: unreadable
            prev = boxes[k]
            boxes[k] = _box([w]) if prev is None else _box([w, _as_word(prev)])
        rows.append((cells, boxes))
    return rows


def _as_word(box: Box) -> dict[str, Any]:
    return {"x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3]}


def _starts(words: list[dict[str, Any]], n: int) -> list[float]:
    """Up to ``n`` x positions where label columns start: the left edges shared by most words."""
    edges: list[list[float]] = []
    for x in sorted(float(w["x0"]) for w in words):
        if edges and x - edges[-1][-1] < 6:
            edges[-1].append(x)
        else:
            edges.append([x])
    best = sorted(edges, key=len, reverse=True)[:n]
    return sorted(min(e) for e in best) or [0.0]


def _table4(lines: list[list[dict[str, Any]]], page_no: int) -> Table | None:
    start = next((i for i, line in enumerate(lines) if "行政复议" in _text(line)), None)
    if start is None:
        return None
    xs: list[float] = []
    data: list[dict[str, Any]] | None = None
    for line in lines[start + 1 : start + 8]:
        if all(_NUMBER.match(w["text"]) for w in line):
            data = line
            break
        xs += [_centre(w) for w in line if _T4_WORD.match(w["text"])]
    if data is None or not xs:
        return None
    centres: list[float] = []
    for x in sorted(xs):
        if centres and x - centres[-1] < 8:
            continue
        centres.append(x)
    if len(centres) != 15:
        found = tuple(w["text"] for w in data)
        return Table(
            rows=(("行政复议", "行政诉讼", "结果维持", "尚未审结"), found),
            page=page_no,
            boxes=((None,) * 4, tuple(_box([w]) for w in data)),
            ruled=False,
        )
    ((cells, boxes),) = _rows([data], centres, label_cols=1)
    header = ("", "行政复议", "", "", "", "", "行政诉讼", *([""] * 9))
    sub = ("", *(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3))
    return Table(
        rows=(header, sub, tuple(cells)),
        page=page_no,
        boxes=((None,) * 16, (None,) * 16, tuple(boxes)),
        ruled=False,
    )
