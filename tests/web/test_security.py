"""Security: CSRF, session fixation and expiry, path traversal, hostile uploads, login limit."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from kaohe.views.materials import unit_materials
from kaohe.web.security import COOKIE
from storage.models import WebSession, utcnow
from tests.web.conftest import PASSWORD, YEAR, World, login

PDF = b"%PDF-1.4\n%test\n"


def test_csrf_missing_or_wrong_is_refused_and_changes_nothing(
    app: FastAPI, web_world: World
) -> None:
    c = login(app, "jixian1")
    before = sorted(i.key for i in web_world.ctx.store.list(f"{YEAR}/jixian/"))
    files = {"files": ("csrf-test.pdf", PDF, "application/pdf")}
    for data in ({}, {"csrf": "wrong"}, {"csrf": c.csrf[:-1]}):
        r = c.post("/upload", data=data, files=files)
        assert r.status_code == 403 and "表单已过期或来源无效" in r.text
    assert sorted(i.key for i in web_world.ctx.store.list(f"{YEAR}/jixian/")) == before
    r = c.post("/logout", data={"csrf": "wrong"}, follow_redirects=False)
    assert r.status_code == 403
    assert c.get("/units/jixian").status_code == 200  # still signed in
    r = c.post("/logout", data={"csrf": c.csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/units/jixian", follow_redirects=False).status_code == 303


def test_sign_in_rotates_the_session(app: FastAPI) -> None:
    c = TestClient(app, base_url="http://127.0.0.1")
    c.cookies.set(COOKIE, "planted-by-attacker")
    assert c.get("/units/jixian", follow_redirects=False).status_code == 303
    r = c.post("/login", data={"username": "jixian1", "password": PASSWORD}, follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here
    first = r.cookies[COOKIE]
    assert first != "planted-by-attacker"
    c.cookies.set(COOKIE, first)
    r = c.post("/login", data={"username": "jixian1", "password": PASSWORD}, follow_redirects=False)
    second = r.cookies[COOKIE]
    assert second != first
    old = TestClient(app, base_url="http://127.0.0.1", cookies={COOKIE: first})
    assert old.get("/units/jixian", follow_redirects=False).status_code == 303
    new = TestClient(app, base_url="http://127.0.0.1", cookies={COOKIE: second})
    assert new.get("/units/jixian").status_code == 200


def test_secure_cookie_over_https(app: FastAPI) -> None:
    c = TestClient(app, base_url="https://127.0.0.1")
    r = c.post("/login", data={"username": "office1", "password": PASSWORD}, follow_redirects=False)
    assert "Secure" in r.headers["set-cookie"]


def test_expired_session_signs_out(app: FastAPI, web_world: World) -> None:
    c = login(app, "assessor1")
    token = c.cookies[COOKIE]
    with web_world.ctx.session() as s:
        s.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert c.get("/table", follow_redirects=False).status_code == 303
    assert token  # the cookie stays, the session is gone


def test_login_rate_limit(app: FastAPI) -> None:
    c = TestClient(app, base_url="http://127.0.0.1")
    for _ in range(5):
        r = c.post("/login", data={"username": "youyi1", "password": "wrong-password"})
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    r = c.post("/login", data={"username": "youyi1", "password": PASSWORD})
    assert r.status_code == 429 and "登录失败次数过多" in r.text
    assert COOKIE not in r.cookies


def test_path_traversal_in_downloads(app: FastAPI) -> None:
    c = login(app, "jixian1")
    for url in (
        "/documents/..%2F..%2Fetc%2Fpasswd",
        "/documents/../../etc/passwd",
        "/documents/-1",
        "/documents/1e3",
        "/units/..%2Fyouyi",
        "/units/jixian/indicators/..%2F..%2Fyouyi",
    ):
        r = c.get(url)
        assert r.status_code == 404, url
        assert "root:" not in r.text and "友谊县" not in r.text


def test_hostile_upload_names_and_types(app: FastAPI, web_world: World) -> None:
    c = login(app, "youyi1")
    files = [
        ("files", ("../../../etc/evil.pdf", PDF + b"1", "application/pdf")),
        ("files", ("..\\..\\win.pdf", PDF + b"2", "application/pdf")),
        ("files", (".hidden.pdf", PDF + b"3", "application/pdf")),
        ("files", ("page.html", b"<script>alert(1)</script>", "text/html")),
        ("files", ("fake.pdf", b"<html><script>alert(1)</script>", "application/pdf")),
        ("files", ("<img src=x onerror=alert(1)>.pdf", PDF + b"4", "application/pdf")),
        ("files", ("empty.docx", b"", "application/octet-stream")),
    ]
    r = c.post("/upload", data={"csrf": c.csrf}, files=files)
    assert r.status_code == 200
    html = r.text
    assert "不支持的文件类型“.html”" in html
    assert "文件内容与扩展名“.pdf”不符" in html
    assert "文件名无效" in html  # .hidden.pdf
    assert "文件为空" in html
    assert "<img src=x" not in html and "_img src=x onerror=alert(1)_.pdf" in html
    # the drag-and-drop script sits in the page body once, never inside <title>
    assert "<title>上传材料 · 考核工作台</title>" in html
    assert html.count("DataTransfer") == 2  # the feature test and the drop handler
    keys = [i.key for i in web_world.ctx.store.list("")]
    assert f"{YEAR}/youyi/_img src=x onerror=alert(1)_.pdf" in keys
    youyi = [k for k in keys if k.startswith(f"{YEAR}/youyi/")]
    assert f"{YEAR}/youyi/evil.pdf" in youyi and f"{YEAR}/youyi/win.pdf" in youyi
    assert not any(".." in k.split("/") or "\\" in k for k in keys)
    assert not any("fake.pdf" in k or "page.html" in k for k in keys)
    assert (web_world.store_root / "etc").exists() is False


def test_upload_receipt_duplicate_and_no_overwrite(app: FastAPI, web_world: World) -> None:
    c = login(app, "youyi1")
    body = PDF + b"receipt-test"
    r = c.post(
        "/upload", data={"csrf": c.csrf}, files={"files": ("回执测试.pdf", body, "application/pdf")}
    )
    import hashlib

    sha = hashlib.sha256(body).hexdigest()
    assert "已保存，下次评分运行时读取" in r.text and sha in r.text
    r = c.post(
        "/upload",
        data={"csrf": c.csrf},
        files={"files": ("另一个名字.pdf", body, "application/pdf")},
    )
    assert "与已提交的 回执测试.pdf 内容相同，未重复保存" in r.text
    other = PDF + b"receipt-test-2"
    r = c.post(
        "/upload",
        data={"csrf": c.csrf},
        files={"files": ("回执测试.pdf", other, "application/pdf")},
    )
    assert "同名文件已存在，已另存为 回执测试（2）.pdf（未覆盖原文件）" in r.text
    store = web_world.ctx.store
    assert store.get(f"{YEAR}/youyi/回执测试.pdf") == body
    assert store.get(f"{YEAR}/youyi/回执测试（2）.pdf") == other
    big = PDF + b"x" * (web_world.settings.web.upload_max_bytes + 1)
    r = c.post(
        "/upload", data={"csrf": c.csrf}, files={"files": ("big.pdf", big, "application/pdf")}
    )
    assert "文件过大" in r.text and store.stat(f"{YEAR}/youyi/big.pdf") is None
    assert unit_materials(web_world.ctx, YEAR, "youyi").documents  # the scored ones unchanged
