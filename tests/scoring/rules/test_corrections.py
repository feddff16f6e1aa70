"""被纠错 (1.4.3): corrections from 复议决定书/判决书 and table 四, counted once."""

from __future__ import annotations

from scoring.engine import score_unit
from scoring.model import DocumentFacts, ScoreDraft, UnitFacts
from scoring.rubric import load_rubrics
from tests.scoring._scoring_facts import CONFIG, doc, el, ev, reply, unit
from tests.scoring.rules.test_evidence_rules import annual_report

RUBRICS = load_rubrics(CONFIG)


def score(facts: UnitFacts, code: str = "1.4.3") -> ScoreDraft:
    return next(d for d in score_unit(facts, RUBRICS[facts.kind]) if d.indicator == code)


def decision(key: str, value: str, date: str = "2024-05-06") -> DocumentFacts:
    return doc(
        key,
        "review_decision",
        {
            "decision": el(value, ev("撤销被申请人作出的《政府信息公开申请答复书》", 7)),
            "decision_date": el(date, ev("2024年5月6日", 10)),
            "decision_body": el("集贤县人民政府", ev("集贤县人民政府", 9)),
            "respondent": el("集贤县自然资源局", ev("集贤县自然资源局", 4)),
        },
    )


def _letter() -> DocumentFacts:
    letter = reply("2024/jixian/依申请公开/答复书-01.docx", [])
    letter.elements["outcome"] = el("disclosed", ev("予以公开", 8))
    return letter


def test_a_correcting_decision_deducts_without_a_report() -> None:
    dec = decision("2024/jixian/复议/复议决定书.docx", "revoked")
    d = score(unit("county", (_letter(), dec)))
    assert d.points == 9  # corrected_case 1 per case
    cut = [e for e in d.evidence if e.points]
    assert [(e.element, e.points) for e in cut] == [("decision", -1.0)]
    assert "复议决定书.docx" in cut[0].note and "撤销" in cut[0].note


def test_maintained_or_dismissed_decisions_do_not_deduct() -> None:
    docs = (
        _letter(),
        decision("2024/jixian/复议/决定-维持.docx", "maintained"),
        decision("2024/jixian/复议/判决-驳回.docx", "dismissed"),
    )
    assert score(unit("county", docs)).points == 10


def test_a_correction_in_a_decision_and_in_table_four_is_deducted_once() -> None:
    dec = decision("2024/jixian/复议/复议决定书.docx", "ordered_to_act")
    rep = annual_report(
        "2024/jixian/年报/2024年年度报告.pdf",
        2024,
        "2025-01-20",
        True,
        {"disclosed": 1},
        corrected=1,
    )
    d = score(unit("county", (_letter(), dec, rep)))
    assert d.points == 9
    assert "同一案件只计一次" in d.explanation
    assert sum(e.points or 0 for e in d.evidence) == -1.0


def test_table_four_counting_more_cases_than_decisions_deducts_the_rest() -> None:
    dec = decision("2024/jixian/复议/复议决定书.docx", "revoked")
    rep = annual_report(
        "2024/jixian/年报/2024年年度报告.pdf",
        2024,
        "2025-01-20",
        True,
        {"disclosed": 1},
        corrected=3,
    )
    d = score(unit("county", (_letter(), dec, rep)))
    assert d.points == 7
    assert sorted(e.points for e in d.evidence if e.points) == [-2.0, -1.0]


def test_another_year_s_decision_does_not_count() -> None:
    dec = decision("2024/jixian/复议/复议决定书.docx", "revoked", date="2022-05-06")
    assert score(unit("county", (_letter(), dec))).points == 10


def test_one_unit_s_decision_never_changes_another_unit_s_score() -> None:
    dec = decision("2024/jixian/复议/复议决定书.docx", "revoked")
    own = score(unit("county", (_letter(), dec)))
    other = score(unit("county", (_letter(),)))
    assert (own.points, other.points) == (9, 10)


def test_a_letter_whose_outcome_needs_review_is_not_counted_against_the_report() -> None:
    unsure = reply("2024/jixian/依申请公开/答复书-02.docx", [], number="集自然资信复〔2024〕2号")
    unsure.findings.append(
        {"code": "outcome_needs_review", "message": "答复结果无法确定，需人工复核", "evidence": []}
    )
    rep = annual_report(
        "2024/jixian/年报/2024年年度报告.pdf", 2024, "2025-01-20", True, {"disclosed": 1}
    )
    d = score(unit("county", (_letter(), unsure, rep)))
    # one final letter against （七）总计 1: no mismatch; the unread one is not counted
    assert d.points == 10
    assert not [e for e in d.evidence if e.points and e.element == "application_counts"]
