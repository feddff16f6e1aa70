"""Benchmark the phases on a generated corpus: files/s, parse vs extract vs DB time, peak RSS.

    python benchmarks/pipeline_bench.py [--units 10] [--per-unit 20] [--workers 2]

Runs ingest, extract and score as plain functions (no Prefect) against a local folder store
and a SQLite file in a temp dir, then times parsing and extraction alone on the same files so
the database share of the extract phase can be read off. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=10)
    ap.add_argument("--per-unit", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    from extractors.contract import to_contract
    from extractors.extract import extract
    from extractors.parsing.dispatch import parse_bytes
    from kaohe.context import build_context
    from kaohe.demo import bulk_files
    from kaohe.phases import extract as extract_phase_fns
    from kaohe.phases import ingest as ingest_fns
    from kaohe.phases import score as score_fns
    from kaohe.settings import load_settings
    from kaohe.units import load_units
    from storage.repo import runs

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            store=str(Path(tmp) / "store"),
            database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
            workers=args.workers,
        )
        units = load_units(settings.units_path())[: args.units]
        t = time.perf_counter()
        files = bulk_files([(u.code, u.name, u.kind) for u in units], settings.year, args.per_unit)
        gen = time.perf_counter() - t
        ctx = build_context(settings, create=True)
        for f in files:
            ctx.store.put(f.key, f.data)
        n = len(files)
        print(
            f"corpus: {n} files ({sum(len(f.data) for f in files) / 1e6:.1f} MB), "
            f"generated in {gen:.1f} s"
        )

        with ctx.session() as s:
            run = runs.start_run(s, kind="ingest", year=settings.year)
        t = time.perf_counter()
        listing = ingest_fns.list_submissions(ctx.store)
        plan = ingest_fns.plan_ingest(ctx, listing, settings.year)
        ingest_fns.ingest_batch(ctx, plan.to_fetch, run)
        ingest_fns.finalize_ingest(ctx, plan, run)
        ingest = time.perf_counter() - t

        t = time.perf_counter()
        pending = extract_phase_fns.pending_documents(ctx, settings.year)
        for i in range(0, len(pending), settings.batch_size):
            extract_phase_fns.extract_batch(ctx, pending[i : i + settings.batch_size], run)
        extract_phase = time.perf_counter() - t

        t = time.perf_counter()
        score_fns.score_year(ctx, settings.year, run)
        score = time.perf_counter() - t

        # the same work without the database, in one process, to split the extract phase
        t = time.perf_counter()
        parsed = [parse_bytes(f.data, f.key, limits=ctx.parse_limits) for f in files]
        parse_only = time.perf_counter() - t
        t = time.perf_counter()
        for f, doc in zip(files, parsed, strict=True):
            to_contract(f.key, None, doc, extract(doc, ctx.rules))
        extract_only = time.perf_counter() - t

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"ingest  : {ingest:6.2f} s  {n / ingest:7.1f} files/s (read + sha256 + register)")
        print(
            f"extract : {extract_phase:6.2f} s  {n / extract_phase:7.1f} files/s "
            f"({args.workers} worker processes, incl. DB writes)"
        )
        print(f"  parse only (1 process)  : {parse_only:6.2f} s  {n / parse_only:7.1f} files/s")
        print(f"  extract only (1 process): {extract_only:6.2f} s  {n / extract_only:7.1f} files/s")
        print(f"score   : {score:6.2f} s for {len(units)} units")
        total = ingest + extract_phase + score
        print(f"total   : {total:6.2f} s  {n / total:7.1f} files/s end to end")
        print(f"peak RSS: main {rss:.0f} MB, largest worker {child:.0f} MB")
        ctx.engine.dispose()


if __name__ == "__main__":
    main()
