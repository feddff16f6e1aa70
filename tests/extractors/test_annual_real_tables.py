"""表三 as real published reports print it (issue 8): left-aligned web tables, a table continued
on the next page without its headers, tables flattened into one cell per paragraph (with "|"
marks, or the texts alone), and reports excerpted without their title.

The rows and phrasing are those of real reports (龙岗区 2024, 徐闻县, a 区统计局 2023, 南湖 2019,
雄县 2019). A blank cell is None; a table not read by column never confirms an arithmetic
defect: a difference is ``annual_report_needs_review`` with the cells read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from extractors.doctypes.annual_report import extract_annual_report
from extractors.model import Block, Element, Finding, ParsedDocument, Table
from extractors.rules import ExtractionRules

ARITHMETIC = {"annual_report_total_mismatch", "annual_report_balance_mismatch"}
REVIEW = "annual_report_needs_review"

HEAD = [
    ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他"],
]
NOT_DISCLOSED = [
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
]


def _z(total: int = 0) -> list[str]:
    return ["0"] * 6 + [str(total)]


def longgang_rows(new_total: str = "66") -> list[list[str]]:
    """The 2021 template as a web table copied row by row: each row's cells left-aligned."""
    rows = [
        *HEAD,
        ["一、本年新收政府信息公开申请数量", "58", "7", "0", "0", "1", "0", new_total],
        ["二、上年结转政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2"],
        ["三、本年度办理结果", "(一)予以公开", "2", "1", "0", "0", "0", "0", "3"],
        ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "16", "1", "0", "0", "0", "0", "17"],
        ["(三)不予公开", "1.属于国家秘密", *_z()],
        *[[label, *_z()] for label in NOT_DISCLOSED],
        ["(四)无法提供", "1.本机关不掌握相关政府信息", "40", "6", "0", "0", "1", "0", "47"],
        ["2.没有现成信息需要另行制作", *_z()],
        ["3.补正后申请内容仍不明确", *_z()],
        ["(五)不予处理", "1.信访举报投诉类申请", *_z()],
        *[[label, *_z()] for label in ("2.重复申请", "3.要求提供公开出版物")],
        *[
            [label, *_z()]
            for label in ("4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")
        ],
        ["(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *_z()],
        ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *_z()],
        ["3.其他", *_z()],
        ["(七)总计", "58", "8", "0", "0", "1", "0", "67"],
        ["四、结转下年度继续办理", "0", "0", "0", "0", "1", "0", "1"],
    ]
    return rows


def docx_doc(paragraphs: Sequence[str], tables: Sequence[list[list[str]]] = ()) -> ParsedDocument:
    """A docx-like document: paragraphs, then each table padded to its widest row (empty cells
    None), every non-empty cell its own block, as python-docx reads a pipe table."""
    blocks = [Block(text=p, paragraph=i) for i, p in enumerate(paragraphs, 1)]
    parsed: list[Table] = []
    for rows in tables:
        width = max(len(r) for r in rows)
        cells: list[tuple[str | None, ...]] = []
        ids: list[tuple[int | None, ...]] = []
        first = len(blocks) + 1
        for row in rows:
            padded = [c or None for c in row] + [None] * (width - len(row))
            row_ids: list[int | None] = []
            for c in padded:
                if c is None:
                    row_ids.append(None)
                else:
                    blocks.append(Block(text=c, paragraph=len(blocks) + 1, kind="table"))
                    row_ids.append(len(blocks))
            cells.append(tuple(padded))
            ids.append(tuple(row_ids))
        parsed.append(Table(rows=tuple(cells), paragraph=first, blocks=tuple(ids)))
    return ParsedDocument(format="docx", status="ok", blocks=tuple(blocks), tables=tuple(parsed))


def pdf_doc(pages: Sequence[Sequence[str]], tables: Sequence[Table] = ()) -> ParsedDocument:
    """A PDF-like document: one block per page, its lines joined by newlines."""
    blocks = tuple(Block(text="\n".join(p), page=i, kind="page") for i, p in enumerate(pages, 1))
    return ParsedDocument(format="pdf", status="ok", blocks=blocks, tables=tuple(tables))


def run(doc: ParsedDocument, rules: ExtractionRules) -> tuple[dict[str, Element], list[Finding]]:
    return extract_annual_report(doc, rules, {})


def arithmetic(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings} & ARITHMETIC


def test_left_aligned_web_table_rows_read_on_their_own(rules: ExtractionRules) -> None:
    doc = docx_doc(["三、收到和处理政府信息公开申请情况"], [longgang_rows()])
    elements, findings = run(doc, rules)
    counts = elements["application_counts"].value
    assert counts["new"] == 66 and counts["carried_over"] == 2
    assert counts["results"] == {
        "disclosed": 3,
        "partially_disclosed": 17,
        "not_disclosed": 0,
        "unable_to_provide": 47,
        "not_processed": 0,
        "other": 0,
        "total": 67,
    }
    assert counts["carried_forward"] == 1
    assert counts["details"]["not_disclosed"] == [0] * 8
    # consistent as published (the header's 总计 is no row); only 表四 is not in the excerpt
    assert [f.code for f in findings] == ["annual_report_missing_table"]
    # the cell itself: its own text, its table position
    (cell,) = [e for e in elements["application_counts"].evidence if e.quote == "66"]
    assert cell.table == (0, 3, 7) and doc.tables[0].rows[3][7] == "66"


def test_left_aligned_table_difference_is_a_review_not_a_mismatch(rules: ExtractionRules) -> None:
    doc = docx_doc(["三、收到和处理政府信息公开申请情况"], [longgang_rows(new_total="67")])
    elements, findings = run(doc, rules)
    assert elements["application_counts"].value["new"] == 67
    assert not arithmetic(findings)
    (review,) = [f for f in findings if f.code == REVIEW]
    assert "67" in review.message and review.evidence


def test_table_continued_on_the_next_page_without_its_headers(rules: ExtractionRules) -> None:
    """pdfplumber gives one table per page; page 3's part has no header and no category."""
    rows = longgang_rows()
    split = 9  # page 2 ends after "2.其他法律行政法规禁止公开"
    part1 = tuple(tuple(r) + (None,) * (9 - len(r)) for r in rows[:split])
    part2 = tuple(tuple(r) + (None,) * (9 - len(r)) for r in rows[split:])
    doc = pdf_doc(
        [["三、收到和处理政府信息公开申请情况"], ["本年新收"], ["3.危及"]],
        [Table(rows=part1, page=2), Table(rows=part2, page=3)],
    )
    elements, findings = run(doc, rules)
    counts = elements["application_counts"].value
    assert counts["details"]["not_disclosed"] == [0] * 8
    assert counts["results"]["unable_to_provide"] == 47 and counts["carried_forward"] == 1
    assert not arithmetic(findings)


DISTRICT_STATS = [
    "三、收到和处理政府信息公开申请情况",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |",
    "申请人情况 |",
    "||||||||",
    "自然人 |",
    "法人或其他组织 |",
    "总计 |",
    "|||||||",
    "一、本年新收政府信息公开申请数量 |",
    *["|"] * 6,
    "0 |",
    "||",
    "二、上年结转政府信息公开申请数量 |",
    *["|"] * 6,
    "0 |",
    "||",
    "三、本年度办理结果 |",
    "(一)予以公开 |",
    *["|"] * 8,
    "(二)部分公开(区分处理的,只计这一情形,不计其他情形) |",
]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_flattened_table_one_cell_per_line_with_bare_pipe_blanks(
    rules: ExtractionRules, fmt: str
) -> None:
    doc = docx_doc(DISTRICT_STATS) if fmt == "docx" else pdf_doc([DISTRICT_STATS])
    elements, findings = run(doc, rules)
    counts = elements["application_counts"].value
    assert counts["new"] == 0 and counts["carried_over"] == 0
    assert counts["results"]["disclosed"] is None  # blank is not 0
    assert not arithmetic(findings)
    (zero, *_) = [e for e in elements["application_counts"].evidence if e.quote == "0"]
    if fmt == "pdf":
        assert zero.page == 1 and zero.paragraph == 16  # the line of that cell on its page
    else:
        assert zero.paragraph == 16


NANHU = [
    "一、总体情况",
    "2019年我局政府信息公开工作运行良好,政府信息公开咨询、申请以及答复工作均得到了顺利开展。",
    "三、收到和处理政府信息公开申请情况",
    "自然人 |",
    "一、本年新收政府信息公开申请数量 |",
    "3 |",
    "3 |",
    "|||||||",
    "二、上年结转政府信息公开申请数量 |",
    "0 |",
    "0 |",
    "|||||||",
    "三、本年度办理结果 |",
    "(一)予以公开 |",
    "2 |",
    "1 |",
    "3 |",
    "||||||",
    "(二)部分公开(区分处理的,只计这一情形,不计其他情形) |",
    "0 |",
    "||||||||",
    "(三)不予公开 |",
    "1.",
]


def test_flattened_2019_table_with_blank_cells_dropped(rules: ExtractionRules) -> None:
    """Blank cells left out of the text: the 总计 is the last number when the others add up to
    it; a lone number is read as the 总计 but sent for review."""
    elements, findings = run(docx_doc(NANHU), rules)
    counts = elements["application_counts"].value
    assert (counts["new"], counts["carried_over"]) == (3, 0)
    assert counts["results"]["disclosed"] == 3
    assert counts["results"]["partially_disclosed"] == 0
    assert elements["year"].value == 2019
    assert elements["year"].evidence[0].quote == "2019年"
    assert not arithmetic(findings)
    (review,) = [f for f in findings if f.code == REVIEW]
    assert "只有一个数字“0”" in review.message


def test_flattened_numbers_that_do_not_add_up_are_a_review(rules: ExtractionRules) -> None:
    lines = [*NANHU[:5], "3 |", "4 |", "|||||||", *NANHU[8:]]
    elements, findings = run(docx_doc(lines), rules)
    assert elements["application_counts"].value["new"] == 4
    assert not arithmetic(findings)
    (review,) = [f for f in findings if f.code == REVIEW]
    assert "“3、4”" in review.message


XIONGXIAN = [
    "一、总体情况",
    "2019年,我乡明确专人负责政务内网及政务公开工作,以服务群众、贴近群众为着力点,较好地完成了"
    "政府网和政务信息公开、编制报送信息等工作。",
    "三、收到和处理政府信息公开申请情况",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "申请人情况",
    "自然人",
    "总计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "(一)予以公开",
    "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    "(三)不予公开",
    "1.属于国家秘密",
    "(七)总计",
    "四、结转下年度继续办理",
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议",
]


def test_labels_only_every_cell_blank(rules: ExtractionRules) -> None:
    elements, findings = run(docx_doc(XIONGXIAN), rules)
    counts = elements["application_counts"].value
    assert counts["new"] is None and counts["carried_over"] is None
    assert counts["results"]["total"] is None and counts["carried_forward"] is None
    assert elements["year"].value == 2019
    assert not arithmetic(findings)


@pytest.mark.parametrize(
    "opening",
    [
        "2019年以来,我局不断加强政府信息公开工作。",  # a period, not the report's year
        "2020年1月,我局召开政府信息公开工作会议。",  # a date
        "2019年我局圆满完成各项目标任务。",  # not about 公开
    ],
)
def test_no_year_from_an_opening_that_does_not_state_it(
    rules: ExtractionRules, opening: str
) -> None:
    elements, _ = run(docx_doc(["一、总体情况", opening]), rules)
    assert "year" not in elements


def test_year_after_a_subheading_of_the_overview(rules: ExtractionRules) -> None:
    doc = docx_doc(
        ["一、总体情况", "(一)主动公开情况", "2023年,我局认真梳理,主动在门户网站公开政府信息50条。"]
    )
    elements, _ = run(doc, rules)
    assert elements["year"].value == 2023


def test_prose_naming_the_first_row_starts_no_table(rules: ExtractionRules) -> None:
    doc = docx_doc(
        [
            "三、收到和处理政府信息公开申请情况",
            "本年新收政府信息公开申请3件,上年结转0件。",
            "3",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    )
    elements, findings = run(doc, rules)
    assert "application_counts" not in elements
    assert not arithmetic(findings)


def test_a_table_after_the_finished_table_is_not_its_continuation(rules: ExtractionRules) -> None:
    rows = longgang_rows()
    part1 = tuple(tuple(r) + (None,) * (9 - len(r)) for r in rows)
    other = (("1.政府网站", "3", "5"), ("2.政务新媒体", "1", "9"))
    doc = pdf_doc(
        [["三、收到和处理政府信息公开申请情况"], ["本年新收"], ["五、其他"]],
        [Table(rows=part1, page=2), Table(rows=other, page=3)],
    )
    elements, findings = run(doc, rules)
    counts = elements["application_counts"].value
    assert counts["details"]["other"] == [0, 0, 0]
    assert [f.code for f in findings] == ["annual_report_missing_table"]


# 表四 of a 审计局 2020 report, printed without ruling lines: the headers split into single
# characters, the numbers on one line
TABLE4_TEXT = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议 行政诉讼",
    "未经复议直接起诉 复议后起诉",
    "结 结 其 尚",
    "总计 果 果 他 未 总 果 果 他 未 总",
    "维 纠 结 审",
    "持 正 果 结",
]


@pytest.mark.parametrize("make", [docx_doc, lambda p: pdf_doc([p])], ids=["docx", "pdf"])
def test_table4_without_ruling_lines_read_from_its_number_line(
    make: Callable[[list[str]], ParsedDocument], rules: ExtractionRules
) -> None:
    numbers = "0 1 0 0 1 2 0 0 0 2 0 0 0 1 1"
    doc = make([*TABLE4_TEXT, numbers, "五、存在的主要问题及改进情况"])
    el, findings = run(doc, rules)
    got = el["review_litigation"].value
    assert got["reconsideration"] == {
        "maintained": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1
    }  # fmt: skip
    assert got["litigation_direct"]["maintained"] == 2 and got["litigation_direct"]["total"] == 2
    assert got["litigation_after_reconsideration"]["pending"] == 1
    assert [e.quote for e in el["review_litigation"].evidence[1:]] == numbers.split()
    assert not arithmetic(findings)


def test_table4_text_total_that_does_not_add_up_is_a_review(rules: ExtractionRules) -> None:
    doc = pdf_doc([[*TABLE4_TEXT, "0 1 0 0 3 0 0 0 0 0 0 0 0 0 0"]])
    el, findings = run(doc, rules)
    assert el["review_litigation"].value["reconsideration"]["total"] == 3
    assert not arithmetic(findings) and REVIEW in {f.code for f in findings}


def test_table4_text_with_numbers_missing_is_a_review_not_a_guess(rules: ExtractionRules) -> None:
    doc = pdf_doc([[*TABLE4_TEXT, "0 0 0 0 0 0 0 0 0 0"]])
    el, findings = run(doc, rules)
    assert el["review_litigation"].value is None
    assert REVIEW in {f.code for f in findings}
