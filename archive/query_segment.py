"""Turning a batch of clean records into one index segment: rows, stored text, postings, dates.

Pure (no database), so ``reindex`` runs it in worker processes on 65536 records at a time and
the crawl hook runs it in-process on a few hundred.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from archive.query_postings import SEGMENT_DOCS, postings
from archive.query_terms import TITLE, facet_term, simplified, term_keys

I64 = npt.NDArray[np.int64]
# Columns of ``articles`` after its docno, in the order rows are inserted.
COLUMNS: tuple[str, ...] = (
    "id", "site", "url", "canonical_url", "fetched_at", "published_at", "title", "source",
    "authors", "editor", "cluster_id", "duplicate_of", "content_hash", "language", "script",
    "script_original", "encoding", "encoding_declared", "repairs", "chars", "clean_key",
    "raw_warc", "raw_offset", "raw_length", "raw_record_id",
)
NO_DATE = -1  # the key of a missing date: sorts after every real one
_EPOCH = datetime(1970, 1, 1)


@dataclass
class Segment:
    """Everything the index stores for documents ``first`` … ``first + size - 1``."""

    first: int
    articles: list[tuple[Any, ...]]
    authors: list[tuple[int, str]]
    texts: list[tuple[int, bytes]]
    postings: list[tuple[int, bytes]]
    published: I64
    fetched: I64
    lengths: npt.NDArray[np.int32]

    @property
    def size(self) -> int:
        return len(self.articles)


def wall_clock_keys(values: list[str | None]) -> I64:
    """Seconds since 1970 of each ISO date *as printed* (its offset ignored: "2024-03-01" means
    that day on the portal's clock, as a researcher reading the page means it); NO_DATE if none."""
    array = pa.array(values, type=pa.string())
    full = pc.strptime(pc.utf8_slice_codeunits(array, 0, 19), format="%Y-%m-%dT%H:%M:%S", unit="s",
                       error_is_null=True)
    day = pc.strptime(pc.utf8_slice_codeunits(array, 0, 10), format="%Y-%m-%d", unit="s", error_is_null=True)
    seconds = pc.fill_null(pc.coalesce(full, day).cast(pa.int64()), NO_DATE).to_numpy()
    return np.where(seconds == NO_DATE, NO_DATE, np.maximum(seconds, 0)).astype(np.int64)


def date_key(value: str) -> int:
    """The key of one complete ``YYYY-MM-DDTHH:MM:SS`` value (see :func:`wall_clock_keys`)."""
    return int((datetime.fromisoformat(value) - _EPOCH).total_seconds())


def pack_text(text: str) -> bytes:
    """The stored form of a text in Simplified: its UTF-8 length, then the bytes in zstd (3x
    faster than zlib here, and smaller)."""
    data = text.encode("utf-8")
    return len(data).to_bytes(4, "little") + pa.compress(data, codec="zstd", asbytes=True)


def unpack_text(blob: bytes) -> str:
    size = int.from_bytes(blob[:4], "little")
    data: bytes = pa.decompress(blob[4:], decompressed_size=size, codec="zstd", asbytes=True)
    return data.decode("utf-8")


def _values(docno: int, record: dict[str, Any], clean_key: str, chars: int) -> tuple[Any, ...]:
    raw = record.get("raw") or {}
    repairs = record.get("repairs") or {}
    if not isinstance(repairs, str):  # manifests keep repairs as a JSON string already
        repairs = json.dumps(repairs, ensure_ascii=False, sort_keys=True)
    authors = [a for a in (record.get("authors") or []) if a]
    return (
        docno, record["id"], record.get("site"), record.get("url"), record.get("canonical_url"),
        record.get("fetched_at"), record.get("published_at"), record.get("title") or "",
        record.get("source"), json.dumps(authors, ensure_ascii=False), record.get("editor"),
        record.get("cluster_id"), record.get("duplicate_of"), record.get("content_hash"),
        record.get("language"), record.get("script"), record.get("script_original"), record.get("encoding"),
        record.get("encoding_declared"), repairs,
        chars, clean_key, raw.get("warc"), raw.get("offset"), raw.get("length"), raw.get("record_id"),
    )


def _facet_keys(records: list[dict[str, Any]]) -> npt.NDArray[np.uint64]:
    keys = []
    for i, record in enumerate(records):
        values = [("site", record.get("site")), ("source", record.get("source"))]
        values += [("author", a) for a in (record.get("authors") or [])]
        keys += [(facet_term(kind, value) << 16) | i for kind, value in values if value]
    return np.array(keys, dtype=np.uint64)


def segment_keys(titles: list[str], texts: list[str], records: list[dict[str, Any]]) -> npt.NDArray[np.uint64]:
    """Every term key of a segment: ``texts`` (title and body, in Simplified) for matching,
    ``titles`` again for ranking, and the site, source and authors of ``records``."""
    return np.concatenate((term_keys(texts), term_keys(titles, TITLE), _facet_keys(records)))


def build(records: list[dict[str, Any]], clean_keys: list[str], first: int) -> Segment:
    """The segment of ``records`` (at most 65536, one version per id), numbered from ``first``."""
    assert len(records) <= SEGMENT_DOCS
    titles = [simplified(r.get("title") or "", r.get("script")) for r in records]
    bodies = [simplified(r.get("text") or "", r.get("script")) for r in records]
    # Title and body are one text for matching (the separator keeps words from running across).
    both = [f"{t}\n{b}" for t, b in zip(titles, bodies, strict=True)]
    keys = segment_keys(titles, both, records)
    size = len(records)
    docnos = range(first, first + size)
    return Segment(
        first=first,
        articles=[_values(d, r, k, len(r.get("text") or "")) for d, r, k in zip(docnos, records, clean_keys,
                                                                             strict=True)],
        authors=[(d, a) for d, r in zip(docnos, records, strict=True) for a in (r.get("authors") or []) if a],
        texts=[(d, pack_text(t)) for d, t in zip(docnos, both, strict=True)],
        postings=list(postings(keys, size)),
        published=wall_clock_keys([r.get("published_at") for r in records]),
        fetched=wall_clock_keys([r.get("fetched_at") for r in records]),
        lengths=np.array([len(b) for b in bodies], dtype=np.int32),
    )
