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
from kaohe.office.accounts import (
    ROLE_ZH,
    Authenticator,
    LocalAuthenticator,
    audit,
    session_account,
)
from kaohe.settings import Settings
from kaohe.views.review import REVIEW_STATE_ZH
from kaohe.views.timefmt import beijing_text
from kaohe.web.security import COOKIE, LoginLimiter, Principal, check_csrf, require

__all__ = [
    "LoginRequired",
    "Me",
    "WebState",
    "guard",
    "principal",
    "render",
    "start_background_run",
    "state",
]

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
        self.templates.env.globals.update(ROLE_ZH=ROLE_ZH, REVIEW_STATE_ZH=REVIEW_STATE_ZH)
        self.templates.env.filters["bj"] = beijing_text  # every time shown in Beijing time
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


def guard(request: Request, p: Principal, capability: str, csrf: str | None) -> WebState:
    """The start of every form handler: the capability, then the session's CSRF token (in this
    order: a refused role learns nothing from the token check); the app's state."""
    require(p, capability)
    check_csrf(p, csrf)
    return state(request)


def _run_in_background(st: WebState, year: int) -> None:
    from flows import run_flow
    from flows.pipeline import pipeline_flow

    try:
        run_flow(pipeline_flow, year=year, settings=st.settings.public())
        st.last_run_error = None
    except Exception as e:  # the run records its own failure; the page shows this line
        st.last_run_error = f"运行失败：{type(e).__name__}"
    finally:
        st.run_lock.release()


def start_background_run(
    st: WebState, actor: str, address: str | None, why: dict[str, Any] | None = None
) -> bool:
    """Start the pipeline run of the year in a thread (the flow ``kaohe run`` runs), audited as
    ``run.start`` with ``why``; False, and nothing started, while another run is going."""
    if not st.run_lock.acquire(blocking=False):
        return False
    try:
        audit(st.ctx, actor, "run.start", str(st.settings.year), why, address)
        st.run_thread = threading.Thread(
            target=_run_in_background, args=(st, st.settings.year), daemon=True
        )
        st.run_thread.start()
    except BaseException:
        st.run_lock.release()
        raise
    return True
