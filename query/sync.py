"""Feeding the local query index from the manifests of crawls that ran elsewhere.

A crawl feeds the index of the machine it ran on (:class:`query.index.IndexFeed`). In cluster
mode every other node learns of the crawl from the shared run table (its ``run_id``), reads the
run file ``runs/RUN.json`` for the manifest's key and adds the manifest's rows to its own index.
Where the run table lives is not this module's business: a :class:`RunSource` hands over rows
by their position (``id``, ascending as runs start). Listing ``runs/`` or ``manifests/`` in the
archive is what this avoids (millions of objects a year).

What has been synced is kept in the index file itself, so each run is read once:

- ``sync_high`` (meta): every run-table id up to it has been seen;
- ``sync_open``: ids up to ``sync_high`` that still need a look — a run still crawling, a run
  whose run file or manifest is not in the archive yet (still in its node's spool; retried for
  :data:`PENDING_WINDOW`), an id not seen at all (a start whose transaction had not committed;
  waited for :data:`GAP_GRACE`), a run not read yet because the sync's time was up;
- ``sync_compacted``: compacted manifest files (:mod:`storage.compaction`) read whole, with the
  run manifests they hold — where a run's own manifest has gone once its day was compacted.

An index without ``sync_high`` (new, or just rebuilt by ``difang reindex``) starts with the runs
that ended in the last :data:`FIRST_LOOKBACK` seconds. Adding a version the index holds is a
no-op, so reading a run twice costs time, never correctness.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from query.index import QueryIndex
from query.source import ArchiveReader, manifest_clean_key
from storage.compaction import COMPACT_NAME, day_of, inputs_of

log = logging.getLogger(__name__)

PENDING_WINDOW = 24 * 3600.0
GAP_GRACE = 600.0
FIRST_LOOKBACK = 3600.0
MAX_GAP = 10_000  # a larger jump of ids is not a start still committing: not waited for

TABLES = """
CREATE TABLE IF NOT EXISTS sync_open (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, state TEXT NOT NULL,
    since REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sync_compacted (key TEXT PRIMARY KEY, inputs TEXT NOT NULL);
"""
HIGH = "sync_high"


@dataclass(frozen=True)
class RunRef:
    """One row of the run table: its position, the crawl's run id ("" if it never reported one)
    and whether it has ended."""

    id: int
    run_id: str
    ended: bool


class RunSource(Protocol):
    def after(self, high: int, also: Sequence[int]) -> list[RunRef]:
        """Rows with an id above ``high`` or among ``also``, by id (a bounded number of them)."""
        ...

    def recent(self, since: float) -> tuple[list[RunRef], int]:
        """Rows that ended at ``since`` or later or still run, by id; and the highest id there is."""
        ...


@dataclass
class SyncReport:
    runs: int = 0  # run files read
    records: int = 0  # records new to the index
    waiting: int = 0  # ended runs whose files are not in the archive yet
    given_up: int = 0
    complete: bool = True  # False: time ran out, the rest is for the next sync
    seconds: float = 0.0

    def line(self) -> str:
        rest = "" if self.complete else "; more to read next time"
        gave = f", {self.given_up} given up" if self.given_up else ""
        return (f"index sync: {self.runs} runs read, {self.records} records added, {self.waiting} waiting"
                f" for the archive{gave} ({self.seconds:.1f} s{rest})")


@dataclass
class _Open:
    run_id: str
    state: str  # running | pending | gap | unread
    since: float


class IndexSync:
    """One pass of feeding ``index`` from the runs ``source`` names, reading ``reader``."""

    def __init__(self, index: QueryIndex, reader: ArchiveReader, source: RunSource) -> None:
        self.index = index
        self.reader = reader
        self.source = source
        self.added = 0  # records new to the index so far
        index.db.executescript(TABLES)

    def _state(self) -> tuple[int | None, dict[int, _Open]]:
        high = self.index.meta(HIGH)
        rows = self.index.execute("SELECT id, run_id, state, since FROM sync_open")
        return (int(high) if high is not None else None,
                {r["id"]: _Open(r["run_id"], r["state"], r["since"]) for r in rows})

    def _save(self, high: int, opened: dict[int, _Open]) -> None:
        db = self.index.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM sync_open")
            db.executemany("INSERT INTO sync_open VALUES (?, ?, ?, ?)",
                           [(i, o.run_id, o.state, o.since) for i, o in sorted(opened.items())])
            self.index.set_meta(HIGH, str(high))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def run(self, *, budget: float = 60.0, now: float | None = None) -> SyncReport:
        started = time.monotonic()
        now = time.time() if now is None else now
        report = SyncReport()
        high, opened = self._state()
        if high is None:
            refs, top = self.source.recent(now - FIRST_LOOKBACK)
            new_high = top
        else:
            refs = self.source.after(high, sorted(opened))
            new_high = max([high, *(r.id for r in refs)])
            self._note_gaps(high, refs, opened, now)
        returned = {r.id for r in refs}
        for at, ref in enumerate(refs):
            if time.monotonic() - started > budget:
                report.complete = False
                for rest in refs[at:]:
                    opened.setdefault(rest.id, _Open(rest.run_id, "unread", now))
                break
            self._visit(ref, opened, report, now)
        for run_id, entry in list(opened.items()):
            if entry.state == "gap" and run_id not in returned and now - entry.since > GAP_GRACE:
                del opened[run_id]
        self._save(new_high, opened)
        report.waiting = sum(1 for o in opened.values() if o.state == "pending")
        report.seconds = time.monotonic() - started
        return report

    def _note_gaps(self, high: int, refs: list[RunRef], opened: dict[int, _Open], now: float) -> None:
        """Ids between ``high`` and the rows found that no row has (yet): looked for again."""
        previous = high
        for ref in refs:
            if ref.id <= high:
                continue
            if ref.id - previous <= MAX_GAP:
                for missing in range(previous + 1, ref.id):
                    opened.setdefault(missing, _Open("", "gap", now))
            previous = ref.id

    def _visit(self, ref: RunRef, opened: dict[int, _Open], report: SyncReport, now: float) -> None:
        if not ref.ended:
            opened[ref.id] = _Open(ref.run_id, "running", now)
            return
        if not ref.run_id:  # ended without a report: no run file to read
            opened.pop(ref.id, None)
            return
        before = self.added
        found = self.ingest_run(ref.run_id)
        report.runs += 1
        report.records += self.added - before
        if found:
            opened.pop(ref.id, None)
            return
        entry = opened.get(ref.id)
        since = entry.since if entry is not None and entry.state == "pending" else now
        if now - since > PENDING_WINDOW:
            log.warning("index sync: run %s still not in the archive after %.0f h: given up "
                        "(`difang reindex` finds it once it is)", ref.run_id, PENDING_WINDOW / 3600)
            report.given_up += 1
            opened.pop(ref.id, None)
        else:
            opened[ref.id] = _Open(ref.run_id, "pending", since)

    # -- reading one run -----------------------------------------------------------------------
    def ingest_run(self, run_id: str) -> bool:
        """Add the records of run ``run_id`` to the index; False when its run file or manifest
        is not in the archive (yet)."""
        try:
            run = self.reader.record(f"runs/{run_id}.json")
        except KeyError:
            return False
        manifest = run.get("manifest")
        if not manifest:
            return True  # the run archived no article
        try:
            self._add(self.reader.manifest_batches(manifest))
            return True
        except KeyError:
            return self._from_compacted(str(manifest))

    def _add(self, batches: Iterable[list[dict[str, Any]]]) -> None:
        for rows in batches:
            self.added += self.index.add((row, manifest_clean_key(row)) for row in rows)

    def _from_compacted(self, manifest: str) -> bool:
        """A manifest merged into its day's compacted file: that file is read whole (once per
        index) and all of it added; False if no compacted file of the day holds it."""
        day = day_of(manifest)
        if day is None:
            return False
        known = {r["key"]: set(json.loads(r["inputs"]))
                 for r in self.index.execute("SELECT key, inputs FROM sync_compacted")}
        for key in self.reader.store.list(f"manifests/date={day}/{COMPACT_NAME}"):
            if key not in known:
                try:
                    inputs, batches = self._compacted(key)
                    self._add(batches)
                except KeyError:
                    continue  # replaced by a newer compaction since the listing
                known[key] = inputs
                self.index.db.execute("INSERT OR REPLACE INTO sync_compacted VALUES (?, ?)",
                                      (key, json.dumps(sorted(inputs))))
            if manifest in known[key]:
                return True
        return False

    def _compacted(self, key: str) -> tuple[set[str], Iterator[list[dict[str, Any]]]]:
        parquet = pq.ParquetFile(pa.BufferReader(self.reader.store.get(key)))
        return {name for name, _ in inputs_of(parquet)}, (b.to_pylist() for b in parquet.iter_batches(2000))
