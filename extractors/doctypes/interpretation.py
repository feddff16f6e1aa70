"""政策解读: the form of the interpretation, the policy it explains, and when it was published."""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.doctypes.base import (
    Result,
    RulesLike,
    common_date,
    labelled_date,
    last_date,
)
from extractors.model import Element, ParsedDocument
from extractors.text.spans import flatten, search, title_flats

__all__ = ["extract_policy_interpretation"]


_FORMS = re.compile(
    r"图文解读|文字解读|视频解读|音频解读|动漫解读|H5解读|图解|一图读懂|一图看懂|专家解读|"
    r"领导解读|媒体解读|新闻发布会|政策吹风会|在线访谈|答记者问|问答"
)
_POLICY_TITLE = re.compile(r"《([^《》]{2,80})》")
_POLICY_ABOUT = re.compile(r"关于(.{4,60}?)的(?:政策)?解读")


def extract_policy_interpretation(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``policy`` (the interpreted policy's title, without 《》), ``interpretation_date``,
    ``form`` (as written: 图文解读, 一图读懂, 视频解读, 专家解读 …)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    head = title_flats(flats)
    for scope in (head, flats):
        hit = next(search(scope, _POLICY_TITLE), None) or next(search(scope, _POLICY_ABOUT), None)
        if hit is not None:
            f, m = hit
            out["policy"] = Element(m.group(1), (f.evidence(m.start(), m.end()),))
            break
    date_el = (
        labelled_date(flats, r"发布时间|发布日期|解读时间|解读日期|时间")
        or common_date(common)
        or last_date(flats)
    )
    if date_el is not None:
        out["interpretation_date"] = date_el
    for scope in (head, flats):
        hit = next(search(scope, _FORMS), None)
        if hit is not None:
            f, m = hit
            out["form"] = Element(m.group(0), (f.evidence(m.start(), m.end()),))
            break
    return out, []
