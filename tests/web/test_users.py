"""``kaohe user add|list|disable|enable`` on a real database: argon2 hashes, messages, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from kaohe.cli.main import app
from kaohe.context import build_context
from kaohe.office.accounts import LocalAuthenticator
from kaohe.settings import load_settings
from storage.db import open_database
from storage.models import AuditEntry, WebUser

runner = CliRunner()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path) -> str:
    monkeypatch.setenv("KAOHE_DATABASE_URL", db_url)
    monkeypatch.setenv("KAOHE_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("COLUMNS", "200")
    open_database(db_url, create=True).dispose()
    return db_url


def test_user_add_list_disable_enable(env: str) -> None:
    r = runner.invoke(
        app,
        ["user", "add", "wang", "--role", "unit", "--unit", "jixian", "--password-stdin"],
        input="s3cret pass\nsecond line\n",
    )
    assert r.exit_code == 0, r.output
    assert "已新建账号：wang（被考核单位，单位 jixian）" in r.output
    ctx = build_context(load_settings())
    with ctx.session() as s:
        u = s.scalar(select(WebUser).where(WebUser.name == "wang"))
        assert u is not None and u.password_hash.startswith("$argon2id$")
        assert "s3cret" not in u.password_hash
    auth = LocalAuthenticator()
    acc = auth.authenticate(ctx, "wang", "s3cret pass")  # first line, without its newline
    assert acc is not None and (acc.role, acc.unit_code) == ("unit", "jixian")
    assert auth.authenticate(ctx, "wang", "s3cret pass\n") is None

    r = runner.invoke(
        app, ["user", "add", "wang", "--role", "office", "--password-stdin"], input="another-pass\n"
    )
    assert r.exit_code == 1 and "用户“wang”已存在" in r.output
    r = runner.invoke(
        app, ["user", "add", "li", "--role", "unit", "--password-stdin"], input="another-pass\n"
    )
    assert r.exit_code == 2 and "单位角色须用 --unit" in r.output
    r = runner.invoke(
        app, ["user", "add", "li", "--role", "boss", "--password-stdin"], input="another-pass\n"
    )
    assert r.exit_code == 2 and "角色应为" in r.output

    r = runner.invoke(app, ["user", "list"])
    assert r.exit_code == 0 and "wang" in r.output and "启用" in r.output
    r = runner.invoke(app, ["user", "disable", "wang"])
    assert r.exit_code == 0 and "已停用账号：wang" in r.output
    assert auth.authenticate(ctx, "wang", "s3cret pass") is None
    assert "已停用" in runner.invoke(app, ["user", "list"]).output
    r = runner.invoke(app, ["user", "disable", "nobody"])
    assert r.exit_code == 1 and "没有用户“nobody”" in r.output
    r = runner.invoke(app, ["user", "enable", "wang"])
    assert r.exit_code == 0 and "已重新启用账号：wang" in r.output
    acc = auth.authenticate(ctx, "wang", "s3cret pass")  # the same password as before
    assert acc is not None and acc.unit_code == "jixian"
    r = runner.invoke(app, ["user", "enable", "wang"])
    assert r.exit_code == 0 and "未被停用" in r.output
    r = runner.invoke(app, ["user", "enable", "nobody"])
    assert r.exit_code == 1 and "没有用户“nobody”" in r.output
    with ctx.session() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["user.add", "user.disable", "user.enable"]  # a no-op is not audited
    ctx.engine.dispose()
