"""行政复议决定书 / 行政判决书、裁定书 (``review_decision``): the 被纠错 facts of 1.4.3/2.4.3.

A decision quotes the reply letter it reviews but is not one. Read from its text units:

* ``decision`` — the operative part after "决定如下/判决如下/裁定如下" (or the sentence holding
  "本机关决定"): 撤销 → ``revoked``, 确认…违法 → ``confirmed_illegal``, 责令…(重新)答复/履行 →
  ``ordered_to_act``, 维持 → ``maintained``, 驳回 → ``dismissed``; the first of these (in this
  order) that the operative part states. No operative part found → no element and a
  ``review_decision_needs_review`` finding (a person reads it; never a deduction).
* ``decision_date`` — the sign-off date (else the last dated line of the document).
* ``decision_body`` — the sign-off body, else the 复议机关/court named in the title line (or on
  the line just above the title).
* ``respondent`` — "被申请人：…" / "被告：…" up to the first comma or bracket; else the body named
  in the opening "某某不服（被申请人/被告）某某…" (a judgment printed without its party list).
* ``reviewed_document_number`` — the 文号 printed next to the reviewed 《…答复书/告知书》, or
  written just before the name of a 告知书/答复书 without 《》 ("作出了郑高开(2014)第29号政府信息
  公开告知书").
* ``document_number`` — the decision's own 文号, printed in its head: a line holding only the
  number, or the title followed by it. A number found anywhere else is one the text cites, so
  the common ``document_number`` is dropped (:data:`OWNED`).
"""

from __future__ import annotations

import re
from itertools import pairwise

from extractors.doctypes.common import Unit, is_org_name, units
from extractors.model import Element, Finding, ParsedDocument
from extractors.rules import ExtractionRules
from extractors.text.dates import find_dates

__all__ = ["OWNED", "extract_review_decision", "find_decision"]

#: common elements this extractor decides: kept only when it returns them
OWNED = frozenset({"document_number"})

_OPERATIVE = re.compile(r"(?:决定|判决|裁定)如下[:：]?|本(?:机关|府|院)(?:依法)?决定[:：，,]?")
#: (decision, pattern) in precedence order: a correction outranks 维持/驳回 in one operative part
_DECISIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revoked", re.compile(r"(?<!不予)撤销(?!申请|起诉|行政复议申请)")),
    ("confirmed_illegal", re.compile(r"确认[^。；]{0,60}违法")),
    ("ordered_to_act", re.compile(r"责令[^。；]{0,60}(?:重新|答复|履行|作出|公开|提供)")),
    ("maintained", re.compile(r"维持")),
    ("dismissed", re.compile(r"驳回")),
)
_RESPONDENT = re.compile(r"^(?:被申请人|被告|被上诉人|再审被申请人)(?:（[^）]{0,10}）)?[:：]")
_BODY_IN_TITLE = re.compile(
    r"^(?P<body>[\u4e00-\u9fff]{2,30}?(?:人民政府|人民法院|司法局|政府))"
    r"(?:行政复议决定书|行政判决书|行政裁定书|决定书)"
)
_COURT = re.compile(r"^[\u4e00-\u9fff]{2,30}人民法院$")
_DOC_NO = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{0,16}[〔\[［【(（﹝](?:19|20)\d{2}[〕\]］】)）﹞][\u4e00-\u9fff]{0,10}"
    r"第?\d{1,6}号"
)
#: words a greedy 文号 prefix swallows ("2月18日作出的清政公依〔2024〕…" → "清政公依〔2024〕…")
_PREFIX_CUT = re.compile(r"^[^〔\[［【(（﹝]*(?:作出了|作出的|作出|的|了|日|于|对)")
#: the reviewed letter by its name; a 《…复议决定书》 it cites is an earlier decision, not it
_REVIEWED = re.compile(r"《[^》]{0,30}(?<!复议)(?:答复书|告知书|答复|决定书|告知)》")
#: the name of a reply letter written right after its number, without 《》
_LETTER_AFTER = re.compile(r"《?[\u4e00-\u9fff]{0,12}?(?:答复书|告知书|答复)")
_DECISION_TITLE = re.compile(r"复议|判决|裁定")
_TITLE = re.compile(r"(?:行政复议决定书|行政判决书|行政裁定书|复议决定书|判决书|裁定书|决定书)")
_OWN_NO = re.compile(
    r"(?:[\u4e00-\u9fff]{0,30}?" + _TITLE.pattern + r")?"
    # PDF text may space the digits ("〔2024〕淮行复第 80 号"); a split case has a sub-number
    r"(?P<no>[\u4e00-\u9fff]{0,16}\s*[〔\[［【(（﹝]\s*(?:19|20)\d{2}\s*[〕\]］】)）﹞]\s*"
    r"[\u4e00-\u9fff]{0,10}?\s*第?\s*\d{1,6}(?:\s*[-－—–]\s*\d{1,4})?\s*号)"
)
#: "某某（因）不服（被申请人/被告）某某于/作出/信息公开…": the body whose act is challenged
_NOT_ACCEPT = re.compile(
    r"不服(?:被申请人|被告)?(?P<r>[\u4e00-\u9fff]{2,30}?"
    r"(?:人民政府|管理委员会|委员会|办公室|办公厅|办事处|局|厅|委|政府|中心|公司))"
    r"(?=于|作出|对|的|信息公开|政府信息|行政|[（(，,])"
)
#: lines of a decision's head (title, number, body) are short
_HEAD_UNITS = 24  # a page's metadata table (索引号 | 文号 | …) may come first, cell by cell
_HEAD_LEN = 60


def _operative(us: list[Unit]) -> tuple[Unit, int, int] | None:
    """The unit and span of the operative part (after the last "决定如下" and its follow-ups)."""
    for i in range(len(us) - 1, -1, -1):
        u = us[i]
        found = list(_OPERATIVE.finditer(u.text))
        if not found:
            continue
        m = found[-1]
        rest = u.text[m.end() :]
        if len(rest) >= 4:
            return u, m.end(), len(u.text)
        if i + 1 < len(us):
            return us[i + 1], 0, len(us[i + 1].text)
    return None


def find_decision(us: list[Unit]) -> Element | None:
    """The ``decision`` element with the operative clause as evidence, or None."""
    op = _operative(us)
    if op is None:
        return None
    u, a, b = op
    text = u.text[a:b]
    for value, pattern in _DECISIONS:
        m = pattern.search(text)
        if m is not None:
            end = text.find("。", m.end())
            end = len(text) if end < 0 else end + 1
            start = max(0, text.rfind("。", 0, m.start()) + 1)
            return Element(value, (u.evidence(a + start, a + end),))
    return Element("other", (u.evidence(a, b),))


def _respondent(us: list[Unit]) -> Element | None:
    for u in us:
        m = _RESPONDENT.match(u.text)
        if m is None:
            continue
        rest = u.text[m.end() :]
        stop = re.search(r"[，,。；;（(]|住所|地址|法定代表人", rest)
        end = m.end() + (stop.start() if stop else len(rest))
        if end > m.end():
            return Element(u.text[m.end() : end], (u.evidence(m.end(), end),))
    for u in us:
        n = _NOT_ACCEPT.search(u.text)
        if n is not None:
            return Element(n.group("r"), (u.evidence(n.start("r"), n.end("r")),))
    return None


def _reviewed_number(us: list[Unit], own: str | None) -> Element | None:
    for u in us:
        for r in _REVIEWED.finditer(u.text):
            if _DECISION_TITLE.search(r.group()):
                continue  # 《行政复议决定书》: the decision itself (or another), not the letter
            window_start = max(0, r.start() - 40)
            best = None
            for n in _DOC_NO.finditer(u.text, window_start, min(len(u.text), r.end() + 30)):
                if n.group() == own:
                    continue
                if best is None or abs(n.start() - r.start()) < abs(best.start() - r.start()):
                    best = n
            if best is not None:
                return _number_element(u, best)
    for u in us:
        for n in _DOC_NO.finditer(u.text):
            if n.group() != own and _LETTER_AFTER.match(u.text, n.end()):
                return _number_element(u, n)
    return None


def _number_element(u: Unit, m: re.Match[str]) -> Element:
    """The 文号 of match ``m`` without the words a greedy prefix swallowed."""
    value = _PREFIX_CUT.sub("", m.group())
    start = m.end() - len(value)
    return Element(value, (u.evidence(start, m.end()),))


def _head(us: list[Unit]) -> list[Unit]:
    """The decision's head: its first short units, up to the first long sentence (body).

    A long unit that is no sentence (a web page's title run into its 时间/来源 line) is
    passed over, not taken for the body."""
    out = []
    for u in us[:_HEAD_UNITS]:
        if len(u.text) > _HEAD_LEN:
            if "。" in u.text:
                break
            continue
        out.append(u)
    return out


def _own_number(us: list[Unit]) -> Element | None:
    """The decision's own 文号: a head line that is the number, or the title and the number."""
    for u in _head(us):
        m = _OWN_NO.fullmatch(u.text)
        if m is not None:
            return Element(m.group("no"), (u.evidence(m.start("no"), m.end("no")),))
    return None


def _body(us: list[Unit], common: dict[str, Element]) -> Element | None:
    issuer = common.get("issuer")
    if issuer is not None:
        return issuer
    for u in us[:6]:
        m = _BODY_IN_TITLE.match(u.text)
        if m is not None:
            return Element(m.group("body"), (u.evidence(0, m.end("body")),))
        if _COURT.match(u.text):
            return Element(u.text, (u.evidence(0, len(u.text)),))
    head = _head(us)
    for above, title in pairwise(head):
        if _TITLE.fullmatch(title.text) and is_org_name(above.text):
            return Element(above.text, (above.evidence(0, len(above.text)),))
    return None


def _date(us: list[Unit], common: dict[str, Element]) -> Element | None:
    date = common.get("document_date")
    if date is not None:
        return date
    for u in reversed(us):
        found = [d for d in find_dates(u.text) if d.has_year]
        if found and len(u.text) <= 20:
            d = found[-1]
            return Element(d.value.isoformat(), (u.evidence(d.start, d.end),))
    return None


def extract_review_decision(
    doc: ParsedDocument, rules: ExtractionRules, common: dict[str, Element]
) -> tuple[dict[str, Element], list[Finding]]:
    """The contract's ``review_decision`` elements and the needs-review finding (see module)."""
    us = units(doc)
    el: dict[str, Element] = {}
    findings: list[Finding] = []
    decision = find_decision(us)
    if decision is not None:
        el["decision"] = decision
    else:
        findings.append(
            Finding("review_decision_needs_review", rules.message("review_decision_needs_review"))
        )
    for name, found in (
        ("decision_date", _date(us, common)),
        ("decision_body", _body(us, common)),
        ("respondent", _respondent(us)),
    ):
        if found is not None:
            el[name] = found
    own = _own_number(us)
    if own is not None:
        el["document_number"] = own
    number = _reviewed_number(us, str(own.value) if own is not None else None)
    if number is not None:
        el["reviewed_document_number"] = number
    return el, findings
