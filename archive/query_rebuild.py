"""Rebuilding the query index from the archive alone.

Manifests first (one Parquet file per run holds every clean record of the run: a few reads
instead of one per article), then any clean record no manifest covers — a crawl that died
before writing its manifest leaves only clean records. The new index is built beside the old
one and swapped in when complete, so searches keep working meanwhile.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.index import IndexedRecord, QueryIndex, prepare
from archive.query_source import ArchiveReader
from archive.record import clean_key

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


def _prepare_batch(rows: list[dict[str, Any]]) -> list[IndexedRecord]:
    return [prepare(row, clean_key(row)) for row in rows]


def _prepared(batches: Iterable[list[dict[str, Any]]], workers: int) -> Iterator[list[IndexedRecord]]:
    if workers <= 1:
        yield from map(_prepare_batch, batches)
        return
    # Cutting text into terms is the Python-heavy half; SQLite inserts stay in this process.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Any] = []
        for batch in batches:
            pending.append(pool.submit(_prepare_batch, batch))
            if len(pending) >= workers * 2:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def rebuild(reader: ArchiveReader, path: Path, *, manifests_only: bool = False, workers: int = 1,
            progress: Callable[[int], None] | None = None) -> RebuildReport:
    started = time.monotonic()
    report = RebuildReport()
    tmp = path.with_name(path.name + ".rebuild")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    index = QueryIndex(tmp, bulk=True)
    covered: set[str] = set()

    def manifest_batches() -> Iterator[list[dict[str, Any]]]:
        for key in reader.manifest_keys():
            report.manifests += 1
            for batch in reader.manifest_batches(key, columns=COLUMNS):
                report.manifest_rows += len(batch)
                yield batch

    for prepared in _prepared(manifest_batches(), workers):
        report.articles += index.add_prepared(prepared)
        covered.update(item.clean_key for item in prepared)
        if progress:
            progress(report.manifest_rows)
    if not manifests_only:
        batch: list[tuple[dict[str, Any], str]] = []
        for key in reader.clean_keys():
            if key in covered:
                continue
            batch.append((reader.record(key), key))
            report.clean_records += 1
            if len(batch) >= 500:
                report.articles += index.add(batch)
                batch = []
        report.articles += index.add(batch)
    index.set_meta("archive", reader.store.url)
    index.finish_bulk()
    index.db.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to swap in
    index.close()
    _swap(tmp, path)
    report.seconds = time.monotonic() - started
    return report


def _swap(new: Path, path: Path) -> None:
    """Replace the index file; the old one's WAL is checkpointed first so none is left over."""
    if path.exists():
        old = QueryIndex(path)
        old.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        old.close()
    os.replace(new, path)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
