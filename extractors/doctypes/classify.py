"""Document type from the title area, with weighted body cues as the fallback.

The title decides: the first title line (skipping 份号/密级/红头/文号 lines) that holds a title
keyword of some type. Within that line the keyword that ends **last** wins, because a Chinese
title names the document kind at its end: "关于印发2024年政务公开工作要点的通知" is a work plan
("的通知" is a wrapper, not a keyword), "…工作要点任务分工方案" an implementation plan,
"关于召开政务公开业务培训会的通知" a training record, "关于《…办法》的政策解读" a policy
interpretation. Ties (keywords ending at the same place) go to the heavier keyword, then to the
type listed first. A type's ``exclude`` words veto it for that title (a 行政复议决定书 or a
行政复议答复书 is not a reply letter). ``other_title`` words name no type: a notice about work
("关于认真做好…年度报告编制发布工作的通知", "…解读工作检查情况通报") is ``other`` when one
ends last.

A document published under its issuing notice often has no title line before the notice's
salutation ("各区人民政府…：" / "《北京市2018年政务公开工作要点》已经市政府同意，现印发给你们"):
the name the forwarding sentence quotes is then read as the title.

A news item has no title line: its opening sentences (the lede: ``lede.sentences`` of them,
since a purpose clause "为…。" or a byline sentence often comes before the event) are read like
a title when one of their clauses reports the event held — "万载县召开政务公开工作推进会" (verb,
then the kind at the clause end) or "…培训班在沈阳开班" (the kind, then the verb ending the
clause); the first such clause decides. Only the ``lede`` types (events: meetings, trainings,
press conferences) are read so.

Only when neither the title nor the lede names a kind do body cues count: each type sums the
weights of its distinct cues found anywhere; the best sum at or above ``body_threshold`` wins,
else ``other``. An HTML page is a ``website_snapshot`` (a saved column or article page) unless
its title names an annual report.

Keywords, weights, excludes and the threshold come from ``classifier:`` in
``config/extraction.yaml`` and nowhere else; its ``types`` may name the contract's doc types
and any type registered in :mod:`extractors.doctypes.registry`. The parsed section is cached
per ``ExtractionRules.hash`` (which identifies the rules data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extractors.doctypes.registry import registered_types
from extractors.model import Block, Evidence, ParsedDocument
from extractors.rules import ExtractionRules
from extractors.text import collapse_ws, squeeze
from extractors.text.spans import flatten
from extractors.vocabulary import DOC_TYPES
from kaohe.errors import ConfigError

__all__ = ["classify", "find_title"]

# Lines of the 版头 that are never the title: 份号, 密级/紧急程度, 签发人, 红头 ("…文件"), 文号.
_NOISE = re.compile(
    r"^(?:\d{3,8}|[★☆].*|(?:绝密|机密|秘密|内部|特急|加急|平急|急件|公开属性|签发人).*|.{2,40}文件"
    r"|.{0,30}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d+\s*号"
    # a saved web page's metadata cells: "标题:" (label alone), "索引号: …", "发文日期: …"
    r"|(?:标题|名称|文件名称)[:：|]?|(?:索引号|文号|发文日期|发布日期|成文日期|发布机构|发文机关"
    r"|主题分类|体裁分类|关键词|信息来源|来源)[:：|].*)$"
)
# A salutation ("各乡镇人民政府，县政府各部门：") or a prose sentence ends the title area.
_SALUTATION = re.compile(r"[：:]$")
# An enumerated item or article: "一、", "（一）", "1.", "第一条".
_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[一二三四五六七八九十百]+条)"
)
#: a title line at least this long (whitespace-free) may have wrapped at the right margin
_WRAP_MIN = 20
# A short title line opened by 关于 whose end names no kind yet: it goes on on the next line.
_OPEN_TITLE = re.compile(
    r"^.{0,24}关于(?!.*(?:通知|通报|决定|意见|报告|函|批复|请示|纪要|方案|要点|办法|规定|规则|制度"
    r"|细则|解读|答复|告知书|答复书|决定书)$)"
)
# The forwarding sentence of a notice that issues a document: "《X》已经市政府同意，现印发给你们",
# "《X》…，现予印发", "现将《X》印发给你们". X names the document the file is.
_FORWARD = re.compile(
    r"《(?P<name>[^《》]{2,80})》[^。《》]{0,80}?"
    r"(?:现予以?(?:印发|发布|公布)|现?(?:印发|转发|发)给你们|现予?转发|予以印发|现印发)"
)
#: how far into the text (whitespace-free characters) the forwarding sentence may stand
_FORWARD_WITHIN = 400


@dataclass(frozen=True, slots=True)
class _TypeRules:
    name: str
    title: tuple[tuple[str, int], ...]
    exclude: tuple[str, ...]
    body: tuple[tuple[str, int], ...]
    body_exclude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Reclassify:
    source: str
    target: str
    title: tuple[str, ...]
    body: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Lede:
    verbs: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sentences: int = 1


@dataclass(frozen=True, slots=True)
class _Config:
    title_lines: int
    body_threshold: int
    types: tuple[_TypeRules, ...]
    reclassify: tuple[_Reclassify, ...] = ()
    lede: _Lede = field(default_factory=_Lede)
    #: format → doc types a file of that format is never (``xlsx: [system_document]``)
    format_exclude: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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


def classify(doc: ParsedDocument, rules: ExtractionRules) -> tuple[str, Evidence | None]:
    """``(doc_type, evidence)``: the type and the quote that decided it (usually the title).

    A document without text is ``other`` with no evidence.
    """
    if not doc.blocks:
        return "other", None
    cfg = _config(rules)
    if doc.format == "html":
        # a saved page is a website snapshot, unless its title names an annual report: offices
        # publish 年度报告 as web pages, tables included, and those are read as reports
        titled = _from_title(doc, cfg)
        if titled is not None and titled[0] == "annual_report":
            return titled
        first = doc.blocks[0]
        return "website_snapshot", Evidence(
            quote=collapse_ws(first.text)[:100], page=first.page, paragraph=first.paragraph
        )
    titled = _from_title(doc, cfg) or _from_forwarding(doc, cfg) or _from_lede(doc, cfg)
    decided: tuple[str, Evidence | None] = titled if titled is not None else _from_body(doc, cfg)
    decided = _reclassify(doc, cfg, decided)
    if decided[0] in cfg.format_exclude.get(doc.format, ()):
        # an xlsx (a score template, a statistics sheet) is no 制度文件, whatever its title says
        return "other", decided[1]
    return decided


def _reclassify(
    doc: ParsedDocument, cfg: _Config, decided: tuple[str, Evidence | None]
) -> tuple[str, Evidence | None]:
    """Apply the first ``reclassify`` rule whose ``from`` type, title and body words match.

    E.g. a training held under a 推进会/部署会 title is a training when the body says 培训.
    """
    doc_type, ev = decided
    title = squeeze(ev.quote) if ev is not None else ""
    body: str | None = None
    for rule in cfg.reclassify:
        if doc_type != rule.source or not any(w in title for w in rule.title):
            continue
        if body is None:
            body = squeeze(doc.text)
        if any(w in body for w in rule.body):
            return rule.target, ev
    return decided


def find_title(doc: ParsedDocument, rules: ExtractionRules) -> Evidence | None:
    """The title line that names the document kind (with its continuation line), if any."""
    cfg = _config(rules)
    decided = _from_title(doc, cfg) or _from_forwarding(doc, cfg)
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
            if len(flat) > _WRAP_MIN and re.search(r"[，,][^，,]", flat):
                return  # a prose line a PDF wrapped ("…经对本案调查后于…，认为：…"), not a title
            if "以下简称" in flat:
                return  # "本年报是根据《…条例》（以下简称《条例》）…": prose citing a title
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

    A wrapped line is long (a 红头 issuer line or a short title is not) or a title opened by
    关于 that does not yet name its kind ("关于印发2017年定陶区政务公开" / "工作要点的通知"), and
    the continuation is no longer than it and is not an item ("一、出台背景") or a label
    ("发布人：…").
    """
    if not rest:
        return first
    head, nxt = first.flat, rest[0].flat
    if (
        (len(head) >= _WRAP_MIN or _OPEN_TITLE.search(head) is not None)
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
        kind = _title_kind(line.flat, cfg)
        if kind is not None:
            return kind, line.evidence()
    return None


def _title_kind(flat: str, cfg: _Config) -> str | None:
    """The type whose title keyword ends last in ``flat`` (ties: heavier, then listed first)."""
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
    return best[3] if best is not None else None


def _from_forwarding(doc: ParsedDocument, cfg: _Config) -> tuple[str, Evidence] | None:
    """The kind of the document a titleless issuing notice forwards.

    A work plan or a set of rules is often published headed by its issuing notice with no
    title line of its own ("各区人民政府…：" / "《北京市2018年政务公开工作要点》已经市政府同意，
    现印发给你们…"): the name the forwarding sentence quotes decides, and it is the evidence.
    """
    seen = 0
    for f in flatten(doc):
        if f.block.kind in ("header", "footer"):
            continue
        room = _FORWARD_WITHIN - seen
        if room <= 0:
            return None
        m = _FORWARD.search(f.flat, 0, len(f.flat))
        if m is not None and m.start() < room:
            name = m.group("name")
            kind = _title_kind(name, cfg)
            if kind is not None:
                return kind, f.evidence(m.start("name"), m.end("name"))
            return None
        seen += len(f.flat)
    return None


# ----------------------------------------------------------------------------- lede

#: clause separators inside the lede sentence
_CLAUSE_SEP = re.compile(r"[，,；;：:]")


def _from_lede(doc: ParsedDocument, cfg: _Config) -> tuple[str, Evidence] | None:
    """The event kind a titleless news item's first sentence reports as held, if any."""
    if not cfg.lede.verbs or not cfg.lede.types:
        return None
    types = [t for t in cfg.types if t.name in cfg.lede.types]
    verbs = "|".join(re.escape(v) for v in cfg.lede.verbs)
    for clause in _lede_clauses(doc, cfg.title_lines, cfg.lede.sentences):
        flat = clause.flat
        m = re.search(rf"(?:{verbs})了?", flat)
        if m is None:
            continue
        before, after = flat[: m.start()], flat[m.end() :]
        verb_last = m.end() == len(flat)
        best: tuple[int, int, int, str] | None = None
        for order, t in enumerate(types):
            if any(word in flat for word in t.exclude):
                continue
            for word, weight in t.title:
                # "召开…推进会(议)" (the kind ends the clause) or "…推进会在…召开" (the verb does)
                if after.endswith(word) or after.endswith(word + "议"):
                    end = len(flat)
                elif verb_last and word in before:
                    end = before.rfind(word) + len(word)
                else:
                    continue
                key = (end, weight, -order, t.name)
                if best is None or key[:3] > best[:3]:
                    best = key
        if best is not None:
            return best[3], clause.evidence()
    return None


def _lede_clauses(doc: ParsedDocument, limit: int, sentences: int) -> Iterator[_TitleLine]:
    """Clauses of the first ``sentences`` sentences (ended by 。) within the first ``limit``
    body blocks, in reading order."""
    seen = done = 0
    for block in doc.blocks:
        if block.kind in ("header", "footer") or not block.text.strip():
            continue
        seen += 1
        pos = 0
        while done < sentences:
            stop = block.text.find("。", pos)
            if stop < 0:
                break
            for m in [*_CLAUSE_SEP.finditer(block.text, pos, stop), None]:
                end = m.start() if m is not None else stop
                start = pos + len(block.text[pos:end]) - len(block.text[pos:end].lstrip())
                if end > start:
                    yield _TitleLine(block, start, end)
                pos = end + 1
            done += 1
        if done >= sentences or seen >= limit:
            return


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


def _config(rules: ExtractionRules) -> _Config:
    """The classifier rules in force, parsed once per rules hash (and registered types)."""
    known = (*DOC_TYPES, *(n for n in registered_types() if n not in DOC_TYPES))
    key = f"{rules.hash}|{','.join(known)}"
    cfg = _CACHE.get(key)
    if cfg is None:
        section = rules.section("classifier")
        if not section:
            raise ConfigError("extraction.yaml 缺少 classifier 配置（文档分类的关键词与权重）")
        cfg = _parse_config(section, known)
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = cfg
    return cfg


def _parse_config(section: Mapping[str, Any], known: tuple[str, ...]) -> _Config:
    try:
        raw_types = section.get("types")
        if not isinstance(raw_types, Mapping) or not raw_types:
            raise ConfigError("extraction.yaml 的 classifier 缺少 types（各文档类型的关键词）")
        types = []
        for name in known:
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
        if section.get("other_title"):
            # a title naming none of the types ("关于做好…工作的通知", "…情况通报") is ``other``
            types.append(_TypeRules("other", _weights(section.get("other_title")), (), (), ()))
        unknown = set(raw_types) - set(known)
        if unknown:
            raise ConfigError(
                f"extraction.yaml 的 classifier.types 含未知文档类型：{sorted(unknown)}"
            )
        reclassify = tuple(
            _Reclassify(
                source=str(r["from"]),
                target=str(r["to"]),
                title=tuple(str(w) for w in r.get("title") or ()),
                body=tuple(str(w) for w in r.get("body") or ()),
            )
            for r in section.get("reclassify") or ()
        )
        for r in reclassify:
            if r.source not in known or r.target not in known:
                raise ConfigError(f"extraction.yaml 的 classifier.reclassify 含未知文档类型：{r}")
        format_exclude = {
            str(fmt): tuple(str(t) for t in types_)
            for fmt, types_ in dict(section.get("format_exclude") or {}).items()
        }
        raw_lede = dict(section.get("lede") or {})
        lede = _Lede(
            verbs=tuple(str(v) for v in raw_lede.get("verbs") or ()),
            types=tuple(str(t) for t in raw_lede.get("types") or ()),
            sentences=max(1, int(raw_lede.get("sentences", 1))),
        )
        if set(lede.types) - set(known):
            raise ConfigError(f"extraction.yaml 的 classifier.lede 含未知文档类型：{lede.types}")
        return _Config(
            title_lines=int(section.get("title_lines", 8)),
            lede=lede,
            body_threshold=int(section.get("body_threshold", 4)),
            types=tuple(types),
            reclassify=reclassify,
            format_exclude=format_exclude,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"extraction.yaml 的 classifier 配置格式不正确：{e}") from None


def _weights(value: Any) -> tuple[tuple[str, int], ...]:
    if not value:
        return ()
    return tuple((str(k), int(v)) for k, v in dict(value).items())
