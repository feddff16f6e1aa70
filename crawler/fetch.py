"""Polite HTTP fetching with httpx: GET/HEAD only, configured hosts only, robots.txt, rate.

Contract: :meth:`Fetcher.fetch` never raises for network trouble; it returns a
:class:`FetchResult` whose ``error`` is a Chinese reason (连接失败、超时、重定向循环、robots.txt
禁止、非配置主机). Redirects are followed by hand, only within the allowed hosts, at most
:data:`MAX_REDIRECTS` and never in a loop; 5xx answers are retried ``retries`` times.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

__all__ = ["MAX_REDIRECTS", "USER_AGENT", "FetchResult", "Fetcher", "HostPacer", "host_of"]

USER_AGENT = "kaohe-crawler/0.1 (+kaohe zhengwu gongkai kaohe; website inspection)"
MAX_REDIRECTS = 5
#: bodies larger than this are cut (a download only needs its first bytes to be judged)
MAX_BODY = 5 * 1024 * 1024


def host_of(url: str) -> str:
    """``host[:port]`` of ``url``, lower-cased (the unit of the allowed-hosts check)."""
    return urlsplit(url).netloc.lower()


@dataclass
class FetchResult:
    """One fetch: the final answer after redirects, or why there is none."""

    url: str
    final_url: str
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: Chinese reason when nothing usable came back
    error: str | None = None
    #: ``(url, status)`` of each redirect hop
    redirects: list[tuple[str, int]] = field(default_factory=list)
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    #: True when robots.txt forbids the path (nothing was requested)
    forbidden: bool = False
    truncated: bool = False

    @property
    def content_type(self) -> str:
        for k, v in self.headers:
            if k.lower() == "content-type":
                return v.split(";")[0].strip().lower()
        return ""

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300


class HostPacer:
    """Requests to one host take turns, at least ``interval`` seconds after the previous answer
    ended (a slow site is never pressed harder). Thread-safe; one pacer is shared by every
    :class:`Fetcher` of a crawl, so units whose sites share a host (departments on the city
    portal) never add up to more than the configured rate, while other hosts go on in parallel.
    """

    def __init__(
        self,
        interval: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self._sleep, self._clock = sleep, clock
        self._last: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Hold ``host``'s turn: wait for the interval, run the request, note when it ended."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                wait = self.interval - (self._clock() - last)
                if wait > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self._clock()


class Fetcher:
    """Fetches within ``hosts`` at ``rate`` requests per second per host.

    ``pacer`` shares the per-host turns with other fetchers (see :class:`HostPacer`); without
    one the fetcher paces itself at ``rate``. A fetcher is used by one thread at a time.
    """

    def __init__(
        self,
        hosts: Iterable[str],
        *,
        rate: float = 1.0,
        timeout: float = 15.0,
        retries: int = 2,
        pacer: HostPacer | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.hosts = {h.lower() for h in hosts}
        self.pacer = pacer or HostPacer(1.0 / rate, sleep=sleep)
        self.retries = retries
        self._sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT},
            trust_env=False,  # never a proxy from the environment
        )
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def allowed_host(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc.lower() in self.hosts

    # ------------------------------------------------------------------ politeness

    def robots_allows(self, url: str) -> bool:
        """Whether the host's robots.txt lets our User-Agent fetch ``url`` (no file: yes)."""
        parts = urlsplit(url)
        host = parts.netloc.lower()
        if host not in self._robots:
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                resp = self._request("GET", robots_url)
                if resp.status_code == 200:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(resp.text.splitlines())
                elif resp.status_code in (401, 403):
                    parser = urllib.robotparser.RobotFileParser()
                    parser.disallow_all = True  # type: ignore[attr-defined]
            except httpx.HTTPError:
                parser = None  # unreachable robots.txt: the page fetch itself will say so
            self._robots[host] = parser
        rp = self._robots[host]
        return rp is None or rp.can_fetch(USER_AGENT, url)

    def _request(self, method: str, url: str) -> httpx.Response:
        with self.pacer.turn(host_of(url)):
            self.requests += 1
            return self._read(method, url)

    def _read(self, method: str, url: str) -> httpx.Response:
        with self.client.stream(method, url) as resp:
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= MAX_BODY:
                    break
            resp._content = b"".join(chunks)[:MAX_BODY]  # keep what was read
        return resp

    # ------------------------------------------------------------------ fetching

    def fetch(self, url: str, method: str = "GET") -> FetchResult:
        """GET (or HEAD) ``url`` politely; see the module docstring."""
        if method not in ("GET", "HEAD"):
            raise ValueError("the crawler only reads: GET or HEAD")
        result = FetchResult(url=url, final_url=url, method=method)
        if not self.allowed_host(url):
            result.error = f"非配置主机，未访问：{host_of(url)}"
            return result
        if not self.robots_allows(url):
            result.forbidden = True
            result.error = "robots.txt 禁止抓取该路径，未访问"
            return result
        seen = {url}
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            resp = self._with_retries(method, current, result)
            if resp is None:
                return result
            if resp.is_redirect and resp.headers.get("location"):
                target = urljoin(current, resp.headers["location"])
                result.redirects.append((current, resp.status_code))
                if target in seen:
                    result.status = resp.status_code
                    result.error = f"重定向循环：{current} → {target}"
                    return result
                if not self.allowed_host(target):
                    result.status = resp.status_code
                    result.error = f"重定向到非配置主机，未跟随：{target}"
                    return result
                if not self.robots_allows(target):
                    result.forbidden = True
                    result.error = f"重定向目标被 robots.txt 禁止，未访问：{target}"
                    return result
                seen.add(target)
                current = target
                continue
            result.final_url = current
            result.status = resp.status_code
            result.headers = list(resp.headers.multi_items())
            result.body = resp.content
            result.truncated = len(resp.content) >= MAX_BODY
            result.request_headers = list(resp.request.headers.multi_items())
            result.fetched_at = datetime.now(UTC)
            return result
        result.error = f"重定向次数超过{MAX_REDIRECTS}次"
        return result

    def _with_retries(self, method: str, url: str, result: FetchResult) -> httpx.Response | None:
        last: httpx.Response | None = None
        for attempt in range(self.retries + 1):
            try:
                last = self._request(method, url)
            except httpx.TimeoutException as e:
                result.error = f"访问超时（{type(e).__name__}）"
                return None
            except httpx.HTTPError as e:
                result.error = f"连接失败（{type(e).__name__}）"
                return None
            if last.status_code < 500:
                return last
            if attempt < self.retries:
                self._sleep(0.2 * (attempt + 1))
        return last
