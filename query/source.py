"""Reading the archive for the query side: clean records, manifests, raw WARC records, runs.

The archive is the source of truth; the index only remembers where things are. Everything here
goes through :class:`storage.store.Store`, so a folder and an S3 prefix read the same way.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from core.limits import DOWNLOAD_MAXSIZE
from core.record import clean_key
from storage.content_encoding import decode_body
from storage.store import Store

MANIFEST_PREFIX = "manifests/"
CLEAN_PREFIX = "clean/"
RUNS_PREFIX = "runs/"


@dataclass(frozen=True)
class RawCapture:
    """A response record from a WARC: its target, HTTP status line, headers and payload."""

    url: str
    date: str
    status: str
    headers: list[tuple[str, str]]
    payload: bytes  # the body exactly as served (still content-encoded if the server encoded it)
    record: bytes  # the WARC record as stored: one gzip member, a valid .warc.gz on its own

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def body(self, max_size: int = DOWNLOAD_MAXSIZE) -> bytes:
        """The payload with its Content-Encoding undone (what a browser would render), refused
        past ``max_size`` decoded bytes as the crawl refuses it (storage.content_encoding)."""
        return decode_body(self.payload, self.header("Content-Encoding"), max_size)


class ArchiveReader:
    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, key: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.store.get(key))
        return data

    def manifest_keys(self) -> list[str]:
        return sorted(k for k in self.store.list(MANIFEST_PREFIX) if k.endswith(".parquet"))

    def manifest_batches(self, key: str, columns: list[str] | None = None,
                         batch_size: int = 2000) -> Iterator[list[dict[str, Any]]]:
        """Rows of one manifest, in batches of plain dicts."""
        parquet = pq.ParquetFile(io.BytesIO(self.store.get(key)))
        for batch in parquet.iter_batches(batch_size=batch_size, columns=columns):
            yield batch.to_pylist()

    def manifest_tables(self, key: str, columns: list[str] | None = None,
                        batch_size: int = 16384) -> Iterator[pa.Table]:
        """Rows of one manifest, in Arrow batches (for bulk readers that stay columnar)."""
        parquet = pq.ParquetFile(pa.BufferReader(self.store.get(key)))
        if columns is not None:  # a column added since this manifest was written is left out
            present = set(parquet.schema_arrow.names)
            columns = [c for c in columns if c in present]
        for batch in parquet.iter_batches(batch_size=batch_size, columns=columns):
            yield pa.Table.from_batches([batch])

    def clean_keys(self) -> Iterator[str]:
        return (k for k in self.store.list(CLEAN_PREFIX) if k.endswith(".json"))

    def raw(self, pointer: dict[str, Any]) -> RawCapture:
        """The response record a clean record's ``raw`` pointer names (one ranged read)."""
        from warcio.archiveiterator import ArchiveIterator

        data = self.store.get_range(pointer["warc"], int(pointer["offset"]), int(pointer["length"]))
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
        http = record.http_headers
        return RawCapture(
            url=record.rec_headers.get_header("WARC-Target-URI") or "",
            date=record.rec_headers.get_header("WARC-Date") or "",
            status=http.get_statuscode() if http else "",
            headers=list(http.headers) if http else [],
            payload=record.raw_stream.read(),
            record=data,
        )

    def latest_runs(self) -> dict[str, dict[str, Any]]:
        """The newest run file of each site (run ids are SITE-YYYYmmddHHMMSS-hex)."""
        newest: dict[str, str] = {}
        for key in self.store.list(RUNS_PREFIX):
            name = key[len(RUNS_PREFIX):].removesuffix(".json")
            site, _, rest = name.rpartition("-")[0].rpartition("-")
            if site and rest.isdigit() and name > newest.get(site, ""):
                newest[site] = name
        return {site: self.record(f"{RUNS_PREFIX}{name}.json") for site, name in sorted(newest.items())}


def manifest_clean_key(row: dict[str, Any]) -> str:
    return clean_key(row)
