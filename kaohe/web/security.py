"""Who may do what (one capability table), sessions in cookies, CSRF, the login rate limit.

Refusals never say which unit or document was asked for: a unit user asking for anything of
another unit gets the same 404 page as for something that does not exist.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import HTTPException, Request

from kaohe.office.accounts import Account

__all__ = [
    "CAPABILITIES",
    "CAPABILITY_ZH",
    "COOKIE",
    "LoginLimiter",
    "Principal",
    "can",
    "check_csrf",
    "client_address",
    "forbid",
    "not_found",
    "require",
    "require_unit_scope",
]

COOKIE = "kaohe_session"

#: capability → Chinese label (README's table is written from this)
CAPABILITY_ZH = {
    "view_all": "查看全部单位的评分总表、单位页、证据",
    "view_own": "查看本单位的得分、扣分理由与证据",
    "upload": "上传本单位材料",
    "request_review": "申请复核",
    "review_findings": "审核自动扣分与待核实发现（确认/驳回）",
    "manual_score": "录入人工评分",
    "review_window": "开启/关闭复核申请期",
    "decide_review": "处理复核申请",
    "start_run": "启动评分运行",
    "reports": "下载整改清单与报告工作簿",
    "manage_users": "管理账号",
}

#: the one role × capability table
CAPABILITIES: dict[str, frozenset[str]] = {
    "office": frozenset(
        {
            "view_all",
            "review_findings",
            "manual_score",
            "review_window",
            "decide_review",
            "start_run",
            "reports",
            "manage_users",
        }
    ),
    "assessor": frozenset({"view_all", "review_findings", "manual_score", "reports"}),
    "unit": frozenset({"view_own", "upload", "request_review"}),
}


def can(account: Account, capability: str) -> bool:
    return capability in CAPABILITIES.get(account.role, frozenset())


@dataclass(frozen=True)
class Principal:
    """The signed-in account of a request and its session's CSRF token."""

    account: Account
    csrf: str
    token: str

    def can(self, capability: str) -> bool:
        return can(self.account, capability)


def forbid() -> HTTPException:
    return HTTPException(403, "无权执行此操作")


def not_found() -> HTTPException:
    return HTTPException(404, "页面不存在或无权查看")


def require(p: Principal, capability: str) -> None:
    if not p.can(capability):
        raise forbid()


def require_unit_scope(p: Principal, unit_code: str | None) -> None:
    """Office and assessor see every unit; a unit user only its own (else: not found)."""
    if p.can("view_all"):
        return
    if not p.can("view_own") or unit_code is None or unit_code != p.account.unit_code:
        raise not_found()


def check_csrf(p: Principal, sent: str | None) -> None:
    if not sent or not secrets.compare_digest(sent, p.csrf):
        raise HTTPException(403, "表单已过期或来源无效，请刷新页面后重试")


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per (user name, address) in ``window_s`` seconds."""

    def __init__(self, attempts: int, window_s: float = 900.0) -> None:
        self.attempts, self.window_s = attempts, window_s
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and q[0] <= now - self.window_s:
            q.popleft()
        return q

    def blocked(self, name: str, address: str) -> bool:
        with self._lock:
            return len(self._recent((name, address), time.monotonic())) >= self.attempts

    def failed(self, name: str, address: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent((name, address), now).append(now)

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._failures.pop((name, address), None)
