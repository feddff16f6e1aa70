"""Unit uploads into ``{year}/{unit}/…`` of the store: name and type checks, duplicates,
never an overwrite, a receipt per file."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fastapi import UploadFile

from kaohe.context import Context
from kaohe.office.accounts import audit
from storage.models import utcnow

__all__ = [
    "ALLOWED",
    "Receipt",
    "check_upload",
    "clean_name",
    "read_files",
    "save_files",
    "store_upload",
]

#: suffix → magic prefixes the bytes must start with
ALLOWED: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".wps": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f<>:\"|?*\\/]")


@dataclass(frozen=True)
class Receipt:
    """回执: what happened to one uploaded file."""

    name: str
    ok: bool
    message: str
    key: str | None = None
    sha256: str | None = None
    size: int = 0
    at: datetime | None = None
    duplicate_of: str | None = None
    renamed: bool = False
    version_id: str | None = None


def clean_name(raw: str) -> str | None:
    """The file name to store: the last path segment, NFKC, without control or path
    characters; None when nothing usable is left or it would be hidden or temporary."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", raw or ""))[-1]
    if base.strip().startswith("."):
        return None  # hidden files are never submissions (storage.layout ignores them)
    name = _BAD_CHARS.sub("_", base).strip().strip(".")
    if not name or name.startswith("~") or name in (".", ".."):
        return None
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 120 - len(ext) - 1] + dot + ext) if dot else name[:120]
    return name


def _suffix(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def check_upload(raw_name: str, data: bytes, max_bytes: int) -> Receipt | None:
    """The refusal of one file (name, type, size, content), or None when it may be stored."""
    shown = (raw_name or "")[:200]
    name = clean_name(raw_name)
    if name is None:
        return Receipt(shown, False, "文件名无效（不能为空、隐藏文件或临时文件），请改名后重新上传")
    suffix = _suffix(name)
    if suffix not in ALLOWED:
        kinds = "、".join(sorted(s.lstrip(".") for s in ALLOWED))
        return Receipt(name, False, f"不支持的文件类型“{suffix or '无扩展名'}”，只接受：{kinds}")
    if not data:
        return Receipt(name, False, "文件为空")
    if len(data) > max_bytes:
        return Receipt(
            name,
            False,
            f"文件过大（{len(data) / 1048576:.1f} MB），上限 {max_bytes / 1048576:.0f} MB",
        )
    if not data.startswith(ALLOWED[suffix]):
        return Receipt(name, False, f"文件内容与扩展名“{suffix}”不符，未保存")
    return None


def store_upload(
    ctx: Context, year: int, unit: str, raw_name: str, data: bytes, max_bytes: int
) -> Receipt:
    """Check one file and put it under ``{year}/{unit}/``; never overwrites a key."""
    refused = check_upload(raw_name, data, max_bytes)
    if refused is not None:
        return refused
    name = clean_name(raw_name)
    assert name is not None
    sha = hashlib.sha256(data).hexdigest()
    prefix = f"{year}/{unit}/"
    taken: set[str] = set()
    for info in ctx.store.list(prefix):
        taken.add(info.key)
        if info.size == len(data) and hashlib.sha256(ctx.store.get(info.key)).hexdigest() == sha:
            return Receipt(
                name,
                True,
                f"与已提交的 {info.key[len(prefix) :]} 内容相同，未重复保存",
                key=info.key,
                sha256=sha,
                size=len(data),
                at=utcnow(),
                duplicate_of=info.key,
                version_id=info.version_id,
            )
    key = prefix + name
    renamed = False
    n = 2
    stem, dot, ext = name.rpartition(".")
    while key in taken or ctx.store.stat(key) is not None:
        key = f"{prefix}{stem}（{n}）{dot}{ext}"
        renamed, n = True, n + 1
    stored = ctx.store.put(key, data)
    msg = "已保存，下次评分运行时读取"
    if renamed:
        msg = f"同名文件已存在，已另存为 {key[len(prefix) :]}（未覆盖原文件），下次评分运行时读取"
    return Receipt(
        name,
        True,
        msg,
        key=key,
        sha256=sha,
        size=len(data),
        at=utcnow(),
        renamed=renamed,
        version_id=stored.version_id,
    )


async def read_files(files: Sequence[UploadFile] | None, max_bytes: int) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file of a form, at most ``max_bytes + 1`` bytes read of each (so
    that an oversized file is refused without reading it all)."""
    out = []
    for f in files or []:
        if not f.filename and not f.size:
            continue  # the empty part a browser sends for a file input left empty
        out.append((f.filename or "", await f.read(max_bytes + 1)))
    return out


def save_files(
    ctx: Context,
    year: int,
    unit: str,
    items: Sequence[tuple[str, bytes]],
    max_bytes: int,
    *,
    actor: str,
    address: str | None,
    action: str = "upload",
) -> list[Receipt]:
    """Store each file (:func:`store_upload`) and audit each one stored: the receipts."""
    receipts = []
    for name, data in items:
        r = store_upload(ctx, year, unit, name, data, max_bytes)
        receipts.append(r)
        if r.ok:
            audit(
                ctx,
                actor,
                action,
                r.key,
                {"sha256": r.sha256, "size": r.size, "duplicate_of": r.duplicate_of},
                address,
            )
    return receipts
