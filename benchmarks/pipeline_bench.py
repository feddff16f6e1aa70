"""Benchmark the whole `kaohe run` at several corpus sizes (a script, not a test).

    python benchmarks/pipeline_bench.py --sizes 500 5000 [--dask 1 2] [--db postgresql+psycopg://…]

For each size: a corpus of realistic submissions (``kaohe.demo.bulk_files``, multiplied with
distinct bytes: a zip comment on docx, a trailing PDF comment line) in a folder store, over
a city's ``--units`` (100: the issue's 5,000 documents of 100 units), or more where the size
asks for more than ``--docs-per-unit`` (50: 1,000 units, a province, at 50,000) — the
configured units and numbered copies of them, in a copy of the configuration; then
the real command in a subprocess against a Prefect API started once here (so Prefect's start is
small and reported apart), each time into a fresh database:

* fixed cost — ``kaohe run`` on an empty store, the database's schema already made (the
  first command on a new database makes it, once; printed apart);
* cold — ``kaohe run`` on the corpus; docs/s, the phase split, peak RSS of the whole process
  tree (sampled every 0.1 s);
* no-change — ``kaohe run`` again; ms per object beyond the fixed cost;
* rerun — ``kaohe rerun`` after a rubric change (a copy of config/ with one point moved);
* the two parse floors on the same files, 2 processes: pdfplumber ``extract_text`` +
  python-docx, and pypdfium2 + python-docx;
* with ``--dask``: the cold run again with 1 and/or 2 Dask workers (processes on 127.0.0.1).

Prints figures and the machine's load average; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psutil

__all__ = ["main"]

REPO = Path(__file__).resolve().parents[1]
_TIMING = re.compile(
    r"用时 ([\d.]+) 秒：Prefect 启动 ([\d.]+) 秒，(?:采集 ([\d.]+) 秒，)?提取 ([\d.]+) 秒，"
    r"评分 ([\d.]+) 秒"
)


# ----------------------------------------------------------------------------- corpus


def distinct_copy(data: bytes, key: str, n: int) -> bytes:
    """``data`` with distinct bytes but the same content: a zip comment (docx) or a PDF
    comment line after ``%%EOF`` (both ignored by readers)."""
    tag = f"kaohe-bench copy {n}".encode()
    if key.endswith(".docx"):
        assert data[-22:-18] == b"PK\x05\x06" and data[-2:] == b"\0\0", "docx with a comment"
        return data[:-2] + len(tag).to_bytes(2, "little") + tag
    return data + b"\n%" + tag + b"\n"


def bench_config(into: Path, size: int, docs_per_unit: int, min_units: int = 100) -> Path:
    """A copy of the configuration whose units file holds ``min_units`` units (a city), or
    enough for ``size`` documents at ``docs_per_unit`` each (a province has more units, not
    more documents per unit): the configured units, then copies of them with a numbered code
    and name, each of its template's kind. Between two sizes of one city the unit count stays,
    so the per-document slopes hold no per-unit cost."""
    from kaohe.settings import default_config_dir
    from kaohe.units import load_units

    base = default_config_dir()
    shutil.copytree(base, into)
    units = load_units(base / "units.yaml")
    want = max(len(units), min_units, -(-size // docs_per_unit))
    lines = ["units:"]
    for i in range(want):
        u = units[i % len(units)]
        code, name = (u.code, u.name) if i < len(units) else (f"{u.code}{i:04d}", f"{u.name}{i}")
        lines.append(f"  - {{code: {code}, name: {name}, kind: {u.kind}}}")
    (into / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return into


def write_corpus(root: Path, size: int, year: int = 2024, config: Path | None = None) -> int:
    """``size`` documents over the units of ``config`` (default: the configured ones) into a
    folder store at ``root``."""
    from kaohe.demo import bulk_files
    from kaohe.settings import default_config_dir
    from kaohe.units import load_units

    units_file = (config or default_config_dir()) / "units.yaml"
    units = [(u.code, u.name, u.kind) for u in load_units(units_file)]
    base = bulk_files(units[: min(len(units), 10)], year, per_unit=20)
    by_unit: dict[str, list[Any]] = {}
    for f in base:
        by_unit.setdefault(f.key.split("/")[1], []).append(f)
    templates = list(by_unit.values())
    written = 0
    for ui, (code, _name, _kind) in enumerate(units):
        files = templates[ui % len(templates)]
        src = files[0].key.split("/")[1]
        want = size // len(units) + (1 if ui < size % len(units) else 0)
        for i in range(want):
            # fewer than a unit's templates: spread over them (letters, minutes, training, plan)
            j = i * len(files) // want + i % 2 if want < len(files) else i % len(files)
            f = files[min(j, len(files) - 1)]
            key = f.key.replace(f"/{src}/", f"/{code}/", 1)
            stem, dot, ext = key.rpartition(".")
            key = f"{stem}-{i // len(files)}{dot}{ext}" if i >= len(files) else key
            path = root / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(distinct_copy(f.data, f.key, written) if written else f.data)
            written += 1
    return written


# ----------------------------------------------------------------------------- measuring


@contextmanager
def tree_peak(proc: subprocess.Popen[str]) -> Iterator[dict[str, float]]:
    """Peak summed RSS (MB) of ``proc`` and its descendants, sampled every 0.1 s."""
    out = {"peak_mb": 0.0}
    done = threading.Event()

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with suppress(psutil.Error):
                        total += p.memory_info().rss
            except psutil.Error:
                break
            out["peak_mb"] = max(out["peak_mb"], total / 1048576)
            done.wait(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        yield out
    finally:
        done.set()
        t.join()


def run_kaohe(env: dict[str, str], *args: str) -> dict[str, float]:
    """Run ``kaohe *args``; wall seconds, CPU seconds (user + sys of the command and every
    process it waited for: its parser processes), the printed timing and the tree's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kaohe", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with tree_peak(proc) as mem:
        out, _ = proc.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"kaohe {' '.join(args)} failed:\n{out[-3000:]}")
    m = _TIMING.search(out.replace("\n", ""))
    assert m, out[-2000:]
    total, start, ingest, extract, score = (float(x) if x else 0.0 for x in m.groups())
    return {
        "wall": wall,
        "cpu": cpu,
        "total": total,
        "prefect": start,
        "ingest": ingest,
        "extract": extract,
        "score": score,
        # the command's own time: wall (interpreter start and imports included) minus Prefect's
        "work": wall - start,
        "peak_mb": mem["peak_mb"],
    }


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _fmt(label: str, r: dict[str, float], n: int | None = None) -> str:
    rate = f"{n / r['work']:7.1f} docs/s" if n else " " * 14
    return (
        f"{label:<22} {r['wall']:7.2f} s, cpu {r['cpu']:6.2f} s (flow {r['total']:6.2f}, "
        f"Prefect start {r['prefect']:5.2f}; ingest "
        f"{r['ingest']:6.2f}, extract {r['extract']:6.2f}, score {r['score']:5.2f}) {rate}  "
        f"peak tree {r['peak_mb']:5.0f} MB  load {_load()}"
    )


# ----------------------------------------------------------------------------- parse floors


def _floor_one(args: tuple[str, str]) -> int:
    path, pdf = args
    if path.endswith(".docx"):
        from docx import Document

        d = Document(path)
        text = [p.text for p in d.paragraphs] + [
            c.text for t in d.tables for r in t.rows for c in r.cells
        ]
        return len(text)
    if pdf == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(path) as doc:
            return len([p.extract_text() for p in doc.pages])
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return len([doc[i].get_textpage().get_text_range() for i in range(len(doc))])
    finally:
        doc.close()


def _floor_init() -> None:
    import gc

    gc.set_threshold(700, 10, 10)  # python-docx cycles: collect the old generation often


def parse_floor(files: list[Path], pdf: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys of the two processes) of parsing ``files``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with ProcessPoolExecutor(2, initializer=_floor_init) as ex:
        list(ex.map(_floor_one, [(str(f), pdf) for f in files], chunksize=20))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


# ----------------------------------------------------------------------------- setup


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dask_cluster(workers: int, logs: Path) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded workers as processes on 127.0.0.1."""
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--port", str(port), *common],
            stdout=(logs / "scheduler.log").open("w"),
            stderr=subprocess.STDOUT,
        )
    ]
    for i in range(workers):
        procs.append(
            subprocess.Popen(
                [dask, "worker", address, "--nthreads", "1", "--no-nanny", *common],
                stdout=(logs / f"worker{i}.log").open("w"),
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
        )
    try:
        from distributed import Client

        deadline = time.monotonic() + 90
        while True:
            try:
                with Client(address, timeout=5) as c:
                    if len(c.scheduler_info()["workers"]) >= workers:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("Dask workers did not start")
            time.sleep(0.5)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


def changed_rubric(config: Path, into: Path) -> Path:
    """A copy of ``config`` whose county rubric moves one point: a rule change to rerun."""
    shutil.copytree(config, into)
    rubric = into / "rubric-county.yaml"
    text = rubric.read_text(encoding="utf-8")
    new = re.sub(r'^version: "([^"]+)"', r'version: "\1-bench"', text, count=1, flags=re.M)
    assert new != text
    rubric.write_text(new, encoding="utf-8")
    return into


class Databases:
    """Fresh databases: SQLite files in ``tmp``, or PostgreSQL schemas under ``base``."""

    def __init__(self, tmp: Path, base: str | None) -> None:
        self.tmp, self.base, self.made = tmp, base, []  # type: ignore[var-annotated]

    def new(self) -> str:
        n = len(self.made)
        if not self.base:
            url = f"sqlite:///{self.tmp / f'db{n}.sqlite'}"
            self.made.append(url)
            return url
        from sqlalchemy import create_engine, text

        schema = f"bench_{os.getpid()}_{n}"
        eng = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            c.execute(text(f"CREATE SCHEMA {schema}"))
        eng.dispose()
        self.made.append(schema)
        sep = "&" if "?" in self.base else "?"
        return f"{self.base}{sep}options=-csearch_path%3D{schema}"

    def drop(self) -> None:
        if not self.base:
            return
        from sqlalchemy import create_engine, text

        eng = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            for schema in self.made:
                c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        eng.dispose()


# ----------------------------------------------------------------------------- main


def bench_size(
    size: int, tmp: Path, env0: dict[str, str], dbs: Databases, args: argparse.Namespace
) -> dict[str, Any]:
    from kaohe.units import load_units

    store = tmp / f"store-{size}"
    t = time.perf_counter()
    config = bench_config(tmp / f"config-{size}", size, args.docs_per_unit, args.units)
    changed = changed_rubric(config, tmp / f"config-{size}-changed")
    n = write_corpus(store, size, config=config)
    files = sorted(p for p in store.rglob("*") if p.is_file())
    mb = sum(p.stat().st_size for p in files) / 1e6
    units = len(load_units(config / "units.yaml"))
    print(
        f"\n== {n} documents ({mb:.0f} MB) over {units} units, corpus written in "
        f"{time.perf_counter() - t:.0f} s"
    )

    def env(db: str, **extra: str) -> dict[str, str]:
        return {
            **env0,
            "KAOHE_STORE": str(store),
            "KAOHE_DATABASE_URL": db,
            "KAOHE_CONFIG_DIR": str(config),
            **extra,
        }

    res: dict[str, Any] = {"n": n}
    empty = tmp / "empty"
    empty.mkdir(exist_ok=True)
    for rep in range(args.repeat):
        db = dbs.new()
        # the first command on a new database creates the schema (once per database)
        first = run_kaohe({**env(db), "KAOHE_STORE": str(empty)}, "run")
        print(_fmt(f"new database #{rep + 1}", first))
        fixed = run_kaohe({**env(db), "KAOHE_STORE": str(empty)}, "run")
        print(_fmt(f"fixed (empty store) #{rep + 1}", fixed))
        cold = run_kaohe(env(db), "run")
        print(_fmt(f"cold #{rep + 1}", cold, n))
        same = run_kaohe(env(db), "run")
        print(_fmt(f"no-change #{rep + 1}", same))
        rerun = run_kaohe(env(db, KAOHE_CONFIG_DIR=str(changed)), "rerun")
        print(_fmt(f"rerun (rubric) #{rep + 1}", rerun))
        # the machine's speed drifts: the fixed cost is the cheaper of a run before and one
        # after (on a second database, its schema made first)
        db2 = dbs.new()
        run_kaohe({**env(db2), "KAOHE_STORE": str(empty)}, "run")
        again = run_kaohe({**env(db2), "KAOHE_STORE": str(empty)}, "run")
        print(_fmt(f"fixed again #{rep + 1}", again))
        fixed = min(fixed, again, key=lambda r: r["work"])

        def beyond(r: dict[str, float], fixed: dict[str, float] = fixed) -> str:
            """ms per document beyond the fixed cost: of the flow, and of the whole command."""
            flow = (r["total"] - r["prefect"] - fixed["total"] + fixed["prefect"]) / n * 1000
            return f"{flow:.3f} (flow) / {(r['work'] - fixed['work']) / n * 1000:.3f} (command)"

        print(
            f"  beyond the fixed cost, ms per document: no-change {beyond(same)}; cold "
            f"{beyond(cold)}; rerun {beyond(rerun)}"
        )
        res.setdefault("runs", []).append(
            {"fixed": fixed, "cold": cold, "same": same, "rerun": rerun}
        )
    (pdfplumber, plumber_cpu), (pdfium, pdfium_cpu) = (
        parse_floor(files, "pdfplumber"),
        parse_floor(files, "pypdfium2"),
    )
    print(
        f"parse floor, 2 processes: pdfplumber + python-docx {pdfplumber:6.2f} s, cpu "
        f"{plumber_cpu:6.2f} s ({n / pdfplumber:.0f} docs/s); pypdfium2 + python-docx "
        f"{pdfium:6.2f} s, cpu {pdfium_cpu:6.2f} s ({n / pdfium:.0f} docs/s)  load {_load()}"
    )
    res["floors"] = (pdfplumber, pdfium)
    for workers in args.dask if size in args.dask_sizes else ():
        logs = tmp / f"dask-{size}-{workers}"
        logs.mkdir()
        with dask_cluster(workers, logs) as address:
            r = run_kaohe(env(dbs.new(), KAOHE_DASK_ADDRESS=address), "run")
        print(_fmt(f"cold, {workers} Dask worker(s)", r, n))
    return res


def print_slopes(results: dict[int, dict[str, Any]]) -> None:
    """The issue's measure between consecutive sizes: (t_big − t_small) / (n_big − n_small) of
    the whole command (the cheapest repeat at each size), in ms per document."""
    sizes = sorted(results)
    for small, big in itertools.pairwise(sizes):
        a, b = results[small], results[big]
        per = {}
        for kind in ("cold", "same", "rerun"):
            ta = min(r[kind]["work"] for r in a["runs"])
            tb = min(r[kind]["work"] for r in b["runs"])
            per[kind] = (tb - ta) / (b["n"] - a["n"]) * 1000
        print(
            f"\n{small} → {big}, ms per document (command): cold {per['cold']:.2f}, "
            f"no-change {per['same']:.3f}, rerun {per['rerun']:.3f} "
            f"(cold/rerun {per['cold'] / max(per['rerun'], 1e-9):.0f}×)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2, help="parser processes (KAOHE_WORKERS)")
    ap.add_argument("--dask", type=int, nargs="*", default=[], help="Dask worker counts")
    ap.add_argument("--dask-sizes", type=int, nargs="*", default=[5000])
    ap.add_argument("--db", help="PostgreSQL URL (default: SQLite files)")
    ap.add_argument(
        "--docs-per-unit",
        type=int,
        default=50,
        help="documents per unit beyond --units: max(units, size / this) units (default 50)",
    )
    ap.add_argument("--units", type=int, default=100, help="units of a city (default 100)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        os.environ["PREFECT_HOME"] = str(tmp / "prefect")
        os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
        from prefect.settings import PREFECT_API_URL
        from prefect.testing.utilities import prefect_test_harness

        print(f"machine: {os.cpu_count()} cores, load {_load()}, python {sys.version.split()[0]}")
        dbs = Databases(tmp, args.db)
        try:
            with prefect_test_harness(server_startup_timeout=120):
                env0 = {
                    **os.environ,
                    "PREFECT_API_URL": str(PREFECT_API_URL.value()),
                    "KAOHE_YEAR": "2024",
                    "KAOHE_WORKERS": str(args.workers),
                }
                results = {size: bench_size(size, tmp, env0, dbs, args) for size in args.sizes}
                print_slopes(results)
        finally:
            dbs.drop()


if __name__ == "__main__":
    main()
