"""Workspace accounts, server-side sessions and the append-only audit log.

Passwords are argon2 hashes (argon2-cffi). A session is a random token in a cookie; the
database keeps only its sha256, so a leaked table opens no session. Signing in always makes a
new token (no session fixation). Every write of the workspace is one :func:`audit` row.

The sign-in seam is :class:`Authenticator`: local accounts today (:class:`LocalAuthenticator`);
an OIDC or LDAP authenticator would return the same :class:`Account` for a verified identity.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from kaohe.context import Context
from kaohe.errors import InputError, RecordConflict, RecordNotFound
from storage.models import AuditEntry, WebSession, WebUser, utcnow

__all__ = [
    "ROLES",
    "ROLE_ZH",
    "Account",
    "Authenticator",
    "LocalAuthenticator",
    "add_user",
    "audit",
    "audit_entries",
    "disable_user",
    "enable_user",
    "end_session",
    "list_users",
    "session_account",
    "start_session",
]

ROLES = ("office", "assessor", "unit")
ROLE_ZH = {"office": "政务公开办", "assessor": "考核人员", "unit": "被考核单位"}

_hasher = PasswordHasher()
#: verified against when the user does not exist, so timing does not tell names apart
_DUMMY_HASH = _hasher.hash("kaohe-not-a-user")


@dataclass(frozen=True)
class Account:
    """Who is signed in: what the capability table and the unit scope are checked against."""

    id: int
    name: str
    role: str
    unit_code: str | None


class Authenticator(Protocol):
    """Turns credentials into an :class:`Account` or ``None`` (OIDC/LDAP would plug in here)."""

    def authenticate(self, ctx: Context, username: str, password: str) -> Account | None: ...


class LocalAuthenticator:
    """Local accounts of ``web_users`` with argon2 password hashes."""

    def authenticate(self, ctx: Context, username: str, password: str) -> Account | None:
        with ctx.session() as s:
            u = s.scalar(select(WebUser).where(WebUser.name == username.strip()))
            stored = u.password_hash if u is not None else _DUMMY_HASH
            try:
                _hasher.verify(stored, password)
            except (VerificationError, InvalidHashError):
                return None
            if u is None or u.disabled:
                return None
            return Account(u.id, u.name, u.role, u.unit_code)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    ctx: Context, name: str, role: str, password: str, unit: str | None = None, *, actor: str
) -> Account:
    """A new account; ``unit`` (code or name) is required for, and only for, the unit role."""
    name = name.strip()
    if not name:
        raise InputError("用户名不能为空")
    if role not in ROLES:
        raise InputError(f"角色应为 office、assessor 或 unit 之一，实为“{role}”")
    if len(password) < 8:
        raise InputError("密码至少 8 个字符")
    code: str | None = None
    if role == "unit":
        u = ctx.unit(unit or "")
        if u is None:
            raise InputError("单位角色须用 --unit 指定名单中的单位（代码或全称）")
        code = u.code
    elif unit:
        raise InputError("只有单位角色（unit）才能指定 --unit")
    with ctx.session() as s:
        if s.scalar(select(WebUser.id).where(WebUser.name == name)) is not None:
            raise RecordConflict(f"用户“{name}”已存在")
        user = WebUser(name=name, role=role, unit_code=code, password_hash=_hasher.hash(password))
        s.add(user)
        s.flush()
        _audit(s, actor, "user.add", name, {"role": role, "unit": code}, None)
        return Account(user.id, user.name, user.role, user.unit_code)


def list_users(ctx: Context) -> list[tuple[Account, bool]]:
    """Every account with its ``disabled`` flag, by name."""
    with ctx.session() as s:
        return [
            (Account(u.id, u.name, u.role, u.unit_code), u.disabled)
            for u in s.scalars(select(WebUser).order_by(WebUser.name))
        ]


def disable_user(ctx: Context, name: str, *, actor: str, address: str | None = None) -> None:
    """Disable an account and end its sessions."""
    with ctx.session() as s:
        u = s.scalar(select(WebUser).where(WebUser.name == name.strip()))
        if u is None:
            raise RecordNotFound(f"没有用户“{name.strip()}”")
        u.disabled = True
        for sess in s.scalars(select(WebSession).where(WebSession.user_id == u.id)):
            s.delete(sess)
        _audit(s, actor, "user.disable", u.name, None, address)


def enable_user(ctx: Context, name: str, *, actor: str, address: str | None = None) -> bool:
    """Re-enable a disabled account (its password unchanged; it signs in anew). False, and
    nothing audited, when it was not disabled."""
    with ctx.session() as s:
        u = s.scalar(select(WebUser).where(WebUser.name == name.strip()))
        if u is None:
            raise RecordNotFound(f"没有用户“{name.strip()}”")
        if not u.disabled:
            return False
        u.disabled = False
        _audit(s, actor, "user.enable", u.name, None, address)
        return True


def start_session(
    ctx: Context, account: Account, *, lifetime_s: int, address: str | None, old: str | None
) -> tuple[str, str]:
    """A new session for ``account`` (the ``old`` token, if any, is ended): ``(token, csrf)``."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with ctx.session() as s:
        if old:
            prev = s.get(WebSession, _token_hash(old))
            if prev is not None:
                s.delete(prev)
        s.add(
            WebSession(
                token_hash=_token_hash(token),
                user_id=account.id,
                csrf=csrf,
                expires_at=utcnow() + timedelta(seconds=lifetime_s),
                address=address,
            )
        )
        _audit(s, account.name, "session.start", None, None, address)
    return token, csrf


def session_account(ctx: Context, token: str, *, lifetime_s: int) -> tuple[Account, str] | None:
    """The account and CSRF token of a live session (its expiry slides), else ``None``."""
    now = utcnow()
    with ctx.session() as s:
        sess = s.get(WebSession, _token_hash(token))
        if sess is None:
            return None
        if sess.expires_at <= now:
            s.delete(sess)
            return None
        u = s.get(WebUser, sess.user_id)
        if u is None or u.disabled:
            return None
        sess.expires_at = now + timedelta(seconds=lifetime_s)
        return Account(u.id, u.name, u.role, u.unit_code), sess.csrf


def end_session(ctx: Context, token: str, *, actor: str, address: str | None) -> None:
    with ctx.session() as s:
        sess = s.get(WebSession, _token_hash(token))
        if sess is not None:
            s.delete(sess)
        _audit(s, actor, "session.end", None, None, address)


def _audit(
    s: Any, actor: str, action: str, target: str | None, detail: Any, address: str | None
) -> None:
    s.add(AuditEntry(actor=actor, action=action, target=target, detail=detail, address=address))


def audit(
    ctx: Context,
    actor: str,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    address: str | None = None,
) -> None:
    """Append one row to the audit log."""
    with ctx.session() as s:
        _audit(s, actor, action, target, detail, address)


def audit_entries(ctx: Context, limit: int = 200) -> list[AuditEntry]:
    """The latest audit rows, newest first."""
    with ctx.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
