"""What every route shares: the app's state, the signed-in user (``Me``) and ``render``.

Kept apart from :mod:`kaohe.web.app` so that the page and action modules depend on it, and the
factory on them, without a circle."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kaohe.context import Context, context_for
from kaohe.office.accounts import ROLE_ZH, Authenticator, LocalAuthenticator, session_account
from kaohe.settings import Settings
from kaohe.web.security import COOKIE, LoginLimiter, Principal

__all__ = ["LoginRequired", "Me", "WebState", "principal", "render", "state"]

TEMPLATES = Path(__file__).parent / "templates"


class LoginRequired(Exception):
    """No live session: the browser is sent to the sign-in page."""


class WebState:
    """What the app holds: settings, context, authenticator, limiter, the background run."""

    def __init__(self, settings: Settings, authenticator: Authenticator | None = None) -> None:
        self.settings = settings
        self.ctx: Context = context_for(settings)
        self.authenticator = authenticator or LocalAuthenticator()
        self.limiter = LoginLimiter(settings.web.login_attempts)
        self.templates = Jinja2Templates(directory=str(TEMPLATES))
        self.templates.env.globals.update(ROLE_ZH=ROLE_ZH)
        self.run_lock = threading.Lock()
        self.run_thread: threading.Thread | None = None
        self.last_run_error: str | None = None


def state(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web


def principal(request: Request) -> Principal:
    """The signed-in user of this request, else :class:`LoginRequired`."""
    token = request.cookies.get(COOKIE)
    if not token:
        raise LoginRequired()
    st = state(request)
    found = session_account(st.ctx, token, lifetime_s=st.settings.web.session_idle_s)
    if found is None:
        raise LoginRequired()
    return Principal(found[0], found[1], token)


#: the signed-in user, as a route parameter
Me = Annotated[Principal, Depends(principal)]


def render(
    request: Request,
    name: str,
    p: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    st = state(request)
    return st.templates.TemplateResponse(
        request,
        name,
        {"p": p, "year": context.pop("year", st.settings.year), **context},
        status_code=status_code,
    )
