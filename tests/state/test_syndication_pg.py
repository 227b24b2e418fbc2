"""The syndication index in PostgreSQL: one writer at a time, the clusters of a single process.

The quality corpus (tests/syndication/corpus) is filed by one process into SQLite and into
PostgreSQL, and by three processes at once into PostgreSQL; copies of one story filed by four
processes at the same moment must make one cluster.
"""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path
from typing import Any

from pipelines.syndication import IndexEntry, NearDuplicateIndex, open_near_duplicate_index, to_simplified
from pipelines.syndication.near_pg import PgNearDuplicateIndex
from tests.pgserver import PostgresServer
from tests.syndication.quality import ORDER_SEED, load_corpus

WORKERS = 3


def entry(a: dict[str, Any]) -> IndexEntry:
    return IndexEntry(a["id"], to_simplified(a["text"]), a["site"], a["published_at"], a["fetched_at"], a["title"])


def shuffled() -> list[dict[str, Any]]:
    order = load_corpus()
    random.Random(ORDER_SEED).shuffle(order)
    return order


def file_all(index: NearDuplicateIndex, articles: list[dict[str, Any]]) -> None:
    for a in articles:
        index.add_many([entry(a)])


def clusters(index: NearDuplicateIndex, ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Each record's current cluster id and origin (of its cluster)."""
    out = {}
    for record_id in ids:
        cluster = index.cluster_of(record_id)
        out[record_id] = (cluster, index.origin_of(cluster) if cluster else None)
    return out


def partition(found: dict[str, tuple[str | None, str | None]]) -> set[frozenset[str]]:
    groups: dict[str | None, set[str]] = {}
    for record_id, (cluster, _origin) in found.items():
        groups.setdefault(cluster, set()).add(record_id)
    return {frozenset(g) for g in groups.values()}


def _file_share(dsn: str, articles: list[dict[str, Any]], start: Any) -> None:
    index = open_near_duplicate_index("unused.sqlite", dsn)
    start.wait()
    file_all(index, articles)
    index.close()


def run_processes(dsn: str, shares: list[list[dict[str, Any]]]) -> None:
    context = multiprocessing.get_context("fork")  # the modules imported already: seconds, not tens
    start = context.Barrier(len(shares))
    procs = [context.Process(target=_file_share, args=(dsn, share, start)) for share in shares]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(procs)


def filing_order(index: PgNearDuplicateIndex) -> list[str]:
    """The ids in the order the index filed them (rids are given under the lock)."""
    return [str(r[0]) for r in index._conn.execute("SELECT id FROM records ORDER BY rid").fetchall()]


def test_one_process_files_the_corpus_as_sqlite_does(tmp_path: Path, pg_database: str) -> None:
    articles = shuffled()
    ids = [a["id"] for a in articles]
    sqlite = NearDuplicateIndex(tmp_path / "dedupe.sqlite")
    file_all(sqlite, articles)
    pg = open_near_duplicate_index(tmp_path / "unused.sqlite", pg_database)
    assert isinstance(pg, PgNearDuplicateIndex) and not (tmp_path / "unused.sqlite").exists()
    file_all(pg, articles)
    expected = clusters(sqlite, ids)
    assert clusters(pg, ids) == expected
    assert pg.merges() == sqlite.merges()
    assert len(partition(expected)) < len(ids) * 0.5  # the corpus has copies: clusters were made
    (merged,) = pg._conn.execute("SELECT value FROM marks WHERE name = 'merged'").fetchone()
    assert merged > 0  # postings were moved into bands, and the band filter answered after that
    a = articles[0]
    assert pg.lookup(to_simplified(a["text"])) == sqlite.lookup(to_simplified(a["text"])) == expected[a["id"]][0]
    sqlite.close()
    pg.close()


def test_three_processes_at_once_make_the_clusters_of_one(tmp_path: Path, pg_database: str) -> None:
    articles = shuffled()
    ids = [a["id"] for a in articles]
    run_processes(pg_database, [articles[i::WORKERS] for i in range(WORKERS)])
    pg = PgNearDuplicateIndex(pg_database)
    found = clusters(pg, ids)
    # the run is serialized by the lock: one process filing in the order the lock let them in
    # gives exactly the same clusters, ids and origins
    by_id = {a["id"]: a for a in articles}
    replay = NearDuplicateIndex(tmp_path / "replay.sqlite")
    file_all(replay, [by_id[i] for i in filing_order(pg)])
    assert found == clusters(replay, ids)
    # and the same grouping as a single process filing the corpus in its own order
    single = NearDuplicateIndex(tmp_path / "single.sqlite")
    file_all(single, articles)
    assert partition(found) == partition(clusters(single, ids))
    pg.close()


def _copies(story: str, count: int) -> list[IndexEntry]:
    base = next(a for a in load_corpus() if a["story"] == story and a["kind"] == "original")
    text = to_simplified(base["text"])
    return [IndexEntry(f"{story}-copy-{n:02d}", f"转载自第{n}号网站，编辑：张{n}。\n{text}", f"site{n}", None,
                       f"2024-03-25T00:{n:02d}:00Z", base["title"]) for n in range(count)]


def test_copies_of_one_story_filed_by_four_processes_at_once_make_one_cluster(
        pg_server: PostgresServer, pg_database: str) -> None:
    copies = _copies("weather-00", 16)
    shares = [[{"id": e.record_id, "text": e.text_simplified, "site": e.site, "published_at": None,
                "fetched_at": e.fetched_at, "title": e.title} for e in copies[i::4]] for i in range(4)]
    run_processes(pg_database, shares)
    pg = PgNearDuplicateIndex(pg_database)
    found = clusters(pg, [e.record_id for e in copies])
    assert len({cluster for cluster, _ in found.values()}) == 1, found
    assert len({origin for _, origin in found.values()}) == 1
    assert pg.members(copies[0].record_id)[0]["id"] == "weather-00-copy-00"  # fetched first
    pg.close()


def test_a_lost_connection_fails_one_batch_and_the_next_runs_on_a_new_one(pg_database: str, tmp_path: Path) -> None:
    articles = shuffled()[:40]
    index = PgNearDuplicateIndex(pg_database)
    file_all(index, articles[:20])
    other = PgNearDuplicateIndex(pg_database)
    other._pg.execute("SELECT pg_terminate_backend(%s)", (index._pg.info.backend_pid,))
    try:
        index.add_many([entry(articles[20])])
    except Exception as exc:  # the batch in flight when the connection went
        assert type(exc).__module__.startswith("psycopg"), exc
    file_all(index, articles[20:])
    single = NearDuplicateIndex(tmp_path / "dedupe.sqlite")
    file_all(single, articles)
    ids = [a["id"] for a in articles]
    assert clusters(index, ids) == clusters(single, ids)
    index.close()
    other.close()
