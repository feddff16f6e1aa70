# ruff: noqa: E501  (fixture pages are one line of HTML each)
"""Fixture 政府信息公开 sites served on 127.0.0.1 (threading http.server), with a request log.

Three structures modelled on real sites:

* ``county`` — a 县政府 信息公开专栏 (the 黑龙江 county-site layout: a top navigation menu of
  法定主动公开内容 columns, a 依申请公开 section with 流程图/指南/在线申请 form/申请表下载/进度查询,
  lists paginated as ``index.html``, ``index_1.html`` … with 发布日期, a visit counter and
  today's date in the header, 两微一端 links in the footer, a link into a robots.txt-forbidden
  ``/admin/`` path, a broken link, a slow page and a redirect loop);
* ``dept`` — a 市直部门 site with a side menu (``col/col{N}/index.html`` columns, as the
  Hanweb-built department sites are), missing 指南 and 制度, a stale 财政预决算 column, a
  政策解读 page that shows its list only through JavaScript, an 在线申请 link to a page without a
  form and an 申请表下载 link to an HTML page;
* ``portal`` — a 政务公开 portal whose lists are tables (标题 | 发布日期) paginated by ``?page=N``.

``SiteServer.log`` holds ``(time, host, method, path, user_agent)`` of every request.
"""

from __future__ import annotations

import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

__all__ = ["SiteServer", "serve_sites"]


def _docx() -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            zipfile.ZipInfo("[Content_Types].xml", (2024, 3, 1, 0, 0, 0)),
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            zipfile.ZipInfo("word/document.xml", (2024, 3, 1, 0, 0, 0)),
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>政府信息公开申请表</w:t></w:r></w:p></w:body></w:document>',
        )
    return buf.getvalue()


def _page(title: str, body: str, *, counter: int | None = None) -> str:
    today = datetime.now(UTC)
    head = f"今天是{today.year}年{today.month}月{today.day}日"
    visits = f'<span class="counter">浏览次数：{counter}</span>' if counter is not None else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><div class="top">{head}{visits}</div>{body}</body></html>'
    )


def _items(rows: list[tuple[str, str]], href: str = "#") -> str:
    return "".join(
        f'<li><a href="{href}">{t}</a><span class="date">{d}</span></li>' for t, d in rows
    )


@dataclass
class Site:
    name: str
    routes: dict[str, Callable[[], tuple[int, str, bytes, dict[str, str]]]] = field(
        default_factory=dict
    )


def _html(text: str) -> tuple[int, str, bytes, dict[str, str]]:
    return 200, "text/html; charset=utf-8", text.encode(), {}


def county_site(state: dict[str, object]) -> Site:
    s = Site("county")
    visits = [100]

    def counted(title: str, body: str) -> Callable[[], tuple[int, str, bytes, dict[str, str]]]:
        def handler() -> tuple[int, str, bytes, dict[str, str]]:
            visits[0] += 1
            return _html(_page(title, body, counter=visits[0]))

        return handler

    nav = (
        '<ul class="nav">'
        '<li><a href="/xxgk/zn/index.html">政府信息公开指南</a></li>'
        '<li><a href="/xxgk/zd/index.html">政府信息公开制度</a></li>'
        '<li><a href="/xxgk/nb/index.html">政府信息公开年报</a></li>'
        '<li><a href="/xxgk/czyjs/index.html">财政预决算</a></li>'
        '<li><a href="/xxgk/zcwj/index.html">政策文件</a></li>'
        '<li><a href="/xxgk/ldxx/index.html">领导信息</a></li>'
        '<li><a href="/xxgk/jgzn/index.html">机构职能</a></li>'
        '<li><a href="/xxgk/ghjh/index.html">规划计划</a></li>'
        '<li><a href="/xxgk/zfgb/index.html">政府公报</a></li>'
        '<li><a href="/xxgk/jdpy/index.html">社会监督评议</a></li>'
        '<li><a href="/xxgk/ysqgk/index.html">依申请公开</a></li>'
        '<li><a href="/xxgk/tjxx/index.html">统计信息</a></li>'
        '<li><a href="/xxgk/old/index.html">审计信息</a></li>'
        "</ul>"
    )
    footer = (
        '<div class="footer"><a href="https://mp.weixin.qq.com/s/jixian">集贤发布微信公众号</a>'
        '<a href="https://weibo.com/jixian">集贤发布微博</a>'
        '<a href="/admin/login.html">后台管理</a><a href="/xxgk/slow.html">网站地图</a>'
        '<a href="/xxgk/loop1.html">旧版入口</a></div>'
    )
    s.routes["/xxgk/index.html"] = counted("集贤县人民政府 政府信息公开专栏", nav + footer)
    zcwj: list[tuple[str, str]] = state.setdefault(  # type: ignore[assignment]
        "zcwj",
        [
            ("集贤县人民政府关于印发2024年政务公开工作要点的通知", "2024-11-20"),
            ("集贤县人民政府办公室关于加强耕地保护的通知", "2024-09-02"),
        ],
    )
    s.routes["/xxgk/zcwj/index.html"] = lambda: _html(
        _page(
            "政策文件",
            nav
            + "<ul class='list'>"
            + _items(zcwj)
            + "</ul>"
            + '<div class="page"><a href="/xxgk/zcwj/index_1.html">下一页</a></div>',
        )
    )
    s.routes["/xxgk/zcwj/index_1.html"] = lambda: _html(
        _page(
            "政策文件",
            "<ul class='list'>"
            + _items(
                [
                    ("集贤县人民政府关于公布行政许可事项清单的通知", "2024-05-10"),
                    ("集贤县人民政府关于2023年度财政决算的公告", "2023-12-28"),
                ]
            )
            + "</ul>"
            + '<div class="page"><a href="/xxgk/zcwj/index_2.html">下一页</a></div>',
        )
    )
    s.routes["/xxgk/zcwj/index_2.html"] = lambda: _html(
        _page(
            "政策文件",
            "<ul class='list'>"
            + _items([("集贤县人民政府关于调整最低工资标准的通知", "2024-02-01")])
            + "</ul>",
        )
    )
    for path, title, rows in (
        ("zn", "政府信息公开指南", [("集贤县人民政府信息公开指南（2024年修订）", "2024-03-01")]),
        ("zd", "政府信息公开制度", [("集贤县政府信息公开保密审查制度", "2024-04-12")]),
        (
            "nb",
            "政府信息公开年报",
            [("集贤县人民政府2023年政府信息公开工作年度报告", "2024-01-26")],
        ),
        (
            "czyjs",
            "财政预决算",
            [
                ("集贤县2024年财政预算公开", "2024-02-18"),
                ("集贤县2023年财政决算公开", "2024-08-30"),
            ],
        ),
        ("ldxx", "领导信息", [("县长 王某某 主持县政府全面工作", "2024-06-01")]),
        ("jgzn", "机构职能", [("集贤县人民政府办公室主要职责", "2024-01-05")]),
        ("ghjh", "规划计划", [("集贤县国民经济和社会发展第十四个五年规划纲要", "2021-03-01")]),
        (
            "zfgb",
            "政府公报",
            [
                ("集贤县人民政府公报2024年第1期", "2024-03-30"),
                ("集贤县人民政府公报2024年第2期", "2024-06-30"),
                ("集贤县人民政府公报2024年第3期", "2024-09-30"),
            ],
        ),
        ("jdpy", "社会监督评议", [("2024年度政务公开社会评议结果", "2024-12-10")]),
        ("tjxx", "统计信息", [("集贤县2024年国民经济和社会发展统计公报", "2024-04-15")]),
    ):
        s.routes[f"/xxgk/{path}/index.html"] = lambda t=title, r=rows: _html(
            _page(t, nav + "<ul class='list'>" + _items(r) + "</ul>")
        )  # type: ignore[misc]
    ysq = (
        '<ul class="side"><li><a href="/xxgk/ysqgk/lct.html">依申请公开流程图</a></li>'
        '<li><a href="/xxgk/ysqgk/zn.html">依申请公开指南</a></li>'
        '<li><a href="/xxgk/ysqgk/apply.html">在线申请</a></li>'
        '<li><a href="/xxgk/ysqgk/sqb.docx">申请表下载</a></li>'
        '<li><a href="/xxgk/ysqgk/cx.html">进度查询</a></li></ul>'
    )
    s.routes["/xxgk/ysqgk/index.html"] = lambda: _html(_page("依申请公开", ysq))
    s.routes["/xxgk/ysqgk/lct.html"] = lambda: _html(
        _page("依申请公开流程图", "<p>申请—受理—审查—答复</p><img src='lct.png'>")
    )
    s.routes["/xxgk/ysqgk/zn.html"] = lambda: _html(
        _page("依申请公开指南", "<p>申请人可通过在线申请、信函申请等方式提出政府信息公开申请。</p>")
    )
    s.routes["/xxgk/ysqgk/apply.html"] = lambda: _html(
        _page(
            "政府信息公开在线申请",
            (
                '<form action="/xxgk/ysqgk/submit" method="post"><input type="hidden" name="csrf_token" value="abc123">'
                '<label>姓名</label><input name="name"><label>证件号码</label><input name="idno">'
                '<label>所需信息描述</label><textarea name="content"></textarea><input type="submit" value="提交"></form>'
            ),
        )
    )
    s.routes["/xxgk/ysqgk/sqb.docx"] = lambda: (
        200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx(),
        {},
    )
    s.routes["/xxgk/ysqgk/cx.html"] = lambda: _html(
        _page(
            "申请进度查询",
            "<form action='/xxgk/ysqgk/query' method='get'><input name='code'><input name='phone'></form>",
        )
    )
    s.routes["/admin/login.html"] = lambda: _html(_page("后台", "<p>login</p>"))

    def slow() -> tuple[int, str, bytes, dict[str, str]]:
        time.sleep(0.3)
        return _html(_page("网站地图", "<p>网站地图</p>"))

    s.routes["/xxgk/slow.html"] = slow
    s.routes["/xxgk/loop1.html"] = lambda: (302, "text/html", b"", {"Location": "/xxgk/loop2.html"})
    s.routes["/xxgk/loop2.html"] = lambda: (302, "text/html", b"", {"Location": "/xxgk/loop1.html"})
    s.routes["/robots.txt"] = lambda: (200, "text/plain", b"User-agent: *\nDisallow: /admin/\n", {})
    return s


def dept_site(state: dict[str, object]) -> Site:
    s = Site("dept")
    side = (
        '<div class="leftnav"><ul>'
        '<li><a href="/col/col101/index.html">机构职能</a></li>'
        '<li><a href="/col/col102/index.html">政策文件</a></li>'
        '<li><a href="/col/col103/index.html">政策解读</a></li>'
        '<li><a href="/col/col104/index.html">财政预决算</a></li>'
        '<li><a href="/col/col105/index.html">政府信息公开年报</a></li>'
        '<li><a href="/col/col106/index.html">依申请公开</a></li>'
        "</ul></div>"
    )
    s.routes["/col/col100/index.html"] = lambda: _html(
        _page("双鸭山市自然资源局 政府信息公开", side + "<p>本栏目公开本局法定主动公开内容。</p>")
    )
    s.routes["/col/col101/index.html"] = lambda: _html(
        _page(
            "机构职能",
            side + "<ul>" + _items([("双鸭山市自然资源局主要职责", "2024-02-20")]) + "</ul>",
        )
    )
    s.routes["/col/col102/index.html"] = lambda: _html(
        _page(
            "政策文件",
            side
            + "<ul>"
            + _items(
                [
                    ("关于做好2024年度耕地占补平衡工作的通知", "2024-07-01"),
                    ("双鸭山市国土空间总体规划公示", "2024-10-11"),
                ]
            )
            + "</ul>",
        )
    )
    s.routes["/col/col103/index.html"] = lambda: _html(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政策解读</title><script src="/js/list.js"></script></head><body><div id="app"></div><script>render("col103")</script></body></html>'
    )
    s.routes["/js/list.js"] = lambda: (
        200,
        "application/javascript",
        (
            "function render(id){document.getElementById('app').innerHTML="
            '\'<ul><li><a href="#">关于《双鸭山市不动产登记办法》的政策解读</a>'
            "<span>2024-08-01</span></li></ul>';}"
        ).encode(),
        {},
    )
    czyjs: list[tuple[str, str]] = state.setdefault(  # type: ignore[assignment]
        "czyjs", [("双鸭山市自然资源局2022年部门预算", "2022-02-25")]
    )
    s.routes["/col/col104/index.html"] = lambda: _html(
        _page("财政预决算", side + "<ul>" + _items(czyjs) + "</ul>")
    )
    s.routes["/col/col105/index.html"] = lambda: _html(
        _page(
            "政府信息公开年报",
            side
            + "<ul>"
            + _items([("双鸭山市自然资源局2023年政府信息公开工作年度报告", "2024-01-20")])
            + "</ul>",
        )
    )
    s.routes["/col/col106/index.html"] = lambda: _html(
        _page(
            "依申请公开",
            side
            + '<ul><li><a href="/col/col106/apply.html">在线申请</a></li><li><a href="/col/col106/sqb.html">申请表下载</a></li></ul>',
        )
    )
    s.routes["/col/col106/apply.html"] = lambda: _html(
        _page("在线申请", "<p>在线申请系统升级中，请采用信函方式申请。</p>")
    )
    s.routes["/col/col106/sqb.html"] = lambda: _html(
        _page("申请表下载", "<p>申请表请到窗口领取。</p>")
    )
    return s


def portal_site(state: dict[str, object]) -> Site:
    s = Site("portal")
    menu = (
        '<table class="menu"><tr><td><a href="/gk/list?cat=zcwj">政策文件</a></td>'
        '<td><a href="/gk/list?cat=zn">政府信息公开指南</a></td>'
        '<td><a href="/gk/list?cat=ysq">依申请公开</a></td></tr></table>'
    )
    s.routes["/gk/"] = lambda: _html(_page("宝清县政务公开", menu))
    rows1 = "".join(
        f"<tr><td><a href='#'>宝清县政府文件第{i}号</a></td><td>2024-0{i}-15</td></tr>"
        for i in range(1, 6)
    )
    rows2 = "".join(
        f"<tr><td><a href='#'>宝清县政府文件第{i}号</a></td><td>2024-0{i}-15</td></tr>"
        for i in range(6, 9)
    )
    s.routes["/gk/list?cat=zcwj"] = lambda: _html(
        _page(
            "政策文件",
            menu
            + f"<table><tr><th>标题</th><th>发布日期</th></tr>{rows1}</table><a href='/gk/list?cat=zcwj&page=2'>2</a>",
        )
    )
    s.routes["/gk/list?cat=zcwj&page=2"] = lambda: _html(
        _page("政策文件", menu + f"<table><tr><th>标题</th><th>发布日期</th></tr>{rows2}</table>")
    )
    s.routes["/gk/list?cat=zn"] = lambda: _html(
        _page(
            "政府信息公开指南",
            menu
            + "<table><tr><td><a href='#'>宝清县政府信息公开指南</a></td><td>2024-01-10</td></tr></table>",
        )
    )
    s.routes["/gk/list?cat=ysq"] = lambda: _html(
        _page("依申请公开", menu + '<a href="/gk/apply">在线申请</a>')
    )
    s.routes["/gk/apply"] = lambda: _html(
        _page(
            "在线申请",
            '<form method="post" action="/gk/submit"><input name="name"><input name="tel"><textarea name="need"></textarea></form>',
        )
    )
    return s


class SiteServer:
    """One site on its own 127.0.0.1 port."""

    def __init__(self, site: Site, log: list[tuple[float, str, str, str, str]]) -> None:
        routes, self.site = site.routes, site

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, send_body: bool) -> None:
                log.append(
                    (
                        time.monotonic(),
                        self.headers.get("Host", ""),
                        self.command,
                        self.path,
                        self.headers.get("User-Agent", ""),
                    )
                )
                route = routes.get(self.path)
                extra: dict[str, str]
                if route is None:
                    status, ctype, body, extra = (
                        404,
                        "text/html; charset=utf-8",
                        "<html><body>404 页面不存在</body></html>".encode(),
                        {},
                    )
                else:
                    status, ctype, body, extra = route()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                if send_body:
                    self.wfile.write(body)

            def do_GET(self) -> None:
                self._serve(True)

            def do_HEAD(self) -> None:
                self._serve(False)

            def do_POST(self) -> None:
                log.append((time.monotonic(), self.headers.get("Host", ""), "POST", self.path, ""))
                self.send_response(405)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


@contextmanager
def serve_sites() -> Iterator[
    tuple[
        dict[str, SiteServer], dict[str, dict[str, object]], list[tuple[float, str, str, str, str]]
    ]
]:
    """The three fixture sites, their mutable state and the shared request log."""
    log: list[tuple[float, str, str, str, str]] = []
    states: dict[str, dict[str, object]] = {"county": {}, "dept": {}, "portal": {}}
    servers = {
        "county": SiteServer(county_site(states["county"]), log),
        "dept": SiteServer(dept_site(states["dept"]), log),
        "portal": SiteServer(portal_site(states["portal"]), log),
    }
    for srv in servers.values():
        srv.thread.start()
    try:
        yield servers, states, log
    finally:
        for srv in servers.values():
            srv.httpd.shutdown()
            srv.httpd.server_close()
