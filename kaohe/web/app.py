"""The application factory: ``create_app(settings)`` builds the FastAPI app (nothing happens at
import time). Sign-in, sign-out, ``/healthz`` and the error pages live here; the pages in
:mod:`kaohe.web.pages`, the forms that change state in :mod:`kaohe.web.actions`."""

from __future__ import annotations

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kaohe.errors import AccessDenied, KaoheError, RecordConflict, RecordNotFound
from kaohe.office.accounts import Authenticator, end_session, start_session
from kaohe.settings import Settings
from kaohe.web import actions, admin, crawl_routes, manual_routes, pages, review_routes
from kaohe.web.deps import LoginRequired, Me, WebState, render, state
from kaohe.web.security import CAPABILITIES, CAPABILITY_ZH, COOKIE, check_csrf, client_address

__all__ = ["create_app"]


def _secure(request: Request, st: WebState) -> bool:
    return st.settings.web.secure_cookies or request.url.scheme == "https"


def create_app(settings: Settings, authenticator: Authenticator | None = None) -> FastAPI:
    """The workspace for ``settings`` (database, store, config as the CLI uses them)."""
    app = FastAPI(title="考核工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = WebState(settings, authenticator)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _e: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> Response:
        msg = e.detail if isinstance(e.detail, str) else "请求无效"
        return render(request, "error.html", None, status_code=e.status_code, message=msg)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, _e: RequestValidationError) -> Response:
        # a malformed path or form is answered like a missing page: nothing about what was asked
        return render(request, "error.html", None, status_code=404, message="页面不存在或无权查看")

    @app.exception_handler(KaoheError)
    async def _kaohe(request: Request, e: KaoheError) -> Response:
        code = 400
        if isinstance(e, RecordNotFound):
            code = 404
        elif isinstance(e, RecordConflict):
            code = 409
        elif isinstance(e, AccessDenied):
            code = 403
        return render(request, "error.html", None, status_code=code, message=e.reason)

    @app.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        return "ok"

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        return render(request, "login.html", None)

    @app.post("/login")
    def login(request: Request, username: str = Form(""), password: str = Form("")) -> Response:
        st = state(request)
        addr = client_address(request) or "-"
        name = username.strip()
        if st.limiter.blocked(name, addr):
            return render(
                request, "login.html", None, 429, error="登录失败次数过多，请 15 分钟后再试"
            )
        acc = st.authenticator.authenticate(st.ctx, name, password)
        if acc is None:
            st.limiter.failed(name, addr)
            return render(request, "login.html", None, 401, error="用户名或密码不正确")
        st.limiter.succeeded(name, addr)
        # a new token on every sign-in: a planted cookie never becomes a session (no fixation)
        token, _ = start_session(
            st.ctx,
            acc,
            lifetime_s=st.settings.web.session_idle_s,
            address=addr,
            old=request.cookies.get(COOKIE),
        )
        resp = RedirectResponse("/", status_code=303)
        resp.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=_secure(request, st),
            max_age=st.settings.web.session_idle_s,
            path="/",
        )
        return resp

    @app.post("/logout")
    def logout(request: Request, p: Me, csrf: str = Form("")) -> Response:
        check_csrf(p, csrf)
        end_session(
            state(request).ctx, p.token, actor=p.account.name, address=client_address(request)
        )
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(COOKIE, path="/")
        return resp

    @app.get("/")
    def home(p: Me) -> Response:
        if p.can("view_all"):
            return RedirectResponse("/table", status_code=303)
        if p.account.unit_code:
            return RedirectResponse(f"/units/{p.account.unit_code}", status_code=303)
        raise HTTPException(403, "无权执行此操作")

    # the routes themselves, not included routers: app.routes lists every one (the matrix)
    app.router.routes.extend(
        [
            *pages.router.routes,
            *actions.router.routes,
            *review_routes.router.routes,
            *manual_routes.router.routes,
            *admin.router.routes,
            *crawl_routes.router.routes,
        ]
    )
    app.state.capabilities = (CAPABILITIES, CAPABILITY_ZH)
    return app
