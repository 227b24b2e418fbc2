"""A Bloom filter of the band keys in the ``bands`` B-tree, kept in the index file.

Why: most band keys of a new article are in no posting list (only copies share keys), yet each
key looked up in the B-tree costs a seek, often onto a page out of the cache. Every process holds
the filter in memory (about 10 bits per merged posting) and asks the B-tree only for the keys the
filter may hold, usually none. It never answers "absent" for a key in ``bands``: it is extended in
the same transaction as every insert into ``bands`` (merges in postings.py), and read again by
every process after a merge. When it is full it is rebuilt, twice as large, from ``bands``.

It is a blocked Bloom filter: all probes of a key fall in one 64-byte block (one cache line), so
a lookup of an article's 24 keys misses the CPU cache 24 times rather than 24 × 7 (with other
processes sharing the cache those misses were most of a lookup's cost).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from core.sqlite import SqlConnection

SCHEMA = """
CREATE TABLE IF NOT EXISTS band_filter (
    id    INTEGER PRIMARY KEY CHECK (id = 0),
    keys  INTEGER NOT NULL,              -- postings added since it was (re)built
    bits  BLOB NOT NULL
);
INSERT OR IGNORE INTO band_filter VALUES (0, 0, zeroblob(262144))
"""
BITS_PER_KEY = 10  # with 7 probes in 512-bit blocks: ~1 % of absent keys pass
# Multiplicative hashing (the top bits of key × odd constant): the first picks the block, the
# others a bit in it.
_BLOCK = np.uint64(0x9E3779B97F4A7C15)
_PROBES = np.array([0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0x27D4EB2F165667C5,
                    0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53], dtype=np.uint64)
_IN_BLOCK = np.uint64(64 - 9)  # 512 bits: 8 words of 64
_WORD = np.uint64(6)
_BIT = np.uint64(63)
_ONE = np.uint64(1)


class BandFilter:
    """The filter as one process holds it."""

    def __init__(self, bits: npt.NDArray[np.uint8], keys: int) -> None:
        self.bits, self.keys = bits, keys
        self._words = bits.view("<u8")
        blocks = len(bits) // 64  # a power of two
        self._block_shift = np.uint64(64 - (blocks.bit_length() - 1))

    @classmethod
    def load(cls, conn: SqlConnection) -> BandFilter:
        keys, bits = conn.execute("SELECT keys, bits FROM band_filter").fetchone()
        return cls(np.frombuffer(bits, dtype=np.uint8), int(keys))

    @property
    def capacity(self) -> int:
        return len(self.bits) * 8 // BITS_PER_KEY

    def _probes(self, keys: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        """(word index, bit mask) of each probe of each key, shape (len(keys), 7)."""
        k = keys.astype(np.uint64)[:, None]
        bit = (k * _PROBES[None, :]) >> _IN_BLOCK
        words = (((k * _BLOCK) >> self._block_shift) << np.uint64(3)) + (bit >> _WORD)
        return words, _ONE << (bit & _BIT)

    def may_hold(self, keys: list[int]) -> list[int]:
        """The keys that may be in ``bands`` (every one that is, ~1 % of the others)."""
        words, masks = self._probes(np.array(keys, dtype=np.int64))
        present = ((self._words[words] & masks) != 0).all(axis=1)
        return [key for key, hit in zip(keys, present.tolist(), strict=True) if hit]

    def _set(self, keys: npt.NDArray[np.int64]) -> None:
        words, masks = self._probes(keys)
        np.bitwise_or.at(self._words, words.ravel(), masks.ravel())
        self.keys += len(keys)

    def add(self, conn: SqlConnection, keys: npt.NDArray[np.int64]) -> BandFilter:
        """In the write transaction that inserted ``keys`` into ``bands``: the filter with them,
        stored; rebuilt from ``bands`` when it would be over capacity."""
        if self.keys + len(keys) > self.capacity:
            return rebuild(conn, self.keys + len(keys))
        extended = BandFilter(self.bits.copy(), self.keys)
        extended._set(keys)
        return _store(conn, extended)


def rebuild(conn: SqlConnection, keys: int) -> BandFilter:
    """A filter of every key in ``bands`` with room for twice ``keys`` postings, stored."""
    size = 1 << 21
    while size // BITS_PER_KEY < 2 * keys:
        size *= 2
    built = BandFilter(np.zeros(size // 8, dtype=np.uint8), 0)
    cursor = conn.execute("SELECT key FROM bands")
    while rows := cursor.fetchmany(1 << 16):
        built._set(np.array(rows, dtype=np.int64).ravel())
    return _store(conn, built)


def _store(conn: SqlConnection, built: BandFilter) -> BandFilter:
    conn.execute("UPDATE band_filter SET keys = ?, bits = ?", (built.keys, built.bits.tobytes()))
    return built
