"""The Bloom filter of merged band keys: never misses a key in bands, lets few others through,
grows by rebuilding from bands."""

from __future__ import annotations

import sqlite3

import numpy as np

from pipelines.syndication.band_filter import SCHEMA, BandFilter


def _bands() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE bands (key INTEGER NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (key, rid)) WITHOUT ROWID")
    for statement in SCHEMA.split(";"):
        conn.execute(statement)
    return conn


def _merge(conn: sqlite3.Connection, held: BandFilter, keys: np.ndarray) -> BandFilter:
    conn.executemany("INSERT INTO bands VALUES (?, 1)", [(k,) for k in keys.tolist()])
    return held.add(conn, keys)


def test_every_merged_key_passes_and_few_others_across_a_rebuild() -> None:
    rng = np.random.default_rng(3)
    conn = _bands()
    held = BandFilter.load(conn)
    assert held.may_hold([1, 2, 3]) == []
    merged = [rng.integers(0, 1 << 47, 150_000, dtype=np.int64) for _ in range(2)]  # 300k > first capacity
    held = _merge(conn, held, merged[0])
    first_size = len(held.bits)
    held = _merge(conn, held, merged[1])
    assert len(held.bits) > first_size and held.keys == 300_000  # rebuilt larger from bands
    for chunk in merged:
        assert held.may_hold(chunk.tolist()) == chunk.tolist()
    absent = rng.integers(0, 1 << 47, 20_000, dtype=np.int64).tolist()
    assert len(held.may_hold(absent)) < 0.03 * len(absent)
    # what another process reads back is what the writer holds
    again = BandFilter.load(conn)
    assert again.keys == held.keys and bytes(again.bits) == bytes(held.bits)
