"""No rule deducts for a ``*_needs_review`` finding: it is a doubt for the assessors (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.parsing.formats import ParseLimits
from extractors.rules import load_extraction_rules
from kaohe.errors import ConfigError
from kaohe.phases.extract import extract_file
from scoring.engine import score_unit
from scoring.model import DocumentFacts
from scoring.rubric import load_rubric, load_rubrics
from tests.scoring._scoring_facts import CONFIG, doc, reply, unit

RUBRICS = load_rubrics(CONFIG)
REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "annual_report"


def _report(findings: list[dict]) -> DocumentFacts:
    """The real 2019 Shanghai report as extracted from its docx, with ``findings`` replaced."""
    obj = extract_file(
        str(REAL / "shanghai-bgt-2019.docx"), load_extraction_rules(CONFIG), ParseLimits()
    )
    assert obj["doc_type"] == "annual_report" and obj["findings"] == []
    elements = dict(obj["elements"])
    elements["year"] = {"value": 2023, "evidence": elements["year"]["evidence"]}
    return doc("2024/jixian/年报/2023年年度报告.docx", "annual_report", elements, findings)


REVIEW = {
    "code": "annual_report_needs_review",
    "message": "年报表格需人工复核（可能是读取原因而非填报错误）：表三：…",
    "evidence": [],
    "certainty": "review",
}


@pytest.mark.parametrize("kind", ["county", "department"])
def test_a_review_finding_changes_no_score(kind: str) -> None:
    letter = reply("2024/jixian/依申请公开/答复书-03.docx", [], reply_date="2023-06-02")
    plain = score_unit(unit(kind, (_report([]), letter)), RUBRICS[kind])
    doubt = score_unit(unit(kind, (_report([REVIEW]), letter)), RUBRICS[kind])
    assert [(d.indicator, d.points) for d in plain] == [(d.indicator, d.points) for d in doubt]
    # the doubt is shown to the assessors where the report is checked, marked as not deducting
    notes = [e.note for d in doubt for e in d.evidence if e.finding_code == REVIEW["code"]]
    assert notes and all("待人工复核，不扣分" in n for n in notes)
    assert all(e.points in (None, 0, -0.0) for d in doubt for e in d.evidence if e.finding_code)


def test_a_rubric_cannot_weigh_a_review_code(tmp_path: Path) -> None:
    text = (CONFIG / "rubric-county.yaml").read_text(encoding="utf-8")
    marker = "          annual_report_total_mismatch: 0.5"
    assert marker in text
    bad = text.replace(marker, marker + "\n          annual_report_needs_review: 1", 1)
    path = tmp_path / "rubric-county.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match="annual_report_needs_review 是待人工复核的代码"):
        load_rubric(path)
