"""The authorization matrix: every registered route × every role × own/other unit → status.

A table below names each route's capability and whether it is unit-scoped; the test fails when
the app registers a route the table does not know. State-changing routes are called with a
wrong CSRF token: an allowed role is stopped by the CSRF check (so nothing changes), a
refused role by the capability check — the two 403 pages say different things. A unit user
never receives another unit's name, score or file in any response.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from kaohe.views.explain import explain_score
from kaohe.views.materials import unit_materials
from kaohe.web.security import CAPABILITIES
from tests.web.conftest import USERS, YEAR, World, login

#: (method, path) → (capability, unit-scoped); None: open to anyone signed in (or public)
ROUTES: dict[tuple[str, str], tuple[str | None, bool]] = {
    ("GET", "/healthz"): ("public", False),
    ("GET", "/login"): ("public", False),
    ("POST", "/login"): ("public", False),
    ("POST", "/logout"): (None, False),
    ("GET", "/"): (None, False),
    ("GET", "/table"): ("view_all", False),
    ("GET", "/units/{unit}"): ("view", True),
    ("GET", "/units/{unit}/indicators/{indicator}"): ("view", True),
    ("GET", "/units/{unit}/indicators/{indicator}/evidence/{n}.png"): ("view", True),
    ("GET", "/documents/{object_version_id}"): ("view", True),
    ("GET", "/upload"): ("upload", False),
    ("POST", "/upload"): ("upload", False),
    ("POST", "/units/{unit}/indicators/{indicator}/review"): ("request_review", True),
    ("GET", "/reviews"): ("decide_review", False),
    ("POST", "/reviews/window"): ("review_window", False),
    ("POST", "/reviews/{request_id}/decide"): ("decide_review", False),
    ("GET", "/queue"): ("review_findings", False),
    ("POST", "/queue/decide"): ("review_findings", False),
    ("GET", "/manual"): ("manual_score", False),
    ("POST", "/manual"): ("manual_score", False),
    ("GET", "/runs"): ("view_all", False),
    ("POST", "/runs"): ("start_run", False),
    ("GET", "/reports/workbook.xlsx"): ("reports", False),
    ("GET", "/reports/rectification/{unit}.docx"): ("reports", False),
    ("GET", "/users"): ("manage_users", False),
    ("POST", "/users"): ("manage_users", False),
    ("POST", "/users/disable"): ("manage_users", False),
}

FORBIDDEN = "无权执行此操作"
CSRF_REFUSED = "表单已过期或来源无效"
TARGET = "youyi"  # the unit every scoped URL points at; youyi1 owns it, jixian1 does not


def registered(app: FastAPI) -> set[tuple[str, str]]:
    return {(m, r.path) for r in app.routes if isinstance(r, APIRoute) for m in r.methods or ()}


def test_the_table_knows_every_route(app: FastAPI) -> None:
    assert registered(app) == set(ROUTES)


def _concrete(world: World, path: str) -> str:
    ex = explain_score(world.ctx, YEAR, TARGET, "1.4.3")
    assert ex is not None
    n = next(i for i, ev in enumerate(ex.evidence) if ev.page and ev.key)
    ov = unit_materials(world.ctx, YEAR, TARGET).documents[0].object_version_id
    return (
        path.replace("{unit}", TARGET)
        .replace("{indicator}", "1.4.3")
        .replace("{n}", str(n))
        .replace("{object_version_id}", str(ov))
        .replace("{request_id}", "999999")
    )


def _expected(role: str | None, unit: str | None, cap: str | None, scoped: bool, method: str):
    """(status, text the page must contain)."""
    if cap == "public":
        return None
    if role is None:
        return 303, ""
    caps = CAPABILITIES[role]
    if cap == "view":
        allowed = "view_all" in caps or ("view_own" in caps and unit == TARGET)
        if not allowed:
            return 404, "页面不存在或无权查看"
    elif cap is not None and cap not in caps:
        return (404 if scoped and "view_own" in caps and unit != TARGET else 403), ""
    elif scoped and role == "unit" and unit != TARGET:
        return 404, ""
    if method == "POST":
        return 403, CSRF_REFUSED
    return 200, ""


ACTORS = [None, *USERS]


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a or "anonymous")
def test_matrix(app: FastAPI, web_world: World, actor: str | None) -> None:
    role, unit = USERS[actor] if actor else (None, None)
    client = login(app, actor) if actor else TestClient(app, base_url="http://127.0.0.1")
    checked = 0
    for (method, path), (cap, scoped) in ROUTES.items():
        exp = _expected(role, unit, cap, scoped, method)
        if exp is None:
            continue
        if path == "/" and role is not None:
            exp = (303, "")
        url = _concrete(web_world, path)
        if method == "GET":
            r = client.get(url, follow_redirects=False)
        else:
            r = client.post(url, data={"csrf": "wrong"}, follow_redirects=False)
        status, text = exp
        assert r.status_code == status, (actor, method, path, r.status_code)
        if status == 403 and not text:
            assert FORBIDDEN in r.text, (actor, method, path)
        if text:
            assert text in r.text, (actor, method, path)
        if status in (403, 404):
            for name in ("友谊县人民政府", "youyi", "答复书-0"):
                assert name not in r.text, (actor, method, path, name)
        checked += 1
    assert checked >= len(ROUTES) - 3


def test_unit_user_never_sees_another_unit(app: FastAPI, web_world: World) -> None:
    """Every page a unit user can reach, every link on them followed once: no other unit's
    name, code or file appears."""
    c = login(app, "jixian1")
    others = [u for u in web_world.ctx.units if u.code != "jixian"]
    own = [d.file_name for d in unit_materials(web_world.ctx, YEAR, "jixian").documents]
    # another unit's file name, unless it is also part of one of jixian's own names
    other_files = {
        d.file_name
        for u in others
        for d in unit_materials(web_world.ctx, YEAR, u.code).documents
        if not any(d.file_name in mine for mine in own)
    }
    assert other_files
    seen: set[str] = set()
    todo = ["/", "/units/jixian", "/upload"]
    pages = 0
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        r = c.get(url)
        pages += 1
        body = (
            r.content.decode("utf-8", "replace")
            if "text" in r.headers.get("content-type", "")
            else ""
        )
        for u in others:
            assert u.name not in body, (url, u.name)
            assert f"/{u.code}/" not in body and f"/units/{u.code}" not in body, (url, u.code)
        for f in other_files:
            assert f not in body, (url, f)
        if "text/html" in r.headers.get("content-type", ""):
            todo += [h for h in re.findall(r'(?:href|src)="(/[^"#]*)', body) if h not in seen]
    assert pages >= 5
