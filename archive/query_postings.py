"""Postings: for each term, which documents of a segment contain it.

A segment is a run of at most 65536 consecutive document numbers. A posting list is stored as
one blob per (segment, term): the 16-bit offsets of its documents, or — once that would be
larger — a bitmap of the whole segment (the common characters and bigrams are in most articles,
and a bitmap of them costs one bit per article). Reading a term back gives a boolean mask over
the segment, and a query is the AND of masks: a few microseconds per term and segment.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from archive.query_terms import DOC_BITS, U64

SEGMENT_DOCS = 1 << DOC_BITS
Mask = npt.NDArray[np.bool_]
_OFFSETS, _BITMAP = b"\x00", b"\x01"


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
    """(term, blob) for every term of ``keys`` (``term << 16 | offset``, repeats allowed),
    in term order."""
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

