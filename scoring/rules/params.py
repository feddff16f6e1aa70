"""Rule params: typed access that names the offending sub-path, and the shared checks.

Every check raises :class:`ParamError` with ``loc`` (the path inside ``params``) so that the
rubric loader can name the line; checks return the params with defaults filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extractors.model import REVIEW_SUFFIX
from extractors.vocabulary import DOC_TYPES
from scoring.model import Indicator, ScoreDraft, UnitFacts

__all__ = [
    "COMMON",
    "ParamError",
    "Params",
    "RuleSpec",
    "check_common",
    "check_require",
    "check_weights",
    "fmt_points",
]


class ParamError(Exception):
    """Invalid rule params; ``loc`` is the path inside ``params`` (for the line number)."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: params validation and the scoring function."""

    name: str
    check: Callable[[Mapping[str, Any], float], dict[str, Any]]
    apply: Callable[[Indicator, UnitFacts], ScoreDraft]
    #: one-line Chinese description, for documentation and error messages
    summary: str = ""


def fmt_points(x: float) -> str:
    """``4.0`` → ``4``, ``1.5`` → ``1.5``."""
    return f"{round(x, 2):g}"


# ------------------------------------------------------------------------- params checks


_MISSING: Any = object()


class Params:
    """Typed access to a params mapping; every problem raises ParamError with its path."""

    def __init__(self, raw: Mapping[str, Any], allowed: Iterable[str]) -> None:
        self.raw = raw
        allowed = set(allowed)
        for key in raw:
            if key not in allowed:
                raise ParamError(
                    (str(key),), f"未知参数 {key}（允许：{'、'.join(sorted(allowed))}）"
                )

    def number(self, key: str, default: Any = _MISSING, *, hi: float | None = None) -> float:
        if key not in self.raw:
            if default is _MISSING:
                raise ParamError((), f"缺少参数 {key}")
            return float(default)
        v = self.raw[key]
        if isinstance(v, bool) or not isinstance(v, int | float) or v != v or v < 0:
            raise ParamError((key,), f"{key} 应为不小于 0 的数，实为 {v!r}")
        if hi is not None and v > hi:
            raise ParamError((key,), f"{key} 为 {v:g}，超过本项分值 {hi:g}")
        return float(v)

    def string(self, key: str, default: Any = _MISSING) -> str:
        if key not in self.raw:
            if default is _MISSING:
                raise ParamError((), f"缺少参数 {key}")
            return str(default)
        v = self.raw[key]
        if not isinstance(v, str) or not v.strip():
            raise ParamError((key,), f"{key} 应为非空文字")
        return v.strip()

    def boolean(self, key: str, default: bool) -> bool:
        v = self.raw.get(key, default)
        if not isinstance(v, bool):
            raise ParamError((key,), f"{key} 应为 true 或 false，实为 {v!r}")
        return v

    def strings(self, key: str, default: Sequence[str]) -> list[str]:
        v = self.raw.get(key, list(default))
        if not isinstance(v, list) or not all(isinstance(s, str) and s.strip() for s in v):
            raise ParamError((key,), f"{key} 应为文字列表")
        return [s.strip() for s in v]

    def doc_types(self, default: Sequence[str]) -> list[str]:
        types = self.strings("doc_types", default)
        for i, t in enumerate(types):
            if t not in DOC_TYPES:
                raise ParamError(
                    ("doc_types", i), f"未知的文档类型 {t}（可用：{'、'.join(DOC_TYPES)}）"
                )
        if not types:
            raise ParamError(("doc_types",), "doc_types 不能为空")
        return types

    def absent(self, points: float) -> dict[str, Any]:
        v = self.raw.get("absent")
        if v is None:
            raise ParamError((), "缺少参数 absent（未找到材料时的处理：status 与 explanation）")
        if not isinstance(v, Mapping):
            raise ParamError(("absent",), "absent 应为映射 {status, explanation[, points]}")
        for key in v:
            if key not in ("status", "explanation", "points"):
                raise ParamError(("absent", str(key)), f"absent 中未知的键 {key}")
        status = v.get("status")
        if status not in ("pending_manual", "auto"):
            raise ParamError(
                ("absent", "status"), f"absent.status 应为 pending_manual 或 auto，实为 {status!r}"
            )
        text = v.get("explanation")
        if not isinstance(text, str) or not text.strip():
            raise ParamError(("absent", "explanation"), "absent.explanation 应为非空文字")
        out: dict[str, Any] = {"status": status, "explanation": text.strip()}
        if status == "auto":
            sub = Params(v, ("status", "explanation", "points"))
            try:
                out["points"] = sub.number("points", 0, hi=points)
            except ParamError as e:
                raise ParamError(("absent", *e.loc), e.message) from None
        elif "points" in v:
            raise ParamError(
                ("absent", "points"), "absent.status 为 pending_manual 时不应设 points"
            )
        return out


COMMON = ("doc_types", "key_hints", "absent", "not_covered")


def check_common(
    p: Params, points: float, doc_types: Sequence[str], hints: Sequence[str]
) -> dict[str, Any]:
    return {
        "doc_types": p.doc_types(doc_types),
        "key_hints": p.strings("key_hints", hints),
        "absent": p.absent(points),
        "not_covered": p.string("not_covered", ""),
    }


def check_weights(raw: Any, key: str) -> dict[str, float]:
    """``{finding_code: points}``: any code (more are added per doc type), points ≥ 0."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ParamError((key,), f"{key} 应为 {{问题代码: 扣分}} 映射")
    out: dict[str, float] = {}
    for code, w in raw.items():
        if not isinstance(code, str) or not re.fullmatch(r"[a-z][a-z0-9_.]*", code):
            raise ParamError((key, str(code)), f"问题代码 {code!r} 应为小写英文代码")
        if isinstance(w, bool) or not isinstance(w, int | float) or w != w or w < 0:
            raise ParamError((key, code), f"{code} 的扣分应为不小于 0 的数，实为 {w!r}")
        if code.endswith(REVIEW_SUFFIX) and w:
            raise ParamError(
                (key, code), f"{code} 是待人工复核的代码（不确定），不能设扣分，应由评分人员判断"
            )
        out[code] = float(w)
    return out


_SCALAR = (str, int, float, bool)


def check_require(raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ParamError(("require",), "require 应为 {要素名: 要求的值} 映射")
    out: dict[str, Any] = {}
    for key, want in raw.items():
        loc: tuple[str | int, ...] = ("require", str(key))
        if isinstance(want, Mapping):
            pattern = want.get("pattern")
            if set(want) != {"pattern"} or not isinstance(pattern, str) or not pattern:
                raise ParamError(loc, "要求为映射时应写作 {pattern: 正则表达式}")
            try:
                re.compile(pattern)
            except re.error as e:
                raise ParamError(loc, f"正则表达式有误：{e}") from None
            out[str(key)] = {"pattern": pattern}
        elif isinstance(want, list):
            if not want or not all(isinstance(x, _SCALAR) for x in want):
                raise ParamError(loc, "要求的值列表应为非空的文字、数字或 true/false")
            out[str(key)] = list(want)
        elif isinstance(want, _SCALAR):
            out[str(key)] = want
        else:
            raise ParamError(
                loc, f"要求的值应为文字、数字、true/false、列表或 {{pattern}}：{want!r}"
            )
    return out
