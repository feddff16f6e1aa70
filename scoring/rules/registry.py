"""The rule registry: rule name → :class:`RuleSpec`, filled by :mod:`scoring.rules` on import.

A module of its own so that a rule made of other rules (``parts``) can look them up without
importing the package that registers it.
"""

from __future__ import annotations

from types import MappingProxyType

from kaohe.errors import ConfigError
from scoring.rules.params import RuleSpec

__all__ = ["RULES", "register"]

_RULES: dict[str, RuleSpec] = {}

#: every registered rule, read-only; a rubric's ``rule:`` names one of these
RULES = MappingProxyType(_RULES)


def register(spec: RuleSpec) -> RuleSpec:
    """Add ``spec``; registering the same spec twice is a no-op, another under its name an error."""
    have = _RULES.get(spec.name)
    if have is not None and have is not spec:
        raise ConfigError(f"规则 {spec.name} 重复注册")
    _RULES[spec.name] = spec
    return spec
