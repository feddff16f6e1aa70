"""The S3 store: a bucket (optionally under a prefix) through the minio client.

The only module that sees minio or urllib3 (imported only when a store is ``s3://``: minio's
import was a tenth of a command's start, measured). Library errors are translated here: a
missing key or version → :class:`ObjectNotFound`, an unreachable endpoint →
:class:`StoreUnavailable` (worth a retry), anything else → :class:`StoreError`. Messages
never include credentials. No object metadata is ever sent: the minio client rejects
non-ASCII metadata values.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import urllib3
from minio import Minio
from minio.datatypes import Object
from minio.error import MinioException, S3Error, ServerError
from urllib3.exceptions import HTTPError as Urllib3HTTPError
from urllib3.exceptions import MaxRetryError as Urllib3MaxRetry
from urllib3.exceptions import ReadTimeoutError

from kaohe.errors import ConfigError, ObjectNotFound, StoreError, StoreUnavailable
from storage.objects import ObjectInfo

__all__ = ["S3Store", "make_minio_client"]


def make_minio_client(
    endpoint: str,
    *,
    access_key: str | None,
    secret_key: str | None,
    secure: bool,
    region: str | None = None,
    timeout_s: float = 10.0,
    retries: int = 2,
) -> Minio:
    """A minio client that fails fast: short timeouts and few retries.

    The client's defaults (300 s timeouts, ~6 s of retries against a stopped server) would
    stall a flow; the flow's task retries handle longer outages. A read that times out is not
    retried here: a silent endpoint (accepts connections, never answers) costs one
    ``timeout_s`` per operation, not several. ``endpoint`` may carry an ``http://``/``https://``
    scheme, which then decides ``secure``.
    """
    if "://" in endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"对象存储地址无效：{endpoint}（KAOHE_S3_ENDPOINT 应为 主机:端口）")
        secure = parts.scheme == "https"
        endpoint = parts.netloc
    http = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=timeout_s, read=timeout_s),
        maxsize=10,
        retries=urllib3.Retry(
            total=retries,
            read=0,
            backoff_factor=0.2,
            status_forcelist=[500, 502, 503, 504],
            allowed_methods=None,  # S3 requests are idempotent for our uses (no appends)
        ),
    )
    try:
        return Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region,
            http_client=http,
        )
    except ValueError as e:
        raise ConfigError(f"对象存储地址无效：{endpoint}（{e}）") from None


class S3Store:
    """A bucket (optionally under a prefix) reached through a minio client.

    On a bucket with versioning enabled (or suspended) listings carry the version id of each
    key's latest version; keys whose latest version is a delete marker are not listed.
    """

    def __init__(self, client: Minio, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.location = f"s3://{bucket}" + (f"/{self.prefix.rstrip('/')}" if self.prefix else "")
        self._versioned: bool | None = None

    def __repr__(self) -> str:
        return f"S3Store({self.location!r})"

    def _versioning(self) -> bool:
        if self._versioned is None:
            with self._errors("读取存储桶版本设置"):
                try:
                    status = self.client.get_bucket_versioning(self.bucket).status
                except S3Error as e:
                    if e.code not in ("AccessDenied", "NotImplemented"):
                        raise
                    status = None  # the setting cannot be read: list without versions
            self._versioned = status in ("Enabled", "Suspended")
        return self._versioned

    def list(
        self, prefix: str = "", *, skip: Callable[[str], bool] | None = None
    ) -> Iterator[ObjectInfo]:
        versioned = self._versioning()
        with self._errors(f"列出 {self.location}/{prefix}"):
            if skip is not None and not prefix:
                # the top level with its folders as common prefixes, then each folder kept
                for o in self.client.list_objects(
                    self.bucket, prefix=self.prefix, include_version=versioned
                ):
                    name = (o.object_name or "")[len(self.prefix) :]
                    if o.is_dir:
                        if name.endswith("/") and not skip(name[:-1]):
                            yield from self.list(name)
                    else:
                        yield from self._infos([o], versioned)
                return
            objects = self.client.list_objects(
                self.bucket,
                prefix=self.prefix + prefix,
                recursive=True,
                include_version=versioned,
            )
            yield from self._infos(objects, versioned)

    def _infos(self, objects: Iterable[Object], versioned: bool) -> Iterator[ObjectInfo]:
        """The listed objects as :class:`ObjectInfo`: folder markers and older versions out."""
        for o in objects:
            name = o.object_name or ""
            if o.is_dir or (name.endswith("/") and not o.size):  # folder markers
                continue
            if versioned and (o.is_latest != "true" or o.is_delete_marker):
                continue  # is_latest is the string 'true'/'false' (measured)
            yield ObjectInfo(
                key=name[len(self.prefix) :],
                size=int(o.size or 0),
                etag=(o.etag or "").strip('"'),
                last_modified=_utc(o.last_modified),
                version_id=_version(o.version_id),
            )

    def get(self, key: str, version_id: str | None = None) -> bytes:
        resp = None
        with self._errors(f"读取 {key}", key=key):
            try:
                resp = self.client.get_object(
                    self.bucket, self.prefix + key, version_id=version_id or None
                )
                return resp.read()
            finally:
                if resp is not None:
                    resp.close()
                    resp.release_conn()

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            with self._errors(f"查询 {key}", key=key):
                st = self.client.stat_object(self.bucket, self.prefix + key)
        except ObjectNotFound:
            return None
        return ObjectInfo(
            key=key,
            size=int(st.size or 0),
            etag=(st.etag or "").strip('"'),
            last_modified=_utc(st.last_modified),
            version_id=_version(st.version_id),
        )

    def put(self, key: str, data: bytes) -> ObjectInfo:
        with self._errors(f"写入 {key}", key=key):
            res = self.client.put_object(
                self.bucket, self.prefix + key, io.BytesIO(data), len(data)
            )
            # stat this very version for the server's last_modified (the write result lacks it)
            st = self.client.stat_object(
                self.bucket, self.prefix + key, version_id=_version(res.version_id)
            )
        return ObjectInfo(
            key=key,
            size=int(st.size or len(data)),
            etag=(st.etag or "").strip('"'),
            last_modified=_utc(st.last_modified),
            version_id=_version(st.version_id),
        )

    def delete(self, key: str) -> None:
        """Delete ``key`` (a delete marker on a versioned bucket); a missing key is no error."""
        with self._errors(f"删除 {key}", key=key):
            self.client.remove_object(self.bucket, self.prefix + key)

    def presigned_url(
        self, key: str, version_id: str | None = None, expires: timedelta = timedelta(hours=1)
    ) -> str | None:
        with self._errors(f"生成 {key} 的下载链接", key=key):
            return self.client.presigned_get_object(
                self.bucket, self.prefix + key, expires=expires, version_id=version_id or None
            )

    @contextlib.contextmanager
    def _errors(self, what: str, key: str | None = None) -> Iterator[None]:
        """Translate minio/urllib3 errors into kaohe errors (Chinese reason, no secrets)."""
        try:
            yield
        except S3Error as e:
            code = e.code or ""
            detail = f"S3 {code} during {what}"
            if code in ("NoSuchKey", "NoSuchVersion", "NoSuchObject", "ResourceNotFound"):
                raise ObjectNotFound(
                    f"对象不存在：{key or what}（{self.location}）", detail=detail
                ) from None
            if code == "NoSuchBucket":
                raise StoreError(f"存储桶不存在：{self.bucket}", detail=detail) from None
            if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
                raise StoreError(
                    f"无权访问存储桶 {self.bucket}，请检查 KAOHE_S3_ACCESS_KEY/SECRET_KEY",
                    detail=detail,
                ) from None
            raise StoreError(
                f"对象存储返回错误（{code or '未知'}）：{what}", detail=detail
            ) from None
        except ServerError as e:  # a 5xx after retries: the service is in trouble
            raise StoreUnavailable(
                f"对象存储暂时不可用（HTTP {e.status_code}）：{what}", detail=type(e).__name__
            ) from None
        except (ReadTimeoutError, TimeoutError) as e:
            raise self._silent(what, type(e).__name__) from None
        except Urllib3MaxRetry as e:
            if isinstance(e.reason, ReadTimeoutError):
                raise self._silent(what, "ReadTimeoutError") from None
            reason = type(e.reason).__name__ if e.reason else type(e).__name__
            raise self._unreachable(what, reason) from None
        except (Urllib3HTTPError, ConnectionError) as e:
            # MaxRetryError, ProtocolError, timeouts: unreachable endpoint
            raise self._unreachable(what, type(e).__name__) from None
        except ValueError as e:  # the client's own argument checks (bucket name, key)
            raise StoreError(f"存储桶名称或对象键无效：{what}（{e}）") from None
        except MinioException as e:  # malformed responses and the like
            raise StoreError(f"对象存储响应异常：{what}", detail=type(e).__name__) from None

    def _silent(self, what: str, detail: str) -> StoreUnavailable:
        return StoreUnavailable(
            f"对象存储 {_host(self.client)} 长时间没有响应：{what} 超时", detail=detail
        )

    def _unreachable(self, what: str, detail: str) -> StoreUnavailable:
        return StoreUnavailable(
            f"无法连接对象存储 {_host(self.client)}：{what} 失败", detail=detail
        )


def _host(client: Minio) -> str:
    """The endpoint's host:port for messages (never credentials)."""
    base = getattr(client, "_base_url", None)
    return str(getattr(base, "host", "") or "")


def _version(v: str | None) -> str | None:
    return None if v in (None, "", "null") else v


def _utc(dt: datetime | None) -> datetime:
    if dt is None:
        return datetime.now(UTC)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
