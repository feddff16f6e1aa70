"""行政复议决定书 / 行政判决书 (review_decision): type, decision, body, respondent, number."""

from __future__ import annotations

import pytest

from extractors.doctypes.classify import classify
from extractors.extract import extract
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")


def _decision(operative: str, title: str = "泸县人民政府行政复议决定书") -> DocSpec:
    return DocSpec(
        [
            title,
            "泸县府复决〔2022〕30号",
            "申请人：李某某。",
            "被申请人：泸县自然资源和规划局，住所地泸县玉蟾大道1号。",
            "申请人对被申请人2022年3月1日作出的泸自然资公开〔2022〕5号《政府信息公开申请答复书》"
            "不服，于2022年3月10日向本机关申请行政复议，本机关依法予以受理。",
            "本机关认为，被申请人未尽合理检索义务。根据《中华人民共和国行政复议法》第二十八条的规定，"
            "本机关决定如下：",
            operative,
            "如不服本决定，可以自收到本决定书之日起15日内依法向人民法院提起行政诉讼。",
            "泸县人民政府",
            "2022年5月6日",
        ]
    )


CASES = [
    (
        "撤销被申请人作出的泸自然资公开〔2022〕5号《政府信息公开申请答复书》，责令被申请人自收到本决定书之日起"
        "20个工作日内重新作出答复。",
        "revoked",
    ),
    ("确认被申请人作出的《政府信息公开申请答复书》违法。", "confirmed_illegal"),
    ("责令被申请人自收到本决定书之日起20个工作日内对申请人的申请重新作出答复。", "ordered_to_act"),
    ("维持被申请人作出的泸自然资公开〔2022〕5号《政府信息公开申请答复书》。", "maintained"),
    ("驳回申请人的行政复议申请。", "dismissed"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("operative", "want"), CASES)
def test_decision_and_its_facts(make_doc, rules, check_evidence, fmt, operative, want):
    doc = make_doc(_decision(operative), fmt)
    result = extract(doc, rules)
    assert result.doc_type == "review_decision"
    el = {k: v.value for k, v in result.elements.items()}
    assert el["decision"] == want
    assert el["decision_date"] == "2022-05-06"
    assert el["decision_body"] == "泸县人民政府"
    assert el["respondent"] == "泸县自然资源和规划局"
    assert el["reviewed_document_number"] == "泸自然资公开〔2022〕5号"
    assert el["document_number"] == "泸县府复决〔2022〕30号"
    assert result.findings == ()
    check_evidence(doc, result.elements)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_judgment_is_a_review_decision_not_a_reply_letter(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "四川省泸州市中级人民法院",
            "行政判决书",
            "（2023）川05行终12号",
            "上诉人（原审原告）：李某某。",
            "被上诉人（原审被告）：泸县人民政府。",
            "原审原告李某某诉泸县人民政府政府信息公开答复一案，本院依法组成合议庭审理了本案。",
            "依照《中华人民共和国行政诉讼法》第八十九条第一款第一项之规定，判决如下：",
            "驳回上诉，维持原判。",
            "本判决为终审判决。",
        ]
    )
    doc = make_doc(spec, fmt)
    assert classify(doc, rules)[0] == "review_decision"
    result = extract(doc, rules)
    el = {k: v.value for k, v in result.elements.items()}
    assert el["decision"] == "maintained"  # 驳回上诉，维持原判: the reviewed act stands
    assert el["decision_body"] == "四川省泸州市中级人民法院"
    assert el["respondent"] == "泸县人民政府"


def test_no_operative_part_needs_review(make_doc, rules):
    spec = DocSpec(
        [
            "泸县人民政府行政复议决定书",
            "被申请人：泸县自然资源和规划局。",
            "申请人对被申请人作出的政府信息公开答复不服，向本机关申请行政复议。",
        ]
    )
    result = extract(make_doc(spec, "docx"), rules)
    assert result.doc_type == "review_decision"
    assert "decision" not in result.elements
    assert [f.code for f in result.findings] == ["review_decision_needs_review"]
