"""Benchmark the 评分总表 page's server time at 100 units × 24 indicators × 10,000 documents.

    python benchmarks/web_bench.py [--units 100] [--documents 10000] [--repeat 20]
                                   [--database-url URL]

Builds a SQLite database in a temp dir with a completed run and its score set (every unit ×
every indicator of the county rubric, padded to 24), 10,000 registered document versions and
one evidence row per document, plus open 复核 requests; then times ``GET /table`` through the
app (TestClient, signed in as office: session lookup, read models, template). Prints figures;
asserts nothing (target: < 300 ms). The first request is reported apart: it compiles the
templates and builds the table of the score set (``kaohe.views.table`` keeps it per set).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--indicators", type=int, default=24)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument(
        "--database-url",
        default=None,
        help="an empty database to fill (default: SQLite in a temp dir), e.g. a PostgreSQL "
        "URL with options=-csearch_path=<fresh schema>",
    )
    args = ap.parse_args()

    import yaml
    from fastapi.testclient import TestClient
    from sqlalchemy import insert

    from kaohe.context import build_context
    from kaohe.office.accounts import add_user
    from kaohe.settings import load_settings
    from kaohe.web.app import create_app
    from storage.models import (
        Blob,
        ObjectVersion,
        ReviewRequest,
        Run,
        Score,
        ScoreEvidence,
        ScoreSet,
    )

    with tempfile.TemporaryDirectory() as tmp:
        units_file = Path(tmp) / "units.yaml"
        codes = [f"u{i:03d}" for i in range(args.units)]
        units_file.write_text(
            yaml.safe_dump(
                {
                    "units": [
                        {"code": c, "name": f"测试第{c}县人民政府", "kind": "county"} for c in codes
                    ]
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        settings = load_settings(
            store=str(Path(tmp) / "store"),
            database_url=args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
            units=units_file,
        )
        ctx = build_context(settings, create=True)
        rubric = ctx.rubrics["county"]
        inds = [(i.code, i.name, i.points) for i in rubric.indicators]
        while len(inds) < args.indicators:
            inds.append((f"9.{len(inds)}", f"补充指标{len(inds)}", 2.0))
        inds = inds[: args.indicators]
        now = datetime.now(UTC)
        t = time.perf_counter()
        with ctx.session() as s:
            s.add(Run(id="bench", kind="pipeline", year=settings.year, status="running"))
            s.flush()
            ss = ScoreSet(
                year=settings.year,
                run_id="bench",
                rules_hash=ctx.rules_hash,
                extraction_rules_hash="x",
                extractor_version="x",
                digest="x",
            )
            s.add(ss)
            s.flush()
            run = s.get(Run, "bench")
            assert run is not None
            run.status, run.score_set_id, run.finished_at = "completed", ss.id, now
            s.execute(
                insert(Blob),
                [
                    {"sha256": f"{i:064x}", "size": 1000, "format": "docx", "first_seen": now}
                    for i in range(args.documents)
                ],
            )
            s.execute(
                insert(ObjectVersion),
                [
                    {
                        "store": ctx.store.location,
                        "key": f"{settings.year}/{codes[i % len(codes)]}/d{i}.docx",
                        "etag": f"e{i}",
                        "version_id": "",
                        "size": 1000,
                        "sha256": f"{i:064x}",
                        "last_modified": now,
                        "year": settings.year,
                        "unit_code": codes[i % len(codes)],
                        "first_seen_at": now,
                        "last_seen_at": now,
                    }
                    for i in range(args.documents)
                ],
            )
            rows = []
            for ui, c in enumerate(codes):
                for k, (code, name, pts) in enumerate(inds):
                    status = "pending_manual" if (ui + k) % 17 == 0 else "auto"
                    rows.append(
                        {
                            "score_set_id": ss.id,
                            "unit_code": c,
                            "indicator": code,
                            "indicator_name": name,
                            "points": None if status != "auto" else pts * ((ui + k) % 5) / 4,
                            "max_points": pts,
                            "status": status,
                            "rule": "bench",
                            "explanation": "说明" * 20,
                            "auto_points": None,
                        }
                    )
            s.execute(insert(Score), rows)
            score_ids = list(s.scalars(Score.__table__.select().with_only_columns(Score.id)))
            s.execute(
                insert(ScoreEvidence),
                [
                    {
                        "score_id": score_ids[i % len(score_ids)],
                        "seq": i // len(score_ids) + 1,
                        "object_version_id": i + 1,
                        "note": "扣分",
                        "points": -1.0,
                        "quote": "引文",
                    }
                    for i in range(args.documents)
                ],
            )
            s.execute(
                insert(ReviewRequest),
                [
                    {
                        "year": settings.year,
                        "unit_code": c,
                        "indicator": inds[0][0],
                        "reason": "r",
                        "state": "open",
                        "requested_by": "x",
                        "requested_at": now,
                    }
                    for c in codes[::7]
                ],
            )
        print(
            f"data: {args.units} units × {len(inds)} indicators = {len(rows)} scores, "
            f"{args.documents} documents, built in {time.perf_counter() - t:.1f} s"
        )
        add_user(ctx, "bench", "office", "bench-password", actor="bench")
        client = TestClient(create_app(settings))
        client.post(
            "/login",
            data={"username": "bench", "password": "bench-password"},
            follow_redirects=False,
        )
        times = []
        cold = 0.0
        for i in range(args.repeat + 1):
            t = time.perf_counter()
            r = client.get("/table")
            elapsed = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, r.status_code
            if i:
                times.append(elapsed)
            else:  # templates compiled, the table of this score set built (as after a re-score)
                cold = elapsed
        assert "测试第u099县人民政府" in r.text or args.units < 100
        print(
            f"GET /table: {len(r.content) / 1024:.0f} KiB; "
            f"median {statistics.median(times):.0f} ms, "
            f"min {min(times):.0f} ms, max {max(times):.0f} ms over {len(times)} requests "
            f"(target < 300 ms); first request {cold:.0f} ms (table of a new score set built)"
        )
        ctx.engine.dispose()


if __name__ == "__main__":
    main()
