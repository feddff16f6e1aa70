"""The website crawler (网站巡检): polite fetching, page reading, WARC records. IO, no store/db.

:mod:`crawler.fetch` fetches (robots.txt, per-host rate, retries, hosts, redirects),
:mod:`crawler.page` reads a page (links, forms, text lines), :mod:`crawler.normalise` computes
the "unchanged" digest, :mod:`crawler.warc` writes WARC records, :mod:`crawler.site` walks one
unit's site and :mod:`crawler.record` writes the crawl record text the extractors read.
"""

from __future__ import annotations

__all__: list[str] = []
