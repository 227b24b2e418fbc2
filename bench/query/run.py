"""Query benchmark: reindex, search latency, Parquet export and index size on a synthetic archive.

Not part of pytest (its gate is tests/query/test_query_gate.py). Writes a synthetic archive
(manifests only: what reindex and export read) of N invented articles of ~1,500 characters
(bench/query/corpus.py), then measures. Usage:

    .venv/bin/python -m bench.query.run --articles 100000 300000 1000000 [--workdir /tmp/difang-bench-query]
    .venv/bin/python -m bench.query.run --gate      # the 5,000-article figures of the pytest gate
    .venv/bin/python -m bench.query.run --peer      # the FTS5 design it replaced, same corpus

Appends the figures to bench/query/results.md; ``--baseline`` also writes bench/query/baseline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.query.corpus import write_archive
from bench.query.measure import query_mix, reindex, time_queries
from query.export import selected_tables, write
from query.filters import Selection
from query.index import QueryIndex, index_path
from query.source import ArchiveReader
from storage.store import FileStore

HERE = Path(__file__).parent


def archive_of(workdir: Path, n: int) -> Path:
    """The synthetic archive of ``n`` articles (made once, reused by later runs)."""
    root = workdir / f"archive-{n}"
    done = root / "complete"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        started = time.monotonic()
        write_archive(root, n)
        done.write_text(f"{time.monotonic() - started:.1f}\n")
    return root


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (reindex workers)."""
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def measure(n: int, workdir: Path, *, export: bool = True) -> dict[str, Any]:
    root, home = archive_of(workdir, n), workdir / f"home-{n}"
    shutil.rmtree(home, ignore_errors=True)
    cpu = cpu_seconds()
    seconds, size = reindex(root, home)
    # CPU per article does not depend on what else runs on the machine, wall time does.
    result: dict[str, Any] = {"articles": n, "reindex_s": round(seconds, 1),
                              "reindex_articles_per_s": round(n / seconds),
                              "reindex_cpu_us_per_article": round((cpu_seconds() - cpu) / n * 1e6),
                              "index_bytes_per_article": round(size / n)}
    with QueryIndex(index_path(home)) as index:
        time_queries(index, query_mix(50))  # warm the page cache, as a machine in use would be
        timings = time_queries(index, query_mix()).summary()
        result.update({k: round(v, 1) for k, v in timings.items()})
        if export:
            started = time.monotonic()
            hits = index.hits(Selection(limit=None))
            wanted = {f"{r['id']}|{r['fetched_at']}": r["clean_key"]
                      for r in index.rows(hits, "id, fetched_at, clean_key")}
            exported = write(selected_tables(ArchiveReader(FileStore(root)), wanted),
                             str(workdir / f"export-{n}.parquet"), "parquet")
            assert exported == n, exported
            result["export_parquet_s"] = round(time.monotonic() - started, 1)
    return result


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?")
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{platform.machine()}, {cores} cores, {model}"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def report(results: list[dict[str, Any]], title: str) -> str:
    lines = [f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()} — {title}\n",
             "| articles | reindex (s) | articles/s | reindex CPU (µs/article) | export Parquet (s) | search p50 (ms) | "
             "search p95 (ms) | search max (ms) | index bytes/article |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['articles']:,} | {r['reindex_s']} | {r['reindex_articles_per_s']} | "
                     f"{r.get('reindex_cpu_us_per_article', '-')} | "
                     f"{r.get('export_parquet_s', '-')} | {r.get('p50_ms', '-')} | {r['p95_ms']} | "
                     f"{r.get('max_ms', '-')} | {r['index_bytes_per_article']} |")
    kinds = sorted(k for k in results[-1] if k.endswith("_p95_ms") and k != "p95_ms")
    if not kinds:
        return "\n".join(lines) + "\n"
    lines += ["", "p95 (ms) per query kind and order:", "",
              "| articles | " + " | ".join(k.removesuffix("_p95_ms") for k in kinds) + " |",
              "|---|" + "---|" * len(kinds)]
    lines += [f"| {r['articles']:,} | " + " | ".join(str(r.get(k, "-")) for k in kinds) + " |" for r in results]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/difang-bench-query"))
    parser.add_argument("--gate", action="store_true", help="measure what the pytest gate measures")
    parser.add_argument("--peer", action="store_true", help="also measure the FTS5 design it replaced")
    parser.add_argument("--baseline", action="store_true", help="write baseline.json from this run")
    parser.add_argument("--queries-only", action="store_true",
                        help="time the query mix on the indexes an earlier run left in --workdir")
    args = parser.parse_args()
    results = []
    note = f"load average before: {load()}"
    if args.queries_only:
        for n in args.articles:
            with QueryIndex(index_path(args.workdir / f"home-{n}")) as index:
                time_queries(index, query_mix(50))
                r = {k: round(v, 1) for k, v in time_queries(index, query_mix()).summary().items()}
            print(r, flush=True)
            results.append({"articles": n, "reindex_s": "-", "reindex_articles_per_s": "-",
                            "index_bytes_per_article": "-", **r})
    elif args.gate:
        from tests.query.test_query_gate import gate_figures

        gate = gate_figures(args.workdir / "gate")
        print(gate, flush=True)
        results.append({"articles": gate["articles"], **gate})
    else:
        for n in args.articles:
            r = measure(n, args.workdir)
            print(r, flush=True)
            results.append(r)
    title = "gate (5,000 articles)" if args.gate else "difang segmented postings"
    text = report(results, "query mix only, on the indexes above" if args.queries_only else title)
    if args.peer:
        from bench.query.peer_fts5 import measure_peer

        peer = measure_peer(archive_of(args.workdir, 20_000), args.workdir / "peer")
        print(peer, flush=True)
        text += report([peer], "peer: FTS5 contentless bigram table (the design this replaced)")
    text += f"\n{note}; after: {load()}\n"
    with open(HERE / "results.md", "a", encoding="utf-8") as fh:
        fh.write(text)
    if args.baseline and not args.queries_only:
        path = HERE / "baseline.json"
        baseline = json.loads(path.read_text()) if path.exists() else {}
        key = "gate" if args.gate else "scale"
        baseline[key] = results if key == "scale" else results[0]
        path.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
