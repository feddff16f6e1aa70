"""The ``kaohe`` application: every command group registered on one Typer app, and ``main``.

``main`` is the one place that turns kaohe errors into a Chinese message and an exit status:
2 for invalid input (a bad option value, a bad manual entry), 1 for every other expected error
(configuration, store, database, documents). No traceback reaches a user for an expected error.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kaohe import __version__
from kaohe.cli import common, db, office, pipeline, read, users, workspace
from kaohe.cli import crawl as crawl_cli  # issue 11: 网站巡检
from kaohe.cli.common import App, report_error
from kaohe.errors import KaoheError

__all__ = ["app", "main"]

app = App(
    help="kaohe（考核）：政务公开考核材料 → 可审计的评分表",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    pretty_exceptions_enable=False,
)
#: Prefect's own console output (server start, task states, failure tracebacks, telemetry)
#: is for engineers: silenced unless ``--verbose``; expected errors are told in Chinese instead
QUIET_PREFECT = {
    "PREFECT_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_INTERNAL_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}

PREFECT_SERVICE_LOGGERS = ("EventsWorker", "APILogWorker")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kaohe {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="显示 Prefect 日志与技术细节（排查问题用）")
    ] = False,
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="工作区目录（含 kaohe.yaml；默认当前目录）"),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="显示版本号"),
    ] = False,
) -> None:
    """kaohe（考核）：政务公开考核材料 → 可审计的评分表"""
    common.options["workspace"] = workspace
    # Prefect reads these when it is first imported, which every command does lazily, after this
    if not verbose:
        for var, value in QUIET_PREFECT.items():
            os.environ[var] = value
        for name in PREFECT_SERVICE_LOGGERS:  # loggers named after Prefect's service classes
            logging.getLogger(name).setLevel(logging.CRITICAL)


for command in (read.extract, pipeline.run, pipeline.rerun, read.scores, read.explain):
    app.command()(command)
app.command()(pipeline.demo)
app.command()(pipeline.serve)
app.command("init")(workspace.init)
app.add_typer(workspace.config_app, name="config")
app.add_typer(db.db_app, name="db")
app.add_typer(office.manual_app, name="manual")
app.command()(office.report)
app.add_typer(users.user_app, name="user")
app.command()(users.web)
app.command()(crawl_cli.crawl)


def main() -> None:
    """Entry point: translate kaohe errors into a Chinese message and an exit status."""
    try:
        app()
    except KaoheError as e:  # raised outside a command (e.g. while parsing options)
        sys.exit(report_error(e))
    finally:
        # The command is done: exit without the collector's pass over everything imported
        # (Prefect, pydantic, SQLAlchemy), which made exiting take 0.7 s (measured). Exit
        # handlers still run; only cyclic garbage is left for the OS to reclaim.
        gc.freeze()
