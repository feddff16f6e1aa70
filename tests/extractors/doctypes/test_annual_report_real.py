"""A real published annual report, read exactly in every form it is published in (issue 8).

Source and build: ``tests/fixtures/real/annual_report/build.py`` (2019年上海市人民政府办公厅政府
信息公开工作年度报告, 2019 format, many cells left blank). EXPECTED was labelled by hand from
the published tables before kaohe was run on them: a blank cell is None, never 0; the 总计 column
is each row's value, and the report left most rows' 总计 blank.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extractors.doctypes.annual_report import extract_annual_report
from extractors.model import Evidence, ParsedDocument, Table
from extractors.parsing.dispatch import parse_file
from extractors.rules import ExtractionRules
from extractors.text import squeeze

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "annual_report"

EXPECTED_COUNTS = {
    "new": 859,
    "carried_over": 18,
    "results": {
        "disclosed": None,
        "partially_disclosed": None,
        "not_disclosed": None,
        "unable_to_provide": None,
        "not_processed": None,
        "other": None,
        "total": 805,
    },
    "carried_forward": 72,
    "details": {
        "not_disclosed": [None] * 8,
        "unable_to_provide": [None] * 3,
        "not_processed": [None] * 5,
    },
}
EXPECTED_REVIEW = {
    "reconsideration": {
        "maintained": 5,
        "corrected": None,
        "other": None,
        "pending": 2,
        "total": 7,
    },
    "litigation_direct": {
        "maintained": 8,
        "corrected": None,
        "other": None,
        "pending": 1,
        "total": 9,
    },
    "litigation_after_reconsideration": dict.fromkeys(
        ("maintained", "corrected", "other", "pending", "total")
    ),
}
FORMS = [
    "shanghai-bgt-2019.docx",
    "shanghai-bgt-2019-shared-label.docx",  # "（三）不予公开 1.属于国家秘密" in one cell
    "shanghai-bgt-2019-ruled.pdf",  # table 三 over pages 2–3, headers repeated, a row split
    "shanghai-bgt-2019-unruled.pdf",  # no ruling lines: cells placed from word positions
    "shanghai-bgt-2019.html",  # rowspan/colspan, &nbsp; blanks
]


def _quote_is_verbatim(doc: ParsedDocument, ev: Evidence, path: Path) -> None:
    """docx/html: in the cited block; PDF: in pdfplumber's text of the cited page (the judge)."""
    if ev.page is not None:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            hay = squeeze(pdf.pages[ev.page - 1].extract_text() or "")
    else:
        hay = next(squeeze(b.text) for b in doc.blocks if b.paragraph == ev.paragraph)
    assert squeeze(ev.quote) and squeeze(ev.quote) in hay, ev


@pytest.mark.parametrize("name", FORMS)
def test_real_report_every_cell(name: str, rules: ExtractionRules) -> None:
    doc = parse_file(REAL / name, tables=True)
    assert doc.status == "ok", doc.error
    elements, findings = extract_annual_report(doc, rules, {})
    assert elements["application_counts"].value == EXPECTED_COUNTS
    assert elements["review_litigation"].value == EXPECTED_REVIEW
    # consistent as published: no arithmetic finding, no review, no "missing table"
    assert findings == []
    evidence = [e for el in elements.values() for e in el.evidence]
    for ev in evidence:
        _quote_is_verbatim(doc, ev, REAL / name)
    # the 859 of 本年新收 is its own cell: position in the table, the cell's text as the quote
    (cell,) = [e for e in elements["application_counts"].evidence if e.quote == "859"]
    assert cell.table is not None and cell.table[1] >= 2
    assert doc.tables[cell.table[0]].rows[cell.table[1]][cell.table[2]] == "859"
    if doc.format == "pdf":
        assert cell.box is not None
        x0, top, x1, bottom = cell.box
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850
        # the smallest box around the three digits, not the whole cell
        assert x1 - x0 < 25 and bottom - top < 14
    else:
        assert cell.box is None and cell.paragraph is not None


def test_unruled_numbers_never_confirm_a_mismatch(rules: ExtractionRules) -> None:
    """The same tables with one total changed: read from word positions, the difference is a
    question for a person (``annual_report_needs_review``), not an arithmetic deduction."""
    doc = parse_file(REAL / "shanghai-bgt-2019-unruled.pdf", tables=True)
    tables = list(doc.tables)
    t, r = next(
        (t, r)
        for t, table in enumerate(tables)
        for r, row in enumerate(table.rows)
        if any(c and "本年新收" in c for c in row)
    )
    rows = [list(x) for x in tables[t].rows]
    rows[r][-1] = "860"
    tables[t] = dataclasses.replace(tables[t], rows=tuple(tuple(x) for x in rows))
    elements, findings = extract_annual_report(
        dataclasses.replace(doc, tables=tuple(tables)), rules, {}
    )
    assert elements["application_counts"].value["new"] == 860
    assert [f.code for f in findings] == ["annual_report_needs_review"]
    assert findings[0].certainty == "review"
    assert "本年新收＋上年结转＝878，办理结果总计＋结转下年度＝877" in findings[0].message


def test_ruled_unreadable_cell_is_a_review(rules: ExtractionRules) -> None:
    """A ruled cell that holds something other than a number ("1l") stops every check it is in."""
    doc = parse_file(REAL / "shanghai-bgt-2019.docx")
    (t3, t4) = doc.tables[-2:]
    rows = [list(x) for x in t3.rows]
    r = next(i for i, row in enumerate(rows) if row[0] and "上年结转" in row[0])
    rows[r][-1] = "1 8?"
    doc = dataclasses.replace(
        doc,
        tables=(
            *doc.tables[:-2],
            Table(tuple(map(tuple, rows)), None, t3.paragraph, t3.blocks),
            t4,
        ),
    )
    elements, findings = extract_annual_report(doc, rules, {})
    assert elements["application_counts"].value["carried_over"] is None
    assert [f.code for f in findings] == ["annual_report_needs_review"]
    assert "无法识别为数字的单元格" in findings[0].message


@pytest.mark.parametrize("name", [n for n in FORMS if not n.endswith(".html")])
def test_real_report_contract_object(name: str, rules: ExtractionRules) -> None:
    """``kaohe extract --json``'s object for the real report follows the published schema:
    the table elements with null blanks, table-cell evidence, and no finding."""
    from extractors.parsing.formats import ParseLimits
    from kaohe.phases.extract import extract_file
    from tests.contract import contract_errors

    obj = extract_file(str(REAL / name), rules, ParseLimits())
    assert contract_errors(obj, "extraction") == []
    assert obj["doc_type"] == "annual_report" and obj["findings"] == []
    counts = obj["elements"]["application_counts"]
    assert counts["value"]["results"]["disclosed"] is None  # blank 总计 cell, not 0
    cells = [e for e in counts["evidence"] if "table" in e]
    assert cells and all(set(e["table"]) == {"index", "row", "col"} for e in cells)
    if name.endswith(".pdf"):
        assert all(len(e["box"]) == 4 for e in cells)


def test_pdf_quote_boxes_match_pdfplumber_characters() -> None:
    """The box given to a PDF quote (pypdfium2 glyph boxes) lies where pdfplumber sees the same
    characters: inside pdfplumber's word box (font ascent to descent), as wide to 2 points."""
    import pdfplumber

    from extractors.parsing.pdf_reader import quote_boxes

    path = REAL / "shanghai-bgt-2019-ruled.pdf"
    (box,), (date,) = quote_boxes(path.read_bytes(), [(2, "859"), (1, "发布日期：2020-01-31")])
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[1].extract_words()
    (w,) = [w for w in words if w["text"] == "859"]
    x0, top, x1, bottom = box
    assert w["x0"] - 1 <= x0 < x1 <= w["x1"] + 1 and w["top"] - 1 <= top < bottom <= w["bottom"] + 1
    assert abs((x1 - x0) - (w["x1"] - w["x0"])) < 2
    assert date[0] < date[2] and date[1] < date[3] < 200  # one line near the top of page 1


@pytest.mark.parametrize("shared", [False, True])
def test_category_label_centred_in_its_merged_cell(rules: ExtractionRules, shared: bool) -> None:
    """A PDF prints a vertically merged label in the middle of its rows: "（四）无法提供" on the
    row of sub-item 2 — in its own cell, or (unruled, or a label typed into the sub-item's cell)
    sharing the cell "（四）无法提供 2.没有现成信息需要另行制作". Sub-item 1 above it belongs to
    （四）, not to （三） before it; the consistent table gives no finding."""
    doc = parse_file(REAL / "shanghai-bgt-2019-ruled.pdf", tables=True)
    tables = list(doc.tables)
    t = next(
        i
        for i, tb in enumerate(tables)
        if any(c and "无法提供" in squeeze(c) for r in tb.rows for c in r)
    )
    rows = [list(r) for r in tables[t].rows]
    at = next(i for i, r in enumerate(rows) if r[1] and "无法提供" in squeeze(r[1]))
    assert rows[at + 1][1] is None and "2.没有现" in squeeze(rows[at + 1][2] or "")
    if shared:
        rows[at + 1][2] = f"{rows[at][1]} {rows[at + 1][2]}"
        rows[at][1] = None
    else:
        rows[at + 1][1], rows[at][1] = rows[at][1], None
    tables[t] = dataclasses.replace(tables[t], rows=tuple(map(tuple, rows)))
    elements, findings = extract_annual_report(
        dataclasses.replace(doc, tables=tuple(tables)), rules, {}
    )
    assert elements["application_counts"].value == EXPECTED_COUNTS
    assert findings == []
