"""Reply-letter outcome classes of issue 8: scope negation, title evidence, check boxes, abstain."""

from __future__ import annotations

import pytest

from extractors.doctypes.common import common_elements
from extractors.doctypes.reply_letter import extract_reply_letter
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")
HEAD = ["集贤县自然资源局", "政府信息公开申请答复书", "集自然资信复〔2024〕7号", "王某某："]
RECEIVED = "本机关于2024年3月5日收到您提出的政府信息公开申请。经研究，现答复如下："
REMEDY = (
    "如您不服本答复，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，或者在6个月内"
    "依法向人民法院提起行政诉讼。"
)
TAIL = ["集贤县自然资源局", "2024年3月20日"]


def _letter(*body: str, head: list[str] | None = None) -> DocSpec:
    return DocSpec([*(head or HEAD), RECEIVED, *body, REMEDY, *TAIL])


def _run(make_doc, rules, spec, fmt):
    doc = make_doc(spec, fmt)
    el, findings = extract_reply_letter(doc, rules, common_elements(doc))
    return doc, el, findings


@pytest.mark.parametrize("fmt", FORMATS)
def test_outside_what_may_be_disclosed_is_a_refusal(make_doc, rules, check_evidence, fmt):
    spec = _letter(
        "经审查，您申请公开的会议记录属于内部事务信息，不属于可以公开的范围。",
        "根据《中华人民共和国政府信息公开条例》第十六条第一款的规定，本机关不予公开。",
    )
    doc, el, findings = _run(make_doc, rules, spec, fmt)
    assert el["outcome"].value == "not_disclosed"
    check_evidence(doc, el["outcome"])
    assert "outcome_needs_review" not in [f.code for f in findings]


@pytest.mark.parametrize("fmt", FORMATS)
def test_scope_sentence_alone_is_not_disclosure(make_doc, rules, fmt):
    # "属于公开范围" inside "不属于…公开范围" must not read as 予以公开
    spec = _letter("经审查，您申请获取的信息超出本机关可以公开的范围。")
    _, el, _ = _run(make_doc, rules, spec, fmt)
    assert el["outcome"].value == "not_disclosed"


@pytest.mark.parametrize("fmt", FORMATS)
def test_refusing_the_requested_part_with_nothing_disclosed_is_a_refusal(make_doc, rules, fmt):
    head = ["集贤县自然资源局", "政府信息不予公开告知书", "集自然资信告〔2024〕8号", "王某某："]
    spec = _letter(
        "您申请获取的政府信息中，有关征收补偿协议的部分信息涉及个人隐私，本机关对该部分信息不予公开。",
        head=head,
    )
    _, el, _ = _run(make_doc, rules, spec, fmt)
    assert el["outcome"].value == "not_disclosed"


@pytest.mark.parametrize("fmt", FORMATS)
def test_not_government_info_in_the_regulations_sense(make_doc, rules, fmt):
    spec = _letter(
        "经审查，您申请获取的信息不符合《中华人民共和国政府信息公开条例》第二条所指的政府信息的范畴。"
    )
    _, el, _ = _run(make_doc, rules, spec, fmt)
    assert el["outcome"].value == "not_government_info"


FORM = [
    "□ 您申请的信息属于已主动公开的政府信息，根据《中华人民共和国政府信息公开条例》"
    "第三十六条第（一）项，可通过集贤县人民政府网站获取",
    "☑ 您申请的信息经检索没有找到，根据《中华人民共和国政府信息公开条例》"
    "第三十六条第（四）项，告知您该政府信息不存在",
    "□ 您申请的信息属于不予公开范围，根据《中华人民共和国政府信息公开条例》"
    "第三十六条第（三）项，本机关不予公开",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_box_form_only_the_ticked_option_counts(make_doc, rules, check_evidence, fmt):
    doc, el, findings = _run(make_doc, rules, _letter(*FORM), fmt)
    assert el["outcome"].value == "not_exist"
    assert [(b["article"], b["item"]) for b in el["legal_basis"].value] == [(36, 4)]
    check_evidence(doc, el)
    assert "outcome_needs_review" not in [f.code for f in findings]


@pytest.mark.parametrize("mark", ["■", "√", "✓"])
def test_check_box_form_other_tick_marks(make_doc, rules, mark):
    form = [FORM[0], FORM[1].replace("☑", mark), FORM[2]]
    _, el, _ = _run(make_doc, rules, _letter(*form), "docx")
    assert el["outcome"].value == "not_exist"


def test_check_box_form_without_a_tick_needs_review(make_doc, rules):
    form = [FORM[0], FORM[1].replace("☑", "□"), FORM[2]]
    _, el, findings = _run(make_doc, rules, _letter(*form), "docx")
    assert "outcome" not in el
    review = [f for f in findings if f.code == "outcome_needs_review"]
    assert len(review) == 1 and "勾选" in review[0].message


def test_conflicting_wordings_without_citation_need_review(make_doc, rules):
    spec = _letter(
        "经检索，本机关未制作该信息。",
        "您申请的其他信息现予以公开，详见附件。",
    )
    _, el, findings = _run(make_doc, rules, spec, "docx")
    assert "outcome" not in el
    codes = [f.code for f in findings]
    assert codes.count("outcome_needs_review") == 1
    # abstaining never deducts: the code is no reply-letter deduction code
    from extractors.vocabulary import REPLY_FINDING_CODES

    assert "outcome_needs_review" not in REPLY_FINDING_CODES
