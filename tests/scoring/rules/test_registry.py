"""The rule registry: every rule module registered once, names unique, parts see the others."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kaohe.errors import ConfigError
from scoring.rules import RULES, ParamError, register


def test_every_rule_module_is_registered() -> None:
    assert sorted(RULES) == [
        "coverage",
        "documents_found",
        "manual",
        "minutes_discussed",
        "parts",
        "reply_letters",
        "training_held",
        "website_crawl",
    ]
    assert all(spec.summary for spec in RULES.values())


def test_registering_the_same_spec_again_is_a_no_op_and_a_rival_is_refused() -> None:
    spec = RULES["manual"]
    assert register(spec) is spec
    with pytest.raises(ConfigError, match="规则 manual 重复注册"):
        register(replace(spec, summary="另一条"))
    assert RULES["manual"] is spec


def test_the_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        RULES["x"] = RULES["manual"]  # type: ignore[index]


def test_parts_accepts_only_registered_leaf_rules() -> None:
    with pytest.raises(ParamError) as e:
        RULES["parts"].check(
            {"parts": [{"label": "甲", "points": 1, "rule": "manual", "params": {}}]}, 1.0
        )
    assert e.value.loc == ("parts", 0, "rule")
    assert "minutes_discussed" in e.value.message
