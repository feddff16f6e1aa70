"""What every command shares: consoles, common options, settings and context, failing."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from kaohe.collector import collector_paused
from kaohe.errors import InputError, KaoheError

if TYPE_CHECKING:
    from kaohe.context import Context
    from kaohe.settings import Settings

__all__ = [
    "App",
    "YearOpt",
    "console",
    "context",
    "err",
    "fail",
    "heavy_imports",
    "options",
    "report_error",
    "settings",
]

console = Console()
err = Console(stderr=True)

YearOpt = Annotated[int | None, typer.Option("--year", help="考核年度（默认取配置）")]


#: options of the ``kaohe`` command itself (set by its callback before any command runs)
options: dict[str, Any] = {"workspace": None}


def settings(**overrides: Any) -> Settings:
    """Settings of the four layers (config dir, workspace, ``KAOHE_*``), ``overrides`` on top."""
    from kaohe.settings import load_settings

    return load_settings(workspace=options["workspace"], **overrides)


def context(*, create: bool = False, **overrides: Any) -> Context:
    """The context of this process for :func:`settings`; a missing database is refused unless
    ``create`` (then it is created, and the user is told so in one line)."""
    from kaohe.context import context_for
    from storage.db import database_exists

    s = settings(**overrides)
    if create and not database_exists(s.database_url):
        from kaohe.settings import mask_url_password

        console.print(f"已新建数据库：{mask_url_password(s.database_url)}")
    return context_for(s, create=create)


@contextlib.contextmanager
def heavy_imports() -> Iterator[None]:
    """Import a command's modules (Prefect, pydantic, SQLAlchemy: about a million objects)
    with the cycle collector paused: its passes over the growing heap were 0.5 s of the start
    of ``kaohe run`` (measured). What was imported is then frozen (``gc.freeze``: kept out of
    every later pass): modules live as long as the command, and the full passes the work
    triggers afterwards (decoding 5,000 extraction results, say) each walked that million
    again — 4 passes, 0.53–0.69 s of a 5,000-document rerun, against 0.12 s frozen
    (measured, issue 9)."""
    with collector_paused():
        try:
            yield
        finally:
            gc.freeze()


def report_error(e: KaoheError) -> int:
    """Print an expected error as one Chinese line; its exit status (2: invalid input)."""
    err.print(f"[red]错误：{escape(e.reason)}[/]", soft_wrap=True)
    return 2 if isinstance(e, InputError) else 1


def _guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KaoheError as e:
            raise typer.Exit(report_error(e)) from None

    return command


class App(typer.Typer):
    """A Typer app whose commands turn kaohe errors into a Chinese line and an exit status
    (also under ``typer.testing.CliRunner``, which bypasses ``main``)."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            register(_guarded(fn))
            return fn

        return decorator


def fail(reason: str, code: int = 1) -> typer.Exit:
    """Print ``reason`` in red on stderr; ``raise fail(...)`` exits with ``code``."""
    err.print(f"[red]{escape(reason)}[/]", soft_wrap=True)
    return typer.Exit(code)
