"""``kaohe db``: database maintenance."""

from __future__ import annotations

from kaohe.cli.common import App, console, settings

__all__ = ["db_app"]

db_app = App(help="数据库维护", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """把数据库迁移到最新版本（首次使用时也会自动执行）。"""
    from storage.db import current_revision, make_engine, upgrade

    engine = make_engine(settings().database_url)
    upgrade(engine)
    console.print(f"数据库已是最新版本：{current_revision(engine)}")
