"""``kaohe user add|list|disable|enable`` (accounts of the web workspace) and ``kaohe web``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from kaohe.cli.common import App, console, context, settings

__all__ = ["user_app", "web"]

user_app = App(help="考核工作台的账号：新建、查看、停用、重新启用", no_args_is_help=True)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help="角色：office / assessor / unit")],
    unit: Annotated[
        str | None, typer.Option("--unit", help="单位代码或全称（仅 unit 角色）")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入的第一行读取密码")
    ] = False,
) -> None:
    """新建账号（密码以 argon2 摘要保存）。"""
    from kaohe.cli.common import fail
    from kaohe.office.accounts import ROLE_ZH, add_user

    if not password_stdin:
        raise fail("请用 --password-stdin 从标准输入提供密码（不在命令行中出现）", 2)
    line = sys.stdin.readline()
    password = line[:-1] if line.endswith("\n") else line
    password = password.removesuffix("\r")
    acc = add_user(context(), name, role, password, unit, actor="cli")
    where = f"，单位 {acc.unit_code}" if acc.unit_code else ""
    console.print(f"已新建账号：{acc.name}（{ROLE_ZH[acc.role]}{where}）")


@user_app.command("list")
def user_list() -> None:
    """列出所有账号。"""
    from kaohe.office.accounts import ROLE_ZH, list_users

    t = Table(title="考核工作台账号")
    for col in ("用户名", "角色", "单位", "状态"):
        t.add_column(col)
    for acc, disabled in list_users(context()):
        t.add_row(
            acc.name, ROLE_ZH[acc.role], acc.unit_code or "", "已停用" if disabled else "启用"
        )
    console.print(t)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """停用账号并结束其所有会话。"""
    from kaohe.office.accounts import disable_user

    disable_user(context(), name, actor="cli")
    console.print(f"已停用账号：{name.strip()}")


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """重新启用已停用的账号（密码不变，须重新登录）。"""
    from kaohe.office.accounts import enable_user

    if enable_user(context(), name, actor="cli"):
        console.print(f"已重新启用账号：{name.strip()}")
    else:
        console.print(f"账号 {name.strip()} 未被停用，无需启用")


def web(
    host: Annotated[str | None, typer.Option("--host", help="监听地址")] = None,
    port: Annotated[int | None, typer.Option("--port", help="端口")] = None,
) -> None:
    """启动考核工作台（网页）。"""
    import uvicorn

    from kaohe.web.app import create_app

    s = settings()
    app = create_app(s)
    h, p = host or s.web.host, port or s.web.port
    console.print(f"考核工作台：http://{h}:{p}/")
    uvicorn.run(app, host=h, port=p, log_level="warning")
