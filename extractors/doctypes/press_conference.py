"""新闻发布会: when it was held, its topic and its speakers."""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.doctypes.base import (
    LEADER_TITLES,
    PERSON_NAME,
    Result,
    RulesLike,
    common_date,
    date_element,
    labelled_date,
    last_date,
    next_cell,
)
from extractors.model import Element, ParsedDocument
from extractors.text.spans import Flat, dates_in, flatten, search, title_flats

__all__ = ["extract_press_conference"]


_TOPIC_LABEL = re.compile(r"(?:发布会主题|发布主题|主题|发布内容)[:：]")
_TOPIC_ON = re.compile(r"就([^。；;，,]{2,60}?)(?:举行|召开|举办)[^。；;]{0,6}?新闻发布会")
_TOPIC_TITLE = re.compile(r"(.{2,80}?)新闻发布会")
_SPEAKER_LABEL = re.compile(r"(?:主发布人|新闻发言人|发言人|发布人|出席嘉宾|发布嘉宾)[:：]")
#: where a labelled value ends inside its line
_VALUE_END = re.compile(r"[。；;]|(?:主持人|时间|地点|发布人|主题)[:：]")
_SPEAKER_TEXT = re.compile(
    rf"([\u4e00-\u9fa5]{{0,16}}?(?:{LEADER_TITLES}|新闻发言人))({PERSON_NAME})(?:同志)?"
    r"(?:出席(?:发布会)?(?:并)?|作为发布人)?(?:介绍|发布|通报|答记者问|回答)"
)


def extract_press_conference(
    doc: ParsedDocument, rules: RulesLike, common: Mapping[str, Element]
) -> Result:
    """``conference_date``, ``topic`` and ``spokesperson`` (as written)."""
    flats = flatten(doc)
    out: dict[str, Element] = {}
    date_el = labelled_date(flats, r"召开时间|发布会时间|举办时间|发布时间|时间")
    if date_el is None:
        for f, m in search(flats, re.compile(r"新闻发布会")):
            near = [d for d in dates_in(f) if d[1] < m.start()]
            if near:
                date_el = date_element(f, near[-1])
                break
    date_el = date_el or common_date(common) or last_date(flats)
    if date_el is not None:
        out["conference_date"] = date_el

    topic = _label_value(flats, _TOPIC_LABEL)
    on = next(search(flats, _TOPIC_ON), None)
    if topic is not None:
        out["topic"] = topic
    elif on is not None:
        f, m = on
        out["topic"] = Element(m.group(1), (f.evidence(m.start(1), m.end(1)),))
    else:
        hit = next(search(title_flats(flats, 3), _TOPIC_TITLE), None)
        if hit is not None:
            f, m = hit
            name = re.sub(r"^(?:关于|召开|举行)", "", m.group(1))
            start = m.end(1) - len(name)
            if len(name) >= 2:
                out["topic"] = Element(name, (f.evidence(start, m.end(1)),))

    speaker = _label_value(flats, _SPEAKER_LABEL)
    if speaker is not None:
        out["spokesperson"] = speaker
    else:
        hit = next(search(flats, _SPEAKER_TEXT), None)
        if hit is not None:
            f, m = hit
            out["spokesperson"] = Element(
                m.group(1) + m.group(2), (f.evidence(m.start(1), m.end(2)),)
            )
    return out, []


def _label_value(flats: list[Flat], label: re.Pattern[str]) -> Element | None:
    """The text after ``label`` up to the end of its line or sentence (or the next cell)."""
    for f, m in search(flats, label):
        g, start = f, m.end()
        if start >= len(f.flat):
            nxt = next_cell(flats, f, m)
            if nxt is None:
                continue
            g, start = nxt, 0
        end = g.line_end(start)
        stop = _VALUE_END.search(g.flat, start, end)
        end = stop.start() if stop else end
        value = g.flat[start:end].rstrip("，,、")
        if len(value) >= 2:
            return Element(value, (g.evidence(start, start + len(value)),))
    return None
