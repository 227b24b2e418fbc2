"""Page times of ``difang web`` on the query benchmark's synthetic archive.

Goals (issue 17): search page p95 < 200 ms, article page p95 < 100 ms, server time. The archive
is the one ``bench/query/run.py`` builds (``bench/query/corpus.py``: manifests of invented
articles, reindexed here if its index is missing); the articles whose pages are timed get their
clean records written from the manifests (the corpus has none: reindex and export do not need
them, the article page does). The UI runs in this process under uvicorn on loopback; every page
is fetched over HTTP and timed twice: the server's own time (its ``Server-Timing`` header, from
request to response) and the round trip seen by the client.

    .venv/bin/python -m bench.query.pages --articles 100000 [--workdir /tmp/difang-bench-query]

The search pages are the query benchmark's mix (``bench/query/measure.py``: one character,
two-character words, longer words, Traditional, filtered by site and months; half by date, half
by relevance; 20 hits) as the search form sends it. Appends the figures to bench/query/results.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench.query.measure import Timings, query_mix, reindex
from bench.query.run import HERE, archive_of, load, machine
from core.config import Config
from core.record import clean_key, record_json
from query.filters import Selection
from query.index import index_path
from storage.store import FileStore

SAMPLE = 300
WARM_UP = 50


def search_path(sel: Selection) -> str:
    items = [("q", sel.query), *[("site", s) for s in sel.sites]]
    items += [(k, v) for k, v in (("since", sel.since), ("until", sel.until)) if v]
    if sel.sort != "date":
        items.append(("sort", sel.sort))
    return "/?" + urlencode(items)


def write_clean_records(root: Path, ids: set[str]) -> int:
    """The clean records of ``ids``, from the manifests (the corpus writes manifests only)."""
    store, written = FileStore(root), 0
    for path in sorted((root / "manifests").rglob("*.parquet")):
        table = pq.read_table(path)
        for row in table.filter(pc.is_in(table["id"], value_set=pa.array(sorted(ids)))).to_pylist():
            row["repairs"] = json.loads(row["repairs"] or "{}")
            key = clean_key(row)
            if not store.exists(key):
                store.put(key, record_json(row))
                written += 1
    return written


class Served:
    """The web UI on a free loopback port, in a thread of this process."""

    def __init__(self, config: Config) -> None:
        import uvicorn

        from archive.cli.commands.web import listen
        from archive.web.app import create_app
        from archive.web.state import WebState

        self.sock = listen("127.0.0.1", 0)
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(WebState(config)), log_level="warning",
                                                    access_log=False, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, path: str) -> tuple[float, float]:
        """(server ms, round-trip ms) of one page, which must answer 200."""
        started = time.perf_counter()
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read()
        total = (time.perf_counter() - started) * 1000
        assert response.status == 200, (path, response.status, body[:300])
        timing = re.search(r"dur=([\d.]+)", response.getheader("Server-Timing") or "")
        assert timing, path
        return float(timing.group(1)), total

    def stop(self) -> None:
        self.conn.close()
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def measure(n: int, workdir: Path) -> dict[str, Any]:
    root, home = archive_of(workdir, n), workdir / f"home-{n}"
    if not index_path(home).exists():
        reindex(root, home)
    rng = random.Random(17)
    ids = {f"{i:016x}" for i in rng.sample(range(n), min(SAMPLE, n))}
    write_clean_records(root, ids)
    served = Served(Config(sites=str(workdir / "no-sites"), archive=str(root), home=str(home)))
    try:
        for _, sel in query_mix(WARM_UP):
            served.get(search_path(sel))
        search, search_rt, kinds = Timings(), [], Timings()
        for kind, sel in query_mix():
            server, total = served.get(search_path(sel))
            search.add("search", server)
            kinds.add(f"{kind}_{sel.sort}", server)
            search_rt.append(total)
        article, article_rt = Timings(), []
        for record_id in sorted(ids):
            server, total = served.get(f"/article/{record_id}")
            article.add("article", server)
            article_rt.append(total)
    finally:
        served.stop()
    s, a = search.summary(), article.summary()
    return {"articles": n, "search_p50_ms": s["p50_ms"], "search_p95_ms": s["p95_ms"], "search_max_ms": s["max_ms"],
            "search_rt_p95_ms": Timings.p95(search_rt), "article_p50_ms": a["p50_ms"],
            "article_p95_ms": a["p95_ms"], "article_max_ms": a["max_ms"],
            "article_rt_p95_ms": Timings.p95(article_rt),
            "kinds": {k.removesuffix("_p95_ms"): v for k, v in kinds.summary().items() if k.endswith("_p95_ms")
                      and k != "p95_ms"}}


def report(results: list[dict[str, Any]]) -> str:
    from datetime import UTC, datetime

    lines = [f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()} — web UI page times (`bench/query/pages.py`)\n",
             "Server time (the UI's `Server-Timing`); round trip over loopback HTTP in brackets. Goals: search "
             "p95 < 200 ms, article p95 < 100 ms.\n",
             "| articles | search p50 (ms) | search p95 (ms) | search max (ms) | article p50 (ms) | article p95 (ms) | "
             "article max (ms) |", "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['articles']:,} | {r['search_p50_ms']:.1f} | {r['search_p95_ms']:.1f} "
                     f"({r['search_rt_p95_ms']:.1f}) | {r['search_max_ms']:.1f} | {r['article_p50_ms']:.1f} | "
                     f"{r['article_p95_ms']:.1f} ({r['article_rt_p95_ms']:.1f}) | {r['article_max_ms']:.1f} |")
    kinds = sorted(results[-1]["kinds"])
    lines += ["", "search page p95 (ms) per query kind and order:", "",
              "| articles | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    lines += [f"| {r['articles']:,} | " + " | ".join(f"{r['kinds'][k]:.1f}" for k in kinds) + " |" for r in results]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/difang-bench-query"))
    args = parser.parse_args()
    note = f"load average before: {load()}"
    results = []
    for n in args.articles:
        result = measure(n, args.workdir)
        print(result, flush=True)
        results.append(result)
    with open(HERE / "results.md", "a", encoding="utf-8") as fh:
        fh.write(report(results) + f"\n{note}; after: {load()}\n")


if __name__ == "__main__":
    main()
