"""Reading one fetched HTML page with lxml: title, text lines, links, forms, pagination.

Pure (bytes in, values out). A "text line" is the text of one leaf block (``li``, ``p``, ``td``,
``h1``…, a link of a list) with whitespace collapsed: the unit the crawl record quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

import lxml.html
from lxml import etree

__all__ = ["Form", "Link", "PageText", "is_pagination", "read_page"]

_WS = re.compile(r"[ \t\n\r\f\xa0\u3000]+")
_BLOCKS = {
    "li", "p", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption",
    "label", "legend", "option", "div", "tr", "title", "section", "article",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template"}
_PAGINATION = re.compile(r"^(?:下一页|下页|后页|尾页|末页|>|»|\d{1,3})$")
_PAGINATION_HREF = re.compile(r"(?:index|list)_\d+\.s?html?$|[?&](?:page|pageNo|p)=\d+")


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Form:
    action: str
    method: str
    fields: tuple[str, ...]


@dataclass
class PageText:
    title: str = ""
    lines: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    #: the page shows (almost) no text without JavaScript
    js_only: bool = False


def _clean(s: str) -> str:
    return _WS.sub(" ", s).strip()


def is_pagination(link: Link) -> bool:
    """A 下一页/尾页/page-number link of a paginated list."""
    return bool(_PAGINATION.match(link.text)) or bool(_PAGINATION_HREF.search(link.url))


def read_page(body: bytes, url: str) -> PageText:
    """The readable parts of an HTML page; an unparsable body gives an empty :class:`PageText`."""
    out = PageText()
    try:
        root = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return out
    scripts = 0
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _SKIP:
            scripts += el.tag == "script"
            el.text = None  # never read script text as page text
    title = root.find(".//title")
    out.title = _clean(title.text_content()) if title is not None else ""
    base = url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(url, base_el.get("href", ""))
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        out.links.append(Link(_clean(a.text_content()), urldefrag(urljoin(base, href))[0]))
    for form in root.iter("form"):
        names = tuple(
            n
            for el in form.iter("input", "textarea", "select")
            if (n := el.get("name")) and el.get("type", "").lower() not in ("hidden", "submit")
        )
        action = urljoin(base, form.get("action") or url)
        out.forms.append(Form(action, (form.get("method") or "get").upper(), names))
    body_el = root.find(".//body")
    done: set[object] = set()
    for el in (body_el if body_el is not None else root).iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP or el in done:
            continue
        if el.tag not in _BLOCKS:
            continue
        inner = [c for c in el.iterdescendants() if isinstance(c.tag, str)]
        if el.tag != "tr" and any(c.tag in _BLOCKS for c in inner):
            continue  # not a leaf block: its children are read (a table row is one line)
        done.update(inner)
        text = _clean(" ".join(t for t in el.itertext() if t))
        if text and (not out.lines or out.lines[-1] != text):
            out.lines.append(text)
    visible = sum(len(line) for line in out.lines)
    out.js_only = scripts > 0 and visible < 20
    return out
