"""Reply-letter extraction and findings on real docx and pdf letters (kaohe.demo.docgen)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from extractors.doctypes.common import common_elements
from extractors.doctypes.reply_letter import extract_reply_letter
from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.parsing.dispatch import parse_file
from extractors.rules import ExtractionRules, load_extraction_rules
from extractors.text import collapse_ws, squeeze
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf

CONFIG = Path(__file__).resolve().parents[3] / "config"

RECEIPT = (
    "本机关于2024年3月5日收到您提出的政府信息公开申请，"
    "您申请公开“集贤县2023年某某村土地征收补偿安置方案及相关批复文件”。"
)
REASON = (
    "经检索，本机关未制作、获取您申请公开的上述信息，您申请公开的政府信息不存在。"
    "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，特此告知。"
)
REMEDY = (
    "如您不服本答复，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)


def letter(
    *,
    title: str = "政府信息公开申请答复书",
    number: str | None = "集自然资信复〔2024〕7号",
    salutation: str | None = "王某某：",
    body: Sequence[str] = (RECEIPT, "经研究，现答复如下：", REASON, REMEDY),
    issuer: str | None = "集贤县自然资源局",
    date: str | None = "2024年4月2日",
    table_signoff: bool = False,
    footer: str | None = "第1页 共1页",
    header: str | None = None,
    head_org: str = "集贤县自然资源局",
) -> DocSpec:
    items: list[str | TableSpec] = [head_org, title]
    if number:
        items.append(number)
    if salutation:
        items.append(salutation)
    items.extend(body)
    right: set[int] = set()
    if table_signoff:
        items.append(TableSpec(rows=[[f"{issuer}（盖章）"], [date or ""]]))
    else:
        for line in (issuer, date):
            if line:
                right.add(len(items))
                items.append(line)
    return DocSpec(items, header=header, footer=footer, right_aligned=frozenset(right))


def rules() -> ExtractionRules:
    return load_extraction_rules(CONFIG)


def write(spec: DocSpec, tmp: Path, fmt: str, name: str = "letter") -> ParsedDocument:
    path = tmp / f"{name}.{fmt}"
    (write_docx if fmt == "docx" else write_pdf)(spec, path)
    doc = parse_file(path)
    assert doc.status == "ok", doc.error
    return doc


def extract(
    spec: DocSpec, tmp: Path, fmt: str
) -> tuple[ParsedDocument, dict[str, Element], list[Finding]]:
    doc = write(spec, tmp, fmt)
    common = common_elements(doc)
    elements, findings = extract_reply_letter(doc, rules(), common)
    all_elements = {**common, **elements}
    check_evidence(doc, all_elements, findings)
    return doc, all_elements, findings


def _block_text(doc: ParsedDocument, ev: Evidence) -> str:
    for b in doc.blocks:
        if b.page == ev.page and b.paragraph == ev.paragraph:
            return collapse_ws(b.text)
    raise AssertionError(f"no block at page={ev.page} paragraph={ev.paragraph}")


def check_evidence(
    doc: ParsedDocument, elements: dict[str, Element], findings: list[Finding]
) -> None:
    """Every quote is a non-empty verbatim substring of the collapsed text of its block."""
    evs = [e for el in elements.values() for e in el.evidence]
    evs += [e for f in findings for e in f.evidence]
    for ev in evs:
        assert ev.quote, ev
        assert ev.quote in _block_text(doc, ev), ev
        if doc.format == "pdf":
            assert ev.page is not None and ev.paragraph is None
        else:
            assert ev.page is None and ev.paragraph is not None


def values(elements: dict[str, Element]) -> dict[str, Any]:
    return {k: v.value for k, v in elements.items()}


def quotes(el: Element) -> list[str]:
    return [e.quote for e in el.evidence]


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


FORMATS = ["docx", "pdf"]
GZXX = "中华人民共和国政府信息公开条例"


def sq(el_quotes: list[str]) -> list[str]:
    return [squeeze(q) for q in el_quotes]


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_letter_matches_contract_example(tmp_path: Path, fmt: str) -> None:
    _doc, el, findings = extract(letter(), tmp_path, fmt)
    assert values(el) == {
        "issuer": "集贤县自然资源局",
        "document_number": "集自然资信复〔2024〕7号",
        "document_date": "2024-04-02",
        "applicant": "王某某",
        "received_date": "2024-03-05",
        "reply_date": "2024-04-02",
        "extension_notified": False,
        "working_days_taken": 20,
        "within_deadline": True,
        "outcome": "not_exist",
        "legal_basis": [{"law": GZXX, "article": 36, "clause": None, "item": 4}],
        "remedy.reconsideration": True,
        "remedy.litigation": True,
        "remedy.reconsideration_days": 60,
        "remedy.litigation_months": 6,
        "remedy.reconsideration_body": "集贤县人民政府",
    }
    assert findings == []
    assert sq(quotes(el["received_date"])) == ["本机关于2024年3月5日收到您提出的政府信息公开申请"]
    assert sq(quotes(el["outcome"])) == ["您申请公开的政府信息不存在"]
    assert sq(quotes(el["legal_basis"])) == [
        "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    ]
    assert sq(quotes(el["remedy.reconsideration"])) == [
        "可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议"
    ]
    assert sq(quotes(el["remedy.litigation"])) == ["在6个月内依法向人民法院提起行政诉讼"]
    assert sq(quotes(el["remedy.reconsideration_body"])) == ["向集贤县人民政府申请行政复议"]
    assert quotes(el["remedy.litigation_months"]) == ["6个月内"]
    assert el["reply_date"].evidence == el["document_date"].evidence


@pytest.mark.parametrize("fmt", FORMATS)
def test_chinese_numeral_dates_salutation_and_disclosure(tmp_path: Path, fmt: str) -> None:
    spec = letter(
        number="集自然资信复〔2023〕12号",
        salutation="张三同志：",
        body=(
            "我单位于二〇二三年十月八日收到您（单位）提出的政府信息公开申请。经研究，现答复如下：",
            "您申请公开的信息属于可以公开的政府信息，现将相关文件提供给您（见附件）。"
            "依据《中华人民共和国政府信息公开条例》第三十六条第（二）项之规定，予以公开。",
            "如您不服本答复，可以在收到本答复书之日起六十日内向集贤县人民政府申请行政复议，"
            "也可以在六个月内向双鸭山市中级人民法院提起行政诉讼。",
        ),
        date="二〇二三年十月二十日",
    )
    _doc, el, findings = extract(spec, tmp_path, fmt)
    v = values(el)
    assert v["applicant"] == "张三"
    assert sq(quotes(el["applicant"])) == ["张三同志："]
    assert v["received_date"] == "2023-10-08"  # a Sunday that was a 调休 working day
    assert v["reply_date"] == "2023-10-20"
    assert sq(quotes(el["reply_date"])) == ["二〇二三年十月二十日"]
    assert v["working_days_taken"] == 10
    assert v["within_deadline"] is True
    assert v["outcome"] == "disclosed"
    assert v["remedy.reconsideration_days"] == 60
    assert v["remedy.litigation_months"] == 6
    assert v["remedy.court"] == "双鸭山市中级人民法院"
    assert findings == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_late_reply_across_national_day_2024(tmp_path: Path, fmt: str) -> None:
    receipt = RECEIPT.replace("2024年3月5日", "2024年9月20日")
    spec = letter(body=(receipt, REASON, REMEDY), date="2024年10月30日")
    _doc, el, findings = extract(spec, tmp_path, fmt)
    # 9/23-27, 9/29 (调休), 9/30; 10/8-11, 10/12 (调休), 10/14-18, 10/21-25, 10/28-30
    assert values(el)["working_days_taken"] == 25
    assert values(el)["within_deadline"] is False
    assert codes(findings) == ["late_reply"]
    late = findings[0]
    assert late.message == "答复超过法定期限：收到申请后第25个工作日答复（期限20个工作日）"
    assert [squeeze(e.quote) for e in late.evidence] == [
        "本机关于2024年9月20日收到您提出的政府信息公开申请",
        "2024年10月30日",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_pure_extension_notice(tmp_path: Path, fmt: str) -> None:
    spec = letter(
        title="政府信息公开延期答复告知书",
        number="集自然资延告〔2024〕3号",
        body=(
            RECEIPT,
            "因您申请公开的信息涉及多个部门，需要进一步检索核实，经本机关负责人同意，"
            "根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，延长答复期限20个工作日，"
            "本机关将于2024年4月30日前作出答复。",
        ),
        date="2024年3月28日",
    )
    _doc, el, findings = extract(spec, tmp_path, fmt)
    v = values(el)
    assert v["outcome"] == "other"
    assert v["extension_notified"] is True
    assert sq(quotes(el["extension_notified"])) == ["延长答复期限20个工作日"]
    assert v["legal_basis"] == [{"law": GZXX, "article": 33, "clause": 2, "item": None}]
    assert v["remedy.reconsideration"] is False and v["remedy.litigation"] is False
    assert v["within_deadline"] is True
    assert findings == []  # no missing_remedy for a pure extension notice


@pytest.mark.parametrize("fmt", FORMATS)
def test_reply_after_extension_gets_doubled_deadline(tmp_path: Path, fmt: str) -> None:
    spec = letter(
        body=(
            RECEIPT,
            "本机关已于2024年3月28日向您发出延期答复告知书。",
            REASON,
            REMEDY,
        ),
        date="2024年4月25日",
    )
    _doc, el, findings = extract(spec, tmp_path, fmt)
    v = values(el)
    assert v["extension_notified"] is True
    assert v["working_days_taken"] == 36
    assert v["within_deadline"] is True
    assert v["outcome"] == "not_exist"
    assert findings == []


@pytest.mark.parametrize(
    ("receipt", "expected", "quote"),
    [
        (
            "本机关于2024年2月26日收到您提出的政府信息公开申请。因申请内容不明确，本机关于2024年2月28日"
            "向您发出补正告知书，2024年3月12日收到您补正后的申请。",
            "2024-03-12",
            "2024年3月12日收到您补正后的申请",
        ),
        (
            "您于2024年3月1日通过邮寄方式提交政府信息公开申请，本机关于2024年3月5日签收。",
            "2024-03-05",
            "本机关于2024年3月5日签收",
        ),
        (
            "您于2024年3月1日通过网上申请平台提交政府信息公开申请，经双方确认，本机关于2024年3月4日确认收到。",
            "2024-03-04",
            "本机关于2024年3月4日确认收到",
        ),
        (
            "您于2024年3月1日通过邮寄方式提交政府信息公开申请，本机关次日签收。",
            "2024-03-02",
            "您于2024年3月1日通过邮寄方式提交政府信息公开申请，本机关次日签收",
        ),
        (
            "您3月4日提交的政府信息公开申请已收悉。",
            "2024-03-04",
            "您3月4日提交的政府信息公开申请已收悉",
        ),
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_received_date_variants(
    tmp_path: Path, fmt: str, receipt: str, expected: str, quote: str
) -> None:
    spec = letter(body=(receipt, REASON, REMEDY))
    _doc, el, findings = extract(spec, tmp_path, fmt)
    assert values(el)["received_date"] == expected
    assert sq(quotes(el["received_date"])) == [quote]
    assert "missing_received_date" not in codes(findings)


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_receipt_date(tmp_path: Path, fmt: str) -> None:
    spec = letter(body=("您提出的政府信息公开申请收悉，经研究，现答复如下：", REASON, REMEDY))
    _doc, el, findings = extract(spec, tmp_path, fmt)
    assert "received_date" not in el and "working_days_taken" not in el
    assert values(el)["within_deadline"] is None
    assert codes(findings) == ["missing_received_date"]
    assert "收到" in findings[0].message and findings[0].evidence == ()


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_legal_basis(tmp_path: Path, fmt: str) -> None:
    spec = letter(
        body=(RECEIPT, "经检索，本机关未制作、获取您申请公开的上述信息，该信息不存在。", REMEDY)
    )
    _doc, el, findings = extract(spec, tmp_path, fmt)
    assert "legal_basis" not in el
    assert values(el)["outcome"] == "not_exist"
    assert codes(findings) == ["missing_legal_basis"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_2007_numbering_cited_in_2023(tmp_path: Path, fmt: str) -> None:
    receipt = RECEIPT.replace("2024年3月5日", "2023年3月6日")
    reason = (
        "经检索，您申请公开的信息不属于本机关负责公开的范围，建议您向集贤县住房和城乡建设局咨询。"
        "根据《中华人民共和国政府信息公开条例》第二十一条第（三）项的规定，特此告知。"
    )
    spec = letter(body=(receipt, reason, REMEDY), date="2023年3月20日")
    _doc, el, findings = extract(spec, tmp_path, fmt)
    assert values(el)["outcome"] == "not_our_jurisdiction"
    assert codes(findings) == ["cites_repealed_provision"]
    f = findings[0]
    assert "2023-03-20" in f.message and "第二十一条" in f.message
    assert sq([e.quote for e in f.evidence]) == [
        "根据《中华人民共和国政府信息公开条例》第二十一条第（三）项"
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_article_14_alone_is_not_repealed_numbering(tmp_path: Path, fmt: str) -> None:
    reason = (
        "您申请公开的信息涉及国家秘密，根据《中华人民共和国政府信息公开条例》第十四条的规定，"
        "本机关决定不予公开。"
    )
    spec = letter(body=(RECEIPT, reason, REMEDY))
    _doc, el, findings = extract(spec, tmp_path, fmt)
    assert values(el)["outcome"] == "not_disclosed"
    assert values(el)["legal_basis"] == [{"law": GZXX, "article": 14, "clause": None, "item": None}]
    assert findings == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_channel_and_outdated_litigation_period(tmp_path: Path, fmt: str) -> None:
    one = "如您不服本答复，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议。"
    _doc, el, findings = extract(letter(body=(RECEIPT, REASON, one)), tmp_path, fmt)
    assert values(el)["remedy.litigation"] is False
    assert codes(findings) == ["remedy_one_channel"]
    assert findings[0].message == "救济渠道告知不全：仅告知了行政复议，未告知行政诉讼"

    three = REMEDY.replace("6个月内", "3个月内")
    _doc, el, findings = extract(letter(body=(RECEIPT, REASON, three)), tmp_path / "b", fmt)
    assert values(el)["remedy.litigation_months"] == 3
    assert codes(findings) == ["remedy_litigation_period_outdated"]
    assert [e.quote for e in findings[0].evidence] == ["3个月内"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_remedy(tmp_path: Path, fmt: str) -> None:
    _doc, el, findings = extract(letter(body=(RECEIPT, REASON)), tmp_path, fmt)
    assert values(el)["remedy.reconsideration"] is False
    assert values(el)["remedy.litigation"] is False
    assert codes(findings) == ["missing_remedy"]


WRONG_BODY = (
    "如您不服本答复，可以自收到本答复书之日起60日内向双鸭山市自然资源局申请行政复议，"
    "或者在6个月内依法向集贤县人民法院提起行政诉讼。"
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_reconsideration_body_after_2024(tmp_path: Path, fmt: str) -> None:
    _doc, el, findings = extract(letter(body=(RECEIPT, REASON, WRONG_BODY)), tmp_path, fmt)
    v = values(el)
    assert v["remedy.reconsideration_body"] == "双鸭山市自然资源局"
    assert v["remedy.court"] == "集贤县人民法院"
    assert codes(findings) == ["remedy_wrong_reconsideration_body"]
    assert "双鸭山市自然资源局" in findings[0].message


@pytest.mark.parametrize("fmt", FORMATS)
def test_vertical_issuer_and_two_bodies_do_not_fire(tmp_path: Path, fmt: str) -> None:
    spec = letter(
        head_org="国家税务总局集贤县税务局",
        issuer="国家税务总局集贤县税务局",
        body=(
            RECEIPT,
            REASON,
            WRONG_BODY.replace("双鸭山市自然资源局", "国家税务总局双鸭山市税务局"),
        ),
    )
    _doc, el, findings = extract(spec, tmp_path, fmt)
    assert values(el)["issuer"] == "国家税务总局集贤县税务局"
    assert findings == []

    two = WRONG_BODY.replace("双鸭山市自然资源局", "友谊县人民政府或双鸭山市自然资源局")
    _doc, el, findings = extract(letter(body=(RECEIPT, REASON, two)), tmp_path / "b", fmt)
    assert values(el)["remedy.reconsideration_body"] == "友谊县人民政府或双鸭山市自然资源局"
    assert findings == []

    # Before 2024 the upper department was a lawful choice.
    old = letter(
        body=(RECEIPT.replace("2024年3月5日", "2023年3月6日"), REASON, WRONG_BODY),
        date="2023年3月20日",
    )
    _doc, el, findings = extract(old, tmp_path / "c", fmt)
    assert findings == []


NOT_DISCLOSED = (
    "您申请公开的信息属于过程性信息，根据《中华人民共和国政府信息公开条例》第十六条第二款、"
    "第三十六条第（三）项的规定，本机关决定不予公开。"
)
RECON_ONLY = "如您不服本答复，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议。"


@pytest.mark.parametrize("fmt", FORMATS)
def test_not_disclosed_with_reconsideration_only(tmp_path: Path, fmt: str) -> None:
    _doc, el, findings = extract(letter(body=(RECEIPT, NOT_DISCLOSED, RECON_ONLY)), tmp_path, fmt)
    assert values(el)["outcome"] == "not_disclosed"
    assert values(el)["legal_basis"] == [
        {"law": GZXX, "article": 16, "clause": 2, "item": None},
        {"law": GZXX, "article": 36, "clause": None, "item": 3},
    ]
    assert findings == []  # 复议前置 since 2024-01-01

    old = letter(
        body=(RECEIPT.replace("2024年3月5日", "2023年3月6日"), NOT_DISCLOSED, RECON_ONLY),
        date="2023年3月20日",
    )
    _doc, el, findings = extract(old, tmp_path / "b", fmt)
    assert codes(findings) == ["remedy_one_channel"]


@pytest.mark.parametrize(
    ("reason", "outcome"),
    [
        (
            "经检索，您申请公开的信息本机关已于2023年12月1日在集贤县人民政府网站主动公开，"
            "根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，您可登录该网站查阅。",
            "already_public",
        ),
        (
            "经审查，您申请公开的信息中含有个人隐私，本机关作区分处理，"
            "根据《中华人民共和国政府信息公开条例》第三十七条的规定，对其余部分予以公开。",
            "partially_disclosed",
        ),
        (
            "经检索，本机关未制作该信息，该信息不属于本机关负责公开，建议您向集贤县发展和改革局咨询。"
            "根据《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，特此告知。",
            "not_our_jurisdiction",
        ),
        (
            "您的申请与本机关2024年1月10日已答复的申请内容相同，属于重复申请，"
            "根据《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，本机关不予重复处理。",
            "duplicate_request",
        ),
        (
            "您提出的事项实为信访诉求，根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，"
            "本机关不作为政府信息公开申请处理，请您通过信访渠道反映。",
            "not_government_info",
        ),
    ],
)
def test_outcomes(tmp_path: Path, reason: str, outcome: str) -> None:
    _doc, el, findings = extract(letter(body=(RECEIPT, reason, REMEDY)), tmp_path, "docx")
    assert values(el)["outcome"] == outcome
    assert findings == []


def test_outcome_decided_by_cited_item_when_wording_is_ambiguous(tmp_path: Path) -> None:
    # Wording says both "未制作" (not_exist) and "不予公开"; the cited item decides.
    reason = (
        "经检索，本机关未制作您申请的报告全文，其摘要属于内部事务信息，不予公开。"
        "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，特此告知。"
    )
    _doc, el, _f = extract(letter(body=(RECEIPT, reason, REMEDY)), tmp_path, "docx")
    assert values(el)["outcome"] == "not_exist"


def test_applicant_request_text_does_not_decide_outcome(tmp_path: Path) -> None:
    receipt = (
        "本机关于2024年3月5日收到您提出的政府信息公开申请，"
        "您申请公开“2023年信访举报不予公开事项清单”。"
    )
    reason = (
        "经检索，该信息已于2023年12月1日在集贤县人民政府网站主动公开。"
        "根据《中华人民共和国政府信息公开条例》第三十六条第（一）项，特此告知。"
    )
    _doc, el, _f = extract(letter(body=(receipt, reason, REMEDY)), tmp_path, "docx")
    assert values(el)["outcome"] == "already_public"


@pytest.mark.parametrize("fmt", FORMATS)
def test_supplement_notice(tmp_path: Path, fmt: str) -> None:
    spec = letter(
        title="政府信息公开申请补正告知书",
        body=(
            RECEIPT,
            "因您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，"
            "请您于收到本告知书之日起15个工作日内对申请内容作出补正，逾期未补正的，视为放弃申请。",
            REMEDY,
        ),
        date="2024年3月8日",
    )
    _doc, el, findings = extract(spec, tmp_path, fmt)
    assert values(el)["outcome"] == "supplement_requested"
    assert values(el)["received_date"] == "2024-03-05"
    assert findings == []


def test_applicant_label_and_company(tmp_path: Path) -> None:
    spec = letter(salutation="申请人：李四")
    _doc, el, _f = extract(spec, tmp_path, "docx")
    assert values(el)["applicant"] == "李四"
    spec = letter(salutation="某某房地产开发有限公司：")
    _doc, el, _f = extract(spec, tmp_path / "b", "pdf")
    assert values(el)["applicant"] == "某某房地产开发有限公司"


def test_unknown_calendar_year(tmp_path: Path) -> None:
    receipt = RECEIPT.replace("2024年3月5日", "2026年12月21日")
    spec = letter(body=(receipt, REASON, REMEDY), date="2027年1月8日")
    _doc, el, findings = extract(spec, tmp_path, "docx")
    assert "working_days_taken" not in el
    assert values(el)["within_deadline"] is None
    assert codes(findings) == ["calendar_unknown"]
    assert "2027" in findings[0].message and "holidays.yaml" in findings[0].message
    assert rules().section("findings")["calendar_unknown"]["deducts"] is False


def test_reply_date_missing_leaves_deadline_open(tmp_path: Path) -> None:
    doc = write(letter(date=None), tmp_path, "docx")
    common = common_elements(doc)
    el, findings = extract_reply_letter(doc, rules(), common)
    assert "reply_date" not in el and el["within_deadline"].value is None
    assert codes(findings) == []
