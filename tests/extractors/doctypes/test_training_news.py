"""Issue 8, news-style training items: approximate counts, a yearless date dated by the text."""

from __future__ import annotations

import pytest

from extractors.doctypes.common import common_elements
from extractors.doctypes.training import extract_training
from extractors.extract import extract
from kaohe.demo.docgen import DocSpec

FORMATS = ("docx", "pdf")


def _lede(count: str) -> DocSpec:
    return DocSpec(
        [
            "集贤县举办政务公开业务培训班",
            f"5月20日上午，集贤县政府办公室举办政务公开业务培训班，{count}。",
            "培训围绕政府信息公开条例、主动公开目录和依申请公开办理进行了讲解。",
        ]
    )


@pytest.mark.parametrize(
    ("count", "n"),
    [
        ("市委党校主体班次学员近400人参加了这次培训", 400),
        ("各乡镇、县直部门工作人员共约50名参加培训", 50),
        ("各单位信息员逾百人参加培训", 100),
        ("各乡镇约50名工作人员参加培训", 50),
        ("参会人员近百人", 100),
        ("各单位政务公开工作人员共50人左右参加培训", 50),
        ("各部门、直属单位工作人员30余人参会", 30),
        ("各辖市、区政府办公室共100多人参加了本次培训", 100),
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_approximate_count(make_doc, rules, check_evidence, fmt, count, n):
    doc = make_doc(_lede(count), fmt)
    out, _ = extract_training(doc, rules, common_elements(doc))
    assert out["participant_count"].value == n
    assert out["participant_count_approximate"].value is True
    check_evidence(doc, out["participant_count_approximate"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_exact_count_is_not_approximate(make_doc, rules, fmt):
    doc = make_doc(_lede("各单位政务公开工作人员共45人参加培训"), fmt)
    out, _ = extract_training(doc, rules, common_elements(doc))
    assert out["participant_count"].value == 45
    assert "participant_count_approximate" not in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_yearless_date_takes_the_year_named_in_the_training(make_doc, rules, check_evidence, fmt):
    spec = DocSpec(
        [
            "为提升政务公开工作人员的履职能力和业务水平，5月16日—17日，连云港市政府办公室在市委"
            "党校举办“连云港市2019政务公开工作专题培训班”。",
            "市级机关、各县区办公室相关工作人员近400人参加了这次培训。",
        ]
    )
    doc = make_doc(spec, fmt)
    result = extract(doc, rules)
    assert result.doc_type == "training_record"
    assert result.elements["training_date"].value == "2019-05-16"
    assert result.elements["participant_count_approximate"].value is True
    check_evidence(doc, result.elements)


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_years_named_leave_a_yearless_date_to_review(make_doc, rules, fmt):
    spec = DocSpec(
        [
            "9月8日下午，县政府办举办政务公开业务培训，总结2018政务公开工作，部署2019政务公开工作。",
            "各单位工作人员共40余人参加培训。",
        ]
    )
    result = extract(make_doc(spec, fmt), rules)
    assert "training_date" not in result.elements
    assert "training_date_needs_review" in {f.code for f in result.findings}
