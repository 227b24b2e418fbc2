"""Turning a batch of clean records into one index segment: rows, stored text, postings, dates.

Pure (no database), so ``reindex`` runs it in worker processes on 65536 manifest rows at a time
(:func:`build_table`, straight from Arrow columns, terms and posting lists from the compiled
loops of :mod:`query.kernel`) and the crawl hook runs it in-process on a few hundred
records (:func:`build`, the same segment by numpy: no numba in a crawl process).
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

from core.record import clean_key
from query.postings import SEGMENT_DOCS, bucket_count, bucket_rows_of_keys, buckets_of
from query.terms import TITLE, facet_term, simplified, term_keys

I64 = npt.NDArray[np.int64]
# Columns of ``articles`` after its docno, in the order rows are inserted.
COLUMNS: tuple[str, ...] = (
    "id", "site", "url", "canonical_url", "fetched_at", "published_at", "title", "source",
    "authors", "editor", "cluster_id", "duplicate_of", "content_hash", "language", "script",
    "script_original", "encoding", "encoding_declared", "repairs", "chars", "clean_key",
    "raw_warc", "raw_offset", "raw_length", "raw_record_id", "extraction_error",
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
    postings: list[tuple[int, bytes]]  # (bucket, blob)
    buckets: int
    published: I64
    fetched: I64
    lengths: npt.NDArray[np.int32]

    @property
    def size(self) -> int:
        return len(self.articles)


def wall_clock_keys(values: list[str | None] | pa.ChunkedArray) -> I64:
    """Seconds since 1970 of each ISO date *as printed* (its offset ignored: "2024-03-01" means
    that day on the portal's clock, as a researcher reading the page means it); NO_DATE if none."""
    array = values if isinstance(values, pa.ChunkedArray) else pa.array(values, type=pa.string())
    full = pc.strptime(pc.utf8_slice_codeunits(array, 0, 19), format="%Y-%m-%dT%H:%M:%S", unit="s",
                       error_is_null=True)
    day = pc.strptime(pc.utf8_slice_codeunits(array, 0, 10), format="%Y-%m-%d", unit="s", error_is_null=True)
    seconds = pc.fill_null(pc.coalesce(full, day).cast(pa.int64()), NO_DATE).to_numpy()
    return np.where(seconds == NO_DATE, NO_DATE, np.maximum(seconds, 0)).astype(np.int64)


def date_key(value: str) -> int:
    """The key of one complete ``YYYY-MM-DDTHH:MM:SS`` value (see :func:`wall_clock_keys`)."""
    return int((datetime.fromisoformat(value) - _EPOCH).total_seconds())


def pack_text(text: str) -> bytes:
    """The stored form of a text in Simplified: UTF-16 (two bytes a Han character, a third less
    than UTF-8; zstd level 1 made it only 16% smaller, for ~20 µs of CPU per article)."""
    return text.encode("utf-16-le")


def unpack_text(blob: bytes) -> str:
    return blob.decode("utf-16-le")


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
        record.get("extraction_error"),
    )


def _facets(records: list[dict[str, Any]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """The site, source and author terms of each record: (offsets per record, terms)."""
    terms: list[int] = []
    offsets = [0]
    for record in records:
        values = [("site", record.get("site")), ("source", record.get("source"))]
        values += [("author", a) for a in (record.get("authors") or [])]
        terms += [facet_term(kind, value) for kind, value in values if value]
        offsets.append(len(terms))
    return np.array(offsets, dtype=np.int64), np.array(terms, dtype=np.uint64)


def _utf8(array: pa.Array | pa.ChunkedArray) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """The UTF-8 bytes of a string column and where each value starts (nulls as "")."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    array = pc.fill_null(array, "")
    wide = pa.types.is_large_string(array.type)
    _, offsets, data = array.buffers()
    starts = np.frombuffer(offsets, dtype=np.int64 if wide else np.int32)[array.offset:array.offset + len(array) + 1]
    return (np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8),
            starts.astype(np.int64))


@dataclass
class _Indexed:
    postings: list[tuple[int, bytes]]
    buckets: int
    texts: list[bytes]
    lengths: npt.NDArray[np.int32]


def _kernel_index(titles: pa.Array | pa.ChunkedArray, bodies: pa.Array | pa.ChunkedArray,
                  records: list[dict[str, Any]]) -> _Indexed:
    """Bucket blobs, stored texts and body lengths of documents with these titles and bodies
    (in Simplified) and the facets of ``records``, by the compiled loops (reindex)."""
    # Imported here: numba takes ~0.25 s to import, which `difang search` should not pay.
    from query.kernel import CLASSES, LOWER, collect, fill

    size = len(records)
    title_data, title_offsets = _utf8(titles)
    body_data, body_offsets = _utf8(bodies)
    facet_offsets, facet_terms = _facets(records)
    terms, df, pairs, pair_offsets, utf16, utf16_offsets, lengths = collect(
        title_data, title_offsets, body_data, body_offsets, facet_offsets, facet_terms, LOWER, CLASSES)
    bitmap_bytes = (size + 7) // 8
    total = int(np.where(2 * df > bitmap_bytes, bitmap_bytes, 2 * df.astype(np.int64)).sum()) + 13 * terms.size
    buckets = bucket_count(total)
    blobs, starts = fill(terms, df, buckets_of(terms, buckets), buckets, pairs, pair_offsets, size)
    data = blobs.tobytes()
    ends = starts.tolist()
    postings = [(b, data[ends[b]:ends[b + 1]]) for b in range(buckets) if ends[b + 1] > ends[b]]
    text = utf16.tobytes()
    bounds = (2 * utf16_offsets).tolist()
    texts = [text[bounds[d]:bounds[d + 1]] for d in range(size)]
    return _Indexed(postings, buckets, texts, lengths)


def _segment(records: list[dict[str, Any]], clean_keys: list[str], first: int, indexed: _Indexed,
             chars: list[int]) -> Segment:
    size = len(records)
    docnos = range(first, first + size)
    return Segment(
        first=first,
        articles=[_values(d, r, k, c) for d, r, k, c in zip(docnos, records, clean_keys, chars, strict=True)],
        authors=[(d, a) for d, r in zip(docnos, records, strict=True) for a in (r.get("authors") or []) if a],
        texts=list(zip(docnos, indexed.texts, strict=True)),
        postings=indexed.postings,
        buckets=indexed.buckets,
        published=wall_clock_keys([r.get("published_at") for r in records]),
        fetched=wall_clock_keys([r.get("fetched_at") for r in records]),
        lengths=indexed.lengths,
    )


def _facet_keys(records: list[dict[str, Any]]) -> npt.NDArray[np.uint64]:
    facet_offsets, facet_terms = _facets(records)
    docs = np.repeat(np.arange(len(records), dtype=np.uint64), np.diff(facet_offsets))
    return (facet_terms << np.uint64(16)) | docs


def _numpy_index(titles: list[str], bodies: list[str], records: list[dict[str, Any]]) -> _Indexed:
    """What :func:`_kernel_index` gives, by numpy and Python: the crawl hook indexes a few
    hundred records at a time, and a crawl process should not import and load numba for that
    (~1 s, or ~12 s to compile where nothing is cached yet)."""
    # Title and body are one text for matching (the separator keeps words from running across).
    both = [f"{t}\n{b}" for t, b in zip(titles, bodies, strict=True)]
    keys = np.concatenate((term_keys(both), term_keys(titles, TITLE), _facet_keys(records)))
    rows, buckets = bucket_rows_of_keys(keys, len(records))
    return _Indexed(rows, buckets, [pack_text(t) for t in both], np.array([len(b) for b in bodies], dtype=np.int32))


def postings_of(titles: list[str], bodies: list[str], records: list[dict[str, Any]]) -> tuple[list[tuple[int, bytes]], int]:
    """The bucket blobs (and bucket count) of documents with these titles and bodies (in
    Simplified) and the facets of ``records``: what merging segments re-cuts."""
    indexed = _numpy_index(titles, bodies, records)
    return indexed.postings, indexed.buckets


def build(records: list[dict[str, Any]], clean_keys: list[str], first: int) -> Segment:
    """The segment of ``records`` (at most 65536, one version per id), numbered from ``first``."""
    assert len(records) <= SEGMENT_DOCS
    titles = [simplified(r.get("title") or "", r.get("script")) for r in records]
    bodies = [simplified(r.get("text") or "", r.get("script")) for r in records]
    indexed = _numpy_index(titles, bodies, records)
    return _segment(records, clean_keys, first, indexed, [len(r.get("text") or "") for r in records])


def _column(table: pa.Table, name: str) -> list[Any]:
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


def _table_rows(table: pa.Table, first: int, chars: list[int], authors: list[list[str]]) -> list[tuple[Any, ...]]:
    """The ``articles`` rows of manifest rows (what :func:`_values` makes of a record), built
    column by column (no dict per record)."""
    n = table.num_rows
    ids, sites, fetched = _column(table, "id"), _column(table, "site"), _column(table, "fetched_at")
    keys = [clean_key({"site": s, "fetched_at": f, "id": i}) for i, s, f in zip(ids, sites, fetched, strict=True)]
    repairs = [r if isinstance(r, str) else json.dumps(r or {}, ensure_ascii=False, sort_keys=True)
               for r in _column(table, "repairs")]
    raw: dict[str, list[Any]] = {name: [None] * n for name in ("warc", "offset", "length", "record_id")}
    if "raw" in table.column_names:
        pointers = table.column("raw").combine_chunks()
        for name in raw:
            if pointers.type.get_field_index(name) >= 0:
                raw[name] = pc.struct_field(pointers, name).to_pylist()
    titles = [t or "" for t in _column(table, "title")]
    rows = list(zip(
        range(first, first + n), ids, sites, _column(table, "url"), _column(table, "canonical_url"), fetched,
        _column(table, "published_at"), titles, _column(table, "source"),
        [json.dumps(names, ensure_ascii=False) for names in authors], _column(table, "editor"),
        _column(table, "cluster_id"), _column(table, "duplicate_of"), _column(table, "content_hash"),
        _column(table, "language"), _column(table, "script"), _column(table, "script_original"),
        _column(table, "encoding"), _column(table, "encoding_declared"), repairs, chars, keys,
        raw["warc"], raw["offset"], raw["length"], raw["record_id"], _column(table, "extraction_error"),
        strict=True))
    return rows


def build_table(table: pa.Table, first: int) -> Segment:
    """The segment of manifest rows (at most 65536, one version per id), numbered from
    ``first``: texts go from their Arrow buffers to the kernel without Python strings, and
    the rows are built column by column."""
    assert table.num_rows <= SEGMENT_DOCS
    titles, bodies = table.column("title"), table.column("text")
    chars = pc.fill_null(pc.utf8_length(bodies), 0).to_pylist()
    authors = [[a for a in names if a] if names else [] for names in _column(table, "authors")]
    articles = _table_rows(table, first, chars, authors)
    facets = [{"site": r[2], "source": r[8], "authors": a} for r, a in zip(articles, authors, strict=True)]
    scripts = _column(table, "script")
    foreign = [i for i, script in enumerate(scripts) if script != "zh-Hans"]
    if foreign:  # Traditional (or unknown) script: converted in Python, row by row
        title_list, body_list = titles.to_pylist(), bodies.to_pylist()
        for i in foreign:
            title_list[i] = simplified(title_list[i] or "", scripts[i])
            body_list[i] = simplified(body_list[i] or "", scripts[i])
        titles, bodies = pa.array(title_list, type=pa.string()), pa.array(body_list, type=pa.string())
    indexed = _kernel_index(titles, bodies, facets)
    docnos = range(first, first + table.num_rows)
    return Segment(
        first=first,
        articles=articles,
        authors=[(d, a) for d, f in zip(docnos, facets, strict=True) for a in f["authors"]],
        texts=list(zip(docnos, indexed.texts, strict=True)),
        postings=indexed.postings,
        buckets=indexed.buckets,
        published=wall_clock_keys(table.column("published_at")),
        fetched=wall_clock_keys(table.column("fetched_at")),
        lengths=indexed.lengths,
    )
