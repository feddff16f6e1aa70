"""Scoring rules: small functions from one unit's persisted extractions to one :class:`ScoreDraft`.

A rule is registered in :data:`RULES` under the name a rubric declares (``rule: reply_letters``)
with two functions: ``check(params, points)`` validates the rubric params (raising
:class:`ParamError` with the offending sub-path) and returns them with defaults filled in;
``apply(indicator, facts)`` scores. Rules read only ``DocumentFacts`` (the contract JSON of each
current document version) and never do IO. One module per rule type; the shared machinery is in
:mod:`~scoring.rules.params` (params), :mod:`~scoring.rules.facts` (reading a document, refs),
:mod:`~scoring.rules.survey` (a unit's documents) and :mod:`~scoring.rules.require` (declared
requirements and the assessment year).

Principles shared by every rule:

* nothing is silently zero: when the evidence is missing the rubric's ``absent`` decides
  (``pending_manual`` with null points by default), and the draft carries a ``searched``
  EvidenceRef saying what was looked for and in how many documents;
* documents that could not be read (``error``/``no_text``) or are not extracted yet (``pending``)
  are counted in every explanation; when their file name suggests they are this indicator's
  material (``key_hints``) they are named, and a verdict they could change is left to a person;
* the same bytes uploaded under two keys count once;
* every point added or deducted is an EvidenceRef with the document version, element or finding
  and its quote.
"""

from __future__ import annotations

from scoring.rules import coverage, found, manual, minutes, parts, replies, training
from scoring.rules import website as website_rule  # issue 11: the website crawl
from scoring.rules.params import ParamError, RuleSpec, fmt_points
from scoring.rules.registry import RULES, register

__all__ = [
    "RULES",
    "SCORING_VERSION",
    "ParamError",
    "RuleSpec",
    "fmt_points",
    "register",
]

#: Bumped whenever a rule's behaviour changes: part of every score set's ``rules_hash``.
SCORING_VERSION = "3"

for _module in (minutes, training, replies, found, coverage, parts, manual):
    register(_module.SPEC)
register(website_rule.SPEC)
