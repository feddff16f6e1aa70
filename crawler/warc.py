"""WARC records (warcio): one gzip'd WARC file per fetched page — request and response.

Bytes out only; the phase stores them. The response record keeps the status line, the headers
and the payload exactly as received; ``WARC-Date`` is the fetch time.
"""

from __future__ import annotations

import io
from datetime import datetime

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.fetch import FetchResult

__all__ = ["read_response", "warc_bytes"]

_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}


def _date(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def warc_bytes(result: FetchResult) -> bytes:
    """A WARC file (request + response records) of one fetch that got an answer."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    url, when = result.final_url, _date(result.fetched_at)
    path = url.split("://", 1)[-1]
    path = "/" + path.split("/", 1)[1] if "/" in path else "/"
    req_headers = StatusAndHeaders(
        f"{result.method} {path} HTTP/1.1", result.request_headers, is_http_request=True
    )
    req = writer.create_warc_record(
        url, "request", http_headers=req_headers, warc_headers_dict={"WARC-Date": when}
    )
    reason = _REASONS.get(result.status, "")
    headers = [
        (k, v)
        for k, v in result.headers
        if k.lower() not in ("content-length", "transfer-encoding", "content-encoding")
    ]
    status_line = f"{result.status} {reason}".strip()
    resp_headers = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
    resp = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(result.body),
        length=len(result.body),
        http_headers=resp_headers,
        warc_headers_dict={"WARC-Date": when},
    )
    writer.write_record(req)
    writer.write_record(resp)
    return buf.getvalue()


def read_response(data: bytes) -> tuple[str, str, int, str, bytes]:
    """``(url, warc_date, status, content_type, payload)`` of the response record of ``data``."""
    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type != "response":
            continue
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        when = record.rec_headers.get_header("WARC-Date") or ""
        http = record.http_headers
        status = int((http.get_statuscode() or "0") if http else 0)
        ctype = ((http.get_header("Content-Type") or "") if http else "").split(";")[0]
        return url, when, status, ctype.strip().lower(), record.content_stream().read()
    raise ValueError("no response record")
