"""Exporting selected clean records as JSONL, CSV or Parquet.

The index says which articles (and which version of each) are selected; the records themselves
come from the archive — from the run manifests in bulk (vectorised with pyarrow), and from the
clean JSON files for the few that no manifest holds. Rows come out in manifest order.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core.record import FIELDS, MANIFEST_SCHEMA, manifest_row
from query.source import ArchiveReader

ExportFormat = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")


def selected_tables(reader: ArchiveReader, wanted: dict[str, str]) -> Iterator[pa.Table]:
    """Manifest rows for ``wanted`` ({"id|fetched_at": clean key}), then the stragglers."""
    remaining = dict(wanted)
    value_set = pa.array(list(wanted), type=pa.string())
    for key in reader.manifest_keys():
        if not remaining:
            break
        parquet = pq.ParquetFile(pa.BufferReader(reader.store.get(key)))
        for batch in parquet.iter_batches(batch_size=20000):
            table = pa.Table.from_batches([batch]).cast(MANIFEST_SCHEMA)
            version = pc.binary_join_element_wise(table["id"], table["fetched_at"], "|")
            table = table.filter(pc.is_in(version, value_set=value_set))
            if table.num_rows == 0:
                continue
            found = pc.binary_join_element_wise(table["id"], table["fetched_at"], "|").to_pylist()
            # A version listed in two manifests (a retried upload) is exported once.
            keep = [remaining.pop(v, None) is not None for v in found]
            yield table.filter(pa.array(keep))
    rows = [manifest_row(reader.record(clean)) for clean in remaining.values()]
    for start in range(0, len(rows), 5000):
        yield pa.Table.from_pylist(rows[start:start + 5000], schema=MANIFEST_SCHEMA)


@contextmanager
def _opened_text(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        yield fh


def _records(table: pa.Table) -> Iterator[dict[str, Any]]:
    for row in table.to_pylist():
        row["repairs"] = json.loads(row["repairs"] or "{}")
        yield row


def write(tables: Iterable[pa.Table], path: str, fmt: ExportFormat) -> int:
    """Write the tables to ``path`` ("-": stdout) in ``fmt``; returns the number of records."""
    count = 0
    if fmt == "parquet":
        if path == "-":
            raise ValueError("parquet needs a file: -o FILE")
        with pq.ParquetWriter(path, MANIFEST_SCHEMA, compression="zstd") as writer:
            for table in tables:
                writer.write_table(table)
                count += table.num_rows
        return count
    with _opened_text(path) as fh:
        if fmt == "csv":
            out = csv.writer(fh)
            out.writerow(FIELDS)
        for table in tables:
            for record in _records(table):
                if fmt == "jsonl":
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    out.writerow([_cell(record[name]) for name in FIELDS])
                count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def format_for(path: str, given: str | None) -> ExportFormat:
    if given:
        return given  # type: ignore[return-value]
    suffix = Path(path).suffix.lstrip(".").lower()
    if suffix in FORMATS:
        return suffix  # type: ignore[return-value]
    raise ValueError(f"cannot tell the format of {path!r}: add --format jsonl|csv|parquet")
