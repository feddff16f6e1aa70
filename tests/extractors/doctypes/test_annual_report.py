"""Annual reports (政府信息公开工作年度报告) through parse_file on generated docx and pdf files.

The fixtures follow the 国办公开办函〔2021〕30号 template (and the 2019 variant whose （六）其他处理
is one row): table 三 with its three label columns and seven number columns, table 四 with 15
number columns, merged cells as in the published Word template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extractors.doctypes.annual_report import extract_annual_report
from extractors.model import Element, Finding, ParsedDocument
from extractors.parsing.dispatch import parse_file
from extractors.rules import ExtractionRules, load_extraction_rules
from extractors.text import collapse_ws
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf

CONFIG = Path(__file__).resolve().parents[3] / "config"

NOT_DISCLOSED = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
]
UNABLE = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
NOT_PROCESSED = [
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
]
OTHER_2021 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]

Counts = list[int]  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他


@dataclass
class Report:
    """The numbers of one report; each row is the six applicant columns (总计 is computed)."""

    new: Counts
    carried_over: Counts
    disclosed: Counts
    partial: Counts
    not_disclosed: list[Counts]
    unable: list[Counts]
    not_processed: list[Counts]
    other: list[Counts]
    carried_forward: Counts
    review: list[int]  # 15 numbers of table 四
    #: (row label prefix → written 总计) to make a report inconsistent
    wrong_totals: dict[str, int] = field(default_factory=dict)


def zeros() -> Counts:
    return [0] * 6


def consistent() -> Report:
    nd = [zeros() for _ in NOT_DISCLOSED]
    nd[3] = [1, 0, 0, 0, 0, 0]  # 保护第三方合法权益
    nd[5] = [0, 1, 0, 0, 0, 0]  # 过程性信息
    unable = [[5, 0, 0, 0, 1, 0], [1, 0, 0, 0, 0, 0], zeros()]
    np_ = [zeros() for _ in NOT_PROCESSED]
    np_[1] = [2, 0, 0, 0, 0, 0]
    other = [[1, 0, 0, 0, 0, 0], zeros(), zeros()]
    return Report(
        new=[21, 3, 0, 1, 0, 1],  # 26
        carried_over=[2, 0, 0, 0, 0, 0],  # 2
        disclosed=[9, 2, 0, 1, 0, 0],  # 12
        partial=[2, 0, 0, 0, 0, 1],  # 3
        not_disclosed=nd,  # 2
        unable=unable,  # 7
        not_processed=np_,  # 2
        other=other,  # 1
        carried_forward=[1, 0, 0, 0, 0, 0],  # 1  → 26 + 2 = 27 + 1
        review=[1, 1, 0, 0, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1],
    )


def total_row(r: Report, v2019: bool) -> Counts:
    rows = [r.disclosed, r.partial, *r.not_disclosed, *r.unable, *r.not_processed]
    rows += [r.other[0]] if v2019 else r.other
    return [sum(col) for col in zip(*rows, strict=True)]


def table3(r: Report, *, v2019: bool = False) -> TableSpec:
    def nums(label: str, counts: Counts) -> list[str]:
        total = r.wrong_totals.get(label, sum(counts))
        return [str(n) for n in counts] + [str(total)]

    rows: list[list[str]] = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", ""]
        + ["申请人情况"]
        + [""] * 6,
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        ["一、本年新收政府信息公开申请数量", "", "", *nums("一、", r.new)],
        ["二、上年结转政府信息公开申请数量", "", "", *nums("二、", r.carried_over)],
        ["三、本年度办理结果", "（一）予以公开", "", *nums("（一）", r.disclosed)],
        [
            "",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "",
            *nums("（二）", r.partial),
        ],
    ]
    merges: list[tuple[int, int, int, int]] = [
        (0, 0, 2, 2),
        (0, 3, 0, 9),
        (1, 3, 2, 3),
        (1, 4, 1, 8),
        (1, 9, 2, 9),
        (3, 0, 3, 2),
        (4, 0, 4, 2),
        (5, 1, 5, 2),
        (6, 1, 6, 2),
    ]

    def group(title: str, labels: Sequence[str], counts: list[Counts]) -> None:
        first = len(rows)
        for i, (label, c) in enumerate(zip(labels, counts, strict=True)):
            rows.append(["", title if i == 0 else "", label, *nums(label, c)])
        merges.append((first, 1, len(rows) - 1, 1))

    group("（三）不予公开", NOT_DISCLOSED, r.not_disclosed)
    group("（四）无法提供", UNABLE, r.unable)
    group("（五）不予处理", NOT_PROCESSED, r.not_processed)
    if v2019:
        rows.append(["", "（六）其他处理", "", *nums("（六）", r.other[0])])
        merges.append((len(rows) - 1, 1, len(rows) - 1, 2))
    else:
        group("（六）其他处理", OTHER_2021, r.other)
    rows.append(["", "（七）总计", "", *nums("（七）", total_row(r, v2019))])
    merges += [(len(rows) - 1, 1, len(rows) - 1, 2), (5, 0, len(rows) - 1, 0)]
    rows.append(["四、结转下年度继续办理", "", "", *nums("四、", r.carried_forward)])
    merges.append((len(rows) - 1, 0, len(rows) - 1, 2))
    return TableSpec(rows, merges=merges, col_widths=[3, 3, 5] + [1.2] * 7)


def table4(r: Report) -> TableSpec:
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        results * 3,
        [str(n) for n in r.review],
    ]
    merges = [(0, 0, 1, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)]
    return TableSpec(rows, merges=merges, col_widths=[1] * 15)


def report_spec(
    r: Report,
    *,
    title: str,
    signoff: Sequence[str],
    v2019: bool = False,
    before: Sequence[str] = (),
) -> DocSpec:
    year_text = title[title.index("20") : title.index("20") + 4] if "20" in title else ""
    items: list[str | TableSpec] = [
        *before,
        title,
        "本年度报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室"
        "有关要求编制。本年度报告中所列数据的统计期限自"
        f"{year_text}年1月1日起至{year_text}年12月31日止。",
        "一、总体情况",
        "（一）主动公开。全年通过政府网站主动公开政府信息1286条，其中政策文件42件。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        table3(r, v2019=v2019),
        "四、政府信息公开行政复议、行政诉讼情况",
        table4(r),
        "五、存在的主要问题及改进情况",
        "一是政策解读形式较为单一；二是依申请公开答复的规范性有待提高。下一步将加强业务培训。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        *signoff,
    ]
    n = len(items)
    return DocSpec(items, right_aligned=frozenset(range(n - len(signoff), n)))


@pytest.fixture(scope="module")
def rules() -> ExtractionRules:
    return load_extraction_rules(CONFIG)


def write(spec: DocSpec, path: Path) -> ParsedDocument:
    (write_docx if path.suffix == ".docx" else write_pdf)(spec, path)
    doc = parse_file(path)
    assert doc.status == "ok", doc.error
    return doc


def assert_quotes(doc: ParsedDocument, elements: dict[str, Element], findings: list[Finding]):
    """Every quote is a verbatim substring of the collapsed text of the block it cites."""
    texts = {(b.page, b.paragraph): collapse_ws(b.text) for b in doc.blocks}
    evidence = [e for el in elements.values() for e in el.evidence]
    evidence += [e for f in findings for e in f.evidence]
    for ev in evidence:
        assert ev.quote, ev
        assert ev.quote in texts[(ev.page, ev.paragraph)], ev


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


EXPECTED_2021 = {
    "new": 26,
    "carried_over": 2,
    "results": {
        "disclosed": 12,
        "partially_disclosed": 3,
        "not_disclosed": 2,
        "unable_to_provide": 7,
        "not_processed": 2,
        "other": 1,
        "total": 27,
    },
    "carried_forward": 1,
    "details": {
        "not_disclosed": [0, 0, 0, 1, 0, 1, 0, 0],
        "unable_to_provide": [6, 1, 0],
        "not_processed": [0, 2, 0, 0, 0],
        "other": [1, 0, 0],
    },
}
EXPECTED_REVIEW = {
    "reconsideration": {"maintained": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2},
    "litigation_direct": {"maintained": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
    "litigation_after_reconsideration": {
        "maintained": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    },
}


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_consistent_2021_county_report(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = report_spec(
        consistent(),
        title="集贤县人民政府2023年政府信息公开工作年度报告",
        signoff=["集贤县人民政府办公室", "2024年3月15日"],
    )
    doc = write(spec, tmp_path / f"年报{suffix}")
    elements, findings = extract_annual_report(doc, rules, {})
    assert elements["year"].value == 2023
    assert elements["application_counts"].value == EXPECTED_2021
    assert elements["review_litigation"].value == EXPECTED_REVIEW
    assert elements["publish_date"].value == "2024-03-15"
    assert elements["reporting_body"].value == "集贤县人民政府"
    assert elements["reporting_body_kind"].value == "government"
    assert elements["deadline"].value == "2024-03-31"
    assert elements["published_by_deadline"].value is True
    assert findings == []
    quotes = " ".join(e.quote for e in elements["application_counts"].evidence)
    assert "本年新收" in quotes.replace(" ", "")
    assert "结转下年度" in quotes.replace(" ", "")
    assert_quotes(doc, elements, findings)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_inconsistent_department_report_is_late(
    tmp_path: Path, rules: ExtractionRules, suffix: str
):
    r = consistent()
    # 新收 written as 28 although its columns add up to 26: the row and the balance both fail;
    # 行政复议 总计 3 against 1 + 1.
    r.wrong_totals = {"一、": 28}
    r.review[4] = 3
    spec = report_spec(
        r,
        title="集贤县自然资源局2023年度政府信息公开工作年度报告",
        signoff=["集贤县自然资源局", "2024年2月6日"],
    )
    doc = write(spec, tmp_path / f"年报{suffix}")
    elements, findings = extract_annual_report(doc, rules, {})
    counts = elements["application_counts"].value
    assert counts["new"] == 28
    assert counts["results"]["total"] == 27
    assert elements["reporting_body_kind"].value == "department"
    assert elements["deadline"].value == "2024-01-31"
    assert elements["published_by_deadline"].value is False
    assert codes(findings) == [
        "annual_report_balance_mismatch",
        "annual_report_late",
        "annual_report_total_mismatch",
        "annual_report_total_mismatch",
    ]
    by_code = {f.code: f for f in findings}
    balance = by_code["annual_report_balance_mismatch"]
    assert "28" in balance.message and "30" in balance.message and "28" in balance.message
    assert balance.evidence, "the balance finding quotes the rows it used"
    late = by_code["annual_report_late"]
    assert "2024-02-06" in late.message or "2024年2月6日" in late.message
    mismatches = [f.message for f in findings if f.code == "annual_report_total_mismatch"]
    assert any("本年新收" in m and "28" in m and "26" in m for m in mismatches)
    assert any("行政复议" in m and "3" in m and "2" in m for m in mismatches)
    assert all(f.evidence for f in findings)
    assert_quotes(doc, elements, findings)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_2019_variant_with_wrong_grand_total(tmp_path: Path, rules: ExtractionRules, suffix: str):
    r = consistent()
    r.other = [zeros(), zeros(), zeros()]  # the 2019 template's （六） is one row
    # （七）总计 written as 27 while （一）…（六） add up to 26 (and its columns to 26 as well)
    r.wrong_totals = {"（七）": 27}
    spec = report_spec(
        r,
        title="集贤县教育局2019年政府信息公开工作年度报告",
        signoff=["集贤县教育局", "2020年1月20日"],
        v2019=True,
    )
    doc = write(spec, tmp_path / f"年报{suffix}")
    elements, findings = extract_annual_report(doc, rules, {})
    counts = elements["application_counts"].value
    assert elements["year"].value == 2019
    assert counts["results"]["other"] == 0
    assert "other" not in counts["details"]
    assert counts["results"]["total"] == 27
    assert counts["results"]["not_disclosed"] == 2
    assert elements["published_by_deadline"].value is True
    # The row's own columns (26) and the categories (26) both disagree with the written 27;
    # 26 + 2 = 27 + 1 still balances, so only the two total findings fire.
    assert codes(findings) == ["annual_report_total_mismatch", "annual_report_total_mismatch"]
    assert all("（七）总计" in f.message for f in findings)
    assert_quotes(doc, elements, findings)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_web_snapshot_publish_date_and_chinese_numerals(
    tmp_path: Path, rules: ExtractionRules, suffix: str
):
    spec = report_spec(
        consistent(),
        title="集贤县民政局二〇二三年政府信息公开工作年度报告",
        signoff=["集贤县民政局", "2024年1月10日"],
        before=["首页 > 政府信息公开 > 政府信息公开年报", "发布时间：2024-02-02 09:30"],
    )
    doc = write(spec, tmp_path / f"年报网页{suffix}")
    elements, findings = extract_annual_report(doc, rules, {})
    assert elements["year"].value == 2023
    assert elements["year"].evidence[0].quote == "二〇二三年"
    assert elements["reporting_body"].value == "集贤县民政局"
    assert elements["deadline"].value == "2024-01-31"
    assert elements["publish_date"].value == "2024-02-02"
    assert elements["publish_date"].evidence[0].quote.startswith("发布时间")
    assert codes(findings) == ["annual_report_late"]
    assert_quotes(doc, elements, findings)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_missing_tables_are_reported(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = DocSpec(
        [
            "集贤县审计局2023年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度共收到政府信息公开申请3件，均已按时答复。",
            "集贤县审计局",
            "2024年1月18日",
        ],
        right_aligned=frozenset({3, 4}),
    )
    doc = write(spec, tmp_path / f"年报{suffix}")
    elements, findings = extract_annual_report(doc, rules, {})
    assert "application_counts" not in elements
    assert "review_litigation" not in elements
    assert elements["published_by_deadline"].value is True
    assert codes(findings) == ["annual_report_missing_table", "annual_report_missing_table"]
    messages = " ".join(f.message for f in findings)
    assert "本年新收" in messages and "行政复议" in messages
    assert_quotes(doc, elements, findings)


def test_real_pdfplumber_layout_quirks(rules: ExtractionRules):
    """None for merged cells, numbers with spaces and full-width digits, a （三） row carrying
    its own subtotal above its sub-items (some units add one): the subtotal is used once and
    checked against its sub-items, never added to them."""
    from extractors.model import Block, Table

    header = (
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None)
        + ("申请人情况",)
        + (None,) * 6,
        (None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"),
    )

    def row(a: str | None, b: str | None, c: str | None, *nums: str) -> tuple[str | None, ...]:
        return (a, b, c, *nums)

    rows = (
        *header,
        row(
            "一、本年新收政\n府信息公开申请\n数量",
            None,
            None,
            "1 2",
            "0",
            "0",
            "0",
            "0",
            "1",
            "1 3",
        ),
        row("二、上年结转政府信息公开申请数量", None, None, "０", "0", "0", "0", "0", "0", "０"),
        row("三、本年度办理\n结果", "（一）予以公开", None, "8", "1", "0", "0", "0", "0", "9"),
        row(None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, *["0"] * 7),
        row(None, "（三）不予公开", None, "3", "0", "0", "0", "0", "0", "3"),
        row(None, None, "1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"),
        row(None, None, "4.保护第三方合法权益", "1", "0", "0", "0", "0", "0", "1"),
        row(
            None, "（四）无法提供", "1.本机关不掌握相关政府信息", "1", "0", "0", "0", "0", "0", "1"
        ),
        row(None, "（七）总计", None, "12", "1", "0", "0", "0", "0", "13"),
        row("四、结转下年度继续办理", None, None, "0", "0", "0", "0", "0", "0", "0"),
    )
    text = "\n".join(" ".join(c for c in r if c) for r in rows)
    doc = ParsedDocument(
        format="pdf",
        status="ok",
        blocks=(Block("集贤县司法局2023年政府信息公开工作年度报告\n" + text, page=1),),
        tables=(Table(rows=rows, page=1),),
    )
    elements, findings = extract_annual_report(doc, rules, {})
    counts = elements["application_counts"].value
    assert counts["new"] == 13
    assert counts["carried_over"] == 0
    assert counts["results"]["not_disclosed"] == 3  # the written subtotal, not 3 + 2
    assert counts["details"]["not_disclosed"] == [1, 1]
    assert counts["results"]["total"] == 13
    # 2 of the template's 8 sub-rows were read: a reading doubt, for review — never a deduction
    assert "annual_report_total_mismatch" not in [f.code for f in findings]
    reviews = [f for f in findings if f.code == "annual_report_needs_review"]
    assert len(reviews) == 1 and reviews[0].certainty == "review"
    assert "“（三）不予公开”的小计填写为3，读出的各项相加为2" in reviews[0].message
    assert "annual_report_balance_mismatch" not in [f.code for f in findings]
    assert_quotes(doc, elements, findings)
