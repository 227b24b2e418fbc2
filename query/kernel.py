"""The compiled inner loops of segment building (numba): texts to posting lists in one pass.

Reindexing a million articles of ~1,500 characters means ~2.5 billion term occurrences. Sorting
them as ``term << 16 | doc`` keys with numpy cost ~300 µs of CPU per article; these loops walk
each text once (UTF-8 straight from Arrow buffers), give every distinct term a number in a hash
table, keep a (term, document) pair only the first time a document shows it, and then scatter
the pairs into the posting lists of :mod:`query.postings` — no sort of occurrences, no
Python per term. The terms are exactly those of :func:`query.terms.term_keys` (the
tests compare both on generated text).

Compiled on first use and cached next to this file (``cache=True``); ``warm_up`` compiles in
the parent before worker processes fork, so they inherit the machine code.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any


def _cache_folder() -> None:
    """Where numba keeps the compiled loops: beside this file, or — where that folder is
    read-only, as in an installed image — in a temporary folder (numba refuses to load a module
    whose cache has nowhere to go). Read when numba is imported, so this runs first."""
    if "NUMBA_CACHE_DIR" in os.environ:
        return
    try:
        beside = Path(__file__).parent / "__pycache__"
        beside.mkdir(exist_ok=True)
        tempfile.TemporaryFile(dir=beside).close()
    except OSError:
        os.environ["NUMBA_CACHE_DIR"] = str(Path(tempfile.gettempdir()) / "difang-numba")


_cache_folder()

import numba  # noqa: E402
import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from query.terms import _CLASS, _LOWER, TITLE, WORD_SPACE  # noqa: E402

_U64 = np.uint64
_EMPTY = _U64(0xFFFFFFFFFFFFFFFF)  # no term is all ones (terms stay below 2**47)
_MULTIPLIER = _U64(0x9E3779B97F4A7C15)
_FINISH = _U64(0xD6E8FEB86659FD93)
_HASH_BITS = _U64((1 << 40) - 1)
_WORD = _U64(WORD_SPACE)
_TITLE = _U64(TITLE)
_SHIFT32 = _U64(32)
_SHIFT21 = _U64(21)


@numba.njit(cache=True, inline="always")
def _decode(data: Any, i: int) -> tuple[int, int]:
    """The code point of the UTF-8 sequence at ``data[i]``, and where the next one starts."""
    b = data[i]
    if b < 0x80:
        return b, i + 1
    if b < 0xE0:
        return ((b & 0x1F) << 6) | (data[i + 1] & 0x3F), i + 2
    if b < 0xF0:
        return ((b & 0x0F) << 12) | ((data[i + 1] & 0x3F) << 6) | (data[i + 2] & 0x3F), i + 3
    return (((b & 0x07) << 18) | ((data[i + 1] & 0x3F) << 12) | ((data[i + 2] & 0x3F) << 6)
            | (data[i + 3] & 0x3F)), i + 4


_LOW32 = _U64(0xFFFFFFFF)
_HIGH32 = _U64(0xFFFFFFFF00000000)
_BMP = _U64(0x10000)
_DIRECT = 2 << 16  # entries of single BMP characters, then of the same in titles


@numba.njit(cache=True)
def _tokens(data: Any, start: int, end: int, titled: bool, lower: Any, classes: Any, out: Any, n: int,
            direct: Any, m: int, utf16: Any, at: int) -> tuple[int, int, int, int]:
    """Write the terms of one text (each also with the TITLE flag when ``titled``) to
    ``out[n:]``, except single BMP characters, whose table places go to ``direct[m:]``; copy the
    text as UTF-16 to ``utf16[at:]``. Returns (terms end, places end, copy end, code points)."""
    i = start
    chars = 0
    prev = _U64(0)
    prev_han = False
    h = _U64(0)
    power = _U64(1)
    in_word = False
    while i <= end:
        if i < end:
            cp, i = _decode(data, i)
            chars += 1
            if cp < 0x10000:
                utf16[at] = cp
                at += 1
                low = np.int64(lower[cp])
                kind = classes[low]
            else:
                v = cp - 0x10000
                utf16[at] = 0xD800 | (v >> 10)
                utf16[at + 1] = 0xDC00 | (v & 0x3FF)
                at += 2
                low = np.int64(cp)
                kind = 1 if 0x20000 <= cp <= 0x3134F else 0
        else:
            i += 1  # one step past the end: closes a word that runs to the end
            low = np.int64(0)
            kind = 0
        if kind == 2:
            h += _U64(low) * power
            power *= _MULTIPLIER
            in_word = True
        elif in_word:
            h = (h ^ (h >> _SHIFT32)) * _FINISH
            term = _WORD | ((h ^ (h >> _SHIFT32)) & _HASH_BITS)
            out[n] = term
            n += 1
            if titled:
                out[n] = term | _TITLE
                n += 1
            h = _U64(0)
            power = _U64(1)
            in_word = False
        if kind == 1:
            wide = _U64(low)
            if low < 0x10000:
                direct[m] = low
                m += 1
                if titled:
                    direct[m] = low + 0x10000
                    m += 1
            else:
                out[n] = wide
                n += 1
                if titled:
                    out[n] = wide | _TITLE
                    n += 1
            if prev_han:
                pair = (prev << _SHIFT21) | wide
                out[n] = pair
                n += 1
                if titled:
                    out[n] = pair | _TITLE
                    n += 1
            prev = wide
            prev_han = True
        else:
            prev_han = False
    return n, m, at, chars


@numba.njit(cache=True)
def _grow_table(table: Any, shift: int) -> Any:
    """The table with twice the hash slots (``shift`` is the new one's); the direct entries
    are copied as they are."""
    slots = (table.size - _DIRECT) >> 1
    grown = np.full(_DIRECT + 4 * slots, _EMPTY, dtype=np.uint64)
    grown[:_DIRECT] = table[:_DIRECT]
    mask = 2 * slots - 1
    for slot in range(slots):
        term = table[_DIRECT + 2 * slot]
        if term != _EMPTY:
            at = np.int64((term * _MULTIPLIER) >> _U64(shift))
            while grown[_DIRECT + 2 * at] != _EMPTY:
                at = (at + 1) & mask
            grown[_DIRECT + 2 * at] = term
            grown[_DIRECT + 2 * at + 1] = table[_DIRECT + 2 * slot + 1]
    return grown


@numba.njit(cache=True)
def collect(title_data: Any, title_offsets: Any, body_data: Any, body_offsets: Any, facet_offsets: Any,
            facet_terms: Any, lower: Any, classes: Any) -> tuple[Any, ...]:
    """Terms of documents ``0 … n-1``: document ``d`` is its facet terms
    ``facet_terms[facet_offsets[d]:facet_offsets[d+1]]``, its title (UTF-8 bytes between two
    offsets; its terms also with the TITLE flag) and its body.

    Returns (terms, df, pairs, pair_offsets, utf16, utf16_offsets, body_chars): ``terms[id]``
    and its document count ``df[id]``; ``pairs[pair_offsets[d]:pair_offsets[d+1]]`` the ids of
    document ``d``'s distinct terms; the UTF-16 code units of ``title + "\\n" + body`` of
    document ``d`` at ``utf16[utf16_offsets[d]:utf16_offsets[d+1]]``; the body's length.

    Each term gets an id the first time it occurs. ``table`` holds its entry ``id << 32 | the
    last document that showed it`` (one cache line answers both "which id" and "seen here
    yet"): first the entries of single BMP characters and of the same in titles (no hashing),
    then the slots of an open-addressing hash table (term, entry), load at most 1/2, a slot
    from a multiplicative hash's top bits. Everything is in this one function, on one table:
    helpers taking arrays, even an array variable rebound in the loop, cost reference counting.
    """
    n = title_offsets.size - 1
    bits = 16
    table = np.full(_DIRECT + (2 << bits), _EMPTY, dtype=np.uint64)
    terms = np.empty(1 << 16, dtype=np.uint64)
    count = 0
    # Room for about one pair per two bytes of text (~0.3 is usual): growing by copies would
    # touch every page twice; pages never written are never mapped.
    pairs = np.empty((title_offsets[n] - title_offsets[0] + body_offsets[n] - body_offsets[0]) // 2 + (1 << 16),
                     dtype=np.int32)
    made = 0
    pair_offsets = np.zeros(n + 1, dtype=np.int64)
    utf16 = np.empty(title_offsets[n] - title_offsets[0] + body_offsets[n] - body_offsets[0] + n, dtype=np.uint16)
    utf16_offsets = np.zeros(n + 1, dtype=np.int64)
    body_chars = np.zeros(n, dtype=np.int32)
    tokens = np.empty(1 << 16, dtype=np.uint64)
    places = np.empty(2 << 16, dtype=np.int64)
    firsts = np.empty(1 << 16, dtype=np.uint64)
    at = 0
    for d in range(n):
        doc = _U64(d)
        facets = facet_offsets[d + 1] - facet_offsets[d]
        # At most this many terms in this document (a byte is at most a character).
        bound = facets + 4 * (title_offsets[d + 1] - title_offsets[d]) + 2 * (body_offsets[d + 1] - body_offsets[d]) + 4
        if bound > tokens.size:
            tokens = np.empty(2 * bound, dtype=np.uint64)
            places = np.empty(4 * bound, dtype=np.int64)
            firsts = np.empty(2 * bound, dtype=np.uint64)
        while 2 * (count + bound) > ((table.size - _DIRECT) >> 1):
            bits += 1
            table = _grow_table(table, 64 - bits)
        if count + bound > terms.size:
            more = np.empty(max(2 * terms.size, count + bound), dtype=np.uint64)
            more[:count] = terms[:count]
            terms = more
        if made + bound > pairs.size:
            grown = np.empty(max(2 * pairs.size, made + bound), dtype=np.int32)
            grown[:made] = pairs[:made]
            pairs = grown
        tokens[:facets] = facet_terms[facet_offsets[d]:facet_offsets[d + 1]]
        utf16_offsets[d] = at
        k, m, at, _ = _tokens(title_data, title_offsets[d], title_offsets[d + 1], True, lower, classes,
                              tokens, facets, places, 0, utf16, at)
        utf16[at] = 10  # "\n": title and body are one text for matching and confirming
        at += 1
        k, m, at, body_chars[d] = _tokens(body_data, body_offsets[d], body_offsets[d + 1], False, lower, classes,
                                          tokens, k, places, m, utf16, at)
        pair_offsets[d] = made
        # The places of hashed terms: first their first slots (a pass of independent loads, so
        # the CPU overlaps their cache misses), then the probing, which mostly stops there.
        shift = _U64(64 - bits)
        mask = ((table.size - _DIRECT) >> 1) - 1
        for j in range(k):
            slot = np.int64((tokens[j] * _MULTIPLIER) >> shift)
            places[m + j] = slot
            firsts[j] = table[_DIRECT + 2 * slot]
        for j in range(k):
            term = tokens[j]
            slot = places[m + j]
            found = firsts[j]
            if found == _EMPTY:  # it may have been filled since, by this document
                found = table[_DIRECT + 2 * slot]
            while found != term and found != _EMPTY:
                slot = (slot + 1) & mask
                found = table[_DIRECT + 2 * slot]
            if found == _EMPTY:
                table[_DIRECT + 2 * slot] = term
            places[m + j] = _DIRECT + 2 * slot + 1
        # Then one pass over every place: a new term gets the next id; a pair is recorded
        # unless the entry says this document showed the term already (branch-free: which way
        # that goes is a coin toss for the CPU).
        for j in range(m + k):
            where = places[j]
            entry = table[where]
            if entry == _EMPTY:
                terms[count] = _U64(where) if j < m and where < 0x10000 else (
                    _U64(where - 0x10000) | _TITLE if j < m else table[where - 1])
                entry = (_U64(count) << _SHIFT32) | _LOW32
                count += 1
            pairs[made] = np.int32(entry >> _SHIFT32)
            made += (entry & _LOW32) != doc
            table[where] = (entry & _HIGH32) | doc
    pair_offsets[n] = made
    utf16_offsets[n] = at
    df = np.zeros(count, dtype=np.int32)
    for j in range(made):
        df[pairs[j]] += 1
    return terms[:count].copy(), df, pairs[:made], pair_offsets, utf16[:at], utf16_offsets, body_chars


@numba.njit(cache=True, inline="always")
def _put(out: Any, at: int, value: Any, width: int) -> None:
    """``value`` as ``width`` little-endian bytes at ``out[at:]``."""
    for k in range(width):
        out[at + k] = (value >> _U64(8 * k)) & _U64(0xFF)


@numba.njit(cache=True)
def fill(terms: Any, df: Any, bucket: Any, buckets: int, pairs: Any, pair_offsets: Any,
         size: int) -> tuple[Any, Any]:
    """The bucket blobs of a segment of ``size`` documents, concatenated, and where each starts.

    A bucket blob: ``n`` (u32), its terms ascending (u64 each), ``n + 1`` offsets into the
    posting data (u32), then each term's posting list as :func:`query.postings.encode`
    writes it (a kind byte, then 16-bit document offsets or a bitmap of the segment).
    """
    count = terms.size
    bitmap_bytes = (size + 7) // 8
    dense = 2 * df > bitmap_bytes
    counts = np.zeros(buckets, dtype=np.int64)
    payload = np.zeros(buckets, dtype=np.int64)
    for i in range(count):
        counts[bucket[i]] += 1
        payload[bucket[i]] += 1 + (bitmap_bytes if dense[i] else 2 * df[i])
    starts = np.zeros(buckets + 1, dtype=np.int64)
    for b in range(buckets):
        blob = 4 + 12 * counts[b] + 4 + payload[b] if counts[b] else 0
        starts[b + 1] = starts[b] + blob
    out = np.zeros(starts[buckets], dtype=np.uint8)
    order = np.argsort(terms)  # terms ascending within each bucket
    seen = np.zeros(buckets, dtype=np.int64)
    written = np.zeros(buckets, dtype=np.int64)
    where = np.empty(count, dtype=np.int64)
    for k in range(count):
        i = order[k]
        b = bucket[i]
        j = seen[b]
        seen[b] += 1
        head = starts[b]
        n = counts[b]
        _put(out, head + 4 + 8 * j, terms[i], 8)
        _put(out, head + 4 + 8 * n + 4 * j, _U64(written[b]), 4)
        data = head + 4 + 12 * n + 4 + written[b]
        out[data] = 1 if dense[i] else 0
        where[i] = data + 1
        written[b] += 1 + (bitmap_bytes if dense[i] else 2 * df[i])
    for b in range(buckets):
        if counts[b]:
            _put(out, starts[b], _U64(counts[b]), 4)
            _put(out, starts[b] + 4 + 12 * counts[b], _U64(written[b]), 4)
    for d in range(size):
        for k in range(pair_offsets[d], pair_offsets[d + 1]):
            i = pairs[k]
            at = where[i]
            if dense[i]:
                out[at + (d >> 3)] |= 1 << (d & 7)
            else:
                out[at] = d & 0xFF
                out[at + 1] = d >> 8
                where[i] = at + 2
    return out, starts


def warm_up() -> None:
    """Compile (or load from the cache) both kernels on a tiny input."""
    data = np.frombuffer("地铁a1".encode(), dtype=np.uint8)
    offsets = np.array([0, data.size], dtype=np.int64)
    terms, df, pairs, pair_offsets, *_ = collect(data, offsets, data, offsets, np.zeros(2, dtype=np.int64),
                                                 np.zeros(0, dtype=np.uint64), LOWER, CLASSES)
    fill(terms, df, np.zeros(terms.size, dtype=np.int64), 1, pairs, pair_offsets, 1)


LOWER: npt.NDArray[np.uint32] = _LOWER
CLASSES: npt.NDArray[np.uint8] = _CLASS
