"""The README documents every command and every ``KAOHE_*`` variable the code reads."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from kaohe.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = "kaohe") -> list[str]:
    click_group = typer.main.get_group(group)
    out = []
    for name, cmd in click_group.commands.items():
        sub = getattr(cmd, "commands", None)
        if sub:
            out += [f"{prefix} {name} {s}" for s in sub]
        else:
            out.append(f"{prefix} {name}")
    return sorted(out)


def test_every_command_is_in_the_readme() -> None:
    commands = _commands(app)
    assert "kaohe manual add" in commands and "kaohe db upgrade" in commands
    missing = [c for c in commands if c not in README]
    assert missing == []


def test_every_kaohe_variable_is_in_the_readme() -> None:
    used = set()
    for package in ("kaohe", "flows", "storage", "extractors", "scoring"):
        for p in (ROOT / package).rglob("*.py"):
            used |= set(re.findall(r"KAOHE_[A-Z0-9_]+", p.read_text(encoding="utf-8")))
    settings = (ROOT / "kaohe" / "settings.py").read_text(encoding="utf-8")
    env_fields = re.search(r"_ENV_FIELDS = \{(.*?)\}", settings, re.S)
    assert env_fields
    used |= {"KAOHE_" + k for k in re.findall(r'"([A-Z0-9_]+)":', env_fields.group(1))}
    used.discard("KAOHE_")  # the prefix itself
    assert {"KAOHE_DATABASE_URL", "KAOHE_STORE", "KAOHE_WORKERS"} <= used
    missing = sorted(v for v in used if v not in README)
    assert missing == []


def test_readme_points_at_files_that_exist() -> None:
    for rel in re.findall(r"\]\(((?:docs|config|benchmarks|scripts)/[^)#]+)\)", README):
        assert (ROOT / rel).exists(), rel
    assert "docs/output-contract.md" in README
