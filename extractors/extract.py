"""The extraction dispatcher: parsed document → type, elements, findings.

Order: classify; the common elements (issuer, document_date, document_number); the ``year`` of
plans and reports; then the extractor of the type, whose elements override the common ones on a
name clash (it knows its document better). A document without text (``no_text``/``error``) gets
``doc_type=None`` and nothing else.

A document in traditional characters is read through its simplified view
(:mod:`extractors.text.trad`); the quotes and as-written values are then taken back from the
original text at the same offsets, so they stay verbatim.
"""

from __future__ import annotations

from extractors.doctypes.annual_report import extract_annual_report
from extractors.doctypes.classify import classify
from extractors.doctypes.common import common_elements
from extractors.doctypes.instruction import extract_leader_instruction
from extractors.doctypes.interpretation import extract_policy_interpretation
from extractors.doctypes.meeting import extract_meeting
from extractors.doctypes.plans import extract_year
from extractors.doctypes.press_conference import extract_press_conference
from extractors.doctypes.registry import Extractor, extractor_for, register
from extractors.doctypes.reply_letter import extract_reply_letter
from extractors.doctypes.review_decision import OWNED as REVIEW_DECISION_OWNED
from extractors.doctypes.review_decision import extract_review_decision
from extractors.doctypes.system_document import extract_system_document
from extractors.doctypes.training import extract_training
from extractors.doctypes.website import extract_website
from extractors.doctypes.website_crawl import extract_website_crawl
from extractors.doctypes.work_plan import extract_work_plan_extra
from extractors.model import Element, ExtractionResult, Finding, ParsedDocument
from extractors.parsing.ocr import mark_ocr
from extractors.rules import ExtractionRules
from extractors.text.trad import restore, simplified_view

__all__ = ["EXTRACTOR_VERSION", "extract"]

#: bump when extraction output changes for the same parsed document and rules
EXTRACTOR_VERSION = "1"

#: the built-in doc types and their extractors (other types may be registered beside them)
_BUILTIN: dict[str, Extractor] = {
    "reply_letter": extract_reply_letter,
    "meeting_minutes": extract_meeting,
    "training_record": extract_training,
    "annual_report": extract_annual_report,
    "leader_instruction": extract_leader_instruction,
    "policy_interpretation": extract_policy_interpretation,
    "press_conference": extract_press_conference,
    "system_document": extract_system_document,
    "website_snapshot": extract_website,
    "review_decision": extract_review_decision,
    "website_crawl": extract_website_crawl,  # issue 11: the crawl record
}
#: common elements a type's extractor decides: kept only when it returns them (a decision's own
#: number is in its head; any other number is one it cites)
_OWNED: dict[str, frozenset[str]] = {"review_decision": REVIEW_DECISION_OWNED}
for _doc_type, _extractor in _BUILTIN.items():
    register(_doc_type, _extractor)


def extract(doc: ParsedDocument, rules: ExtractionRules) -> ExtractionResult:
    """Everything the rules in force find in ``doc`` (see the module docstring)."""
    if doc.status != "ok":
        return ExtractionResult(doc_type=None)
    view = simplified_view(doc)
    result = _extract(doc if view is None else view.doc, rules)
    if view is not None:
        result = restore(result, doc, view)
    # quotes read by OCR carry the flag and the page confidence (evidence a reviewer can weigh)
    return mark_ocr(result, doc) if doc.meta.get("ocr") else result


def _extract(doc: ParsedDocument, rules: ExtractionRules) -> ExtractionResult:
    """Classify ``doc`` and run the common, year and type extractors on it."""
    doc_type, _ = classify(doc, rules)
    common = common_elements(doc)
    elements: dict[str, Element] = dict(common)
    findings: list[Finding] = []

    year = extract_year(doc, doc_type, common, rules)
    elements.update(year)
    if doc_type == "work_plan":
        value = year["year"].value if "year" in year else None
        extra, more = extract_work_plan_extra(doc, rules, common, value)
        elements.update(extra)
        findings += more

    extractor = extractor_for(doc_type)
    if extractor is not None:
        specific, more = extractor(doc, rules, common)
        for name in _OWNED.get(str(doc_type), frozenset()) - specific.keys():
            elements.pop(name, None)
        elements.update(specific)
        findings += more
    return ExtractionResult(doc_type=doc_type, elements=elements, findings=tuple(findings))
