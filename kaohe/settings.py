"""Typed settings: ``config/settings.yaml`` overridden by ``KAOHE_*`` environment variables.

The environment names are a public interface (deployments set them): ``KAOHE_DATABASE_URL``,
``KAOHE_STORE``, ``KAOHE_S3_ENDPOINT``, ``KAOHE_S3_ACCESS_KEY``, ``KAOHE_S3_SECRET_KEY``,
``KAOHE_S3_SECURE``, ``KAOHE_UNITS``, ``KAOHE_YEAR``, ``KAOHE_CONFIG_DIR``.

Nothing is read at import time: call :func:`load_settings`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator

from kaohe.errors import ConfigError

__all__ = [
    "Limits",
    "Settings",
    "Unit",
    "default_config_dir",
    "load_settings",
    "load_units",
    "mask_url_password",
]

ENV_PREFIX = "KAOHE_"


def default_config_dir() -> Path:
    """The ``config/`` shipped with kaohe (inside the wheel, or the source checkout)."""
    shipped = resources.files("kaohe") / "_config"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parent.parent / "config"


class Limits(BaseModel):
    """Guards applied before and while parsing a file."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 300
    #: per-file parse timeout (seconds), enforced in a worker process; leaves room for OCR of
    #: ``max_ocr_pages`` pages at ~3–6 s a page (measured)
    parse_timeout_s: float = 120.0
    #: scans with more pages than this go to manual review instead of OCR
    max_ocr_pages: int = 15
    #: LibreOffice .doc/.wps → docx conversion timeout (seconds)
    convert_timeout_s: float = 30.0
    #: docx: total uncompressed size of all zip entries
    max_unzipped_bytes: int = 200 * 1024 * 1024
    #: docx: per-entry compression ratio above which the file is treated as a zip bomb
    max_compression_ratio: float = 200.0


class Settings(BaseModel):
    """All runtime settings. Secrets are ``SecretStr`` and never printed."""

    model_config = {"frozen": True}

    config_dir: Path
    database_url: str = "sqlite:///kaohe-data/kaohe.sqlite"
    store: str = "kaohe-data/store"
    s3_endpoint: str | None = None
    s3_access_key: SecretStr | None = None
    s3_secret_key: SecretStr | None = None
    s3_secure: bool = True
    s3_region: str | None = None
    units: Path | None = None
    year: int = Field(default=2024, ge=2000, le=2100)
    limits: Limits = Field(default_factory=Limits)
    #: documents per extract task
    batch_size: int = Field(default=200, ge=1)
    #: parser worker processes (0 = parse in-process, no per-file timeout)
    workers: int = Field(default=2, ge=0)

    @field_validator("store")
    @classmethod
    def _store_not_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("store must not be empty")
        return v

    @property
    def store_is_s3(self) -> bool:
        return self.store.startswith("s3://")

    def units_path(self) -> Path:
        return self.units if self.units is not None else self.config_dir / "units.yaml"

    def public(self) -> Settings:
        """These settings without the S3 credentials: what may cross a process boundary.

        Task inputs and flow parameters carry public settings; a process that needs the
        credentials reads them from its own environment (:func:`kaohe.context.context_for`).
        """
        return self.model_copy(update={"s3_access_key": None, "s3_secret_key": None})

    def describe(self) -> dict[str, Any]:
        """Settings safe to log or print (secrets masked, DB password removed)."""
        d = self.model_dump(mode="json", exclude={"s3_access_key", "s3_secret_key"})
        d["database_url"] = mask_url_password(self.database_url)
        d["s3_access_key"] = "***" if self.s3_access_key else None
        d["s3_secret_key"] = "***" if self.s3_secret_key else None
        return d


_URL_PASSWORD = re.compile(r"^(?P<head>[A-Za-z][\w+.-]*://[^/@:]*:)(?P<password>[^@/]*)@")


def mask_url_password(url: str) -> str:
    """``postgresql://kaohe:secret@db/kaohe`` → ``postgresql://kaohe:***@db/kaohe``."""
    return _URL_PASSWORD.sub(lambda m: m["head"] + "***@", url, count=1)


_ENV_FIELDS = {
    "DATABASE_URL": "database_url",
    "STORE": "store",
    "S3_ENDPOINT": "s3_endpoint",
    "S3_ACCESS_KEY": "s3_access_key",
    "S3_SECRET_KEY": "s3_secret_key",
    "S3_SECURE": "s3_secure",
    "S3_REGION": "s3_region",
    "UNITS": "units",
    "YEAR": "year",
    "BATCH_SIZE": "batch_size",
    "WORKERS": "workers",
}


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from the config dir's ``settings.yaml``, then env, then ``overrides``.

    Relative paths in ``settings.yaml`` stay relative to the working directory (the office's
    data folder), except ``units`` which is resolved against the config dir.
    """
    env = dict(os.environ if env is None else env)
    config_dir = Path(env.get(ENV_PREFIX + "CONFIG_DIR") or default_config_dir())
    if not config_dir.is_dir():
        raise ConfigError(f"配置目录不存在：{config_dir}（KAOHE_CONFIG_DIR）")
    values: dict[str, Any] = {}
    settings_file = config_dir / "settings.yaml"
    if settings_file.exists():
        values.update(_read_yaml(settings_file) or {})
    if values.get("units"):
        values["units"] = config_dir / str(values["units"])
    for suffix, name in _ENV_FIELDS.items():
        if (v := env.get(ENV_PREFIX + suffix)) not in (None, ""):
            values[name] = v
    values.update(overrides)
    values["config_dir"] = config_dir
    try:
        return Settings.model_validate(values)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"设置项 {loc} 无效：{first['msg']}（{settings_file} 或环境变量 KAOHE_*）"
        ) from None


@dataclass(frozen=True, slots=True)
class Unit:
    """An assessed unit: ``kind`` is ``county`` (1.x indicators) or ``department`` (2.x)."""

    code: str
    name: str
    kind: Literal["county", "department"]


def load_units(path: Path) -> list[Unit]:
    """Read the units file (YAML ``units: [{code, name, kind}]``); errors name file and line."""
    data = _read_yaml(path)
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
        if not code or "/" in code or code in ("..", "."):
            raise ConfigError(f"{where} 的 code 无效：{code!r}")
        if code in seen:
            raise ConfigError(f"{where} 的 code 重复：{code}")
        seen.add(code)
        units.append(Unit(code=code, name=name, kind=kind))
    return units


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        raise ConfigError(f"配置文件不存在：{path}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" 第{mark.line + 1}行" if mark is not None else ""
        raise ConfigError(f"配置文件 {path}{line} 不是合法的 YAML：{e}") from None
