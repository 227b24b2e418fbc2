"""Rebuilding the query index from the archive alone.

Manifests first (one Parquet file per run holds every clean record of the run: a few reads
instead of one per article), then any clean record no manifest covers — a crawl that died
before writing its manifest leaves only clean records. Manifest rows are cut into segments of
65536 documents, built in worker processes (the numpy term extraction, compression and posting
encoding) while this process writes the finished ones into a new file with no journal. The new
index is swapped in when complete, so searches keep working meanwhile.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from archive.index import QueryIndex
from archive.query_kernel import warm_up
from archive.query_postings import SEGMENT_DOCS
from archive.query_segment import Segment, build_table
from archive.query_source import ArchiveReader

log = logging.getLogger(__name__)
# Manifest columns the index needs (the rest — images, title_raw… — is not read at all).
COLUMNS = ["id", "url", "canonical_url", "site", "fetched_at", "title", "text", "published_at",
           "source", "authors", "editor", "language", "script", "script_original", "encoding",
           "encoding_declared", "repairs", "content_hash", "cluster_id", "duplicate_of", "raw"]


@dataclass
class RebuildReport:
    manifests: int = 0
    manifest_rows: int = 0
    clean_records: int = 0
    articles: int = 0
    seconds: float = 0.0


def build_chunk(table: pa.Table, first: int) -> Segment:
    """One segment from manifest rows (runs in a worker process)."""
    return build_table(table, first)


class _Versions:
    """Which manifest row is the newest version of each id; older ones are retired."""

    def __init__(self) -> None:
        self.newest: dict[str, tuple[str, int]] = {}  # id -> (fetched_at, docno)
        self.retired: list[int] = []

    def keep(self, table: pa.Table, first: int) -> pa.Table:
        """The rows of ``table`` to index (numbered from ``first`` in order)."""
        keep = []
        docno = first
        for record_id, fetched in zip(table.column("id").to_pylist(), table.column("fetched_at").to_pylist(),
                                      strict=True):
            old = self.newest.get(record_id)
            if old is not None and old[0] >= (fetched or ""):
                keep.append(False)
                continue
            if old is not None:
                self.retired.append(old[1])
            self.newest[record_id] = (fetched or "", docno)
            keep.append(True)
            docno += 1
        return table if all(keep) else table.filter(pa.array(keep))


def _chunks(reader: ArchiveReader, report: RebuildReport, versions: _Versions) -> Iterator[tuple[pa.Table, int]]:
    """Manifest rows in segments of SEGMENT_DOCS, each with its first docno."""
    pending: list[pa.Table] = []
    rows = 0
    first = 0
    for key in reader.manifest_keys():
        report.manifests += 1
        for batch in reader.manifest_tables(key, columns=COLUMNS):
            report.manifest_rows += batch.num_rows
            kept = versions.keep(batch, first + rows)
            pending.append(kept)
            rows += kept.num_rows
            while rows >= SEGMENT_DOCS:
                table = pa.concat_tables(pending)
                yield table.slice(0, SEGMENT_DOCS), first
                first += SEGMENT_DOCS
                rest = table.slice(SEGMENT_DOCS)
                pending, rows = [rest], rest.num_rows
    if rows:
        yield pa.concat_tables(pending), first


def _segments(chunks: Iterator[tuple[pa.Table, int]], workers: int) -> Iterator[Segment]:
    if workers <= 1:
        yield from (build_chunk(table, first) for table, first in chunks)
        return
    warm_up()  # compiled (or loaded from numba's cache) once, before the workers fork
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[Segment]] = []
        for table, first in chunks:
            pending.append(pool.submit(build_chunk, table, first))
            if len(pending) > workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def rebuild(reader: ArchiveReader, path: Path, *, manifests_only: bool = False, workers: int = 1,
            progress: Callable[[int], None] | None = None) -> RebuildReport:
    started = time.monotonic()
    report = RebuildReport()
    tmp = path.with_name(path.name + ".rebuild")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    index = QueryIndex(tmp, bulk=True)
    versions = _Versions()
    for segment in _segments(_chunks(reader, report, versions), workers):
        index.db.execute("BEGIN")
        index.write(segment)
        index.db.execute("COMMIT")
        if progress:
            progress(report.manifest_rows)
    log.info("query index: %d segments written in %.1f s", report.manifest_rows, time.monotonic() - started)
    _retire(index, versions.retired)
    index.finish_bulk()
    log.info("query index: secondary indexes done at %.1f s", time.monotonic() - started)
    report.articles = index.count()
    if not manifests_only:
        report.clean_records, added = _stragglers(reader, index, versions)
        report.articles += added
    index.set_meta("archive", reader.store.url)
    index.close()
    _swap(tmp, path)
    report.seconds = time.monotonic() - started
    return report


def _retire(index: QueryIndex, docnos: list[int]) -> None:
    """Drop the rows of versions a newer manifest row replaced."""
    db = index.db
    db.execute("BEGIN")
    db.executemany("INSERT OR IGNORE INTO retired VALUES (?)", [(d,) for d in docnos])
    for table, column in (("articles", "docno"), ("texts", "docno"), ("authors", "article")):
        db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT docno FROM retired)")
    db.execute("COMMIT")


def _stragglers(reader: ArchiveReader, index: QueryIndex, versions: _Versions) -> tuple[int, int]:
    """Clean records that no manifest holds (read one by one: there should be few)."""
    seen = 0
    added = 0
    batch: list[tuple[dict[str, Any], str]] = []
    for key in reader.clean_keys():
        record_id = key.rsplit("/", 1)[-1].removesuffix(".json")
        known = versions.newest.get(record_id)
        if known is not None and known[0][:10] >= key.split("/date=", 1)[-1][:10]:
            continue  # a manifest holds this version (or a newer one)
        batch.append((reader.record(key), key))
        seen += 1
        if len(batch) >= 2000:
            added += index.add(batch)
            batch = []
    added += index.add(batch)
    return seen, added


def _swap(new: Path, path: Path) -> None:
    """Replace the index file; the old one's WAL is checkpointed first so none is left over."""
    if path.exists():
        old = sqlite3.connect(path)
        old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        old.close()
    with QueryIndex(new) as fresh:  # WAL from now on, for readers beside the crawl hook
        fresh.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(new, path)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
