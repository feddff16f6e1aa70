"""User administration (``office`` only): the accounts, a new one, disable and re-enable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kaohe.errors import KaoheError
from kaohe.office.accounts import add_user, disable_user, enable_user, list_users
from kaohe.web.deps import Me, guard, render, state
from kaohe.web.security import Principal, client_address, require

__all__ = ["router"]

router = APIRouter()
FormStr = Annotated[str, Form()]


def _page(request: Request, p: Principal, status: int = 200, error: str = "") -> Response:
    st = state(request)
    return render(
        request, "users.html", p, status, users=list_users(st.ctx), units=st.ctx.units, error=error
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, p: Me) -> Response:
    require(p, "manage_users")
    return _page(request, p)


@router.post("/users")
def users_add(
    request: Request,
    p: Me,
    csrf: FormStr = "",
    name: FormStr = "",
    role: FormStr = "",
    unit: FormStr = "",
    password: FormStr = "",
) -> Response:
    st = guard(request, p, "manage_users", csrf)
    try:
        add_user(st.ctx, name, role, password, unit or None, actor=p.account.name)
    except KaoheError as e:
        return _page(request, p, 400, e.reason)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/disable")
def users_disable(request: Request, p: Me, csrf: FormStr = "", name: FormStr = "") -> Response:
    st = guard(request, p, "manage_users", csrf)
    if name.strip() == p.account.name:
        return _page(request, p, 400, "不能停用自己正在使用的账号")
    disable_user(st.ctx, name, actor=p.account.name, address=client_address(request))
    return RedirectResponse("/users", status_code=303)


@router.post("/users/enable")
def users_enable(request: Request, p: Me, csrf: FormStr = "", name: FormStr = "") -> Response:
    st = guard(request, p, "manage_users", csrf)
    enable_user(st.ctx, name, actor=p.account.name, address=client_address(request))
    return RedirectResponse("/users", status_code=303)
