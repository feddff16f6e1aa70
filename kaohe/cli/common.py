"""What every command shares: consoles, common options, settings and context, failing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from kaohe.context import Context
    from kaohe.settings import Settings

__all__ = ["YearOpt", "console", "context", "err", "fail", "settings"]

console = Console()
err = Console(stderr=True)

YearOpt = Annotated[int | None, typer.Option("--year", help="考核年度（默认取配置）")]


def settings(**overrides: Any) -> Settings:
    """Settings from the config dir and ``KAOHE_*`` variables, with ``overrides`` on top."""
    from kaohe.settings import load_settings

    return load_settings(**overrides)


def context(**overrides: Any) -> Context:
    """The context of this process for :func:`settings`."""
    from kaohe.context import context_for

    return context_for(settings(**overrides))


def fail(reason: str, code: int = 1) -> typer.Exit:
    """Print ``reason`` in red on stderr; ``raise fail(...)`` exits with ``code``."""
    err.print(f"[red]{escape(reason)}[/]", soft_wrap=True)
    return typer.Exit(code)
