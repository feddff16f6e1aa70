"""Document type from the title area, with weighted body cues as the fallback.

The title decides: the first title line (skipping 份号/密级/红头/文号 lines) that holds a title
keyword of some type. Within that line the keyword that ends **last** wins, because a Chinese
title names the document kind at its end: "关于印发2024年政务公开工作要点的通知" is a work plan
("的通知" is a wrapper, not a keyword), "…工作要点任务分工方案" an implementation plan,
"关于召开政务公开业务培训会的通知" a training record, "关于《…办法》的政策解读" a policy
interpretation. Ties (keywords ending at the same place) go to the heavier keyword, then to the
type listed first. A type's ``exclude`` words veto it for that title (a 行政复议决定书 or a
行政复议答复书 is not a reply letter).

Only when no title line names a kind do body cues count: each type sums the weights of its
distinct cues found anywhere; the best sum at or above ``body_threshold`` wins, else ``other``.
An HTML page is always a ``website_snapshot`` (a saved column or article page).

Keywords, weights, excludes and the threshold come from ``classifier:`` in
``config/extraction.yaml``; :data:`DEFAULT_CLASSIFIER` equals the shipped section, so
``classify(doc)`` without rules behaves as with the default rules. The parsed section is cached
per ``ExtractionRules.hash`` (which identifies the rules data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractors.model import Block, Evidence, ParsedDocument
from extractors.rules import ExtractionRules
from extractors.text import collapse_ws, squeeze
from kaohe.errors import ConfigError

__all__ = ["DEFAULT_CLASSIFIER", "DOC_TYPES", "classify", "find_title"]

DOC_TYPES: tuple[str, ...] = (
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
    "other",
)

#: Must equal the ``classifier:`` section of config/extraction.yaml (a test checks this).
DEFAULT_CLASSIFIER: dict[str, Any] = {
    "title_lines": 8,
    "body_threshold": 4,
    "types": {
        "reply_letter": {
            "title": {
                "答复书": 3, "告知书": 3, "答复函": 3, "补正通知书": 3, "答复意见书": 3,
                "延期答复": 3, "申请答复": 2,
            },
            "exclude": ["决定书", "复议", "诉讼", "年度报告"],
            "body": {
                "现答复如下": 3, "答复如下": 2, "收到您": 2, "特此告知": 2,
                "政府信息公开申请": 1, "申请行政复议": 1, "提起行政诉讼": 1,
            },
            "body_exclude": ["行政复议决定书", "复议决定如下", "年度报告"],
        },
        "meeting_minutes": {
            "title": {
                "会议纪要": 3, "纪要": 2, "会议记录": 3, "常务会议": 3, "专题会议": 3,
                "党组会议": 3, "党组会": 2, "办公会议": 2, "办公会": 2, "推进会": 2,
                "工作会议": 2, "例会": 2,
            },
            "body": {
                "主持召开": 3, "会议听取": 3, "会议议定": 3, "会议研究": 2, "会议指出": 2,
                "会议要求": 2, "会议时间": 2, "主持人": 2, "参会人员": 2, "出席人员": 2,
                "列席": 1,
            },
        },
        "training_record": {
            "title": {
                "培训通知": 3, "培训记录": 3, "签到表": 3, "签到册": 3, "培训班": 3,
                "业务培训": 3, "培训会": 3, "培训": 1,
            },
            "body": {
                "参加培训": 3, "培训内容": 3, "参训": 2, "授课": 2, "培训时间": 2,
                "培训会": 2, "签到": 2, "培训": 1,
            },
        },
        "work_plan": {
            "title": {"工作要点": 3},
            "exclude": ["落实情况", "完成情况", "总结"],
            "body": {"工作要点": 3},
        },
        "implementation_plan": {
            "title": {
                "实施方案": 3, "工作方案": 3, "方案": 2, "工作安排": 3, "任务分工": 3,
            },
            "body": {"实施方案": 3, "实施步骤": 2, "责任分工": 2, "工作目标": 1, "责任单位": 1},
        },
        "annual_report": {
            "title": {"年度报告": 3, "年报": 2},
            "body": {
                "主动公开政府信息情况": 3, "收到和处理政府信息公开申请情况": 3,
                "存在的主要问题及改进情况": 3, "年度报告": 2,
            },
        },
        "leader_instruction": {
            "title": {
                "领导批示": 3, "批示单": 3, "批示件": 3, "批示": 2, "阅示": 3, "拟办意见": 3,
            },
            "body": {"阅示": 3, "拟办意见": 3, "批示": 2, "请阅": 2},
        },
        "policy_interpretation": {
            "title": {"政策解读": 3, "解读": 3, "一图读懂": 3, "图解": 2},
            "body": {"解读": 3, "出台背景": 3, "主要内容": 1},
        },
        "system_document": {
            "title": {
                "制度": 2, "办法": 2, "规程": 3, "工作程序": 3, "考核办法": 3, "实施细则": 3,
                "细则": 2, "规定": 2, "工作流程": 2,
            },
            "body": {
                "本办法": 3, "本制度": 3, "本规程": 3, "本细则": 3, "第一条": 2, "第二条": 1,
                "自印发之日起施行": 2,
            },
        },
        "press_conference": {
            "title": {"新闻发布会": 3, "发布会": 3},
            "body": {"新闻发布会": 3, "发布人": 3, "记者": 2, "提问": 2},
        },
        "website_snapshot": {
            "title": {"网站截图": 3, "网页截图": 3, "栏目截图": 3, "页面截图": 3},
            "body": {"当前位置": 3, "浏览次数": 2, "栏目": 2, "首页": 1, "发布时间": 1},
        },
    },
}  # fmt: skip

# Lines of the 版头 that are never the title: 份号, 密级/紧急程度, 签发人, 红头 ("…文件"), 文号.
_NOISE = re.compile(
    r"^(?:\d{3,8}|[★☆].*|(?:绝密|机密|秘密|内部|特急|加急|平急|急件|公开属性|签发人).*|.{2,40}文件"
    r"|.{0,30}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d+\s*号)$"
)
# A salutation ("各乡镇人民政府，县政府各部门：") or a prose sentence ends the title area.
_SALUTATION = re.compile(r"[：:]$")
# An enumerated item or article: "一、", "（一）", "1.", "第一条".
_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[一二三四五六七八九十百]+条)"
)
#: a title line at least this long (whitespace-free) may have wrapped at the right margin
_WRAP_MIN = 20


@dataclass(frozen=True, slots=True)
class _TypeRules:
    name: str
    title: tuple[tuple[str, int], ...]
    exclude: tuple[str, ...]
    body: tuple[tuple[str, int], ...]
    body_exclude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Config:
    title_lines: int
    body_threshold: int
    types: tuple[_TypeRules, ...]


@dataclass(frozen=True, slots=True)
class _TitleLine:
    block: Block
    start: int
    end: int

    @property
    def flat(self) -> str:
        return squeeze(self.block.text[self.start : self.end])

    def evidence(self) -> Evidence:
        return Evidence(
            quote=collapse_ws(self.block.text[self.start : self.end]),
            page=self.block.page,
            paragraph=self.block.paragraph,
        )


def classify(
    doc: ParsedDocument, rules: ExtractionRules | None = None
) -> tuple[str, Evidence | None]:
    """``(doc_type, evidence)``: the type and the quote that decided it (usually the title).

    A document without text is ``other`` with no evidence.
    """
    if not doc.blocks:
        return "other", None
    if doc.format == "html":
        first = doc.blocks[0]
        return "website_snapshot", Evidence(
            quote=collapse_ws(first.text)[:100], page=first.page, paragraph=first.paragraph
        )
    cfg = _config(rules)
    decided = _from_title(doc, cfg)
    if decided is not None:
        return decided
    return _from_body(doc, cfg)


def find_title(doc: ParsedDocument, rules: ExtractionRules | None = None) -> Evidence | None:
    """The title line that names the document kind (with its continuation line), if any."""
    decided = _from_title(doc, _config(rules))
    return decided[1] if decided is not None else None


# ----------------------------------------------------------------------------- title


def _title_lines(doc: ParsedDocument, limit: int) -> Iterator[list[_TitleLine]]:
    """Candidate title lines in order, each with the following lines of its block."""
    seen = 0
    for block in doc.blocks:
        if block.kind in ("header", "footer"):
            continue
        lines = list(_lines(block))
        for i, line in enumerate(lines):
            flat = line.flat
            if _NOISE.match(flat):
                continue
            if "。" in flat or (_SALUTATION.search(flat) and len(flat) <= 40):
                return
            yield lines[i:]
            seen += 1
            if seen >= limit:
                return


def _lines(block: Block) -> Iterator[_TitleLine]:
    pos = 0
    for raw in block.text.split("\n"):
        if raw.strip():
            yield _TitleLine(block, pos, pos + len(raw))
        pos += len(raw) + 1


def _continuation(first: _TitleLine, rest: list[_TitleLine]) -> _TitleLine:
    """Join the next line of the same block when ``first`` is a title wrapped at the margin.

    A wrapped line is long (a 红头 issuer line or a short title is not) and the continuation is
    no longer than it and is not an item ("一、出台背景") or a label ("发布人：…").
    """
    if not rest:
        return first
    head, nxt = first.flat, rest[0].flat
    if (
        len(head) >= _WRAP_MIN
        and len(nxt) <= len(head)
        and not _NOISE.match(nxt)
        and not _ITEM.match(nxt)
        and not re.search(r"[。：:]", nxt)
        and not re.search(r"[。；！？]$", head)
    ):
        return _TitleLine(first.block, first.start, rest[0].end)
    return first


def _from_title(doc: ParsedDocument, cfg: _Config) -> tuple[str, Evidence] | None:
    for lines in _title_lines(doc, cfg.title_lines):
        line = _continuation(lines[0], lines[1:])
        flat = line.flat
        best: tuple[int, int, int, str] | None = None
        for order, t in enumerate(cfg.types):
            if any(word in flat for word in t.exclude):
                continue
            for word, weight in t.title:
                end = flat.rfind(word)
                if end < 0:
                    continue
                key = (end + len(word), weight, -order, t.name)
                if best is None or key[:3] > best[:3]:
                    best = key
        if best is not None:
            return best[3], line.evidence()
    return None


# ----------------------------------------------------------------------------- body


def _from_body(doc: ParsedDocument, cfg: _Config) -> tuple[str, Evidence | None]:
    flats = [(b, squeeze(b.text)) for b in doc.blocks]
    whole = "".join(f for _, f in flats)
    best: tuple[int, int, str, str] | None = None
    for order, t in enumerate(cfg.types):
        if any(word in whole for word in t.body_exclude):
            continue
        found = [(w, weight) for w, weight in t.body if w in whole]
        score = sum(weight for _, weight in found)
        if not found or score < cfg.body_threshold:
            continue
        top = max(found, key=lambda x: x[1])[0]
        if best is None or (score, -order) > best[:2]:
            best = (score, -order, t.name, top)
    if best is None:
        return "other", None
    return best[2], _cue_evidence(flats, best[3])


def _cue_evidence(flats: list[tuple[Block, str]], cue: str) -> Evidence | None:
    """The line holding ``cue`` (clipped around it), quoted verbatim."""
    pattern = _spaced(cue)
    for block, flat in flats:
        if cue not in flat:
            continue
        m = pattern.search(block.text)
        if m is None:
            continue
        start = block.text.rfind("\n", 0, m.start()) + 1
        end = block.text.find("\n", m.end())
        end = len(block.text) if end < 0 else end
        start, end = max(start, m.start() - 40), min(end, m.end() + 40)
        return Evidence(
            quote=collapse_ws(block.text[start:end]), page=block.page, paragraph=block.paragraph
        )
    return None


@lru_cache(maxsize=512)
def _spaced(word: str) -> re.Pattern[str]:
    """``word`` allowing whitespace (a PDF line break) between its characters."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in word))


# ----------------------------------------------------------------------------- config


_CACHE: dict[str, _Config] = {}


def _config(rules: ExtractionRules | None) -> _Config:
    """The classifier rules in force, parsed once per rules hash."""
    key = "" if rules is None else rules.hash
    cfg = _CACHE.get(key)
    if cfg is None:
        section: Mapping[str, Any] = DEFAULT_CLASSIFIER
        if rules is not None and rules.section("classifier"):
            section = rules.section("classifier")
        cfg = _parse_config(section)
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = cfg
    return cfg


def _parse_config(section: Mapping[str, Any]) -> _Config:
    try:
        raw_types = section.get("types") or DEFAULT_CLASSIFIER["types"]
        types = []
        for name in DOC_TYPES:
            spec = raw_types.get(name)
            if spec is None:
                continue
            types.append(
                _TypeRules(
                    name=name,
                    title=_weights(spec.get("title")),
                    exclude=tuple(str(w) for w in spec.get("exclude") or ()),
                    body=_weights(spec.get("body")),
                    body_exclude=tuple(str(w) for w in spec.get("body_exclude") or ()),
                )
            )
        unknown = set(raw_types) - set(DOC_TYPES)
        if unknown:
            raise ConfigError(
                f"extraction.yaml 的 classifier.types 含未知文档类型：{sorted(unknown)}"
            )
        return _Config(
            title_lines=int(section.get("title_lines", 8)),
            body_threshold=int(section.get("body_threshold", 4)),
            types=tuple(types),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"extraction.yaml 的 classifier 配置格式不正确：{e}") from None


def _weights(value: Any) -> tuple[tuple[str, int], ...]:
    if not value:
        return ()
    return tuple((str(k), int(v)) for k, v in dict(value).items())
