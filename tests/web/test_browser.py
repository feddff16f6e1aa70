"""The workspace in real headless Chromium (Debian's, driven by Playwright), served by uvicorn
on a free loopback port. Screenshots go to a folder the test prints."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from kaohe.office.accounts import add_user
from kaohe.web.app import create_app
from tests.web.conftest import PASSWORD, World

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
LOOPBACK_ONLY = [
    "--no-sandbox",
    "--proxy-server=http://127.0.0.1:9",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def served(web_world: World) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(web_world.settings), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    t.join(10)


def test_office_and_unit_in_chromium(served: str, web_world: World, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    add_user(web_world.ctx, "browser_tmp", "unit", PASSWORD, "raohe", actor="test")

    shots = tmp_path / "screenshots"
    shots.mkdir()
    print(f"\nscreenshots: {shots}")
    upload = tmp_path / "补充材料.pdf"
    upload.write_bytes(b"%PDF-1.4\n% browser upload\n")
    supplement = tmp_path / "复核补充说明.pdf"
    supplement.write_bytes(b"%PDF-1.4\n% supplementary file of a review request\n")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LOOPBACK_ONLY)
        try:
            office = browser.new_context(viewport={"width": 1500, "height": 900}).new_page()
            office.set_default_timeout(15_000)
            office.goto(f"{served}/login")
            office.fill("input[name=username]", "office1")
            office.fill("input[name=password]", PASSWORD)
            office.click("button[type=submit]")
            office.wait_for_url(f"{served}/table")
            assert office.locator("text=友谊县人民政府").count() >= 1
            office.screenshot(path=str(shots / "1-office-table.png"), full_page=True)
            office.goto(f"{served}/units/youyi/indicators/1.4.3")
            mark = office.locator("mark", has_text="向双鸭山市自然资源局申请行政复议")
            assert mark.count() >= 1
            img = office.locator("img[alt*='引文已标出']").first
            img.scroll_into_view_if_needed()
            assert img.evaluate("i => i.complete && i.naturalWidth > 100")
            office.screenshot(path=str(shots / "2-explanation.png"), full_page=True)

            unit = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
            unit.set_default_timeout(15_000)
            unit.goto(f"{served}/login")
            unit.fill("input[name=username]", "youyi1")
            unit.fill("input[name=password]", PASSWORD)
            unit.click("button[type=submit]")
            unit.wait_for_url(f"{served}/units/youyi")
            unit.screenshot(path=str(shots / "3-unit-page.png"), full_page=True)
            unit.goto(f"{served}/upload")
            unit.set_input_files("input[name=files]", str(upload))
            # a second file dropped on the form (drag-and-drop over the plain input)
            dropped = unit.evaluate_handle(
                """() => { const dt = new DataTransfer();
                dt.items.add(new File(["%PDF-1.4\\n% dropped\\n"], "拖入的材料.pdf",
                                      {type: "application/pdf"}));
                return dt; }"""
            )
            unit.dispatch_event("#dropzone", "dragenter", {"dataTransfer": dropped})
            unit.dispatch_event("#dropzone", "drop", {"dataTransfer": dropped})
            assert unit.locator("#dz-list li").count() == 2
            assert unit.locator("#dz-list", has_text="拖入的材料.pdf").count() == 1
            unit.screenshot(path=str(shots / "4a-upload-dropped.png"), full_page=True)
            unit.click("#upload-form button[type=submit]")
            assert unit.locator("td.ok", has_text="下次评分运行时读取").count() == 2
            assert unit.locator("td", has_text="拖入的材料.pdf").count() >= 1
            unit.screenshot(path=str(shots / "4-upload-receipt.png"), full_page=True)
            unit.goto(f"{served}/units/youyi/indicators/1.4.3")
            unit.fill("textarea[name=reason]", "复议机关表述已在补充材料中更正")
            unit.set_input_files(
                "form:has(textarea[name=reason]) input[name=files]", str(supplement)
            )
            unit.screenshot(path=str(shots / "4b-review-request-form.png"), full_page=True)
            unit.click("text=提交复核申请")
            unit.wait_for_url(f"{served}/units/youyi**")
            assert unit.locator("td", has_text="待处理").count() >= 1
            assert unit.locator("a", has_text="复核补充说明.pdf").count() == 1

            office.goto(f"{served}/reviews")
            row = office.locator("tr", has_text="复议机关表述已在补充材料中更正")
            link = row.locator("a", has_text="复核补充说明.pdf")
            with office.expect_download() as got:
                link.click()
            assert Path(got.value.path()).read_bytes() == supplement.read_bytes()
            row.locator("input[value=reject]").check()
            row.locator("input[name=decision]").fill("原答复书确有错误，维持扣分")
            office.screenshot(path=str(shots / "5-office-reviews.png"), full_page=True)
            row.locator("button[type=submit]").click()
            office.wait_for_url(f"{served}/reviews")

            unit.goto(f"{served}/units/youyi")
            assert unit.locator("td", has_text="已驳回").count() >= 1
            assert unit.locator("text=原答复书确有错误").count() >= 1
            unit.locator("#review").scroll_into_view_if_needed()
            unit.screenshot(path=str(shots / "6-unit-decision.png"), full_page=True)
            unit.click("text=退出")
            unit.wait_for_url(f"{served}/login")

            office.goto(f"{served}/manual")
            assert office.locator("a", has_text="下载人工评分表").count() == 1
            office.screenshot(path=str(shots / "7-manual.png"), full_page=True)
            office.goto(f"{served}/users")
            office.locator("tr", has_text="browser_tmp").locator("text=停用").click()
            office.wait_for_url(f"{served}/users")
            enable = office.locator("tr", has_text="browser_tmp").locator("text=重新启用")
            assert enable.count() == 1
            office.screenshot(path=str(shots / "8-users-disabled.png"), full_page=True)
            enable.click()
            office.wait_for_url(f"{served}/users")
            assert office.locator("tr", has_text="browser_tmp").locator("text=停用").count() == 1
        finally:
            browser.close()
    kept = Path("/tmp/kaohe-web-screenshots")
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(shots, kept)
