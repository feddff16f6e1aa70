"""The crawl record (网站巡检记录): one plain-text document per unit and crawl.

It is what the normal pipeline extracts (doc type ``website_crawl``): one line per fact,
tab-separated (a 页面 line goes on with {parent|-}, 分页|-, {archive|-},
{note|-}), so that every quote is a verbatim line of the record and an auditor can read
it as it is. Lines, in order::

    网站巡检记录
    单位	{code}	{name}
    入口	{url}
    年度	{assessment year}
    预算	{pages}	{max_pages}	完整|未抓完
    页面	{url}	{status}	{fetched_at}	{content_type}	{depth}	{parent|-}…
    标题	{title}                      (the page's lines follow its 页面 line)
    文本	{text line}
    链接	{text}	{url}
    表单	{method}	{action}	{field,field…}
    文件	{format}	{bytes}

``fetched_at`` is the time of the archived record the line describes (an unchanged page keeps
the time of its first archived visit), so an unchanged crawl writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crawler.page import read_page
from extractors.parsing.formats import sniff_format

__all__ = ["RecordPage", "crawl_record"]


@dataclass(frozen=True, slots=True)
class RecordPage:
    url: str
    status: int
    fetched_at: datetime | None
    content_type: str
    depth: int
    parent: str | None
    pagination: bool
    archive_key: str | None
    note: str | None
    body: bytes = b""


def _cell(s: object) -> str:
    return " ".join(str(s).split()) if s not in (None, "") else "-"


def crawl_record(
    unit_code: str,
    unit_name: str,
    entry: str,
    year: int,
    pages: Sequence[RecordPage],
    *,
    max_pages: int,
    truncated: bool,
) -> bytes:
    """The record's UTF-8 bytes (see the module docstring)."""
    lines = [
        "网站巡检记录",
        f"单位\t{unit_code}\t{_cell(unit_name)}",
        f"入口\t{entry}",
        f"年度\t{year}",
        f"预算\t{len(pages)}\t{max_pages}\t{'未抓完' if truncated else '完整'}",
    ]
    for p in pages:
        # a page that gave no answer is dated by day: re-trying a dead site rewrites the record
        # once a day, not on every visit
        fmt = "%Y-%m-%dT%H:%M:%SZ" if p.status else "%Y-%m-%d"
        when = p.fetched_at.strftime(fmt) if p.fetched_at else "-"
        lines.append(
            "\t".join(
                [
                    "页面",
                    p.url,
                    str(p.status),
                    when,
                    _cell(p.content_type),
                    str(p.depth),
                    _cell(p.parent),
                    "分页" if p.pagination else "-",
                    _cell(p.archive_key),
                    _cell(p.note),
                ]
            )
        )
        if not p.body or p.status >= 400:
            continue
        ctype = p.content_type
        if ctype in ("", "text/html", "application/xhtml+xml") or ctype.endswith("html"):
            text = read_page(p.body, p.url)
            if text.title:
                lines.append(f"标题\t{text.title}")
            lines += [f"文本\t{line}" for line in text.lines]
            lines += [f"链接\t{_cell(link.text)}\t{link.url}" for link in text.links]
            lines += [
                f"表单\t{f.method}\t{f.action}\t{','.join(f.fields) or '-'}" for f in text.forms
            ]
        else:
            lines.append(f"文件\t{sniff_format(p.body, p.url)}\t{len(p.body)}")
    return ("\n".join(lines) + "\n").encode("utf-8")
