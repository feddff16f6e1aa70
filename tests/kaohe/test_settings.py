"""Settings layers: config dir < workspace file < KAOHE_* < command line; where each came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaohe.errors import ConfigError
from kaohe.settings import WORKSPACE_FILE, init_workspace, load_settings


def test_workspace_overrides_config_and_env_overrides_workspace(tmp_path: Path) -> None:
    ws = tmp_path / "考核2024"
    written = init_workspace(ws, year=2023)
    assert written[0] == ws / WORKSPACE_FILE and (ws / "config" / "rubric-county.yaml").is_file()

    s = load_settings({}, workspace=ws)
    assert s.workspace == ws.resolve() and s.config_dir == (ws / "config").resolve()
    assert (s.year, s.store) == (2023, str((ws / "store").resolve()))
    assert s.database_url == f"sqlite:///{(ws / 'kaohe.sqlite').resolve()}"
    assert s.units_path() == (ws / "config").resolve() / "units.yaml"
    assert s.sources["year"] == "workspace" and s.sources["limits.max_pages"] == "config"
    assert s.sources["config_dir"] == "workspace" and s.sources["workspace"] == "option"

    env = {"KAOHE_YEAR": "2024", "KAOHE_STORE": "s3://bucket/x", "KAOHE_S3_ENDPOINT": "h:9000"}
    s = load_settings(env, workspace=ws, year=2025, workers=None)
    assert (s.year, s.store, s.workers) == (2025, "s3://bucket/x", 2)
    assert (s.sources["year"], s.sources["store"], s.sources["workers"]) == (
        "option",
        "env",
        "config",
    )


def test_workspace_found_in_current_directory_and_by_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    init_workspace(ws)
    monkeypatch.chdir(ws)
    assert load_settings({}).workspace == ws.resolve()
    monkeypatch.chdir(tmp_path)
    assert load_settings({}).workspace is None
    s = load_settings({"KAOHE_WORKSPACE": str(ws)})
    assert s.workspace == ws.resolve() and s.sources["workspace"] == "env"


def test_workspace_errors_are_chinese(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="工作区不存在"):
        load_settings({}, workspace=tmp_path / "nowhere")
    ws = tmp_path / "ws"
    init_workspace(ws)
    with pytest.raises(ConfigError, match="已经是工作区"):
        init_workspace(ws)
    (ws / WORKSPACE_FILE).write_text("year: 2024\ns3_secret_key: hunter2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="密钥只能通过环境变量") as e:
        load_settings({}, workspace=ws)
    assert "hunter2" not in e.value.reason
    (ws / WORKSPACE_FILE).write_text("year: 1900\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="year") as e:
        load_settings({}, workspace=ws)
    assert "工作区 kaohe.yaml" in e.value.reason


def test_secrets_only_from_the_environment_and_never_described(tmp_path: Path) -> None:
    s = load_settings({"KAOHE_S3_ACCESS_KEY": "AK", "KAOHE_S3_SECRET_KEY": "SK-secret"})
    assert s.s3_secret_key is not None and s.s3_secret_key.get_secret_value() == "SK-secret"
    described = str(s.describe())
    assert "SK-secret" not in described and "'***'" in described
    url = load_settings({"KAOHE_DATABASE_URL": "postgresql://k:pw@db/k"}).describe()
    assert url["database_url"] == "postgresql://k:***@db/k"
