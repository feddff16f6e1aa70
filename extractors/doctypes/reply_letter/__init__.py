"""The 依申请公开 reply-letter extractor (indicators 1.4.3 / 2.4.3 答复规范化).

Reads the contract's ``reply_letter`` elements (applicant, dates, deadline check, outcome, legal
basis, remedies) from a parsed letter and applies the finding rules of
``config/extraction.yaml``. Every search runs over :class:`~extractors.doctypes.common.Unit` text
(whitespace removed, so PDF line breaks inside words and dates do not matter) and every quote
maps back to a verbatim span of the cited block.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from extractors.doctypes.common import Unit, units
from extractors.doctypes.reply_letter.checkboxes import ticked_only
from extractors.doctypes.reply_letter.clauses import Hit, as_date, clause_span
from extractors.doctypes.reply_letter.outcome import OUTCOMES, find_outcome
from extractors.doctypes.reply_letter.received import (
    dates_by_unit,
    find_applicant,
    find_extension,
    find_received,
)
from extractors.doctypes.reply_letter.remedies import find_remedies
from extractors.model import Element, Evidence, Finding, ParsedDocument
from extractors.rules import ExtractionRules
from extractors.text.citations import GZXX_TIAOLI, Citation, document_aliases, find_citations
from extractors.text.workdays import UnknownCalendarYear

__all__ = ["OUTCOMES", "extract_reply_letter"]


# -------------------------------------------------------------------------------- findings


def _deadline(cfg: Mapping[str, Any], received: dt.date) -> int:
    rules = sorted(
        ((as_date(r["from"]), int(r["working_days"])) for r in cfg.get("deadline_rules", [])),
        reverse=True,
    )
    for start, days in rules:
        if received >= start:
            return days
    return rules[-1][1] if rules else 20


def _unknown_year(rules: ExtractionRules, dates: Iterable[dt.date]) -> int | None:
    for d in sorted(dates):
        try:
            rules.calendar.is_workday(d)
        except UnknownCalendarYear:
            return d.year
    return None


def _ev(*hits: Hit | None) -> tuple[Evidence, ...]:
    return tuple(ev for h in hits if h is not None for ev in h.evidences())


#: the heading of a form's usage notes ("使用指南：本文本适用于…第二十三条第（二）项…情形"):
#: from there on the text is about the template, not the letter's own decision or basis
_NOTES = re.compile(r"^(?:附[：:])?(?:使用指南|使用说明|填写说明|填表说明)[：:]?")


def _letter_only(us: list[Unit]) -> list[Unit]:
    """The units of the letter itself: a form's usage notes at the end are dropped."""
    for i, u in enumerate(us):
        if i > 0 and _NOTES.match(u.text):
            return us[:i]
    return us


def _is_government(name: str) -> bool:
    return bool(re.search(r"(?:人民政府|政府)$", name)) and "办公室" not in name


def extract_reply_letter(
    doc: ParsedDocument, rules: ExtractionRules, common: dict[str, Element]
) -> tuple[dict[str, Element], list[Finding]]:
    """The contract's reply_letter elements (flat dotted names) and findings of ``doc``."""
    cfg = rules.section("reply_letter")
    us, unticked = ticked_only(_letter_only(units(doc, join_wrapped=True)))
    el: dict[str, Element] = {}
    findings: list[Finding] = []

    reply_el = common.get("document_date")
    reply = dt.date.fromisoformat(reply_el.value) if reply_el is not None else None
    dates = dates_by_unit(us, reply.year if reply else None)

    applicant = find_applicant(us)
    if applicant is not None:
        el["applicant"] = applicant

    receipt = find_received(us, dates, reply)
    received = receipt.value if receipt else None
    if receipt is not None:
        el["received_date"] = Element(receipt.value.isoformat(), _ev(receipt.hit))
    if reply_el is not None:
        el["reply_date"] = Element(reply_el.value, reply_el.evidence)

    ext_hit = find_extension(us)
    el["extension_notified"] = Element(ext_hit is not None, _ev(ext_hit))

    # Deadline
    within: bool | None = None
    limit = 0
    days_taken: int | None = None
    if received is not None and reply is not None:
        limit = _deadline(cfg, received) * (2 if ext_hit is not None else 1)
        try:
            days_taken = rules.calendar.working_days_between(received, reply)
        except UnknownCalendarYear:
            year = _unknown_year(rules, (received, reply)) or reply.year
            findings.append(
                Finding("calendar_unknown", rules.message("calendar_unknown", year=year))
            )
        if days_taken is not None:
            within = days_taken <= limit
            el["working_days_taken"] = Element(days_taken)
    el["within_deadline"] = Element(within)

    # Legal basis
    aliases = document_aliases("\n".join(u.text for u in us))
    cites: list[tuple[Citation, Hit]] = []
    seen: set[tuple[str, int | None, int | None, int | None]] = set()
    basis: list[dict[str, Any]] = []
    basis_ev: list[Evidence] = []
    for u in us:
        for c in find_citations(u.text, aliases=aliases):
            if c.article is None:
                continue
            a, _b = clause_span(u.text, c.start, c.end)
            hit = Hit(u, a, c.end)
            cites.append((c, hit))
            key = (c.law, c.article, c.clause, c.item)
            if key in seen:
                continue
            seen.add(key)
            basis.append({"law": c.law, "article": c.article, "clause": c.clause, "item": c.item})
            basis_ev.extend(hit.evidences())
    if basis:
        el["legal_basis"] = Element(basis, tuple(basis_ev))

    outcome, outcome_hit, extension_notice, unsure = find_outcome(doc, us, cites, ext_hit)
    if unticked:
        unsure = "答复书为勾选式表格，但未能识别出被勾选的选项"
        outcome = None
    if outcome is not None and unsure is None:
        el["outcome"] = Element(outcome, _ev(outcome_hit))
    if unsure is not None:
        findings.append(
            Finding(
                "outcome_needs_review",
                rules.message("outcome_needs_review", reason=unsure),
                _ev(outcome_hit),
            )
        )

    rem = find_remedies(us)
    el["remedy.reconsideration"] = Element(rem.recon is not None, _ev(rem.recon))
    el["remedy.litigation"] = Element(rem.litig is not None, _ev(rem.litig))
    if rem.days is not None:
        el["remedy.reconsideration_days"] = Element(rem.days[0], _ev(rem.days[1]))
    if rem.months is not None:
        el["remedy.litigation_months"] = Element(rem.months[0], _ev(rem.months[1]))
    if rem.body is not None:
        el["remedy.reconsideration_body"] = Element(rem.body[0], _ev(rem.body[1]))
    if rem.court is not None:
        el["remedy.court"] = Element(rem.court[0], _ev(rem.court[1]))

    # ---- findings
    msg = rules.message
    if within is False and days_taken is not None:
        findings.append(
            Finding(
                "late_reply",
                msg("late_reply", days=days_taken, limit=limit),
                _ev(receipt.hit if receipt else None) + (reply_el.evidence if reply_el else ()),
            )
        )
    if received is None:
        findings.append(Finding("missing_received_date", msg("missing_received_date")))
    if not basis:
        findings.append(Finding("missing_legal_basis", msg("missing_legal_basis")))

    as_of = reply or received
    if as_of is not None and as_of >= as_date(cfg.get("tiaoli_2019_date", "2019-05-15")):
        repealed = {int(a) for a in cfg.get("repealed_articles", [21, 22, 24])}
        old = [(c, h) for c, h in cites if c.law == GZXX_TIAOLI and c.article in repealed]
        if old:
            arts = "、".join(dict.fromkeys(c.text for c, _ in old))
            findings.append(
                Finding(
                    "cites_repealed_provision",
                    msg("cites_repealed_provision", reply_date=as_of.isoformat(), articles=arts),
                    tuple(dict.fromkeys(ev for _, h in old for ev in h.evidences())),
                )
            )

    reform = as_date(cfg.get("reconsideration_reform_date", "2024-01-01"))
    if not extension_notice:
        if rem.recon is None and rem.litig is None:
            findings.append(Finding("missing_remedy", msg("missing_remedy")))
        elif (rem.recon is None) != (rem.litig is None):
            # 复议前置 (2023 行政复议法 第二十三条): a 不予公开 reply may offer 复议 only.
            pre_review = (
                outcome == "not_disclosed"
                and rem.recon is not None
                and as_of is not None
                and as_of >= reform
            )
            if not pre_review:
                given, missing = ("行政复议", "行政诉讼")
                if rem.recon is None:
                    given, missing = missing, given
                findings.append(
                    Finding(
                        "remedy_one_channel",
                        msg("remedy_one_channel", given=given, missing=missing),
                        _ev(rem.recon, rem.litig),
                    )
                )
    since = as_date(cfg.get("litigation_months_since", "2015-05-01"))
    required = int(cfg.get("litigation_months", 6))
    if rem.months is not None and rem.months[0] < required and (as_of is None or as_of >= since):
        findings.append(
            Finding(
                "remedy_litigation_period_outdated",
                msg("remedy_litigation_period_outdated", months=rem.months[0]),
                _ev(rem.months[1]),
            )
        )

    issuer = common.get("issuer")
    if rem.body is not None and issuer is not None and reply is not None and reply >= reform:
        name = str(issuer.value)
        vertical = any(k in name for k in cfg.get("vertical_issuer_keywords", []))
        bodies = [b for b in re.split(r"或者|或|、|和|及", rem.body[0]) if b]
        if not _is_government(name) and not vertical and not any(map(_is_government, bodies)):
            findings.append(
                Finding(
                    "remedy_wrong_reconsideration_body",
                    msg("remedy_wrong_reconsideration_body", body=rem.body[0]),
                    _ev(rem.body[1]) + issuer.evidence,
                )
            )
    return el, findings
