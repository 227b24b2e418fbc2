"""Compaction of run manifests: the small Parquet files of one finished day merged into one.

Every crawl writes ``manifests/date=D/RUN.parquet`` (:mod:`storage.journal`): at 100,000 crawls a
day DuckDB over S3 spends its time opening files. ``difang compact`` (the cluster's leader, once a
day) merges each finished day's manifests into ``manifests/date=D/compact-DIGEST.parquet``: the
rows of its inputs in order, in the current manifest schema (columns an older manifest lacks are
null), large row groups. The file's key-value metadata lists its inputs with their row counts
(``difang.compacted_from``), so ``difang verify`` knows where a run's manifest went and the index
sync can still find one run's rows; DIGEST is of the input keys, so the same inputs always give
the same key.

Crash-safe by order: the compacted file is written (create-only) first, its inputs deleted after.
A crash in between leaves rows twice — readers keep one row per (id, fetched_at) — and the next
run deletes what a compacted file already covers. A day that gets a late manifest (a spool
uploaded after an outage) is compacted again: the old compacted file is one of the inputs, its
own inputs carried over.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from core.record import MANIFEST_SCHEMA
from storage.store import ConflictError, Store

log = logging.getLogger(__name__)

PREFIX = "manifests/"
COMPACT_NAME = "compact-"
INPUTS_KEY = b"difang.compacted_from"  # JSON list of [input key, rows], in row order
ROW_GROUP = 65536


class CompactionError(RuntimeError):
    """A day that cannot be compacted (inputs of a newer schema, unreadable); the day is left as is."""


def day_of(key: str) -> str | None:
    """``D`` of ``manifests/date=D/NAME.parquet``, or None for any other key."""
    if not key.startswith(PREFIX + "date=") or not key.endswith(".parquet"):
        return None
    folder, _, name = key[len(PREFIX) + len("date="):].partition("/")
    return folder if name and "/" not in name else None


def is_compacted(key: str) -> bool:
    return key.rsplit("/", 1)[-1].startswith(COMPACT_NAME)


def compacted_key(day: str, inputs: Iterable[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(inputs)).encode("utf-8")).hexdigest()[:20]
    return f"{PREFIX}date={day}/{COMPACT_NAME}{digest}.parquet"


def inputs_of(parquet: pq.ParquetFile) -> list[tuple[str, int]]:
    """The (input key, rows) a compacted file was made of; [] for a run's own manifest."""
    meta = parquet.metadata.metadata or {}
    raw = meta.get(INPUTS_KEY)
    return [(str(k), int(n)) for k, n in json.loads(raw)] if raw else []


def read_inputs(store: Store, key: str) -> list[tuple[str, int]]:
    return inputs_of(pq.ParquetFile(pa.BufferReader(store.get(key))))


def conform(table: pa.Table, where: str) -> pa.Table:
    """``table`` in the current manifest schema: missing columns null, types cast."""
    unknown = [n for n in table.schema.names if MANIFEST_SCHEMA.get_field_index(n) < 0]
    if unknown:
        raise CompactionError(f"{where}: columns {', '.join(unknown)} unknown to this difang (a newer one wrote it)")
    columns = []
    for column in MANIFEST_SCHEMA:
        if column.name in table.schema.names:
            try:
                columns.append(table[column.name].cast(column.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise CompactionError(f"{where}: column {column.name} does not fit the manifest schema ({exc})") from None
        else:
            columns.append(pa.nulls(table.num_rows, column.type))
    return pa.Table.from_arrays(columns, schema=MANIFEST_SCHEMA)


@dataclass
class DayReport:
    day: str
    key: str | None = None  # the compacted file written (None: nothing new to merge)
    runs: int = 0  # run manifests the day's compacted file covers
    rows: int = 0
    deleted: list[str] = field(default_factory=list)


@dataclass
class CompactionReport:
    days: list[DayReport] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (day, why)


def manifest_days(store: Store) -> dict[str, list[str]]:
    days: dict[str, list[str]] = {}
    for key in store.list(PREFIX):
        day = day_of(key)
        if day is not None:
            days.setdefault(day, []).append(key)
    return days


def compact(store: Store, *, before: date, workdir: Path) -> CompactionReport:
    """Compact every day before ``before`` (a day still being written must not be compacted:
    its later manifests would each make it again)."""
    report = CompactionReport()
    for day, keys in sorted(manifest_days(store).items()):
        if day >= before.isoformat():
            continue
        try:
            done = compact_day(store, day, keys, workdir)
        except (CompactionError, KeyError) as exc:  # KeyError: an input deleted meanwhile (another compaction)
            reason = str(exc) if isinstance(exc, CompactionError) else f"{exc.args[0]} vanished while read"
            log.warning("manifests of %s not compacted: %s", day, reason)
            report.skipped.append((day, reason))
            continue
        if done.key or done.deleted:
            log.info("manifests of %s: %d runs, %d rows in %s; %d files deleted", day, done.runs, done.rows,
                     done.key or "the compacted file", len(done.deleted))
        report.days.append(done)
    return report


def compact_day(store: Store, day: str, keys: list[str], workdir: Path) -> DayReport:
    report = DayReport(day)
    compacts = {k: [name for name, _ in read_inputs(store, k)] for k in sorted(keys) if is_compacted(k)}
    # a compacted file whose inputs another one holds too (a re-compaction interrupted before
    # its deletes) is redundant
    redundant = {k for k, ins in compacts.items() if any(set(ins) < set(other) for other in compacts.values())}
    kept = [k for k in compacts if k not in redundant]
    covered = {name for k in kept for name in compacts[k]}
    runs = sorted(k for k in keys if not is_compacted(k))
    fresh = [k for k in runs if k not in covered]
    delete = sorted(redundant) + [k for k in runs if k in covered]
    if fresh:
        sources = kept + fresh
        report.key, report.rows, inputs = _write(store, day, sources, workdir)
        report.runs = len(inputs)
        delete = sorted(set(delete) | set(sources) - {report.key})
    else:
        report.runs = len(covered)
    for key in delete:  # only now: the rows are in a compacted file
        store.delete(key)
        report.deleted.append(key)
    return report


def _tables(store: Store, key: str) -> tuple[list[tuple[str, int]], Iterator[pa.Table]]:
    """A source's inputs and its rows: a compacted file's own inputs, or the run manifest itself."""
    parquet = pq.ParquetFile(pa.BufferReader(store.get(key)))
    inputs = inputs_of(parquet) or [(key, parquet.metadata.num_rows)]
    batches = (pa.Table.from_batches([b]) for b in parquet.iter_batches(batch_size=ROW_GROUP))
    return inputs, (conform(t, f"{store.url}/{key}") for t in batches)


def _write(store: Store, day: str, sources: list[str], workdir: Path) -> tuple[str, int, list[tuple[str, int]]]:
    inputs: list[tuple[str, int]] = []
    rows = 0
    workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=workdir, prefix=".compact-") as tmp:
        path = Path(tmp) / "day.parquet"
        with pq.ParquetWriter(str(path), MANIFEST_SCHEMA, compression="zstd") as writer:
            # small tables gathered until they fill a row group, then joined once (joining
            # each to the pile as it comes costs the square of their number)
            pending: list[pa.Table] = []
            held = 0
            for source in sources:
                found, tables = _tables(store, source)
                inputs += found
                for table in tables:
                    rows += table.num_rows
                    pending.append(table)
                    held += table.num_rows
                    if held >= ROW_GROUP:
                        joined = pa.concat_tables(pending)
                        whole = held // ROW_GROUP * ROW_GROUP  # full row groups only
                        writer.write_table(joined.slice(0, whole), row_group_size=ROW_GROUP)
                        pending, held = [joined.slice(whole)], held - whole
            if held:
                writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP)
            writer.add_key_value_metadata({INPUTS_KEY: json.dumps(inputs).encode("utf-8")})
        with path.open("rb") as fh:
            os.fsync(fh.fileno())  # put_file takes a durable file (a folder archive links to it)
        key = compacted_key(day, [name for name, _ in inputs])
        try:
            store.put_file(key, path, "application/vnd.apache.parquet")
        except ConflictError:  # another compaction of the same inputs wrote it first
            if {n for n, _ in read_inputs(store, key)} != {n for n, _ in inputs}:
                raise
    return key, rows, inputs
