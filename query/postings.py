"""Postings: for each term, which documents of a segment contain it.

A segment is a run of at most 65536 consecutive document numbers. A term's posting list is the
16-bit offsets of its documents, or — once that would be larger — a bitmap of the whole segment
(the common characters and bigrams are in most articles, and a bitmap of them costs one bit per
article). Reading a term back gives a boolean mask over the segment, and a query is the AND of
masks: a few microseconds per term and segment.

The lists of a segment are stored in hash buckets, one row per (segment, bucket): a segment of
65536 articles has ~300,000 terms, and one row each cost more to insert than to build. A bucket
blob is ``n`` (u32), its terms ascending (u64), ``n + 1`` offsets (u32) into the lists that
follow. A bucket holds ~16 KB (:func:`bucket_count`), so a term costs one short row read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt

from query.terms import DOC_BITS, U64

SEGMENT_DOCS = 1 << DOC_BITS
Mask = npt.NDArray[np.bool_]
_OFFSETS, _BITMAP = b"\x00", b"\x01"
BUCKET_BYTES = 16384
_MULTIPLIER = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1


def bucket_count(total_bytes: int) -> int:
    """Buckets for a segment whose posting lists take ``total_bytes``: a power of two, ~16 KB each."""
    return 1 << max(0, (total_bytes // BUCKET_BYTES).bit_length() - 1)


def bucket_of(term: int, buckets: int) -> int:
    """The bucket of ``term`` (``buckets`` a power of two): top bits of a multiplicative hash."""
    return (((term * _MULTIPLIER) & _MASK64) >> 32) & (buckets - 1)


def buckets_of(terms: npt.NDArray[np.uint64], buckets: int) -> npt.NDArray[np.int64]:
    """:func:`bucket_of` of every term (numpy wraps the product modulo 2**64, as the mask does)."""
    product = terms * np.uint64(_MULTIPLIER)
    return ((product >> np.uint64(32)) & np.uint64(buckets - 1)).astype(np.int64)


def lookup(bucket: bytes, term: int) -> bytes | None:
    """The posting list of ``term`` in a bucket blob, or None if the bucket does not hold it."""
    n = int.from_bytes(bucket[:4], "little")
    terms = np.frombuffer(bucket, dtype="<u8", count=n, offset=4)
    at = int(np.searchsorted(terms, np.uint64(term)))
    if at == n or int(terms[at]) != term:
        return None
    ends = np.frombuffer(bucket, dtype="<u4", count=2, offset=4 + 8 * n + 4 * at)
    data = 8 + 12 * n
    return bucket[data + int(ends[0]):data + int(ends[1])]


def encode(offsets: npt.NDArray[np.uint16], size: int) -> bytes:
    """One posting list: sorted distinct ``offsets`` into a segment of ``size`` documents."""
    bitmap_bytes = (size + 7) // 8
    if 2 * offsets.size <= bitmap_bytes:
        return _OFFSETS + offsets.astype("<u2").tobytes()
    mask = np.zeros(size, dtype=bool)
    mask[offsets] = True
    return _BITMAP + np.packbits(mask, bitorder="little").tobytes()


def decode(blob: bytes, size: int) -> Mask:
    """The boolean mask over the segment that ``blob`` encodes."""
    body = np.frombuffer(blob, dtype=np.uint8, offset=1)
    if blob[:1] == _BITMAP:
        return np.unpackbits(body, count=size, bitorder="little").view(bool)
    mask = np.zeros(size, dtype=bool)
    mask[body.view("<u2")] = True
    return mask


def count(blob: bytes, size: int) -> int:
    """How many documents a posting list holds, without decoding it."""
    if blob[:1] == _BITMAP:
        return int(np.unpackbits(np.frombuffer(blob, dtype=np.uint8, offset=1), count=size).sum())
    return (len(blob) - 1) // 2


def postings(keys: U64, size: int) -> Iterator[tuple[int, bytes]]:
    """(term, list) for every term of ``keys`` (``term << 16 | offset``, repeats allowed),
    in term order: what the bucket blobs of the segment hold (the numpy reference of
    :func:`query.kernel.fill`, for tests)."""
    if keys.size == 0:
        return
    keys.sort()  # in place: the caller's array is a temporary
    distinct = np.empty(keys.size, dtype=bool)
    distinct[0] = True
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    keys = keys[distinct]
    terms = keys >> np.uint64(DOC_BITS)
    offsets = (keys & np.uint64(SEGMENT_DOCS - 1)).astype("<u2")
    starts = np.flatnonzero(np.concatenate(([True], terms[1:] != terms[:-1])))
    ends = np.append(starts[1:], keys.size)
    dense = (ends - starts) * 2 > (size + 7) // 8
    raw = offsets.tobytes()
    for term, start, end, is_dense in zip(terms[starts].tolist(), starts.tolist(), ends.tolist(),
                                          dense.tolist(), strict=True):
        if is_dense:
            yield term, encode(offsets[start:end], size)
        else:
            yield term, _OFFSETS + raw[2 * start:2 * end]



def bucket_rows(lists: Iterable[tuple[int, bytes]]) -> tuple[list[tuple[int, bytes]], int]:
    """(bucket, blob) rows and the bucket count of a segment's (term, posting list) pairs, given
    in term order: the blobs :func:`query.kernel.fill` writes, made in Python (for the
    crawl hook's batches of a few hundred records and for merges, which do without numba)."""
    items = list(lists)
    buckets = bucket_count(sum(len(blob) for _, blob in items) + 12 * len(items))
    terms = np.array([term for term, _ in items], dtype=np.uint64)
    owner = buckets_of(terms, buckets)
    order = np.argsort(owner, kind="stable")  # stable: terms stay ascending within a bucket
    bounds = np.searchsorted(owner[order], np.arange(buckets + 1)).tolist()
    rows = []
    for bucket in range(buckets):
        mine = order[bounds[bucket]:bounds[bucket + 1]]
        if not mine.size:
            continue
        held = [items[i][1] for i in mine.tolist()]
        offsets = np.concatenate(([0], np.cumsum([len(blob) for blob in held]))).astype("<u4")
        rows.append((bucket, len(held).to_bytes(4, "little") + terms[mine].astype("<u8").tobytes()
                     + offsets.tobytes() + b"".join(held)))
    return rows, buckets


def bucket_rows_of_keys(keys: U64, size: int) -> tuple[list[tuple[int, bytes]], int]:
    """``bucket_rows(postings(keys, size))`` with numpy array operations instead of a Python step
    per term: the crawl hook indexes a batch of a few hundred records (~30,000 distinct terms)
    per flush, and the per-term steps were most of its cost."""
    if keys.size == 0:
        return [], bucket_count(0)
    keys = np.sort(keys)  # (np.unique hashes: several times slower on these arrays)
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    terms = keys >> np.uint64(DOC_BITS)
    offsets = (keys & np.uint64(SEGMENT_DOCS - 1)).astype("<u2")
    starts = np.flatnonzero(np.concatenate(([True], terms[1:] != terms[:-1])))
    counts = np.diff(np.append(starts, keys.size))
    distinct = terms[starts]
    bitmap_bytes = (size + 7) // 8
    dense = counts * 2 > bitmap_bytes
    lengths = 1 + np.where(dense, bitmap_bytes, 2 * counts)  # tag byte + list
    buckets = bucket_count(int(lengths.sum()) + 12 * distinct.size)
    order = np.argsort(buckets_of(distinct, buckets), kind="stable")  # terms stay ascending
    owner = buckets_of(distinct[order], buckets)
    # every list, in bucket order, one after another in one buffer
    ends = np.cumsum(lengths[order])
    begins = ends - lengths[order]
    data = np.empty(int(ends[-1]) if ends.size else 0, dtype=np.uint8)
    data[begins] = np.where(dense[order], _BITMAP[0], _OFFSETS[0])
    sparse = ~dense[order]
    _copy_runs(data, begins[sparse] + 1, offsets.view(np.uint8), 2 * starts[order][sparse],
               2 * counts[order][sparse])
    if dense.any():
        rows = np.flatnonzero(dense[order])
        which = order[rows]
        mask = np.zeros((rows.size, size), dtype=bool)
        member = np.repeat(np.arange(rows.size), counts[which])
        mask[member, offsets[_runs(starts[which], counts[which])]] = True
        bitmaps = np.packbits(mask, axis=1, bitorder="little")
        _copy_runs(data, begins[rows] + 1, bitmaps.reshape(-1),
                   np.arange(rows.size) * bitmap_bytes, np.full(rows.size, bitmap_bytes))
    raw = data.tobytes()
    cuts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1]))).tolist() + [owner.size]
    sorted_terms = distinct[order].astype("<u8")
    out: list[tuple[int, bytes]] = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        base = int(begins[a])
        within = np.concatenate(([begins[a]], ends[a:b])) - base
        out.append((int(owner[a]), (b - a).to_bytes(4, "little") + sorted_terms[a:b].tobytes()
                    + within.astype("<u4").tobytes() + raw[base:int(ends[b - 1])]))
    return out, buckets


def _runs(starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The indexes start[i] .. start[i] + length[i] - 1 of every run, concatenated."""
    total = int(lengths.sum())
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(total, dtype=np.int64) + shift


def _copy_runs(target: npt.NDArray[np.uint8], to: npt.NDArray[np.int64], source: npt.NDArray[np.uint8],
               start: npt.NDArray[np.int64], length: npt.NDArray[np.int64]) -> None:
    """target[to[i] : to[i] + length[i]] = source[start[i] : start[i] + length[i]] for every i."""
    if length.size:
        target[_runs(to, length)] = source[_runs(start, length)]
