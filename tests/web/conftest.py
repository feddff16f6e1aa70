"""The web tests' world: the demo year scored once per session (folder store + a session
database of its own, SQLite or a PostgreSQL schema), accounts of every role, and an app per test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from flows import run_flow
from flows.pipeline import pipeline_flow
from kaohe.context import Context, build_context, dispose_contexts
from kaohe.demo import write_demo_corpus
from kaohe.office.accounts import add_user
from kaohe.settings import Settings, load_settings
from kaohe.web.app import create_app

YEAR = 2024
PASSWORD = "correct horse 42"
#: user name → (role, unit)
USERS = {
    "office1": ("office", None),
    "assessor1": ("assessor", None),
    "jixian1": ("unit", "jixian"),
    "youyi1": ("unit", "youyi"),
}


@dataclass
class World:
    settings: Settings
    ctx: Context
    store_root: Path


@pytest.fixture(scope="session")
def web_world(
    prefect_harness: None, web_db_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    root = tmp_path_factory.mktemp("web-store")
    with pytest.MonkeyPatch.context() as mp:
        for k, v in {
            "KAOHE_STORE": str(root),
            "KAOHE_DATABASE_URL": web_db_url,
            "KAOHE_YEAR": str(YEAR),
            "KAOHE_WORKERS": "0",
        }.items():
            mp.setenv(k, v)
        mp.delenv("KAOHE_CONFIG_DIR", raising=False)
        settings = load_settings()
        ctx = build_context(settings, create=True)
        write_demo_corpus(ctx.store, YEAR)
        run_flow(pipeline_flow, year=YEAR, settings=settings.public())
        for name, (role, unit) in USERS.items():
            add_user(ctx, name, role, PASSWORD, unit, actor="test")
        yield World(settings, ctx, root)
        ctx.engine.dispose()
        dispose_contexts()


@pytest.fixture
def app(web_world: World) -> FastAPI:
    return create_app(web_world.settings)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


class Client(TestClient):
    """A TestClient that remembers its session's CSRF token."""

    csrf: str = ""


def login(app: FastAPI, name: str, password: str = PASSWORD) -> Client:
    """A client signed in as ``name`` (its CSRF token in ``client.csrf``)."""
    c = Client(app, base_url="http://127.0.0.1")
    r = c.post("/login", data={"username": name, "password": password}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = c.get("/", follow_redirects=True)
    c.csrf = csrf_of(page.text)
    return c


@pytest.fixture
def office(app: FastAPI) -> Client:
    """Signed in as ``office1`` (政务公开办)."""
    return login(app, "office1")


@pytest.fixture
def assessor(app: FastAPI) -> Client:
    """Signed in as ``assessor1`` (考核人员)."""
    return login(app, "assessor1")


@pytest.fixture
def jixian(app: FastAPI) -> Client:
    """Signed in as ``jixian1``, a user of the unit 集贤县."""
    return login(app, "jixian1")


@pytest.fixture
def youyi(app: FastAPI) -> Client:
    """Signed in as ``youyi1``, a user of the unit 友谊县."""
    return login(app, "youyi1")


def docx_bytes(*paragraphs: str) -> bytes:
    """A real .docx with ``paragraphs`` (python-docx), as an upload's bytes."""
    import io

    from docx import Document

    d = Document()
    for t in paragraphs:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
