"""DuckDB over a day of run manifests, before and after `difang compact`.

At the issue's scale a day is 40k-150k crawls, each writing one small manifest. This writes
``--runs`` manifests of ``--rows`` synthetic clean records each (one day) into an archive folder,
times a DuckDB query over ``manifests/`` (the README's example: articles matching a word, per
site), compacts the day with storage.compaction (as the leader does daily), and times the query
again; the answers must be equal. A local folder: over S3 each file also costs requests, so the
gain there is larger than here.

    python -m bench.cluster.compaction [--runs 5000] [--rows 8] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from core.record import MANIFEST_SCHEMA
from storage.compaction import compact
from storage.store import FileStore

DAY = "2026-12-01"
WORDS = ["地铁", "开通", "运营", "市民", "新闻", "发布", "会议", "经济", "医院", "学校", "交通", "天气", "旅游", "农业"]
QUERY = ("SELECT site, count(*) AS articles FROM read_parquet('{root}/manifests/*/*.parquet', hive_partitioning = true)"
         " WHERE text LIKE '%地铁%' GROUP BY site ORDER BY site")


def manifest(run: int, rows: int, rng: random.Random) -> pa.Table:
    site = f"site{run % 300:03d}"
    columns: dict[str, list[object]] = {name: [None] * rows for name in MANIFEST_SCHEMA.names}
    for i in range(rows):
        rid = f"{run:06d}{i:04d}"
        columns["id"][i] = rid
        columns["url"][i] = columns["final_url"][i] = columns["canonical_url"][i] = f"http://{site}.example/{rid}.htm"
        columns["site"][i] = site
        columns["fetched_at"][i] = f"{DAY}T{run % 24:02d}:{i % 60:02d}:00Z"
        columns["title"][i] = columns["title_raw"][i] = "".join(rng.choices(WORDS, k=6))
        columns["text"][i] = "。".join("".join(rng.choices(WORDS, k=12)) for _ in range(20))
        columns["authors"][i] = []
    table = pa.table({name: columns[name] for name in MANIFEST_SCHEMA.names}, schema=MANIFEST_SCHEMA)
    return table


def timed_query(root: Path, repeat: int) -> tuple[float, list[tuple[object, ...]]]:
    times, answer = [], []
    for _ in range(repeat):
        con = duckdb.connect()  # a fresh connection: no metadata cached from the run before
        started = time.perf_counter()
        answer = con.sql(QUERY.format(root=root)).fetchall()
        times.append(time.perf_counter() - started)
        con.close()
    return statistics.median(times), answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("compaction.json"))
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="difang-compaction-") as tmp:
        root = Path(tmp) / "archive"
        folder = root / "manifests" / f"date={DAY}"
        folder.mkdir(parents=True)
        for run in range(args.runs):
            pq.write_table(manifest(run, args.rows, rng), folder / f"site{run % 300:03d}-{run:06d}.parquet")
        files_before = len(list(folder.iterdir()))
        before, answer_before = timed_query(root, args.repeat)
        started = time.perf_counter()
        report = compact(FileStore(root), before=date(2026, 12, 3), workdir=Path(tmp) / "work")
        compact_seconds = time.perf_counter() - started
        files_after = len(list(folder.iterdir()))
        after, answer_after = timed_query(root, args.repeat)
    assert answer_before == answer_after, "compaction changed the query's answer"
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()},"
                   f" duckdb {duckdb.__version__}",
        "runs": args.runs, "rows_per_run": args.rows, "rows": args.runs * args.rows,
        "files_before": files_before, "files_after": files_after,
        "query_seconds_before": round(before, 3), "query_seconds_after": round(after, 3),
        "speedup": round(before / after, 1), "compaction_seconds": round(compact_seconds, 1),
        "days_compacted": len(report.days),
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
