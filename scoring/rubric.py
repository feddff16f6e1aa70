"""Rubric files (``config/rubric-{county,department}.yaml``): loading, validation and hashing.

A rubric lists every indicator of the seed (双政公开办发〔2019〕5号) for one unit kind, with its
points and the rule that scores it. Validation is strict, because a wrong rubric silently gives a
wrong table: every seed indicator of the kind exactly once with the seed's Chinese name, points
≥ 0 summing to the declared total (100 unless ``total:`` says otherwise), a known rule, and
params valid for that rule. Each error is a :class:`kaohe.errors.ConfigError` whose reason names
the file and the line.

Hashing: :attr:`Rubric.hash` is the sha256 of the *parsed, normalised* content (rule defaults
filled in), not of the bytes — editing a comment or re-indenting changes nothing, any change of
a value (points, a weight, an explanation, ``version``) gives a new hash. :func:`rubrics_hash`
combines the rubrics of both kinds with :data:`scoring.rules.SCORING_VERSION`, so a change of
the rule code re-keys the score sets too.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from kaohe.errors import ConfigError
from scoring.model import Indicator
from scoring.rules import RULES, SCORING_VERSION, ParamError

#: libyaml's safe loader where PyYAML was built with it: the shipped config reads in 0.01 s
#: instead of 0.07 s (measured), at every command's start and in every worker
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "KINDS",
    "SEED_INDICATORS",
    "Rubric",
    "load_rubric",
    "load_rubrics",
    "rubrics_hash",
]

KINDS = ("county", "department")

#: The seed's indicators per unit kind: (code, name, group), in seed order.
SEED_INDICATORS: Mapping[str, tuple[tuple[str, str, str], ...]] = MappingProxyType(
    {
        "county": (
            ("1.1.1", "政务公开工作的组织领导情况", "1.1 保障监督机制情况"),
            ("1.1.2", "政务公开机制落实情况和政府信息公开制度保障情况", "1.1 保障监督机制情况"),
            ("1.1.3", "政务公开工作培训与考核情况", "1.1 保障监督机制情况"),
            ("1.1.4", "落实市政府关于政务公开工作主要任务要求情况", "1.1 保障监督机制情况"),
            ("1.2.1", "公共查阅场所建设情况", "1.2 公开平台（渠道）建设情况"),
            ("1.2.2", "政府官网建设情况", "1.2 公开平台（渠道）建设情况"),
            (
                "1.2.3",
                "“两微一端”、政府公报、新闻发布会等公开渠道建设（运行）情况",
                "1.2 公开平台（渠道）建设情况",
            ),
            ("1.3.1", "基础信息公开", "1.3 主动公开情况"),
            ("1.3.2", "重点领域信息公开", "1.3 主动公开情况"),
            ("1.4.1", "明确依申请公开工作程序", "1.4 依申请公开情况"),
            ("1.4.2", "申请渠道畅通情况", "1.4 依申请公开情况"),
            ("1.4.3", "答复规范化情况", "1.4 依申请公开情况"),
        ),
        "department": (
            ("2.1.1", "政务公开工作的组织领导情况", "2.1 保障监督机制情况"),
            ("2.1.2", "政务公开工作机制和政府信息公开制度保障落实情况", "2.1 保障监督机制情况"),
            ("2.1.3", "政务公开工作培训与考核情况", "2.1 保障监督机制情况"),
            ("2.1.4", "落实市政府关于政务公开工作主要任务要求情况", "2.1 保障监督机制情况"),
            ("2.2.1", "公共查阅场所建设情况", "2.2 公开平台（渠道）建设情况"),
            ("2.2.2", "政府信息专栏建设情况", "2.2 公开平台（渠道）建设情况"),
            (
                "2.2.3",
                "“两微一端”、新闻发布会等公开渠道建设（运行）情况",
                "2.2 公开平台（渠道）建设情况",
            ),
            ("2.3.1", "基础信息公开", "2.3 主动公开情况"),
            ("2.3.2", "重点领域信息公开", "2.3 主动公开情况"),
            ("2.4.1", "明确依申请公开工作程序", "2.4 依申请公开情况"),
            ("2.4.2", "申请渠道畅通情况", "2.4 依申请公开情况"),
            ("2.4.3", "答复规范化情况", "2.4 依申请公开情况"),
        ),
    }
)

_TOP_KEYS = {"version", "kind", "total", "indicators"}
_INDICATOR_KEYS = {"code", "name", "group", "points", "rule", "params"}
_EPS = 1e-6


@dataclass(frozen=True)
class Rubric:
    """The rubric of one unit kind; ``indicators`` in seed order, ``hash`` content-based."""

    kind: str
    version: str
    indicators: tuple[Indicator, ...]
    hash: str
    path: Path
    total: float = 100.0

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


class _Source:
    """A parsed YAML file with its node tree, to name the line of any value."""

    def __init__(self, path: Path, root: yaml.Node | None) -> None:
        self.path = path
        self.root = root

    def line(self, loc: tuple[str | int, ...]) -> int:
        """1-based line of the deepest existing node along ``loc``; for a mapping entry, the
        line of its key (so ``params:`` rather than the first line of its block)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else 1
        for part in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                pair = next(((k, v) for k, v in node.value if k.value == part), None)
                if pair is not None:
                    child, line = pair[1], pair[0].start_mark.line + 1
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line

    def fail(self, loc: tuple[str | int, ...], message: str) -> NoReturn:
        raise ConfigError(f"评分细则 {self.path} 第{self.line(loc)}行：{message}")


def _read(path: Path) -> tuple[Any, _Source]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"评分细则文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"评分细则文件无法读取：{path}（{e}）") from None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        src = _Source(path, root)
        if root is not None:
            _check_duplicate_keys(root, src)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" 第{mark.line + 1}行" if mark is not None else ""
        raise ConfigError(f"评分细则 {path}{line} 不是合法的 YAML：{e}") from None
    finally:
        loader.dispose()
    return data, src


def _check_duplicate_keys(node: yaml.Node, src: _Source) -> None:
    # PyYAML keeps the last of two equal keys silently; in a rubric that hides an edit.
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                if k.value in seen:
                    raise ConfigError(
                        f"评分细则 {src.path} 第{k.start_mark.line + 1}行：键 {k.value} 重复"
                    )
                seen.add(k.value)
            _check_duplicate_keys(v, src)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, src)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def load_rubric(path: Path) -> Rubric:
    """Read and validate one rubric file; raises ``ConfigError`` naming file and line."""
    data, src = _read(path)
    if not isinstance(data, dict):
        src.fail((), "应为包含 version、kind、indicators 的映射")
    if unknown := sorted(set(map(str, data)) - _TOP_KEYS):
        src.fail((unknown[0],), f"未知的键 {unknown[0]}（允许：{'、'.join(sorted(_TOP_KEYS))}）")
    kind = data.get("kind")
    if kind not in KINDS:
        src.fail(("kind",), f"kind 应为 county 或 department，实为 {kind!r}")
    version = data.get("version")
    if version is None or isinstance(version, dict | list) or not str(version).strip():
        src.fail(("version",), "缺少 version（细则版本号，由考核办修改细则时更新）")
    total = _number(data.get("total", 100))
    if total is None or total <= 0:
        src.fail(("total",), f"total 应为正数，实为 {data.get('total')!r}")
    raw_inds = data.get("indicators")
    if not isinstance(raw_inds, list) or not raw_inds:
        src.fail(("indicators",), "indicators 应为非空列表")

    seed = {code: (name, group) for code, name, group in SEED_INDICATORS[kind]}
    by_code: dict[str, Indicator] = {}
    first_line: dict[str, int] = {}
    for i, raw in enumerate(raw_inds):
        ind = _indicator(raw, ("indicators", i), src, seed)
        if ind.code in by_code:
            src.fail(
                ("indicators", i, "code"),
                f"指标 {ind.code} 重复（第{first_line[ind.code]}行已定义）",
            )
        by_code[ind.code] = ind
        first_line[ind.code] = src.line(("indicators", i, "code"))
    if missing := [c for c in seed if c not in by_code]:
        names = "、".join(f"{c} {seed[c][0]}" for c in missing)
        src.fail(("indicators",), f"缺少指标：{names}（细则须包含考核制度的全部指标）")
    indicators = tuple(by_code[c] for c in seed)  # seed order, whatever the file order
    points = sum(ind.points for ind in indicators)
    if abs(points - total) > _EPS:
        src.fail(
            ("indicators",),
            f"各指标分值合计 {points:g} 分，与总分 {total:g} 分不符"
            "（修改分值分配时请保持合计不变，或同时修改 total）",
        )
    canonical = {
        "kind": kind,
        "version": str(version),
        "total": total,
        "indicators": [
            {
                "code": ind.code,
                "name": ind.name,
                "group": ind.group,
                "points": ind.points,
                "rule": ind.rule,
                "params": dict(ind.params),
            }
            for ind in indicators
        ],
    }
    blob = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Rubric(
        kind=kind,
        version=str(version),
        indicators=indicators,
        hash=hashlib.sha256(blob.encode("utf-8")).hexdigest(),
        path=path,
        total=total,
    )


def _indicator(
    raw: Any, loc: tuple[str | int, ...], src: _Source, seed: Mapping[str, tuple[str, str]]
) -> Indicator:
    if not isinstance(raw, dict):
        src.fail(loc, "每个指标应为映射（code、name、points、rule、params）")
    if unknown := sorted(set(map(str, raw)) - _INDICATOR_KEYS):
        src.fail((*loc, unknown[0]), f"指标中未知的键 {unknown[0]}")
    code = str(raw.get("code", "")).strip()
    if code not in seed:
        src.fail(
            (*loc, "code"), f"指标编号 {code or '（空）'} 不属于本类单位的考核指标（见考核制度）"
        )
    name = raw.get("name")
    if name != seed[code][0]:
        src.fail(
            (*loc, "name"),
            f"指标 {code} 的名称应为“{seed[code][0]}”（与考核制度一致），实为 {name!r}",
        )
    group = raw.get("group", seed[code][1])
    if group != seed[code][1]:
        src.fail((*loc, "group"), f"指标 {code} 的分组应为“{seed[code][1]}”，实为 {group!r}")
    points = _number(raw.get("points"))
    if points is None or points < 0:
        src.fail(
            (*loc, "points"), f"指标 {code} 的分值应为不小于 0 的数，实为 {raw.get('points')!r}"
        )
    rule = str(raw.get("rule"))
    if rule not in RULES:
        src.fail(
            (*loc, "rule"),
            f"指标 {code} 的规则 {raw.get('rule')!r} 未知（可用：{'、'.join(sorted(RULES))}）",
        )
    params = raw.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        src.fail((*loc, "params"), f"指标 {code} 的 params 应为映射")

    def fail(sub: tuple[str | int, ...], message: str) -> NoReturn:
        src.fail((*loc, "params", *sub), f"指标 {code}（规则 {rule}）：{message}")

    try:
        normalised = RULES[rule].check(params, points)
    except ParamError as e:
        fail(e.loc, e.message)
    return Indicator(
        code=code,
        name=name,
        group=group,
        points=points,
        rule=rule,
        params=MappingProxyType(normalised),
    )


def load_rubrics(config_dir: Path) -> dict[str, Rubric]:
    """``{"county": …, "department": …}`` from ``rubric-county.yaml``/``rubric-department.yaml``."""
    out: dict[str, Rubric] = {}
    for kind in KINDS:
        path = config_dir / f"rubric-{kind}.yaml"
        rubric = load_rubric(path)
        if rubric.kind != kind:
            raise ConfigError(
                f"评分细则 {path} 第1行：文件名表明 kind 为 {kind}，内容为 {rubric.kind}"
            )
        out[kind] = rubric
    return out


def rubrics_hash(rubrics: Mapping[str, Rubric]) -> str:
    """The ``rules_hash`` of a score set: the rubrics' content hashes and the rule code version."""
    parts = [f"scoring:{SCORING_VERSION}"] + [f"{k}:{rubrics[k].hash}" for k in sorted(rubrics)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
