"""Rebuilding the query index from the archive alone.

Manifests first (one Parquet file per run holds every clean record of the run: a few reads
instead of one per article), then any clean record no manifest covers — a crawl that died
before writing its manifest leaves only clean records.

This process reads only the ids and fetch times of the manifests (which version of an id is
the newest, and the document numbers), and packs whole manifests into segments of at most
65536 documents (a larger manifest is cut in parts). Worker processes each read their
manifests, build the segment (:mod:`query.segment`) and write it into a small SQLite
file of their own; this process copies each finished part into the new index with
``INSERT … SELECT`` (no Python object per row) while the workers build the next ones. The new
index is swapped in when complete, so searches keep working meanwhile.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from query.index import QueryIndex
from query.postings import SEGMENT_DOCS
from query.segment import build_table
from query.source import ArchiveReader
from storage.store import open_store

log = logging.getLogger(__name__)
# Manifest columns the index needs (the rest — images, title_raw… — is not read at all).
COLUMNS = ["id", "url", "canonical_url", "site", "fetched_at", "title", "text", "published_at",
           "source", "authors", "editor", "language", "script", "script_original", "encoding",
           "encoding_declared", "repairs", "content_hash", "cluster_id", "duplicate_of", "raw",
           "extraction_error"]  # absent from manifests written before it: read as null


@dataclass
class RebuildReport:
    manifests: int = 0
    manifest_rows: int = 0
    clean_records: int = 0
    articles: int = 0
    seconds: float = 0.0


@dataclass
class Part:
    """Rows of one manifest that go into a segment (their positions in the file, ascending)."""

    key: str
    rows: np.ndarray[Any, np.dtype[np.int64]]


@dataclass
class Job:
    """One segment to build: documents ``first`` … from the rows of ``parts``, in order."""

    first: int
    parts: list[Part] = field(default_factory=list)
    size: int = 0


_READERS: dict[str, ArchiveReader] = {}


def _reader(url: str) -> ArchiveReader:
    """The archive, opened once per worker process."""
    if url not in _READERS:
        _READERS[url] = ArchiveReader(open_store(url))
    return _READERS[url]


def build_part(url: str, job: Job, path: Path) -> Path:
    """Build ``job``'s segment from the archive at ``url`` into a new SQLite file at ``path``
    (runs in a worker process)."""
    reader = _reader(url)
    gc.disable()  # hundreds of thousands of tuples and no cycles: collections would only cost
    try:
        _build_part(reader, job, path)
    finally:
        gc.enable()
    return path


def _build_part(reader: ArchiveReader, job: Job, path: Path) -> None:
    tables = []
    for part in job.parts:
        table = pa.concat_tables(reader.manifest_tables(part.key, columns=COLUMNS))
        tables.append(table if part.rows.size == table.num_rows else table.take(pa.array(part.rows)))
    # manifests written before a column was added lack it: null there
    segment = build_table(pa.concat_tables(tables, promote_options="default"), job.first)
    path.unlink(missing_ok=True)
    with QueryIndex(path, bulk=True) as part_index:
        part_index.db.execute("BEGIN")
        part_index.write(segment)
        part_index.db.execute("COMMIT")


class _Versions:
    """Which manifest row is the newest version of each id; older ones are retired."""

    def __init__(self) -> None:
        self.newest: dict[str, tuple[str, int]] = {}  # id -> (fetched_at, docno)
        self.retired: list[int] = []

    def keep(self, ids: list[str], fetched: list[str | None], first: int) -> np.ndarray[Any, np.dtype[np.int64]]:
        """The positions of the rows to index (numbered from ``first`` in order)."""
        keep = []
        docno = first
        for row, (record_id, fetched_at) in enumerate(zip(ids, fetched, strict=True)):
            old = self.newest.get(record_id)
            if old is not None and old[0] >= (fetched_at or ""):
                continue
            if old is not None:
                self.retired.append(old[1])
            self.newest[record_id] = (fetched_at or "", docno)
            keep.append(row)
            docno += 1
        return np.array(keep, dtype=np.int64)


def _jobs(reader: ArchiveReader, report: RebuildReport, versions: _Versions) -> Iterator[Job]:
    """Whole manifests packed into segments of at most SEGMENT_DOCS documents."""
    job = Job(first=0)
    for key in reader.manifest_keys():
        report.manifests += 1
        ids: list[str] = []
        fetched: list[str | None] = []
        for batch in reader.manifest_tables(key, columns=["id", "fetched_at"]):
            ids += batch.column("id").to_pylist()
            fetched += batch.column("fetched_at").to_pylist()
        report.manifest_rows += len(ids)
        rows = versions.keep(ids, fetched, job.first + job.size)
        if job.size and job.size + rows.size > SEGMENT_DOCS:
            yield job
            job = Job(first=job.first + job.size)
        while job.size + rows.size > SEGMENT_DOCS:  # a manifest larger than a segment
            cut = SEGMENT_DOCS - job.size
            job.parts.append(Part(key, rows[:cut]))
            job.size += cut
            yield job
            job, rows = Job(first=job.first + job.size), rows[cut:]
        if rows.size:
            job.parts.append(Part(key, rows))
            job.size += rows.size
    if job.size:
        yield job


def _built(jobs: Iterator[Job], url: str, folder: Path, workers: int) -> Iterator[Path]:
    """The part files of ``jobs``, in order, built ``workers`` at a time."""
    names = (folder / f"part-{n}.sqlite" for n in range(1 << 62))
    if workers <= 1:
        yield from (build_part(url, job, next(names)) for job in jobs)
        return
    from query.kernel import warm_up  # numba: imported only where segments are built

    warm_up()  # compiled (or loaded from numba's cache) once, before the workers fork
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[Path]] = []
        for job in jobs:
            pending.append(pool.submit(build_part, url, job, next(names)))
            if len(pending) > workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _copy(index: QueryIndex, part: Path) -> None:
    """Append a part file's rows to the index (its one segment renumbered)."""
    db = index.db
    db.execute("ATTACH DATABASE ? AS part", (str(part),))
    try:
        db.execute("BEGIN")
        for table in ("articles", "authors", "texts"):
            db.execute(f"INSERT INTO {table} SELECT * FROM part.{table}")
        columns = "first, size, buckets, published_min, published_max, fetched_min, fetched_max, published, fetched, lengths"
        seg = db.execute(f"INSERT INTO segments ({columns}) SELECT {columns} FROM part.segments").lastrowid
        db.execute("INSERT INTO postings SELECT ?, bucket, docs FROM part.postings", (seg,))
        db.execute("COMMIT")
    finally:
        db.execute("DETACH DATABASE part")
    part.unlink()


def rebuild(reader: ArchiveReader, path: Path, *, manifests_only: bool = False, workers: int = 1,
            progress: Callable[[int], None] | None = None) -> RebuildReport:
    started = time.monotonic()
    report = RebuildReport()
    tmp = path.with_name(path.name + ".rebuild")
    parts = path.with_name(path.name + ".parts")
    _remove(tmp, parts)  # of a rebuild killed outright
    parts.mkdir(parents=True)
    index = QueryIndex(tmp, bulk=True)
    try:
        _fill(index, reader, parts, report, manifests_only=manifests_only, workers=workers,
              progress=progress, started=started)
    except BaseException:  # the archive refused us, a worker died, Ctrl-C: leave nothing behind
        index.close()
        _remove(tmp, parts)
        raise
    index.close()
    _swap(tmp, path)
    report.seconds = time.monotonic() - started
    return report


def _fill(index: QueryIndex, reader: ArchiveReader, parts: Path, report: RebuildReport, *,
          manifests_only: bool, workers: int, progress: Callable[[int], None] | None, started: float) -> None:
    versions = _Versions()
    for part in _built(_jobs(reader, report, versions), reader.store.url, parts, workers):
        _copy(index, part)
        if progress:
            progress(report.manifest_rows)
    parts.rmdir()
    log.info("query index: %d segments written in %.1f s", report.manifest_rows, time.monotonic() - started)
    _retire(index, versions.retired)
    index.finish_bulk()
    log.info("query index: secondary indexes done at %.1f s", time.monotonic() - started)
    report.articles = index.count()
    if not manifests_only:
        report.clean_records, added = _stragglers(reader, index, versions)
        report.articles += added
    index.set_meta("archive", reader.store.url)


def _remove(tmp: Path, parts: Path) -> None:
    """The new index and its parts, of a rebuild that did not finish."""
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    if parts.is_dir():
        for leftover in parts.iterdir():
            leftover.unlink()
        parts.rmdir()


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
        try:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as exc:  # a damaged index is what reindex is for
            log.warning("old index %s not checkpointed (%s): replaced all the same", path, exc)
        finally:
            old.close()
    with QueryIndex(new) as fresh:  # WAL from now on, for readers beside the crawl hook
        fresh.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(new, path)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
