"""The units file: the assessed units (被考核单位) and, optionally, their websites.

``units: [{code, name, kind, website?}]`` — ``kind`` is ``county`` (县区, indicators 1.x) or
``department`` (市直部门, 2.x); ``website`` is the URL of the unit's 政府信息公开专栏 (its host,
port included, is the one host the crawler may visit) or a mapping ``{url, start_urls, hosts}``
for sites spread over several pages or hosts. Errors name the file and the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from kaohe.errors import ConfigError
from kaohe.settings import read_yaml

__all__ = ["Unit", "Website", "load_units", "short_name"]


@dataclass(frozen=True, slots=True)
class Website:
    """Where a unit publishes: the 专栏 entry page, more start pages, the hosts allowed."""

    url: str
    start_urls: tuple[str, ...] = ()
    #: ``host[:port]`` values the crawler may fetch from (the entry page's host is always one)
    hosts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    """An assessed unit: ``kind`` is ``county`` (1.x indicators) or ``department`` (2.x)."""

    code: str
    name: str
    kind: Literal["county", "department"]
    website: Website | None = field(default=None, compare=False)

    @property
    def short_name(self) -> str:
        return short_name(self.name)


def short_name(unit_name: str) -> str:
    """The name in table headers: 集贤县人民政府 → 集贤县, 双鸭山市自然资源局 → 自然资源局."""
    name = unit_name.removesuffix("人民政府")
    for prefix in ("国家税务总局双鸭山市", "双鸭山市"):
        name = name.removeprefix(prefix)
    return name or unit_name


def _host(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where} 的网址无效：{url!r}（应为 http:// 或 https:// 开头的完整网址）")
    return parts.netloc.lower()


def _website(raw: Any, where: str) -> Website | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, str):
        return Website(url=raw.strip(), hosts=(_host(raw.strip(), where),))
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        raise ConfigError(f"{where} 的 website 应为网址，或 {{url, start_urls, hosts}}")
    url = raw["url"].strip()
    starts = tuple(str(u).strip() for u in raw.get("start_urls") or ())
    hosts = [_host(url, where)] + [_host(u, where) for u in starts]
    hosts += [str(h).strip().lower() for h in raw.get("hosts") or ()]
    return Website(url=url, start_urls=starts, hosts=tuple(dict.fromkeys(hosts)))


def load_units(path: Path) -> list[Unit]:
    """Read the units file; errors name the file and the unit."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise ConfigError(f"单位文件格式错误：{path} 应为 units: [{{code, name, kind}}]")
    units: list[Unit] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["units"], 1):
        where = f"{path} 第{i}个单位"
        if not isinstance(raw, dict) or not {"code", "name", "kind"} <= raw.keys():
            raise ConfigError(f"{where} 缺少 code、name 或 kind")
        code, name, kind = str(raw["code"]).strip(), str(raw["name"]).strip(), raw["kind"]
        if kind not in ("county", "department"):
            raise ConfigError(f"{where}（{code}）的 kind 应为 county 或 department，实为 {kind!r}")
        if not code or "/" in code or code in ("..", ".") or code.startswith("_"):
            raise ConfigError(f"{where} 的 code 无效：{code!r}")
        if code in seen:
            raise ConfigError(f"{where} 的 code 重复：{code}")
        seen.add(code)
        units.append(Unit(code, name, kind, _website(raw.get("website"), f"{where}（{code}）")))
    return units
