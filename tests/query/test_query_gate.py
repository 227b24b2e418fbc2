"""Size and correctness gate of the query index on a 5,000-article synthetic archive.

The index size is compared with bench/query/baseline.json (``gate``, written by
``python -m bench.query.run --gate --baseline``), within 10%: only the code changes it. Its
times are not gated here: on a shared 2-core machine the same query mix measured 2.6 ms and 30 ms
p95 minutes apart, so a timed test fails on load, not on code. Speed is the benchmark's job
(``python -m bench.query.run --gate`` prints and records the times beside the baseline's). The
answers are checked against a plain scan of every text, so a faster index cannot get there by
being wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from bench.query.corpus import write_archive
from bench.query.measure import Scan, query_mix, reindex, time_queries
from query.filters import Selection
from query.index import QueryIndex, index_path

BASELINE = Path(__file__).parents[2] / "bench" / "query" / "baseline.json"
ARTICLES = 5000
SIZE_TOLERANCE = 1.1


def gate_figures(workdir: Path) -> dict[str, Any]:
    """Build, time and size the gate's index (also run by ``bench.query.run --gate``)."""
    archive, home = workdir / "archive", workdir / "home"
    write_archive(archive, ARTICLES, pool=6000)
    seconds, size = reindex(archive, home, workers=1)
    with QueryIndex(index_path(home)) as index:
        mix = query_mix(100)
        time_queries(index, mix)  # warm up
        p95 = min(time_queries(index, mix).summary()["p95_ms"] for _ in range(2))
    return {"articles": ARTICLES, "reindex_s": round(seconds, 2), "reindex_articles_per_s": round(ARTICLES / seconds),
            "index_bytes_per_article": round(size / ARTICLES), "p95_ms": round(p95, 2)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    workdir = tmp_path_factory.mktemp("query-gate")
    return workdir, gate_figures(workdir)


def test_index_size_does_not_regress(built: tuple[Path, dict[str, Any]]) -> None:
    _, figures = built
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["gate"]
    assert figures["index_bytes_per_article"] <= baseline["index_bytes_per_article"] * SIZE_TOLERANCE, (figures, baseline)


def test_answers_equal_a_scan_of_every_text(built: tuple[Path, dict[str, Any]]) -> None:
    workdir, _ = built
    scan = Scan(pq.read_table(workdir / "archive" / "manifests").to_pylist())
    with QueryIndex(index_path(workdir / "home")) as index:
        for _kind, sel in query_mix(60, seed=11):
            found = [r["id"] for r in index.search(sel)]
            if sel.sort == "date":
                assert found == scan.expected(sel), sel
            else:
                every = set(scan.expected(Selection(**{**sel.__dict__, "limit": None})))
                assert set(found) <= every and len(found) == min(len(every), 20), sel
        page = index.search(Selection(query="医院", limit=7, offset=7))
        assert [r["id"] for r in page] == scan.expected(Selection(query="医院", limit=14))[7:]
