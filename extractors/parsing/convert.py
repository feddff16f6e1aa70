"""Legacy Word (.doc) and WPS (.wps) → docx bytes with LibreOffice, when it is installed.

``soffice --headless --convert-to docx`` takes ~1.2 s per file here (measured, Debian
``libreoffice-writer-nogui``). Every conversion runs in its own temporary directory with its own
``-env:UserInstallation`` profile: two soffice processes sharing a profile fight over its lock
file and the second silently converts nothing, which breaks parallel parser workers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kaohe.errors import DocumentError

__all__ = ["convert_to_docx", "soffice_path"]

#: the filter name pins the output to OOXML Word whatever the input was detected as
_FILTER = "docx:MS Word 2007 XML"


def soffice_path() -> str | None:
    """The LibreOffice executable on PATH (``soffice`` or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str, timeout_s: float) -> bytes:
    """The docx bytes LibreOffice makes of ``data`` (a .doc/.wps file; ``suffix`` like ``.doc``).

    Raises :class:`DocumentError`: ``legacy_format`` when LibreOffice is missing or cannot be
    started, ``timeout`` when it runs longer than ``timeout_s`` (the whole process group is
    killed), ``corrupt`` when it produced no document (damaged or password-protected file).
    """
    label = _label(suffix)
    exe = soffice_path()
    if exe is None:
        raise DocumentError("legacy_format", f"{label}格式，请另存为 .docx 或 PDF 后重新提交")
    with tempfile.TemporaryDirectory(prefix="kaohe-convert-") as tmp:
        root = Path(tmp)
        src = root / f"input{suffix if suffix.startswith('.') else '.' + suffix}"
        src.write_bytes(data)
        out = root / "out"
        profile = root / "profile"
        cmd = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            _FILTER,
            "--outdir",
            str(out),
            str(src),
        ]
        # HOME too: some components write caches there regardless of the profile.
        env = {**os.environ, "HOME": str(root)}
        detail = _run(cmd, env, timeout_s, label)
        result = out / f"{src.stem}.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise DocumentError(
                "corrupt",
                f"{label}文件无法转换（可能已损坏或设有密码），请另存为 .docx 或 PDF 后重新提交",
                detail=detail,
            )
        return result.read_bytes()


def _label(suffix: str) -> str:
    return "WPS 文字（.wps）" if suffix.lower().lstrip(".") == "wps" else "旧版 Word（.doc）"


def _run(cmd: list[str], env: dict[str, str], timeout_s: float, label: str) -> str:
    """Run soffice in its own session so a timeout can kill oosplash *and* soffice.bin."""
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    except OSError as e:
        raise DocumentError(
            "legacy_format",
            f"{label}格式，转换工具无法启动，请另存为 .docx 或 PDF 后重新提交",
            detail=str(e),
        ) from e
    try:
        output, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired as e:
        _kill_group(proc)
        raise DocumentError(
            "timeout",
            f"{label}文件转换超时（{timeout_s:g} 秒），请另存为 .docx 或 PDF 后重新提交",
        ) from e
    return f"exit {proc.returncode}: {output.decode('utf-8', 'replace').strip()[-500:]}"


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
