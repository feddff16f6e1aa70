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

from kaohe.office.accounts import list_users
from kaohe.views.explain import explain_score
from kaohe.views.materials import unit_materials
from kaohe.web.security import CAPABILITIES
from tests.web.conftest import USERS, YEAR, World, docx_bytes, login

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
    ("GET", "/reviews/{request_id}/files/{n}"): ("view", True),
    ("GET", "/manual"): ("manual_score", False),
    ("POST", "/manual"): ("manual_score", False),
    ("GET", "/manual/template.xlsx"): ("manual_score", False),
    ("POST", "/manual/import"): ("manual_score", False),
    ("GET", "/runs"): ("view_all", False),
    ("POST", "/runs"): ("start_run", False),
    ("GET", "/reports/workbook.xlsx"): ("reports", False),
    ("GET", "/reports/rectification/{unit}.docx"): ("reports", False),
    ("GET", "/users"): ("manage_users", False),
    ("POST", "/users"): ("manage_users", False),
    ("POST", "/users/disable"): ("manage_users", False),
    ("POST", "/users/enable"): ("manage_users", False),
    ("GET", "/units/{unit}/crawl"): ("view", True),
    ("GET", "/units/{unit}/crawl/{page_id}.warc.gz"): ("view", True),
    ("GET", "/units/{unit}/crawl/{page_id}.png"): ("view", True),
}

FORBIDDEN = "无权执行此操作"
CSRF_REFUSED = "表单已过期或来源无效"
TARGET = "youyi"  # the unit every scoped URL points at; youyi1 owns it, jixian1 does not


def registered(app: FastAPI) -> set[tuple[str, str]]:
    return {(m, r.path) for r in app.routes if isinstance(r, APIRoute) for m in r.methods or ()}


def test_the_table_knows_every_route(app: FastAPI) -> None:
    assert registered(app) == set(ROUTES)


#: the supplementary file of TARGET's 复核 request (its name must never reach another unit)
SUPPLEMENT = "友谊县复核补充说明-矩阵.docx"


@pytest.fixture(scope="module")
def target_request(web_world: World) -> int:
    """An open 复核 request of TARGET (on 1.2.1, which no other test asks about) with one
    supplementary file, made as the web makes it: the file stored, then the request."""
    from kaohe.office.accounts import Account
    from kaohe.office.reviews import AttachedFile, request_review
    from kaohe.web.uploads import store_upload

    ctx = web_world.ctx
    who = next(a for a, _ in list_users(ctx) if a.name == "youyi1")
    r = store_upload(ctx, YEAR, TARGET, SUPPLEMENT, docx_bytes("补充说明"), 1 << 20)
    assert r.ok and r.key and r.sha256
    files = [AttachedFile(r.key, r.name, r.sha256, r.size, r.version_id)]
    assert isinstance(who, Account)
    return request_review(
        ctx, YEAR, who, indicator="1.2.1", reason="矩阵测试", address=None, files=files
    )


@pytest.fixture(scope="module")
def target_crawl_page(web_world: World) -> int:
    """A crawled page of TARGET with its archive and screenshot, recorded as the crawler does."""
    from storage.repo import crawl as crawl_repo

    ctx = web_world.ctx
    base = f"_crawl/{YEAR}/{TARGET}"
    ctx.store.put(f"{base}/pages/matrix.warc.gz", b"WARC/1.1 matrix")
    ctx.store.put(f"{base}/shots/matrix.png", b"\x89PNG matrix")
    with ctx.session() as s:
        run = crawl_repo.start_crawl(
            s, year=YEAR, unit_code=TARGET, entry_url="http://127.0.0.1:9/xxgk/"
        )
        crawl_repo.record_page(
            s, crawl_run_id=run, unit_code=TARGET, url="http://127.0.0.1:9/xxgk/",
            final_url="http://127.0.0.1:9/xxgk/", status_code=200, content_type="text/html",
            depth=0, digest="matrix", archive_key=f"{base}/pages/matrix.warc.gz",
            screenshot_key=f"{base}/shots/matrix.png", new_version=True,
        )  # fmt: skip
        crawl_repo.finish_crawl(s, run, status="completed")
    with ctx.session() as s:
        page = crawl_repo.pages_of(s, run)[0]
    return page.id


def _concrete(world: World, path: str, request_id: int, page_id: int = 0) -> str:
    ex = explain_score(world.ctx, YEAR, TARGET, "1.4.3")
    assert ex is not None
    ov = unit_materials(world.ctx, YEAR, TARGET).documents[0].object_version_id
    # {n}: evidence n of the explanation, or file n of the 复核 request
    n = 0 if "/files/" in path else next(i for i, ev in enumerate(ex.evidence) if ev.page)
    return (
        path.replace("{unit}", TARGET)
        .replace("{indicator}", "1.4.3")
        .replace("{n}", str(n))
        .replace("{object_version_id}", str(ov))
        .replace("{request_id}", str(request_id))
        .replace("{page_id}", str(page_id))
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
def test_matrix(
    app: FastAPI,
    web_world: World,
    target_request: int,
    target_crawl_page: int,
    actor: str | None,
) -> None:
    role, unit = USERS[actor] if actor else (None, None)
    client = login(app, actor) if actor else TestClient(app, base_url="http://127.0.0.1")
    checked = 0
    for (method, path), (cap, scoped) in ROUTES.items():
        exp = _expected(role, unit, cap, scoped, method)
        if exp is None:
            continue
        if path == "/" and role is not None:
            exp = (303, "")
        url = _concrete(web_world, path, target_request, target_crawl_page)
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
            for name in ("友谊县人民政府", "youyi", "答复书-0", SUPPLEMENT):
                assert name not in r.text, (actor, method, path, name)
        checked += 1
    assert checked >= len(ROUTES) - 3


def test_unit_user_never_sees_another_unit(
    app: FastAPI, web_world: World, target_request: int
) -> None:
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
    other_files.add(SUPPLEMENT)  # another unit's 复核 file: not in materials until a run
    seen: set[str] = set()
    todo = ["/", "/units/jixian", "/upload", f"/reviews/{target_request}/files/0"]
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
