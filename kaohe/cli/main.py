"""The ``kaohe`` application: every command group registered on one Typer app, and ``main``.

``main`` is the one place that turns kaohe errors into a Chinese message and an exit status:
2 for invalid input (a bad option value, a bad manual entry), 1 for every other expected error
(configuration, store, database, documents). No traceback reaches a user for an expected error.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer
from rich.markup import escape

from kaohe.cli import db, office, pipeline, read
from kaohe.cli.common import err
from kaohe.errors import InputError, KaoheError

__all__ = ["app", "main"]

app = typer.Typer(
    help="kaohe（考核）：政务公开考核材料 → 可审计的评分表",
    no_args_is_help=True,
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


@app.callback()
def _options(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="显示 Prefect 日志与技术细节（排查问题用）")
    ] = False,
) -> None:
    """kaohe（考核）：政务公开考核材料 → 可审计的评分表"""
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
app.add_typer(db.db_app, name="db")
app.add_typer(office.manual_app, name="manual")
app.command()(office.report)


def main() -> None:
    """Entry point: translate kaohe errors into a Chinese message and an exit status."""
    try:
        app()
    except InputError as e:
        err.print(f"[red]错误：{escape(e.reason)}[/]", soft_wrap=True)
        sys.exit(2)
    except KaoheError as e:
        err.print(f"[red]错误：{escape(e.reason)}[/]", soft_wrap=True)
        sys.exit(1)
