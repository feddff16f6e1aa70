"""The hand-labelled real corpus (tests/corpus_real): manifest, files and kaohe's answers.

Runs the real ``python -m kaohe extract --json`` once on every file (each document as docx and
as PDF). Every quote must be verbatim on every document. Every labelled field is one test; the
fields the code gets wrong today are marked ``xfail(strict=True)`` with the failure class, so a
fix flips them to XPASS (and the mark must then be removed). Labels were written before any run
and are never edited to match the output.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from benchmarks.real_accuracy import (
    CORPUS,
    element_value,
    labelled_fields,
    load_corpus,
    quotes_of,
    values_equal,
    whole_text,
)
from tests.heldout.build import run_extract

ENTRIES = load_corpus()
DOC_TYPES = {
    "reply_letter",
    "meeting_minutes",
    "training_record",
    "work_plan",
    "implementation_plan",
    "annual_report",
    "leader_instruction",
    "policy_interpretation",
    "system_document",
    "press_conference",
    "website_snapshot",
    "review_decision",
    "other",
}
_WS = re.compile(r"\s+")

# failure classes seen on main (2026-12-03); reasons name the class, not the example
NUM_SUFFIX = "document number: the suffix after the number sign (e.g. -gonggao) is cut off"
NUM_CITED = "document number: a number the text cites is taken as its own"
REVIEW_TYPE = "review decisions and judgments are not classified review_decision"
REVIEW_ELEMENTS = "review_decision elements (body, respondent, reviewed number) not extracted"
TRAD = "traditional-character texts are not recognised"
NEWS = "news-style training/meeting items: type, date, count or chair not read"
APPROX = "approximate counts (yu ren, duo ren, jin N ren) lack participant_count_approximate"
WORK_PLAN = "work plan headed by its issuing notice: type, year or issuer not read"
CONFUSABLE = (
    "confusable types: interpretation vs work plan vs circular, rules, notices about reports"
)
ANNUAL_COUNTS = "annual report: application_counts (table 3) not extracted"
ANNUAL_TYPE_YEAR = "annual report excerpts: doc type or year not read"
OUTCOME = "reply-letter outcome phrasing (Shanghai 2007 forms, reference text) misread"
RECEIPT = "receipt phrased as materials received is not read as received_date"
CHECKBOX = "printed check boxes: unticked options still count"
REMEDY_WRAP = "remedy period split over two docx paragraphs is lost"
WRAPPED_CITATION = "a legal citation wrapped over two PDF lines is lost"
BOTH = ("docx", "pdf", "html")
HTML = ("html",)

#: (document id, fmt) -> failure class, for the whole-file tests (quotes, findings)
KNOWN_QUOTES: dict[tuple[str, str], str] = {}
KNOWN_FINDINGS: dict[tuple[str, str], str] = {}


def _file_params(
    pairs: list[tuple[dict[str, Any], str]], known: dict[tuple[str, str], str]
) -> list[Any]:
    return [
        pytest.param(
            e,
            fmt,
            id=f"{e['id']}.{fmt}",
            marks=[pytest.mark.xfail(strict=True, reason=known[(e["id"], fmt)])]
            if (e["id"], fmt) in known
            else [],
        )
        for e, fmt in pairs
    ]


DOCX = ("docx",)
PDF = ("pdf",)

#: (document id, field) -> (formats failing on main, failure class)
KNOWN: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("A01_longgang_2024_annual", "application_counts.carried_over"): (BOTH, ANNUAL_COUNTS),
    ("A01_longgang_2024_annual", "application_counts.new"): (BOTH, ANNUAL_COUNTS),
    ("A01_longgang_2024_annual", "application_counts.results.disclosed"): (BOTH, ANNUAL_COUNTS),
    ("A01_longgang_2024_annual", "application_counts.results.partially_disclosed"): (
        BOTH,
        ANNUAL_COUNTS,
    ),
    ("A02_xuwen_annual", "application_counts.carried_over"): (BOTH, ANNUAL_COUNTS),
    ("A02_xuwen_annual", "application_counts.new"): (BOTH, ANNUAL_COUNTS),
    ("A02_xuwen_annual", "application_counts.results.disclosed"): (BOTH, ANNUAL_COUNTS),
    ("A02_xuwen_annual", "application_counts.results.partially_disclosed"): (BOTH, ANNUAL_COUNTS),
    ("A03_district_stats_2023_annual", "application_counts.carried_over"): (BOTH, ANNUAL_COUNTS),
    ("A03_district_stats_2023_annual", "application_counts.new"): (BOTH, ANNUAL_COUNTS),
    ("A04_nanhu_2019_annual", "application_counts.carried_over"): (BOTH, ANNUAL_COUNTS),
    ("A04_nanhu_2019_annual", "application_counts.new"): (BOTH, ANNUAL_COUNTS),
    ("A04_nanhu_2019_annual", "application_counts.results.disclosed"): (BOTH, ANNUAL_COUNTS),
    ("A04_nanhu_2019_annual", "year"): (BOTH, ANNUAL_TYPE_YEAR),
    ("A06_xiongxian_2019_annual", "year"): (BOTH, ANNUAL_TYPE_YEAR),
    ("M02_longnan_executive_meeting_trad", "chair"): (BOTH, TRAD),
    ("M02_longnan_executive_meeting_trad", "discusses_disclosure"): (BOTH, TRAD),
    ("M02_longnan_executive_meeting_trad", "doc_type"): (BOTH, TRAD),
    ("M02_longnan_executive_meeting_trad", "meeting_date"): (BOTH, TRAD),
    ("M06_huian_promotion_meeting_trad", "chair"): (BOTH, TRAD),
    ("M06_huian_promotion_meeting_trad", "discusses_disclosure"): (BOTH, TRAD),
    ("M06_huian_promotion_meeting_trad", "doc_type"): (BOTH, TRAD),
    ("M06_huian_promotion_meeting_trad", "meeting_date"): (BOTH, TRAD),
    ("O01_pudong_third_party_consult", "document_number"): (HTML, NUM_SUFFIX),
    ("P01_danjiangkou_2021_interpretation", "doc_type"): (HTML, CONFUSABLE),
    ("R01_pudong_disclosed", "document_number"): (HTML, NUM_SUFFIX),
    ("R01_pudong_disclosed", "outcome"): (HTML, OUTCOME),
    ("R02_pudong_partial", "document_number"): (HTML, NUM_SUFFIX),
    ("R03_pudong_refused", "document_number"): (HTML, NUM_SUFFIX),
    ("R03_pudong_refused", "outcome"): (HTML, OUTCOME),
    ("R04_pudong_not_exist", "document_number"): (HTML, NUM_SUFFIX),
    ("R05_pudong_not_application", "document_number"): (HTML, NUM_SUFFIX),
    ("R05_pudong_not_application", "outcome"): (BOTH, OUTCOME),
    ("R05_pudong_not_application", "received_date"): (BOTH, RECEIPT),
    ("R06_pudong_not_gov_info", "document_number"): (HTML, NUM_SUFFIX),
    ("R06_pudong_not_gov_info", "outcome"): (HTML, OUTCOME),
    ("R09_swa_third_party_refused_checkbox", "legal_basis"): (BOTH, CHECKBOX),
    ("R12_swa_secret_checkbox", "legal_basis"): (PDF, WRAPPED_CITATION),
    ("R13_swa_not_exist_wrapped", "remedy.litigation_months"): (DOCX, REMEDY_WRAP),
    ("R13_swa_not_exist_wrapped", "remedy.reconsideration_body"): (DOCX, REMEDY_WRAP),
    ("R13_swa_not_exist_wrapped", "remedy.reconsideration_days"): (DOCX, REMEDY_WRAP),
    ("R14_swa_security_checkbox", "legal_basis"): (BOTH, CHECKBOX),
    ("R14_swa_security_checkbox", "outcome"): (HTML, CHECKBOX),
    ("R14_swa_security_checkbox", "remedy.litigation_months"): (DOCX, REMEDY_WRAP),
    ("R14_swa_security_checkbox", "remedy.reconsideration_days"): (DOCX, REMEDY_WRAP),
    ("S02_lufeng_meeting_rules", "doc_type"): (BOTH, CONFUSABLE),
    ("S02_lufeng_meeting_rules", "issuer"): (DOCX, CONFUSABLE),
    ("T01_yueyang_training", "participant_count_approximate"): (HTML, APPROX),
    ("T02_pingjiang_training", "participant_count_approximate"): (HTML, APPROX),
    ("T03_lianyungang_training", "covers_disclosure"): (HTML, NEWS),
    ("T03_lianyungang_training", "doc_type"): (HTML, NEWS),
    ("T03_lianyungang_training", "participant_count"): (HTML, NEWS),
    ("T03_lianyungang_training", "participant_count_approximate"): (BOTH, APPROX),
    ("T03_lianyungang_training", "training_date"): (BOTH, NEWS),
    ("T04_wuhu_kaifaqu_training", "participant_count"): (HTML, NEWS),
    ("T04_wuhu_kaifaqu_training", "participant_count_approximate"): (HTML, APPROX),
    ("T04_wuhu_kaifaqu_training", "training_date"): (HTML, NEWS),
    ("T05_yangshan_training", "covers_disclosure"): (HTML, NEWS),
    ("T05_yangshan_training", "doc_type"): (HTML, NEWS),
    ("T06_changzhou_training", "participant_count_approximate"): (HTML, APPROX),
    ("T07_wenhuabu_training_trad", "covers_disclosure"): (BOTH, TRAD),
    ("T07_wenhuabu_training_trad", "doc_type"): (BOTH, TRAD),
    ("T08_liaoning_training_trad", "covers_disclosure"): (BOTH, TRAD),
    ("T08_liaoning_training_trad", "doc_type"): (BOTH, TRAD),
    ("V01_taizhou_review_decision", "decision_body"): (BOTH, REVIEW_ELEMENTS),
    ("V01_taizhou_review_decision", "doc_type"): (BOTH, REVIEW_TYPE),
    ("V01_taizhou_review_decision", "respondent"): (BOTH, REVIEW_ELEMENTS),
    ("V01_taizhou_review_decision", "reviewed_document_number"): (BOTH, REVIEW_ELEMENTS),
    ("V02_huadu_review_decision_trad", "doc_type"): (BOTH, TRAD),
    ("V02_huadu_review_decision_trad", "document_number"): (BOTH, TRAD),
    ("V02_huadu_review_decision_trad", "reviewed_document_number"): (BOTH, TRAD),
    ("V03_zhenhai_judgment", "decision_body"): (HTML, REVIEW_ELEMENTS),
    ("V03_zhenhai_judgment", "doc_type"): (HTML, REVIEW_TYPE),
    ("V03_zhenhai_judgment", "document_number"): (HTML, REVIEW_ELEMENTS),
    ("V04_zhengzhou_judgment_part2", "doc_type"): (HTML, REVIEW_TYPE),
    ("V04_zhengzhou_judgment_part2", "document_number"): (DOCX, NUM_CITED),
    ("V04_zhengzhou_judgment_part2", "respondent"): (BOTH, REVIEW_ELEMENTS),
    ("V04_zhengzhou_judgment_part2", "reviewed_document_number"): (BOTH, REVIEW_ELEMENTS),
    ("W01_beijing_2018_work_plan", "doc_type"): (BOTH, WORK_PLAN),
    ("W01_beijing_2018_work_plan", "issuer"): (DOCX, WORK_PLAN),
    ("W01_beijing_2018_work_plan", "year"): (BOTH, WORK_PLAN),
    ("W02_dingtao_2017_work_plan", "year"): (BOTH, WORK_PLAN),
    ("W03_xinyu_2023_work_plan", "doc_type"): (BOTH, WORK_PLAN),
    ("W03_xinyu_2023_work_plan", "issuer"): (DOCX, WORK_PLAN),
    ("W03_xinyu_2023_work_plan", "year"): (BOTH, WORK_PLAN),
    ("W04_state_council_2022_work_plan_trad", "doc_type"): (BOTH, TRAD),
    ("W04_state_council_2022_work_plan_trad", "document_number"): (BOTH, TRAD),
    ("W04_state_council_2022_work_plan_trad", "issuer"): (BOTH, TRAD),
    ("W04_state_council_2022_work_plan_trad", "year"): (BOTH, TRAD),
    ("S03_zhenba_work_rules", "doc_type"): (HTML, CONFUSABLE),
    ("O02_cangyuan_interpretation_inspection_notice", "doc_type"): (BOTH, CONFUSABLE),
    ("O03_huaihua_annual_report_notice", "doc_type"): (BOTH, CONFUSABLE),
    ("P03_jiyang_2023_qa", "doc_type"): (BOTH, CONFUSABLE),
}


@pytest.fixture(scope="module")
def answers() -> dict[tuple[str, str], dict[str, Any]]:
    """(id, fmt) -> the JSON answer of ``kaohe extract --json`` for that file."""
    jobs = [(e["id"], CORPUS / f) for e in ENTRIES for f in e["files"]]
    objs, err = run_extract([p for _, p in jobs])
    assert len(objs) == len(jobs), f"kaohe extract answered {len(objs)} of {len(jobs)}: {err}"
    return {(i, p.suffix.lstrip(".")): o for (i, p), o in zip(jobs, objs, strict=True)}


def test_manifest_is_well_formed() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)) >= 45
    for e in ENTRIES:
        assert e["type"] in DOC_TYPES and e["labels"]["doc_type"] == e["type"], e["id"]
        assert e["split"] in ("train", "heldout"), e["id"]
        src = e["source"]
        assert src.get("url", "").startswith("http") or (src.get("repo") and src.get("path")), e
        assert e["provenance"].startswith(("verbatim", "template_filled")), e["id"]
        if e["provenance"] == "template_filled":
            assert e.get("fill"), f"{e['id']}: a filled template records what was filled"
        assert (CORPUS / e["text"]).is_file(), e["id"]
        suffixes = [Path(f).suffix for f in e["files"]]
        assert suffixes == ([".html"] if e["layout"] == "html" else []) + [".docx", ".pdf"], e["id"]
        assert all((CORPUS / f).is_file() for f in e["files"]), e["id"]
        findings = e["labels"]["findings"]
        assert findings is None or all(isinstance(c, str) for c in findings), e["id"]
    held = sum(e["split"] == "heldout" for e in ENTRIES)
    assert 0.28 <= held / len(ENTRIES) <= 0.38, held
    counts = Counter(e["type"] for e in ENTRIES)
    assert counts["reply_letter"] >= 15 and counts["annual_report"] >= 5, counts
    assert counts["review_decision"] >= 3 and counts["work_plan"] >= 3, counts
    assert counts["training_record"] + counts["meeting_minutes"] >= 10, counts


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_files_hold_the_verbatim_text(entry: dict[str, Any]) -> None:
    """docx: the text, paragraph by paragraph; PDF: the same characters (tables interleave)."""
    text = (CORPUS / entry["text"]).read_text(encoding="utf-8")
    if entry["layout"] == "html":
        assert (CORPUS / entry["files"][0]).read_text(encoding="utf-8") == text
        text = whole_text(CORPUS / entry["files"][0])
    want = _WS.sub("", text.replace("|", "") if entry["layout"] == "pipe_table" else text)
    docx_path, pdf_path = (CORPUS / f for f in entry["files"][-2:])
    assert sorted(whole_text(docx_path)) == sorted(want)  # blocks: a merged cell once
    if entry["layout"] == "text":
        doc = Document(str(docx_path))
        assert _WS.sub("", "".join(p.text for p in doc.paragraphs)) == want
    assert sorted(whole_text(pdf_path)) == sorted(want)


ABSENT = "(absent: the element must be omitted)"
FILES = [(e, Path(f).suffix.lstrip(".")) for e in ENTRIES for f in e["files"]]


@pytest.mark.parametrize(("entry", "fmt"), _file_params(FILES, KNOWN_QUOTES))
def test_every_quote_is_verbatim(entry: dict[str, Any], fmt: str, answers: Any) -> None:
    obj = answers[(entry["id"], fmt)]
    assert obj["status"] == "ok", obj.get("error")
    text = whole_text(next(CORPUS / f for f in entry["files"] if f.endswith("." + fmt)))
    bad = [(w, q) for w, q in quotes_of(obj) if not _WS.sub("", q) or _WS.sub("", q) not in text]
    assert not bad


def _field_cases() -> list[Any]:
    cases = []
    for e in ENTRIES:
        fields = [("doc_type", e["labels"]["doc_type"]), *labelled_fields(e["labels"])]
        if "document_number" not in e["labels"]["elements"]:
            fields.append(("document_number", ABSENT))  # the text has no number of its own
        for fmt in (Path(f).suffix.lstrip(".") for f in e["files"]):
            for key, expected in fields:
                known = KNOWN.get((e["id"], key))
                marks = []
                if known and fmt in known[0]:
                    marks = [pytest.mark.xfail(strict=True, reason=known[1])]
                cases.append(
                    pytest.param(e, fmt, key, expected, id=f"{e['id']}.{fmt}.{key}", marks=marks)
                )
    return cases


@pytest.mark.parametrize(("entry", "fmt", "key", "expected"), _field_cases())
def test_labelled_field(
    entry: dict[str, Any], fmt: str, key: str, expected: Any, answers: Any
) -> None:
    obj = answers[(entry["id"], fmt)]
    if key == "doc_type":
        assert obj["doc_type"] == expected
        return
    present, got = element_value(obj.get("elements") or {}, key)
    if expected is ABSENT:
        assert not present, f"{key} {got!r} on a document without one"
        return
    if key == "legal_basis" and expected == [] and not present:
        return
    assert present, f"{key} missing"
    assert values_equal(key, expected, got), f"{key}: got {got!r}, expected {expected!r}"


JUDGED = [
    (e, fmt)
    for e, fmt in FILES
    if e["labels"]["findings"] is not None or e["labels"].get("findings_absent")
]


@pytest.mark.parametrize(("entry", "fmt"), _file_params(JUDGED, KNOWN_FINDINGS))
def test_findings(entry: dict[str, Any], fmt: str, answers: Any) -> None:
    """Exact confirmed codes where labelled; never a forbidden (e.g. false arithmetic) code."""
    obj = answers[(entry["id"], fmt)]
    codes = {f["code"] for f in obj["findings"]}
    confirmed = {c for c in codes if not c.endswith("_needs_review")}
    for f in obj["findings"]:
        review = f["code"].endswith("_needs_review")
        assert f.get("certainty", "review" if review else "confirmed") == (
            "review" if review else "confirmed"
        )
    if entry["labels"]["findings"] is not None:
        assert confirmed == set(entry["labels"]["findings"])
    assert not confirmed & set(entry["labels"].get("findings_absent") or [])
